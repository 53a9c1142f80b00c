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
  CHECK(a.rules->fingerprint().rfind("sha256:", 0) == 0);
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

TEST_CASE("a second YAML document in a rule file is an error at its `---`") {
  auto result = load_with({{"v.yaml", "variables:\n  x:\n    formula: 1\n---\nvariables:\n  y:\n    formula: 2\n"}});
  const auto& d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::yaml_syntax);
  CHECK(d.line == 4);
  CHECK(d.column == 1);
  CHECK(d.message.find("second YAML document") != std::string::npos);
  // an empty second document is one too; a leading `---` is not
  CHECK(only_error(load_with({{"v.yaml", "variables:\n  x:\n    formula: 1\n---\n# nothing\n"}})).line == 4);
  CHECK(load_with({{"v.yaml", "---\nvariables:\n  x:\n    formula: 1\n...\n"}}).rules);
}

TEST_CASE("a key given twice in any mapping is an error at the second, naming the first") {
  auto result = load_with({{"p.yaml", "programme:\n  id: p\n  name: P\n  criteria:\n    - id: c\n      condition: rent > 0\n"
                                      "      condition: rent < 0\n"}});
  const auto& d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::duplicate_name);
  CHECK(d.line == 7);
  CHECK(d.column == 7);
  CHECK(d.message == "key 'condition' is given twice in this mapping; the first is at line 6");
  // flow mappings, parameter tables and the top level too
  CHECK(only_error(load_with({{"p.yaml", "parameters:\n  t:\n    type: money\n    keys: [{name: n, type: int}]\n"
                                         "    values: {2024-01-01: {1: 10, 1: 20}}\n"}})).line == 5);
  result = load_with({{"v.yaml", "variables:\n  x:\n    formula: 1\nvariables:\n  y:\n    formula: 2\n"}});
  CHECK(only_error(result).line == 4);
  CHECK(only_error(result).message.find("first is at line 1") != std::string::npos);
}

TEST_CASE("a mapping with a duplicate key reached through aliases is reported once") {
  auto result = load_with({{"v.yaml", "variables:\n  x: &body\n    formula: 1\n    formula: 2\n  y: *body\n"}});
  REQUIRE_FALSE(result.rules);
  std::size_t duplicates = 0;
  for (const auto& d : result.diagnostics) duplicates += d.code == ssis::DiagnosticCode::duplicate_name && d.line == 4;
  CHECK(duplicates == 1);
}

TEST_CASE("an alias inside the node it names is rejected, not followed") {
  auto result = load_with({{"v.yaml", "variables:\n  x: &loop\n    formula: 1\n    notes: [*loop]\n"}});
  const auto& d = only_error(result);
  CHECK(d.message == "this node contains an alias of itself; the file is not read");
  CHECK(d.line == 2);  // the anchored node
}

TEST_CASE("YAML nested deeper than the parser allows is reported at the nesting") {
  const std::string flow = "variables:\n  x:\n    formula: " + std::string(10'000, '[') + std::string(10'000, ']') + "\n";
  auto result = load_with({{"v.yaml", flow}});
  const auto& d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::yaml_syntax);
  CHECK(d.message.find("nests 500 levels deep") != std::string::npos);
  CHECK(d.line == 3);
  CHECK(d.column == 10'013);  // the innermost bracket
  std::string block;
  for (int depth = 0; depth < 2'000; ++depth) block += std::string(static_cast<std::size_t>(depth), ' ') + "a:\n";
  result = load_with({{"v.yaml", block}});
  CHECK(only_error(result).message.find("nests 500 levels deep") != std::string::npos);
  CHECK(only_error(result).line == 499);
}

TEST_CASE("a NUL byte or invalid UTF-8 in a rule file is reported at its position") {
  auto result = load_with({{"v.yaml", std::string("variables:\n  x:\n    formula: \"1 +\0 2\"\n", 38)}});
  auto d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::yaml_syntax);
  CHECK(d.message.rfind("NUL byte (U+0000)", 0) == 0);
  CHECK(d.line == 3);
  CHECK(d.column == 18);
  CHECK(d.source_line == "    formula: \"1 +\xEF\xBF\xBD 2\"");  // shown as U+FFFD: diagnostics are UTF-8
  d = only_error(load_with({{"v.yaml", "variables:\n  x:\n    description: caf\xE9\n    formula: 1\n"}}));
  CHECK(d.message.find("invalid UTF-8 (byte 0xE9)") != std::string::npos);
  CHECK(d.line == 3);
  CHECK(d.column == 21);
  // overlong forms, surrogates and truncated sequences are not UTF-8 either
  for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"})
    CHECK(only_error(load_with({{"v.yaml", std::string("variables:\n  x:\n    formula: 1 # ") + bad + "\n"}})).line == 3);
  CHECK(only_error(load_with({{"v.yaml", "\xFF\xFEv\0a\0"}})).message.find("UTF-16") != std::string::npos);
  // Korean text is UTF-8
  CHECK(load_with({{"v.yaml", "variables:\n  x:\n    description: 가구원 수\n    formula: 1\n"}}).rules);
}

TEST_CASE("an until before the last effective date, or active.to before active.from, is an error") {
  auto result = load_with({{"p.yaml", "parameters:\n  p:\n    type: money\n    values: {2024-01-01: 1, 2025-01-01: 2}\n"
                                      "    until: 2024-06-30\n"}});
  auto d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::invalid_value);
  CHECK(d.line == 5);
  CHECK(d.column == 12);
  CHECK(d.message == "until 2024-06-30 is before the last effective date 2025-01-01 of 'p'");
  CHECK(load_with({{"p.yaml", "parameters:\n  p:\n    type: money\n    values: {2024-01-01: 1, 2025-01-01: 2}\n"
                              "    until: 2025-01-01\n"}}).rules);
  result = load_with({{"p.yaml", "programme:\n  id: p\n  name: P\n  active: {from: 2024-01-01, to: 2023-12-31}\n"
                                 "  criteria:\n    - id: c\n      condition: rent > 0\n"}});
  d = only_error(result);
  CHECK(d.line == 4);
  CHECK(d.column == 34);
  CHECK(d.message == "active.to 2023-12-31 is before active.from 2024-01-01");
}

TEST_CASE("an effective date that is no calendar day says so") {
  auto d = only_error(load_with({{"p.yaml", "parameters:\n  p:\n    type: money\n    values: {2025-02-30: 1}\n"}}));
  CHECK(d.message == "effective date: '2025-02-30' is not a calendar date");
  d = only_error(load_with({{"p.yaml", "parameters:\n  p:\n    type: money\n    values: {soon: 1}\n"}}));
  CHECK(d.message == "effective date: 'soon' is not a date (YYYY-MM-DD)");
}

TEST_CASE("an amount's period is one of the known periods") {
  const auto programme = [](const std::string& period) {
    return load_with({{"p.yaml", "programme:\n  id: p\n  name: P\n  criteria:\n    - id: c\n      condition: rent > 0\n"
                                 "  amount:\n    formula: rent\n    period: " + period + "\n"}});
  };
  const auto monthly = programme("monthly");
  const auto& d = only_error(monthly);
  CHECK(d.code == ssis::DiagnosticCode::invalid_value);
  CHECK(d.line == 9);
  CHECK(d.column == 13);
  CHECK(d.message == "period 'monthly' is not one of: hour, day, month, quarter, half_year, semester, year, once");
  for (const ssis::AmountPeriod period : ssis::amount_periods) {
    auto result = programme(std::string(ssis::to_string(period)));
    REQUIRE(result.rules);
    CHECK(result.rules->programmes()[0].amount_period == period);
  }
}

TEST_CASE("aliases that nest deeper than the parser's limit are rejected, not followed") {
  std::string chain = "a0: &a0 [x]\n";
  for (int i = 1; i < 100'000; ++i) chain += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + "]\n";
  auto result = load_with({{"v.yaml", chain}});
  const auto& d = only_error(result);
  CHECK(d.code == ssis::DiagnosticCode::yaml_syntax);
  CHECK(d.message == "the YAML nests deeper than 499 levels through aliases; the file is not read");
}

TEST_CASE("text after the first YAML document that the parser cannot read on from is an error, not a hang or nothing") {
  // YAML::LoadAll never returns on these, and YAML::Load reads them as an empty document or
  // drops what follows the first one.
  for (const char* text : {",ules: x\n", "- 1\n,\n", "{variables: {x: {formula: 1}}} ,\n", "variables:\n  x:\n    formula: 1\n...\n,\n"}) {
    CAPTURE(text);
    auto result = load_with({{"v.yaml", text}});
    const auto& d = only_error(result);
    CHECK(d.code == ssis::DiagnosticCode::yaml_syntax);
    CHECK(d.message == "the YAML document ended before this; what follows cannot be read");
    CHECK(d.source_line.find(',') == static_cast<std::size_t>(d.column - 1));
  }
  // a flow mapping at the top is read whole
  CHECK(load_with({{"v.yaml", "{variables: {x: {formula: 1}}}\n"}}).rules);
}
