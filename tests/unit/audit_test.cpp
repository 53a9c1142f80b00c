// Receipts that let a decision be replayed (rule-set version, SHA-256 fingerprint, hash of the
// canonical input) and parameters evaluated past their `valid_until`.
#include <doctest/doctest.h>

#include <ssis/ssis.hpp>

#include "eval/block.hpp"
#include "eval/canonical_input.hpp"
#include "rule_fixture.hpp"
#include "support/sha256.hpp"

namespace {

using test_support::RuleDirectory;

const ssis::Date date = *ssis::Date::parse("2025-06-01");

const char* schema = R"(schema:
  household:
    rent: {type: money, min: 0}
    region: {type: string_region}
  member:
    income: {type: money, min: 0}
    disabled: {type: bool}
    age: {type: int, default: 40}
enums:
  string_region:
    values: [capital, rural]
)";

const char* programmes = R"(parameters:
  threshold:
    type: money
    values: {2024-01-01: 1000, 2025-01-01: 1200}
    valid_until: 2025-12-31
  bonus:
    type: money
    values: {2024-01-01: 50}
programme:
  id: support
  name: {en: Support}
  criteria:
    - id: income
      condition: sum(members, income) <= threshold
    - id: interview
      description: the caseworker's interview
      condition: sum(members, income) >= 0
      decided_by: official
  amount:
    formula: threshold - sum(members, income) + bonus
    period: month
  not_encoded: ["the family's support obligations"]
)";

std::map<std::string, std::string> files(const std::string& ruleset) {
  return {{"ruleset.yaml", ruleset}, {"schema.yaml", schema}, {"programmes/support.yaml", programmes}};
}

const std::string versioned = "ruleset:\n  id: t\n  version: 2025.2\n  currency: KRW\n";

}  // namespace

TEST_CASE("the fingerprint is the SHA-256 of the rule files and changes with any byte of them") {
  RuleDirectory a(files(versioned));
  const auto loaded = a.load();
  REQUIRE(loaded.rules);
  const std::string& fingerprint = loaded.rules->fingerprint();
  CHECK(fingerprint.rfind("sha256:", 0) == 0);
  CHECK(fingerprint.size() == 7 + 64);
  CHECK(loaded.rules->version() == "2025.2");
  RuleDirectory same(files(versioned));
  CHECK(same.load().rules->fingerprint() == fingerprint);  // another directory, the same content
  auto changed = files(versioned);
  changed["programmes/support.yaml"] += "\n";
  RuleDirectory other(changed);
  CHECK(other.load().rules->fingerprint() != fingerprint);
  RuleDirectory unversioned(files("ruleset:\n  id: t\n  currency: KRW\n"));
  CHECK(unversioned.load().rules->version().empty());
}

TEST_CASE("the input hash is the same whatever the key order and spacing, and changes with any fact") {
  RuleDirectory directory(files(versioned));
  ssis::Evaluator evaluator(*directory.load().rules);
  const auto receipt = [&](std::string_view json) {
    return evaluator.evaluate(ssis::parse_household_json(json, "x"), date).receipt;
  };
  const ssis::Receipt a = receipt(R"({"id": "h", "rent": 10.50, "members": [{"income": 100, "disabled": true}, {}]})");
  const ssis::Receipt b = receipt("{\"members\":[{\"disabled\":true,\n \"income\":100.0},{ }],\"rent\":10.5,\"id\":\"h\"}");
  CHECK(a.input == b.input);
  CHECK(a.input.rfind("sha256:", 0) == 0);
  CHECK(a.rule_set == "t");
  CHECK(a.version == "2025.2");
  CHECK(a.date == date);
  CHECK(receipt(R"({"id": "h", "rent": 10.51, "members": [{"income": 100, "disabled": true}, {}]})").input != a.input);
  CHECK(receipt(R"({"id": "h2", "rent": 10.50, "members": [{"income": 100, "disabled": true}, {}]})").input != a.input);
  CHECK(receipt(R"({"id": "h", "rent": 10.50, "members": [{}, {"income": 100, "disabled": true}]})").input != a.input);
  CHECK(receipt(R"({"id": "h", "rent": 10.50, "members": [{"income": 100, "disabled": null}, {}]})").input != a.input);
  // A field left out counts with its default: the schema reads both alike.
  CHECK(receipt(R"({"id": "h", "rent": 10.50, "members": [{"income": 100, "disabled": true, "age": 40}, {}]})").input == a.input);
}

TEST_CASE("the canonical input is JSON with the known facts in name order") {
  RuleDirectory directory(files(versioned));
  const ssis::RuleSet rules = *directory.load().rules;
  ssis::detail::Block block;
  block.reset(rules.schema());
  const ssis::Household household = ssis::parse_household_json(
      R"({"id": "h\"1", "region": "rural", "rent": 3.50, "members": [{"income": 7.25, "disabled": false}, {"disabled": null}]})", "x");
  ssis::detail::bind_household(rules.schema(), household, {}, block);
  const std::string canonical = ssis::detail::canonical_input(rules.model(), block, 0);
  CHECK(canonical == R"({"household":{"region":"rural","rent":"3.5"},"id":"h\"1","members":[{"age":40,"disabled":false,"income":"7.25"},{"age":40}]})");
  ssis::Evaluator evaluator(rules);
  CHECK(evaluator.evaluate(household, date).receipt.input == "sha256:" + ssis::detail::to_hex(ssis::detail::sha256(canonical)));
}

TEST_CASE("a parameter past its valid_until marks the programmes that use it") {
  RuleDirectory directory(files(versioned));
  const ssis::RuleSet rules = *directory.load().rules;
  ssis::Evaluator evaluator(rules);
  const ssis::Household household = ssis::parse_household_json(R"({"id": "h", "members": [{"income": 100}]})", "x");
  const ssis::HouseholdOutcome inside = evaluator.evaluate(household, *ssis::Date::parse("2025-12-31"));
  CHECK(inside.programmes[0].stale_parameters.empty());
  const ssis::HouseholdOutcome after = evaluator.evaluate(household, *ssis::Date::parse("2026-01-01"));
  const ssis::ProgrammeOutcome& p = after.programmes[0];
  REQUIRE(p.stale_parameters.size() == 1);
  CHECK(p.stale_parameters[0]->name == "threshold");  // bonus has no valid_until
  CHECK(p.status == ssis::Status::eligible);           // a warning: the figures are still used
  CHECK(p.amount.to_string() == "1150");
  const std::string text = ssis::to_text(rules, after, evaluator.questions(after), {.width = 200});
  CHECK(text.find("warning: a parameter known to hold only until 2025-12-31: threshold") != std::string::npos);
  CHECK(text.find("left to an official: the caseworker's interview") != std::string::npos);
  CHECK(text.find("not encoded: 1 (--explain lists them)") != std::string::npos);
  const ssis::HouseholdOutcome explained = evaluator.evaluate(household, *ssis::Date::parse("2026-01-01"), true);
  CHECK(ssis::to_text(rules, explained, {}, {.width = 200}).find("not encoded: the family's support obligations") != std::string::npos);
  const std::string json = ssis::to_json(after);
  CHECK(json.find(R"("left_to":[{"criterion":"interview","decided_by":"official"}],"not_encoded":["the family's support obligations"],)"
                  R"("stale_parameters":[{"name":"threshold","valid_until":"2025-12-31"}])") != std::string::npos);
}

TEST_CASE("with stale_parameters: error, a programme that uses a stale parameter is an error naming it") {
  RuleDirectory directory(files("ruleset:\n  id: t\n  currency: KRW\n  stale_parameters: error\n"));
  const auto loaded = directory.load();
  REQUIRE(loaded.rules);
  ssis::Evaluator evaluator(*loaded.rules);
  const ssis::Household household = ssis::parse_household_json(R"({"id": "h", "members": [{"income": 100}]})", "x");
  CHECK(evaluator.evaluate(household, *ssis::Date::parse("2025-12-31")).programmes[0].status == ssis::Status::eligible);
  const ssis::ProgrammeOutcome p = evaluator.evaluate(household, *ssis::Date::parse("2026-01-01")).programmes[0];
  CHECK(p.status == ssis::Status::error);
  CHECK(p.error == "parameter 'threshold' is stale: its values are known to hold until 2025-12-31 (valid_until), not on 2026-01-01");
}

TEST_CASE("stale_parameters and valid_until are checked") {
  RuleDirectory wrong_policy(files("ruleset:\n  id: t\n  currency: KRW\n  stale_parameters: ignore\n"));
  const auto policy = wrong_policy.load();
  CHECK_FALSE(policy.rules);
  REQUIRE_FALSE(policy.diagnostics.empty());
  CHECK(policy.diagnostics[0].message == "stale_parameters must be warning or error, not 'ignore'");
  auto bad_date = files(versioned);
  bad_date["programmes/support.yaml"].replace(bad_date["programmes/support.yaml"].find("2025-12-31"), 10, "2025-02-30");
  RuleDirectory not_a_day(bad_date);
  const auto day = not_a_day.load();
  CHECK_FALSE(day.rules);
  REQUIRE_FALSE(day.diagnostics.empty());
  CHECK(day.diagnostics[0].message.find("2025-02-30") != std::string::npos);
  CHECK(day.diagnostics[0].line == 5);
}

TEST_CASE("monthly_dates: the first date, then the first day of each later month up to the last") {
  const auto d = [](const char* text) { return *ssis::Date::parse(text); };
  const std::vector<ssis::Date> dates = ssis::monthly_dates(d("2024-11-30"), d("2025-02-01"));
  CHECK(dates == std::vector<ssis::Date>{d("2024-11-30"), d("2024-12-01"), d("2025-01-01"), d("2025-02-01")});
  CHECK(ssis::monthly_dates(d("2025-01-31"), d("2025-01-31")) == std::vector<ssis::Date>{d("2025-01-31")});
  CHECK(ssis::monthly_dates(d("2025-02-01"), d("2025-01-31")).empty());
  CHECK(ssis::monthly_dates(d("2025-01-02"), d("2025-01-31")).size() == 1);
}

TEST_CASE("money over months: each month with its own parameters, summed exactly across a change") {
  // tests/data/mini: threshold = round(median_income[size] x 0.32, 1, half_up), the amount
  // threshold - income rounded down to 10. For two members earning 500,000 in all:
  // 2024: 3,682,609 x 0.32 = 1,178,434.88 -> 1,178,435 - 500,000 = 678,435 -> 678,430;
  // 2025: 3,932,658 x 0.32 = 1,258,450.56 -> 1,258,451 - 500,000 = 758,451 -> 758,450.
  const ssis::RuleSet mini = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini");
  ssis::Evaluator evaluator(mini);
  const ssis::Household household = ssis::parse_household_json(
      R"({"id": "h1", "region": "capital", "members": [{"birth_date": "1950-01-01", "earned_income": 500000}, {"birth_date": "1955-03-02"}]})",
      "x");
  const ssis::MonthlyOutcomes months =
      ssis::evaluate_months(evaluator, household, *ssis::Date::parse("2024-11-15"), *ssis::Date::parse("2025-02-28"));
  REQUIRE(months.months.size() == 4);
  const auto p = static_cast<std::size_t>(mini.programme_index("income_support"));
  CHECK(months.months[1].programmes[p].amount.to_string() == "678430");
  CHECK(months.months[2].programmes[p].amount.to_string() == "758450");
  CHECK(months.programmes[p].eligible_months == 4);
  REQUIRE(months.programmes[p].total);
  CHECK(months.programmes[p].total->to_string() == "2873760");  // 2 x 678,430 + 2 x 758,450
  CHECK(months.months[0].receipt.date == *ssis::Date::parse("2024-11-15"));
  CHECK(months.months[3].receipt.date == *ssis::Date::parse("2025-02-01"));
  // Undetermined months are not eligible months.
  const auto elder = static_cast<std::size_t>(mini.programme_index("elder_care"));
  CHECK(months.months[0].programmes[elder].status == ssis::Status::undetermined);
  CHECK(months.programmes[elder].eligible_months == 0);
}
