#include "check/member_criteria_check.hpp"

#include <fmt/format.h>

namespace ssis::detail {
namespace {

bool same_expression(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.op != b.op || a.text != b.text || a.number != b.number || a.args.size() != b.args.size())
    return false;
  for (std::size_t i = 0; i < a.args.size(); ++i)
    if (!same_expression(*a.args[i], *b.args[i])) return false;
  return true;
}

/// The `and` terms of a member condition; a member variable counts as the terms of its formula.
class MemberTerms {
 public:
  explicit MemberTerms(const std::vector<VariableModel>& variables) : variables_(variables) {}

  std::vector<const Expr*> of(const Expr& e) const {
    std::vector<const Expr*> out;
    collect(e, 0, out);
    return out;
  }

  /// True when a member meeting `strong` meets `weak`: every `and` term of `weak` is one of `strong`.
  bool implies(const Expr& strong, const Expr& weak) const {
    const auto strong_terms = of(strong);
    for (const Expr* w : of(weak)) {
      bool found = false;
      for (const Expr* s : strong_terms) found = found || same_expression(*s, *w);
      if (!found) return false;
    }
    return true;
  }

 private:
  static constexpr int max_depth = 64;  // variables that name each other in a cycle are reported elsewhere

  void collect(const Expr& e, int depth, std::vector<const Expr*>& out) const {
    if (e.kind == NodeKind::binary && e.op == Operator::logical_and) {
      collect(*e.args[0], depth, out);
      collect(*e.args[1], depth, out);
      return;
    }
    if (e.kind == NodeKind::name && e.reference == Reference::variable && e.symbol_level == Level::member &&
        depth < max_depth && e.index >= 0 && static_cast<std::size_t>(e.index) < variables_.size()) {
      if (const Expr* formula = variables_[static_cast<std::size_t>(e.index)].formula.get()) {
        collect(*formula, depth + 1, out);
        return;
      }
    }
    out.push_back(&e);
  }

  const std::vector<VariableModel>& variables_;
};

bool is_any_over_members(const Expr& e) {
  return e.kind == NodeKind::call && e.text == "any" && e.args.size() == 2 && e.args[0]->kind == NodeKind::name &&
         e.args[0]->text == "members";
}

/// The `any(members, ...)` through which the condition can hold: those reached through
/// `and`, `or` and an even number of `not`. (`not any(...)` speaks of every member.)
void collect_quantifiers(const Expr& e, bool positive, std::vector<const Expr*>& out) {
  if (is_any_over_members(e)) {
    if (positive) out.push_back(&e);
  } else if (e.kind == NodeKind::unary && e.op == Operator::logical_not) {
    collect_quantifiers(*e.args[0], !positive, out);
  } else if (e.kind == NodeKind::binary && (e.op == Operator::logical_and || e.op == Operator::logical_or)) {
    collect_quantifiers(*e.args[0], positive, out);
    collect_quantifiers(*e.args[1], positive, out);
  }
}

struct QuantifyingCriterion {
  std::size_t index;                      // in the programme's criteria
  std::vector<const Expr*> quantifiers;  // its any(members, ...)
};

/// True when the member condition of `quantifier` implies one of the criterion's own.
bool covers(const MemberTerms& terms, const Expr& quantifier, const QuantifyingCriterion& criterion) {
  for (const Expr* other : criterion.quantifiers)
    if (terms.implies(*quantifier.args[1], *other->args[1])) return true;
  return false;
}

}  // namespace

void check_member_criteria(const ProgrammeDecl& decl, const std::vector<CriterionModel>& criteria,
                           const std::vector<VariableModel>& variables, DiagnosticSink& sink) {
  const MemberTerms terms(variables);
  std::vector<QuantifyingCriterion> quantifying;
  for (std::size_t i = 0; i < decl.criteria.size() && i < criteria.size(); ++i) {
    if (const auto& members = decl.criteria[i].members) {
      if (members->value != "independent")
        sink.error(DiagnosticCode::invalid_value, members->pos,
                   fmt::format("members is 'independent' (different members may satisfy this criterion and the others), not '{}'",
                               members->value),
                   static_cast<int>(std::max<std::size_t>(members->value.size(), 1)));
      continue;
    }
    if (!criteria[i].condition) continue;
    QuantifyingCriterion q{i, {}};
    collect_quantifiers(*criteria[i].condition, true, q.quantifiers);
    if (!q.quantifiers.empty()) quantifying.push_back(std::move(q));
  }
  if (quantifying.size() < 2) return;

  // The member condition that implies those of the most criteria: one member meeting it meets them.
  const QuantifyingCriterion* best_criterion = nullptr;
  const Expr* best = nullptr;
  std::size_t best_covered = 0;
  for (const auto& q : quantifying)
    for (const Expr* quantifier : q.quantifiers) {
      std::size_t covered = 0;
      for (const auto& other : quantifying) covered += covers(terms, *quantifier, other) ? 1 : 0;
      if (covered > best_covered) {
        best_covered = covered;
        best = quantifier;
        best_criterion = &q;
      }
    }
  if (best_covered == quantifying.size()) return;

  const std::string& best_id = decl.criteria[best_criterion->index].id.value;
  for (const auto& q : quantifying) {
    if (covers(terms, *best, q)) continue;
    const Expr& at = *q.quantifiers.front();
    sink.warning(DiagnosticCode::members_apart, criteria[q.index].text.pos_of(at.begin),
                 fmt::format("criterion '{}' of '{}' asks any(members, ...) apart from criterion '{}', so one member may meet "
                             "one and another member the other; if one person must meet both, repeat the conditions of '{}' "
                             "inside this any(...), and if different members are meant, mark the criterion `members: independent`",
                             decl.criteria[q.index].id.value, decl.id.value, best_id, best_id),
                 static_cast<int>(at.end - at.begin));
  }
}

}  // namespace ssis::detail
