#include "household_input.hpp"

#include <fmt/format.h>

#include "python_values.hpp"
#include "ssis/error.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

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
