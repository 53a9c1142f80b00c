#pragma once
// Input text as it may appear in an error message: control characters, invisible
// characters (byte order mark, zero-width and direction marks) and bytes that are not UTF-8
// are shown escaped, byte by byte ("\xEF\xBB\xBF"), never raw.
#include <string>
#include <string_view>

namespace ssis::detail {

std::string printable(std::string_view text);

}  // namespace ssis::detail
