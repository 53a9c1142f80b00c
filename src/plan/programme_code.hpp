#pragma once
// The instructions that decide some of a plan's programmes.
#include <vector>

#include "plan/plan.hpp"

namespace ssis::detail {

/// What deciding `programmes` (indices in increasing order) takes: the instructions their
/// criteria, amounts and member units depend on, in plan order, and their registers' layout.
ProgrammeCode programme_code(const Plan& plan, std::vector<int> programmes);

}  // namespace ssis::detail
