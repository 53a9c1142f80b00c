#pragma once
/// Sweeps: one household evaluated while one or more numeric inputs vary over ranges, every
/// point through the columnar engine; per point each programme's status and amount, the
/// household's benefits and net income per month, and along the first input the marginal
/// effective tax rate and the benefit cliffs.
///
/// Net income per month = the household's own income (the income fields, summed over the
/// household and its members) + the cash benefits the rule set states per month, quarter,
/// half year, semester or year, as a monthly amount. It leaves out what the rule set does not
/// encode (taxes and social contributions) and what has no monthly cash value: benefits in
/// kind (no amount stated, e.g. medical aid), one-off amounts, amounts per day or per hour,
/// and amounts not known; `uncounted` names them at each point.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssis/columns.hpp"
#include "ssis/household.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

/// An input varied from `from` to `to` (both included, when `to` is a step away) by `step`.
/// `path` is a household field ("monthly_rent") or a member's ("members[0].earned_income").
struct SweepAxis {
  std::string path;
  Decimal from;
  Decimal to;
  Decimal step;
};

/// "members[0].earned_income=0:5000000:50000". Throws InputError (path: the text before
/// '=', or "--vary") when it is malformed: no '=', not three numbers, a step that is not
/// positive, `to` below `from`.
SweepAxis parse_sweep_axis(std::string_view text);

struct SweepOptions {
  Date date;
  unsigned threads = 0;  ///< 0: every core
  /// Money fields (household or member; a member field is summed over the members) that
  /// make up the household's own income per month. Empty: the field of the first axis.
  std::vector<std::string> income_fields;
  /// Sweeps larger than this are refused (the outcome holds every programme at every point).
  std::size_t max_points = 100'000;
};

/// An eligible programme whose amount is not in the monthly total, and why.
struct UncountedBenefit {
  std::size_t programme = 0;  ///< index in RuleSet::programmes
  std::string reason;         ///< "in kind", "once", "per day", "per hour", "amount unknown"
};

/// A programme whose monthly amount fell from the previous point to this one.
struct BenefitDrop {
  std::size_t programme = 0;
  Decimal monthly_drop;  ///< positive: how much less it pays per month
};

struct SweepPoint {
  std::vector<Decimal> values;       ///< one per axis
  Decimal own_income;                ///< per month
  Decimal benefits;                  ///< cash benefits per month
  Decimal net_income;                ///< own_income + benefits
  std::size_t eligible = 0;
  std::size_t undetermined = 0;
  /// Along the first axis from the previous point (same values of the other axes): the share
  /// of the extra own income lost to benefits withdrawn, 1 - change in net / change in own
  /// income. None at the first step or when own income did not change.
  std::optional<Decimal> marginal_effective_tax_rate;
  bool cliff = false;                ///< the rate is above 1: net income fell as income rose
  std::vector<BenefitDrop> drops;    ///< largest first; at a cliff, the programmes responsible
  std::vector<UncountedBenefit> uncounted;
};

struct SweepResult {
  std::vector<SweepAxis> axes;
  std::vector<std::string> income_fields;
  /// Points with the first axis varying fastest: point i has axis a at step
  /// (i / product of the steps of axes before a) % steps of a.
  std::vector<SweepPoint> points;
  /// Every programme at every point (households = points).
  ColumnOutcomes outcomes;
  /// What net income leaves out, in words (the same at every point).
  static std::string_view leaves_out();
};

/// Evaluates `household` at every point of the grid the axes make. Throws InputError naming
/// the axis path for an unknown field, a field that is not numeric, a member that the household
/// does not have, a value the field does not take (a fraction for a whole-number field, a value
/// out of its range), an income field that is not money or not known, or too many points.
SweepResult sweep(const RuleSet& rules, const Household& household, const std::vector<SweepAxis>& axes,
                  const SweepOptions& options);

/// One row per point: the axis values, own_income, benefits, net_income,
/// marginal_effective_tax_rate, cliff, cliff_programmes, eligible, undetermined, uncounted,
/// net_income_leaves_out, then a status and an amount column per programme.
std::string sweep_csv(const RuleSet& rules, const SweepResult& result);
/// The same as a JSON object: rule set, fingerprint, date, axes, income fields, what net
/// income leaves out, the programme ids, and one object per point.
std::string sweep_json(const RuleSet& rules, const SweepResult& result, Date date);

}  // namespace ssis
