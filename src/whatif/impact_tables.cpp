// The tables of an impact run: summary.csv, deciles.csv and the rows of detail.csv.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/csv.hpp"
#include "ssis/impact.hpp"
#include "whatif/amount_periods.hpp"

namespace ssis {
namespace {

class CsvLine {
 public:
  CsvLine& operator<<(std::string_view field) {
    if (!first_) out_ += ',';
    first_ = false;
    detail::append_csv_field(out_, field);
    return *this;
  }
  std::string end() { return out_ + '\n'; }

 private:
  std::string out_;
  bool first_ = true;
};

ExactSum times(const ExactSum& sum, std::int64_t factor) { return {sum.raw * factor}; }

ExactSum difference(const ExactSum& reform, const ExactSum& baseline) { return {reform.raw - baseline.raw}; }

// baseline, reform and change of a cost.
void costs(CsvLine& line, const ExactSum& baseline, const ExactSum& reform, std::optional<std::int64_t> divisor) {
  if (!divisor) {
    line << "" << "" << "";
    return;
  }
  line << baseline.divided_by(*divisor) << reform.divided_by(*divisor) << difference(reform, baseline).divided_by(*divisor);
}

void yearly(CsvLine& line, const ExactSum& baseline, const ExactSum& reform, std::optional<std::int64_t> per_year) {
  if (!per_year) {
    line << "" << "" << "";
    return;
  }
  costs(line, times(baseline, *per_year), times(reform, *per_year), 1);
}

}  // namespace

std::string impact_summary_csv(const ImpactResult& result) {
  CsvLine header;
  header << "level" << "id" << "ministry" << "period" << "take_up" << "baseline_eligible" << "reform_eligible" << "gaining"
         << "losing" << "baseline_cost_per_period" << "reform_cost_per_period" << "cost_change_per_period"
         << "baseline_monthly_cost" << "reform_monthly_cost" << "monthly_cost_change" << "baseline_yearly_cost"
         << "reform_yearly_cost" << "yearly_cost_change";
  std::string out = header.end();
  for (const ProgrammeImpact& p : result.programmes) {
    CsvLine line;
    line << "programme" << p.id << p.ministry << (p.period ? to_string(*p.period) : "") << p.take_up.to_string()
         << p.baseline_eligible.to_string() << p.reform_eligible.to_string() << p.gaining.to_string() << p.losing.to_string();
    costs(line, p.baseline_cost, p.reform_cost, p.period ? std::optional<std::int64_t>(1) : std::nullopt);
    costs(line, p.baseline_cost, p.reform_cost, p.period ? detail::months_in(*p.period) : std::nullopt);
    yearly(line, p.baseline_cost, p.reform_cost, p.period ? detail::payments_per_year(*p.period) : std::nullopt);
    out += line.end();
  }
  MinistryImpact total;
  total.ministry = "total";
  for (const MinistryImpact& m : result.ministries) {
    CsvLine line;
    line << "ministry" << m.ministry << m.ministry << "" << "" << "" << "" << m.gaining.to_string() << m.losing.to_string()
         << "" << "" << "";
    costs(line, m.baseline_monthly_times_12, m.reform_monthly_times_12, 12);
    costs(line, m.baseline_yearly, m.reform_yearly, 1);
    out += line.end();
    for (auto [sum, part] : {std::pair{&total.baseline_yearly, &m.baseline_yearly}, {&total.reform_yearly, &m.reform_yearly},
                             {&total.baseline_monthly_times_12, &m.baseline_monthly_times_12},
                             {&total.reform_monthly_times_12, &m.reform_monthly_times_12}})
      sum->raw += part->raw;
  }
  CsvLine line;
  line << "total" << "total" << "" << "" << "" << result.weighted_households.to_string() << result.weighted_households.to_string()
       << result.households_gaining.to_string() << result.households_losing.to_string() << "" << "" << "";
  costs(line, total.baseline_monthly_times_12, total.reform_monthly_times_12, 12);
  costs(line, total.baseline_yearly, total.reform_yearly, 1);
  out += line.end();
  return out;
}

std::string impact_deciles_csv(const ImpactResult& result) {
  CsvLine header;
  header << "decile" << "households" << "winners" << "losers" << "unchanged" << "monthly_change" << "lowest_income"
         << "highest_income";
  std::string out = header.end();
  for (const DecileImpact& d : result.deciles) {
    CsvLine line;
    line << (d.decile == 0 ? std::string("income unknown") : std::to_string(d.decile)) << d.households.to_string()
         << d.winners.to_string() << d.losers.to_string()
         << ExactSum{d.households.raw - d.winners.raw - d.losers.raw}.to_string() << d.monthly_change.to_string()
         << (d.lowest_income ? d.lowest_income->to_string() : "") << (d.highest_income ? d.highest_income->to_string() : "");
    out += line.end();
  }
  return out;
}

std::string impact_detail_header() {
  CsvLine header;
  header << "household_id" << "line" << "weight" << "income" << "baseline_monthly" << "reform_monthly" << "monthly_change"
         << "gained" << "lost" << "error";
  return header.end();
}

std::string impact_detail_row(const HouseholdChange& change) {
  CsvLine line;
  line << change.id << std::to_string(change.line) << change.weight.to_string()
       << (change.income ? change.income->to_string() : "") << change.baseline_monthly.to_string()
       << change.reform_monthly.to_string()
       << Decimal::from_raw(change.reform_monthly.raw() - change.baseline_monthly.raw()).to_string()
       << fmt::format("{}", fmt::join(change.gained, ";")) << fmt::format("{}", fmt::join(change.lost, ";")) << "";
  return line.end();
}

std::string impact_error_row(const ImpactInputError& error) {
  CsvLine line;
  line << error.household_id << std::to_string(error.line) << "" << "" << "" << "" << "" << "" << "" << error.reason;
  return line.end();
}

}  // namespace ssis
