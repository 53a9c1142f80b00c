#include "eval/outcome_builder.hpp"

#include <optional>

#include "eval/explainer.hpp"
#include "eval/missing_facts.hpp"

namespace ssis::detail {

HouseholdOutcome build_outcome(const RuleModel& model, const Block& block, const Registers& registers, std::size_t row,
                               Date date, bool explain, OutcomeScratch& scratch) {
  std::vector<ProgrammeDecision>& decisions = scratch.decisions;
  decide_household(model, registers, row, date, decisions);
  HouseholdOutcome outcome;
  outcome.household_id = block.ids[row];
  outcome.receipt = {model.id, model.fingerprint, date};
  outcome.explained = explain;
  outcome.programmes.resize(model.programmes.size());  // filled in place
  std::optional<MissingFacts> missing;  // built on the first programme that needs it
  constexpr ValueType boolean{ValueKind::boolean, -1};
  for (std::size_t p = 0; p < model.programmes.size(); ++p) {
    const ProgrammeInfo& info = model.programme_infos[p];
    const ProgrammePlan& plan = model.plan.programmes[p];
    const ProgrammeModel& programme = model.programmes[p];
    const ProgrammeDecision& d = decisions[p];
    ProgrammeOutcome& out = outcome.programmes[p];
    out.programme = &info;
    out.status = d.status;
    out.in_force = d.in_force;
    out.amount = Value{ValueKind::money, d.amount_knowledge, d.amount, nullptr};
    if (d.excluded_by >= 0) {
      out.excluded_by = model.relation_infos[static_cast<std::size_t>(d.excluded_by)].id;
      out.kept_instead = model.programme_infos[static_cast<std::size_t>(d.kept_instead)].id;
    }
    if (d.required_missing >= 0) out.required_missing = model.programme_infos[static_cast<std::size_t>(d.required_missing)].id;
    out.criteria.resize(plan.criteria.size());
    for (std::size_t c = 0; c < plan.criteria.size(); ++c) {
      CriterionOutcome& criterion = out.criteria[c];
      criterion.criterion = &info.criteria[c];
      criterion.value = register_value(model, registers, plan.criteria[c], boolean, row);
      if (explain) criterion.explanation = Explainer(model, registers, row).criterion(model.explanations[p].criteria[c]);
    }
    if (explain && programme.amount && (d.status == Status::eligible || d.status == Status::undetermined)) {
      out.amount_explanation = Explainer(model, registers, row).values(model.explanations[p].amount);
    }
    if (d.status == Status::error) out.error = error_message(model, registers, row, p);
    const bool amount_open = d.status == Status::eligible && plan.amount >= 0 && d.amount_knowledge == Knowledge::unknown;
    if (d.status == Status::undetermined || amount_open) {
      if (!missing) missing.emplace(model, block, registers, row, scratch.missing_facts);
      out.missing = missing->of_programme(p, decisions);
    }
  }
  return outcome;
}

}  // namespace ssis::detail
