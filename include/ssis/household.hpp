#pragma once
/// A household as an application supplies it: named fields and a list of members.
/// Values are checked against the rule set's schema when the household is evaluated.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ssis/date.hpp"
#include "ssis/decimal.hpp"

namespace ssis {

/// A raw input value. Strings name enumeration values or carry "YYYY-MM-DD" dates;
/// std::monostate is an explicit null (the fact is not known).
using InputValue = std::variant<std::monostate, bool, std::int64_t, Decimal, Date, std::string>;

struct InputRecord {
  std::vector<std::pair<std::string, InputValue>> fields;
  /// Sets (or replaces) a field.
  InputRecord& set(std::string name, InputValue value);
  const InputValue* find(std::string_view name) const;
};

struct Household : InputRecord {
  std::string id;
  std::vector<InputRecord> members;
  InputRecord& add_member() { return members.emplace_back(); }
};

}  // namespace ssis
