// When the decisions of some programmes about a household can change from one evaluation
// date to the next.
#include <doctest/doctest.h>

#include <string>

#include "columns/household_columns_data.hpp"
#include "eval/decision_dates.hpp"
#include "model/rule_model.hpp"
#include "ssis/programme_selection.hpp"

namespace {

ssis::Date on(const char* text) { return *ssis::Date::parse(text); }

ssis::detail::DecisionDates dates_of(const ssis::RuleSet& rules, const std::string& programme) {
  const std::string ids[] = {programme};
  const ssis::ProgrammeSelection selection(rules, ids);
  return {ssis::detail::model_of(rules), ssis::detail::RuleSetAccess::code(selection)};
}

// One household of mini: a member born on `birth_date`.
ssis::HouseholdColumns one_member(const ssis::RuleSet& rules, const char* birth_date) {
  ssis::Household household;
  household.fields = {{"region", std::string("city")}};
  household.members.push_back({{{"birth_date", *ssis::Date::parse(birth_date)}, {"earned_income", std::int64_t{500000}}}});
  ssis::HouseholdColumns table(rules);
  table.append(household);
  return table;
}

const ssis::detail::Block& block_of(const ssis::HouseholdColumns& table) { return ssis::detail::ColumnsAccess::data(table).block; }

}  // namespace

TEST_CASE("a programme that reads no date decides a household alike until a parameter it reads changes") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini");
  const ssis::HouseholdColumns table = one_member(rules, "1980-01-01");
  // income_support: income <= round(median_income[household_size] * support_ratio); the
  // medians change on 2025-01-01, both parameters start on 2024-01-01.
  const ssis::detail::DecisionDates dates = dates_of(rules, "income_support");
  CHECK_FALSE(dates.reads_date_directly());
  CHECK(dates.same_decisions(block_of(table), 0, on("2024-01-01"), on("2024-12-31")));
  CHECK_FALSE(dates.same_decisions(block_of(table), 0, on("2024-12-01"), on("2025-01-01")));
  CHECK(dates.same_decisions(block_of(table), 0, on("2025-01-01"), on("2025-09-01")));
  CHECK(dates.same_decisions(block_of(table), 0, on("2023-06-01"), on("2023-12-31")));  // no table in force on either
  CHECK_FALSE(dates.same_decisions(block_of(table), 0, on("2023-12-31"), on("2024-01-01")));
}

TEST_CASE("a programme that reads ages decides a household again on a member's birthday and when it comes into force") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini");
  const ssis::HouseholdColumns table = one_member(rules, "1959-12-15");
  // elder_care: someone aged 65 or more (the member is 65 on 2024-12-15), in force from
  // 2024-07-01; its rent caps start on 2024-01-01.
  const ssis::detail::DecisionDates dates = dates_of(rules, "elder_care");
  CHECK_FALSE(dates.reads_date_directly());
  CHECK(dates.same_decisions(block_of(table), 0, on("2024-08-01"), on("2024-12-14")));
  CHECK_FALSE(dates.same_decisions(block_of(table), 0, on("2024-12-01"), on("2025-01-01")));
  CHECK(dates.same_decisions(block_of(table), 0, on("2024-12-15"), on("2025-12-14")));
  CHECK_FALSE(dates.same_decisions(block_of(table), 0, on("2024-06-01"), on("2024-07-01")));
}

TEST_CASE("a programme that reads the date itself decides every household again on every other date") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  // disability_pension compares the evaluation date itself; nbls_livelihood reads it only
  // as ages and months since input dates.
  CHECK(dates_of(rules, "disability_pension").reads_date_directly());
  CHECK_FALSE(dates_of(rules, "nbls_livelihood").reads_date_directly());
  const ssis::detail::Block none;
  const ssis::detail::DecisionDates dates = dates_of(rules, "disability_pension");
  CHECK(dates.same_decisions(none, 0, on("2025-02-01"), on("2025-02-01")));
  CHECK_FALSE(dates.same_decisions(none, 0, on("2025-02-01"), on("2025-02-02")));
}
