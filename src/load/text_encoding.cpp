#include "load/text_encoding.hpp"

#include <fmt/format.h>

#include "io/utf8.hpp"

namespace ssis::detail {

std::optional<EncodingProblem> find_encoding_problem(std::string_view text) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
    return EncodingProblem{0, "the file is UTF-16 (it starts with a UTF-16 byte order mark); rule files are UTF-8"};
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\0') return EncodingProblem{static_cast<std::uint32_t>(i), "NUL byte (U+0000); rule files are UTF-8 text"};
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0)
      return EncodingProblem{static_cast<std::uint32_t>(i),
                             fmt::format("invalid UTF-8 (byte 0x{:02X}); rule files are UTF-8 text",
                                         static_cast<unsigned char>(text[i]))};
    i += length;
  }
  return std::nullopt;
}

std::string printable_utf8(std::string_view text) {
  std::string out;
  for (const char c : replace_invalid_utf8(text)) {
    if (c == '\0') out += "\xEF\xBF\xBD";  // U+FFFD
    else out += c;
  }
  return out;
}

}  // namespace ssis::detail
