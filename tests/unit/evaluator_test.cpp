#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rule_fixture.hpp"
#include "ssis/outcome_text.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/household_json.hpp"
#include "ssis/questions.hpp"
#include "ssis/rule_tests.hpp"

using test_support::load_with;

namespace {

const char* programmes = R"(programme:
  id: low_income
  name: {en: Low income}
  legal_basis: Test Act
  criteria:
    - id: income
      description: income under 1,000,000
      condition: sum(members, income) < 1000000
  amount:
    formula: 1000000 - sum(members, income)
    rounding: {unit: 10, mode: down}
    period: month
)";

const char* disability = R"(programme:
  id: disability
  name: {en: Disability}
  criteria:
    - id: disabled
      condition: any(members, disabled)
  amount:
    formula: 300000
)";

const char* carer = R"(programme:
  id: carer
  name: {en: Carer}
  criteria:
    - id: always
      condition: true
  amount:
    formula: 500000
)";

const char* relations = R"(relations:
  - id: one_of_disability_or_carer
    kind: exclusive
    programmes: [disability, carer]
    keep: highest_amount
  - id: carer_requires_low_income
    kind: requires
    programme: carer
    requires: [low_income]
)";

ssis::RuleSet rules_with_relations() {
  auto result = load_with({{"a.yaml", programmes}, {"b.yaml", disability}, {"c.yaml", carer}, {"r.yaml", relations}});
  if (!result.rules) FAIL(ssis::format(result.diagnostics));
  return std::move(*result.rules);
}

ssis::Household household(std::initializer_list<ssis::InputRecord> members) {
  ssis::Household h;
  h.id = "h";
  h.set("region", std::string("city"));
  for (const auto& m : members) h.members.push_back(m);
  return h;
}

ssis::InputRecord member(std::int64_t income, std::optional<bool> disabled) {
  ssis::InputRecord m;
  m.set("birth_date", *ssis::Date::parse("1980-01-01"));
  m.set("income", income);
  if (disabled) m.set("disabled", *disabled);
  return m;
}

const ssis::Date day = *ssis::Date::parse("2025-01-01");

}  // namespace

TEST_CASE("amounts are computed exactly and rounded as declared") {
  ssis::Evaluator evaluator(rules_with_relations());
  auto outcome = evaluator.evaluate(household({member(123456, false)}), day);
  const auto* p = outcome.find("low_income");
  REQUIRE(p);
  CHECK(p->status == ssis::Status::eligible);
  CHECK(p->amount.to_string() == "876540");
  CHECK(outcome.receipt.fingerprint == evaluator.rules().fingerprint());
  CHECK(outcome.receipt.date == day);
}

TEST_CASE("a missing fact makes a programme undetermined and is named") {
  ssis::Evaluator evaluator(rules_with_relations());
  auto outcome = evaluator.evaluate(household({member(0, false), member(0, std::nullopt)}), day);
  const auto* p = outcome.find("disability");
  CHECK(p->status == ssis::Status::undetermined);
  REQUIRE(p->missing.size() == 1);
  CHECK(p->missing[0] == "members[1].disabled");
  // any() with one known true is settled whatever the unknown member says
  outcome = evaluator.evaluate(household({member(0, true), member(0, std::nullopt)}), day);
  CHECK(outcome.find("disability")->status != ssis::Status::undetermined);
}

TEST_CASE("missing facts follow the branch a known condition chose") {
  const char* housing = R"(programme:
  id: housing
  name: {en: Housing}
  criteria:
    - id: need
      condition: if region == 'capital' then rent <= 500000 else any(members, disabled)
)";
  auto result = load_with({{"h.yaml", housing}});
  REQUIRE(result.rules);
  ssis::Evaluator evaluator(std::move(*result.rules));
  auto h = household({member(0, std::nullopt)});
  h.set("region", std::string("capital"));
  auto outcome = evaluator.evaluate(h, day);
  REQUIRE(outcome.find("housing")->status == ssis::Status::undetermined);
  CHECK(outcome.find("housing")->missing == std::vector<std::string_view>{"rent"});
  h.set("region", std::string("rural"));
  outcome = evaluator.evaluate(h, day);
  CHECK(outcome.find("housing")->missing == std::vector<std::string_view>{"members[0].disabled"});
}

TEST_CASE("missing facts of members far down a large household name them, and outlive the evaluator") {
  const char* care = R"(programme:
  id: care
  name: {en: Care}
  criteria:
    - id: need
      condition: any(members, disabled)
)";
  auto result = load_with({{"c.yaml", care}});
  REQUIRE(result.rules);
  ssis::Household large = household({});
  for (int i = 0; i < 40; ++i) large.members.push_back(member(0, i == 37 ? std::nullopt : std::optional(false)));
  ssis::HouseholdOutcome outcome;
  {
    ssis::Evaluator evaluator(*result.rules);
    outcome = evaluator.evaluate(large, day);
  }
  REQUIRE(outcome.find("care")->status == ssis::Status::undetermined);
  CHECK(outcome.find("care")->missing == std::vector<std::string_view>{"members[37].disabled"});
}

TEST_CASE("exclusive groups keep the highest amount and requires propagates") {
  ssis::Evaluator evaluator(rules_with_relations());
  auto outcome = evaluator.evaluate(household({member(0, true)}), day);
  CHECK(outcome.find("carer")->status == ssis::Status::eligible);
  const auto* d = outcome.find("disability");
  CHECK(d->status == ssis::Status::ineligible);
  CHECK(d->excluded_by == "one_of_disability_or_carer");
  CHECK(d->kept_instead == "carer");
  // Without low income, carer is not eligible, so disability is kept.
  outcome = evaluator.evaluate(household({member(2000000, true)}), day);
  CHECK(outcome.find("carer")->status == ssis::Status::ineligible);
  CHECK(outcome.find("carer")->required_missing == "low_income");
  CHECK(outcome.find("disability")->status == ssis::Status::eligible);
}

TEST_CASE("requires_any needs one eligible requirement, and waits on undetermined ones") {
  const char* support = R"(programme:
  id: support
  name: {en: Support}
  criteria:
    - id: always
      condition: true
relations:
  - id: support_requires_low_income_or_disability
    kind: requires_any
    programme: support
    requires: [low_income, disability]
)";
  auto result = load_with({{"a.yaml", programmes}, {"b.yaml", disability}, {"s.yaml", support}});
  REQUIRE(result.rules);
  ssis::Evaluator evaluator(std::move(*result.rules));
  // Disabled with a high income: one requirement holds.
  CHECK(evaluator.evaluate(household({member(2000000, true)}), day).find("support")->status == ssis::Status::eligible);
  // Neither holds.
  auto outcome = evaluator.evaluate(household({member(2000000, false)}), day);
  CHECK(outcome.find("support")->status == ssis::Status::ineligible);
  CHECK(outcome.find("support")->required_missing == "low_income");
  // High income and disability unknown: undetermined, asking for the disability.
  outcome = evaluator.evaluate(household({member(2000000, std::nullopt)}), day);
  const auto* p = outcome.find("support");
  CHECK(p->status == ssis::Status::undetermined);
  REQUIRE(p->missing.size() == 1);
  CHECK(p->missing[0] == "members[0].disabled");
}

TEST_CASE("bad household input names the field path") {
  ssis::Evaluator evaluator(rules_with_relations());
  ssis::Household h = household({member(-5, false)});
  CHECK_THROWS_WITH_AS(evaluator.evaluate(h, day), doctest::Contains("members[0].income"), ssis::InputError);
  h = household({member(0, false)});
  h.set("colour", std::string("red"));
  CHECK_THROWS_WITH_AS(evaluator.evaluate(h, day), doctest::Contains("colour"), ssis::InputError);
  h = household({member(0, false)});
  h.members[0].set("birth_date", std::string("1980-02-30"));
  CHECK_THROWS_WITH_AS(evaluator.evaluate(h, day), doctest::Contains("members[0].birth_date"), ssis::InputError);
  h = household({member(0, false)});
  h.set("region", std::monostate{});
  CHECK_THROWS_WITH_AS(evaluator.evaluate(h, day), doctest::Contains("region"), ssis::InputError);
}

TEST_CASE("overflow and missing parameter values become error outcomes for that household only") {
  auto result = load_with({{"p.yaml", R"(parameters:
  cap:
    type: money
    keys: [{name: size, type: int}]
    values:
      2025-01-01: {1: 100}
programme:
  id: capped
  name: {en: Capped}
  criteria:
    - id: under
      condition: sum(members, income) * 1000000 < cap[count(members)]
)"}});
  REQUIRE(result.rules);
  ssis::Evaluator evaluator(*result.rules);
  auto outcome = evaluator.evaluate(household({member(9000000000, false)}), day);
  CHECK(outcome.find("capped")->status == ssis::Status::error);
  CHECK(outcome.find("capped")->error.find("overflow") != std::string::npos);
  outcome = evaluator.evaluate(household({member(0, false), member(0, false)}), day);
  CHECK(outcome.find("capped")->status == ssis::Status::error);
  CHECK(outcome.find("capped")->error.find("no entry") != std::string::npos);
  outcome = evaluator.evaluate(household({member(0, false)}), *ssis::Date::parse("2024-12-31"));
  CHECK(outcome.find("capped")->error.find("no value in force") != std::string::npos);
  outcome = evaluator.evaluate(household({member(0, false)}), day);
  CHECK(outcome.find("capped")->status == ssis::Status::eligible);
}

TEST_CASE("batch evaluation equals one-by-one evaluation, whatever the block size") {
  const ssis::RuleSet rules = rules_with_relations();
  std::vector<ssis::Household> households;
  for (int i = 0; i < 37; ++i) {
    std::optional<bool> disabled;
    if (i % 3 == 1) disabled = true;
    if (i % 3 == 2) disabled = false;
    households.push_back(household({member(i * 70001, disabled), member(i * 13, std::nullopt)}));
    households.back().id = std::to_string(i);
  }
  ssis::Evaluator single(rules);
  for (std::size_t block : {1u, 5u, 256u}) {
    ssis::EvaluationOptions options;
    options.block_size = block;
    ssis::Evaluator batch(rules, options);
    const auto outcomes = batch.evaluate(households, day);
    REQUIRE(outcomes.size() == households.size());
    for (std::size_t i = 0; i < households.size(); ++i) {
      const auto one = single.evaluate(households[i], day);
      CHECK(outcomes[i].household_id == households[i].id);
      for (std::size_t p = 0; p < one.programmes.size(); ++p) {
        CHECK(outcomes[i].programmes[p].status == one.programmes[p].status);
        CHECK(outcomes[i].programmes[p].amount.raw == one.programmes[p].amount.raw);
        CHECK(outcomes[i].programmes[p].missing == one.programmes[p].missing);
      }
    }
  }
}

// The JSON of an outcome with every "missing" array written as null.
std::string missing_as_null(const std::string& json) {
  const std::string key = "\"missing\":[";
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = json.find(key); at != std::string::npos; at = json.find(key, from)) {
    out.append(json, from, at - from);
    out += "\"missing\":null";
    std::size_t end = at + key.size();
    for (bool in_string = false; in_string || json[end] != ']'; ++end) {
      if (json[end] == '"') in_string = !in_string;
      else if (in_string && json[end] == '\\') ++end;
    }
    from = end + 1;
  }
  return out + json.substr(from);
}

TEST_CASE("without missing facts, rules/kr decides every example household as with them, and names none") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  ssis::Evaluator named(rules);
  ssis::EvaluationOptions options;
  options.missing_facts = false;
  ssis::Evaluator unnamed(rules, options);
  const ssis::Date date = *ssis::Date::parse("2025-09-24");
  std::size_t facts_named = 0, members_assessed = 0;
  for (const auto& file : std::filesystem::directory_iterator(std::filesystem::path(SSIS_RULES_KR) / "../../examples/households")) {
    std::ifstream in(file.path());
    std::ostringstream text;
    text << in.rdbuf();
    for (const ssis::Household& household : ssis::parse_households_json(text.str())) {
      CAPTURE(household.id);
      for (const bool explain : {false, true}) {
        const ssis::HouseholdOutcome with = named.evaluate(household, date, explain);
        const ssis::HouseholdOutcome without = unnamed.evaluate(household, date, explain);
        CHECK(with.missing_named);
        CHECK_FALSE(without.missing_named);
        REQUIRE(with.programmes.size() == without.programmes.size());
        for (std::size_t p = 0; p < with.programmes.size(); ++p) {
          const ssis::ProgrammeOutcome& a = with.programmes[p];
          const ssis::ProgrammeOutcome& b = without.programmes[p];
          CHECK(b.missing.empty());
          facts_named += a.missing.size();
          REQUIRE(a.units.size() == b.units.size());
          for (std::size_t u = 0; u < a.units.size(); ++u) {
            CHECK(b.units[u].missing.empty());
            CHECK(a.units[u].status == b.units[u].status);
            ++members_assessed;
          }
        }
        // Everything else is the same, byte for byte.
        const bool same_json = ssis::to_json(without) == missing_as_null(ssis::to_json(with));
        CHECK(same_json);
        CHECK(unnamed.questions(without).empty());
        CHECK_FALSE(named.questions(with).empty());
      }
    }
  }
  CHECK(facts_named > 0);
  CHECK(members_assessed > 0);
}

TEST_CASE("explanations give compared values and margins, only on request") {
  ssis::Evaluator evaluator(rules_with_relations());
  auto plain = evaluator.evaluate(household({member(400000, false)}), day, false);
  CHECK_FALSE(plain.find("low_income")->criteria[0].explanation);
  auto explained = evaluator.evaluate(household({member(400000, false)}), day, true);
  const auto& criterion = explained.find("low_income")->criteria[0];
  REQUIRE(criterion.explanation);
  REQUIRE(criterion.explanation->comparisons.size() == 1);
  const auto& cmp = criterion.explanation->comparisons[0];
  CHECK(cmp.left.to_string() == "400000");
  CHECK(cmp.right.to_string() == "1000000");
  REQUIRE(cmp.margin);
  CHECK(cmp.margin->to_string() == "600000");
  const std::string text = ssis::to_text(evaluator.rules(), explained, {}, {.width = 200});
  CHECK(text.find("margin 600,000") != std::string::npos);
  CHECK(text.find("legal basis: Test Act") != std::string::npos);
  const std::string json = ssis::to_json(explained);
  CHECK(json.find("\"margin\":\"600000\"") != std::string::npos);
}

TEST_CASE("rule-set tests report mismatches") {
  auto result = load_with({{"a.yaml", programmes},
                           {"t.yaml", R"(tests:
  - name: right
    date: 2025-01-01
    household: {region: city, members: [{birth_date: 1980-01-01, income: 10}]}
    expect: {low_income: {status: eligible, amount: 999990}}
  - name: wrong
    date: 2025-01-01
    household: {region: city, members: [{birth_date: 1980-01-01, income: 10}]}
    expect: {low_income: {status: ineligible}}
)"}});
  REQUIRE(result.rules);
  const auto report = ssis::run_rule_tests(*result.rules);
  CHECK(report.passed == 1);
  CHECK(report.failed == 1);
  REQUIRE(report.failures.size() == 1);
  CHECK(report.failures[0].test == "wrong");
  CHECK(report.failures[0].line == 6);
}

TEST_CASE("a household with more members than the limit is rejected with its path") {
  ssis::EvaluationOptions options;
  options.max_members = 3;
  ssis::Evaluator evaluator(rules_with_relations(), options);
  CHECK_NOTHROW(evaluator.evaluate(household({member(0, true), member(0, true), member(0, true)}), day));
  try {
    evaluator.evaluate(household({member(0, true), member(0, true), member(0, true), member(0, true)}), day);
    FAIL("expected an InputError");
  } catch (const ssis::InputError& e) {
    CHECK(e.path() == "members");
    CHECK(std::string(e.what()).find("4 members exceed the limit of 3") != std::string::npos);
  }
}
