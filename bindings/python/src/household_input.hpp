#pragma once
// A household given as a Python dict, shaped like the JSON households: household fields,
// an optional "id", and "members": a list of dicts of member fields.
#include <pybind11/pybind11.h>

#include "ssis/household.hpp"

namespace ssis::python {

/// Throws ssis::InputError naming the field path ("members[1].birth_date").
Household household_from_dict(pybind11::handle object);

}  // namespace ssis::python
