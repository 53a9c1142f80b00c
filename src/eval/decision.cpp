#include "eval/decision.hpp"

namespace ssis::detail {
namespace {

// Eligible with one eligible requirement; undetermined while none is eligible and some are
// undetermined; ineligible when every requirement is.
void apply_requires_any(const RelationModel& relation, ProgrammeDecision& dependent,
                        const std::vector<ProgrammeDecision>& decisions) {
  if (dependent.status != Status::eligible && dependent.status != Status::undetermined) return;
  std::vector<int> open;
  for (int q : relation.required) {
    const Status s = decisions[static_cast<std::size_t>(q)].status;
    if (s == Status::eligible) return;
    if (s == Status::undetermined) open.push_back(q);
  }
  if (open.empty()) {
    dependent.status = Status::ineligible;
    dependent.required_missing = relation.required.front();
    return;
  }
  dependent.status = Status::undetermined;
  dependent.waiting_on.insert(dependent.waiting_on.end(), open.begin(), open.end());
}

void apply_requires(const RuleModel& model, std::vector<ProgrammeDecision>& decisions) {
  for (int r : model.requires_order) {
    const RelationModel& relation = model.relations[static_cast<std::size_t>(r)];
    ProgrammeDecision& dependent = decisions[static_cast<std::size_t>(relation.dependent)];
    if (relation.any) {
      apply_requires_any(relation, dependent, decisions);
      continue;
    }
    for (int q : relation.required) {
      if (dependent.status != Status::eligible && dependent.status != Status::undetermined) break;
      const ProgrammeDecision& required = decisions[static_cast<std::size_t>(q)];
      if (required.status == Status::ineligible || required.status == Status::error) {
        dependent.status = Status::ineligible;
        dependent.required_missing = q;
      } else if (required.status == Status::undetermined) {
        dependent.status = Status::undetermined;
        dependent.waiting_on.push_back(q);
      }
    }
  }
}

void apply_exclusive(const RuleModel& model, std::vector<ProgrammeDecision>& decisions) {
  for (std::size_t r = 0; r < model.relations.size(); ++r) {
    const RelationInfo& info = model.relation_infos[r];
    if (info.kind != RelationKind::exclusive) continue;
    const RelationModel& relation = model.relations[r];
    int kept = -1;
    for (int p : relation.programmes) {
      const ProgrammeDecision& candidate = decisions[static_cast<std::size_t>(p)];
      if (candidate.status != Status::eligible) continue;
      if (kept < 0) {
        kept = p;
        continue;
      }
      if (!info.keep_highest_amount) continue;
      const ProgrammeDecision& best = decisions[static_cast<std::size_t>(kept)];
      const bool candidate_known = candidate.amount_knowledge == Knowledge::known;
      if (candidate_known && (best.amount_knowledge != Knowledge::known || candidate.amount > best.amount)) kept = p;
    }
    if (kept < 0) continue;
    for (int p : relation.programmes) {
      ProgrammeDecision& other = decisions[static_cast<std::size_t>(p)];
      if (p == kept || other.status != Status::eligible) continue;
      other.status = Status::ineligible;
      other.excluded_by = static_cast<int>(r);
      other.kept_instead = kept;
    }
  }
}

}  // namespace

void decide_household(const RuleModel& model, const Registers& registers, std::size_t row, Date date,
                      std::vector<ProgrammeDecision>& decisions) {
  decisions.assign(model.programmes.size(), ProgrammeDecision{});
  for (std::size_t p = 0; p < model.programmes.size(); ++p) {
    const ProgrammeInfo& info = model.programme_infos[p];
    const ProgrammePlan& plan = model.plan.programmes[p];
    ProgrammeDecision& d = decisions[p];
    d.in_force = (!info.active_from || *info.active_from <= date) && (!info.active_to || date <= *info.active_to);
    bool any_false = false;
    bool any_error = false;
    bool any_unknown = false;
    for (const std::int32_t reg : plan.criteria) {
      const Column& column = registers.columns[static_cast<std::size_t>(reg)];
      const Knowledge k = column.knowledge[row];
      any_false = any_false || (k == Knowledge::known && column.values[row] == 0);
      any_error = any_error || k == Knowledge::error;
      any_unknown = any_unknown || k == Knowledge::unknown;
    }
    if (!d.in_force || any_false) d.status = Status::ineligible;
    else if (any_error) d.status = Status::error;
    else if (any_unknown) d.status = Status::undetermined;
    else d.status = Status::eligible;
    if (plan.amount >= 0 && (d.status == Status::eligible || d.status == Status::undetermined)) {
      const Column& column = registers.columns[static_cast<std::size_t>(plan.amount)];
      d.amount_knowledge = column.knowledge[row];
      d.amount = d.amount_knowledge == Knowledge::known ? column.values[row] : 0;  // no stale value behind an unknown
      if (d.amount_knowledge == Knowledge::error) d.status = Status::error;
    }
  }
  apply_requires(model, decisions);
  apply_exclusive(model, decisions);
}

}  // namespace ssis::detail
