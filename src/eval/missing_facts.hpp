#pragma once
// The input fields that would settle an undetermined value: walks the plan back from an
// unknown register through the operands that are themselves unknown, to the inputs.
#include <set>
#include <string>
#include <vector>

#include "eval/decision.hpp"

namespace ssis::detail {

class MissingFacts {
 public:
  MissingFacts(const RuleModel& model, const Block& block, const Registers& registers)
      : model_(model), block_(block), registers_(registers) {}

  /// Adds the facts behind `reg` at `row` (a row of the register's own level).
  void collect(std::int32_t reg, std::size_t row);
  /// Adds the facts behind every criterion and the amount of programme `p`, and of the
  /// programmes it waits on.
  void collect_programme(std::size_t p, std::size_t row, const std::vector<ProgrammeDecision>& decisions);
  std::vector<std::string> take() { return {facts_.begin(), facts_.end()}; }

 private:
  const RuleModel& model_;
  const Block& block_;
  const Registers& registers_;
  std::set<std::pair<std::int32_t, std::size_t>> visited_;
  std::set<std::string> facts_;
};

}  // namespace ssis::detail
