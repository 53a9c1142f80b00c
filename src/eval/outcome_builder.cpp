#include "eval/outcome_builder.hpp"

#include <algorithm>
#include <optional>

#include "eval/canonical_input.hpp"
#include "eval/explainer.hpp"
#include "eval/missing_facts.hpp"

namespace ssis::detail {

namespace {

// Each criterion's value at `row` of its registers and, when asked, the explanations of the
// criteria and of an amount still open, into `out` (a programme's or a member's decision).
template <typename Decision>
void explain_decision(const RuleModel& model, const Registers& registers, std::size_t p, const std::vector<std::int32_t>& criteria,
                      std::size_t row, bool explain, Decision& out) {
  constexpr ValueType boolean{ValueKind::boolean, -1};
  const ProgrammeInfo& info = model.programme_infos[p];
  out.criteria.resize(criteria.size());
  for (std::size_t c = 0; c < criteria.size(); ++c) {
    CriterionOutcome& criterion = out.criteria[c];
    criterion.criterion = &info.criteria[c];
    criterion.value = register_value(model, registers, criteria[c], boolean, row);
    if (explain) criterion.explanation = Explainer(model, registers, row).criterion(model.explanations[p].criteria[c]);
  }
  if (explain && model.programmes[p].amount && (out.status == Status::eligible || out.status == Status::undetermined))
    out.amount_explanation = Explainer(model, registers, row).values(model.explanations[p].amount);
}

}  // namespace

std::vector<const ParameterInfo*> stale_parameters(const RuleModel& model, std::size_t programme, Date date) {
  std::vector<const ParameterInfo*> out;
  for (const int parameter : model.programme_inputs[programme].parameters) {
    const ParameterInfo& info = model.parameter_infos[static_cast<std::size_t>(parameter)];
    if (info.valid_until && date > *info.valid_until) out.push_back(&info);
  }
  return out;
}

std::vector<StaleFact> stale_facts(const RuleModel& model, std::size_t programme, const Block& block, std::size_t row, Date date) {
  std::vector<StaleFact> out;
  const ProgrammeInputs& inputs = model.programme_inputs[programme];
  for (std::uint32_t d = block.dated_offsets[row]; d < block.dated_offsets[row + 1]; ++d) {
    const DatedFact& fact = block.dated[d];
    const bool member = fact.member >= 0;
    const std::vector<std::size_t>& read = member ? inputs.member_fields : inputs.household_fields;
    if (!std::binary_search(read.begin(), read.end(), fact.field)) continue;
    const FieldInfo& field = (member ? model.schema.member_fields() : model.schema.household_fields())[fact.field];
    if (!field.max_age || !field.max_age->exceeded(fact.as_of, date)) continue;
    const std::string_view path = member ? model.fact_paths.member(static_cast<std::size_t>(fact.member), fact.field)
                                         : model.fact_paths.household(fact.field);
    out.push_back({path, fact.as_of, &field});
  }
  return out;
}

HouseholdOutcome build_outcome(const RuleModel& model, const Block& block, const Registers& registers, std::size_t row,
                               Date date, OutcomeContent content, OutcomeScratch& scratch) {
  const bool explain = content.explain;
  std::vector<ProgrammeDecision>& decisions = scratch.decisions;
  std::vector<UnitDecision>* units = model.plan.member_programmes.empty() ? nullptr : &scratch.units;
  decide_household(model, registers, row, date, decisions, units);
  HouseholdOutcome outcome;
  outcome.household_id = block.ids[row];
  outcome.receipt = {model.id, model.version, model.fingerprint, date, input_hash(model, block, row)};
  outcome.explained = explain;
  outcome.missing_named = content.missing_facts;
  outcome.programmes.resize(model.programmes.size());  // filled in place
  std::optional<MissingFacts> missing;  // built on the first programme that needs it
  for (std::size_t p = 0; p < model.programmes.size(); ++p) {
    const ProgrammeInfo& info = model.programme_infos[p];
    const ProgrammePlan& plan = model.plan.programmes[p];
    const ProgrammeDecision& d = decisions[p];
    ProgrammeOutcome& out = outcome.programmes[p];
    out.programme = &info;
    out.status = d.status;
    out.in_force = d.in_force;
    out.stale_parameters = stale_parameters(model, p, date);
    out.stale_facts = stale_facts(model, p, block, row, date);
    out.amount = Value{ValueKind::money, d.amount_knowledge, d.amount, nullptr};
    if (d.excluded_by >= 0) {
      out.excluded_by = model.relation_infos[static_cast<std::size_t>(d.excluded_by)].id;
      out.kept_instead = model.programme_infos[static_cast<std::size_t>(d.kept_instead)].id;
    }
    if (d.required_missing >= 0) out.required_missing = model.programme_infos[static_cast<std::size_t>(d.required_missing)].id;
    const auto facts = [&]() -> MissingFacts& {
      if (!missing) missing.emplace(model, block, registers, row, scratch.missing_facts);
      return *missing;
    };
    if (info.unit == ProgrammeUnit::member) {
      const std::size_t k_count = model.plan.member_programmes.size();
      for (std::size_t m = block.member_offsets[row]; m < block.member_offsets[row + 1]; ++m) {
        const std::size_t member = m - block.member_offsets[row];
        const UnitDecision& unit = (*units)[member * k_count + static_cast<std::size_t>(model.plan.unit_slot[p])];
        if (!unit.assessed) continue;
        UnitOutcome& u = out.units.emplace_back();
        u.member = member;
        u.status = limited_to_household(unit.status, d.status);
        if (unit.excluded_by >= 0) {
          u.excluded_by = model.relation_infos[static_cast<std::size_t>(unit.excluded_by)].id;
          u.kept_instead = model.programme_infos[static_cast<std::size_t>(unit.kept_instead)].id;
        }
        if (unit.required_missing >= 0) u.required_missing = model.programme_infos[static_cast<std::size_t>(unit.required_missing)].id;
        u.amount = Value{ValueKind::money, unit.amount_knowledge, unit.amount, nullptr};
        explain_decision(model, registers, p, plan.unit_criteria, m, explain, u);
        if (u.status == Status::error) u.error = unit_error_message(model, registers, row, m, p);
        const bool amount_open = u.status == Status::eligible && plan.unit_amount >= 0 && unit.amount_knowledge == Knowledge::unknown;
        if (content.missing_facts && (u.status == Status::undetermined || amount_open)) u.missing = facts().of_unit(p, m);
      }
    } else {
      explain_decision(model, registers, p, plan.criteria, row, explain, out);
    }
    if (d.status == Status::error) out.error = error_message(model, registers, row, p);
    const bool amount_open = d.status == Status::eligible && plan.amount >= 0 && d.amount_knowledge == Knowledge::unknown;
    if (content.missing_facts && (d.status == Status::undetermined || amount_open)) out.missing = facts().of_programme(p, decisions);
  }
  return outcome;
}

}  // namespace ssis::detail
