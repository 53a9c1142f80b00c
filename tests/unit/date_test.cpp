#include <doctest/doctest.h>

#include "ssis/date.hpp"

using ssis::Date;

TEST_CASE("dates parse, print and reject impossible days") {
  CHECK(Date::parse("2024-02-29")->to_string() == "2024-02-29");
  CHECK_FALSE(Date::parse("2023-02-29"));
  CHECK_FALSE(Date::parse("2024-13-01"));
  CHECK_FALSE(Date::parse("2024-1-01"));
  CHECK(Date::parse("1970-01-01")->days() == 0);
  CHECK(Date::parse("2000-03-01")->days() - Date::parse("2000-02-28")->days() == 2);
}

TEST_CASE("whole years count completed birthdays") {
  const Date birth = *Date::parse("1960-07-15");
  CHECK(ssis::whole_years_between(birth, *Date::parse("2025-07-14")) == 64);
  CHECK(ssis::whole_years_between(birth, *Date::parse("2025-07-15")) == 65);
  const Date leap = *Date::parse("2004-02-29");
  CHECK(ssis::whole_years_between(leap, *Date::parse("2022-02-28")) == 17);
  CHECK(ssis::whole_years_between(leap, *Date::parse("2022-03-01")) == 18);
}

TEST_CASE("whole months") {
  CHECK(ssis::whole_months_between(*Date::parse("2025-01-31"), *Date::parse("2025-02-28")) == 0);
  CHECK(ssis::whole_months_between(*Date::parse("2025-01-15"), *Date::parse("2025-03-15")) == 2);
}
