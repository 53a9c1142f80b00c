#include "io/utf8.hpp"

#include <fmt/format.h>

namespace ssis::detail {

std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;  // the range of the second byte, narrowed where the first
  unsigned char high = 0xBF; // byte alone would allow overlong forms or surrogates
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() - at < length) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  return length;
}

std::size_t invalid_utf8_offset(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      ++at;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, at);
    if (length == 0) return at;
    at += length;
  }
  return std::string_view::npos;
}

std::string utf8_problem(std::string_view text) {
  const std::size_t at = invalid_utf8_offset(text);
  if (at == std::string_view::npos) return {};
  return fmt::format("byte 0x{:02X} at offset {} is not valid UTF-8", static_cast<unsigned char>(text[at]), at);
}

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\u{:04X}", c);
      ++at;
      continue;
    }
    const std::size_t length = c < 0x80 ? 1 : utf8_sequence_length(text, at);
    if (length == 0) {
      out += fmt::format("\\x{:02X}", c);
      ++at;
      continue;
    }
    if (text.substr(at, length) == "\xEF\xBB\xBF") out += "\\uFEFF";
    else out += text.substr(at, length);
    at += length;
  }
  return out;
}

std::string quoted(std::string_view text) { return fmt::format("\"{}\"", escaped(text)); }

std::string replace_invalid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = utf8_sequence_length(text, at);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++at;
      continue;
    }
    out += text.substr(at, length);
    at += length;
  }
  return out;
}

}  // namespace ssis::detail
