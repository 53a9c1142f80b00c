#pragma once
// One column of a batch input table: its cells one at a time as input values (the household
// records of the long layout, and every error message), or all at once as the raw values
// HouseholdColumns::set reads, without a Python object per cell.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ssis/household.hpp"
#include "ssis/schema.hpp"

namespace ssis::python {

/// A field's raw values (see ssis/columns.hpp), in the order they were asked for.
struct RawValues {
  std::span<const std::int64_t> in_place;  ///< the input array's own buffer, when it holds them as they are
  std::vector<std::int64_t> storage;       ///< else the values converted
  std::vector<std::uint8_t> given;         ///< 0 for a missing value; empty when every value is given

  std::span<const std::int64_t> values() const { return storage.empty() ? in_place : std::span<const std::int64_t>(storage); }
};

class InputColumn {
 public:
  /// `values`: a 1-D bool, int64, float64, datetime64[D] or object array. `codes` (a pandas
  /// Categorical's): cell r is values[codes[r]], or missing for a negative code. `given` (a
  /// mask): cell r is missing where it is false. Throws CellError for a column that is not
  /// 1-D, has an unsupported dtype or parts of different lengths.
  InputColumn(std::string table, std::string name, pybind11::array values, std::optional<pybind11::array> codes = std::nullopt,
              std::optional<pybind11::array> given = std::nullopt);
  const std::string& name() const { return name_; }
  std::size_t size() const;
  /// The cell as an input value; NaN, NaT, None and pandas' NA are null. Throws CellError. Needs the GIL.
  InputValue at(std::size_t row) const;
  /// An int64 column without codes or mask: its values, in place.
  std::optional<std::span<const std::int64_t>> int64_values() const;

  /// The raw values of `field` for the cells `rows` (every row in order when `rows` is
  /// empty), converted as the household records convert them: nullopt when a cell does not
  /// convert cleanly (a wrong type, an inexact number, an unknown enumeration value), so
  /// that the caller takes the cells one by one and reports the problem as before.
  /// Distinct texts and categories are converted once each. Needs the GIL.
  std::optional<RawValues> raw(const Schema& schema, const FieldInfo& field, std::span<const std::size_t> rows) const;

 private:
  std::string table_;
  std::string name_;
  pybind11::array values_;
  std::optional<pybind11::array_t<std::int64_t>> codes_;
  std::optional<pybind11::array_t<bool>> given_;
  char kind_;
};

}  // namespace ssis::python
