#include <mutex>
#include <vector>

#include "model/rule_model.hpp"
#include "ssis/compiled_rules.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {
namespace {

struct Registry {
  std::mutex mutex;
  std::vector<const CompiledRules*> rules;
};

// Made on first use: generated files register from their static initialisers, in any order.
Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

void register_compiled_rules(const CompiledRules& rules) {
  if (rules.abi_version != compiled::abi_version || rules.evaluate == nullptr) return;
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  r.rules.push_back(&rules);
}

const CompiledRules* find_compiled_rules(const RuleSet& rules) {
  const std::uint64_t signature = detail::model_of(rules).plan.signature;
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  for (const CompiledRules* candidate : r.rules)
    if (candidate->plan_signature == signature && candidate->programmes == rules.programmes().size()) return candidate;
  return nullptr;
}

}  // namespace ssis
