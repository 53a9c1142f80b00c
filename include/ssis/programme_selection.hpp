#pragma once
/// Some of a rule set's programmes, decided without the others.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ssis/rule_set.hpp"

namespace ssis {

namespace detail {
struct ProgrammeCode;
}

/// The programmes `ids` name and every programme a relation ties them to, directly or
/// through others (an exclusive group, a requirement): decided together, they are decided
/// exactly as the whole rule set decides them. Made once for a rule set, it serves every
/// evaluation of tables against it (ColumnOptions::programmes), which then computes only
/// what these programmes depend on. Copies share it; any thread may use it.
class ProgrammeSelection {
 public:
  /// Throws std::invalid_argument for no id, or for one that is not a programme of `rules`
  /// (naming it).
  ProgrammeSelection(const RuleSet& rules, std::span<const std::string> ids);

  /// The programmes decided: indices in `rules.programmes()`, in increasing order.
  const std::vector<int>& programmes() const;
  /// The fingerprint of the rule set it was made for.
  const std::string& fingerprint() const { return fingerprint_; }
  /// The instructions of the rule set's plan it runs (selecting every programme runs all
  /// those the programmes depend on).
  std::size_t instructions() const;

 private:
  friend struct detail::RuleSetAccess;
  std::shared_ptr<const detail::ProgrammeCode> code_;
  std::string fingerprint_;
};

}  // namespace ssis
