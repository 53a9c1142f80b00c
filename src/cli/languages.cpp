#include "cli/languages.hpp"

#include <fmt/format.h>

#include <iostream>
#include <set>

namespace ssis::cli {

bool language_available(const RuleSet& rules, const std::string& rules_path, const std::string& language) {
  std::set<std::string> languages;
  for (const ProgrammeInfo& programme : rules.programmes())
    for (const auto& [code, name] : programme.name)
      if (code != "default") languages.insert(code);
  if (languages.empty() || languages.count(language)) return true;
  std::string listed;
  for (const std::string& code : languages) listed += (listed.empty() ? "" : ", ") + code;
  std::cerr << fmt::format("--lang {}: {} has no text in that language (available: {})\n", language, rules_path, listed);
  return false;
}

}  // namespace ssis::cli
