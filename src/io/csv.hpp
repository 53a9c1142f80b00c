#pragma once
// RFC 4180 records from a stream, one at a time, with their line numbers. A malformed record
// is returned as an error and reading goes on at the line after its first line, so one bad
// record never hides the records after it.
#include <cstdint>
#include <deque>
#include <istream>
#include <string>
#include <vector>

#include "io/line_reader.hpp"

namespace ssis::detail {

/// The fields of a record in one text, each followed by a separator byte.
class CsvFields {
 public:
  std::size_t size() const { return ends_.size(); }
  std::string_view operator[](std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1] + 1;
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  void clear() {
    text_.clear();
    ends_.clear();
  }
  /// Adds characters to the field being read.
  void append(std::string_view characters) { text_ += characters; }
  void end_field() {
    ends_.push_back(text_.size());
    text_ += ',';
  }
  void pop_back();
  /// The fields of a line without quotes: its text between commas, a carriage return ending
  /// it left out. Takes the line's text, leaving other storage in its place.
  void take_unquoted(std::string& line);
  void swap(CsvFields& other) noexcept {
    text_.swap(other.text_);
    ends_.swap(other.ends_);
  }

 private:
  std::string text_;
  std::vector<std::size_t> ends_;  // where each field ends in text_, at its separator
};

/// A record with its fields in one text.
struct CsvRow {
  /// The fields; for an error, those complete on its first line before the problem.
  CsvFields fields;
  std::size_t line = 0;          ///< the record's first line
  std::string error;             ///< non-empty: the record is malformed
  std::uint64_t end_offset = 0;  ///< bytes of the input up to the end of the record, its line break included
  bool terminated = false;       ///< ended with a line break
};

/// The same with each field a string.
struct CsvRecord {
  /// The fields; for an error, those complete on its first line before the problem.
  std::vector<std::string> fields;
  std::size_t line = 0;          ///< the record's first line
  std::string error;             ///< non-empty: the record is malformed
  std::uint64_t end_offset = 0;  ///< bytes of the input up to the end of the record, its line break included
  bool terminated = false;       ///< ended with a line break
};

/// Quoted fields may span lines. A record is at most `max_record_bytes` long (line breaks
/// inside it included); a longer one, or one whose quote is still open at the end of the
/// input, is an error at its first line. Blank lines (empty or only spaces, tabs and
/// carriage returns) between records are skipped. A UTF-8 byte order mark is skipped.
/// Memory: about twice `max_record_bytes` at most, for the lines read ahead while looking
/// for a closing quote (and about 56 bytes of bookkeeping for each of them). Time: linear
/// in the input, each line is scanned ahead at most once.
class CsvReader {
 public:
  static constexpr std::size_t default_max_record_bytes = std::size_t{1} << 20;

  explicit CsvReader(std::istream& input, std::size_t max_record_bytes = default_max_record_bytes);
  /// False at the end of the input.
  bool next(CsvRow& row);
  bool next(CsvRecord& record);
  std::size_t max_record_bytes() const { return max_record_bytes_; }
  /// From now on a record spanning several lines (a quoted field with a line break) is an
  /// error at its first line, and reading resumes at the line after it: for inputs whose
  /// fields never hold a line break, so that a stray quote closed by another stray quote
  /// lines later cannot swallow the rows between them.
  void keep_records_on_one_line() { one_line_records_ = true; }

 private:
  bool take_line(Line& line);
  void fail(CsvRow& row, const Line& first, std::string reason);

  LineReader lines_;
  std::size_t max_record_bytes_;
  bool one_line_records_ = false;
  Line first_line_;         // of the record being read; kept for its buffer
  std::deque<Line> ahead_;  // lines read while looking for the end of a quoted field
  // The first `continuing_lines_` lines of `ahead_` are known to lie inside a quoted field
  // (a quote open at their start is still open at their end); their bytes, line breaks included.
  std::size_t continuing_lines_ = 0;
  std::uint64_t continuing_bytes_ = 0;
  CsvRow row_;  // for next(CsvRecord&)
};

/// Appends a field, quoted when it needs to be.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace ssis::detail
