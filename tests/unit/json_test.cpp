#include <doctest/doctest.h>

#include "ssis/error.hpp"
#include "ssis/household_json.hpp"

TEST_CASE("households read from JSON keep numbers exact") {
  auto households = ssis::parse_households_json(
      R"({"id": "a", "region": "city", "rent": 350000.5, "members": [{"birth_date": "1950-01-01", "income": 68212200}]})");
  REQUIRE(households.size() == 1);
  const auto& h = households[0];
  CHECK(h.id == "a");
  CHECK(std::get<ssis::Decimal>(*h.find("rent")).to_string() == "350000.5");
  CHECK(std::get<std::int64_t>(*h.members[0].find("income")) == 68212200);
}

TEST_CASE("an array of households gets ids by position") {
  auto households = ssis::parse_households_json(R"([{"members": []}, {"id": 7, "members": []}])");
  REQUIRE(households.size() == 2);
  CHECK(households[0].id == "1");
  CHECK(households[1].id == "7");
}

TEST_CASE("malformed JSON names the line and column") {
  try {
    ssis::parse_households_json("{\n  \"region\": \"city\",\n  \"members\": [}\n");
    FAIL("expected an error");
  } catch (const ssis::InputError& e) {
    CHECK(e.line() == 3);
    CHECK(e.column() == 15);
  }
  CHECK_THROWS_AS(ssis::parse_households_json("{\"rent\": 1e5}"), ssis::InputError);
  CHECK_THROWS_AS(ssis::parse_households_json("{\"rent\": 0.1234567}"), ssis::InputError);
  CHECK_THROWS_AS(ssis::parse_households_json("{\"members\": 3}"), ssis::InputError);
  CHECK_THROWS_AS(ssis::parse_households_json(std::string(100, '[')), ssis::InputError);
  CHECK_THROWS_AS(ssis::parse_households_json("{\"a\": 1, \"a\": 2}"), ssis::InputError);
}

TEST_CASE("field paths inside members") {
  try {
    ssis::parse_households_json(R"({"members": [{"birth_date": "1950-01-01"}, {"income": {"x": 1}}]})");
    FAIL("expected an error");
  } catch (const ssis::InputError& e) {
    CHECK(e.path() == "members[1].income");
  }
}
