#include <fmt/format.h>

#include <istream>

#include "io/csv_households.hpp"
#include "io/json_lines_source.hpp"
#include "ssis/error.hpp"
#include "ssis/household_json.hpp"

namespace ssis {
namespace detail {

JsonLinesSource::JsonLinesSource(std::istream& input, const SourceOptions& options)
    : lines_(input, options.max_record_bytes), max_record_bytes_(options.max_record_bytes) {}

bool JsonLinesSource::next_line(JsonLine& out) {
  do {
    if (!lines_.next(line_)) return false;
  } while (!line_.too_long && is_blank(line_.text));
  out.number = line_.number;
  out.error.clear();
  out.text.clear();
  if (line_.too_long) out.error = fmt::format("line {}: record longer than {} bytes", line_.number, max_record_bytes_);
  else out.text.swap(line_.text);
  return true;
}

bool JsonLinesSource::next(SourceItem& item) {
  item = SourceItem{};
  JsonLine line;
  if (!next_line(line)) return false;
  item.line = line.number;
  item.error = std::move(line.error);
  if (!item.error.empty()) return true;
  try {
    item.household = parse_household_json(line.text, std::to_string(line.number));
  } catch (const InputError& e) {
    item.error = fmt::format("line {}: {}", line.number, e.what());
  }
  return true;
}

}  // namespace detail

std::unique_ptr<HouseholdSource> csv_source(std::istream& input, const Schema& schema, const SourceOptions& options) {
  return std::make_unique<detail::CsvHouseholdSource>(input, schema, options);
}

std::unique_ptr<HouseholdSource> json_lines_source(std::istream& input, const SourceOptions& options) {
  return std::make_unique<detail::JsonLinesSource>(input, options);
}

}  // namespace ssis
