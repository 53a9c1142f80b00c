#pragma once
// A small JSON reader that keeps what household input needs and general libraries drop:
// the exact text of numbers (money never passes through binary floating point) and the
// line and column of every value for error messages.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssis::detail {

struct JsonMember;

struct JsonValue {
  enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  std::string text;  // number as written, or string contents
  std::vector<JsonValue> items;
  std::vector<JsonMember> members;
  int line = 0;
  int column = 0;
};

struct JsonMember {
  std::string key;
  JsonValue value;
};

struct JsonLimits {
  int max_depth = 64;
  std::size_t max_bytes = 256u << 20;
};

/// Parses one JSON document. Throws InputError with the line and column of the problem.
JsonValue parse_json(std::string_view text, const JsonLimits& limits = {});

/// Appends `value` as a JSON string literal, escaped.
void append_json_string(std::string& out, std::string_view value);

/// Appends `value` as JSON without spaces, members in their order, numbers as written and
/// strings escaped as append_json_string does.
void append_compact_json(std::string& out, const JsonValue& value);

}  // namespace ssis::detail
