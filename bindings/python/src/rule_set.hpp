#pragma once
// The loaded rule set as the Python package sees it: load, browse, evaluate one
// household (dict) or tables of households.
#include <pybind11/pybind11.h>

namespace ssis::python {

void bind_rule_set(pybind11::module_& module);

}  // namespace ssis::python
