// The next questions (tests/data/questions): the ranking of the facts undetermined
// programmes miss, each fact once, member facts by person, question texts in both
// languages, the agency that holds a fact, and the same list in JSON.
#include <doctest/doctest.h>

#include "io/json.hpp"
#include "rule_fixture.hpp"
#include "ssis/outcome_text.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/questions.hpp"

namespace {

const ssis::Date day = *ssis::Date::parse("2025-06-01");

const ssis::RuleSet& question_rules() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/questions");
  return rules;
}

ssis::Household two_members() {
  ssis::Household household;
  household.id = "two members";
  household.add_member();
  household.add_member();
  return household;
}

std::vector<std::string_view> paths(const std::vector<ssis::Question>& questions) {
  std::vector<std::string_view> out;
  for (const auto& q : questions) out.push_back(q.path);
  return out;
}

}  // namespace

TEST_CASE("next questions: the fact most programmes need first, each fact once") {
  ssis::Evaluator evaluator(question_rules());
  const auto outcome = evaluator.evaluate(two_members(), day);
  const auto questions = evaluator.questions(outcome);
  // income: housing_a (1/2), housing_b (1/2), income_support (1); car settles car_grant;
  // rent, owns_home and each member's registration share their programmes, in schema order.
  CHECK(paths(questions) == std::vector<std::string_view>{"income", "car", "rent", "owns_home", "members[0].disabled",
                                                          "members[1].disabled"});
  CHECK(questions[0].programmes == 3);
  CHECK(questions[0].settles == 1);
  CHECK(questions[0].expected == doctest::Approx(2.0));
  CHECK(questions[0].amount_at_stake.to_string() == "100000");
  CHECK(questions[1].amount_at_stake.to_string() == "50000");
  CHECK_FALSE(questions[2].amount_at_stake.known());
  CHECK(questions[4].member == 0);
  CHECK(questions[5].member == 1);
  CHECK_FALSE(questions[0].member.has_value());
}

TEST_CASE("next questions: answering one re-ranks what is left") {
  ssis::Evaluator evaluator(question_rules());
  auto household = two_members();
  household.set("income", *ssis::Decimal::from_int(700));  // settles housing_b's income and income_support
  household.members[0].set("disabled", true);              // settles disability_aid
  const auto questions = evaluator.questions(evaluator.evaluate(household, day));
  // housing_a now misses only rent; housing_b only owns_home; car_grant only car.
  CHECK(paths(questions) == std::vector<std::string_view>{"car", "rent", "owns_home"});
  for (const auto& q : questions) CHECK(q.settles == 1);
}

TEST_CASE("next questions: none when nothing is undetermined") {
  ssis::Evaluator evaluator(question_rules());
  auto household = two_members();
  household.set("income", *ssis::Decimal::from_int(3000)).set("rent", *ssis::Decimal::from_int(0));
  household.set("owns_home", true).set("car", false);
  household.members[0].set("disabled", false);
  household.members[1].set("disabled", false);
  CHECK(evaluator.questions(evaluator.evaluate(household, day)).empty());
}

TEST_CASE("next questions: texts in both languages, by person, with the agency to fetch from") {
  ssis::Evaluator evaluator(question_rules());
  const auto questions = evaluator.questions(evaluator.evaluate(two_members(), day));
  CHECK(ssis::question_label(question_rules(), questions[0], "en") == "What is the household's monthly income?");
  CHECK(ssis::question_label(question_rules(), questions[0], "ko") == "가구의 월 소득은 얼마입니까?");
  CHECK(ssis::question_label(question_rules(), questions[4], "en") == "member 1: Is this person registered as disabled?");
  CHECK(ssis::question_label(question_rules(), questions[5], "ko") == "가구원 2: 장애인으로 등록되어 있습니까?");
  // car has no question: its description stands in.
  CHECK(ssis::question_label(question_rules(), questions[1], "ko") == "the household has a car");
  CHECK(questions[0].fetch());
  CHECK(questions[0].field->source_agency == "Test Revenue Office");
  CHECK_FALSE(questions[2].fetch());
  const std::string text = ssis::to_text(question_rules(), evaluator.evaluate(two_members(), day), questions,
                                         {.language = "en", .width = 80, .all = false, .questions = 2});
  CHECK(text.find("  Next questions (best first)\n"
                  "    1. What is the household's monthly income? [fetch from Test Revenue\n"
                  "       Office: income records] (income)\n"
                  "    2. the household has a car (car)\n") != std::string::npos);
}

TEST_CASE("next questions: the JSON lists the same questions in the same order") {
  ssis::Evaluator evaluator(question_rules());
  const auto outcome = evaluator.evaluate(two_members(), day);
  const auto questions = evaluator.questions(outcome);
  const auto json = ssis::detail::parse_json(ssis::to_json(question_rules(), outcome, questions, "ko"));
  const ssis::detail::JsonValue* listed = nullptr;
  for (const auto& member : json.members)
    if (member.key == "questions") listed = &member.value;
  REQUIRE(listed != nullptr);
  REQUIRE(listed->items.size() == questions.size());
  for (std::size_t i = 0; i < questions.size(); ++i) CHECK(listed->items[i].members[0].value.text == questions[i].path);
  CHECK(listed->items[5].members[1].value.text == "1");                      // member
  CHECK(listed->items[5].members[3].value.text == "가구원 2: 장애인으로 등록되어 있습니까?");  // question
  CHECK(listed->items[0].members[4].value.members[0].value.text == "Test Revenue Office");
  CHECK(listed->items[2].members[4].value.kind == ssis::detail::JsonValue::Kind::null);
}

TEST_CASE("schema question and source: malformed ones are errors at their place") {
  auto result = test_support::load_with({{"extra.yaml", "schema:\n  household:\n    car:\n      type: bool\n      source: {agency: X}\n"}});
  REQUIRE(!result.diagnostics.empty());
  CHECK_FALSE(result.rules.has_value());
  bool named = false;
  for (const auto& d : result.diagnostics) named = named || d.message.find("data") != std::string::npos;
  CHECK(named);
  result = test_support::load_with({{"extra.yaml", "schema:\n  household:\n    car:\n      type: bool\n      question: [a, b]\n"}});
  CHECK_FALSE(result.rules.has_value());
}
