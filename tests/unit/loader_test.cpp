#include <doctest/doctest.h>

#include "rule_fixture.hpp"

using test_support::load_with;

namespace {

const ssis::Diagnostic& only_error(const ssis::LoadResult& result) {
  REQUIRE_FALSE(result.rules);
  REQUIRE(result.diagnostics.size() >= 1);
  return result.diagnostics[0];
}

}  // namespace

TEST_CASE("YAML syntax errors name the file, line and column") {
  auto result = load_with({{"variables.yaml", "variables:\n  x:\n    formula: [1, 2\n"}});
  const auto& d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::yaml_syntax);
  CHECK(d.file.find("variables.yaml") != std::string::npos);
  CHECK(d.line >= 3);
}

TEST_CASE("unknown and missing keys are reported at the key") {
  auto result = load_with({{"variables.yaml", "variables:\n  x:\n    descripton: typo\n    formula: 1\n"}});
  const auto& d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::unknown_key);
  CHECK(d.line == 3);
  CHECK(d.column == 5);
  result = load_with({{"variables.yaml", "variables:\n  x:\n    description: no formula\n"}});
  CHECK(only_error(result).code == ssis::DiagnosticCode::missing_key);
}

TEST_CASE("rate parameters accept percentages, money parameters do not") {
  auto result = load_with({{"parameters.yaml", "parameters:\n  r:\n    type: rate\n    values: {2024-01-01: 32%}\n"}});
  REQUIRE(result.rules);
  result = load_with({{"parameters.yaml", "parameters:\n  m:\n    type: money\n    values: {2024-01-01: 32%}\n"}});
  const auto& d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::invalid_value);
  CHECK(d.line == 4);
}

TEST_CASE("an error inside an expression points at its exact line and column") {
  auto result = load_with({{"variables.yaml", "variables:\n  x:\n    formula: 1 + undefined_thing\n"}});
  const auto& d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::unknown_name);
  CHECK(d.line == 3);
  CHECK(d.column == 18);
  CHECK(d.length == 15);
  CHECK(d.source_line == "    formula: 1 + undefined_thing");
}

TEST_CASE("positions are exact in quoted and block scalars") {
  auto quoted = load_with({{"v.yaml", "variables:\n  x:\n    formula: \"2 * nope\"\n"}});
  CHECK(only_error(quoted).column == 19);
  auto block = load_with({{"v.yaml", "variables:\n  x:\n    formula: |\n      1 +\n        missing_one\n"}});
  const auto& d = only_error(block);
  CHECK(d.line == 5);
  CHECK(d.column == 9);
}

TEST_CASE("every problem is reported at once") {
  auto result = load_with({{"v.yaml", "variables:\n  a:\n    formula: nope1\n  b:\n    formula: nope2 +\n  c:\n    formula: 1\n    extra: 2\n"}});
  REQUIRE_FALSE(result.rules);
  CHECK(result.diagnostics.size() == 3);
}

TEST_CASE("a rule set without a ruleset section is rejected") {
  test_support::RuleDirectory directory(std::map<std::string, std::string>{{"schema.yaml", test_support::base_schema}});
  auto result = directory.load();
  REQUIRE_FALSE(result.rules);
  CHECK(result.diagnostics[0].code == ssis::DiagnosticCode::missing_ruleset);
}

TEST_CASE("a missing directory is a diagnostic, not an exception") {
  auto result = ssis::RuleSet::load("/nonexistent/ssis/rules");
  REQUIRE_FALSE(result.rules);
  CHECK(result.diagnostics[0].code == ssis::DiagnosticCode::file_unreadable);
}

TEST_CASE("the fingerprint depends on the rule text") {
  auto a = load_with({{"v.yaml", "variables:\n  x:\n    formula: 1\n"}});
  auto b = load_with({{"v.yaml", "variables:\n  x:\n    formula: 2\n"}});
  REQUIRE(a.rules);
  REQUIRE(b.rules);
  CHECK(a.rules->fingerprint() != b.rules->fingerprint());
  CHECK(a.rules->fingerprint().rfind("fnv1a64:", 0) == 0);
}

TEST_CASE("a YAML alias bomb is rejected, not expanded") {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i)
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + std::string("*a") + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]\n";
  auto result = load_with({{"bomb.yaml", bomb}});
  REQUIRE_FALSE(result.rules);
  CHECK(result.diagnostics[0].message.find("alias") != std::string::npos);
}

TEST_CASE("rule files beyond the size or count limits are reported, not read") {
  test_support::RuleDirectory directory({{"ruleset.yaml", test_support::header},
                                         {"schema.yaml", test_support::base_schema},
                                         {"variables.yaml", "variables:\n  x:\n    formula: 1\n"}});
  ssis::LoadOptions options;
  options.max_file_bytes = 40;  // the schema file is larger
  auto result = ssis::RuleSet::load(directory.path(), options);
  REQUIRE_FALSE(result.rules);
  CHECK(result.diagnostics[0].code == ssis::DiagnosticCode::file_unreadable);
  CHECK(result.diagnostics[0].message.find("exceed the limit") != std::string::npos);
  options = {};
  options.max_files = 2;
  result = ssis::RuleSet::load(directory.path(), options);
  REQUIRE_FALSE(result.rules);
  CHECK(result.diagnostics[0].message.find("3 rule files exceed the limit of 2") != std::string::npos);
}
