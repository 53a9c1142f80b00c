#pragma once
// Compiles every variable, criterion and amount of a checked model into one plan,
// sharing identical sub-expressions.
#include "model/rule_model.hpp"

namespace ssis::detail {

void compile_plan(RuleModel& model);

}  // namespace ssis::detail
