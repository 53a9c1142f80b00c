#include <istream>

#include "io/csv.hpp"
#include "io/outcome_csv.hpp"
#include "ssis/batch.hpp"

namespace ssis {
namespace {

std::size_t line_of(const std::vector<std::string>& fields) {
  try {
    return fields.size() > 1 ? static_cast<std::size_t>(std::stoull(fields[1])) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

ResumePoint find_resume_point(std::istream& output, const RuleSet& rules, BatchLayout layout) {
  const std::size_t programmes = rules.programmes().size();
  const std::size_t columns = layout == BatchLayout::long_rows ? 8 : 3 + 2 * programmes;
  detail::CsvReader reader(output);
  detail::CsvRecord record;
  ResumePoint point;
  if (!reader.next(record) || !record.error.empty() || !record.terminated) return {};
  std::string header;
  for (const auto& f : record.fields) header += (header.empty() ? "" : ",") + f;
  if (header != detail::outcome_csv_header(rules, layout)) return {};
  point.complete_bytes = record.end_offset;
  // A household is complete with its one error row, its one wide row, or all its long rows;
  // only what ends with a line break was written in full.
  std::size_t rows_in_group = 0;
  std::string group_id;
  std::size_t group_line = 0;
  while (reader.next(record)) {
    const std::vector<std::string>& fields = record.fields;
    if (!record.error.empty() || !record.terminated || fields.size() != columns) break;
    const std::size_t row_line = line_of(fields);
    if (rows_in_group == 0 || fields[0] != group_id || row_line != group_line) {
      if (rows_in_group != 0) break;  // the previous household was cut short
      group_id = fields[0];
      group_line = row_line;
    }
    ++rows_in_group;
    const bool input_error = layout == BatchLayout::long_rows ? fields[3] == "input_error" : false;
    if (layout == BatchLayout::wide || input_error || rows_in_group == programmes) {
      point.complete_bytes = record.end_offset;
      point.households += 1;
      point.last_line = group_line;
      rows_in_group = 0;
    }
  }
  return point;
}

}  // namespace ssis
