#pragma once
// The parameters and input fields each programme's decisions are computed from.
#include <cstddef>
#include <vector>

#include "plan/plan.hpp"

namespace ssis::detail {

/// What one programme's criteria, amount and member units read, directly or through
/// variables: indices in increasing order.
struct ProgrammeInputs {
  std::vector<int> parameters;
  std::vector<std::size_t> household_fields;
  std::vector<std::size_t> member_fields;
};

/// Per programme, in plan order.
std::vector<ProgrammeInputs> programme_inputs(const Plan& plan);

}  // namespace ssis::detail
