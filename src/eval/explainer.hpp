#pragma once
// Explanations: for one household, the comparisons inside a criterion with both sides and
// the margin, and the values of the names it uses, read from the registers in the order
// the explanation plan lists them. Computed only on request.
#include <vector>

#include "eval/executor.hpp"
#include "plan/explanation_plan.hpp"
#include "ssis/outcome.hpp"

namespace ssis::detail {

class Explainer {
 public:
  Explainer(const RuleModel& model, const Registers& registers, std::size_t row)
      : model_(model), registers_(registers), row_(row) {}

  CriterionExplanation criterion(const std::vector<ExplainStep>& steps) const;
  std::vector<ExplainedValue> values(const std::vector<ExplainStep>& steps) const;

 private:
  Value value_of(std::int32_t reg, ValueType type) const;  // defined below, inline

  const RuleModel& model_;
  const Registers& registers_;
  std::size_t row_;
};

/// The value of a household-level register for one row. Inline: read for every criterion
/// of every programme, and for every step of an explanation.
inline Value register_value(const RuleModel& model, const Registers& registers, std::int32_t reg, ValueType type, std::size_t row) {
  Value v;
  v.kind = type.kind;
  if (reg < 0) return v;
  const ColumnView column = registers.column(reg);
  v.knowledge = column.knowledge[row];
  v.raw = column.values[row];
  if (type.kind == ValueKind::enumeration && type.enum_index >= 0)
    v.enum_values = &model.schema.enums()[static_cast<std::size_t>(type.enum_index)].values;
  return v;
}

inline Value Explainer::value_of(std::int32_t reg, ValueType type) const { return register_value(model_, registers_, reg, type, row_); }

}  // namespace ssis::detail
