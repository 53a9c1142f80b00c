#include "whatif/amount_periods.hpp"

#include "ssis/decimal.hpp"

namespace ssis::detail {

std::optional<std::int64_t> months_in(AmountPeriod period) {
  switch (period) {
    case AmountPeriod::month: return 1;
    case AmountPeriod::quarter: return 3;
    case AmountPeriod::half_year:
    case AmountPeriod::semester: return 6;
    case AmountPeriod::year: return 12;
    case AmountPeriod::hour:
    case AmountPeriod::day:
    case AmountPeriod::once: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::int64_t> payments_per_year(AmountPeriod period) {
  if (period == AmountPeriod::once) return 1;
  if (const auto months = months_in(period)) return 12 / *months;
  return std::nullopt;
}

std::optional<std::int64_t> monthly_raw(AmountPeriod period, std::int64_t raw) {
  const auto months = months_in(period);
  if (!months) return std::nullopt;
  return decimal_ops::detail::quotient_rounded<std::int64_t>(raw, *months, RoundingMode::half_up);
}

namespace {

AmountTerms terms_of(const ProgrammeInfo& programme) { return {programme.amount_formula.empty(), programme.amount_period}; }

}  // namespace

MonthlyValue monthly_value(const ProgrammeInfo& programme, Knowledge knowledge, std::int64_t amount) {
  return monthly_value(terms_of(programme), knowledge, amount);
}

std::vector<AmountTerms> amount_terms(const RuleSet& rules) {
  std::vector<AmountTerms> out;
  for (const ProgrammeInfo& programme : rules.programmes()) out.push_back(terms_of(programme));
  return out;
}

MonthlyValue monthly_value(const AmountTerms& terms, Knowledge knowledge, std::int64_t amount) {
  if (terms.in_kind) return {0, "in kind"};
  if (knowledge != Knowledge::known) return {0, "amount unknown"};
  if (!terms.period) return {0, "no period stated"};
  if (const auto monthly = monthly_raw(*terms.period, amount)) return {*monthly, nullptr};
  switch (*terms.period) {
    case AmountPeriod::once: return {0, "once"};
    case AmountPeriod::day: return {0, "per day"};
    default: return {0, "per hour"};
  }
}

}  // namespace ssis::detail
