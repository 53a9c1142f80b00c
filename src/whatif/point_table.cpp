#include "whatif/point_table.hpp"

#include <algorithm>

namespace ssis::detail {
namespace {

// What a record that leaves the field out stands for: its default, else an unknown value.
InputValue omitted(const Schema& schema, const FieldInfo& field) {
  if (!field.default_raw) return std::monostate{};
  const std::int64_t raw = *field.default_raw;
  switch (field.type.kind) {
    case ValueKind::boolean: return raw != 0;
    case ValueKind::integer: return raw;
    case ValueKind::decimal:
    case ValueKind::money: return Decimal::from_raw(raw);
    case ValueKind::date: return Date::from_days(static_cast<std::int32_t>(raw));
    case ValueKind::enumeration: return schema.enums()[static_cast<std::size_t>(field.type.enum_index)].values[static_cast<std::size_t>(raw)];
  }
  return std::monostate{};
}

const VariedInput* varied_at(const std::vector<VariedInput>& varied, int member, std::string_view field) {
  for (const VariedInput& v : varied)
    if (v.member == member && v.field == field) return &v;
  return nullptr;
}

}  // namespace

HouseholdColumns point_table(const RuleSet& rules, const Household& household, std::size_t points,
                             const std::vector<VariedInput>& varied) {
  HouseholdColumns(rules).append(household);  // the household's own problems, with their paths
  const std::size_t members = household.members.size();
  HouseholdColumns table(rules, std::vector<std::uint32_t>(points, static_cast<std::uint32_t>(members)));
  std::vector<InputValue> values;
  for (const FieldInfo& field : rules.schema().household_fields()) {
    const VariedInput* v = varied_at(varied, -1, field.name);
    const InputValue* given = household.find(field.name);
    if (!v && !given) continue;
    if (v) values = v->values;
    else values.assign(points, *given);
    table.set(field.name, values);
  }
  for (const FieldInfo& field : rules.schema().member_fields()) {
    bool any = false;
    for (std::size_t m = 0; m < members; ++m)
      any = any || household.members[m].find(field.name) || varied_at(varied, static_cast<int>(m), field.name);
    if (!any) continue;
    values.assign(points * members, std::monostate{});
    for (std::size_t m = 0; m < members; ++m) {
      const VariedInput* v = varied_at(varied, static_cast<int>(m), field.name);
      const InputValue* given = household.members[m].find(field.name);
      const InputValue same = given ? *given : omitted(rules.schema(), field);
      for (std::size_t p = 0; p < points; ++p) values[p * members + m] = v ? v->values[p] : same;
    }
    table.set(field.name, values);
  }
  return table;
}

}  // namespace ssis::detail
