// Data minimisation (ssis/data_needs.hpp): the fields each programme can read, on the rule
// set of the next questions (tests/data/questions) and on tests/data/units with its relations;
// and the fields behind each register of rules/kr, which they are worked out from.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>

#include "model/rule_model.hpp"
#include "plan/operands.hpp"
#include "ssis/data_needs.hpp"
#include "ssis/evaluator.hpp"

namespace {

std::vector<std::string> names(const ssis::RuleSet& rules, std::string_view programme) {
  std::vector<std::string> out;
  for (const ssis::FieldInfo* f : ssis::fields_read(rules, static_cast<std::size_t>(rules.programme_index(programme))))
    out.push_back((f->level == ssis::Level::member ? "members[]." : "") + f->name);
  return out;
}

}  // namespace

TEST_CASE("fields read: exactly the fields behind a programme's criteria and amount") {
  const auto rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/questions");
  CHECK(names(rules, "housing_a") == std::vector<std::string>{"income", "rent"});
  CHECK(names(rules, "housing_b") == std::vector<std::string>{"income", "owns_home"});
  CHECK(names(rules, "disability_aid") == std::vector<std::string>{"members[].disabled"});
  CHECK(ssis::fields_read(rules, static_cast<std::size_t>(rules.programme_index("housing_a")))[0]->source_agency == "Test Revenue Office");
}

TEST_CASE("fields read: a relation's other programmes count, as their decisions change this one's") {
  const auto rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/units");
  REQUIRE_FALSE(rules.relations().empty());
  for (const auto& relation : rules.relations()) {
    const auto first = names(rules, relation.programmes.front());
    for (const auto* group : {&relation.programmes, &relation.required})
      for (const std::string& other : *group)
        for (const std::string& field : names(rules, other))
          CHECK_MESSAGE(std::find(first.begin(), first.end(), field) != first.end(), relation.id, " ", other, " ", field);
  }
}

TEST_CASE("fields relied on: the criteria that decided, not every field a programme can read") {
  const auto rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/questions");
  ssis::Evaluator evaluator(rules);
  ssis::Household household;
  household.set("income", *ssis::Decimal::from_int(3000)).set("rent", *ssis::Decimal::from_int(450));
  household.add_member().set("disabled", true);
  const auto outcome = evaluator.evaluate(household, *ssis::Date::parse("2025-06-01"));
  const auto relied = [&](std::string_view id) {
    std::vector<std::string> out;
    for (const ssis::FieldInfo* f : ssis::fields_relied_on(rules, *outcome.find(id)))
      out.push_back((f->level == ssis::Level::member ? "members[]." : "") + f->name);
    return out;
  };
  CHECK(outcome.find("housing_a")->status == ssis::Status::ineligible);
  CHECK(relied("housing_a") == std::vector<std::string>{"income"});          // rent is known but did not decide
  CHECK(relied("housing_b") == std::vector<std::string>{"income"});          // owns_home unknown: income decided
  CHECK(relied("disability_aid") == std::vector<std::string>{"members[].disabled"});
  CHECK(relied("car_grant").empty());                                        // undetermined: nothing known yet
  household.set("income", *ssis::Decimal::from_int(300));
  const auto eligible = evaluator.evaluate(household, *ssis::Date::parse("2025-06-01"));
  CHECK(eligible.find("housing_a")->status == ssis::Status::eligible);
  std::vector<std::string> fields;
  for (const ssis::FieldInfo* f : ssis::fields_relied_on(rules, *eligible.find("housing_a"))) fields.push_back(f->name);
  CHECK(fields == std::vector<std::string>{"income", "rent"});
}

TEST_CASE("the fields behind every register of rules/kr are those a walk of the plan finds") {
  const auto rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  const ssis::detail::RuleModel& model = ssis::detail::model_of(rules);
  const std::size_t household_fields = rules.schema().household_fields().size();
  std::size_t fields_found = 0;
  for (std::size_t r = 0; r < model.plan.code.size(); ++r) {
    ssis::detail::FieldsBehind::Bits walked = model.fields_behind.none();
    ssis::detail::for_each_instruction_behind(model.plan, {static_cast<std::int32_t>(r)}, [&](const ssis::detail::Instruction& ins) {
      if (ins.op != ssis::detail::OpCode::household_field && ins.op != ssis::detail::OpCode::member_field) return;
      const std::size_t bit = static_cast<std::size_t>(ins.a) + (ins.op == ssis::detail::OpCode::member_field ? household_fields : 0);
      walked[bit / 64] |= std::uint64_t{1} << (bit % 64);
    });
    ssis::detail::FieldsBehind::Bits kept = model.fields_behind.none();
    model.fields_behind.add(static_cast<std::int32_t>(r), kept);
    CAPTURE(r);
    CHECK(kept == walked);
    for (const std::uint64_t word : kept) fields_found += static_cast<std::size_t>(std::popcount(word));
  }
  CHECK(fields_found > model.plan.code.size());
}
