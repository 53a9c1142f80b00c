#include <istream>

#include "io/csv.hpp"
#include "io/outcome_csv.hpp"
#include "ssis/batch.hpp"
#include "ssis/error.hpp"

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
  // Only what ends with a line break was written in full.
  output.seekg(0, std::ios::end);
  const std::streamoff size = output.tellg();
  if (size <= 0) return {};
  output.seekg(size - 1);
  const bool terminated = output.get() == '\n';
  output.clear();
  output.seekg(0);

  const std::size_t programmes = rules.programmes().size();
  const std::size_t columns = layout == BatchLayout::long_rows ? 8 : 3 + 2 * programmes;
  detail::CsvReader reader(output);
  std::vector<std::string> fields;
  std::size_t line = 0;
  ResumePoint point;
  try {
    if (!reader.next(fields, line)) return {};
    std::string header;
    for (const auto& f : fields) header += (header.empty() ? "" : ",") + f;
    if (header != detail::outcome_csv_header(rules, layout)) return {};
    point.complete_bytes = static_cast<std::uintmax_t>(output.tellg());
    // A household is complete with its one error row, its one wide row, or all its long rows.
    std::size_t rows_in_group = 0;
    std::string group_id;
    std::size_t group_line = 0;
    while (reader.next(fields, line)) {
      const std::streamoff end = output.tellg() < 0 ? size : static_cast<std::streamoff>(output.tellg());
      if (fields.size() != columns || (end == size && !terminated)) break;
      const std::size_t row_line = line_of(fields);
      if (rows_in_group == 0 || fields[0] != group_id || row_line != group_line) {
        if (rows_in_group != 0) break;  // the previous household was cut short
        group_id = fields[0];
        group_line = row_line;
      }
      ++rows_in_group;
      const bool input_error = layout == BatchLayout::long_rows ? fields[3] == "input_error" : false;
      if (layout == BatchLayout::wide || input_error || rows_in_group == programmes) {
        point.complete_bytes = static_cast<std::uintmax_t>(end);
        point.households += 1;
        point.last_line = group_line;
        rows_in_group = 0;
      }
    }
  } catch (const InputError&) {
    // An unterminated quote: the prefix found so far stands.
  }
  return point;
}

}  // namespace ssis
