#include "eval/block.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "io/utf8.hpp"
#include "model/value_codec.hpp"
#include "ssis/error.hpp"

namespace ssis::detail {

std::string field_path(int member, std::string_view name) {
  return member < 0 ? std::string(name) : fmt::format("members[{}].{}", member, name);
}

std::string range_problem(const FieldInfo& field, std::int64_t raw) {
  auto shown = [&](std::int64_t r) { return Value{field.type.kind, Knowledge::known, r, nullptr}.to_string(); };
  if (field.min_raw && raw < *field.min_raw) return fmt::format("{} is below the minimum {}", shown(raw), shown(*field.min_raw));
  if (field.max_raw && raw > *field.max_raw) return fmt::format("{} is above the maximum {}", shown(raw), shown(*field.max_raw));
  return {};
}

std::string date_bound_problem(const FieldInfo& field, std::int64_t raw, Date evaluation_date) {
  if (!field.not_after_evaluation_date || raw <= evaluation_date.days()) return {};
  return fmt::format("{} is after the evaluation date {}", Date::from_days(static_cast<std::int32_t>(raw)).to_string(),
                     evaluation_date.to_string());
}

namespace {

// A field name as given, or quoted with escapes when it holds bytes a message must not show.
std::string shown_name(std::string_view name) {
  return escaped(name) == name ? std::string(name) : quoted(name);
}

// Checks that the input's `as_of` entries name fields of their level and are not after
// the evaluation date.
void check_dates(const Schema& schema, const Household& household, const BindOptions& options) {
  const auto check_date = [&](const std::string& path, Date date) {
    if (options.evaluation_date && date > *options.evaluation_date)
      throw InputError(path, fmt::format("{} is after the evaluation date {}", date.to_string(), options.evaluation_date->to_string()));
  };
  const auto check_record = [&](const std::vector<std::pair<std::string, Date>>& entries, const std::optional<Date>& fallback,
                                Level level, const std::string& prefix) {
    for (const auto& [name, date] : entries) {
      const std::string path = prefix + "." + shown_name(name);
      if (schema.field_index(level, name) < 0)
        throw InputError(path, level == Level::member ? "names no member field (see `ssis schema`)" : "names no household field (see `ssis schema`)");
      check_date(path, date);
    }
    if (fallback) check_date(prefix, *fallback);
  };
  check_record(household.as_of, household.as_of_default, Level::household, "as_of");
  check_record(household.member_as_of, std::nullopt, Level::member, "as_of.members[]");
  for (std::size_t m = 0; m < household.members.size(); ++m)
    check_record(household.members[m].as_of, household.members[m].as_of_default, Level::member, fmt::format("members[{}].as_of", m));
}

// Checks one record (the household when `member` is -1, else that member) and writes its
// values, field by field in schema order, to `out`, and the dates `date_of` gives its known
// facts to `dated`.
template <typename DateOf>
void bind_record(const Schema& schema, Level level, const InputRecord& record, int member, const BindOptions& options,
                 DateOf date_of, BoundValue* out, std::vector<char>& seen, std::vector<DatedFact>& dated) {
  const std::vector<FieldInfo>& fields = level == Level::member ? schema.member_fields() : schema.household_fields();
  std::fill(out, out + fields.size(), BoundValue{});
  seen.assign(fields.size(), 0);
  for (const auto& [name, value] : record.fields) {
    if (level == Level::household && name == "members") continue;
    const int index = schema.field_index(level, name);
    if (index < 0) {
      const Level other = level == Level::household ? Level::member : Level::household;
      const bool elsewhere = schema.field_index(other, name) >= 0;
      throw InputError(field_path(member, shown_name(name)),
                       elsewhere ? (other == Level::member ? "is a member field; put it inside an entry of members"
                                                           : "is a household field, not a member field")
                                 : "unknown field (see `ssis schema`)");
    }
    const auto i = static_cast<std::size_t>(index);
    if (seen[i]) throw InputError(field_path(member, name), "appears twice");
    seen[i] = 1;
    if (std::holds_alternative<std::monostate>(value)) continue;
    const FieldInfo& field = fields[i];
    if (const auto* text = std::get_if<std::string>(&value))
      if (std::string invalid = utf8_problem(*text); !invalid.empty()) throw InputError(field_path(member, name), invalid);
    std::string problem;
    auto raw = raw_from_input(value, field.type, schema, problem);
    if (!raw) throw InputError(field_path(member, name), problem);
    if (std::string outside = range_problem(field, *raw); !outside.empty()) throw InputError(field_path(member, name), outside);
    if (options.evaluation_date)
      if (std::string after = date_bound_problem(field, *raw, *options.evaluation_date); !after.empty())
        throw InputError(field_path(member, name), after);
    if (const std::optional<Date> as_of = date_of(name)) {
      if (options.known_on && *as_of > *options.known_on) continue;  // not known yet on that day
      dated.push_back({member, static_cast<std::uint32_t>(i), *as_of});
      if (options.stale_facts_unknown && options.evaluation_date && field.max_age &&
          field.max_age->exceeded(*as_of, *options.evaluation_date))
        continue;  // too old to count
    }
    out[i] = {*raw, Knowledge::known};
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (out[i].knowledge == Knowledge::known) continue;
    if (fields[i].default_raw && !seen[i]) {
      out[i] = {*fields[i].default_raw, Knowledge::known};
    } else if (fields[i].required) {
      throw InputError(field_path(member, fields[i].name), seen[i] ? "is required and cannot be null" : "is required but missing");
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
  dated.clear();
  dated_offsets.assign(1, 0);
  fields_of = nullptr;
  unknown_fields = nullptr;
  first_household_row = 0;
  first_member_row = 0;
}

void bind_household(const Schema& schema, const Household& household, const BindOptions& options, Block& block) {
  if (std::string invalid = utf8_problem(household.id); !invalid.empty()) throw InputError("id", invalid);
  if (household.members.size() > options.max_members)
    throw InputError("members", fmt::format("{} members exceed the limit of {}", household.members.size(), options.max_members));
  // Everything is checked into scratch space first, so an error leaves the block unchanged.
  const std::size_t household_width = schema.household_fields().size();
  const std::size_t member_width = schema.member_fields().size();
  block.bound_household.resize(household_width);
  block.bound_members.resize(member_width * household.members.size());
  block.bound_dated.clear();
  check_dates(schema, household, options);
  bind_record(schema, Level::household, household, -1, options, [&](std::string_view name) { return household.date_of(name); },
              block.bound_household.data(), block.bound_seen, block.bound_dated);
  if (household.members.empty()) throw InputError("members", no_members_problem);
  for (std::size_t m = 0; m < household.members.size(); ++m)
    bind_record(schema, Level::member, household.members[m], static_cast<int>(m), options,
                [&](std::string_view name) { return household.member_date(m, name); }, block.bound_members.data() + m * member_width,
                block.bound_seen, block.bound_dated);
  std::sort(block.bound_dated.begin(), block.bound_dated.end(),
            [](const DatedFact& a, const DatedFact& b) { return std::pair(a.member, a.field) < std::pair(b.member, b.field); });
  block.dated.insert(block.dated.end(), block.bound_dated.begin(), block.bound_dated.end());

  for (std::size_t f = 0; f < household_width; ++f) {
    block.household_fields[f].values.push_back(block.bound_household[f].value);
    block.household_fields[f].knowledge.push_back(block.bound_household[f].knowledge);
  }
  for (std::size_t m = 0; m < household.members.size(); ++m) {
    const BoundValue* values = block.bound_members.data() + m * member_width;
    for (std::size_t f = 0; f < member_width; ++f) {
      block.member_fields[f].values.push_back(values[f].value);
      block.member_fields[f].knowledge.push_back(values[f].knowledge);
    }
  }
  add_household_rows(household.id, household.members.size(), block);
}

void add_household_rows(std::string_view id, std::size_t members, Block& block) {
  block.member_household.insert(block.member_household.end(), members, static_cast<std::uint32_t>(block.households));
  block.ids.emplace_back(id);
  block.households += 1;
  block.members += members;
  block.member_offsets.push_back(static_cast<std::uint32_t>(block.members));
  block.dated_offsets.push_back(static_cast<std::uint32_t>(block.dated.size()));
}

void view_households(const Block& all, std::size_t first, std::size_t count, Block& out, const std::vector<char>* unknown_fields) {
  const std::uint32_t first_member = all.member_offsets[first];
  const std::uint32_t end_member = all.member_offsets[first + count];
  out.households = count;
  out.members = end_member - first_member;
  out.household_fields.clear();
  out.member_fields.clear();
  out.fields_of = &all;
  out.unknown_fields = unknown_fields;
  out.first_household_row = first;
  out.first_member_row = first_member;
  out.member_offsets.resize(count + 1);
  for (std::size_t h = 0; h <= count; ++h) out.member_offsets[h] = all.member_offsets[first + h] - first_member;
  out.member_household.resize(out.members);
  for (std::size_t m = 0; m < out.members; ++m)
    out.member_household[m] = all.member_household[first_member + m] - static_cast<std::uint32_t>(first);
  const std::uint32_t first_dated = all.dated_offsets[first];
  out.dated.assign(all.dated.begin() + first_dated, all.dated.begin() + all.dated_offsets[first + count]);
  out.dated_offsets.resize(count + 1);
  for (std::size_t h = 0; h <= count; ++h) out.dated_offsets[h] = all.dated_offsets[first + h] - first_dated;
  out.ids.clear();
}

namespace {

// A field's column of `block` (its own, or that of the block it views) and its first row there.
std::pair<const Column&, std::size_t> field_column(const Block& block, Level level, std::size_t field) {
  const Block& holder = block.fields_of != nullptr ? *block.fields_of : block;
  const bool member = level == Level::member;
  const Column& column = (member ? holder.member_fields : holder.household_fields)[field];
  const std::size_t first = block.fields_of == nullptr ? 0 : member ? block.first_member_row : block.first_household_row;
  return {column, first};
}

}  // namespace

ColumnView field_rows(const Block& block, Level level, std::size_t field) {
  const auto [column, first] = field_column(block, level, field);
  return {column.values.data() + first, column.knowledge.data() + first};
}

std::vector<char> fields_unknown_in_every_row(const Block& block, const std::vector<std::size_t>& household_fields,
                                              const std::vector<std::size_t>& member_fields) {
  std::vector<char> unknown(block.household_fields.size() + block.member_fields.size(), 0);
  const auto note = [&](std::size_t at, const Column& column, std::size_t rows) {
    unknown[at] = column.knowledge.size() >= rows && unknown_everywhere(column.knowledge.data(), rows);
  };
  for (const std::size_t f : household_fields) note(f, block.household_fields[f], block.households);
  for (const std::size_t f : member_fields) note(block.household_fields.size() + f, block.member_fields[f], block.members);
  return unknown;
}

bool field_unknown_everywhere(const Block& block, Level level, std::size_t field) {
  const auto [column, first] = field_column(block, level, field);
  if (block.unknown_fields != nullptr) {
    const std::size_t index = level == Level::member ? block.fields_of->household_fields.size() + field : field;
    if ((*block.unknown_fields)[index]) return true;
  }
  const std::size_t rows = level == Level::member ? block.members : block.households;
  if (column.knowledge.size() < first + rows) return false;
  return unknown_everywhere(column.knowledge.data() + first, rows);
}

}  // namespace ssis::detail
