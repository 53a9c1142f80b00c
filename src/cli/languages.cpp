#include "cli/languages.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

namespace ssis::cli {

std::set<std::string> name_languages(const RuleSet& rules) {
  std::set<std::string> languages;
  for (const ProgrammeInfo& programme : rules.programmes())
    for (const auto& [code, name] : programme.name)
      if (code != "default") languages.insert(code);
  return languages;
}

bool language_available(const RuleSet& rules, const std::string& rules_path, const std::string& language) {
  const std::set<std::string> languages = name_languages(rules);
  if (languages.empty() || languages.count(language)) return true;
  std::cerr << fmt::format("--lang {}: {} has no text in that language (available: {})\n", language, rules_path,
                           fmt::join(languages, ", "));
  return false;
}

}  // namespace ssis::cli
