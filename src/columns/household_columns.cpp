#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "columns/household_columns_data.hpp"
#include "io/utf8.hpp"
#include "model/rule_model.hpp"
#include "model/value_codec.hpp"
#include "ssis/error.hpp"

namespace ssis {
namespace {

// Why a raw value does not fit its field, or "" when it does.
std::string misfit(const Schema& schema, const FieldInfo& field, std::int64_t raw) {
  switch (field.type.kind) {
    case ValueKind::boolean:
      if (raw != 0 && raw != 1) return fmt::format("{} is not a boolean (0 or 1)", raw);
      break;
    case ValueKind::enumeration: {
      const std::size_t count = schema.enums()[static_cast<std::size_t>(field.type.enum_index)].values.size();
      if (raw < 0 || static_cast<std::uint64_t>(raw) >= count)
        return fmt::format("{} is not the index of a value of {} (0 to {})", raw, field.type_name, count - 1);
      break;
    }
    case ValueKind::date: {
      static const std::int64_t first = Date::from_ymd(1, 1, 1)->days();
      static const std::int64_t last = Date::from_ymd(9999, 12, 31)->days();
      if (raw < first || raw > last) return fmt::format("{} days since 1970-01-01 is not a date of the years 1 to 9999", raw);
      break;
    }
    default: break;
  }
  return detail::range_problem(field, raw);
}

// A field no value was given for: its default, else unknown.
void start_omitted(const FieldInfo& field, detail::Column& column, std::size_t rows) {
  column.values.assign(rows, field.default_raw.value_or(0));
  column.knowledge.assign(rows, field.default_raw ? Knowledge::known : Knowledge::unknown);
}

}  // namespace

HouseholdColumns::HouseholdColumns(const RuleSet& rules) : data_(std::make_unique<Data>(Data{rules, {}, {}})) {
  data_->block.reset(rules.schema());
}

HouseholdColumns::HouseholdColumns(const RuleSet& rules, std::span<const std::uint32_t> members_per_household)
    : HouseholdColumns(rules) {
  detail::Block& block = data_->block;
  for (const std::uint32_t count : members_per_household) {
    for (std::uint32_t m = 0; m < count; ++m) block.member_household.push_back(static_cast<std::uint32_t>(block.households));
    block.members += count;
    block.households += 1;
    block.member_offsets.push_back(static_cast<std::uint32_t>(block.members));
    block.dated_offsets.push_back(0);  // columns carry no dates
  }
  block.ids.assign(block.households, std::string());
  data_->problems.assign(block.households, std::string());
  for (std::size_t h = 0; h < block.households; ++h)
    if (members_per_household[h] == 0) data_->problems[h] = std::string("members: ") + detail::no_members_problem;
  const Schema& schema = rules.schema();
  for (std::size_t f = 0; f < schema.household_fields().size(); ++f)
    start_omitted(schema.household_fields()[f], block.household_fields[f], block.households);
  for (std::size_t f = 0; f < schema.member_fields().size(); ++f)
    start_omitted(schema.member_fields()[f], block.member_fields[f], block.members);
}

HouseholdColumns::~HouseholdColumns() = default;
HouseholdColumns::HouseholdColumns(HouseholdColumns&&) noexcept = default;
HouseholdColumns& HouseholdColumns::operator=(HouseholdColumns&&) noexcept = default;

std::size_t HouseholdColumns::households() const { return data_->block.households; }
std::size_t HouseholdColumns::members() const { return data_->block.members; }

void HouseholdColumns::append(const Household& household) {
  if (household.dated()) throw InputError("as_of", "the columnar engine does not read the dates of facts; evaluate the household with an Evaluator");
  detail::bind_household(data_->rules.schema(), household, {}, data_->block);
  data_->problems.emplace_back();
}

void HouseholdColumns::append(const Household& household, std::size_t copies) {
  if (copies == 0) return;
  // Member rows are counted in 32 bits (the offsets of each household's members).
  constexpr std::size_t most_rows = std::numeric_limits<std::uint32_t>::max();
  const std::size_t members_each = std::max<std::size_t>(household.members.size(), 1);
  if (copies > (most_rows - data_->block.members) / members_each || copies > most_rows - data_->block.households)
    throw std::length_error(fmt::format("{} copies of a household of {} members exceed {} member rows", copies,
                                        household.members.size(), most_rows));
  append(household);
  detail::Block& block = data_->block;
  const std::size_t last = block.households - 1;
  const std::size_t first_member = block.member_offsets[last];
  const std::size_t members = block.members - first_member;
  const std::size_t households = block.households + copies - 1;
  for (detail::Column& column : block.household_fields) {
    const std::int64_t value = column.values[last];
    const Knowledge knowledge = column.knowledge[last];
    column.values.resize(households, value);
    column.knowledge.resize(households, knowledge);
  }
  for (detail::Column& column : block.member_fields) {
    column.resize(first_member + copies * members);
    for (std::size_t c = 1; c < copies; ++c) {
      std::copy_n(column.values.begin() + static_cast<std::ptrdiff_t>(first_member), members,
                  column.values.begin() + static_cast<std::ptrdiff_t>(first_member + c * members));
      std::copy_n(column.knowledge.begin() + static_cast<std::ptrdiff_t>(first_member), members,
                  column.knowledge.begin() + static_cast<std::ptrdiff_t>(first_member + c * members));
    }
  }
  for (std::size_t h = block.households; h < households; ++h) {
    for (std::size_t m = 0; m < members; ++m) block.member_household.push_back(static_cast<std::uint32_t>(h));
    block.member_offsets.push_back(static_cast<std::uint32_t>(block.member_offsets.back() + members));
    block.dated_offsets.push_back(block.dated_offsets.back());  // a household with dated facts is refused above
  }
  const std::string id = block.ids[last];
  block.ids.resize(households, id);
  block.members += (copies - 1) * members;
  block.households = households;
  data_->problems.resize(households);
}

HouseholdColumns HouseholdColumns::select(std::span<const std::size_t> households) const {
  for (const std::size_t h : households)
    if (h >= data_->block.households)
      throw std::out_of_range(fmt::format("household {} of a table of {}", h, data_->block.households));
  HouseholdColumns out(data_->rules);
  detail::copy_households(*data_, households, nullptr, *out.data_);
  return out;
}

namespace detail {

void copy_households(const HouseholdColumns::Data& from, std::span<const std::size_t> households, const CopiedFields* fields,
                     HouseholdColumns::Data& to) {
  const Block& source = from.block;
  Block& block = to.block;
  block.households = 0;
  block.members = 0;
  block.member_household.clear();
  block.member_offsets.assign(1, 0);
  block.dated_offsets.assign(1, 0);
  block.ids.clear();
  to.problems.clear();
  for (const std::size_t h : households) {
    const std::uint32_t members = source.member_offsets[h + 1] - source.member_offsets[h];
    block.member_household.insert(block.member_household.end(), members, static_cast<std::uint32_t>(block.households));
    block.members += members;
    block.households += 1;
    block.member_offsets.push_back(static_cast<std::uint32_t>(block.members));
    block.dated_offsets.push_back(0);  // columns carry no dates
    block.ids.push_back(source.ids[h]);
    to.problems.push_back(from.problems[h]);
  }
  for (std::size_t f = 0; f < source.household_fields.size(); ++f) {
    Column& column = block.household_fields[f];
    if (fields != nullptr && fields->household[f] == 0) {
      column.resize(block.households);
      continue;
    }
    column.values.clear();
    column.knowledge.clear();
    for (const std::size_t h : households) {
      column.values.push_back(source.household_fields[f].values[h]);
      column.knowledge.push_back(source.household_fields[f].knowledge[h]);
    }
  }
  for (std::size_t f = 0; f < source.member_fields.size(); ++f) {
    Column& column = block.member_fields[f];
    if (fields != nullptr && fields->member[f] == 0) {
      column.resize(block.members);
      continue;
    }
    const Column& rows = source.member_fields[f];
    column.values.clear();
    column.knowledge.clear();
    for (const std::size_t h : households) {
      const auto first = static_cast<std::ptrdiff_t>(source.member_offsets[h]);
      const auto last = static_cast<std::ptrdiff_t>(source.member_offsets[h + 1]);
      column.values.insert(column.values.end(), rows.values.begin() + first, rows.values.begin() + last);
      column.knowledge.insert(column.knowledge.end(), rows.knowledge.begin() + first, rows.knowledge.begin() + last);
    }
  }
}

}  // namespace detail

// Fills field `name` row by row: `value(r, problem)` gives row r's raw value, nothing for
// a missing one, or a problem that makes the row's household an input error.
template <typename ValueOf>
void HouseholdColumns::fill(std::string_view name, std::size_t values, ValueOf value) {
  const Schema& schema = data_->rules.schema();
  detail::Block& block = data_->block;
  Level level = Level::household;
  int index = schema.field_index(Level::household, name);
  if (index < 0) {
    level = Level::member;
    index = schema.field_index(Level::member, name);
  }
  if (index < 0) throw InputError(std::string(name), "unknown field (see `ssis schema`)");
  const bool member = level == Level::member;
  const std::size_t rows = member ? block.members : block.households;
  if (values != rows)
    throw InputError(std::string(name), fmt::format("{} values for {} {}", values, rows, member ? "members" : "households"));
  const auto i = static_cast<std::size_t>(index);
  const FieldInfo& field = member ? schema.member_fields()[i] : schema.household_fields()[i];
  detail::Column& column = member ? block.member_fields[i] : block.household_fields[i];
  // The column is given: a value missing from it is unknown, whatever the field's default.
  column.values.assign(rows, 0);
  column.knowledge.assign(rows, Knowledge::unknown);
  std::string problem;
  for (std::size_t r = 0; r < rows; ++r) {
    problem.clear();
    const std::optional<std::int64_t> raw = value(r, problem);
    if (raw && problem.empty()) problem = misfit(schema, field, *raw);
    if (problem.empty()) {
      if (!raw) continue;
      column.values[r] = *raw;
      column.knowledge[r] = Knowledge::known;
      continue;
    }
    const std::size_t h = member ? block.member_household[r] : r;
    const int position = member ? static_cast<int>(r - block.member_offsets[h]) : -1;
    if (data_->problems[h].empty()) data_->problems[h] = detail::field_path(position, field.name) + ": " + problem;
  }
}

void HouseholdColumns::set(std::string_view name, std::span<const std::int64_t> raw, std::span<const std::uint8_t> given) {
  if (!given.empty() && given.size() != raw.size())
    throw InputError(std::string(name), fmt::format("{} given-flags for {} values", given.size(), raw.size()));
  fill(name, raw.size(), [&](std::size_t r, std::string&) -> std::optional<std::int64_t> {
    if (!given.empty() && given[r] == 0) return std::nullopt;
    return raw[r];
  });
}

void HouseholdColumns::set(std::string_view name, std::span<const InputValue> values) {
  const Schema& schema = data_->rules.schema();
  const FieldInfo* field = schema.find_field(Level::household, name);
  if (field == nullptr) field = schema.find_field(Level::member, name);
  fill(name, values.size(), [&](std::size_t r, std::string& problem) -> std::optional<std::int64_t> {
    if (std::holds_alternative<std::monostate>(values[r])) return std::nullopt;
    if (const auto* text = std::get_if<std::string>(&values[r])) {
      problem = detail::utf8_problem(*text);
      if (!problem.empty()) return std::nullopt;
    }
    return detail::raw_from_input(values[r], field->type, schema, problem);
  });
}

void HouseholdColumns::set_ids(std::vector<std::string> ids) {
  if (ids.size() != data_->block.households)
    throw InputError("ids", fmt::format("{} ids for {} households", ids.size(), data_->block.households));
  for (std::size_t h = 0; h < ids.size(); ++h)
    if (std::string invalid = detail::utf8_problem(ids[h]); !invalid.empty() && data_->problems[h].empty())
      data_->problems[h] = "id: " + invalid;
  data_->block.ids = std::move(ids);
}

const std::vector<std::string>& HouseholdColumns::ids() const { return data_->block.ids; }

}  // namespace ssis
