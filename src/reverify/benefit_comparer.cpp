// One household's evaluation against the benefits it receives.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ssis/reverify.hpp"

namespace ssis {

std::string_view to_string(Finding finding) {
  static constexpr std::array<std::string_view, finding_count> names{
      "confirmed", "no_longer_eligible", "undetermined", "overpaid", "underpaid", "overlap", "blind_spot", "input_error"};
  return names[static_cast<std::size_t>(finding)];
}

namespace {

// The computed monthly amount of an eligible programme, or why there is none to compare.
struct MonthlyAmount {
  std::optional<Decimal> amount;
  std::string not_comparable;
};

MonthlyAmount monthly_amount(const ProgrammeInfo& programme, const BatchDecision& decision) {
  if (programme.amount_formula.empty()) return {std::nullopt, "the programme states no amount"};
  if (decision.amount_knowledge != Knowledge::known) return {std::nullopt, "the amount could not be computed"};
  const Decimal amount = Decimal::from_raw(decision.amount);
  // Only a monthly amount compares exactly: a yearly amount divided by 12 is not exact.
  if (programme.amount_period != AmountPeriod::month)
    return {std::nullopt, fmt::format("amount {} per {}", amount.to_string(),
                                      programme.amount_period ? to_string(*programme.amount_period) : "unstated period")};
  return {amount, {}};
}

void compare_amount(const ProgrammeInfo& programme, const BatchDecision& decision, FindingRow& row) {
  const MonthlyAmount computed = monthly_amount(programme, decision);
  if (!computed.amount) {
    row.reasons = "amount_not_comparable: " + computed.not_comparable;
    return;
  }
  std::int64_t difference = 0;
  if (!decimal_ops::subtract(row.paid_monthly->raw(), computed.amount->raw(), difference)) {
    row.reasons = "amount_not_comparable: the difference overflows";
    return;
  }
  row.computed_monthly = computed.amount;
  row.difference = Decimal::from_raw(difference);
  row.finding = difference > 0 ? Finding::overpaid : difference < 0 ? Finding::underpaid : Finding::confirmed;
}

// "a;b": the criteria a decision fails for certain.
std::string failing_criteria(const std::vector<CriterionOutcome>& criteria) {
  std::string failing;
  for (const CriterionOutcome& criterion : criteria) {
    if (criterion.value.known() && criterion.value.raw == 0) failing += (failing.empty() ? "" : ";") + criterion.criterion->id;
  }
  return failing;
}

// "failing: a;b | excluded_by: r, keeps p | requires: q | not in force on the date"; for a
// programme assessed per member, "members[1] failing: a;b" per member, or "no member is assessed".
std::string ineligibility_reasons(const ProgrammeOutcome& outcome) {
  std::vector<std::string> parts;
  if (const std::string failing = failing_criteria(outcome.criteria); !failing.empty()) parts.push_back("failing: " + failing);
  if (outcome.programme->unit == ProgrammeUnit::member && outcome.units.empty()) parts.push_back("no member is assessed");
  for (const UnitOutcome& unit : outcome.units) {
    if (const std::string failing = failing_criteria(unit.criteria); !failing.empty())
      parts.push_back(fmt::format("members[{}] failing: {}", unit.member, failing));
    if (!unit.excluded_by.empty())
      parts.push_back(fmt::format("members[{}] excluded_by: {}, keeps {}", unit.member, unit.excluded_by, unit.kept_instead));
  }
  if (!outcome.excluded_by.empty()) parts.push_back(fmt::format("excluded_by: {}, keeps {}", outcome.excluded_by, outcome.kept_instead));
  if (!outcome.required_missing.empty()) parts.push_back("requires: " + outcome.required_missing);
  if (!outcome.in_force) parts.push_back("not in force on the date");
  return fmt::format("{}", fmt::join(parts, " | "));
}

}  // namespace

BenefitComparer::BenefitComparer(const RuleSet& rules) : rules_(rules) {
  const std::vector<RelationInfo>& relations = rules.relations();
  for (std::size_t r = 0; r < relations.size(); ++r) {
    if (relations[r].kind != RelationKind::exclusive) continue;
    ExclusiveGroup group{r, {}};
    for (const std::string& id : relations[r].programmes) group.programmes.push_back(rules.programme_index(id));
    groups_.push_back(std::move(group));
  }
}

void BenefitComparer::compare(const BatchHousehold& decisions, std::span<const Benefit> benefits,
                              const std::function<const HouseholdOutcome&()>& outcome, std::vector<FindingRow>& out) const {
  const std::vector<ProgrammeInfo>& programmes = rules_.programmes();
  std::vector<bool> received(programmes.size(), false);
  for (const Benefit& benefit : benefits) {
    const auto p = static_cast<std::size_t>(benefit.programme);
    received[p] = true;
    const BatchDecision& decision = decisions.programmes[p];
    FindingRow& row = out.emplace_back();
    row.household_id = decisions.id;
    row.programme = benefit.programme;
    row.paid_monthly = benefit.monthly_amount;
    switch (decision.status) {
      case Status::eligible:
        compare_amount(programmes[p], decision, row);
        break;
      case Status::ineligible:
        row.finding = Finding::no_longer_eligible;
        row.reasons = ineligibility_reasons(outcome().programmes[p]);
        break;
      case Status::undetermined:
        row.finding = Finding::undetermined;
        row.reasons = "missing: " + decision.missing;
        break;
      case Status::error:
        row.finding = Finding::undetermined;
        row.reasons = "error: " + decision.error;
        break;
    }
  }

  for (const ExclusiveGroup& group : groups_) {
    std::vector<int> both;  // the group's programmes it receives
    int kept = -1;
    for (int p : group.programmes) {
      if (received[static_cast<std::size_t>(p)]) both.push_back(p);
      if (kept < 0 && decisions.programmes[static_cast<std::size_t>(p)].status == Status::eligible) kept = p;
    }
    if (both.size() < 2) continue;
    FindingRow& row = out.emplace_back();
    row.household_id = decisions.id;
    row.programme = both.front() == kept ? both[1] : both.front();
    row.finding = Finding::overlap;
    row.relation = static_cast<int>(group.relation);
    std::vector<std::string_view> names;
    for (int p : both) names.push_back(programmes[static_cast<std::size_t>(p)].id);
    row.reasons = fmt::format("relation {}: receives {}; the rules keep {}", rules_.relations()[group.relation].id,
                              fmt::join(names, ", "), kept >= 0 ? programmes[static_cast<std::size_t>(kept)].id : "none of them");
  }

  for (std::size_t p = 0; p < programmes.size(); ++p) {
    const BatchDecision& decision = decisions.programmes[p];
    if (received[p] || decision.status != Status::eligible) continue;
    FindingRow& row = out.emplace_back();
    row.household_id = decisions.id;
    row.programme = static_cast<int>(p);
    row.finding = Finding::blind_spot;
    MonthlyAmount computed = monthly_amount(programmes[p], decision);
    row.computed_monthly = computed.amount;
    row.reasons = std::move(computed.not_comparable);
  }
}

}  // namespace ssis
