// One household's evaluation against the benefits it receives.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

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

template <typename Decision>
MonthlyAmount monthly_amount(const ProgrammeInfo& programme, const Decision& decision) {
  if (programme.amount_formula.empty()) return {std::nullopt, "the programme states no amount"};
  if (decision.amount_knowledge != Knowledge::known) return {std::nullopt, "the amount could not be computed"};
  const Decimal amount = Decimal::from_raw(decision.amount);
  // Only a monthly amount compares exactly: a yearly amount divided by 12 is not exact.
  if (programme.amount_period != AmountPeriod::month)
    return {std::nullopt, fmt::format("amount {} per {}", amount.to_string(),
                                      programme.amount_period ? to_string(*programme.amount_period) : "unstated period")};
  return {amount, {}};
}

template <typename Decision>
void compare_amount(const ProgrammeInfo& programme, const Decision& decision, FindingRow& row) {
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

// Why member `member` is not eligible for a programme assessed per member: "failing: a;b |
// excluded_by: r, keeps p | requires: q" for that member, or "not assessed: members[i] does
// not meet <unit.where>".
void member_reasons(const ProgrammeOutcome& outcome, std::int64_t member, std::vector<std::string>& parts) {
  const auto unit = std::find_if(outcome.units.begin(), outcome.units.end(),
                                 [&](const UnitOutcome& u) { return static_cast<std::int64_t>(u.member) == member; });
  if (unit == outcome.units.end()) {
    parts.push_back(fmt::format("not assessed: members[{}] does not meet {}", member, outcome.programme->unit_where));
    return;
  }
  if (const std::string failing = failing_criteria(unit->criteria); !failing.empty()) parts.push_back("failing: " + failing);
  if (!unit->excluded_by.empty()) parts.push_back(fmt::format("excluded_by: {}, keeps {}", unit->excluded_by, unit->kept_instead));
  if (!unit->required_missing.empty()) parts.push_back("requires: " + unit->required_missing);
}

// The facts that would settle an undetermined decision, "a;b": member `member`'s (>= 0) for
// a programme assessed per member.
std::string missing_facts(const ProgrammeOutcome& outcome, std::int64_t member) {
  if (member < 0) return fmt::format("{}", fmt::join(outcome.missing, ";"));
  const auto unit = std::find_if(outcome.units.begin(), outcome.units.end(),
                                 [&](const UnitOutcome& u) { return static_cast<std::int64_t>(u.member) == member; });
  return unit == outcome.units.end() ? std::string() : fmt::format("{}", fmt::join(unit->missing, ";"));
}

// "failing: a;b | excluded_by: r, keeps p | requires: q | not in force on the date"; for a
// programme assessed per member, the reasons of member `member` (>= 0) with those of the
// household, or else "members[1] failing: a;b" per member, or "no member is assessed".
std::string ineligibility_reasons(const ProgrammeOutcome& outcome, std::int64_t member = -1) {
  std::vector<std::string> parts;
  if (member >= 0) {
    member_reasons(outcome, member, parts);
  } else {
    if (const std::string failing = failing_criteria(outcome.criteria); !failing.empty()) parts.push_back("failing: " + failing);
    if (outcome.programme->unit == ProgrammeUnit::member && outcome.units.empty()) parts.push_back("no member is assessed");
    for (const UnitOutcome& unit : outcome.units) {
      if (const std::string failing = failing_criteria(unit.criteria); !failing.empty())
        parts.push_back(fmt::format("members[{}] failing: {}", unit.member, failing));
      if (!unit.excluded_by.empty())
        parts.push_back(fmt::format("members[{}] excluded_by: {}, keeps {}", unit.member, unit.excluded_by, unit.kept_instead));
    }
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
    ExclusiveGroup group{r, {}, relations[r].per == ProgrammeUnit::member};
    for (const std::string& id : relations[r].programmes) group.programmes.push_back(rules.programme_index(id));
    groups_.push_back(std::move(group));
  }
}

namespace {

// The decision of a programme assessed per member for `member`, or null when it does not assess the member.
const BatchUnitDecision* unit_of(const std::vector<BatchUnitDecision>& units, std::int64_t member) {
  const auto unit = std::find_if(units.begin(), units.end(),
                                 [&](const BatchUnitDecision& u) { return static_cast<std::int64_t>(u.member) == member; });
  return unit == units.end() ? nullptr : &*unit;
}

// The finding for one received benefit, given the decision (the household's, or the member's)
// it is compared with and its error; the reasons of an ineligible or undetermined one are
// worked out when needed.
template <typename Decision>
void judge(const ProgrammeInfo& programme, const Decision& decision, const std::string& error,
           const std::function<std::string()>& ineligibility, const std::function<std::string()>& missing, FindingRow& row) {
  switch (decision.status) {
    case Status::eligible:
      compare_amount(programme, decision, row);
      break;
    case Status::ineligible:
      row.finding = Finding::no_longer_eligible;
      row.reasons = ineligibility();
      break;
    case Status::undetermined:
      row.finding = Finding::undetermined;
      row.reasons = "missing: " + missing();
      break;
    case Status::error:
      row.finding = Finding::undetermined;
      row.reasons = "error: " + error;
      break;
  }
}

void add_blind_spot(const std::string& household_id, std::size_t p, std::int64_t member, MonthlyAmount computed,
                    std::vector<FindingRow>& out) {
  FindingRow& row = out.emplace_back();
  row.household_id = household_id;
  row.programme = static_cast<int>(p);
  row.member = member;
  row.finding = Finding::blind_spot;
  row.computed_monthly = computed.amount;
  row.reasons = std::move(computed.not_comparable);
}

}  // namespace

void BenefitComparer::compare(const BatchHousehold& decisions, std::span<const Benefit> benefits,
                              const std::function<const HouseholdOutcome&(bool)>& outcome, std::vector<FindingRow>& out) const {
  const std::vector<ProgrammeInfo>& programmes = rules_.programmes();
  std::vector<bool> received(programmes.size(), false);
  for (const Benefit& benefit : benefits) {
    const auto p = static_cast<std::size_t>(benefit.programme);
    received[p] = true;
    const BatchDecision& decision = decisions.programmes[p];
    const BatchDecisionDetail& detail = decisions.detail(decision);
    FindingRow& row = out.emplace_back();
    row.household_id = decisions.id;
    row.programme = benefit.programme;
    row.member = benefit.member;
    row.paid_monthly = benefit.monthly_amount;
    const auto ineligibility = [&] { return ineligibility_reasons(outcome(false).programmes[p], benefit.member); };
    const auto missing = [&] { return missing_facts(outcome(true).programmes[p], benefit.member); };
    if (benefit.member < 0) {
      judge(programmes[p], decision, detail.error, ineligibility, missing, row);
    } else if (const BatchUnitDecision* unit = unit_of(detail.units, benefit.member)) {
      judge(programmes[p], *unit, decisions.detail(*unit).error, ineligibility, missing, row);
    } else {
      row.finding = Finding::no_longer_eligible;
      row.reasons = ineligibility();
    }
  }

  for (const ExclusiveGroup& group : groups_) {
    if (group.per_member) add_member_overlaps(group, decisions, benefits, out);
    else add_overlap(group, decisions, received, -1, out);
  }

  for (std::size_t p = 0; p < programmes.size(); ++p) {
    const BatchDecision& decision = decisions.programmes[p];
    if (programmes[p].unit == ProgrammeUnit::member) {
      for (const BatchUnitDecision& unit : decisions.detail(decision).units) {
        const auto receives = [&](const Benefit& b) {
          return b.programme == static_cast<int>(p) && b.member == static_cast<std::int64_t>(unit.member);
        };
        if (unit.status != Status::eligible || std::any_of(benefits.begin(), benefits.end(), receives)) continue;
        add_blind_spot(decisions.id, p, static_cast<std::int64_t>(unit.member), monthly_amount(programmes[p], unit), out);
      }
      continue;
    }
    if (received[p] || decision.status != Status::eligible) continue;
    add_blind_spot(decisions.id, p, -1, monthly_amount(programmes[p], decision), out);
  }
}

void BenefitComparer::add_member_overlaps(const ExclusiveGroup& group, const BatchHousehold& decisions,
                                          std::span<const Benefit> benefits, std::vector<FindingRow>& out) const {
  std::vector<std::int64_t> members;  // the members who receive one of the group's programmes
  for (const Benefit& b : benefits)
    if (std::find(group.programmes.begin(), group.programmes.end(), b.programme) != group.programmes.end()) members.push_back(b.member);
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  std::vector<bool> received(rules_.programmes().size());
  for (const std::int64_t member : members) {
    std::fill(received.begin(), received.end(), false);
    for (const Benefit& b : benefits)
      if (b.member == member) received[static_cast<std::size_t>(b.programme)] = true;
    add_overlap(group, decisions, received, member, out);
  }
}

void BenefitComparer::add_overlap(const ExclusiveGroup& group, const BatchHousehold& decisions, const std::vector<bool>& received,
                                  std::int64_t member, std::vector<FindingRow>& out) const {
  const std::vector<ProgrammeInfo>& programmes = rules_.programmes();
  std::vector<int> both;  // the group's programmes it receives
  int kept = -1;
  for (int p : group.programmes) {
    const BatchDecision& decision = decisions.programmes[static_cast<std::size_t>(p)];
    if (received[static_cast<std::size_t>(p)]) both.push_back(p);
    const BatchUnitDecision* unit = member < 0 ? nullptr : unit_of(decisions.detail(decision).units, member);
    const Status status = member < 0 ? decision.status : unit ? unit->status : Status::ineligible;
    if (kept < 0 && status == Status::eligible) kept = p;
  }
  if (both.size() < 2) return;
  FindingRow& row = out.emplace_back();
  row.household_id = decisions.id;
  row.programme = both.front() == kept ? both[1] : both.front();
  row.member = member;
  row.finding = Finding::overlap;
  row.relation = static_cast<int>(group.relation);
  std::vector<std::string_view> names;
  for (int p : both) names.push_back(programmes[static_cast<std::size_t>(p)].id);
  row.reasons = fmt::format("relation {}: {}receives {}; the rules keep {}", rules_.relations()[group.relation].id,
                            member < 0 ? std::string() : fmt::format("members[{}] ", member), fmt::join(names, ", "),
                            kept >= 0 ? programmes[static_cast<std::size_t>(kept)].id : "none of them");
}

}  // namespace ssis
