// Household input as every path binds it: a null is an unknown fact, a household has
// members, a date field may be bounded by the evaluation date, and every text is UTF-8.
#include <doctest/doctest.h>

#include <sstream>

#include "io/utf8.hpp"
#include "rule_fixture.hpp"
#include "ssis/batch.hpp"
#include "ssis/columns.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/household_json.hpp"

using test_support::load_with;

namespace {

const ssis::Date day = *ssis::Date::parse("2025-01-01");

// `income` has a default of 0 in the base schema.
const char* low_income = R"(programme:
  id: low_income
  name: {en: Low income}
  criteria:
    - id: income
      condition: sum(members, income) < 1000000
  amount:
    formula: 1000000 - sum(members, income)
)";

ssis::RuleSet low_income_rules() {
  auto result = load_with({{"a.yaml", low_income}});
  if (!result.rules) FAIL(ssis::format(result.diagnostics));
  return std::move(*result.rules);
}

class CollectingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override {
    households.insert(households.end(), block.begin(), block.end());
  }
  std::vector<ssis::BatchHousehold> households;
};

std::vector<ssis::BatchHousehold> run(const ssis::RuleSet& rules, std::unique_ptr<ssis::HouseholdSource> source, ssis::Date date) {
  CollectingSink sink;
  ssis::BatchOptions options;
  options.date = date;
  options.threads = 1;
  ssis::run_batch(rules, *source, sink, options);
  return sink.households;
}

std::string what(const std::function<void()>& f) {
  try {
    f();
  } catch (const ssis::InputError& e) {
    return e.what();
  }
  return "";
}

bool valid_utf8(const std::string& text) { return ssis::detail::invalid_utf8_offset(text) == std::string::npos; }

}  // namespace

TEST_CASE("an explicit null is an unknown fact, not the field's default, on every path") {
  const ssis::RuleSet rules = low_income_rules();
  ssis::Evaluator evaluator(rules);
  const auto omitted = ssis::parse_household_json(R"({"region": "city", "members": [{"birth_date": "1980-01-01"}]})", "a");
  const auto null = ssis::parse_household_json(R"({"region": "city", "members": [{"birth_date": "1980-01-01", "income": null}]})", "b");

  // Left out, the default 0 applies: the full amount.
  const auto by_default = evaluator.evaluate(omitted, day);
  CHECK(by_default.programmes[0].status == ssis::Status::eligible);
  CHECK(by_default.programmes[0].amount.to_string() == "1000000");
  // Given as null, the income is not known: nothing is paid on it.
  const auto unknown = evaluator.evaluate(null, day);
  CHECK(unknown.programmes[0].status == ssis::Status::undetermined);
  REQUIRE(unknown.programmes[0].missing.size() == 1);
  CHECK(unknown.programmes[0].missing[0] == "members[0].income");
  CHECK(evaluator.evaluate(std::vector<ssis::Household>{omitted, null}, day)[1].programmes[0].status == ssis::Status::undetermined);

  // A CSV empty cell and a JSON line's null are unknown too; a CSV without the column is not.
  std::istringstream csv("household_id,region,birth_date,income\nc,city,1980-01-01,\n");
  auto rows = run(rules, ssis::csv_source(csv, rules.schema()), day);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].programmes[0].status == ssis::Status::undetermined);
  CHECK(rows[0].detail(rows[0].programmes[0]).missing == "members[0].income");
  std::istringstream csv_without("household_id,region,birth_date\nd,city,1980-01-01\n");
  rows = run(rules, ssis::csv_source(csv_without, rules.schema()), day);
  CHECK(rows[0].programmes[0].status == ssis::Status::eligible);
  std::istringstream lines(R"({"region": "city", "members": [{"birth_date": "1980-01-01", "income": null}]})" "\n");
  rows = run(rules, ssis::json_lines_source(lines), day);
  CHECK(rows[0].programmes[0].status == ssis::Status::undetermined);

  // Columns: a value marked missing, or a null, is unknown; a column never set takes the default.
  ssis::HouseholdColumns columns(rules, std::vector<std::uint32_t>{1, 1, 1});
  columns.set("region", std::vector<std::int64_t>{1, 1, 1});
  columns.set("birth_date", std::vector<std::int64_t>(3, ssis::Date::parse("1980-01-01")->days()));
  ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, columns, {day, 1, 0});
  CHECK(out.status_of(0, 0) == ssis::Status::eligible);
  columns.set("income", std::vector<std::int64_t>{0, 0, 0}, std::vector<std::uint8_t>{1, 0, 1});
  using V = ssis::InputValue;
  out = ssis::evaluate_columns(rules, columns, {day, 1, 0});
  CHECK(out.status_of(0, 0) == ssis::Status::eligible);
  CHECK(out.status_of(1, 0) == ssis::Status::undetermined);
  columns.set("income", std::vector<V>{V(std::int64_t{0}), V(std::monostate{}), V(std::int64_t{0})});
  out = ssis::evaluate_columns(rules, columns, {day, 1, 0});
  CHECK(out.status_of(1, 0) == ssis::Status::undetermined);
  CHECK(out.status_of(2, 0) == ssis::Status::eligible);
}

TEST_CASE("a household without members is an input error naming members") {
  const ssis::RuleSet rules = low_income_rules();
  ssis::Evaluator evaluator(rules);
  for (const char* json : {R"({"region": "city", "members": []})", R"({"region": "city"})"}) {
    INFO(json);
    try {
      evaluator.evaluate(ssis::parse_household_json(json, "a"), day);
      FAIL("expected an input error");
    } catch (const ssis::InputError& e) {
      CHECK(e.path() == "members");
      CHECK(e.reason() == "a household needs at least one member");
    }
  }
  std::istringstream lines("{\"region\": \"city\", \"members\": []}\n");
  const auto rows = run(rules, ssis::json_lines_source(lines), day);
  CHECK(rows[0].input_error == "line 1: members: a household needs at least one member");
  ssis::HouseholdColumns columns(rules);
  ssis::Household none;
  none.set("region", std::string("city"));
  CHECK_THROWS_WITH_AS(columns.append(none), "members: a household needs at least one member", ssis::InputError);
}

TEST_CASE("a date field declared not_after: evaluation_date rejects later dates with its path") {
  const char* schema = R"(enums:
  region:
    values: [capital, city, rural]
schema:
  household:
    region: {type: region, required: true}
    moved_in: {type: date, not_after: evaluation_date}
  member:
    birth_date: {type: date, required: true, not_after: evaluation_date}
    income: {type: money, min: 0, default: 0}
)";
  test_support::RuleDirectory directory({{"ruleset.yaml", test_support::header}, {"schema.yaml", schema}, {"a.yaml", low_income}});
  const auto loaded = directory.load();
  if (!loaded.rules) FAIL(ssis::format(loaded.diagnostics));
  const ssis::RuleSet& rules = *loaded.rules;
  CHECK(rules.schema().describe().find("required, not after the evaluation date") != std::string::npos);
  ssis::Evaluator evaluator(rules);
  const std::string born_today = R"({"region": "city", "members": [{"birth_date": "1980-01-01"}, {"birth_date": "2025-01-01"}]})";
  const std::string unborn = R"({"region": "city", "members": [{"birth_date": "1980-01-01"}, {"birth_date": "1990-01-01"}, {"birth_date": "2025-01-02"}]})";
  CHECK(evaluator.evaluate(ssis::parse_household_json(born_today, "a"), day).programmes[0].status == ssis::Status::eligible);
  CHECK(what([&] { evaluator.evaluate(ssis::parse_household_json(unborn, "a"), day); }) ==
        "members[2].birth_date: 2025-01-02 is after the evaluation date 2025-01-01");
  // The same household is fine on a later evaluation date.
  CHECK(evaluator.evaluate(ssis::parse_household_json(unborn, "a"), *ssis::Date::parse("2025-01-02")).programmes[0].status ==
        ssis::Status::eligible);
  CHECK(what([&] {
          evaluator.evaluate(ssis::parse_household_json(R"({"region": "city", "moved_in": "2026-01-01", "members": [{"birth_date": "1980-01-01"}]})", "a"), day);
        }) == "moved_in: 2026-01-01 is after the evaluation date 2025-01-01");

  std::istringstream lines(unborn + "\n");
  const auto rows = run(rules, ssis::json_lines_source(lines), day);
  CHECK(rows[0].input_error == "line 1: members[2].birth_date: 2025-01-02 is after the evaluation date 2025-01-01");

  ssis::HouseholdColumns columns(rules, std::vector<std::uint32_t>{1, 2});
  columns.set("region", std::vector<std::int64_t>{1, 1});
  columns.set("birth_date", std::vector<std::int64_t>{day.days(), 0, day.days() + 1});
  const ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, columns, {day, 1, 0});
  CHECK(out.input_errors[0].empty());
  CHECK(out.input_errors[1] == "members[1].birth_date: 2025-01-02 is after the evaluation date 2025-01-01");
}

TEST_CASE("not_after is checked in the schema: a date field, and evaluation_date only") {
  for (const auto& [field, expected] : std::vector<std::pair<std::string, std::string>>{
           {"{type: money, not_after: evaluation_date}", "not_after does not apply to a money field"},
           {"{type: date, not_after: '2025-01-01'}", "not_after must be evaluation_date, not '2025-01-01'"}}) {
    const std::string schema = "schema:\n  household:\n    odd: " + field + "\n";
    const auto loaded = load_with({{"odd.yaml", schema}});
    CHECK_FALSE(loaded.rules);
    CHECK(ssis::format(loaded.diagnostics).find(expected) != std::string::npos);
  }
}

TEST_CASE("rules/kr: a member born after the evaluation date is an input error") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  ssis::Evaluator evaluator(rules);
  const std::string household = R"({"property_region": "seoul", "members": [
    {"birth_date": "1985-01-01", "relation_to_head": "head"}, {"birth_date": "1986-01-01", "relation_to_head": "spouse"},
    {"birth_date": "2025-10-01", "relation_to_head": "child"}]})";
  CHECK(what([&] { evaluator.evaluate(ssis::parse_household_json(household, "a"), *ssis::Date::parse("2025-09-24")); }) ==
        "members[2].birth_date: 2025-10-01 is after the evaluation date 2025-09-24");
  CHECK(what([&] { evaluator.evaluate(ssis::parse_household_json(household, "a"), *ssis::Date::parse("2025-10-01")); }).empty());
}

TEST_CASE("texts that are not valid UTF-8 are input errors naming the field, on every path") {
  const ssis::RuleSet rules = low_income_rules();
  ssis::Evaluator evaluator(rules);
  auto household = [](std::string region, std::string id = "h") {
    ssis::Household h;
    h.id = std::move(id);
    h.set("region", std::move(region));
    h.add_member().set("birth_date", std::string("1980-01-01"));
    return h;
  };
  CHECK(what([&] { evaluator.evaluate(household("city\xFF"), day); }) == "region: byte 0xFF at offset 4 is not valid UTF-8");
  CHECK(what([&] { evaluator.evaluate(household("\xED\xA0\x80"), day); }) == "region: byte 0xED at offset 0 is not valid UTF-8");
  CHECK(what([&] { evaluator.evaluate(household("city", "a\xC3"), day); }) == "id: byte 0xC3 at offset 1 is not valid UTF-8");
  ssis::Household member_text = household("city");
  member_text.members[0].set("birth_date", std::string("\xC0\xAF"));
  CHECK(what([&] { evaluator.evaluate(member_text, day); }) == "members[0].birth_date: byte 0xC0 at offset 0 is not valid UTF-8");
  // A misspelt field or value is shown with its invisible or broken bytes escaped.
  ssis::Household unknown = household("city");
  unknown.set("\xEF\xBB\xBFrent\xFE", std::int64_t{1});
  const std::string message = what([&] { evaluator.evaluate(unknown, day); });
  CHECK(message == "\"\\uFEFFrent\\xFE\": unknown field (see `ssis schema`)");
  CHECK(what([&] { evaluator.evaluate(household("\xEF\xBB\xBF" "city\x07"), day); }) ==
        "region: '\\uFEFFcity\\u0007' is not a value of region (values: capital, city, rural)");

  // CSV cells reach the same check; the output repeats no invalid bytes.
  std::istringstream csv("household_id,region,birth_date\nok\xE2\x82,city,1980-01-01\nb,ci\xF8ty,1980-01-01\n");
  const auto rows = run(rules, ssis::csv_source(csv, rules.schema()), day);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].input_error == "line 2: id: byte 0xE2 at offset 2 is not valid UTF-8");
  CHECK(rows[1].input_error == "line 3: region: byte 0xF8 at offset 2 is not valid UTF-8");
  std::ostringstream written;
  auto sink = ssis::csv_sink(written, rules, ssis::BatchLayout::long_rows);
  sink->write(rows);
  CHECK(valid_utf8(written.str()));
  CHECK(written.str().find("ok\xEF\xBF\xBD\xEF\xBF\xBD,2,,input_error") != std::string::npos);

  // Columns: record values and ids.
  ssis::HouseholdColumns columns(rules, std::vector<std::uint32_t>{1, 1});
  using V = ssis::InputValue;
  columns.set("region", std::vector<V>{V(std::string("city")), V(std::string("\xFF"))});
  columns.set("birth_date", std::vector<std::int64_t>(2, 0));
  columns.set_ids({"\x80", "b"});
  const ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, columns, {day, 1, 0});
  CHECK(out.input_errors[0] == "id: byte 0x80 at offset 0 is not valid UTF-8");
  CHECK(out.input_errors[1] == "region: byte 0xFF at offset 0 is not valid UTF-8");
}
