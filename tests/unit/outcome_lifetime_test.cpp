// An outcome holds a handle to its rule set: it stays valid, names and fact paths included,
// after the RuleSet and the Evaluator it came from are destroyed (under AddressSanitizer,
// scripts/sanitize.sh, reading it would otherwise be a use after free).
#include <doctest/doctest.h>

#include <optional>
#include <vector>

#include "ssis/evaluator.hpp"
#include "ssis/household_json.hpp"
#include "ssis/outcome_text.hpp"

using namespace ssis;

namespace {

constexpr const char* kHousehold =
    R"({"id": "h1", "region": "capital", "members": [{"birth_date": "1950-01-01", "earned_income": 500000}, {"birth_date": "1955-03-02"}]})";

}  // namespace

TEST_CASE("an outcome keeps its rule set alive after the rule set and the evaluator are gone") {
  std::optional<HouseholdOutcome> single;
  std::vector<HouseholdOutcome> many;
  {
    const RuleSet rules = RuleSet::load_or_throw(SSIS_TEST_DATA "/mini");
    Evaluator evaluator(rules);
    const std::vector<Household> households = parse_households_json(kHousehold);
    single = evaluator.evaluate(households.at(0), *Date::parse("2025-03-01"), /*explain=*/true);
    many = evaluator.evaluate(households, *Date::parse("2025-03-01"));
  }
  REQUIRE(single->rules.has_value());
  CHECK(single->rules->id() == "mini");
  CHECK(single->rules->fingerprint() == single->receipt.fingerprint);
  const ProgrammeOutcome* support = single->find("income_support");
  REQUIRE(support != nullptr);
  CHECK(support->programme->name.at("en") == "Income support");
  CHECK(to_text(*single->rules, *single, {}).find("Income support") != std::string::npos);
  CHECK(to_json(*single).find("\"income_support\"") != std::string::npos);
  REQUIRE(many.size() == 1);
  REQUIRE(many[0].rules.has_value());
  CHECK(to_text(*many[0].rules, many[0], {}) == to_text(*many[0].rules, HouseholdOutcome(many[0]), {}));
  const HouseholdOutcome copy = *single;  // a copy shares the handle
  single.reset();
  CHECK(copy.find("income_support")->programme->name.at("en") == "Income support");
}
