#include "io/csv_columns.hpp"

#include <charconv>

#include "io/utf8.hpp"
#include "load/scalar_guess.hpp"

namespace ssis::detail {
namespace {

bool is_null(std::string_view cell) { return cell.empty() || cell == "~" || cell == "null"; }

// The whole cell as an integer, as guess_scalar reads one.
std::optional<std::int64_t> whole_number(std::string_view cell) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc() || end != cell.data() + cell.size()) return std::nullopt;
  return value;
}

}  // namespace

CsvColumnBinder::CsvColumnBinder(const Schema& schema, const CsvHeader& header, Date evaluation_date)
    : schema_(schema), header_(header), evaluation_date_(evaluation_date) {
  auto readers = [&](Level level, const std::vector<std::size_t>& columns, std::vector<CellReader>& cells,
                     std::vector<Absent>& absent) {
    const std::vector<FieldInfo>& fields = level == Level::household ? schema.household_fields() : schema.member_fields();
    std::vector<bool> in_header(fields.size(), false);
    for (const std::size_t c : columns) {
      const auto f = static_cast<std::size_t>(schema.field_index(level, header.names[c]));
      in_header[f] = true;
      CellReader& reader = cells.emplace_back(CellReader{&fields[f], c, f, {}});
      if (fields[f].type.kind != ValueKind::enumeration) continue;
      const EnumInfo& info = schema.enums()[static_cast<std::size_t>(fields[f].type.enum_index)];
      // Only the names a cell gives as text: a value named "true" or "12" would be read as
      // a boolean or a number, and is left to the record path.
      for (std::size_t i = 0; i < info.values.size(); ++i)
        if (std::holds_alternative<std::string>(guess_scalar(info.values[i])) && info.find(info.values[i]) == static_cast<int>(i))
          reader.names.emplace_back(info.values[i], static_cast<std::int64_t>(i));
    }
    for (std::size_t f = 0; f < fields.size(); ++f) {
      if (in_header[f]) continue;
      Absent& field = absent.emplace_back(Absent{f, {}});
      if (fields[f].default_raw) field.value = {*fields[f].default_raw, Knowledge::known};
      else through_records_ = through_records_ || fields[f].required;
    }
  };
  readers(Level::household, header.household_columns, household_cells_, absent_household_fields_);
  readers(Level::member, header.member_columns, member_cells_, absent_member_fields_);
}

void CsvColumnBinder::bind(const CsvHouseholdRows& rows, std::size_t h, Block& block) {
  if (bind_directly(rows, h, block)) return;
  complete(block);  // bind_household appends to every column
  to_source_item(header_, rows, h, record_);
  bind_household(schema_, record_.household, {.evaluation_date = evaluation_date_}, block);
}

void CsvColumnBinder::complete(Block& block) const {
  auto fill = [](std::vector<Column>& columns, const std::vector<Absent>& absent, std::size_t rows) {
    for (const Absent& field : absent) {
      Column& column = columns[field.index];
      column.values.resize(rows, field.value.value);
      column.knowledge.resize(rows, field.value.knowledge);
    }
  };
  fill(block.household_fields, absent_household_fields_, block.households);
  fill(block.member_fields, absent_member_fields_, block.members);
}

// Binds the household when every value reads simply and checks out; false, leaving the
// block unchanged, for anything else.
bool CsvColumnBinder::bind_directly(const CsvHouseholdRows& rows, std::size_t h, Block& block) {
  const CsvHouseholdRows::Household& household = rows.household(h);
  if (through_records_ || invalid_utf8_offset(household.id) != std::string_view::npos) return false;
  member_rows_.clear();
  for (std::size_t row = household.first_row; row < household.first_row + household.rows; ++row) {
    for (const std::size_t c : header_.member_columns) {
      if (!rows.cell(row, c).empty()) {
        member_rows_.push_back(row);
        break;
      }
    }
  }
  if (member_rows_.empty() || member_rows_.size() > BindOptions{}.max_members) return false;
  household_values_.resize(household_cells_.size());
  for (std::size_t i = 0; i < household_cells_.size(); ++i)
    if (!read(household_cells_[i], rows.cell(household.first_row, household_cells_[i].column), household_values_[i])) return false;
  member_values_.resize(member_cells_.size() * member_rows_.size());
  BoundValue* value = member_values_.data();
  for (const std::size_t row : member_rows_)
    for (const CellReader& reader : member_cells_)
      if (!read(reader, rows.cell(row, reader.column), *value++)) return false;

  for (std::size_t i = 0; i < household_cells_.size(); ++i) {
    Column& column = block.household_fields[household_cells_[i].index];
    column.values.push_back(household_values_[i].value);
    column.knowledge.push_back(household_values_[i].knowledge);
  }
  for (std::size_t i = 0; i < member_cells_.size(); ++i) {
    Column& column = block.member_fields[member_cells_[i].index];
    for (std::size_t m = 0; m < member_rows_.size(); ++m) {
      const BoundValue& bound = member_values_[m * member_cells_.size() + i];
      column.values.push_back(bound.value);
      column.knowledge.push_back(bound.knowledge);
    }
  }
  add_household_rows(household.id, member_rows_.size(), block);
  return true;
}

// The value of one cell as bind_household would take it from guess_scalar(cell); false when
// that is not simple to tell or the value would be an error.
bool CsvColumnBinder::read(const CellReader& reader, std::string_view cell, BoundValue& out) const {
  const FieldInfo& field = *reader.field;
  if (is_null(cell)) {
    out = {};
    return !field.required;
  }
  std::int64_t raw = 0;
  switch (field.type.kind) {
    case ValueKind::boolean:
      if (cell != "true" && cell != "false") return false;
      raw = cell == "true" ? 1 : 0;
      break;
    case ValueKind::integer: {
      const auto whole = whole_number(cell);
      if (!whole) return false;
      raw = *whole;
      break;
    }
    case ValueKind::decimal:
    case ValueKind::money:
      if (const auto whole = whole_number(cell)) {
        const auto decimal = Decimal::from_int(*whole);
        if (!decimal) return false;
        raw = decimal->raw();
      } else if (const auto decimal = Decimal::parse(cell)) {
        raw = decimal->raw();
      } else {
        return false;
      }
      break;
    case ValueKind::date: {
      // A cell that is a date is neither a whole number nor a decimal ('-' inside it).
      const auto date = Date::parse(cell);
      if (!date) return false;
      raw = date->days();
      break;
    }
    case ValueKind::enumeration: {
      bool found = false;
      for (const auto& [name, index] : reader.names) {
        if (name == cell) {
          raw = index;
          found = true;
          break;
        }
      }
      if (!found) return false;
      break;
    }
  }
  if ((field.min_raw && raw < *field.min_raw) || (field.max_raw && raw > *field.max_raw)) return false;
  if (field.not_after_evaluation_date && raw > evaluation_date_.days()) return false;
  out = {raw, Knowledge::known};
  return true;
}

}  // namespace ssis::detail
