#include "python_values.hpp"

#include <datetime.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace py = pybind11;

namespace ssis::python {
namespace {

// Python types looked up once; deliberately leaked so they outlive module teardown.
struct PythonTypes {
  py::object decimal = py::module_::import("decimal").attr("Decimal");
  py::object numpy_bool = py::module_::import("numpy").attr("bool_");
  py::object numpy_integer = py::module_::import("numpy").attr("integer");
  py::object numpy_floating = py::module_::import("numpy").attr("floating");
  py::object numpy_datetime64 = py::module_::import("numpy").attr("datetime64");
  py::object pandas_na = py::module_::import("pandas").attr("NA");

  PythonTypes() {
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == nullptr) throw py::error_already_set();
  }
};

const PythonTypes& types() {
  static const PythonTypes* instance = new PythonTypes();
  return *instance;
}

std::string type_name(py::handle object) { return py::str(py::type::handle_of(object).attr("__name__")); }

InputValue decimal_input_value(py::handle object) {
  if (object.attr("is_nan")().cast<bool>()) return std::monostate{};
  if (!object.attr("is_finite")().cast<bool>()) throw ValueProblem(fmt::format("{} is not a finite number", py::str(object).cast<std::string>()));
  const std::string text = py::str(py::module_::import("builtins").attr("format")(object, "f"));
  if (auto value = Decimal::parse(text)) {
    if (auto whole = value->to_int()) return *whole;
    return *value;
  }
  throw ValueProblem(fmt::format("{} is not an exact decimal (at most 6 decimal places, |x| < 9.2e12)", text));
}

InputValue datetime_input_value(py::handle object) {
  const int year = PyDateTime_GET_YEAR(object.ptr());
  const int month = PyDateTime_GET_MONTH(object.ptr());
  const int day = PyDateTime_GET_DAY(object.ptr());
  if (PyDateTime_Check(object.ptr())) {
    const bool midnight = PyDateTime_DATE_GET_HOUR(object.ptr()) == 0 && PyDateTime_DATE_GET_MINUTE(object.ptr()) == 0 &&
                          PyDateTime_DATE_GET_SECOND(object.ptr()) == 0 && PyDateTime_DATE_GET_MICROSECOND(object.ptr()) == 0;
    if (!midnight) throw ValueProblem(fmt::format("{} has a time of day; give a date", py::str(object).cast<std::string>()));
  }
  if (auto date = Date::from_ymd(year, month, day)) return *date;
  throw ValueProblem(fmt::format("{} is outside the supported dates", py::str(object).cast<std::string>()));
}

}  // namespace

std::string text_of(py::handle str) {
  const auto bytes = py::reinterpret_steal<py::object>(PyUnicode_AsEncodedString(str.ptr(), "utf-8", "surrogatepass"));
  if (!bytes) throw py::error_already_set();
  return std::string(PyBytes_AS_STRING(bytes.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(bytes.ptr())));
}

InputValue float_input_value(double value) {
  if (std::isnan(value)) return std::monostate{};
  if (!std::isfinite(value)) throw ValueProblem(fmt::format("{} is not a finite number", value));
  if (value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) return static_cast<std::int64_t>(value);
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value);
  const std::string_view shortest(text, static_cast<std::size_t>(result.ptr - text));
  if (auto decimal = Decimal::parse(shortest)) return *decimal;
  throw ValueProblem(fmt::format("{} is not an exact decimal (at most 6 decimal places, |x| < 9.2e12)", shortest));
}

InputValue days_input_value(std::int64_t days) {
  if (days >= INT32_MIN && days <= INT32_MAX) {
    const Date date = Date::from_days(static_cast<std::int32_t>(days));
    if (date.year() >= 1 && date.year() <= 9999) return date;
  }
  throw ValueProblem("the date is outside years 1 to 9999");
}

InputValue to_input_value(py::handle object) {
  const PythonTypes& t = types();
  if (object.is_none() || object.is(t.pandas_na)) return std::monostate{};
  if (PyBool_Check(object.ptr()) || py::isinstance(object, t.numpy_bool)) return object.cast<bool>();
  if (PyLong_Check(object.ptr()) || py::isinstance(object, t.numpy_integer)) {
    int overflow = 0;
    const long long value = PyLong_AsLongLongAndOverflow(py::int_(py::reinterpret_borrow<py::object>(object)).ptr(), &overflow);
    if (overflow != 0) throw ValueProblem(fmt::format("{} is too large", py::str(object).cast<std::string>()));
    return static_cast<std::int64_t>(value);
  }
  if (PyFloat_Check(object.ptr()) || py::isinstance(object, t.numpy_floating)) return float_input_value(object.cast<double>());
  if (py::isinstance(object, t.decimal)) return decimal_input_value(object);
  if (PyDate_Check(object.ptr())) {
    // pandas' NaT is a datetime subclass standing for a missing date.
    if (object.attr("__class__").attr("__name__").cast<std::string>() == "NaTType") return std::monostate{};
    return datetime_input_value(object);
  }
  if (py::isinstance(object, t.numpy_datetime64)) {
    py::object days = object.attr("astype")("datetime64[D]");
    if (!days.equal(object)) throw ValueProblem(fmt::format("{} has a time of day; give a date", py::str(object).cast<std::string>()));
    if (py::module_::import("numpy").attr("isnat")(days).cast<bool>()) return std::monostate{};
    return days_input_value(days.attr("astype")("int64").cast<std::int64_t>());
  }
  if (PyUnicode_Check(object.ptr())) return text_of(object);
  throw ValueProblem(fmt::format("a value of type {} cannot be an input; use bool, int, str, decimal.Decimal or datetime.date",
                                 type_name(object)));
}

py::object to_python_decimal(Decimal value) { return types().decimal(value.to_string()); }

py::object to_python_date(Date date) {
  types();  // the datetime C API
  return py::reinterpret_steal<py::object>(PyDate_FromDate(date.year(), date.month(), date.day()));
}

py::object to_python_date(const std::optional<Date>& date) { return date ? to_python_date(*date) : py::none(); }

py::object to_python(const Value& value) {
  if (!value.known()) return py::none();
  switch (value.kind) {
    case ValueKind::boolean: return py::bool_(value.raw != 0);
    case ValueKind::integer: return py::int_(value.raw);
    case ValueKind::decimal:
    case ValueKind::money: return to_python_decimal(Decimal::from_raw(value.raw));
    case ValueKind::date: return to_python_date(Date::from_days(static_cast<std::int32_t>(value.raw)));
    case ValueKind::enumeration: return py::str(value.to_string());
  }
  return py::none();
}

}  // namespace ssis::python
