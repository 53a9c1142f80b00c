// Every field of the country rule sets has a question in each language the rule set's
// programme names are in (rules/kr: ko and en; rules/vn: vi and en).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "ssis/rule_set.hpp"

namespace {

void check_every_field_asked(const char* directory) {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(directory);
  std::set<std::string> languages;
  for (const ssis::ProgrammeInfo& programme : rules.programmes())
    for (const auto& [language, name] : programme.name)
      if (language != "default") languages.insert(language);
  REQUIRE_FALSE(languages.empty());
  for (const auto* fields : {&rules.schema().household_fields(), &rules.schema().member_fields()})
    for (const ssis::FieldInfo& field : *fields)
      for (const std::string& language : languages) {
        INFO(directory, ": ", field.name, " has no question in ", language);
        const auto question = field.question.find(language);
        CHECK((question != field.question.end() && !question->second.empty()));
      }
}

}  // namespace

TEST_CASE("question texts: every field of rules/kr in Korean and English") { check_every_field_asked(SSIS_RULES_KR); }

TEST_CASE("question texts: every field of rules/vn in Vietnamese and English") { check_every_field_asked(SSIS_RULES_VN); }
