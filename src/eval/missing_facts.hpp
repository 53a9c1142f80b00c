#pragma once
// The input fields that would settle the undetermined values of one household: walks the
// plan back from an unknown register through the operands that are themselves unknown, to
// the inputs. What a register needs is worked out once per household and shared by every
// programme that reads it.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/decision.hpp"

namespace ssis::detail {

class MissingFacts {
 public:
  MissingFacts(const RuleModel& model, const Block& block, const Registers& registers, std::size_t household)
      : model_(model), block_(block), registers_(registers), household_(household) {}

  /// The facts behind every criterion and the amount of programme `p`, and of the
  /// programmes it waits on, as sorted input paths ("rent", "members[1].disabled").
  std::vector<std::string> of_programme(std::size_t p, const std::vector<ProgrammeDecision>& decisions);

 private:
  /// A household field (member 0) or a member field (member position + 1), and its index.
  using Fact = std::uint64_t;

  const std::vector<Fact>& facts_of(std::int32_t reg, std::size_t row);
  void gather(std::size_t p, const std::vector<ProgrammeDecision>& decisions, std::vector<Fact>& out);

  const RuleModel& model_;
  const Block& block_;
  const Registers& registers_;
  std::size_t household_;
  std::unordered_map<std::uint64_t, std::vector<Fact>> memo_;  // (register, row) -> facts
};

}  // namespace ssis::detail
