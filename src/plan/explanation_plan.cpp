#include "plan/explanation_plan.hpp"

#include <algorithm>

#include "model/rule_model.hpp"

namespace ssis::detail {
namespace {

bool is_comparison(Operator op) {
  return op == Operator::equal || op == Operator::not_equal || op == Operator::less || op == Operator::less_equal ||
         op == Operator::greater || op == Operator::greater_equal;
}

class StepCollector {
 public:
  StepCollector(const ExpressionText& text, bool with_comparisons, Level scope)
      : text_(text), with_comparisons_(with_comparisons), scope_(scope) {}

  // Only the nodes of the expression's own level, down to the names: a household's values,
  // or for a programme assessed per member the member's and the household's (not the
  // values of each member inside an aggregate).
  void walk(const Expr& e) {
    if ((e.level != Level::household && e.level != scope_) || e.reg < 0) return;
    if (with_comparisons_ && e.kind == NodeKind::binary && is_comparison(e.op)) {
      const Expr& left = *e.args[0];
      const Expr& right = *e.args[1];
      ExplainStep step;
      step.comparison = true;
      step.expression = source(e);
      step.op = e.op;
      step.reg = e.reg;
      step.type = e.type;
      step.left = left.reg;
      step.right = right.reg;
      step.left_type = left.type;
      step.right_type = right.type;
      steps.push_back(step);
    }
    const bool aggregate = e.kind == NodeKind::call && !e.args.empty() &&
                           (e.args[0]->reference == Reference::members || e.args[0]->reference == Reference::unit);
    if (e.kind == NodeKind::name || e.kind == NodeKind::index || aggregate) {
      const std::string_view expression = source(e);
      const bool listed = std::any_of(steps.begin(), steps.end(),
                                      [&](const ExplainStep& s) { return !s.comparison && s.expression == expression; });
      if (!listed) {
        ExplainStep step;
        step.expression = expression;
        step.reg = e.reg;
        step.type = e.type;
        steps.push_back(step);
      }
      if (e.kind != NodeKind::index) return;
    }
    for (const auto& child : e.args) walk(*child);
  }

  std::vector<ExplainStep> steps;

 private:
  std::string_view source(const Expr& e) const { return std::string_view(text_.text).substr(e.begin, e.end - e.begin); }

  const ExpressionText& text_;
  bool with_comparisons_;
  Level scope_;
};

}  // namespace

std::vector<ProgrammeExplanation> plan_explanations(const RuleModel& model) {
  std::vector<ProgrammeExplanation> out(model.programmes.size());
  for (std::size_t p = 0; p < model.programmes.size(); ++p) {
    const ProgrammeModel& programme = model.programmes[p];
    const Level scope = model.programme_infos[p].unit == ProgrammeUnit::member ? Level::member : Level::household;
    for (const auto& criterion : programme.criteria) {
      StepCollector collector(criterion.text, true, scope);
      collector.walk(*criterion.condition);
      out[p].criteria.push_back(std::move(collector.steps));
    }
    if (programme.amount) {
      StepCollector collector(programme.amount_text, false, scope);
      collector.walk(*programme.amount);
      out[p].amount = std::move(collector.steps);
    }
  }
  return out;
}

}  // namespace ssis::detail
