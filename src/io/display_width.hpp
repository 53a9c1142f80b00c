#pragma once
// The columns a text takes in a terminal: East Asian wide characters (Hangul, CJK) take
// two, combining marks none (libutf8proc's widths). For laying out text output in columns.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ssis::detail {

/// The columns `text` takes; a byte that is not valid UTF-8 takes one.
std::size_t display_width(std::string_view text);
/// `text` followed by spaces up to `width` columns (unchanged when it is as wide already).
std::string pad_to_width(std::string_view text, std::size_t width);
/// `text`, or its beginning and "…" when it takes more than `width` columns (width >= 1).
std::string fit_to_width(std::string_view text, std::size_t width);
/// `text` broken into lines of at most `width` columns (width >= 1), at spaces where it can
/// be and inside a word longer than a line where it cannot.
std::vector<std::string> wrap_to_width(std::string_view text, std::size_t width);

}  // namespace ssis::detail
