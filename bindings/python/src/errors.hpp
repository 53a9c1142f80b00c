#pragma once
// The exceptions the Python package raises: RuleError (a rule set that cannot be loaded)
// and InputError (a household or a cell of a batch table that does not fit the schema).
#include <pybind11/pybind11.h>

#include <optional>
#include <stdexcept>
#include <string>

namespace ssis::python {

/// A problem with one column (and usually one row) of a batch input table.
class CellError : public std::runtime_error {
 public:
  CellError(std::string table, std::string column, std::optional<std::size_t> row, std::string reason,
            std::string path = {});
  const std::string& table() const { return table_; }
  const std::string& column() const { return column_; }
  const std::optional<std::size_t>& row() const { return row_; }
  const std::string& reason() const { return reason_; }
  /// The field path inside the household ("members[1].birth_date") where it is known, else
  /// the column (a field name, or the id column).
  const std::string& path() const { return path_; }

 private:
  std::string table_;
  std::string column_;
  std::optional<std::size_t> row_;
  std::string reason_;
  std::string path_;
};

/// Registers ssis.RuleError, ssis.InputError, Diagnostic and the translation of
/// ssis::RuleError, ssis::InputError and CellError into them.
void bind_errors(pybind11::module_& module);

}  // namespace ssis::python
