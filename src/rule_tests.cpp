#include "ssis/rule_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <type_traits>

#include "model/rule_model.hpp"
#include "model/value_codec.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"

namespace ssis {
namespace {

std::vector<std::string> sorted(const std::vector<std::string_view>& items) {
  std::vector<std::string> out(items.begin(), items.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::string joined(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  std::string text;
  for (const auto& i : items) text += fmt::format("{}{}", text.empty() ? "" : ", ", i);
  return "[" + text + "]";
}

// Why a decision (a programme's, or a member's: `label` names it) differs from what the
// test expects of it.
template <typename Decision>
void compare_decision(const detail::ExpectedDecision& expected, const Decision& actual, bool in_force, const std::string& label,
                      std::vector<std::string>& problems) {
  if (expected.status && *expected.status != to_string(actual.status)) {
    std::string detail;
    if (actual.status == Status::undetermined) detail = fmt::format(" (missing {})", joined(sorted(actual.missing)));
    if (actual.status == Status::error) detail = fmt::format(" ({})", actual.error);
    if (actual.status == Status::ineligible) {
      for (const auto& c : actual.criteria)
        if (c.value.known() && c.value.raw == 0) detail += fmt::format("{}{}", detail.empty() ? " (not met: " : ", ", c.criterion->id);
      if constexpr (std::is_same_v<Decision, ProgrammeOutcome>) {
        if (!actual.excluded_by.empty()) detail = fmt::format(" (excluded by {} for {}", actual.excluded_by, actual.kept_instead);
        if (!actual.required_missing.empty()) detail = fmt::format(" (requires {}", actual.required_missing);
      }
      if (!in_force) detail = " (not in force";
      if (!detail.empty()) detail += ")";
    }
    problems.push_back(fmt::format("{}: expected {}, got {}{}", label, *expected.status, to_string(actual.status), detail));
  }
  if (expected.amount && (!actual.amount.known() || actual.amount.raw != expected.amount->raw()))
    problems.push_back(fmt::format("{}: expected amount {}, got {}", label, expected.amount->to_string(), actual.amount.to_string()));
  if (expected.missing) {
    auto want = *expected.missing;
    const auto got = sorted(actual.missing);
    std::sort(want.begin(), want.end());
    if (want != got) problems.push_back(fmt::format("{}: expected missing {}, got {}", label, joined(want), joined(got)));
  }
}

std::vector<std::string> check_test(const RuleSet& rules, const detail::TestModel& test, Evaluator& evaluator) {
  std::vector<std::string> problems;
  HouseholdOutcome outcome;
  try {
    outcome = evaluator.evaluate(test.household, test.date, false);
  } catch (const InputError& e) {
    return {fmt::format("household rejected: {}", e.what())};
  }
  for (const auto& expected : test.expect) {
    const ProgrammeOutcome& actual = outcome.programmes[static_cast<std::size_t>(expected.programme)];
    const std::string& id = actual.programme->id;
    compare_decision(expected, actual, actual.in_force, id, problems);
    for (const auto& expected_unit : expected.units) {
      const std::string label = fmt::format("{} for members[{}]", id, expected_unit.member);
      const auto unit = std::find_if(actual.units.begin(), actual.units.end(),
                                     [&](const UnitOutcome& u) { return u.member == expected_unit.member; });
      if (unit == actual.units.end()) {
        if (expected_unit.status != "not_assessed")
          problems.push_back(fmt::format("{}: expected {}, got not_assessed", label, expected_unit.status.value_or("a decision")));
      } else if (expected_unit.status == "not_assessed") {
        problems.push_back(fmt::format("{}: expected not_assessed, got {}", label, to_string(unit->status)));
      } else {
        compare_decision(expected_unit, *unit, actual.in_force, label, problems);
      }
    }
  }
  const auto& model = detail::model_of(rules);
  for (const auto& expected : test.variables) {
    const auto v = static_cast<std::size_t>(expected.variable);
    const std::string& name = model.variable_infos[v].name;
    const Value actual = evaluator.variable(test.household, test.date, name);
    std::string problem;
    const auto want = detail::raw_from_text(expected.text, model.variables[v].type, model.schema, problem);
    if (!want) {
      problems.push_back(fmt::format("{}: expected value {}", name, problem));
    } else if (!actual.known() || actual.raw != *want) {
      problems.push_back(fmt::format("{}: expected {}, got {}", name, expected.text, actual.to_string()));
    }
  }
  return problems;
}

}  // namespace

RuleTestReport run_rule_tests(const RuleSet& rules, std::string_view filter) {
  RuleTestReport report;
  Evaluator evaluator(rules);
  for (const auto& test : detail::model_of(rules).tests) {
    if (!filter.empty() && test.name.find(filter) == std::string::npos) continue;
    auto problems = check_test(rules, test, evaluator);
    if (problems.empty()) {
      ++report.passed;
    } else {
      ++report.failed;
      report.failures.push_back({test.name, test.file, test.line, std::move(problems)});
    }
  }
  return report;
}

}  // namespace ssis
