#include <istream>

#include "io/csv.hpp"
#include "io/outcome_csv.hpp"
#include "io/programme_units.hpp"
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
  const std::size_t member_programmes = detail::member_programme_count(rules);
  // Long rows of a rule set with member programmes have a member cell after the programme:
  // each member's row comes before its household's row, which has the cell empty.
  const bool member_cell = member_programmes > 0;
  const std::size_t columns = layout == BatchLayout::long_rows ? (member_cell ? 9 : 8) : 3 + 2 * programmes + member_programmes;
  const std::size_t status_cell = member_cell ? 4 : 3;
  detail::CsvReader reader(output);
  detail::CsvRecord record;
  ResumePoint point;
  if (!reader.next(record) || !record.error.empty() || !record.terminated) return {};
  std::string header;
  for (const auto& f : record.fields) header += (header.empty() ? "" : ",") + f;
  if (header != detail::outcome_csv_header(rules, layout)) return {};
  point.complete_bytes = record.end_offset;
  // A household is complete with its one error row, its one wide row, or all its long rows
  // (a row per programme, after the rows of that programme's members); only what ends with a
  // line break was written in full.
  bool in_group = false;
  std::size_t programme_rows = 0;  // the household's rows with no member
  std::string group_id;
  std::size_t group_line = 0;
  while (reader.next(record)) {
    const std::vector<std::string>& fields = record.fields;
    if (!record.error.empty() || !record.terminated || fields.size() != columns) break;
    const std::size_t row_line = line_of(fields);
    if (!in_group || fields[0] != group_id || row_line != group_line) {
      if (in_group) break;  // the previous household was cut short
      in_group = true;
      group_id = fields[0];
      group_line = row_line;
    }
    const bool member_row = layout == BatchLayout::long_rows && member_cell && !fields[3].empty();
    if (!member_row) ++programme_rows;
    const bool input_error = layout == BatchLayout::long_rows && fields[status_cell] == "input_error";
    if (layout == BatchLayout::wide || input_error || programme_rows == programmes) {
      point.complete_bytes = record.end_offset;
      point.households += 1;
      point.last_line = group_line;
      in_group = false;
      programme_rows = 0;
    }
  }
  return point;
}

}  // namespace ssis
