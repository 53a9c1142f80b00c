#pragma once
// Scalars between Python and the engine: Python input objects to InputValue, engine
// values to Python objects (bool, int, decimal.Decimal, datetime.date, str, None).
#include <pybind11/pybind11.h>

#include <stdexcept>

#include "ssis/household.hpp"
#include "ssis/value.hpp"

namespace ssis::python {

/// A Python value that cannot be an input value; the message says why.
class ValueProblem : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// None, NaN, pandas' NA -> null; bool; int; float (its shortest decimal text, which must
/// fit 6 decimal places); decimal.Decimal; datetime.date (or a datetime at midnight); str.
/// Numpy scalars are accepted like their Python counterparts. Throws ValueProblem.
InputValue to_input_value(pybind11::handle object);
/// A str as UTF-8 bytes. Lone surrogates, which UTF-8 cannot hold, are kept as their
/// three bytes (not valid UTF-8), for the household's binding to reject with the field path.
std::string text_of(pybind11::handle str);
/// A float as an exact input: whole numbers as int, others by their shortest text.
InputValue float_input_value(double value);
/// Days since 1970-01-01 as an input date. Throws ValueProblem outside years 1..9999.
InputValue days_input_value(std::int64_t days);

/// A known value as bool/int/Decimal/date/str; None when unknown or an error.
pybind11::object to_python(const Value& value);
/// Exact decimal text ("1234.5") as decimal.Decimal.
pybind11::object to_python_decimal(Decimal value);
pybind11::object to_python_date(Date date);
pybind11::object to_python_date(const std::optional<Date>& date);

}  // namespace ssis::python
