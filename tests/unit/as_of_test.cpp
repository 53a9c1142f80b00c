// Facts dated by the input (`as_of`), how old a schema field's fact may be (`max_age`), the
// facts an outcome flags as older than that, and evaluation as known on a past day.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <ssis/ssis.hpp>

#include "eval/block.hpp"
#include "eval/canonical_input.hpp"
#include "rule_fixture.hpp"

namespace {

using test_support::RuleDirectory;

const char* schema = R"(schema:
  household:
    rent: {type: money, min: 0, max_age: P12M}
  member:
    income: {type: money, min: 0, max_age: P1Y}
    disabled: {type: bool, max_age: P30D}
    age: {type: int, default: 40}
)";

// `support` reads the members' income, `housing` the rent and who is disabled.
const char* support = R"(programme:
  id: support
  name: {en: Support}
  criteria:
    - id: income
      condition: sum(members, income) <= 1000
  amount:
    formula: 1000 - sum(members, income)
    period: month
)";

const char* housing = R"(programme:
  id: housing
  name: {en: Housing}
  criteria:
    - id: rent
      condition: rent > 0 and any(members, disabled)
  amount:
    formula: rent
    period: month
)";

ssis::RuleSet load_rules() {
  static const RuleDirectory directory(
      {{"ruleset.yaml", "ruleset:\n  id: t\n  currency: KRW\n"}, {"schema.yaml", schema}, {"programmes/support.yaml", support},
       {"programmes/housing.yaml", housing}});
  const ssis::LoadResult loaded = directory.load();
  REQUIRE(loaded.rules);
  return *loaded.rules;
}

ssis::Date day(std::string_view text) { return *ssis::Date::parse(text); }

ssis::HouseholdOutcome evaluate(std::string_view json, std::string_view on, ssis::EvaluationOptions options = {}) {
  ssis::Evaluator evaluator(load_rules(), options);
  return evaluator.evaluate(ssis::parse_household_json(json, "h"), day(on));
}

// The InputError's path and reason of binding `json` on `on`.
std::string bind_error(std::string_view json, std::string_view on) {
  try {
    evaluate(json, on);
  } catch (const ssis::InputError& e) {
    return e.path() + ": " + e.reason();
  }
  return "no error";
}

std::string parse_error(std::string_view json) {
  try {
    ssis::parse_household_json(json, "h");
  } catch (const ssis::InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("as_of dates facts: a field's own entry, then members[].FIELD, then the member's default, then the household's") {
  const ssis::Household h = ssis::parse_household_json(R"({"rent": 500, "as_of": {"rent": "2024-03-01", "*": "2024-01-01",
      "members[].income": "2024-02-01"}, "members": [{"income": 10, "as_of": {"income": "2024-04-01"}},
      {"income": 20, "disabled": true, "as_of": "2024-05-01"}, {"income": 30, "disabled": false}]})", "h");
  CHECK(h.date_of("rent") == day("2024-03-01"));
  CHECK(h.member_date(0, "income") == day("2024-04-01"));
  CHECK(h.member_date(1, "income") == day("2024-02-01"));
  CHECK(h.member_date(1, "disabled") == day("2024-05-01"));
  CHECK(h.member_date(2, "disabled") == day("2024-01-01"));
  CHECK(h.dated());
  const ssis::Household undated = ssis::parse_household_json(R"({"members": [{"income": 10}]})", "h");
  CHECK_FALSE(undated.dated());
  CHECK_FALSE(undated.member_date(0, "income"));
}

TEST_CASE("an as_of that is not a date, or that dates a member from the wrong place, is refused at its line and column") {
  CHECK(parse_error(R"({"as_of": {"rent": "2024-02-30"}, "members": [{}]})") ==
        "line 1, column 20: as_of.rent: '2024-02-30' is not a date (YYYY-MM-DD)");
  CHECK(parse_error(R"({"as_of": 20240101, "members": [{}]})") == "line 1, column 11: as_of: a date must be a string \"YYYY-MM-DD\"");
  CHECK(parse_error("{\"members\": [{\"as_of\": {\"income\": null}}]}") ==
        "line 1, column 35: members[0].as_of.income: a date must be a string \"YYYY-MM-DD\"");
  CHECK(parse_error(R"({"as_of": {"members[0].income": "2024-01-01"}, "members": [{}]})") ==
        "line 1, column 33: as_of.members[0].income: a member field is dated as members[].FIELD here, or in the member's own as_of");
  CHECK(parse_error(R"({"members": [{"as_of": {"members[].income": "2024-01-01"}}]})") ==
        "line 1, column 45: members[0].as_of.members[].income: a member's as_of names its own fields");
}

TEST_CASE("an as_of entry naming no field of its level, or after the evaluation date, is an InputError with its path") {
  CHECK(bind_error(R"({"as_of": {"rnt": "2024-01-01"}, "members": [{}]})", "2025-01-01") ==
        "as_of.rnt: names no household field (see `ssis schema`)");
  CHECK(bind_error(R"({"as_of": {"income": "2024-01-01"}, "members": [{}]})", "2025-01-01") ==
        "as_of.income: names no household field (see `ssis schema`)");
  CHECK(bind_error(R"({"as_of": {"members[].rent": "2024-01-01"}, "members": [{}]})", "2025-01-01") ==
        "as_of.members[].rent: names no member field (see `ssis schema`)");
  CHECK(bind_error(R"({"members": [{}, {"as_of": {"rent": "2024-01-01"}}]})", "2025-01-01") ==
        "members[1].as_of.rent: names no member field (see `ssis schema`)");
  CHECK(bind_error(R"({"as_of": {"rent": "2025-01-02"}, "members": [{}]})", "2025-01-01") ==
        "as_of.rent: 2025-01-02 is after the evaluation date 2025-01-01");
  CHECK(bind_error(R"({"members": [{"as_of": "2025-01-02"}]})", "2025-01-01") ==
        "members[0].as_of: 2025-01-02 is after the evaluation date 2025-01-01");
  CHECK(bind_error(R"({"as_of": "2025-01-01", "members": [{}]})", "2025-01-01") == "no error");
}

TEST_CASE("max_age: a fact exactly at its limit is current, one day more is stale") {
  const auto twelve_months = *ssis::MaxAge::parse("P12M");
  CHECK_FALSE(twelve_months.exceeded(day("2024-06-15"), day("2025-06-15")));
  CHECK(twelve_months.exceeded(day("2024-06-15"), day("2025-06-16")));
  const auto one_month = *ssis::MaxAge::parse("P1M");  // from the 31st: the shorter month's last day
  CHECK_FALSE(one_month.exceeded(day("2024-01-31"), day("2024-02-29")));
  CHECK(one_month.exceeded(day("2024-01-31"), day("2024-03-01")));
  const auto one_year = *ssis::MaxAge::parse("P1Y");
  CHECK(one_year.months == 12);
  CHECK_FALSE(one_year.exceeded(day("2024-02-29"), day("2025-02-28")));
  CHECK(one_year.exceeded(day("2024-02-29"), day("2025-03-01")));
  const auto thirty_days = *ssis::MaxAge::parse("P30D");
  CHECK_FALSE(thirty_days.exceeded(day("2025-01-01"), day("2025-01-31")));
  CHECK(thirty_days.exceeded(day("2025-01-01"), day("2025-02-01")));
  CHECK_FALSE(ssis::MaxAge::parse("P9999Y")->exceeded(day("9000-01-01"), day("9999-12-31")));
  for (const char* bad : {"12M", "P", "PM", "P0M", "P12W", "P1Y2M", "P10000D", "p12m", "P-1M", " P1M"})
    CHECK_MESSAGE(!ssis::MaxAge::parse(bad), bad);
}

TEST_CASE("an outcome lists the dated facts its programme read that are older than their max_age") {
  const char* json = R"({"rent": 500, "as_of": {"rent": "2024-06-01"}, "members": [
      {"income": 100, "disabled": true, "as_of": {"income": "2024-06-01", "disabled": "2025-05-02"}}, {"income": 50}]})";
  const ssis::HouseholdOutcome at_limit = evaluate(json, "2025-06-01");
  for (const ssis::ProgrammeOutcome& p : at_limit.programmes) CHECK(p.stale_facts.empty());
  const ssis::HouseholdOutcome later = evaluate(json, "2025-06-02");
  const ssis::ProgrammeOutcome& support = *later.find("support");
  REQUIRE(support.stale_facts.size() == 1);  // members[1].income is undated: taken as current
  CHECK(support.stale_facts[0].path == "members[0].income");
  CHECK(support.stale_facts[0].as_of == day("2024-06-01"));
  CHECK(support.stale_facts[0].field->max_age->text == "P1Y");
  CHECK(support.status == ssis::Status::eligible);  // a warning: the decision stands
  const ssis::ProgrammeOutcome& housing = *later.find("housing");
  REQUIRE(housing.stale_facts.size() == 2);  // the rent; disabled is 31 days old, not more than P30D
  CHECK(housing.stale_facts[0].path == "rent");
  CHECK(housing.stale_facts[1].path == "members[0].disabled");
  const std::string out = ssis::to_json(later);
  CHECK(out.find(R"("stale_facts":[{"path":"members[0].income","as_of":"2024-06-01","max_age":"P1Y"}])") != std::string::npos);
  CHECK(out.find(R"("stale_facts":[{"path":"rent","as_of":"2024-06-01","max_age":"P12M"},)"
                 R"({"path":"members[0].disabled","as_of":"2025-05-02","max_age":"P30D"}])") != std::string::npos);
  const ssis::RuleSet rules = load_rules();
  const std::string text = ssis::to_text(rules, later, {}, {.width = 200});
  CHECK(text.find("      warning: a fact older than its limit, dated 2024-06-01: members[0].income (P1Y)\n") != std::string::npos);
  CHECK(text.find("      warning: a fact older than its limit, dated 2025-05-02: members[0].disabled (P30D)\n") != std::string::npos);
}

TEST_CASE("as known on a day, a fact dated after it is unknown, without its default; undated facts stay") {
  const char* json = R"({"rent": 500, "members": [{"income": 100, "age": 30, "as_of": {"income": "2025-03-01", "age": "2025-03-01"}},
      {"income": 50}]})";
  const ssis::HouseholdOutcome now = evaluate(json, "2025-06-01");
  CHECK(now.find("support")->status == ssis::Status::eligible);
  const ssis::HouseholdOutcome before = evaluate(json, "2025-06-01", {.known_on = day("2025-02-28")});
  const ssis::ProgrammeOutcome& support = *before.find("support");
  CHECK(support.status == ssis::Status::undetermined);
  REQUIRE(support.missing.size() == 1);
  CHECK(support.missing[0] == "members[0].income");
  const ssis::RuleSet rules = load_rules();
  ssis::detail::Block block;
  block.reset(rules.schema());
  ssis::detail::bind_household(rules.schema(), ssis::parse_household_json(json, "h"), {.known_on = day("2025-02-28")}, block);
  CHECK(ssis::detail::canonical_input(ssis::detail::model_of(rules), block, 0) ==
        R"({"household":{"rent":"500"},"id":"h","members":[{},{"age":40,"income":"50"}]})");
  CHECK(evaluate(json, "2025-06-01", {.known_on = day("2025-03-01")}).find("support")->status == ssis::Status::eligible);
}

TEST_CASE("the dates of the known facts are part of the canonical input and its hash") {
  const ssis::RuleSet rules = load_rules();
  const auto canonical = [&](std::string_view json) {
    ssis::detail::Block block;
    block.reset(rules.schema());
    ssis::detail::bind_household(rules.schema(), ssis::parse_household_json(json, "h"), {}, block);
    return ssis::detail::canonical_input(ssis::detail::model_of(rules), block, 0);
  };
  CHECK(canonical(R"({"rent": 5, "as_of": {"rent": "2024-01-01"}, "members": [{}, {"income": 7, "as_of": "2024-02-01"}]})") ==
        R"({"as_of":{"household":{"rent":"2024-01-01"},"members":[{},{"income":"2024-02-01"}]},)"
        R"("household":{"rent":"5"},"id":"h","members":[{"age":40},{"age":40,"income":"7"}]})");
  // Dates of facts not given date nothing; without dated facts the form is as before.
  CHECK(canonical(R"({"as_of": {"members[].disabled": "2024-01-01"}, "members": [{}]})") == R"({"household":{},"id":"h","members":[{"age":40}]})");
  const auto input = [&](std::string_view json) { return evaluate(json, "2025-01-01").receipt.input; };
  const std::string dated = input(R"({"rent": 5, "as_of": "2024-01-01", "members": [{"income": 7}]})");
  CHECK(dated == input(R"({"rent": 5, "as_of": {"rent": "2024-01-01", "members[].income": "2024-01-01"}, "members": [{"income": 7}]})"));
  CHECK(dated != input(R"({"rent": 5, "as_of": "2024-01-02", "members": [{"income": 7}]})"));
  CHECK(dated != input(R"({"rent": 5, "members": [{"income": 7}]})"));
}

TEST_CASE("max_age is checked where it is written, and no field may be named as_of") {
  const auto diagnostics = [](const std::string& field) {
    RuleDirectory directory({{"ruleset.yaml", "ruleset:\n  id: t\n  currency: KRW\n"},
                             {"schema.yaml", "schema:\n  household:\n    " + field + "\n"}});
    std::vector<std::string> out;
    for (const ssis::Diagnostic& d : directory.load().diagnostics)
      out.push_back(fmt::format("{}:{}: {}", d.line, d.column, d.message));
    return out;
  };
  CHECK(diagnostics("rent: {type: money, max_age: 12 months}") ==
        std::vector<std::string>{"3:34: max_age must be P, a whole number from 1 to 9999 and Y, M or D (P12M), not '12 months'"});
  CHECK(diagnostics("as_of: {type: date}") ==
        std::vector<std::string>{"3:5: a field cannot be named as_of: the input dates its facts with it"});
  CHECK(diagnostics("rent: {type: money, max_age: P6M}").empty());
}

TEST_CASE("the columnar engine refuses a household with dated facts") {
  const ssis::RuleSet rules = load_rules();
  ssis::HouseholdColumns columns(rules);
  try {
    columns.append(ssis::parse_household_json(R"({"members": [{"income": 1, "as_of": "2024-01-01"}]})", "h"));
    FAIL("appended");
  } catch (const ssis::InputError& e) {
    CHECK(e.path() == "as_of");
  }
  CHECK(columns.households() == 0);
}

TEST_CASE("with stale_facts: unknown, a fact older than its max_age is not known, and is still listed") {
  const RuleDirectory directory({{"ruleset.yaml", "ruleset:\n  id: t\n  currency: KRW\n  stale_facts: unknown\n"},
                                 {"schema.yaml", schema}, {"programmes/support.yaml", support}});
  ssis::Evaluator evaluator(*directory.load().rules);
  const ssis::Household household = ssis::parse_household_json(
      R"({"members": [{"income": 100, "as_of": {"income": "2024-06-01"}}, {"income": 50}]})", "h");
  const ssis::ProgrammeOutcome at_limit = *evaluator.evaluate(household, day("2025-06-01")).find("support");
  CHECK(at_limit.status == ssis::Status::eligible);
  CHECK(at_limit.stale_facts.empty());
  const ssis::ProgrammeOutcome later = *evaluator.evaluate(household, day("2025-06-02")).find("support");
  CHECK(later.status == ssis::Status::undetermined);
  REQUIRE(later.missing.size() == 1);
  CHECK(later.missing[0] == "members[0].income");
  REQUIRE(later.stale_facts.size() == 1);
  CHECK(later.stale_facts[0].path == "members[0].income");
}

TEST_CASE("stale_facts is warning or unknown") {
  const RuleDirectory directory({{"ruleset.yaml", "ruleset:\n  id: t\n  currency: KRW\n  stale_facts: error\n"}, {"schema.yaml", schema}});
  const ssis::LoadResult loaded = directory.load();
  CHECK_FALSE(loaded.rules);
  REQUIRE(loaded.diagnostics.size() == 1);
  CHECK(loaded.diagnostics[0].message == "stale_facts must be warning or unknown, not 'error'");
  CHECK(loaded.diagnostics[0].line == 4);
}
