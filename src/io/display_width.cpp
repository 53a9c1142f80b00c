#include "io/display_width.hpp"

#include <utf8proc.h>

#include "io/utf8.hpp"

namespace ssis::detail {
namespace {

// The character at `text[at]`: its length in bytes and the columns it takes.
struct Character {
  std::size_t bytes;
  std::size_t columns;
};

Character character_at(std::string_view text, std::size_t at) {
  const std::size_t length = utf8_sequence_length(text, at);
  if (length == 0) return {1, 1};
  utf8proc_int32_t code_point = 0;
  utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at), static_cast<utf8proc_ssize_t>(length),
                   &code_point);
  const int width = utf8proc_charwidth(code_point);
  return {length, static_cast<std::size_t>(width < 0 ? 0 : width)};
}

// The bytes of `text`'s beginning that take at most `width` columns.
std::size_t prefix_bytes(std::string_view text, std::size_t width) {
  std::size_t at = 0;
  std::size_t columns = 0;
  while (at < text.size()) {
    const Character c = character_at(text, at);
    if (columns + c.columns > width) break;
    columns += c.columns;
    at += c.bytes;
  }
  return at;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t columns = 0;
  for (std::size_t at = 0; at < text.size();) {
    const Character c = character_at(text, at);
    columns += c.columns;
    at += c.bytes;
  }
  return columns;
}

std::string pad_to_width(std::string_view text, std::size_t width) {
  const std::size_t columns = display_width(text);
  return std::string(text) + std::string(columns < width ? width - columns : 0, ' ');
}

std::string fit_to_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  return std::string(text.substr(0, prefix_bytes(text, width - 1))) + "…";
}

std::vector<std::string> wrap_to_width(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_columns = 0;
  const auto flush = [&] {
    lines.push_back(std::move(line));
    line.clear();
    line_columns = 0;
  };
  std::size_t at = 0;
  while (at < text.size()) {
    // The spaces before the next word: kept inside a line, dropped where it breaks.
    const std::size_t word_start = std::min(text.find_first_not_of(' ', at), text.size());
    const std::size_t gap = word_start - at;
    const std::size_t space = text.find(' ', word_start);
    std::string_view word = text.substr(word_start, space == std::string_view::npos ? std::string_view::npos : space - word_start);
    at = word_start + word.size();
    if (word.empty()) break;
    std::size_t columns = display_width(word);
    if (!line.empty() && line_columns + gap + columns > width) flush();
    while (columns > width) {  // a word longer than a line: as much of it as fits on each
      if (!line.empty()) flush();
      const std::size_t bytes = std::max<std::size_t>(prefix_bytes(word, width), character_at(word, 0).bytes);
      lines.emplace_back(word.substr(0, bytes));
      word.remove_prefix(bytes);
      columns = display_width(word);
    }
    if (word.empty()) continue;
    if (!line.empty()) {
      line.append(gap, ' ');
      line_columns += gap;
    }
    line += word;
    line_columns += columns;
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace ssis::detail
