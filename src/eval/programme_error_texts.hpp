#pragma once
// The error messages of some programmes for one household, worked out by running only what
// those programmes depend on, each error traced to where it arose.
#include <string>

#include "eval/block.hpp"
#include "eval/executor.hpp"
#include "ssis/household.hpp"

namespace ssis::detail {

class ProgrammeErrorTexts {
 public:
  explicit ProgrammeErrorTexts(const RuleSet& rules) : rules_(rules) {}

  /// Runs `code` for `household` on `date`, bound as an Evaluator with the default options
  /// binds it. Throws InputError as it does.
  void run(const Household& household, Date date, const ProgrammeCode& code);
  /// Why `programme` (one `code` decides) is an error in the last run, for the member at
  /// `member` when it is >= 0 (a programme assessed per member); "" when it is not one.
  std::string text(std::size_t programme, std::int64_t member) const;

 private:
  const RuleSet& rules_;
  Block block_;
  Registers registers_;
  ResolvedParameters parameters_;
};

}  // namespace ssis::detail
