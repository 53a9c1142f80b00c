#pragma once
// JSON lines (one household object per line) as records, or as the text of their lines for
// run_batch to bind straight into columns (io/json_line_columns.hpp).
#include <istream>
#include <string>

#include "io/line_reader.hpp"
#include "ssis/batch.hpp"

namespace ssis::detail {

/// One line of the input that is not blank, not yet read as JSON.
struct JsonLine {
  std::string text;
  std::size_t number = 0;  ///< 1-based
  std::string error;       ///< as SourceItem::error: the line is longer than the limit
};

/// json_lines_source: see its description in ssis/batch.hpp.
class JsonLinesSource final : public HouseholdSource {
 public:
  JsonLinesSource(std::istream& input, const SourceOptions& options);

  bool next(SourceItem& item) override;
  /// The next line that is not blank, reusing `out`'s storage; false at the end of the input.
  bool next_line(JsonLine& out);

 private:
  LineReader lines_;
  std::size_t max_record_bytes_;
  Line line_;
};

}  // namespace ssis::detail
