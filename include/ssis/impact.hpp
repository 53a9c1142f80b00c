#pragma once
/// Population impact of a reform: every household of a population evaluated under the rule
/// set as it stands (the baseline) and under the reform, streamed in blocks; per programme
/// and ministry the households gaining and losing eligibility and the change in cost, and
/// winners and losers by income decile. Sums are exact: weights, take-up rates and amounts
/// are multiplied and added without rounding, and rounded to the millionth only when shown.
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ssis/decimal.hpp"
#include "ssis/exact_sum.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

struct ImpactOptions {
  Date date;
  unsigned threads = 0;             ///< 0: every core
  std::size_t block_size = 8'192;   ///< households read and evaluated together (1 to 65,536)
  /// The CSV column or JSON key holding a household's weight (a non-negative number); a
  /// population without it weighs 1 per household.
  std::string weight_field = "weight";
  /// Programme id -> share of the eligible who claim (0 to 1); programmes not named: 1.
  /// Applied to cost only; eligibility counts are of entitlement.
  std::map<std::string, Decimal> take_up;
  /// Money fields whose sum (over the household and its members) ranks households into
  /// income deciles. Required.
  std::vector<std::string> income_fields;
};

struct ProgrammeImpact {
  std::string id;
  std::string ministry;
  std::optional<AmountPeriod> period;  ///< as the reform states it, else the baseline
  bool in_baseline = false;
  bool in_reform = false;
  Decimal take_up = Decimal::from_raw(Decimal::scale);
  ExactSum baseline_eligible;  ///< weighted households (scale 10^-18 as the cost)
  ExactSum reform_eligible;
  ExactSum gaining;  ///< not eligible in the baseline, eligible under the reform
  ExactSum losing;
  /// Weighted, taken-up amounts per the programme's period.
  ExactSum baseline_cost;
  ExactSum reform_cost;
};

struct MinistryImpact {
  std::string ministry;
  ExactSum gaining;  ///< weighted households gaining eligibility for one of its programmes or more
  ExactSum losing;
  /// Costs of its programmes per year (× payments a year), and the monthly part as
  /// yearly/12 of those with a monthly value.
  ExactSum baseline_yearly, reform_yearly;
  ExactSum baseline_monthly_times_12, reform_monthly_times_12;
};

struct DecileImpact {
  int decile = 0;  ///< 1 to 10; 0: households whose income is not known
  ExactSum households;
  ExactSum winners;  ///< more cash benefits per month under the reform
  ExactSum losers;
  ExactSum monthly_change;  ///< of cash benefits (entitlement, before take-up)
  std::optional<Decimal> lowest_income, highest_income;
};

struct ImpactInputError {
  std::string household_id;
  std::size_t line = 0;
  std::string reason;
};

/// One household whose benefits change.
struct HouseholdChange {
  std::string id;
  std::size_t line = 0;
  Decimal weight;
  std::optional<Decimal> income;
  Decimal baseline_monthly;  ///< cash benefits per month (see ssis/sweep.hpp for what counts)
  Decimal reform_monthly;
  std::vector<std::string> gained;
  std::vector<std::string> lost;
};

struct ImpactResult {
  std::size_t households_read = 0;
  std::size_t evaluated = 0;
  std::size_t input_error_count = 0;           ///< households that could not be evaluated
  std::vector<ImpactInputError> input_errors;  ///< the first max_listed_input_errors of them
  ExactSum weighted_households;
  ExactSum households_gaining;  ///< weighted, gaining eligibility for one programme or more
  ExactSum households_losing;
  std::vector<ProgrammeImpact> programmes;  ///< baseline order, then programmes the reform adds
  std::vector<MinistryImpact> ministries;   ///< by name
  std::vector<DecileImpact> deciles;        ///< 1..10, then 0 when some income was unknown
};

inline constexpr std::size_t max_listed_input_errors = 100;

/// Where each household that changes, and each input error, goes as it is found (in input order).
struct ImpactSinks {
  std::function<void(const HouseholdChange&)> change;
  std::function<void(const ImpactInputError&)> error;
};

/// Evaluates the households of `input` (CSV, one row per member, or JSON lines, as
/// `eval-batch` reads them, with the weight column or key besides) under both rule sets,
/// `block_size` households at a time, read on a thread of their own up to two blocks ahead;
/// `sinks` (optional) receive every household whose benefits or eligibility change and every
/// input error, in input order. Memory: four blocks (two read ahead, one being read, one evaluated under
/// both rule sets), plus 24 bytes per household for the deciles. Throws InputError for a bad header, an unknown income field,
/// a weight field that the rule set also declares, or a take-up rate for an unknown programme
/// or outside 0 to 1; std::invalid_argument when the two rule sets have different schemas.
ImpactResult impact(const RuleSet& baseline, const RuleSet& reform, std::istream& input, bool csv,
                    const ImpactOptions& options, const ImpactSinks& sinks = {});

/// Reads `programme,take_up` rows (a header line first) into ImpactOptions::take_up. Throws
/// InputError whose path is `name:LINE` for a malformed row, a repeated programme or a rate
/// that is not a number.
std::map<std::string, Decimal> read_take_up_csv(std::istream& input, const std::string& name);

/// summary.csv: one row per programme, then per ministry, then the total.
std::string impact_summary_csv(const ImpactResult& result);
/// deciles.csv: one row per decile.
std::string impact_deciles_csv(const ImpactResult& result);
/// The header of detail.csv and one row of it.
std::string impact_detail_header();
std::string impact_detail_row(const HouseholdChange& change);
/// A household that could not be evaluated, as a row of detail.csv with its reason.
std::string impact_error_row(const ImpactInputError& error);
/// report.md: what was compared, totals, ministries, the programmes whose cost changes
/// most, deciles, input errors and what the figures leave out.
std::string impact_report(const ImpactResult& result, const RuleSet& baseline, const RuleSet& reform, const ImpactOptions& options);

}  // namespace ssis
