#pragma once
/// What the engine decides for one household: every programme's status, amount, criteria,
/// the facts that would settle an undetermined programme, and the receipt.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssis/labels.hpp"
#include "ssis/rule_set.hpp"
#include "ssis/value.hpp"

namespace ssis {

enum class Status : std::uint8_t {
  eligible,
  ineligible,
  undetermined,  ///< depends on facts the input does not give; see `missing`
  error,         ///< could not be computed (overflow, no parameter value); see `error`
};

std::string_view to_string(Status status);

/// One value the explanation shows: the expression as written and its value. Text in an
/// explanation is the rule set's own, kept by the rule set.
struct ExplainedValue {
  std::string_view expression;
  Value value;
};

/// A comparison inside a criterion: both sides, the result, and how far the left side is
/// from the threshold (positive: room to spare; negative: by how much it fails).
struct ExplainedComparison {
  std::string_view expression;
  std::string_view op;
  Value left;
  Value right;
  Value result;
  std::optional<Value> margin;
};

struct CriterionExplanation {
  std::vector<ExplainedComparison> comparisons;
  std::vector<ExplainedValue> values;
};

struct CriterionOutcome {
  const CriterionInfo* criterion = nullptr;
  Value value;  ///< boolean: known true/false, unknown, or error
  std::optional<CriterionExplanation> explanation;
};

/// A programme's decision for one member, for programmes assessed per member
/// (ProgrammeUnit::member): every member who meets its `unit.where` (or whose meeting it is
/// unknown) has one.
struct UnitOutcome {
  std::size_t member = 0;       ///< index in the household's members
  Status status = Status::undetermined;
  Value amount;                 ///< money; unknown unless eligible with a known amount
  std::vector<CriterionOutcome> criteria;
  std::vector<std::string_view> missing;  ///< input paths that would settle this member's decision
  std::string excluded_by;       ///< a relation per member that kept another programme for this member
  std::string kept_instead;
  std::string required_missing;  ///< a relation per member whose required programme the member lacks
  std::string error;
  std::vector<ExplainedValue> amount_explanation;  ///< with explanations on
};

/// A fact a programme read that is older than its field's `max_age` on the evaluation date
/// (docs/audit.md, "Facts with a date").
struct StaleFact {
  std::string_view path;          ///< input path ("income", "members[0].disabled"), kept by the rule set
  Date as_of;                     ///< the day the input dates it
  const FieldInfo* field = nullptr;  ///< its schema field: `field->max_age` is the limit
};

struct ProgrammeOutcome {
  const ProgrammeInfo* programme = nullptr;
  Status status = Status::undetermined;
  bool in_force = true;         ///< false when the evaluation date is outside its active period
  Value amount;                 ///< money; unknown when the programme states no amount
  std::vector<CriterionOutcome> criteria;
  /// Input paths that would settle it ("members[0].disability_grade"); the rule set keeps
  /// them, as it keeps `programme`.
  std::vector<std::string_view> missing;
  std::string excluded_by;      ///< relation id, when an exclusive group kept another programme
  std::string kept_instead;     ///< the programme that group kept
  std::string required_missing; ///< a required programme that is not eligible
  std::string error;
  std::vector<ExplainedValue> amount_explanation;  ///< with explanations on
  /// Programmes assessed per member: one decision per member assessed, in member order. The
  /// programme is then eligible when a member is (ineligible when none is or may be), its
  /// amount is the sum of the eligible members' (unknown while a member's decision or amount
  /// is), `criteria` is empty and `missing` lists what would settle any member's decision.
  std::vector<UnitOutcome> units;
  /// The parameters it used whose `valid_until` is before the evaluation date: their figures
  /// are not known to hold on that date (docs/audit.md). What the programme leaves to an
  /// official, a document or a doctor is in its criteria's `decided_by`, and what the rule
  /// set could not encode in `programme->not_encoded`.
  std::vector<const ParameterInfo*> stale_parameters;
  /// The dated facts its criteria, amount or members' assessment read (directly or through
  /// variables) that are older than their field's `max_age` on the evaluation date: household
  /// facts first, then each member's, fields in schema order.
  std::vector<StaleFact> stale_facts;
};

/// What an auditor needs to replay a decision (`ssis replay`, docs/audit.md).
struct Receipt {
  std::string rule_set;     ///< rule-set id
  std::string version;      ///< the rule set's `version:` ("" when it states none)
  std::string fingerprint;  ///< SHA-256 of the rule set's canonical content (RuleSet::fingerprint)
  Date date;                ///< the evaluation date
  std::string input;        ///< SHA-256 of the household's canonical input ("sha256:...")
};

/// Refers to its rule set (programme descriptions, fact paths, explanation text) instead of
/// copying from it, and holds a handle to it (`rules`): an outcome from an Evaluator stays
/// valid after the RuleSet and the Evaluator it came from are gone.
struct HouseholdOutcome {
  std::string household_id;
  Receipt receipt;
  std::vector<ProgrammeOutcome> programmes;  ///< in rule-set order
  bool explained = false;
  /// Whether `missing` was worked out (EvaluationOptions::missing_facts); when it was not,
  /// every `missing` is empty whatever the status.
  bool missing_named = true;
  /// The rule set the outcome refers to, kept alive by the outcome (a shared handle: copying
  /// it copies a pointer). Set by Evaluator::evaluate.
  std::optional<RuleSet> rules;

  const ProgrammeOutcome* find(std::string_view programme_id) const;
};

/// How much of each programme's outcome to_json writes.
enum class OutcomeDetail {
  full,       ///< everything (docs/output.md)
  decisions,  ///< id, in_force, period, status, amount, missing, the relations' fields and error (and the same per member)
};

/// The outcome as a JSON object (docs/output.md): names, ministries and amount texts in
/// `language`, with `labels` (a rule set's labels(); the built-in English ones by default,
/// which know no currency word). With OutcomeDetail::decisions, each programme's texts
/// (name, ministry, amount text, legal basis, criteria, audit notes) are left out: they
/// are the rule set's, the same in every outcome.
std::string to_json(const HouseholdOutcome& outcome, std::string_view language = "en", const Labels& labels = Labels(),
                    OutcomeDetail detail = OutcomeDetail::full);

}  // namespace ssis
