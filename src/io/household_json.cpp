#include "ssis/household_json.hpp"

#include <fmt/format.h>

#include <charconv>

#include "io/json.hpp"
#include "ssis/error.hpp"

namespace ssis {
namespace {

using detail::JsonValue;

[[noreturn]] void fail(const JsonValue& at, const std::string& path, const std::string& message) {
  throw InputError(path, message, at.line, at.column);
}

InputValue scalar(const JsonValue& value, const std::string& path) {
  switch (value.kind) {
    case JsonValue::Kind::null: return std::monostate{};
    case JsonValue::Kind::boolean: return value.boolean;
    case JsonValue::Kind::string: return value.text;
    case JsonValue::Kind::number: {
      std::int64_t integer = 0;
      const char* begin = value.text.data();
      const char* end = begin + value.text.size();
      const auto [stop, ec] = std::from_chars(begin, end, integer);
      if (ec == std::errc() && stop == end) return integer;
      if (auto decimal = Decimal::parse(value.text)) return *decimal;
      constexpr std::size_t shown = 40;  // of a number of any length
      const std::string number = value.text.size() > shown ? value.text.substr(0, shown) + "..." : value.text;
      fail(value, path, fmt::format("number {} is not an exact decimal (at most 6 decimal places, no exponent, |x| < 9.2e12)", number));
    }
    default: fail(value, path, "expected a single value, not an object or array");
  }
}

Date date_at(const JsonValue& value, const std::string& path) {
  if (value.kind != JsonValue::Kind::string) fail(value, path, "a date must be a string \"YYYY-MM-DD\"");
  const auto date = Date::parse(value.text);
  if (!date) fail(value, path, fmt::format("'{}' is not a date (YYYY-MM-DD)", value.text));
  return *date;
}

// `as_of`: one date for every fact of the record, or an object of entries (add_as_of_entry).
void read_as_of(const JsonValue& value, const std::string& path, InputRecord& out, Household* household) {
  if (value.kind != JsonValue::Kind::object) {
    out.as_of_default = date_at(value, path);
    return;
  }
  for (const auto& [key, entry] : value.members) {
    const std::string entry_path = path + "." + key;
    if (std::string refused = add_as_of_entry(out, household, key, date_at(entry, entry_path)); !refused.empty())
      fail(entry, entry_path, refused);
  }
}

void read_record(const JsonValue& object, const std::string& prefix, InputRecord& out, Household* household) {
  for (const auto& [key, value] : object.members) {
    const std::string path = prefix + key;
    if (household != nullptr && key == "members") {
      if (value.kind != JsonValue::Kind::array) fail(value, path, "members must be an array of objects");
      for (std::size_t m = 0; m < value.items.size(); ++m) {
        const JsonValue& member = value.items[m];
        const std::string member_path = fmt::format("{}members[{}]", prefix, m);
        if (member.kind != JsonValue::Kind::object) fail(member, member_path, "each member must be an object");
        read_record(member, member_path + ".", household->add_member(), nullptr);
      }
      continue;
    }
    if (key == "as_of") {
      read_as_of(value, path, out, household);
      continue;
    }
    if (household != nullptr && key == "id") {
      if (value.kind == JsonValue::Kind::string || value.kind == JsonValue::Kind::number) household->id = value.text;
      else fail(value, path, "id must be a string or a number");
      continue;
    }
    out.fields.emplace_back(key, scalar(value, path));
  }
}

Household read_household(const JsonValue& object, const std::string& prefix) {
  if (object.kind != JsonValue::Kind::object) fail(object, prefix, "a household must be a JSON object");
  Household household;
  read_record(object, prefix.empty() ? "" : prefix + ".", household, &household);
  return household;
}

}  // namespace

Household parse_household_json(std::string_view text, std::string default_id) {
  Household household = read_household(detail::parse_json(text), "");
  if (household.id.empty()) household.id = std::move(default_id);
  return household;
}

std::vector<Household> parse_households_json(std::string_view text) {
  const JsonValue root = detail::parse_json(text);
  std::vector<Household> households;
  if (root.kind == JsonValue::Kind::array) {
    for (std::size_t i = 0; i < root.items.size(); ++i) {
      households.push_back(read_household(root.items[i], fmt::format("[{}]", i)));
      if (households.back().id.empty()) households.back().id = std::to_string(i + 1);
    }
  } else {
    households.push_back(read_household(root, ""));
    if (households.back().id.empty()) households.back().id = "1";
  }
  return households;
}

}  // namespace ssis
