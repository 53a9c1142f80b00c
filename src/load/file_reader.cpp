#include "load/file_reader.hpp"

namespace ssis::detail {

// Maps each byte of a scalar's value to its byte in the file. Plain, quoted and block
// scalars fold line breaks and indentation; matching the value's visible characters
// against the source keeps positions exact for everything an author can point at.
void FileReader::map_offsets(std::uint32_t start, ExpressionText& out) const {
  const std::string& source = files_.text(file_);
  std::uint32_t p = start;
  if (p < source.size() && (source[p] == '"' || source[p] == '\'')) {
    ++p;
  } else if (p < source.size() && (source[p] == '|' || source[p] == '>')) {
    while (p < source.size() && source[p] != '\n') ++p;
    while (p < source.size() && (source[p] == '\n' || source[p] == ' ')) ++p;
  }
  out.offsets.reserve(out.text.size() + 1);
  for (const char c : out.text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      const std::uint32_t here = p;
      if (p < source.size() && source[p] == c) {
        ++p;
      } else {
        while (p < source.size() && (source[p] == ' ' || source[p] == '\n' || source[p] == '\r')) ++p;
      }
      out.offsets.push_back(here);
      continue;
    }
    std::uint32_t q = p;
    while (q < source.size() && source[q] != c &&
           (source[q] == ' ' || source[q] == '\n' || source[q] == '\r' || source[q] == '\\'))
      ++q;
    if (q < source.size() && source[q] == c) p = q;
    out.offsets.push_back(p);
    if (p < source.size()) ++p;
  }
  out.offsets.push_back(p);
}

}  // namespace ssis::detail
