#pragma once
// The languages a rule set is written in, for --lang.
#include <set>
#include <string>

#include "ssis/rule_set.hpp"

namespace ssis::cli {

/// The languages programmes of `rules` have names in (empty when they give none).
std::set<std::string> name_languages(const RuleSet& rules);

/// Whether programmes of `rules` have names in `language`; if not, says so on standard error,
/// listing the languages they have, and the command exits 2.
bool language_available(const RuleSet& rules, const std::string& rules_path, const std::string& language);

}  // namespace ssis::cli
