#include "load/text_encoding.hpp"

#include <fmt/format.h>

namespace ssis::detail {
namespace {

// Length of the UTF-8 sequence starting at `text[i]` if it is well formed (shortest form,
// no surrogates, at most U+10FFFF); 0 otherwise.
std::size_t valid_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
  const auto continuation = [&](std::size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
  const unsigned lead = byte(0);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned second = byte(1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)) return 0;  // overlong; surrogate
    return continuation(1) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned second = byte(1);
    if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) return 0;  // overlong; beyond U+10FFFF
    return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

}  // namespace

std::optional<EncodingProblem> find_encoding_problem(std::string_view text) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
    return EncodingProblem{0, "the file is UTF-16 (it starts with a UTF-16 byte order mark); rule files are UTF-8"};
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\0') return EncodingProblem{static_cast<std::uint32_t>(i), "NUL byte (U+0000); rule files are UTF-8 text"};
    const std::size_t length = valid_sequence_length(text, i);
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
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = text[i] == '\0' ? 0 : valid_sequence_length(text, i);
    if (length == 0) {
      out += replacement_character;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

}  // namespace ssis::detail
