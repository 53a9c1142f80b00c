#pragma once
// What a rule set declares, as plain Python data (lists of dicts) for the package's
// dataclasses: programmes, parameters, variables, relations and the input schema.
#include <pybind11/pybind11.h>

#include "ssis/rule_set.hpp"

namespace ssis::python {

pybind11::list programmes_data(const RuleSet& rules);
pybind11::list parameters_data(const RuleSet& rules);
pybind11::list variables_data(const RuleSet& rules);
pybind11::list relations_data(const RuleSet& rules);
/// {"household": [field...], "member": [field...], "enums": [enum...]}
pybind11::dict schema_data(const Schema& schema);
/// Whether some programme is assessed per member: results then have member rows and columns.
bool has_member_programmes(const RuleSet& rules);

}  // namespace ssis::python
