#pragma once
// JSON objects written member by member: `,"key":"text"` and `,"key":` for the answers and
// logs of the service.
#include <string>
#include <string_view>

#include "io/json.hpp"

namespace ssis::serve {

/// Appends `,"key":` (`{"key":` when `out` ends an object's opening brace).
inline void append_key(std::string& out, std::string_view key) {
  if (!out.empty() && out.back() != '{') out += ',';
  detail::append_json_string(out, key);
  out += ':';
}

/// Appends `,"key":"text"`, the text escaped.
inline void append_member(std::string& out, std::string_view key, std::string_view text) {
  append_key(out, key);
  detail::append_json_string(out, text);
}

}  // namespace ssis::serve
