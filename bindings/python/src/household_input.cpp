#include "household_input.hpp"

#include <fmt/format.h>

#include "python_values.hpp"
#include "ssis/error.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

Date date_of(py::handle value, const std::string& path) {
  InputValue input;
  try {
    input = to_input_value(value);
  } catch (const ValueProblem& e) {
    throw InputError(path, e.what());
  }
  if (const Date* date = std::get_if<Date>(&input)) return *date;
  if (const std::string* text = std::get_if<std::string>(&input))
    if (const auto date = Date::parse(*text)) return *date;
  throw InputError(path, "a date must be a datetime.date or a \"YYYY-MM-DD\" str");
}

// `as_of`: one date for every fact of the record, or a dict of entries (add_as_of_entry).
void read_as_of(py::handle value, const std::string& path, InputRecord& record, Household* household) {
  if (!PyDict_Check(value.ptr())) {
    record.as_of_default = date_of(value, path);
    return;
  }
  for (const auto& [key, entry] : py::reinterpret_borrow<py::dict>(value)) {
    if (!PyUnicode_Check(key.ptr())) throw InputError(path, fmt::format("as_of keys must be str, got {}", py::repr(key).cast<std::string>()));
    const std::string name = text_of(key);
    const std::string entry_path = path + "." + name;
    if (std::string refused = add_as_of_entry(record, household, name, date_of(entry, entry_path)); !refused.empty())
      throw InputError(entry_path, refused);
  }
}

void read_record(py::handle object, const std::string& prefix, InputRecord& record, Household* household) {
  if (!PyDict_Check(object.ptr()))
    throw InputError(prefix.empty() ? "" : prefix.substr(0, prefix.size() - 1),
                     fmt::format("expected a dict, got {}", py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>()));
  for (const auto& [key, value] : py::reinterpret_borrow<py::dict>(object)) {
    if (!PyUnicode_Check(key.ptr())) throw InputError(prefix, fmt::format("field names must be str, got {}", py::repr(key).cast<std::string>()));
    const std::string name = text_of(key);
    const std::string path = prefix + name;
    if (household != nullptr && name == "members") {
      if (!PyList_Check(value.ptr()) && !PyTuple_Check(value.ptr())) throw InputError(path, "members must be a list of dicts");
      const auto members = py::reinterpret_borrow<py::sequence>(value);
      for (std::size_t m = 0; m < members.size(); ++m)
        read_record(members[m], fmt::format("{}members[{}].", prefix, m), household->add_member(), nullptr);
      continue;
    }
    if (name == "as_of") {
      read_as_of(value, path, record, household);
      continue;
    }
    if (household != nullptr && name == "id") {
      if (PyUnicode_Check(value.ptr())) household->id = text_of(value);
      else if (PyLong_Check(value.ptr()) && !PyBool_Check(value.ptr())) household->id = py::str(value);
      else throw InputError(path, "id must be a str or an int");
      continue;
    }
    try {
      record.fields.emplace_back(name, to_input_value(value));
    } catch (const ValueProblem& e) {
      throw InputError(path, e.what());
    }
  }
}

}  // namespace

Household household_from_dict(py::handle object) {
  Household household;
  read_record(object, "", household, &household);
  return household;
}

}  // namespace ssis::python
