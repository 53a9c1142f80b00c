#include "ssis/over_time.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace ssis {

std::vector<Date> monthly_dates(Date from, Date to) {
  std::vector<Date> out;
  for (std::optional<Date> month = from; month && *month <= to;) {
    out.push_back(*month);
    const int next_month = month->month() % 12 + 1;
    month = Date::from_ymd(month->year() + (next_month == 1 ? 1 : 0), next_month, 1);  // none past the last date there is
  }
  return out;
}

MonthlyOutcomes evaluate_months(Evaluator& evaluator, const Household& household, Date from, Date to) {
  MonthlyOutcomes out;
  const std::vector<ProgrammeInfo>& programmes = evaluator.rules().programmes();
  out.programmes.resize(programmes.size());
  for (std::size_t p = 0; p < programmes.size(); ++p) {
    const std::optional<AmountPeriod> period = programmes[p].amount_period;
    if (programmes[p].amount_formula.empty()) out.programmes[p].no_total = "no amount";
    else if (period != AmountPeriod::month) out.programmes[p].no_total = fmt::format("period {}", period ? to_string(*period) : "none");
    else out.programmes[p].total = Decimal();
  }
  const std::vector<Date> dates = monthly_dates(from, to);
  if (dates.size() > max_months)
    throw std::invalid_argument(fmt::format("{} to {} is {} months; at most {} are evaluated at once", from.to_string(), to.to_string(),
                                            dates.size(), max_months));
  for (const Date date : dates) {
    HouseholdOutcome& outcome = out.months.emplace_back(evaluator.evaluate(household, date));
    for (std::size_t p = 0; p < programmes.size(); ++p) {
      const ProgrammeOutcome& decision = outcome.programmes[p];
      ProgrammeMonths& months = out.programmes[p];
      if (decision.status != Status::eligible) continue;
      ++months.eligible_months;
      if (!months.total) continue;
      std::int64_t sum = 0;
      if (!decision.amount.known()) {
        months.total.reset();
        months.no_total = fmt::format("amount {} on {}", decision.amount.to_string(), date.to_string());
      } else if (!decimal_ops::add(months.total->raw(), decision.amount.raw, sum)) {
        months.total.reset();
        months.no_total = "the sum overflows";
      } else {
        months.total = Decimal::from_raw(sum);
      }
    }
  }
  return out;
}

}  // namespace ssis
