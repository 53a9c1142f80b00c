#pragma once
// Runs a plan over a block of households, instruction by instruction, each over a whole
// column. Three-valued: every value is known, unknown (a missing input) or an error.
#include <string>
#include <vector>

#include "eval/block.hpp"
#include "model/rule_model.hpp"

namespace ssis::detail {

/// A parameter's table in force on one date, or nullptr when none is.
struct ResolvedParameters {
  Date date;
  std::vector<const DatedTable*> tables;
};

ResolvedParameters resolve_parameters(const RuleModel& model, Date date);

/// Reusable per-evaluator storage: one column per register, and the first error of each
/// household. Not shared between threads.
struct Registers {
  std::vector<Column> columns;
  std::vector<std::string> household_errors;
};

void execute(const RuleModel& model, const ResolvedParameters& parameters, const Block& block, Registers& registers);

}  // namespace ssis::detail
