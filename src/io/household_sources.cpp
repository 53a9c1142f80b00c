#include <fmt/format.h>

#include <istream>

#include "io/csv_households.hpp"
#include "io/line_reader.hpp"
#include "ssis/batch.hpp"
#include "ssis/error.hpp"
#include "ssis/household_json.hpp"

namespace ssis {
namespace {

class JsonLinesSource : public HouseholdSource {
 public:
  JsonLinesSource(std::istream& input, const SourceOptions& options)
      : lines_(input, options.max_record_bytes), max_record_bytes_(options.max_record_bytes) {}

  bool next(SourceItem& item) override {
    item = SourceItem{};
    do {
      if (!lines_.next(line_)) return false;
    } while (!line_.too_long && detail::is_blank(line_.text));
    item.line = line_.number;
    if (line_.too_long) {
      item.error = fmt::format("line {}: record longer than {} bytes", line_.number, max_record_bytes_);
      return true;
    }
    try {
      item.household = parse_household_json(line_.text, std::to_string(line_.number));
    } catch (const InputError& e) {
      item.error = fmt::format("line {}: {}", line_.number, e.what());
    }
    return true;
  }

 private:
  detail::LineReader lines_;
  std::size_t max_record_bytes_;
  detail::Line line_;
};

}  // namespace

std::unique_ptr<HouseholdSource> csv_source(std::istream& input, const Schema& schema, const SourceOptions& options) {
  return std::make_unique<detail::CsvHouseholdSource>(input, schema, options);
}

std::unique_ptr<HouseholdSource> json_lines_source(std::istream& input, const SourceOptions& options) {
  return std::make_unique<JsonLinesSource>(input, options);
}

}  // namespace ssis
