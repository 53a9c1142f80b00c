// A parameter table of one whole-number key within a few hundred values is looked up by
// offset (DatedTable::dense) instead of by search: below, inside, between and above its
// entries it takes exactly the entry the search takes, for a bracket key and an exact one.
#include <doctest/doctest.h>

#include <cstdint>

#include "model/rule_model.hpp"
#include "rule_fixture.hpp"
#include "ssis/columns.hpp"
#include "ssis/compiled_rules.hpp"
#include "ssis/household.hpp"

TEST_CASE("a table of one whole-number key is indexed, and every key takes the entry the search takes") {
  ssis::detail::DatedTable table;
  table.keys = {2, 5, 5, 9};  // 5 twice: the first entry stands
  table.values = {20, 50, 51, 90};
  for (const bool bracket : {true, false}) {
    CAPTURE(bracket);
    ssis::detail::index_dense_entries(table, bracket);
    REQUIRE(table.dense.size() == 8);
    CHECK(table.dense_first == 2);
    const ssis::compiled::Table entries{table.keys.data(), table.values.data(), table.values.size()};
    for (std::int64_t key = 2; key <= 9; ++key)
      CHECK(table.dense[static_cast<std::size_t>(key - 2)] == ssis::compiled::find_entry(entries, &key, 1, bracket ? 1U : 0U));
  }
  ssis::detail::DatedTable wide;
  wide.keys = {0, 5000};
  wide.values = {1, 2};
  ssis::detail::index_dense_entries(wide, true);
  CHECK(wide.dense.empty());  // too many keys between: searched
  ssis::detail::DatedTable highest;
  highest.keys = {INT64_MAX - 1, INT64_MAX};
  highest.values = {1, 2};
  ssis::detail::index_dense_entries(highest, true);
  CHECK(highest.dense == std::vector<std::int32_t>{0, 1});
}

TEST_CASE("lookups by the number of members take the same values as the tables say, outside them too") {
  auto result = test_support::load_with({
      {"parameters.yaml",
       "parameters:\n"
       "  by_size:\n    type: money\n    keys: [{name: size, type: int, match: bracket}]\n"
       "    values:\n      2025-01-01: {2: 200, 4: 400}\n"
       "  exactly:\n    type: money\n    keys: [{name: size, type: int}]\n"
       "    values:\n      2025-01-01: {2: 20, 3: 30}\n"},
      {"programmes/bracket.yaml",
       "programme:\n  id: bracket\n  name: {en: bracket}\n  criteria:\n    - id: c\n      condition: \"true\"\n"
       "  amount:\n    formula: by_size[count(members)]\n    period: month\n"},
      {"programmes/exact.yaml",
       "programme:\n  id: exact\n  name: {en: exact}\n  criteria:\n    - id: c\n      condition: \"true\"\n"
       "  amount:\n    formula: exactly[count(members)]\n    period: month\n"},
  });
  INFO(ssis::format(result.diagnostics));
  REQUIRE(result.rules);
  ssis::HouseholdColumns table(*result.rules);
  for (int size = 1; size <= 6; ++size) {
    ssis::Household household;
    household.set("region", std::string("capital"));
    for (int m = 0; m < size; ++m) household.add_member().set("birth_date", *ssis::Date::parse("1990-01-01"));
    table.append(household);
  }
  ssis::ColumnOutcomes outcomes;
  ssis::evaluate_columns(*result.rules, table, {.date = *ssis::Date::parse("2025-06-01")}, outcomes);
  const auto at = [&](std::size_t household, const char* id) {
    const std::size_t p = id == std::string("bracket") ? 0 : 1;
    const std::size_t i = household * 2 + p;
    return std::pair(outcomes.status.at(i), outcomes.status.at(i) == ssis::Status::eligible ? outcomes.amount.at(i) : -1);
  };
  const std::int64_t unit = 1'000'000;  // money in millionths
  using ssis::Status;
  // bracket: the greatest entry not above the size; none below the first
  CHECK(at(0, "bracket").first == Status::error);
  CHECK(at(1, "bracket") == std::pair(Status::eligible, 200 * unit));
  CHECK(at(2, "bracket") == std::pair(Status::eligible, 200 * unit));
  CHECK(at(3, "bracket") == std::pair(Status::eligible, 400 * unit));
  CHECK(at(5, "bracket") == std::pair(Status::eligible, 400 * unit));
  // exact: only the sizes listed
  CHECK(at(0, "exact").first == Status::error);
  CHECK(at(1, "exact") == std::pair(Status::eligible, 20 * unit));
  CHECK(at(2, "exact") == std::pair(Status::eligible, 30 * unit));
  CHECK(at(3, "exact").first == Status::error);
  CHECK(at(5, "exact").first == Status::error);
}
