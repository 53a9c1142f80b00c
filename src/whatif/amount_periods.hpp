#pragma once
// What an amount stated for a period is worth per month and per year, for totals across
// programmes. Per day and per hour amounts have no such value: how many days or hours are
// paid is not an input. A one-off amount counts in its year but in no month.
#include <cstdint>
#include <optional>
#include <vector>

#include "ssis/rule_set.hpp"
#include "ssis/value.hpp"

namespace ssis::detail {

/// The amount per month, rounded half away from zero to the millionth (raw millionths);
/// nullopt for once, day and hour.
std::optional<std::int64_t> monthly_raw(AmountPeriod period, std::int64_t raw);
/// How many times a year the amount is paid (a one-off: once); nullopt for day and hour.
std::optional<std::int64_t> payments_per_year(AmountPeriod period);
/// Months in the period (1 month, 3 quarter, 6 half year or semester, 12 year); nullopt otherwise.
std::optional<std::int64_t> months_in(AmountPeriod period);

/// What an eligible programme pays per month (raw millionths), or why it counts for nothing
/// in a monthly total: "in kind" (no amount stated), "amount unknown", "no period stated",
/// "once", "per day", "per hour".
struct MonthlyValue {
  std::int64_t raw = 0;
  const char* uncounted = nullptr;
};
MonthlyValue monthly_value(const ProgrammeInfo& programme, Knowledge knowledge, std::int64_t amount);

/// What monthly_value reads of a programme, apart from its ProgrammeInfo: a loop over many
/// decisions then reads two bytes per programme instead of a large record.
struct AmountTerms {
  bool in_kind = false;                ///< no amount stated
  std::optional<AmountPeriod> period;  ///< none stated
};
/// Each programme's terms, in rule-set order.
std::vector<AmountTerms> amount_terms(const RuleSet& rules);
MonthlyValue monthly_value(const AmountTerms& terms, Knowledge knowledge, std::int64_t amount);

}  // namespace ssis::detail
