#include "eval/block.hpp"

#include <fmt/format.h>

#include "model/value_codec.hpp"
#include "ssis/error.hpp"

namespace ssis::detail {
namespace {

struct BoundValue {
  std::int64_t value = 0;
  Knowledge knowledge = Knowledge::unknown;
};

void bind_record(const Schema& schema, const std::vector<FieldInfo>& fields, const InputRecord& record,
                 const std::string& prefix, std::vector<BoundValue>& out, bool allow_members) {
  out.assign(fields.size(), BoundValue{});
  std::vector<bool> seen(fields.size(), false);
  for (const auto& [name, value] : record.fields) {
    if (allow_members && name == "members") continue;
    int index = -1;
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == name) index = static_cast<int>(i);
    if (index < 0) {
      const Level other = fields.empty() || fields[0].level == Level::household ? Level::member : Level::household;
      const bool elsewhere = schema.find_field(other, name) != nullptr;
      throw InputError(prefix + name, elsewhere ? (other == Level::member ? "is a member field; put it inside an entry of members"
                                                                           : "is a household field, not a member field")
                                                : "unknown field (see `ssis schema`)");
    }
    const auto i = static_cast<std::size_t>(index);
    if (seen[i]) throw InputError(prefix + name, "appears twice");
    seen[i] = true;
    if (std::holds_alternative<std::monostate>(value)) continue;
    const FieldInfo& field = fields[i];
    std::string problem;
    auto raw = raw_from_input(value, field.type, schema, problem);
    if (!raw) throw InputError(prefix + name, problem);
    auto shown = [&](std::int64_t r) { return Value{field.type.kind, Knowledge::known, r, nullptr}.to_string(); };
    if (field.min_raw && *raw < *field.min_raw)
      throw InputError(prefix + name, fmt::format("{} is below the minimum {}", shown(*raw), shown(*field.min_raw)));
    if (field.max_raw && *raw > *field.max_raw)
      throw InputError(prefix + name, fmt::format("{} is above the maximum {}", shown(*raw), shown(*field.max_raw)));
    out[i] = {*raw, Knowledge::known};
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (out[i].knowledge == Knowledge::known) continue;
    if (fields[i].default_raw) {
      out[i] = {*fields[i].default_raw, Knowledge::known};
    } else if (fields[i].required) {
      throw InputError(prefix + fields[i].name, seen[i] ? "is required and cannot be null" : "is required but missing");
    }
  }
}

}  // namespace

void Block::reset(const Schema& schema) {
  households = 0;
  members = 0;
  ids.clear();
  household_fields.resize(schema.household_fields().size());
  member_fields.resize(schema.member_fields().size());
  for (auto& c : household_fields) c.resize(0);
  for (auto& c : member_fields) c.resize(0);
  member_offsets.assign(1, 0);
  member_household.clear();
}

void bind_household(const Schema& schema, const Household& household, const BindLimits& limits, Block& block) {
  if (household.members.size() > limits.max_members)
    throw InputError("members", fmt::format("{} members exceed the limit of {}", household.members.size(), limits.max_members));
  std::vector<BoundValue> household_values;
  bind_record(schema, schema.household_fields(), household, "", household_values, true);
  std::vector<std::vector<BoundValue>> member_values(household.members.size());
  for (std::size_t m = 0; m < household.members.size(); ++m)
    bind_record(schema, schema.member_fields(), household.members[m], fmt::format("members[{}].", m), member_values[m], false);

  const auto h = static_cast<std::uint32_t>(block.households);
  for (std::size_t f = 0; f < household_values.size(); ++f) {
    block.household_fields[f].values.push_back(household_values[f].value);
    block.household_fields[f].knowledge.push_back(household_values[f].knowledge);
  }
  for (const auto& values : member_values) {
    for (std::size_t f = 0; f < values.size(); ++f) {
      block.member_fields[f].values.push_back(values[f].value);
      block.member_fields[f].knowledge.push_back(values[f].knowledge);
    }
    block.member_household.push_back(h);
  }
  block.ids.push_back(household.id);
  block.households += 1;
  block.members += household.members.size();
  block.member_offsets.push_back(static_cast<std::uint32_t>(block.members));
}

}  // namespace ssis::detail
