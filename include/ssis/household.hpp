#pragma once
/// A household as an application supplies it: named fields and a list of members.
/// Values are checked against the rule set's schema when the household is evaluated.
#include <cstdint>
#include <optional>
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
  /// The day each fact was true on (`as_of`, docs/audit.md "Facts with a date"), by field name; a given fact
  /// without an entry is dated `as_of_default` when that is set, else undated (current).
  std::vector<std::pair<std::string, Date>> as_of;
  std::optional<Date> as_of_default;
  /// Sets (or replaces) a field.
  InputRecord& set(std::string name, InputValue value);
  const InputValue* find(std::string_view name) const;
  /// Dates a field (or replaces its date).
  InputRecord& date(std::string name, Date as_of);
  /// The date of a given field: its own entry, else as_of_default, else nullopt.
  std::optional<Date> date_of(std::string_view name) const;
};

/// The household's own `as_of` entries name household fields; its `as_of_default` also
/// dates the members' facts that have no date of their own.
struct Household : InputRecord {
  std::string id;
  std::vector<InputRecord> members;
  /// Dates of a member field for every member (`"members[].FIELD"` in the household's `as_of`).
  std::vector<std::pair<std::string, Date>> member_as_of;
  InputRecord& add_member() { return members.emplace_back(); }
  /// The date of member `member`'s field `name`: the member's own entry, else the
  /// household's "members[].NAME" entry, else the member's default, else the household's.
  std::optional<Date> member_date(std::size_t member, std::string_view name) const;
  /// Whether it or a member has an `as_of` entry or default.
  bool dated() const;
};

/// Adds one entry of an input's `as_of` object to `record` (`household` is the household
/// when `record` is it, else null): "*" dates the facts no entry names, "members[].FIELD"
/// (on the household) a member field of every member, any other key a field of the record.
/// Returns "" or why the key is refused; field names are checked when the household is bound.
std::string add_as_of_entry(InputRecord& record, Household* household, std::string_view key, Date date);

}  // namespace ssis
