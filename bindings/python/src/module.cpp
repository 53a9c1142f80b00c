// The native part of the ssis Python package; the package (ssis/__init__.py) wraps it.
#include <pybind11/pybind11.h>

#include "batch.hpp"
#include "errors.hpp"
#include "outcome.hpp"
#include "partition.hpp"
#include "questions.hpp"
#include "rule_set.hpp"

PYBIND11_MODULE(_ssis, module) {
  module.doc() = "Native bindings of the ssis rules engine; use the `ssis` package instead.";
  module.attr("__version__") = SSIS_VERSION;  // the CMake project's version
  ssis::python::bind_errors(module);
  ssis::python::bind_outcome(module);
  ssis::python::bind_partition(module);
  ssis::python::bind_questions(module);
  ssis::python::bind_rule_set(module);
  module.def("decimals", &ssis::python::decimals, pybind11::arg("raw"),
             "Raw millionths (an int64 array) as a list of decimal.Decimal.");
}
