// Programmes assessed per member and units built from members (tests/data/units): each
// member's decision in the outcome, the household's decision from its members', the same in
// every output and in the columns, and the checker's errors for misused units.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <random>

#include "io/json.hpp"
#include "rule_fixture.hpp"
#include "ssis/outcome_text.hpp"
#include "ssis/columns.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/rule_tests.hpp"

using test_support::load_with;

namespace {

const ssis::Date day = *ssis::Date::parse("2025-06-01");

const ssis::RuleSet& units_rules() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/units");
  return rules;
}

ssis::InputRecord person(const char* birth, const char* relation, std::int64_t income, std::optional<bool> pension) {
  ssis::InputRecord member;
  member.fields = {{"birth_date", *ssis::Date::parse(birth)}, {"relation", std::string(relation)}, {"income", *ssis::Decimal::from_int(income)}};
  if (pension) member.fields.emplace_back("occupational_pension", *pension);
  return member;
}

// The head, the head's two parents (the mother's pension undecided), and a disabled child.
ssis::Household three_generations() {
  ssis::Household household;
  household.id = "three generations";
  household.members = {person("1975-01-01", "head", 5'000'000, false), person("1948-01-01", "parent", 1'000'000, false),
                       person("1950-01-01", "parent", 500'000, std::nullopt), person("2000-01-01", "child", 0, std::nullopt)};
  household.members[3].fields.emplace_back("disabled", true);
  return household;
}

// Households of one to five members of any relation, age and income, some facts unknown.
std::vector<ssis::Household> random_households(std::size_t count) {
  std::mt19937_64 random(5);
  const char* relations[] = {"head", "spouse", "child", "parent", "other"};
  std::vector<ssis::Household> out(count);
  for (std::size_t h = 0; h < count; ++h) {
    out[h].id = std::to_string(h);
    for (std::size_t m = 0, n = 1 + random() % 5; m < n; ++m) {
      ssis::InputRecord member;
      member.fields.emplace_back("birth_date", ssis::Date::from_days(static_cast<std::int32_t>(-9'000 + random() % 25'000)));
      member.fields.emplace_back("relation", std::string(relations[random() % 5]));
      if (random() % 6 != 0) member.fields.emplace_back("income", *ssis::Decimal::from_int(static_cast<std::int64_t>(random() % 8) * 500'000));
      else member.fields.emplace_back("income", std::monostate{});
      if (random() % 4 != 0) member.fields.emplace_back("occupational_pension", random() % 5 == 0);
      if (random() % 4 != 0) member.fields.emplace_back("disabled", random() % 3 == 0);
      out[h].members.push_back(std::move(member));
    }
  }
  return out;
}

// Beside the base schema of rule_fixture.hpp.
const char* member_variables = "variables:\n  age: {level: member, formula: age(birth_date)}\n  poor: {level: member, formula: income < 100}\n";

// The first diagnostic of a rule set made of the base schema, member_variables and `text`.
std::string first_error(const std::string& file, const std::string& text) {
  auto result = load_with({{"s.yaml", member_variables}, {file, text}});
  REQUIRE_FALSE(result.rules);
  REQUIRE_FALSE(result.diagnostics.empty());
  return fmt::format("{}:{}: {}", result.diagnostics[0].line, result.diagnostics[0].column, result.diagnostics[0].message);
}

}  // namespace

TEST_CASE("a programme assessed per member decides for each member and sums their amounts for the household") {
  ssis::Evaluator evaluator(units_rules());
  const ssis::HouseholdOutcome outcome = evaluator.evaluate(three_generations(), day);
  const ssis::ProgrammeOutcome& pension = *outcome.find("old_age_pension");
  CHECK(pension.programme->unit == ssis::ProgrammeUnit::member);
  CHECK(pension.programme->unit_where == "older");
  REQUIRE(pension.units.size() == 2);  // the parents; the head and the child are not assessed
  CHECK(pension.units[0].member == 1);
  CHECK(pension.units[0].status == ssis::Status::eligible);
  CHECK(pension.units[0].amount.to_string() == "248000");  // the couple's reduced amount
  CHECK(pension.units[1].member == 2);
  CHECK(pension.units[1].status == ssis::Status::undetermined);
  CHECK(pension.units[1].missing == std::vector<std::string_view>{"members[2].occupational_pension"});
  REQUIRE(pension.units[0].criteria.size() == 2);
  CHECK(pension.units[0].criteria[0].criterion->id == "couple_income");
  CHECK(pension.units[0].criteria[0].value.raw == 1);
  // Eligible through the father; the total waits on the mother's decision.
  CHECK(pension.status == ssis::Status::eligible);
  CHECK_FALSE(pension.amount.known());
  CHECK(pension.missing == std::vector<std::string_view>{"members[2].occupational_pension"});
  CHECK(pension.criteria.empty());

  const ssis::ProgrammeOutcome& grant = *outcome.find("household_grant");
  CHECK(grant.units.empty());
  CHECK(grant.criteria.size() == 1);
}

TEST_CASE("a member's decision is explained and carried into the text and the JSON") {
  ssis::Evaluator evaluator(units_rules());
  const ssis::HouseholdOutcome outcome = evaluator.evaluate(three_generations(), day, true);
  const ssis::UnitOutcome& father = outcome.find("old_age_pension")->units[0];
  REQUIRE(father.criteria[0].explanation);
  const auto& comparisons = father.criteria[0].explanation->comparisons;
  REQUIRE_FALSE(comparisons.empty());
  CHECK(comparisons[0].left.to_string() == "1500000");  // the couple's joint income
  CHECK(comparisons[0].right.to_string() == "3200000");
  CHECK_FALSE(father.amount_explanation.empty());

  const std::string text = ssis::to_text(evaluator.rules(), outcome, evaluator.questions(outcome), {.width = 200});
  CHECK(text.find("member 2: eligible, 248,000 KRW a month\n") != std::string::npos);
  CHECK(text.find("member 3: undetermined, 248,000 KRW a month — ask for: members[2].occupational_pension\n") != std::string::npos);
  CHECK(text.find("member 4: eligible, 100,000 KRW a month\n") != std::string::npos);

  const std::string json = ssis::to_json(outcome);
  CHECK(json.find(R"("unit":"member","units":[{"member":1,"status":"eligible","amount":"248000","amount_text":"248,000 a month","missing":[])") != std::string::npos);
  const std::size_t grant = json.find(R"("id":"household_grant")");
  REQUIRE(grant != std::string::npos);
  const std::string grant_object = json.substr(grant, json.find(R"({"id":)", grant) - grant);
  CHECK(grant_object.find("\"unit") == std::string::npos);  // household programmes' JSON is unchanged
}

TEST_CASE("the JSON of the decisions alone keeps each programme's and member's decision, and no text") {
  ssis::Evaluator evaluator(units_rules());
  const ssis::HouseholdOutcome outcome = evaluator.evaluate(three_generations(), day, true);
  const ssis::detail::JsonValue full = ssis::detail::parse_json(ssis::to_json(outcome));
  const ssis::detail::JsonValue decisions =
      ssis::detail::parse_json(ssis::to_json(outcome, "en", ssis::Labels(), ssis::OutcomeDetail::decisions));
  const auto member = [](const ssis::detail::JsonValue& object, std::string_view key) -> const ssis::detail::JsonValue* {
    for (const auto& m : object.members)
      if (m.key == key) return &m.value;
    return nullptr;
  };
  const auto compact = [](const ssis::detail::JsonValue& value) {
    std::string out;
    ssis::detail::append_compact_json(out, value);
    return out;
  };
  const std::vector<std::string_view> kept = {"id", "in_force", "period", "status", "amount", "missing", "excluded_by", "kept_instead", "requires", "error"};
  const auto& programmes = member(full, "programmes")->items;
  const auto& decided = member(decisions, "programmes")->items;
  REQUIRE(programmes.size() == decided.size());
  std::size_t units = 0;
  for (std::size_t p = 0; p < programmes.size(); ++p) {
    for (const std::string_view key : kept) {
      REQUIRE(member(decided[p], key) != nullptr);
      CHECK(compact(*member(decided[p], key)) == compact(*member(programmes[p], key)));
    }
    CHECK(member(decided[p], "name") == nullptr);
    CHECK(member(decided[p], "criteria") == nullptr);
    CHECK(member(decided[p], "legal_basis") == nullptr);
    CHECK(member(decided[p], "not_encoded") == nullptr);
    if (const auto* list = member(decided[p], "units")) {
      const auto& full_units = member(programmes[p], "units")->items;
      REQUIRE(list->items.size() == full_units.size());
      for (std::size_t u = 0; u < full_units.size(); ++u, ++units) {
        CHECK(list->items[u].members.size() == 8);  // member, status, amount, missing and the relations' fields and error
        for (const char* key : {"member", "status", "amount", "missing", "error"})
          CHECK(compact(*member(list->items[u], key)) == compact(*member(full_units[u], key)));
        CHECK(member(list->items[u], "criteria") == nullptr);
      }
    }
  }
  CHECK(units >= 3);
}

TEST_CASE("the columns give every member's decision as the single-household evaluator does") {
  const ssis::RuleSet& rules = units_rules();
  const std::vector<ssis::Household> records = random_households(500);
  ssis::HouseholdColumns households(rules);
  for (const auto& record : records) households.append(record);
  ssis::Evaluator evaluator(rules);
  for (const char* date : {"2025-06-01", "2019-06-30"}) {
    CAPTURE(date);
    ssis::ColumnOptions options;
    options.date = *ssis::Date::parse(date);
    options.block_size = 13;
    const ssis::ColumnOutcomes columns = ssis::evaluate_columns(rules, households, options);
    const std::size_t units = columns.member_programmes.size();
    REQUIRE(units == 2);
    std::size_t compared = 0;
    for (std::size_t h = 0; h < columns.households; ++h) {
      if (!columns.input_errors[h].empty()) continue;
      const ssis::HouseholdOutcome outcome = evaluator.evaluate(records[h], options.date);
      for (std::size_t k = 0; k < units; ++k) {
        const ssis::ProgrammeOutcome& programme = outcome.programmes[columns.member_programmes[k]];
        CHECK(programme.status == columns.status_of(h, columns.member_programmes[k]));
        std::size_t listed = 0;
        for (std::uint32_t m = columns.member_offsets[h]; m < columns.member_offsets[h + 1]; ++m) {
          const std::size_t entry = m * units + k;
          if (columns.unit_assessed[entry] == 0) continue;
          REQUIRE(listed < programme.units.size());
          const ssis::UnitOutcome& unit = programme.units[listed++];
          CHECK(unit.member == m - columns.member_offsets[h]);
          CHECK(unit.status == columns.unit_status[entry]);
          CHECK(unit.amount.knowledge == columns.unit_amount_knowledge[entry]);
          if (unit.amount.known()) CHECK(unit.amount.raw == columns.unit_amount[entry]);
          ++compared;
        }
        CHECK(listed == programme.units.size());
      }
    }
    CHECK(compared > 100);
  }
}

TEST_CASE("misused units are errors at their place") {
  const std::string pension = "programme:\n  id: p\n  name: {en: P}\n  unit: {each: MEMBERS}\n  criteria:\n    - {id: c, condition: age > 64}\n";
  CHECK(first_error("p.yaml", pension) == "4:16: unit 'each' is household or member, not 'MEMBERS'");
  CHECK(first_error("p.yaml", "programme:\n  id: p\n  name: {en: P}\n  unit: {each: household, where: age > 64}\n  criteria:\n"
                              "    - {id: c, condition: 'true'}\n")
            .find("unit 'where' chooses members: it needs 'each: member'") != std::string::npos);
  CHECK(first_error("p.yaml", "programme:\n  id: p\n  name: {en: P}\n  unit: {each: member, where: age}\n  criteria:\n"
                              "    - {id: c, condition: 'true'}\n")
            .find("a condition must be true or false") != std::string::npos);
  // A household programme's criteria cannot name a member's values; a member programme's can.
  CHECK(first_error("p.yaml", "programme:\n  id: p\n  name: {en: P}\n  criteria:\n    - {id: c, condition: age > 64}\n")
            .find("is a value of each member") != std::string::npos);
  const std::string units = "units:\n  pair:\n    key: disabled\n";
  CHECK(first_error("u.yaml", "units:\n  pair:\n    key: poor\n") ==
        "3:10: a unit's key reads fields and parameters only, and 'poor' is neither");
  CHECK(first_error("u.yaml", "units:\n  pair:\n    key: income\n").find("a unit's key is an int, an enumeration or true/false") !=
        std::string::npos);
  CHECK(first_error("u.yaml", units + "variables:\n  n: {formula: count(pair)}\n").find("speaks of the current member's unit") !=
        std::string::npos);
  CHECK(first_error("u.yaml", units + "variables:\n  n: {level: member, formula: pair}\n").find("'pair' is a unit") !=
        std::string::npos);
  CHECK(first_error("u.yaml", units + "variables:\n  n: {level: member, formula: 'count(members, count(pair) > 1)'}\n")
            .find("cannot be nested inside another aggregate") != std::string::npos);
  CHECK(first_error("u.yaml", "variables:\n  n: {formula: member_index}\n").find("member_index is the position of each member") !=
        std::string::npos);
}

TEST_CASE("a relation per member holds between programmes assessed per member") {
  auto result = load_with({{"s.yaml", member_variables},
                           {"a.yaml", "programme:\n  id: a\n  name: {en: A}\n  unit: {each: member}\n  criteria:\n    - {id: c, condition: 'true'}\n"},
                           {"h.yaml", "programme:\n  id: h\n  name: {en: H}\n  criteria:\n    - {id: c, condition: 'true'}\n"},
                           {"r.yaml", "relations:\n  - {id: r, kind: exclusive, per: member, programmes: [a, h]}\n"}});
  REQUIRE_FALSE(result.rules);
  CHECK(result.diagnostics[0].message ==
        "'h' is assessed for the household: a relation per member holds between programmes assessed per member");
  CHECK(result.diagnostics[0].line == 2);
  auto wrong = load_with({{"s.yaml", member_variables},
                          {"a.yaml", "programme:\n  id: a\n  name: {en: A}\n  unit: {each: member}\n  criteria:\n    - {id: c, condition: 'true'}\n"},
                          {"b.yaml", "programme:\n  id: b\n  name: {en: B}\n  unit: {each: member}\n  criteria:\n    - {id: c, condition: 'true'}\n"},
                          {"r.yaml", "relations:\n  - {id: r, kind: exclusive, per: person, programmes: [a, b]}\n"}});
  REQUIRE_FALSE(wrong.rules);
  CHECK(wrong.diagnostics[0].message == "per is household or member, not 'person'");
}

TEST_CASE("tests name members' decisions only for programmes assessed per member, by index") {
  const std::string programme =
      "programme:\n  id: p\n  name: {en: P}\n  unit: {each: member}\n  criteria:\n    - {id: c, condition: age > 64}\n"
      "tests:\n  - name: t\n    date: 2025-01-01\n    household: {region: city, members: [{birth_date: 1950-01-01}]}\n    expect:\n";
  CHECK(first_error("p.yaml", programme + "      p: {units: {1: eligible}}\n") ==
        "12:19: '1' is not the index of a member of this household (0 to 0)");
  CHECK(first_error("p.yaml", programme + "      p: {units: {0: absent}}\n")
            .find("status is eligible, ineligible, undetermined, error or not_assessed") != std::string::npos);
  auto passing = load_with({{"s.yaml", member_variables}, {"p.yaml", programme + "      p: {status: eligible, units: {0: eligible}}\n"}});
  if (!passing.rules) FAIL(ssis::format(passing.diagnostics));
  const ssis::RuleTestReport report = ssis::run_rule_tests(*passing.rules);
  CHECK(report.passed == 1);
  auto failing = load_with({{"s.yaml", member_variables}, {"p.yaml", programme + "      p: {units: {0: not_assessed}}\n"}});
  REQUIRE(failing.rules);
  const ssis::RuleTestReport failed = ssis::run_rule_tests(*failing.rules);
  REQUIRE(failed.failures.size() == 1);
  CHECK(failed.failures[0].problems == std::vector<std::string>{"p for members[0]: expected not_assessed, got eligible"});
}
