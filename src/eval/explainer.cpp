#include "eval/explainer.hpp"

#include "check/symbols.hpp"

namespace ssis::detail {
namespace {

bool is_comparison(Operator op) {
  return op == Operator::equal || op == Operator::not_equal || op == Operator::less || op == Operator::less_equal ||
         op == Operator::greater || op == Operator::greater_equal;
}

std::string_view source(const Expr& e, const ExpressionText& text) {
  return std::string_view(text.text).substr(e.begin, e.end - e.begin);
}

// How far the left side is from failing: positive means room to spare.
std::optional<Value> margin(Operator op, const Expr& left, const Expr& right, const Value& l, const Value& r) {
  if (!l.known() || !r.known() || !is_numeric(left.type.kind) || !is_numeric(right.type.kind)) return std::nullopt;
  if (op == Operator::equal || op == Operator::not_equal) return std::nullopt;
  const bool scaled = left.type.kind != ValueKind::integer || right.type.kind != ValueKind::integer;
  auto raw = [&](const Expr& e, const Value& v) {
    return scaled && e.type.kind == ValueKind::integer ? static_cast<__int128>(v.raw) * Decimal::scale : static_cast<__int128>(v.raw);
  };
  const bool upper_bound = op == Operator::less || op == Operator::less_equal;
  const __int128 difference = upper_bound ? raw(right, r) - raw(left, l) : raw(left, l) - raw(right, r);
  if (difference > INT64_MAX || difference < INT64_MIN) return std::nullopt;
  Value m;
  m.kind = !scaled ? ValueKind::integer
                   : (left.type.kind == ValueKind::money || right.type.kind == ValueKind::money ? ValueKind::money : ValueKind::decimal);
  m.knowledge = Knowledge::known;
  m.raw = static_cast<std::int64_t>(difference);
  return m;
}

}  // namespace

Value register_value(const RuleModel& model, const Registers& registers, std::int32_t reg, ValueType type, std::size_t row) {
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

Value Explainer::value_of(const Expr& e) const { return register_value(model_, registers_, e.reg, e.type, row_); }

CriterionExplanation Explainer::criterion(const Expr& condition, const ExpressionText& text) {
  CriterionExplanation out;
  walk(condition, text, out);
  return out;
}

std::vector<ExplainedValue> Explainer::values(const Expr& root, const ExpressionText& text) {
  CriterionExplanation out;
  walk(root, text, out);
  return std::move(out.values);
}

void Explainer::walk(const Expr& e, const ExpressionText& text, CriterionExplanation& out) {
  if (e.level != Level::household || e.reg < 0) return;  // per-member values are not listed
  if (e.kind == NodeKind::binary && is_comparison(e.op)) {
    const Expr& left = *e.args[0];
    const Expr& right = *e.args[1];
    ExplainedComparison c;
    c.expression = source(e, text);
    c.op = operator_text(e.op);
    c.left = value_of(left);
    c.right = value_of(right);
    c.result = value_of(e);
    c.margin = margin(e.op, left, right, c.left, c.right);
    out.comparisons.push_back(std::move(c));
  }
  const bool aggregate = e.kind == NodeKind::call && !e.args.empty() && e.args[0]->reference == Reference::members;
  if (e.kind == NodeKind::name || e.kind == NodeKind::index || aggregate) {
    const std::string_view expression = source(e, text);
    if (seen_.insert(expression).second) out.values.push_back({expression, value_of(e)});
    if (e.kind != NodeKind::index) return;
  }
  for (const auto& child : e.args) walk(*child, text, out);
}

}  // namespace ssis::detail
