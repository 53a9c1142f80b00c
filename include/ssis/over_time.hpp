#pragma once
/// One household evaluated month by month, each month with the parameters in force in it,
/// and each programme's monthly amounts summed exactly (`ssis eval --from --to`).
#include <optional>
#include <vector>

#include "ssis/evaluator.hpp"

namespace ssis {

/// The date each calendar month from `from` to `to` is evaluated on: `from` itself, then
/// the first day of each later month up to `to`. Empty when `to` is before `from`.
std::vector<Date> monthly_dates(Date from, Date to);

/// A programme's months: how many it was eligible in, and the exact sum of its monthly
/// amounts over them.
struct ProgrammeMonths {
  std::size_t eligible_months = 0;
  /// The sum, for a programme with a monthly amount (`period: month`); nullopt when it
  /// states another period or none, when an eligible month's amount is unknown or in error,
  /// or when the sum leaves the range of a Decimal.
  std::optional<Decimal> total;
  /// Why `total` is nullopt ("" when it is not): "period year", "amount unknown in 2025-03", ...
  std::string no_total;
};

struct MonthlyOutcomes {
  std::vector<HouseholdOutcome> months;    ///< one outcome per date of monthly_dates
  std::vector<ProgrammeMonths> programmes; ///< in rule-set order
};

/// The most months evaluate_months takes: 100 years (each month's outcome is kept).
inline constexpr std::size_t max_months = 1200;

/// Evaluates `household` on each of monthly_dates(from, to). Throws InputError as
/// Evaluator::evaluate does (a birth date after `from`, for one), and std::invalid_argument
/// for more than max_months months.
MonthlyOutcomes evaluate_months(Evaluator& evaluator, const Household& household, Date from, Date to);

}  // namespace ssis
