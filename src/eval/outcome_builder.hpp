#pragma once
// Turns the registers of an executed block into outcomes: statuses, amounts, the missing
// facts of undetermined programmes, explanations on request, then the relations.
#include "eval/executor.hpp"
#include "ssis/outcome.hpp"

namespace ssis::detail {

HouseholdOutcome build_outcome(const RuleModel& model, const Block& block, const Registers& registers, std::size_t row,
                               Date date, bool explain);

/// The value of a register for one household row (household-level registers only).
Value register_value(const RuleModel& model, const Registers& registers, std::int32_t reg, ValueType type, std::size_t row);

}  // namespace ssis::detail
