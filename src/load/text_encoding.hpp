#pragma once
// Rule files are UTF-8 text: a NUL byte or a byte sequence that is not UTF-8 is reported
// at its position before the YAML parser sees the file.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ssis::detail {

struct EncodingProblem {
  std::uint32_t offset = 0;  // byte offset of the first offending byte
  std::string message;
};

/// The first NUL byte or invalid UTF-8 sequence in `text`, if any.
std::optional<EncodingProblem> find_encoding_problem(std::string_view text);

/// `text` with each NUL byte and each byte outside a valid UTF-8 sequence replaced by
/// U+FFFD, so that a line shown in a diagnostic is UTF-8 text.
std::string printable_utf8(std::string_view text);

}  // namespace ssis::detail
