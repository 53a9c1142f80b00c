#include "eval/explainer.hpp"

#include <algorithm>

#include "check/symbols.hpp"

namespace ssis::detail {
namespace {

// How far the left side is from failing: positive means room to spare.
std::optional<Value> margin(const ExplainStep& step, const Value& l, const Value& r) {
  const ValueKind left = step.left_type.kind;
  const ValueKind right = step.right_type.kind;
  if (!l.known() || !r.known() || !is_numeric(left) || !is_numeric(right)) return std::nullopt;
  if (step.op == Operator::equal || step.op == Operator::not_equal) return std::nullopt;
  const bool scaled = left != ValueKind::integer || right != ValueKind::integer;
  auto raw = [&](ValueKind kind, const Value& v) {
    return scaled && kind == ValueKind::integer ? static_cast<__int128>(v.raw) * Decimal::scale : static_cast<__int128>(v.raw);
  };
  const bool upper_bound = step.op == Operator::less || step.op == Operator::less_equal;
  const __int128 difference = upper_bound ? raw(right, r) - raw(left, l) : raw(left, l) - raw(right, r);
  if (difference > INT64_MAX || difference < INT64_MIN) return std::nullopt;
  Value m;
  m.kind = !scaled ? ValueKind::integer
                   : (left == ValueKind::money || right == ValueKind::money ? ValueKind::money : ValueKind::decimal);
  m.knowledge = Knowledge::known;
  m.raw = static_cast<std::int64_t>(difference);
  return m;
}

}  // namespace

CriterionExplanation Explainer::criterion(const std::vector<ExplainStep>& steps) const {
  CriterionExplanation out;
  const auto comparisons = static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), [](const ExplainStep& s) { return s.comparison; }));
  out.comparisons.reserve(comparisons);
  out.values.reserve(steps.size() - comparisons);
  for (const ExplainStep& step : steps) {
    if (!step.comparison) {
      out.values.push_back({step.expression, value_of(step.reg, step.type)});
      continue;
    }
    ExplainedComparison& c = out.comparisons.emplace_back();  // reserved: filled in place
    c.expression = step.expression;
    c.op = operator_text(step.op);
    c.left = value_of(step.left, step.left_type);
    c.right = value_of(step.right, step.right_type);
    c.result = value_of(step.reg, step.type);
    c.margin = margin(step, c.left, c.right);
  }
  return out;
}

std::vector<ExplainedValue> Explainer::values(const std::vector<ExplainStep>& steps) const {
  std::vector<ExplainedValue> out;
  out.reserve(steps.size());
  for (const ExplainStep& step : steps) out.push_back({step.expression, value_of(step.reg, step.type)});
  return out;
}

}  // namespace ssis::detail
