#pragma once
// The input fields that would settle the undetermined values of one household: walks the
// plan back from an unknown register through the operands that are themselves unknown, to
// the inputs. Each walk marks what it has visited with a stamp, so nothing is allocated per
// register and no register is visited twice for one programme.
#include <cstdint>
#include <string>
#include <vector>

#include "eval/decision.hpp"

namespace ssis::detail {

class MissingFacts {
 public:
  MissingFacts(const RuleModel& model, const Block& block, const Registers& registers, std::size_t household);

  /// The facts behind every criterion and the amount of programme `p`, and of the
  /// programmes it waits on, as sorted input paths ("rent", "members[1].disabled").
  std::vector<std::string> of_programme(std::size_t p, const std::vector<ProgrammeDecision>& decisions);

 private:
  /// A household field (position 0) or a member field (member position + 1), and its index.
  using Fact = std::uint64_t;

  void walk(std::int32_t reg, std::size_t row);
  void gather(std::size_t p, const std::vector<ProgrammeDecision>& decisions);

  const RuleModel& model_;
  const Block& block_;
  const Registers& registers_;
  std::size_t household_;
  std::size_t first_member_;
  std::size_t width_;                // rows per register slot: the household and its members
  std::vector<std::uint32_t> seen_;  // register x row -> stamp of the walk that visited it
  std::uint32_t stamp_ = 0;
  std::vector<Fact> facts_;
};

}  // namespace ssis::detail
