#include <doctest/doctest.h>

#include <fmt/format.h>

#include "check/dependency_order.hpp"
#include "rule_fixture.hpp"
#include "ssis/evaluator.hpp"

using test_support::load_with;

namespace {

ssis::Diagnostic error_for(const std::string& formula, const std::string& level = "household") {
  auto result = load_with({{"v.yaml", "variables:\n  x:\n    level: " + level + "\n    formula: \"" + formula + "\"\n"}});
  REQUIRE_FALSE(result.rules);
  REQUIRE(!result.diagnostics.empty());
  return result.diagnostics[0];
}

bool accepts(const std::string& formula, const std::string& level = "household") {
  auto result = load_with({{"v.yaml", "variables:\n  x:\n    level: " + level + "\n    formula: \"" + formula + "\"\n"}});
  if (!result.rules) MESSAGE(ssis::format(result.diagnostics));
  return result.rules.has_value();
}

}  // namespace

TEST_CASE("money compared with a date is a type error") {
  auto d = error_for("rent > date('2024-01-01')");
  CHECK(d.code == ssis::DiagnosticCode::type_mismatch);
  CHECK(d.column == 15);  // at the comparison
}

TEST_CASE("money arithmetic rules") {
  CHECK(accepts("rent * 0.0417"));
  CHECK(accepts("rent / 12"));
  CHECK(accepts("rent / rent > 0.5"));
  CHECK(error_for("rent * rent").code == ssis::DiagnosticCode::type_mismatch);
  CHECK(error_for("rent + 0.5").code == ssis::DiagnosticCode::type_mismatch);
}

TEST_CASE("enum values are checked against the enum") {
  CHECK(accepts("region == 'capital'"));
  CHECK(accepts("region in ['capital', 'city']"));
  auto d = error_for("region == 'seoul'");
  CHECK(d.code == ssis::DiagnosticCode::unknown_name);
  CHECK(d.message.find("capital") != std::string::npos);
}

TEST_CASE("member values need an aggregate at household level") {
  CHECK(error_for("income > 0").code == ssis::DiagnosticCode::wrong_level);
  CHECK(accepts("sum(members, income, disabled) > 0"));
  CHECK(accepts("income > rent", "member"));
  CHECK(error_for("count(members, count(members) > 1)").code == ssis::DiagnosticCode::wrong_level);
}

TEST_CASE("functions check their arguments") {
  CHECK(accepts("round(rent * 0.3, 10, down)"));
  CHECK(error_for("round(rent, 10, sideways)").code == ssis::DiagnosticCode::wrong_arguments);
  CHECK(error_for("clamp(rent, 1)").code == ssis::DiagnosticCode::wrong_arguments);
  CHECK(error_for("frobnicate(1)").code == ssis::DiagnosticCode::unknown_name);
  CHECK(accepts("coalesce(rent, 0) + 1"));
  CHECK(accepts("age(date('2000-01-01')) >= 18 and known(rent)"));
}

TEST_CASE("cycles among variables are reported") {
  auto result = load_with({{"v.yaml", "variables:\n  a:\n    formula: b + 1\n  b:\n    formula: a + 1\n"}});
  REQUIRE_FALSE(result.rules);
  bool found = false;
  for (const auto& d : result.diagnostics) found = found || d.code == ssis::DiagnosticCode::dependency_cycle;
  CHECK(found);
}

TEST_CASE("duplicate names and parameters without a value in force") {
  auto dup = load_with({{"v.yaml", "variables:\n  rent:\n    formula: 1\n"}});
  REQUIRE_FALSE(dup.rules);
  CHECK(dup.diagnostics[0].code == ssis::DiagnosticCode::duplicate_name);
  auto none = load_with({{"p.yaml", "parameters:\n  p:\n    type: money\n    values:\n      2024-01-01: null\n"}});
  REQUIRE_FALSE(none.rules);
  CHECK(none.diagnostics[0].code == ssis::DiagnosticCode::no_value_in_force);
}

TEST_CASE("parameter tables must match their keys") {
  auto bad = load_with({{"p.yaml", "parameters:\n  p:\n    type: money\n    keys: [{name: r, type: region}]\n    values:\n      2024-01-01: {capitol: 1}\n"}});
  REQUIRE_FALSE(bad.rules);
  CHECK(bad.diagnostics[0].code == ssis::DiagnosticCode::invalid_table);
  CHECK(bad.diagnostics[0].line == 6);
}

TEST_CASE("criteria must be conditions and tests must name real programmes") {
  auto result = load_with({{"p.yaml", "programme:\n  id: p\n  name: {en: P}\n  criteria:\n    - id: c\n      condition: rent\n"}});
  REQUIRE_FALSE(result.rules);
  CHECK(result.diagnostics[0].code == ssis::DiagnosticCode::type_mismatch);
  auto test = load_with({{"t.yaml", "tests:\n  - name: t\n    date: 2025-01-01\n    household: {region: city, members: []}\n    expect: {nope: eligible}\n"}});
  REQUIRE_FALSE(test.rules);
  CHECK(test.diagnostics[0].code == ssis::DiagnosticCode::unknown_name);
}

TEST_CASE("test households are checked against the schema while loading") {
  auto result = load_with({{"p.yaml", "programme:\n  id: p\n  name: {en: P}\n  criteria:\n    - id: c\n      condition: true\n"},
                           {"t.yaml", "tests:\n  - name: t\n    date: 2025-01-01\n    household: {region: city, colour: red, members: []}\n    expect: {p: eligible}\n"}});
  REQUIRE_FALSE(result.rules);
  CHECK(result.diagnostics[0].code == ssis::DiagnosticCode::invalid_test);
  CHECK(result.diagnostics[0].message.find("colour") != std::string::npos);
}

TEST_CASE("problems in many test households are each reported, in the order of the tests") {
  // enough tests to be checked in several pieces at once
  constexpr int count = 300, every = 7;
  std::string tests = "tests:\n";
  for (int t = 0; t < count; ++t) {
    const std::string field = t % every == 0 ? "colour" + std::to_string(t) + ": red, " : "";
    tests += "  - name: t" + std::to_string(t) + "\n    date: 2025-01-01\n    household: {region: city, " + field +
             "members: [{birth_date: 1980-01-01}]}\n    expect: {p: eligible}\n";
  }
  auto result = load_with({{"p.yaml", "programme:\n  id: p\n  name: {en: P}\n  criteria:\n    - id: c\n      condition: true\n"},
                           {"t.yaml", tests}});
  REQUIRE_FALSE(result.rules);
  REQUIRE(result.diagnostics.size() == (count + every - 1) / every);
  for (std::size_t d = 0; d < result.diagnostics.size(); ++d) {
    const std::string t = std::to_string(every * d);
    CHECK(result.diagnostics[d].code == ssis::DiagnosticCode::invalid_test);
    CHECK(result.diagnostics[d].message.find("test 't" + t + "': household colour" + t + ":") != std::string::npos);
    CHECK(result.diagnostics[d].line == static_cast<int>(4 + 4 * every * d));
  }
}

TEST_CASE("date() names the problem with its argument") {
  CHECK(error_for("date('2025-02-30') > evaluation_date").message == "'2025-02-30' is not a calendar date");
  CHECK(error_for("date('2025-2-3') > evaluation_date").message == "'2025-2-3' is not a date (YYYY-MM-DD)");
  CHECK(error_for("date(20250203) > evaluation_date").message.find("takes a date in quotes") != std::string::npos);
}

namespace {

// v0 = v1 + 1, v1 = v2 + 1, ..., and the last one is the household's rent.
std::string variable_chain(int length, const std::string& last_formula) {
  std::string text = "variables:\n";
  for (int i = 0; i + 1 < length; ++i) text += fmt::format("  v{}:\n    formula: v{} + 1\n", i, i + 1);
  text += fmt::format("  v{}:\n    formula: {}\n", length - 1, last_formula);
  return text;
}

}  // namespace

TEST_CASE("long chains of variables are checked, compiled and evaluated without deep recursion") {
  const char* programme = "programme:\n  id: p\n  name: P\n  criteria:\n    - id: c\n      condition: v0 > 0\n"
                          "  amount:\n    formula: v0\n";
  for (const int length : {9'000, 100'000}) {
    CAPTURE(length);
    auto result = load_with({{"v.yaml", variable_chain(length, "rent")}, {"p.yaml", programme}});
    REQUIRE(result.rules);
    ssis::Evaluator evaluator(std::move(*result.rules));
    ssis::Household household;
    household.set("region", std::string("city"));
    household.add_member().set("birth_date", *ssis::Date::parse("1950-01-01"));
    const auto day = *ssis::Date::parse("2025-01-01");
    auto outcome = evaluator.evaluate(household, day);
    CHECK(outcome.find("p")->status == ssis::Status::undetermined);
    CHECK(outcome.find("p")->missing == std::vector<std::string_view>{"rent"});  // found at the end of the chain
    household.set("rent", std::int64_t{5});
    outcome = evaluator.evaluate(household, day);
    CHECK(outcome.find("p")->amount.to_string() == std::to_string(5 + length - 1));
  }
}

TEST_CASE("a cycle through a long chain of variables is one error with the ends of the chain") {
  auto result = load_with({{"v.yaml", variable_chain(100'000, "v0 + 1")}});
  REQUIRE_FALSE(result.rules);
  REQUIRE(result.diagnostics.size() == 1);
  const auto& d = result.diagnostics[0];
  CHECK(d.code == ssis::DiagnosticCode::dependency_cycle);
  CHECK(d.line == 200'001);  // where v99999 uses v0
  CHECK(d.message == "variables depend on themselves: v0 -> v1 -> v2 -> v3 -> v4 -> (99990 more) -> v99995 -> v99996 -> "
                     "v99997 -> v99998 -> v99999 -> v0");
}

TEST_CASE("dependency order: dependencies first, cycles reported once each, any depth without recursion") {
  using ssis::detail::dependency_order;
  std::vector<std::vector<int>> depends_on{{1, 2}, {2}, {}};
  std::vector<std::vector<int>> cycles;
  const auto on_cycle = [&](std::span<const int> cycle, int, std::size_t) { cycles.emplace_back(cycle.begin(), cycle.end()); };
  CHECK(dependency_order(depends_on, on_cycle) == std::vector<int>{2, 1, 0});
  CHECK(cycles.empty());
  depends_on = {{1}, {2}, {0}};  // 0 -> 1 -> 2 -> 0
  int from = -1;
  std::size_t edge = 9;
  CHECK(dependency_order(depends_on, [&](std::span<const int> cycle, int node, std::size_t e) {
          cycles.emplace_back(cycle.begin(), cycle.end());
          from = node;
          edge = e;
        }).size() == 3);
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0] == std::vector<int>{0, 1, 2});
  CHECK(from == 2);
  CHECK(edge == 0);
  // a chain of a million, each node depending on the next
  depends_on.assign(1'000'000, {});
  for (int i = 0; i + 1 < 1'000'000; ++i) depends_on[static_cast<std::size_t>(i)].push_back(i + 1);
  const auto order = dependency_order(depends_on, on_cycle);
  REQUIRE(order.size() == 1'000'000);
  CHECK(order.front() == 999'999);
  CHECK(order.back() == 0);
}
