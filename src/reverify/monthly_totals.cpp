// What was paid and due on each received benefit, month by month since it started.
#include <fmt/format.h>

#include <algorithm>

#include "ssis/error.hpp"
#include "ssis/over_time.hpp"
#include "ssis/reverify.hpp"

namespace ssis {
namespace {

// One month's decision about a benefit: the batch's on the date, or an evaluation's before.
struct MonthDecision {
  Status status = Status::ineligible;
  std::optional<Decimal> amount;  // eligible with a known amount
  std::string error;
};

template <typename Decision>
std::optional<Decimal> known_amount(const Decision& decision) {
  if constexpr (requires { decision.amount_knowledge; })  // BatchDecision, BatchUnitDecision
    return decision.amount_knowledge == Knowledge::known ? std::optional(Decimal::from_raw(decision.amount)) : std::nullopt;
  else  // ProgrammeOutcome, UnitOutcome
    return decision.amount.known() ? std::optional(Decimal::from_raw(decision.amount.raw)) : std::nullopt;
}

template <typename Decision>
MonthDecision decided(const Decision& decision) {
  return {decision.status, known_amount(decision), decision.error};
}

// The decision of a programme for the household (member < 0) or for one member; a member it
// does not assess is not eligible.
template <typename Programme>
MonthDecision month_decision(const Programme& programme, std::int64_t member) {
  if (member < 0) return decided(programme);
  const auto unit = std::find_if(programme.units.begin(), programme.units.end(),
                                 [&](const auto& u) { return static_cast<std::int64_t>(u.member) == member; });
  return unit == programme.units.end() ? MonthDecision{} : decided(*unit);
}

std::string month_of(Date date) { return fmt::format("{:04}-{:02}", date.year(), date.month()); }

// The sum due on one benefit so far, or why it is unknown.
struct RunningDue {
  std::int64_t due = 0;  // raw millionths
  std::string unknown;

  void add(const MonthDecision& decision, Date date) {
    if (!unknown.empty()) return;
    switch (decision.status) {
      case Status::ineligible:
        return;
      case Status::undetermined:
        unknown = "undetermined in " + month_of(date);
        return;
      case Status::error:
        unknown = fmt::format("error in {}: {}", month_of(date), decision.error);
        return;
      case Status::eligible:
        if (!decision.amount) unknown = "amount unknown in " + month_of(date);
        else if (!decimal_ops::add(due, decision.amount->raw(), due)) unknown = "the sum overflows";
        return;
    }
  }
};

// Whether `date`, a date of some benefit's monthly_dates, is one of those of a benefit since `since`.
bool in_months_since(Date date, Date since) { return date == since || (date > since && date.day() == 1); }

}  // namespace

MonthlyTotals::MonthlyTotals(const RuleSet& rules, Date date)
    : rules_(rules), date_(date), month_start_(*Date::from_ymd(date.year(), date.month(), 1)), evaluator_(rules) {}

bool MonthlyTotals::evaluates_again(std::span<const Benefit> benefits) const {
  return std::any_of(benefits.begin(), benefits.end(), [&](const Benefit& benefit) { return benefit.since < month_start_; });
}

void MonthlyTotals::add(const Household& household, const BatchHousehold& decisions, std::span<const Benefit> benefits,
                        std::span<FindingRow> rows) {
  const std::vector<ProgrammeInfo>& programmes = rules_.programmes();
  std::vector<RunningDue> running(benefits.size());
  std::vector<std::size_t> months(benefits.size());
  std::vector<Date> dates;  // before the date's month, every date some benefit needs
  for (std::size_t k = 0; k < benefits.size(); ++k) {
    const Benefit& benefit = benefits[k];
    const ProgrammeInfo& programme = programmes[static_cast<std::size_t>(benefit.programme)];
    months[k] = static_cast<std::size_t>((date_.year() - benefit.since.year()) * 12 + date_.month() - benefit.since.month() + 1);
    if (programme.amount_formula.empty()) running[k].unknown = "the programme states no amount";
    else if (programme.amount_period != AmountPeriod::month)
      running[k].unknown = fmt::format("period {}", programme.amount_period ? to_string(*programme.amount_period) : "none");
    else if (months[k] > max_months)
      running[k].unknown = fmt::format("{} months since {}; at most {} are summed", months[k], benefit.since.to_string(), max_months);
    else if (benefit.since < month_start_) {
      const std::vector<Date> own = monthly_dates(benefit.since, Date::from_days(month_start_.days() - 1));
      dates.insert(dates.end(), own.begin(), own.end());
    }
  }
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());

  for (const Date date : dates) {
    std::optional<HouseholdOutcome> outcome;
    std::string error;
    try {
      outcome = evaluator_.evaluate(household, date);
    } catch (const InputError& e) {
      error = e.what();
    }
    for (std::size_t k = 0; k < benefits.size(); ++k) {
      if (!in_months_since(date, benefits[k].since)) continue;
      const auto p = static_cast<std::size_t>(benefits[k].programme);
      if (outcome) running[k].add(month_decision(outcome->programmes[p], benefits[k].member), date);
      else if (running[k].unknown.empty()) running[k].unknown = fmt::format("not evaluated in {}: {}", month_of(date), error);
    }
  }

  for (std::size_t k = 0; k < benefits.size(); ++k) {
    const Benefit& benefit = benefits[k];
    RunningDue& due = running[k];
    due.add(month_decision(decisions.programmes[static_cast<std::size_t>(benefit.programme)], benefit.member), date_);
    FindingRow& row = rows[k];
    row.months = months[k];
    std::int64_t paid = 0;
    if (!__builtin_mul_overflow(benefit.monthly_amount.raw(), static_cast<std::int64_t>(months[k]), &paid))
      row.paid_total = Decimal::from_raw(paid);
    else if (due.unknown.empty())
      due.unknown = "the sum overflows";
    std::int64_t owed = 0;
    if (due.unknown.empty() && !decimal_ops::subtract(paid, due.due, owed)) due.unknown = "the difference overflows";
    if (!due.unknown.empty()) {
      row.reasons += (row.reasons.empty() ? "" : " | ") + ("totals_unknown: " + due.unknown);
      continue;
    }
    row.due_total = Decimal::from_raw(due.due);
    row.owed = Decimal::from_raw(owed);
  }
}

}  // namespace ssis
