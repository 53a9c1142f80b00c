#pragma once
// RFC 4180 records from a stream, one at a time, with their line numbers.
#include <istream>
#include <string>
#include <vector>

namespace ssis::detail {

class CsvReader {
 public:
  explicit CsvReader(std::istream& input) : input_(input) {}
  /// False at the end of input. `line` is the record's first line. Throws InputError on an
  /// unterminated quote.
  bool next(std::vector<std::string>& fields, std::size_t& line);

 private:
  std::istream& input_;
  std::size_t line_ = 0;
};

/// Appends a field, quoted when it needs to be.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace ssis::detail
