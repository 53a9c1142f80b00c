#include "check/member_criteria_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

namespace ssis::detail {
namespace {

/// Programmes with more `any(members, ...)` than this are not compared (each pair is compared).
constexpr std::size_t max_quantifiers = 1000;

/// A text that two parsed expressions share exactly when they are the same expression.
void append_key(const Expr& e, std::string& out) {
  for (const std::int64_t part : {static_cast<std::int64_t>(e.kind), static_cast<std::int64_t>(e.op),
                                  static_cast<std::int64_t>(e.text.size()), e.number}) {
    std::array<char, 24> digits;
    out.append(digits.data(), std::to_chars(digits.begin(), digits.end(), part).ptr);
    out += ':';
  }
  out += e.text;
  out += '(';
  for (const auto& arg : e.args) append_key(*arg, out);
  out += ')';
}

/// The `and` terms of a member condition, as sorted keys; a member variable counts as the
/// terms of its formula (each variable once, so shared or cyclic variables cost nothing more).
class MemberTerms {
 public:
  explicit MemberTerms(const std::vector<VariableModel>& variables) : variables_(variables) {}

  std::vector<std::string> of(const Expr& condition) const {
    std::vector<std::string> keys;
    std::vector<bool> expanded(variables_.size(), false);
    std::vector<const Expr*> pending{&condition};  // a worklist, not recursion: variable chains may be long
    while (!pending.empty()) {
      const Expr& e = *pending.back();
      pending.pop_back();
      if (e.kind == NodeKind::binary && e.op == Operator::logical_and) {
        pending.push_back(e.args[1].get());
        pending.push_back(e.args[0].get());
        continue;
      }
      if (const Expr* formula = member_formula(e)) {
        const auto index = static_cast<std::size_t>(e.index);
        if (!expanded[index]) {
          expanded[index] = true;
          pending.push_back(formula);
        }
        continue;
      }
      std::string key;
      append_key(e, key);
      keys.push_back(std::move(key));
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
  }

 private:
  /// The formula of the member variable `e` names, or null.
  const Expr* member_formula(const Expr& e) const {
    if (e.kind != NodeKind::name || e.reference != Reference::variable || e.symbol_level != Level::member || e.index < 0 ||
        static_cast<std::size_t>(e.index) >= variables_.size())
      return nullptr;
    return variables_[static_cast<std::size_t>(e.index)].formula.get();
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

struct Quantifier {
  const Expr* any;                 // the any(members, ...) node
  std::vector<std::string> terms;  // the `and` terms of its member condition
};

struct QuantifyingCriterion {
  std::size_t index;  // in the programme's criteria
  std::vector<Quantifier> quantifiers;
};

/// True when a member meeting `quantifier`'s condition meets one of the criterion's own.
bool covers(const Quantifier& quantifier, const QuantifyingCriterion& criterion) {
  for (const auto& other : criterion.quantifiers)
    if (std::includes(quantifier.terms.begin(), quantifier.terms.end(), other.terms.begin(), other.terms.end())) return true;
  return false;
}

}  // namespace

void check_member_criteria(const ProgrammeDecl& decl, const std::vector<CriterionModel>& criteria,
                           const std::vector<VariableModel>& variables, DiagnosticSink& sink) {
  const MemberTerms terms(variables);
  std::vector<QuantifyingCriterion> quantifying;
  std::size_t quantifier_count = 0;
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
    std::vector<const Expr*> found;
    collect_quantifiers(*criteria[i].condition, true, found);
    if (found.empty()) continue;
    QuantifyingCriterion q{i, {}};
    for (const Expr* any : found) q.quantifiers.push_back({any, terms.of(*any->args[1])});
    quantifier_count += q.quantifiers.size();
    quantifying.push_back(std::move(q));
  }
  if (quantifying.size() < 2) return;
  if (quantifier_count > max_quantifiers) {
    sink.warning(DiagnosticCode::members_apart, decl.id.pos,
                 fmt::format("'{}' has {} any(members, ...) in its criteria, more than the {} whose members are compared; "
                             "they are not checked for criteria that different members can satisfy apart",
                             decl.id.value, quantifier_count, max_quantifiers),
                 static_cast<int>(std::max<std::size_t>(decl.id.value.size(), 1)));
    return;
  }

  // The member condition that implies those of the most criteria: one member meeting it meets them.
  const QuantifyingCriterion* best_criterion = nullptr;
  const Quantifier* best = nullptr;
  std::size_t best_covered = 0;
  for (const auto& q : quantifying)
    for (const auto& quantifier : q.quantifiers) {
      std::size_t covered = 0;
      for (const auto& other : quantifying) covered += covers(quantifier, other) ? 1 : 0;
      if (covered > best_covered) {
        best_covered = covered;
        best = &quantifier;
        best_criterion = &q;
      }
    }
  if (best_covered == quantifying.size()) return;

  const std::string& best_id = decl.criteria[best_criterion->index].id.value;
  for (const auto& q : quantifying) {
    if (covers(*best, q)) continue;
    const Expr& at = *q.quantifiers.front().any;
    sink.error(DiagnosticCode::members_apart, criteria[q.index].text.pos_of(at.begin),
               fmt::format("criterion '{}' of '{}' asks any(members, ...) apart from criterion '{}', so one member may meet "
                           "one and another member the other; if the programme is for one person who must meet both, assess "
                           "it for each member (`unit: {{each: member}}`) or repeat the conditions of '{}' inside this any(...), "
                           "and if different members are meant, mark the criterion `members: independent`",
                           decl.criteria[q.index].id.value, decl.id.value, best_id, best_id),
               static_cast<int>(at.end - at.begin));
  }
}

}  // namespace ssis::detail
