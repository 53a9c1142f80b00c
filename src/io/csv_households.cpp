#include "io/csv_households.hpp"

#include <fmt/format.h>

#include <map>

#include "io/utf8.hpp"
#include "load/scalar_guess.hpp"
#include "ssis/error.hpp"

namespace ssis::detail {
namespace {

// Whether two cells of a household field give the same value ("1" and "01" do).
bool same_value(std::string_view a, std::string_view b) { return a == b || guess_scalar(a) == guess_scalar(b); }

}  // namespace

void CsvHouseholdRows::clear() {
  households_.clear();
  row_count_ = 0;
}

void CsvHouseholdRows::add_row(CsvFields& cells) {
  if (row_count_ == rows_.size()) rows_.emplace_back();
  rows_[row_count_++].swap(cells);
  ++households_.back().rows;
}

void CsvHouseholdRows::drop_rows_of_last() {
  Household& last = households_.back();
  row_count_ = last.first_row;
  last.rows = 0;
}

void CsvHouseholdRows::remove_last() {
  drop_rows_of_last();
  households_.pop_back();
}

void to_source_item(const CsvHeader& header, const CsvHouseholdRows& rows, std::size_t h, SourceItem& item) {
  const CsvHouseholdRows::Household& household = rows.household(h);
  item = SourceItem{};
  item.household.id = household.id;
  item.line = household.line;
  item.first_seen_line = household.first_seen_line;
  item.out_of_order = household.out_of_order;
  item.error = household.error;
  if (!item.error.empty()) return;
  for (std::size_t c : header.household_columns)
    item.household.set(header.names[c], guess_scalar(rows.cell(household.first_row, c)));
  for (std::size_t row = household.first_row; row < household.first_row + household.rows; ++row) {
    bool any_member_value = false;
    for (std::size_t c : header.member_columns) any_member_value = any_member_value || !rows.cell(row, c).empty();
    if (!any_member_value) continue;  // a row of household fields only adds no member
    InputRecord& member = item.household.add_member();
    for (std::size_t c : header.member_columns) member.set(header.names[c], guess_scalar(rows.cell(row, c)));
  }
}

CsvHouseholdSource::CsvHouseholdSource(std::istream& input, const Schema& schema, const SourceOptions& options)
    : reader_(input, options.max_record_bytes), ids_in_order_(options.ids_in_order) {
  CsvRecord header;
  if (!reader_.next(header)) return;
  const int line = static_cast<int>(header.line);
  if (!header.error.empty()) throw InputError("", "header: " + header.error, line, 0);
  std::vector<std::string> names = std::move(header.fields);
  std::map<std::string_view, std::size_t> columns;
  std::optional<std::size_t> id_column;
  for (std::size_t c = 0; c < names.size(); ++c) {
    const std::string& name = names[c];
    const int column = static_cast<int>(c + 1);
    if (const auto [it, added] = columns.emplace(name, c); !added)
      throw InputError("", fmt::format("column '{}' appears twice: columns {} and {}", escaped(name), it->second + 1, c + 1), line,
                       column);
    if (name == "household_id") id_column = c;
    else if (schema.find_field(Level::household, name)) header_.household_columns.push_back(c);
    else if (schema.find_field(Level::member, name)) header_.member_columns.push_back(c);
    else
      throw InputError("", fmt::format("column {} '{}' is not a field of the schema (see `ssis schema`)", column, escaped(name)),
                       line, column);
  }
  if (!id_column) throw InputError("", "the header has no household_id column", line, 0);
  header_.id_column = *id_column;
  header_.names = std::move(names);
  reader_.keep_records_on_one_line();
}

bool CsvHouseholdSource::next(SourceItem& item) {
  one_.clear();
  if (!next_rows(one_)) return false;
  to_source_item(header_, one_, 0, item);
  return true;
}

bool CsvHouseholdSource::next_rows(CsvHouseholdRows& out) {
  const Row* first = peek(0);
  if (first == nullptr) return false;
  CsvHouseholdRows::Household& household = out.add_household();
  household.line = first->line;
  household.first_row = out.row_count_;
  if (!first->id) {  // a malformed row whose household cannot be told
    household.error = fmt::format("line {}: {}", first->line, first->error);
    pop_row();
    return true;
  }
  const std::string id = *first->id;
  household.id = id;
  if (ids_in_order_) {
    if (!increasing_.accept(id)) {
      household.out_of_order = true;
      household.error = fmt::format("line {}: household '{}' does not come after '{}', the household before it, and the ids were said "
                                    "to be in order: its rows may belong to a household read earlier",
                                    first->line, escaped(id), escaped(increasing_.last()));
    }
  } else if (const std::size_t earlier = seen_.insert(id, first->line); earlier != 0) {
    household.first_seen_line = earlier;
    household.error = fmt::format("line {}: the rows of household '{}' are not together: it was first seen at line {}, and the rows "
                                  "from there were read as a household of their own",
                                  first->line, escaped(id), earlier);
  }
  bool first_row = true;
  while (Row* row = peek(0)) {
    if (row->id ? *row->id != id : !next_row_belongs_to(id)) break;
    add_row(out, *row, first_row);
    first_row = false;
    pop_row();
  }
  return true;
}

// The row `index` places ahead, read when needed; null at the end of the input.
CsvHouseholdSource::Row* CsvHouseholdSource::peek(std::size_t index) {
  while (rows_.size() <= index) {
    if (header_.names.empty() || !reader_.next(record_)) return nullptr;
    Row& row = rows_.emplace_back();
    row.line = record_.line;
    row.error = std::move(record_.error);
    if (row.error.empty() && record_.fields.size() != header_.names.size())
      row.error = fmt::format("{} fields where the header has {}", record_.fields.size(), header_.names.size());
    if (header_.id_column < record_.fields.size()) row.id = std::string(record_.fields[header_.id_column]);
    row.cells.swap(record_.fields);
    record_.fields.swap(spare_cells_);
  }
  return &rows_[index];
}

// Drops the first row read ahead, keeping its cells' storage for a row to come.
void CsvHouseholdSource::pop_row() {
  spare_cells_.swap(rows_.front().cells);
  rows_.pop_front();
}

// A malformed row without a household id is part of the household being read when the
// row after it continues that household.
bool CsvHouseholdSource::next_row_belongs_to(const std::string& id) {
  const Row* after = peek(1);
  return after != nullptr && after->id && *after->id == id;
}

// Keeps the row's cells, or makes its household an input error: one error per household,
// its first.
void CsvHouseholdSource::add_row(CsvHouseholdRows& out, Row& row, bool first) {
  CsvHouseholdRows::Household& household = out.households_.back();
  if (!household.error.empty()) return;
  if (!row.error.empty()) {
    household.error = fmt::format("line {}: {}", row.line, row.error);
    out.drop_rows_of_last();
    return;
  }
  if (!first) {
    for (std::size_t c : header_.household_columns) {
      const std::string_view cell = row.cells[c];
      if (!cell.empty() && !same_value(out.cell(household.first_row, c), cell)) {
        household.error =
            fmt::format("line {}: household field '{}' differs from the household's first row", row.line, header_.names[c]);
        out.drop_rows_of_last();
        return;
      }
    }
  }
  out.add_row(row.cells);
}

}  // namespace ssis::detail
