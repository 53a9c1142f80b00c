#pragma once
// A household's full outcome: the decisions, each criterion's value, the missing facts of
// undetermined programmes, and explanations on request.
#include "eval/decision.hpp"
#include "eval/missing_facts.hpp"
#include "ssis/outcome.hpp"

namespace ssis::detail {

HouseholdOutcome build_outcome(const RuleModel& model, const Block& block, const Registers& registers, std::size_t row,
                               Date date, bool explain, MissingFactsScratch& scratch);

}  // namespace ssis::detail
