#pragma once
// The decision for each programme of one household: status and amount after the
// relations between programmes. Cheap: no strings, no explanation.
#include <vector>

#include "eval/executor.hpp"
#include "ssis/outcome.hpp"

namespace ssis::detail {

struct ProgrammeDecision {
  Status status = Status::undetermined;
  bool in_force = true;
  Knowledge amount_knowledge = Knowledge::unknown;
  std::int64_t amount = 0;  // raw millionths
  int excluded_by = -1;     // relation index
  int kept_instead = -1;    // programme index
  int required_missing = -1;  // programme index
  std::vector<int> waiting_on;  // undetermined requirements whose facts also settle this one
};

/// Fills one decision per programme for household `row` of the executed block.
void decide_household(const RuleModel& model, const Registers& registers, std::size_t row, Date date,
                      std::vector<ProgrammeDecision>& decisions);

}  // namespace ssis::detail
