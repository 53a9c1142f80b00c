#include "errors.hpp"

#include <fmt/format.h>

#include "ssis/error.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

// Owned for the life of the interpreter (exception types are never unloaded).
PyObject* rule_error_type = nullptr;
PyObject* input_error_type = nullptr;

std::string describe_cell(const std::string& table, const std::string& column, const std::optional<std::size_t>& row,
                          const std::string& reason) {
  if (row) return fmt::format("{} row {}, column '{}': {}", table, *row, column, reason);
  return fmt::format("{} column '{}': {}", table, column, reason);
}

void raise(PyObject* type, const std::string& message, const py::dict& attributes) {
  py::object error = py::reinterpret_borrow<py::object>(type)(message);
  for (const auto& [name, value] : attributes) py::setattr(error, name, value);
  PyErr_SetObject(type, error.ptr());
}

py::object optional_text(const std::string& text) { return text.empty() ? py::none() : py::object(py::str(text)); }

void translate(std::exception_ptr pointer) {
  try {
    if (pointer) std::rethrow_exception(pointer);
  } catch (const RuleError& e) {
    py::list diagnostics;
    for (const auto& d : e.diagnostics()) diagnostics.append(py::cast(d));
    raise(rule_error_type, e.what(), py::dict(py::arg("diagnostics") = diagnostics));
  } catch (const CellError& e) {
    raise(input_error_type, e.what(),
          py::dict(py::arg("path") = optional_text(e.path()), py::arg("reason") = e.reason(), py::arg("table") = e.table(),
                   py::arg("column") = e.column(), py::arg("row") = e.row() ? py::object(py::int_(*e.row())) : py::none()));
  } catch (const InputError& e) {
    raise(input_error_type, e.what(),
          py::dict(py::arg("path") = optional_text(e.path()), py::arg("reason") = e.reason(), py::arg("table") = py::none(),
                   py::arg("column") = py::none(), py::arg("row") = py::none()));
  }
}

}  // namespace

CellError::CellError(std::string table, std::string column, std::optional<std::size_t> row, std::string reason, std::string path)
    : std::runtime_error(describe_cell(table, column, row, reason)),
      table_(std::move(table)),
      column_(std::move(column)),
      row_(row),
      reason_(std::move(reason)),
      path_(path.empty() ? column_ : std::move(path)) {}

void bind_errors(py::module_& module) {
  py::class_<Diagnostic>(module, "Diagnostic", "One problem found while loading a rule set.")
      .def_property_readonly("code", [](const Diagnostic& d) { return code_text(d.code); }, "Stable code, e.g. 'E021'.")
      .def_property_readonly("name", [](const Diagnostic& d) { return std::string(code_name(d.code)); }, "e.g. 'unknown-name'.")
      .def_property_readonly("severity", [](const Diagnostic& d) { return d.severity == Severity::error ? "error" : "warning"; })
      .def_readonly("file", &Diagnostic::file, "Path of the rule file, or ''.")
      .def_readonly("line", &Diagnostic::line, "1-based line; 0 when the problem has no position.")
      .def_readonly("column", &Diagnostic::column, "1-based column.")
      .def_readonly("length", &Diagnostic::length, "Characters under the caret.")
      .def_readonly("message", &Diagnostic::message)
      .def_readonly("source_line", &Diagnostic::source_line, "The text of the line, for display.")
      .def("__str__", [](const Diagnostic& d) { return format(d); })
      .def("__repr__", [](const Diagnostic& d) {
        return fmt::format("<Diagnostic {} {}:{}:{}: {}>", code_text(d.code), d.file, d.line, d.column, d.message);
      });

  rule_error_type = PyErr_NewExceptionWithDoc(
      "ssis.RuleError",
      "A rule set that cannot be loaded. `diagnostics` lists every problem (code, file, line, column, "
      "message); str() is the formatted report with the source lines.",
      PyExc_Exception, nullptr);
  input_error_type = PyErr_NewExceptionWithDoc(
      "ssis.InputError",
      "Household input that does not fit the rule set's schema. `path` names the field "
      "('members[1].birth_date'; for a whole column of a batch table, the column), `reason` says what is wrong; "
      "for batch tables `table` "
      "('households' or 'members'), `column` and `row` (0-based position) locate the cell.",
      PyExc_ValueError, nullptr);
  if (rule_error_type == nullptr || input_error_type == nullptr) throw py::error_already_set();
  module.add_object("RuleError", py::handle(rule_error_type));
  module.add_object("InputError", py::handle(input_error_type));
  py::register_exception_translator(translate);
}

}  // namespace ssis::python
