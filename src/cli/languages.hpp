#pragma once
// The languages a rule set is written in, for --lang.
#include <string>

#include "ssis/rule_set.hpp"

namespace ssis::cli {

/// Whether programmes of `rules` have names in `language`; if not, says so on standard error,
/// listing the languages they have, and the command exits 2.
bool language_available(const RuleSet& rules, const std::string& rules_path, const std::string& language);

}  // namespace ssis::cli
