#pragma once
// The decision for each programme of a household: status and amount after the relations
// between programmes. Cheap: no strings, no explanation.
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

/// Fills one decision per programme for household `row` of the executed block, with the
/// reasons behind each (exclusions, missing requirements, what it waits on).
void decide_household(const RuleModel& model, const Registers& registers, std::size_t row, Date date,
                      std::vector<ProgrammeDecision>& decisions);

/// Status and amount of every programme for every household of an executed block, worked
/// out programme by programme over whole columns. Household-major: entry h * programmes + p.
struct BlockDecisions {
  std::size_t programmes = 0;
  std::vector<Status> status;
  std::vector<Knowledge> amount_knowledge;
  std::vector<std::int64_t> amount;      // raw millionths; 0 when not known
  std::vector<std::int32_t> excluded_by;  // relation index, or -1
};

void decide_block(const RuleModel& model, const Registers& registers, std::size_t households, Date date,
                  BlockDecisions& decisions);

}  // namespace ssis::detail
