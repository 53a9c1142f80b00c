#pragma once
// Batch input as columns: a households table and a members table linked by an id column,
// each a dict of columns: (values, codes, given) tuples as InputColumn takes them.
#include <pybind11/pybind11.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ssis/columns.hpp"
#include "ssis/error.hpp"
#include "ssis/household.hpp"
#include "ssis/schema.hpp"
#include "errors.hpp"
#include "input_column.hpp"

namespace ssis::python {

/// The households and members tables, checked against the schema and grouped by id.
class HouseholdTables {
 public:
  /// Throws CellError for an unknown column, a missing id column, columns of different
  /// lengths, a missing or repeated household id, or a member of no household.
  HouseholdTables(const Schema& schema, const pybind11::dict& households, const pybind11::dict& members, std::string id_column);

  std::size_t size() const { return ids_.size(); }
  /// Household `h` (its row in the households table) with its members. Throws CellError.
  Household household(std::size_t h) const;
  /// Every household, in that order.
  std::vector<Household> households() const;
  /// Every household as columns, in that order; a column's values are converted all at
  /// once, and one by one only where a cell needs a message. Throws CellError.
  HouseholdColumns columns(const RuleSet& rules) const;
  /// The cell that an InputError raised for household `h` refers to.
  CellError locate(std::size_t h, const InputError& error) const;

 private:
  std::string id_column_;
  std::vector<InputColumn> household_columns_;
  std::vector<InputColumn> member_columns_;
  std::vector<std::string> ids_;
  std::vector<std::size_t> member_rows_;     ///< the rows of the members table, households in order
  std::vector<std::size_t> member_offsets_;  ///< household h's members are member_rows_[offsets[h], offsets[h + 1])
  bool members_in_order_ = false;            ///< member_rows_ is 0, 1, 2, ...

  std::span<const std::size_t> members_of(std::size_t h) const;
};

}  // namespace ssis::python
