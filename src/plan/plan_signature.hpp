#pragma once
// What generated code depends on in a rule set: the plan of its criteria and amounts, the
// schema's fields, the parameters' keys and the programmes. Two rule sets with the same
// signature are decided by the same generated code. Worked out once, when the plan is
// compiled (Plan::signature).
#include <cstdint>

#include "model/rule_model.hpp"

namespace ssis::detail {

std::uint64_t plan_signature(const RuleModel& model);

}  // namespace ssis::detail
