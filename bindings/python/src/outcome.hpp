#pragma once
// One household's outcome as returned to Python: plain data for the package's
// dataclasses, and the library's text and JSON renderings.
#include <pybind11/pybind11.h>

#include "ssis/outcome.hpp"
#include "ssis/rule_set.hpp"

namespace ssis::python {

struct NativeOutcome {
  RuleSet rules;  ///< keeps the programme and criterion descriptions the outcome points to
  HouseholdOutcome outcome;
};

void bind_outcome(pybind11::module_& module);

}  // namespace ssis::python
