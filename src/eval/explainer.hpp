#pragma once
// Explanations: for one household, the comparisons inside a criterion with both sides and
// the margin, and the values of the names it uses. Computed only on request.
#include <string_view>
#include <unordered_set>

#include "eval/executor.hpp"
#include "ssis/outcome.hpp"

namespace ssis::detail {

class Explainer {
 public:
  Explainer(const RuleModel& model, const Registers& registers, std::size_t row)
      : model_(model), registers_(registers), row_(row) {}

  CriterionExplanation criterion(const Expr& condition, const ExpressionText& text);
  std::vector<ExplainedValue> values(const Expr& root, const ExpressionText& text);

 private:
  void walk(const Expr& e, const ExpressionText& text, CriterionExplanation& out);
  Value value_of(const Expr& e) const;

  const RuleModel& model_;
  const Registers& registers_;
  std::size_t row_;
  std::unordered_set<std::string_view> seen_;
};

/// The value of a household-level register for one row.
Value register_value(const RuleModel& model, const Registers& registers, std::int32_t reg, ValueType type, std::size_t row);

}  // namespace ssis::detail
