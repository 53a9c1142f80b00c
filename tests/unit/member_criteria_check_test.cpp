// The checker's error about criteria that different members can satisfy apart (E080).
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>

#include "rule_fixture.hpp"

using test_support::load_with;

namespace {

/// A programme whose criteria are the given YAML list items (each "- id: ...").
ssis::LoadResult load_programme(const std::string& criteria) {
  return load_with({{"p.yaml", "programme:\n  id: p\n  name: {en: P}\n  criteria:\n" + criteria}});
}

std::vector<ssis::Diagnostic> members_apart(const ssis::LoadResult& result) {
  std::vector<ssis::Diagnostic> out;
  std::copy_if(result.diagnostics.begin(), result.diagnostics.end(), std::back_inserter(out),
               [](const ssis::Diagnostic& d) { return d.code == ssis::DiagnosticCode::members_apart; });
  return out;
}

}  // namespace

TEST_CASE("criteria that different members can satisfy apart are an error") {
  auto result = load_programme(
      "    - id: disabled\n"
      "      condition: any(members, disabled)\n"
      "    - id: low_income\n"
      "      condition: any(members, income < 100)\n");
  REQUIRE_FALSE(result.rules);  // an error: the rule set does not load
  auto warnings = members_apart(result);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].severity == ssis::Severity::error);
  CHECK(warnings[0].line == 8);
  CHECK(warnings[0].column == 18);  // at `any`
  CHECK(warnings[0].length == static_cast<int>(std::string("any(members, income < 100)").size()));
  CHECK(warnings[0].message.find("'low_income'") != std::string::npos);
  CHECK(warnings[0].message.find("'disabled'") != std::string::npos);
  CHECK(ssis::format(warnings[0]).find("error E080 members-apart") != std::string::npos);
  CHECK(warnings[0].message.find("`unit: {each: member}`") != std::string::npos);
}

TEST_CASE("each criterion apart from the fullest member condition is reported") {
  auto warnings = members_apart(load_programme(
      "    - id: a\n      condition: any(members, disabled)\n"
      "    - id: b\n      condition: any(members, income < 100)\n"
      "    - id: c\n      condition: any(members, age(birth_date) >= 65)\n"));
  CHECK(warnings.size() == 2);
}

TEST_CASE("a criterion that repeats the others' member conditions ties them to one member") {
  auto result = load_programme(
      "    - id: disabled\n"
      "      condition: any(members, disabled)\n"
      "    - id: adult\n"
      "      condition: any(members, disabled and age(birth_date) >= 18)\n"
      "    - id: low_income\n"
      "      condition: any(members, (age(birth_date)>=18) and disabled and income < 100)\n");
  REQUIRE(result.rules);
  CHECK(members_apart(result).empty());
}

TEST_CASE("a member variable stands for the terms of its formula") {
  auto result = load_with({{"v.yaml", "variables:\n  disabled_adult:\n    level: member\n"
                                      "    formula: disabled and age(birth_date) >= 18\n"},
                           {"p.yaml", "programme:\n  id: p\n  name: {en: P}\n  criteria:\n"
                                      "    - id: disabled\n      condition: any(members, disabled)\n"
                                      "    - id: low_income\n      condition: any(members, disabled_adult and income < 100)\n"}});
  REQUIRE(result.rules);
  CHECK(members_apart(result).empty());
  auto apart = load_with({{"v.yaml", "variables:\n  adult:\n    level: member\n    formula: age(birth_date) >= 18\n"},
                          {"p.yaml", "programme:\n  id: p\n  name: {en: P}\n  criteria:\n"
                                     "    - id: disabled\n      condition: any(members, disabled)\n"
                                     "    - id: low_income\n      condition: any(members, adult and income < 100)\n"}});
  CHECK(members_apart(apart).size() == 1);
}

TEST_CASE("any(...) reached through or counts; not any(...) does not") {
  CHECK(members_apart(load_programme(
                          "    - id: disabled\n      condition: any(members, disabled)\n"
                          "    - id: poor_or_old\n      condition: rent > 0 or any(members, age(birth_date) >= 65)\n"))
            .size() == 1);
  CHECK(members_apart(load_programme(
                          "    - id: disabled\n      condition: any(members, disabled)\n"
                          "    - id: no_earner\n      condition: not any(members, income > 0)\n"))
            .empty());
  CHECK(members_apart(load_programme(
                          "    - id: disabled\n      condition: any(members, disabled)\n"
                          "    - id: earner\n      condition: not not any(members, income > 0)\n"))
            .size() == 1);
}

TEST_CASE("members: independent marks a criterion whose member may be another person") {
  auto result = load_programme(
      "    - id: disabled\n"
      "      condition: any(members, disabled)\n"
      "    - id: low_income\n"
      "      condition: any(members, income < 100)\n"
      "      members: independent\n");
  REQUIRE(result.rules);
  CHECK(members_apart(result).empty());
}

TEST_CASE("member variables that double at every level are expanded once each") {
  std::string variables = "variables:\n";
  for (int i = 0; i < 60; ++i)
    variables += fmt::format("  v{}:\n    level: member\n    formula: v{} and v{}\n", i, i + 1, i + 1);
  variables += "  v60:\n    level: member\n    formula: disabled\n";
  auto result = load_with({{"v.yaml", variables},
                           {"p.yaml", "programme:\n  id: p\n  name: {en: P}\n  criteria:\n"
                                      "    - id: a\n      condition: any(members, v0 and income < 100)\n"
                                      "    - id: b\n      condition: any(members, disabled)\n"
                                      "    - id: c\n      condition: any(members, v30 and age(birth_date) >= 18)\n"}});
  REQUIRE_FALSE(result.rules);
  auto warnings = members_apart(result);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].message.find("'c'") != std::string::npos);
}

TEST_CASE("member variables in a cycle are reported, not followed forever") {
  auto result = load_with({{"v.yaml", "variables:\n  a:\n    level: member\n    formula: b and disabled\n"
                                      "  b:\n    level: member\n    formula: a and disabled\n"},
                           {"p.yaml", "programme:\n  id: p\n  name: {en: P}\n  criteria:\n"
                                      "    - id: x\n      condition: any(members, a)\n"
                                      "    - id: y\n      condition: any(members, b and income < 1)\n"}});
  REQUIRE_FALSE(result.rules);
  CHECK(std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                    [](const ssis::Diagnostic& d) { return d.code == ssis::DiagnosticCode::dependency_cycle; }));
}

TEST_CASE("a programme with more than 1,000 any(members, ...) gets one warning that it was not compared") {
  std::string criteria;
  for (int i = 0; i < 1001; ++i)
    criteria += fmt::format("    - id: c{}\n      condition: any(members, income < {})\n", i, i + 1);
  auto result = load_programme(criteria);
  REQUIRE(result.rules);
  auto warnings = members_apart(result);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].message.find("1001 any(members, ...)") != std::string::npos);
  CHECK(warnings[0].line == 2);
}

TEST_CASE("members: takes only 'independent'") {
  auto result = load_programme(
      "    - id: disabled\n"
      "      condition: any(members, disabled)\n"
      "      members: same\n");
  REQUIRE_FALSE(result.rules);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].code == ssis::DiagnosticCode::invalid_value);
  CHECK(result.diagnostics[0].line == 7);
  CHECK(result.diagnostics[0].column == 16);
  CHECK(result.diagnostics[0].message.find("'same'") != std::string::npos);
  CHECK_FALSE(load_programme("    - id: c\n      condition: true\n      members: [independent]\n").rules);
  CHECK_FALSE(load_programme("    - id: c\n      condition: true\n      members:\n").rules);
  CHECK_FALSE(load_programme("    - id: c\n      condition: true\n      members: Independent\n").rules);
}
