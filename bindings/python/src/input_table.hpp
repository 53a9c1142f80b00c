#pragma once
// Batch input as columns: a households table and a members table, each a dict of 1-D
// numpy arrays (bool, int64, float64, datetime64[D] or object), linked by an id column.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

#include "ssis/columns.hpp"
#include "ssis/error.hpp"
#include "ssis/household.hpp"
#include "ssis/schema.hpp"
#include "errors.hpp"

namespace ssis::python {

/// One column of an input table; cells become InputValues on demand.
class InputColumn {
 public:
  /// Throws CellError for a column that is not 1-D or has an unsupported dtype.
  InputColumn(std::string table, std::string name, pybind11::array array);
  const std::string& name() const { return name_; }
  std::size_t size() const { return static_cast<std::size_t>(array_.shape(0)); }
  /// The cell as an input value; NaN, NaT and None are null. Throws CellError. Needs the GIL.
  InputValue at(std::size_t row) const;

 private:
  std::string table_;
  std::string name_;
  pybind11::array array_;
  char kind_;
};

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
  /// Every household as columns, in that order. Throws CellError.
  HouseholdColumns columns(const RuleSet& rules) const;
  /// The cell that an InputError raised for household `h` refers to.
  CellError locate(std::size_t h, const InputError& error) const;

 private:
  std::string id_column_;
  std::vector<InputColumn> household_columns_;
  std::vector<InputColumn> member_columns_;
  std::vector<std::string> ids_;
  std::vector<std::vector<std::size_t>> member_rows_;  ///< per household, its rows in the members table
};

}  // namespace ssis::python
