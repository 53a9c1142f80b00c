#include "ssis/household.hpp"

#include <algorithm>

namespace ssis {

InputRecord& InputRecord::set(std::string name, InputValue value) {
  for (auto& [existing, current] : fields) {
    if (existing == name) {
      current = std::move(value);
      return *this;
    }
  }
  fields.emplace_back(std::move(name), std::move(value));
  return *this;
}

const InputValue* InputRecord::find(std::string_view name) const {
  for (const auto& [existing, value] : fields)
    if (existing == name) return &value;
  return nullptr;
}

InputRecord& InputRecord::date(std::string name, Date date) {
  for (auto& [existing, current] : as_of) {
    if (existing == name) {
      current = date;
      return *this;
    }
  }
  as_of.emplace_back(std::move(name), date);
  return *this;
}

std::optional<Date> InputRecord::date_of(std::string_view name) const {
  for (const auto& [existing, date] : as_of)
    if (existing == name) return date;
  return as_of_default;
}

std::optional<Date> Household::member_date(std::size_t member, std::string_view name) const {
  const InputRecord& record = members[member];
  for (const auto& entries : {&record.as_of, &member_as_of})
    for (const auto& [existing, date] : *entries)
      if (existing == name) return date;
  return record.as_of_default ? record.as_of_default : as_of_default;
}

std::string add_as_of_entry(InputRecord& record, Household* household, std::string_view key, Date date) {
  constexpr std::string_view every_member = "members[].";
  if (key == "*") {
    record.as_of_default = date;
  } else if (household != nullptr && key.starts_with(every_member)) {
    household->member_as_of.emplace_back(key.substr(every_member.size()), date);
  } else if (key.starts_with("members[")) {
    return household != nullptr ? "a member field is dated as members[].FIELD here, or in the member's own as_of"
                                : "a member's as_of names its own fields";
  } else {
    record.date(std::string(key), date);
  }
  return {};
}

bool Household::dated() const {
  const auto record_dated = [](const InputRecord& r) { return r.as_of_default || !r.as_of.empty(); };
  return record_dated(*this) || !member_as_of.empty() || std::any_of(members.begin(), members.end(), record_dated);
}

}  // namespace ssis
