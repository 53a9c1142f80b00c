#pragma once
// Physical lines from a stream, read in chunks: a line longer than the limit is flagged and
// the rest of it skipped, so that memory stays bounded whatever the input. Works on pipes.
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace ssis::detail {

struct Line {
  std::string text;               ///< without its line break; at most the limit's bytes
  std::size_t number = 0;         ///< 1-based
  std::uint64_t end_offset = 0;   ///< bytes of the input up to the end of the line, its line break included
  bool too_long = false;          ///< longer than the limit: `text` holds only its first bytes
  bool terminated = false;        ///< ended with a line break (the last line of an input may not)
};

class LineReader {
 public:
  /// A UTF-8 byte order mark at the start of the input is skipped.
  LineReader(std::istream& input, std::size_t max_line_bytes);
  /// False at the end of the input.
  bool next(Line& line);

 private:
  bool fill();

  std::istream& input_;
  std::size_t max_line_bytes_;
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t end_ = 0;
  std::uint64_t offset_ = 0;
  std::size_t number_ = 0;
};

/// Empty or only spaces, tabs and carriage returns.
bool is_blank(std::string_view text);

}  // namespace ssis::detail
