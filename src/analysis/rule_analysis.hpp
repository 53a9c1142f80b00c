#pragma once
/// The analysis of a whole rule set on one date with a satisfiability solver: for every
/// programme a household that is eligible, for every criterion one where it alone fails,
/// for every relation one where it binds, each household checked by running the engine.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/solver_question.hpp"
#include "analysis/symbolic_household.hpp"
#include "ssis/household.hpp"
#include "ssis/outcome.hpp"
#include "ssis/rule_set.hpp"

namespace ssis::analysis {

struct AnalysisOptions {
  Date date;
  HouseholdBounds bounds;
  unsigned timeout_ms = 5000;  ///< per solver question; past it the answer is `unknown`
  unsigned threads = 2;
  std::filesystem::path rules_directory;  ///< to give relations their file and line
  /// Only these programmes, and the relations among them (all when empty).
  std::vector<std::string> programmes;
};

/// A witness household (holding the fields the programmes concerned read, and the required
/// ones), or the solver's proof that there is none within the bounds.
struct Finding {
  Answer answer = Answer::unknown;
  std::optional<Household> witness;
  /// Where the engine decides the witness otherwise than the solver: a fault of the
  /// translation, never hidden. Empty when they agree.
  std::string disagreement;
  std::string reason_unknown;  ///< the solver's reason when `unknown`
  double seconds = 0;
  /// What the engine decides for the programme the witness is about (relations applied).
  Status status = Status::undetermined;
  std::optional<Decimal> amount;
};

/// A place in a rule file.
struct SourceLine {
  std::string file;
  int line = 0;
};

struct CriterionFindings {
  std::string id;
  SourceLine where;
  /// A household where this criterion fails while every other one is met. None means the
  /// other criteria imply it: a dead condition.
  Finding fails_alone;
  /// For a dead condition: the one other criterion that implies it alone (empty when only
  /// the others together do, or when the solver could not tell in time).
  std::string implied_by;
};

struct ProgrammeFindings {
  std::size_t programme = 0;
  SourceLine where;
  bool in_force = true;
  /// A household where every criterion is met (the programme eligible before relations).
  /// None means no household is ever eligible: a defect of the programme.
  Finding eligible;
  std::vector<CriterionFindings> criteria;
  /// When no household is eligible: the criteria no household meets even alone (a criterion
  /// that reads no input field then depends on the date only). Empty: only together do the
  /// criteria contradict each other.
  std::vector<std::string> never_met;
  std::vector<std::string> date_only;  ///< those of never_met that read no input field
  double seconds = 0;  ///< for every question about this programme
};

struct RelationFindings {
  std::size_t relation = 0;
  SourceLine where;
  /// exclusive: a household eligible for two programmes of the group (none: the relation
  /// never binds). requires: a household eligible for the programme and its requirement(s)
  /// (none: the requirement can never be met).
  Finding binds;
};

struct AnalysisReport {
  std::vector<ProgrammeFindings> programmes;
  std::vector<RelationFindings> relations;
  double seconds = 0;
  std::size_t disagreements() const;
};

/// Analyses every programme and relation (or those `options.programmes` names). Throws
/// std::invalid_argument for bounds outside what the analysis takes (1 to 100 members) and
/// for a programme that is not in the rule set.
AnalysisReport analyse(const RuleSet& rules, const AnalysisOptions& options);

/// The line of `programme:` and of each criterion's `id:` in a programme file (0 when not found).
SourceLine programme_line(const ProgrammeInfo& programme);
SourceLine criterion_line(const ProgrammeInfo& programme, std::string_view criterion);

}  // namespace ssis::analysis
