#pragma once
// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF.
// Every text the library writes is valid UTF-8, so every text it reads is checked here.
#include <cstddef>
#include <string>
#include <string_view>

namespace ssis::detail {

/// The length of the valid UTF-8 sequence that starts at `text[at]`, or 0 when the bytes
/// there are not one (a stray continuation byte, a truncated or overlong sequence, a
/// surrogate, a code point above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

/// The offset of the first byte that does not begin a valid UTF-8 sequence, or npos.
std::size_t invalid_utf8_offset(std::string_view text);

/// Why `text` is not valid UTF-8 ("byte 0xFF at offset 3 is not valid UTF-8"), or "".
std::string utf8_problem(std::string_view text);

/// `text` for a message: control characters and characters that show nothing (zero-width
/// spaces, direction marks, U+FEFF, ...) are written as \u escapes and bytes that are not
/// valid UTF-8 as \x escapes, so the message shows no invisible characters and stays valid
/// UTF-8. Other text is unchanged.
std::string escaped(std::string_view text);
/// escaped(text) in double quotes.
std::string quoted(std::string_view text);
/// `text` with each byte that is not valid UTF-8 replaced by U+FFFD, for output that must
/// be valid UTF-8 even where it repeats input that was not.
std::string replace_invalid_utf8(std::string_view text);

}  // namespace ssis::detail
