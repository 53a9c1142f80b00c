#pragma once
// What an explanation shows for each criterion and amount, worked out once from the
// expression trees: the comparisons made at household level with both sides, and the
// values of the names used (each listed once). Explaining a household then only reads
// registers, in this order.
#include <cstdint>
#include <string_view>
#include <vector>

#include "expr/ast.hpp"
#include "ssis/value.hpp"

namespace ssis::detail {

struct RuleModel;

struct ExplainStep {
  bool comparison = false;       // else a value
  std::string_view expression;   // as written, in the rule set's text
  Operator op = Operator::equal;  // comparisons: the operator
  std::int32_t reg = -1;         // the value, or the comparison's result
  ValueType type;
  std::int32_t left = -1;        // comparisons: both sides
  std::int32_t right = -1;
  ValueType left_type;
  ValueType right_type;
};

struct ProgrammeExplanation {
  std::vector<std::vector<ExplainStep>> criteria;
  std::vector<ExplainStep> amount;  // values only
};

/// One ProgrammeExplanation per programme, after the plan is compiled.
std::vector<ProgrammeExplanation> plan_explanations(const RuleModel& model);

}  // namespace ssis::detail
