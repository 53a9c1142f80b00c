#pragma once
/// Current benefits for a synthetic population, with planted cases for re-verification:
/// over- and under-payments, recipients the rules find ineligible or cannot settle,
/// overlapping exclusive benefits, blind spots and bad input rows. Every household is
/// evaluated while its benefits are assigned, so the findings `ssis reverify` must report
/// are known exactly by construction (expected()). A programme assessed per member is
/// received by members, each compared with that member's decision.
#include <ssis/evaluator.hpp>
#include <ssis/reverify.hpp>

#include <iosfwd>
#include <string>
#include <vector>

#include "population/random_source.hpp"

namespace ssis::population {

struct AssignedBenefit {
  int programme = -1;
  Decimal monthly_amount;
  Date since;
  std::int64_t member = -1;  ///< the member it is paid to (programmes assessed per member), else -1
};

class KrBeneficiaries {
 public:
  /// Shares of households with one planted case of each kind; the rest of their eligible
  /// programmes are received with the right amount with probability `take_up`.
  struct Shares {
    double overpaid = 0.04;
    double underpaid = 0.04;
    double ineligible = 0.04;
    double undetermined = 0.02;
    double overlap = 0.02;
    double take_up = 0.7;
  };

  KrBeneficiaries(const RuleSet& rules, std::uint64_t seed, Date date, Shares shares);
  KrBeneficiaries(const RuleSet& rules, std::uint64_t seed, Date date) : KrBeneficiaries(rules, seed, date, Shares{}) {}

  /// The benefits `household` receives, in programme order; counts what they must yield.
  std::vector<AssignedBenefit> assign(const Household& household);
  /// `count` benefit rows (CSV lines) that must each be reported as one input error: an
  /// unknown programme, an amount that is not a number, a household absent from the input.
  std::vector<std::string> bad_rows(std::size_t count, const std::string& present_household_id);
  /// The findings re-verification must report for everything assigned so far.
  const FindingTally& expected() const { return expected_; }
  /// From the next assign() on: each `since` is drawn from `since_from` to the date (not from
  /// 2015-01-01), and expected() also counts what each benefit was paid and due since it
  /// started (paid_total, due_total, owed, owed_back, owed_to_people, totals_unknown), the
  /// household evaluated with an Evaluator on each date of the benefit's months.
  void plant_totals(Date since_from);

 private:
  enum class Plant { none, overpaid, underpaid, ineligible, undetermined, overlap };
  /// What can be received: a programme's decision for the household, or for one member of
  /// a programme assessed per member.
  struct Slot {
    int programme = -1;
    std::int64_t member = -1;
    Status status = Status::undetermined;
    Value amount;
  };
  struct ExclusiveGroup {
    std::vector<int> programmes;
    bool per_member = false;  ///< the relation holds per member
  };
  Plant draw();
  int pick(const std::vector<int>& candidates);
  /// Adds what `benefits` of `household` were paid and due since they started to expected_;
  /// `on_date` is its outcome on the date.
  void add_totals(const Household& household, const HouseholdOutcome& on_date, const std::vector<AssignedBenefit>& benefits);
  /// Slots of `group` to receive together so that they overlap: two programmes' slots (of one
  /// member for a relation per member), the first the one the rules keep when there is one.
  std::vector<int> overlapping(const ExclusiveGroup& group, const std::vector<Slot>& slots);

  const RuleSet& rules_;
  Evaluator evaluator_;
  RandomSource random_;
  Date date_;
  Date since_from_;
  bool plant_totals_ = false;
  Shares shares_;
  std::vector<ExclusiveGroup> exclusive_groups_;    ///< programme indices of each exclusive relation
  std::vector<bool> in_exclusive_group_;             ///< per programme
  FindingTally expected_;
};

/// The benefits CSV header; with a member column when the rule set has programmes assessed per member.
void write_benefits_header(std::ostream& out, const RuleSet& rules);
void write_benefits(std::ostream& out, const RuleSet& rules, const std::string& household_id,
                    const std::vector<AssignedBenefit>& benefits);

}  // namespace ssis::population
