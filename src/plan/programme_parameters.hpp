#pragma once
// The parameters each programme's decisions are computed from.
#include <vector>

#include "plan/plan.hpp"

namespace ssis::detail {

/// Per programme (in plan order), the indices of the parameters its criteria, amount and
/// member units read, directly or through variables, in increasing order.
std::vector<std::vector<int>> programme_parameters(const Plan& plan);

}  // namespace ssis::detail
