#include <doctest/doctest.h>

#include <string_view>
#include <vector>

#include "ssis/decimal.hpp"

using ssis::Decimal;
using ssis::RoundingMode;
namespace ops = ssis::decimal_ops;

TEST_CASE("decimals parse and print exactly") {
  CHECK(Decimal::parse("68212200")->to_string() == "68212200");
  CHECK(Decimal::parse("0.0104")->raw() == 10400);
  CHECK(Decimal::parse("-12.5")->to_string() == "-12.5");
  CHECK(Decimal::parse("1_000_000")->to_string() == "1000000");
  CHECK_FALSE(Decimal::parse("0.1234567"));  // more than 6 places
  CHECK_FALSE(Decimal::parse("1e5"));
  CHECK_FALSE(Decimal::parse("."));
  CHECK_FALSE(Decimal::parse("1_"));
  CHECK_FALSE(Decimal::parse("99999999999999"));  // beyond the range
}

TEST_CASE("decimals print into a buffer as to_string does, at most max_chars") {
  const std::vector<std::pair<std::int64_t, std::string_view>> cases = {
      {0, "0"}, {1, "0.000001"}, {-10400, "-0.0104"}, {1'234'500'000, "1234.5"}, {100'000'000, "100"},
      {INT64_MAX, "9223372036854.775807"}, {INT64_MIN, "-9223372036854.775808"}};
  for (const auto& [raw, text] : cases) {
    char buffer[Decimal::max_chars];
    const char* end = Decimal::from_raw(raw).to_chars(buffer);
    CHECK(std::string_view(buffer, static_cast<std::size_t>(end - buffer)) == text);
    CHECK(Decimal::from_raw(raw).to_string() == text);
  }
}

TEST_CASE("percentages parse to exact fractions") {
  CHECK(Decimal::parse_percent("32")->raw() == 320000);
  CHECK(Decimal::parse_percent("4.17")->raw() == 41700);
  CHECK(Decimal::parse_percent("0.0001")->raw() == 1);
  CHECK_FALSE(Decimal::parse_percent("0.00001"));  // a fraction with 7 places
  CHECK_FALSE(Decimal::parse_percent("x"));
}

TEST_CASE("money stays exact where binary floating point drifts") {
  // Twelve monthly amounts of 5,684,350.1 add up to 68,212,201.2 exactly; float32 cannot say so.
  float single = 0;
  std::int64_t exact = 0;
  const auto month = Decimal::parse("5684350.1")->raw();
  for (int i = 0; i < 12; ++i) {
    single += 5684350.1f;
    REQUIRE(ops::add(exact, month, exact));
  }
  CHECK(static_cast<double>(single) != 68212201.2);
  CHECK(Decimal::from_raw(exact).to_string() == "68212201.2");
  std::int64_t out = 0;
  REQUIRE(ops::multiply(Decimal::parse("6097773")->raw(), Decimal::parse("0.32")->raw(), out));
  CHECK(Decimal::from_raw(out).to_string() == "1951287.36");
}

TEST_CASE("division rounds half-even to six places") {
  std::int64_t out = 0;
  REQUIRE(ops::divide(Decimal::parse("1")->raw(), Decimal::parse("3")->raw(), out));
  CHECK(Decimal::from_raw(out).to_string() == "0.333333");
  REQUIRE(ops::divide(Decimal::parse("2")->raw(), Decimal::parse("3")->raw(), out));
  CHECK(Decimal::from_raw(out).to_string() == "0.666667");
  CHECK_FALSE(ops::divide(Decimal::parse("1")->raw(), 0, out));
}

TEST_CASE("rounding to a unit follows the declared mode") {
  auto round = [](const char* value, const char* unit, RoundingMode mode) {
    std::int64_t out = 0;
    REQUIRE(ops::round_to(Decimal::parse(value)->raw(), Decimal::parse(unit)->raw(), mode, out));
    return Decimal::from_raw(out).to_string();
  };
  CHECK(round("1951287.36", "1", RoundingMode::half_up) == "1951287");
  CHECK(round("1951287.5", "1", RoundingMode::half_up) == "1951288");
  CHECK(round("1951287.5", "1", RoundingMode::half_even) == "1951288");
  CHECK(round("1951286.5", "1", RoundingMode::half_even) == "1951286");
  CHECK(round("12349", "10", RoundingMode::down) == "12340");
  CHECK(round("-12349", "10", RoundingMode::down) == "-12340");
  CHECK(round("-12349", "10", RoundingMode::floor) == "-12350");
  CHECK(round("12341", "10", RoundingMode::up) == "12350");
  CHECK(round("12341", "10", RoundingMode::ceiling) == "12350");
  CHECK(round("-12341", "10", RoundingMode::ceiling) == "-12340");
}

TEST_CASE("overflow is reported, never wrapped") {
  std::int64_t out = 0;
  const auto big = Decimal::parse("9000000000000")->raw();
  CHECK_FALSE(ops::add(big, big, out));
  CHECK_FALSE(ops::multiply(big, Decimal::parse("2")->raw(), out));
  CHECK(ops::multiply(big, Decimal::parse("0.5")->raw(), out));
}
