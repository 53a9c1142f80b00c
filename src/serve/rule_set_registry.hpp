#pragma once
// The rule sets a service evaluates against, by name, and their reload: every rule set is
// loaded and checked anew, and only when all of them load are they swapped in together.
// A request holds the rule set it started with until it ends, whatever is swapped in meanwhile.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ssis/rule_set.hpp"

namespace ssis::serve {

/// "NAME=DIR", or "DIR" named after its last path component ("rules/kr" -> "kr").
struct RuleSetSource {
  std::string name;
  std::string directory;
};
/// Throws std::invalid_argument for an empty name or directory.
RuleSetSource parse_rule_set_source(const std::string& text);

struct LoadedRuleSet {
  std::string name;
  RuleSet rules;
  std::uint64_t generation = 0;  ///< grows with every reload that succeeds
  std::chrono::system_clock::time_point loaded_at;
  std::set<std::string> languages;  ///< those its programmes have names in (`lang`)
};

struct ReloadResult {
  bool ok = false;
  std::string problems;  ///< the diagnostics of the rule sets that failed, as `ssis check` prints them
};

class RuleSetRegistry {
 public:
  /// Throws std::invalid_argument when two sources have the same name.
  explicit RuleSetRegistry(std::vector<RuleSetSource> sources, LoadOptions options = {});

  /// Loads every source; on success swaps them all in at once. On failure nothing changes.
  /// Reloads run one at a time.
  ReloadResult reload();
  /// The rule set now serving under `name`; null for an unknown name.
  std::shared_ptr<const LoadedRuleSet> find(std::string_view name) const;
  /// Every rule set now serving, in the order given.
  std::vector<std::shared_ptr<const LoadedRuleSet>> all() const;

 private:
  std::vector<RuleSetSource> sources_;
  LoadOptions options_;
  std::mutex reloading_;
  mutable std::mutex swapping_;
  std::vector<std::shared_ptr<const LoadedRuleSet>> current_;
  std::uint64_t generation_ = 0;
};

}  // namespace ssis::serve
