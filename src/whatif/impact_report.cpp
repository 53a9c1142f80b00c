// report.md of an impact run.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "ssis/impact.hpp"
#include "io/utf8.hpp"
#include "ssis/sweep.hpp"
#include "whatif/amount_periods.hpp"

namespace ssis {
namespace {

constexpr std::size_t programmes_shown = 20;
constexpr std::size_t errors_shown = 20;

ExactSum yearly_change(const ProgrammeImpact& p) {
  const auto per_year = p.period ? detail::payments_per_year(*p.period) : std::nullopt;
  return {per_year ? (p.reform_cost.raw - p.baseline_cost.raw) * *per_year : 0};
}

__int128 magnitude(__int128 v) { return v < 0 ? -v : v; }

}  // namespace

std::string impact_report(const ImpactResult& result, const RuleSet& baseline, const RuleSet& reform, const ImpactOptions& options) {
  std::string out = "# Impact of a reform\n\n";
  out += fmt::format("- Baseline: rule set `{}` ({})\n- Reform: rule set `{}` with the reform applied ({})\n- Date: {}\n",
                     baseline.id(), baseline.fingerprint(), reform.id(), reform.fingerprint(), options.date.to_string());
  out += fmt::format("- Households read: {}; evaluated: {}; input errors: {}\n", result.households_read, result.evaluated,
                     result.input_error_count);
  out += fmt::format("- Weighted households (column `{}`, 1 where absent): {}\n", options.weight_field,
                     result.weighted_households.to_string());
  out += fmt::format("- Households gaining eligibility for a programme or more: {}; losing: {}\n",
                     result.households_gaining.to_string(), result.households_losing.to_string());
  std::string rates;
  for (const auto& [id, rate] : options.take_up) rates += fmt::format("{}{} {}", rates.empty() ? "" : ", ", id, rate.to_string());
  out += fmt::format("- Take-up rates (cost only; eligibility counts are entitlement): {}\n\n", rates.empty() ? "none (everyone eligible claims)" : rates);

  out += "## Cost by ministry\n\n| ministry | gaining | losing | monthly cost change | yearly cost change |\n|---|---:|---:|---:|---:|\n";
  for (const MinistryImpact& m : result.ministries) {
    if (m.gaining.raw == 0 && m.losing.raw == 0 && m.reform_yearly.raw == m.baseline_yearly.raw) continue;
    out += fmt::format("| {} | {} | {} | {} | {} |\n", m.ministry, m.gaining.to_string(), m.losing.to_string(),
                       ExactSum{m.reform_monthly_times_12.raw - m.baseline_monthly_times_12.raw}.divided_by(12),
                       ExactSum{m.reform_yearly.raw - m.baseline_yearly.raw}.to_string());
  }
  out += "\nMinistries without any change are left out; `summary.csv` lists every one.\n\n";

  std::vector<const ProgrammeImpact*> changed;
  for (const ProgrammeImpact& p : result.programmes)
    if (p.gaining.raw != 0 || p.losing.raw != 0 || p.baseline_cost.raw != p.reform_cost.raw || p.in_baseline != p.in_reform)
      changed.push_back(&p);
  std::stable_sort(changed.begin(), changed.end(), [](const ProgrammeImpact* a, const ProgrammeImpact* b) {
    return magnitude(yearly_change(*a).raw) > magnitude(yearly_change(*b).raw);
  });
  out += fmt::format("## Programmes that change ({}; the {} with the largest yearly cost change first)\n\n", changed.size(),
                     std::min(changed.size(), programmes_shown));
  out += "| programme | ministry | period | gaining | losing | yearly cost change |\n|---|---|---|---:|---:|---:|\n";
  for (std::size_t i = 0; i < changed.size() && i < programmes_shown; ++i) {
    const ProgrammeImpact& p = *changed[i];
    out += fmt::format("| {}{} | {} | {} | {} | {} | {} |\n", p.id, p.in_baseline ? (p.in_reform ? "" : " (removed)") : " (added)",
                       p.ministry, p.period ? to_string(*p.period) : "in kind", p.gaining.to_string(), p.losing.to_string(),
                       yearly_change(p).to_string());
  }
  out += "\n## Winners and losers by income decile\n\n";
  out += fmt::format("Households ranked by income ({}), weighted; a winner receives more cash benefits per month under the "
                     "reform, a loser less.\n\n",
                     fmt::join(options.income_fields, " + "));
  out += "| decile | households | winners | losers | monthly change | income from | income to |\n|---|---:|---:|---:|---:|---:|---:|\n";
  for (const DecileImpact& d : result.deciles)
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", d.decile == 0 ? std::string("income unknown") : std::to_string(d.decile),
                       d.households.to_string(), d.winners.to_string(), d.losers.to_string(), d.monthly_change.to_string(),
                       d.lowest_income ? d.lowest_income->to_string() : "", d.highest_income ? d.highest_income->to_string() : "");
  out += "\n## What the figures leave out\n\n";
  out += fmt::format("Costs are the amounts the rule sets compute, weighted and taken up; monthly costs cover amounts stated "
                     "per month, quarter, half year, semester or year, yearly costs also one-off amounts. Winners and losers "
                     "compare cash benefits per month, which leave out {}.\n",
                     SweepResult::leaves_out());
  if (result.input_error_count != 0) {
    out += fmt::format("\n## Input errors ({}; not evaluated, in neither baseline nor reform)\n\n", result.input_error_count);
    for (std::size_t i = 0; i < result.input_errors.size() && i < errors_shown; ++i) {
      const ImpactInputError& e = result.input_errors[i];
      out += fmt::format("- line {}{}: {}\n", e.line, e.household_id.empty() ? "" : " " + detail::quoted(e.household_id),
                         detail::escaped(e.reason));
    }
    if (result.input_error_count > errors_shown) out += "- ... every one is in `detail.csv` with its reason\n";
  }
  return out;
}

}  // namespace ssis
