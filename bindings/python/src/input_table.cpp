#include "input_table.hpp"

#include <fmt/format.h>

#include <charconv>
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
    py::array array = py::array::ensure(value);
    if (!array) throw CellError(table, name, std::nullopt, "is not an array");
    InputColumn column(table, name, std::move(array));
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

InputColumn::InputColumn(std::string table, std::string name, py::array array)
    : table_(std::move(table)), name_(std::move(name)), array_(std::move(array)), kind_(array_.dtype().kind()) {
  if (array_.ndim() != 1) throw CellError(table_, name_, std::nullopt, "must be one-dimensional");
  const std::string dtype = py::str(array_.dtype());
  const bool supported = kind_ == 'b' || kind_ == 'O' || (kind_ == 'i' && array_.itemsize() == 8) ||
                         (kind_ == 'f' && array_.itemsize() == 8) || (kind_ == 'M' && dtype == "datetime64[D]");
  if (!supported) throw CellError(table_, name_, std::nullopt, fmt::format("has the unsupported dtype {}", dtype));
}

InputValue InputColumn::at(std::size_t row) const {
  const void* cell = array_.data(static_cast<py::ssize_t>(row));
  try {
    switch (kind_) {
      case 'b': return *static_cast<const bool*>(cell);
      case 'i': return *static_cast<const std::int64_t*>(cell);
      case 'f': return float_input_value(*static_cast<const double*>(cell));
      case 'M': {
        const std::int64_t days = *static_cast<const std::int64_t*>(cell);
        if (days == INT64_MIN) return std::monostate{};  // NaT
        return days_input_value(days);
      }
      default: return to_input_value(*static_cast<PyObject* const*>(cell));
    }
  } catch (const ValueProblem& e) {
    throw CellError(table_, name_, row, e.what());
  }
}

HouseholdTables::HouseholdTables(const Schema& schema, const py::dict& households, const py::dict& members, std::string id_column)
    : id_column_(std::move(id_column)) {
  TableColumns h = read_columns(households, households_table, Level::household, schema, id_column_);
  TableColumns m = read_columns(members, members_table, Level::member, schema, id_column_);
  household_columns_ = std::move(h.fields);
  member_columns_ = std::move(m.fields);

  std::unordered_map<std::string, std::size_t> index;
  ids_.reserve(h.rows);
  for (std::size_t row = 0; row < h.rows; ++row) {
    std::string key = id_key(*h.ids, row, households_table);
    const auto [it, added] = index.emplace(key, row);
    if (!added) throw CellError(households_table, id_column_, row, fmt::format("the household id '{}' already appears in row {}", key, it->second));
    ids_.push_back(std::move(key));
  }
  member_rows_.resize(h.rows);
  for (std::size_t row = 0; row < m.rows; ++row) {
    const std::string key = id_key(*m.ids, row, members_table);
    const auto it = index.find(key);
    if (it == index.end()) throw CellError(members_table, id_column_, row, fmt::format("no household has the id '{}'", key));
    member_rows_[it->second].push_back(row);
  }
}

std::vector<Household> HouseholdTables::households() const {
  std::vector<Household> out;
  out.reserve(size());
  for (std::size_t h = 0; h < size(); ++h) out.push_back(household(h));
  return out;
}

HouseholdColumns HouseholdTables::columns(const RuleSet& rules) const {
  std::vector<std::uint32_t> members_per_household;
  members_per_household.reserve(size());
  for (const auto& rows : member_rows_) members_per_household.push_back(static_cast<std::uint32_t>(rows.size()));
  HouseholdColumns out(rules, members_per_household);
  out.set_ids(ids_);
  std::vector<InputValue> values;
  for (const auto& column : household_columns_) {
    values.clear();
    for (std::size_t h = 0; h < size(); ++h) values.push_back(column.at(h));
    out.set(column.name(), values);
  }
  for (const auto& column : member_columns_) {
    values.clear();
    for (const auto& rows : member_rows_)
      for (const std::size_t row : rows) values.push_back(column.at(row));
    out.set(column.name(), values);
  }
  return out;
}

Household HouseholdTables::household(std::size_t h) const {
  Household household;
  household.id = ids_[h];
  household.fields.reserve(household_columns_.size());
  for (const auto& column : household_columns_) household.fields.emplace_back(column.name(), column.at(h));
  household.members.resize(member_rows_[h].size());
  for (std::size_t m = 0; m < member_rows_[h].size(); ++m) {
    InputRecord& member = household.members[m];
    member.fields.reserve(member_columns_.size());
    for (const auto& column : member_columns_) member.fields.emplace_back(column.name(), column.at(member_rows_[h][m]));
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
    if (ec == std::errc() && rest.starts_with("].") && m < member_rows_[h].size())
      return CellError(members_table, std::string(rest.substr(2)), member_rows_[h][m], error.reason(), path);
  }
  if (path.empty() || path == "members") return CellError(households_table, id_column_, h, error.reason(), path);
  return CellError(households_table, path, h, error.reason(), path);
}

}  // namespace ssis::python
