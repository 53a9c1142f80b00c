#include "input_table.hpp"

#include <fmt/format.h>

#include <charconv>
#include <type_traits>
#include <unordered_map>

#include "python_values.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

constexpr const char* households_table = "households";
constexpr const char* members_table = "members";

std::string id_key(const InputColumn& column, std::size_t row, const std::string& table) {
  struct Visitor {
    std::string operator()(std::monostate) const { return {}; }
    std::string operator()(bool) const { return {}; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(Decimal d) const { return d.to_string(); }
    std::string operator()(Date d) const { return d.to_string(); }
    std::string operator()(const std::string& s) const { return s; }
  };
  std::string key = std::visit(Visitor{}, column.at(row));
  if (key.empty()) throw CellError(table, column.name(), row, "the household id is missing or not a str or an int");
  return key;
}

py::array array_of(const char* table, const std::string& name, py::handle value) {
  py::array array = py::array::ensure(value);
  if (!array) throw CellError(table, name, std::nullopt, "is not an array");
  return array;
}

// A column given as an array or as a (values, codes, given) tuple; codes and given may be None.
InputColumn input_column(const char* table, const std::string& name, py::handle value) {
  if (!py::isinstance<py::tuple>(value)) return InputColumn(table, name, array_of(table, name, value));
  const auto parts = py::reinterpret_borrow<py::tuple>(value);
  if (parts.size() != 3) throw CellError(table, name, std::nullopt, "must be an array or a (values, codes, given) tuple");
  auto optional_array = [&](py::handle part) { return part.is_none() ? std::nullopt : std::optional(array_of(table, name, part)); };
  return InputColumn(table, name, array_of(table, name, parts[0]), optional_array(parts[1]), optional_array(parts[2]));
}

// Sets one field of `out` from `column`'s cells `rows` (every row when empty): all at once
// where the cells convert cleanly, else one by one, so that a problem gets its message.
void set_field(HouseholdColumns& out, const Schema& schema, Level level, const InputColumn& column, std::span<const std::size_t> rows) {
  const FieldInfo& field = *schema.find_field(level, column.name());
  if (const auto raw = column.raw(schema, field, rows)) {
    out.set(column.name(), raw->values(), raw->given);
    return;
  }
  const std::size_t count = rows.empty() ? column.size() : rows.size();
  std::vector<InputValue> values;
  values.reserve(count);
  for (std::size_t i = 0; i < count; ++i) values.push_back(column.at(rows.empty() ? i : rows[i]));
  out.set(column.name(), values);
}

// The household ids as text, and the household (its row) of each member row.
struct Grouping {
  std::vector<std::string> ids;
  std::vector<std::size_t> household_of;
};

// Groups the member rows by the key of their id; throws CellError for a repeated household
// id or a member of no household.
template <typename HouseholdKey, typename MemberKey>
Grouping group_by_id(std::size_t households, std::size_t members, const std::string& id_column, HouseholdKey household_key,
                     MemberKey member_key) {
  using Key = std::decay_t<decltype(household_key(std::size_t{0}))>;
  std::unordered_map<Key, std::size_t> index;
  index.reserve(households);
  Grouping out;
  out.ids.reserve(households);
  for (std::size_t row = 0; row < households; ++row) {
    Key key = household_key(row);
    const auto [it, added] = index.emplace(key, row);
    if (!added) throw CellError(households_table, id_column, row, fmt::format("the household id '{}' already appears in row {}", key, it->second));
    out.ids.push_back(fmt::to_string(key));
  }
  out.household_of.resize(members);
  for (std::size_t row = 0; row < members; ++row) {
    const Key key = member_key(row);
    const auto it = index.find(key);
    if (it == index.end()) throw CellError(members_table, id_column, row, fmt::format("no household has the id '{}'", key));
    out.household_of[row] = it->second;
  }
  return out;
}

// The id column and the schema's fields of one table, all of one length.
struct TableColumns {
  std::optional<InputColumn> ids;
  std::vector<InputColumn> fields;
  std::size_t rows = 0;
};

TableColumns read_columns(const py::dict& columns, const char* table, Level level, const Schema& schema, const std::string& id_column) {
  TableColumns out;
  const Level other = level == Level::household ? Level::member : Level::household;
  for (const auto& [key, value] : columns) {
    const std::string name = py::str(key);
    InputColumn column = input_column(table, name, value);
    if (name == id_column) {
      out.ids = std::move(column);
      continue;
    }
    if (schema.find_field(level, name) == nullptr) {
      const bool elsewhere = schema.find_field(other, name) != nullptr;
      throw CellError(table, name, std::nullopt,
                      elsewhere ? fmt::format("is a {} field; it belongs in the {} table", level == Level::household ? "member" : "household",
                                              level == Level::household ? members_table : households_table)
                                : "is not a field of the schema (see RuleSet.schema)");
    }
    out.fields.push_back(std::move(column));
  }
  if (!out.ids) throw CellError(table, id_column, std::nullopt, "the id column is missing");
  out.rows = out.ids->size();
  for (const auto& c : out.fields)
    if (c.size() != out.rows) throw CellError(table, c.name(), std::nullopt, fmt::format("has {} rows where '{}' has {}", c.size(), id_column, out.rows));
  return out;
}

}  // namespace

HouseholdTables::HouseholdTables(const Schema& schema, const py::dict& households, const py::dict& members, std::string id_column)
    : id_column_(std::move(id_column)) {
  TableColumns h = read_columns(households, households_table, Level::household, schema, id_column_);
  TableColumns m = read_columns(members, members_table, Level::member, schema, id_column_);
  household_columns_ = std::move(h.fields);
  member_columns_ = std::move(m.fields);

  // Integer ids are compared as integers, without a text per row; others by their text.
  const auto household_keys = h.ids->int64_values();
  const auto member_keys = m.ids->int64_values();
  Grouping grouping = household_keys && member_keys
                          ? group_by_id(h.rows, m.rows, id_column_, [&](std::size_t row) { return (*household_keys)[row]; },
                                        [&](std::size_t row) { return (*member_keys)[row]; })
                          : group_by_id(h.rows, m.rows, id_column_, [&](std::size_t row) { return id_key(*h.ids, row, households_table); },
                                        [&](std::size_t row) { return id_key(*m.ids, row, members_table); });
  ids_ = std::move(grouping.ids);
  // The member rows sorted by household, each household's in table order.
  member_offsets_.assign(h.rows + 1, 0);
  for (const std::size_t household : grouping.household_of) ++member_offsets_[household + 1];
  for (std::size_t i = 1; i <= h.rows; ++i) member_offsets_[i] += member_offsets_[i - 1];
  std::vector<std::size_t> next(member_offsets_.begin(), member_offsets_.end() - 1);
  member_rows_.resize(m.rows);
  for (std::size_t row = 0; row < m.rows; ++row) member_rows_[next[grouping.household_of[row]]++] = row;
  members_in_order_ = true;
  for (std::size_t i = 0; i < m.rows && members_in_order_; ++i) members_in_order_ = member_rows_[i] == i;
}

std::span<const std::size_t> HouseholdTables::members_of(std::size_t h) const {
  return std::span<const std::size_t>(member_rows_).subspan(member_offsets_[h], member_offsets_[h + 1] - member_offsets_[h]);
}

std::vector<Household> HouseholdTables::households() const {
  std::vector<Household> out;
  out.reserve(size());
  for (std::size_t h = 0; h < size(); ++h) out.push_back(household(h));
  return out;
}

HouseholdColumns HouseholdTables::columns(const RuleSet& rules) const {
  std::vector<std::uint32_t> members_per_household(size());
  for (std::size_t h = 0; h < size(); ++h) members_per_household[h] = static_cast<std::uint32_t>(members_of(h).size());
  HouseholdColumns out(rules, members_per_household);
  out.set_ids(ids_);
  for (const auto& column : household_columns_) set_field(out, rules.schema(), Level::household, column, {});
  const std::span<const std::size_t> rows = members_in_order_ ? std::span<const std::size_t>() : member_rows_;
  for (const auto& column : member_columns_) set_field(out, rules.schema(), Level::member, column, rows);
  return out;
}

Household HouseholdTables::household(std::size_t h) const {
  Household household;
  household.id = ids_[h];
  household.fields.reserve(household_columns_.size());
  for (const auto& column : household_columns_) household.fields.emplace_back(column.name(), column.at(h));
  const std::span<const std::size_t> rows = members_of(h);
  household.members.resize(rows.size());
  for (std::size_t m = 0; m < rows.size(); ++m) {
    InputRecord& member = household.members[m];
    member.fields.reserve(member_columns_.size());
    for (const auto& column : member_columns_) member.fields.emplace_back(column.name(), column.at(rows[m]));
  }
  return household;
}

CellError HouseholdTables::locate(std::size_t h, const InputError& error) const {
  const std::string& path = error.path();
  constexpr std::string_view member_prefix = "members[";
  if (path.starts_with(member_prefix)) {
    std::size_t m = 0;
    const char* begin = path.data() + member_prefix.size();
    const auto [end, ec] = std::from_chars(begin, path.data() + path.size(), m);
    const std::string_view rest(end, static_cast<std::size_t>(path.data() + path.size() - end));
    if (ec == std::errc() && rest.starts_with("].") && m < members_of(h).size())
      return CellError(members_table, std::string(rest.substr(2)), members_of(h)[m], error.reason(), path);
  }
  if (path.empty() || path == "members") return CellError(households_table, id_column_, h, error.reason(), path);
  return CellError(households_table, path, h, error.reason(), path);
}

}  // namespace ssis::python
