#pragma once
// A household's full outcome: the decisions, each criterion's value, the missing facts of
// undetermined programmes, and explanations on request.
#include "eval/decision.hpp"
#include "eval/missing_facts.hpp"
#include "ssis/outcome.hpp"

namespace ssis::detail {

/// Storage reused by the outcomes of successive households (one per thread).
struct OutcomeScratch {
  std::vector<ProgrammeDecision> decisions;
  std::vector<UnitDecision> units;
  MissingFactsScratch missing_facts;
};

/// The parameters `programme` reads whose `valid_until` is before `date`, in parameter order.
std::vector<const ParameterInfo*> stale_parameters(const RuleModel& model, std::size_t programme, Date date);

/// The dated facts of household `row` that `programme` reads and that are older than their
/// field's max_age on `date`: household facts first, then each member's, in schema order.
std::vector<StaleFact> stale_facts(const RuleModel& model, std::size_t programme, const Block& block, std::size_t row, Date date);

/// What build_outcome works out besides the decisions and criteria.
struct OutcomeContent {
  bool explain = false;
  bool missing_facts = true;
};

HouseholdOutcome build_outcome(const RuleModel& model, const Block& block, const Registers& registers, std::size_t row,
                               Date date, OutcomeContent content, OutcomeScratch& scratch);

}  // namespace ssis::detail
