#include "whatif/household_income.hpp"

#include <fmt/format.h>

#include "ssis/error.hpp"

namespace ssis::detail {
namespace {

constexpr std::size_t household_level = static_cast<std::size_t>(-1);

std::string path_of(const FieldInfo& field, std::size_t member) {
  return member == household_level ? field.name : fmt::format("members[{}].{}", member, field.name);
}

// Adds a field's value to `sum`; false when it is given as unknown.
bool add_value(const FieldInfo& field, const InputRecord& record, std::size_t member, __int128& sum) {
  const InputValue* value = record.find(field.name);
  if (!value) {
    sum += field.default_raw.value_or(0);
    return true;
  }
  if (std::holds_alternative<std::monostate>(*value)) return false;
  if (const auto* decimal = std::get_if<Decimal>(value)) sum += decimal->raw();
  else if (const auto* whole = std::get_if<std::int64_t>(value)) sum += static_cast<__int128>(*whole) * Decimal::scale;
  else throw InputError(path_of(field, member), "an income must be a number");
  return true;
}

}  // namespace

HouseholdIncome::HouseholdIncome(const Schema& schema, const std::vector<std::string>& fields) {
  for (const std::string& name : fields) {
    const FieldInfo* field = schema.find_field(Level::household, name);
    if (!field) field = schema.find_field(Level::member, name);
    if (!field) throw InputError("--income", fmt::format("'{}' is not a field of the rule set", name));
    if (field->type.kind != ValueKind::money)
      throw InputError("--income", fmt::format("'{}' is of type {}, not money", name, field->type_name));
    fields_.push_back(field);
  }
}

IncomeOf HouseholdIncome::of(const Household& household) const {
  __int128 sum = 0;
  for (const FieldInfo* field : fields_) {
    if (field->level == Level::household) {
      if (!add_value(*field, household, household_level, sum)) return {std::nullopt, field->name};
      continue;
    }
    for (std::size_t m = 0; m < household.members.size(); ++m)
      if (!add_value(*field, household.members[m], m, sum)) return {std::nullopt, path_of(*field, m)};
  }
  if (sum > INT64_MAX || sum < INT64_MIN) throw InputError("--income", "the household's income exceeds the range of money");
  return {static_cast<std::int64_t>(sum), {}};
}

}  // namespace ssis::detail
