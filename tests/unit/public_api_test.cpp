// What the installed headers offer a C++ user: exact Decimal amounts, and no way into the
// engine's compiled model.
#include <doctest/doctest.h>
#include <ssis/ssis.hpp>

namespace {

template <typename T>
concept exposes_model = requires(const T& rules) { rules.model(); };

}  // namespace

TEST_CASE("a RuleSet gives no access to the compiled model") { CHECK_FALSE(exposes_model<ssis::RuleSet>); }

TEST_CASE("Value::decimal: known decimals and money exactly, nothing for other kinds or unknown values") {
  const ssis::Value money{ssis::ValueKind::money, ssis::Knowledge::known, 758'450'000'000};
  REQUIRE(money.decimal());
  CHECK(*money.decimal() == *ssis::Decimal::parse("758450"));
  const ssis::Value rate{ssis::ValueKind::decimal, ssis::Knowledge::known, 10'400};
  CHECK(rate.decimal()->to_string() == "0.0104");
  CHECK_FALSE((ssis::Value{ssis::ValueKind::money, ssis::Knowledge::unknown, 0}.decimal()));
  CHECK_FALSE((ssis::Value{ssis::ValueKind::money, ssis::Knowledge::error, 0}.decimal()));
  CHECK_FALSE((ssis::Value{ssis::ValueKind::integer, ssis::Knowledge::known, 3}.decimal()));
}

TEST_CASE("an outcome's amount as a Decimal and as text with currency and period") {
  // tests/data/mini: two members earning 500,000 in all in 2025: round(3,932,658 x 0.32) -
  // 500,000 = 758,451, rounded down to 10.
  const ssis::RuleSet mini = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini");
  ssis::Evaluator evaluator(mini);
  const ssis::HouseholdOutcome outcome = evaluator.evaluate(
      ssis::parse_household_json(
          R"({"id": "h1", "region": "capital", "members": [{"birth_date": "1950-01-01", "earned_income": 500000}, {"birth_date": "1955-03-02"}]})",
          "x"),
      *ssis::Date::parse("2025-03-01"));
  const ssis::ProgrammeOutcome* p = outcome.find("income_support");
  REQUIRE(p);
  REQUIRE(p->amount.decimal());
  CHECK(p->amount.decimal()->to_string() == "758450");
  CHECK(ssis::amount_text(mini.labels(), p->amount, ssis::AmountPeriod::month, "en") == "758,450 KRW a month");
}
