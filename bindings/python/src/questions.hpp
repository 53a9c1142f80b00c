#pragma once
// The next questions of an outcome (ssis/questions.hpp) as plain data for the package.
#include <pybind11/pybind11.h>

namespace ssis::python {

void bind_questions(pybind11::module_& module);

}  // namespace ssis::python
