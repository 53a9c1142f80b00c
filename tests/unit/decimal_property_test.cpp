// Properties of exact decimal arithmetic on many random operands: results are exact or
// rounded as declared, and an overflow is reported, never wrapped.
#include <doctest/doctest.h>

#include "population/random_source.hpp"
#include "ssis/decimal.hpp"

using ssis::Decimal;
using ssis::RoundingMode;
namespace ops = ssis::decimal_ops;

namespace {

constexpr int trials = 200'000;
constexpr __int128 S = Decimal::scale;

__int128 magnitude(__int128 x) { return x < 0 ? -x : x; }

// A raw value of varied size: cents, won, millions of won, or anything in range.
std::int64_t operand(ssis::population::RandomSource& random) {
  switch (random.between(0, 3)) {
    case 0: return random.between(-100'000, 100'000) * 10'000;
    case 1: return random.between(-5'000'000'000, 5'000'000'000) * S;
    case 2: return random.between(-1'000'000, 1'000'000);
    default: return static_cast<std::int64_t>(random.bits());
  }
}

}  // namespace

TEST_CASE("sums are exact and independent of order; overflow is reported") {
  ssis::population::RandomSource random(1);
  for (int i = 0; i < trials; ++i) {
    const std::int64_t a = operand(random), b = operand(random), c = operand(random);
    std::int64_t ab = 0, abc = 0, bc = 0, a_bc = 0;
    const __int128 exact = static_cast<__int128>(a) + b + c;
    const bool left = ops::add(a, b, ab) && ops::add(ab, c, abc);
    const bool right = ops::add(b, c, bc) && ops::add(a, bc, a_bc);
    if (left) CHECK(abc == exact);
    if (right) CHECK(a_bc == exact);
    if (exact > INT64_MAX || exact < INT64_MIN) CHECK_FALSE((left || right));
    if (left && right) CHECK(abc == a_bc);
  }
}

TEST_CASE("products and quotients are rounded half-even to six places, or overflow") {
  ssis::population::RandomSource random(2);
  for (int i = 0; i < trials; ++i) {
    const std::int64_t a = operand(random), b = operand(random);
    std::int64_t product = 0;
    const __int128 exact = static_cast<__int128>(a) * b;  // in units of 1e-12
    if (ops::multiply(a, b, product)) {
      const __int128 error = exact - static_cast<__int128>(product) * S;
      CHECK(2 * magnitude(error) <= S);
      if (2 * magnitude(error) == S) CHECK(product % 2 == 0);
    } else {
      CHECK(magnitude(exact / S) >= INT64_MAX / 2);  // only a result near or beyond the range fails
    }
    if (b == 0) {
      std::int64_t quotient = 0;
      CHECK_FALSE(ops::divide(a, b, quotient));
      continue;
    }
    std::int64_t quotient = 0;
    if (ops::divide(a, b, quotient)) {
      const __int128 error = static_cast<__int128>(a) * S - static_cast<__int128>(quotient) * b;
      CHECK(2 * magnitude(error) <= magnitude(b));
      if (2 * magnitude(error) == magnitude(b)) CHECK(quotient % 2 == 0);
    }
  }
}

TEST_CASE("rounding to a unit moves in the declared direction by less than the unit") {
  ssis::population::RandomSource random(3);
  const std::int64_t units[] = {1, 10, 100, 1000, S, 10 * S, 1000 * S, 50 * S};
  const RoundingMode modes[] = {RoundingMode::half_up, RoundingMode::half_even, RoundingMode::down,
                                RoundingMode::up,      RoundingMode::floor,     RoundingMode::ceiling};
  for (int i = 0; i < trials; ++i) {
    const std::int64_t a = random.between(-1'000'000'000'000'000, 1'000'000'000'000'000);
    const std::int64_t unit = units[random.between(0, 7)];
    const RoundingMode mode = modes[random.between(0, 5)];
    std::int64_t out = 0;
    REQUIRE(ops::round_to(a, unit, mode, out));
    CHECK(out % unit == 0);
    const __int128 moved = static_cast<__int128>(out) - a;
    CHECK(magnitude(moved) < unit);
    switch (mode) {
      case RoundingMode::down: CHECK(magnitude(out) <= magnitude(a)); break;
      case RoundingMode::up: CHECK(magnitude(out) >= magnitude(a)); break;
      case RoundingMode::floor: CHECK(out <= a); break;
      case RoundingMode::ceiling: CHECK(out >= a); break;
      case RoundingMode::half_up:
        CHECK(2 * magnitude(moved) <= unit);
        if (2 * magnitude(moved) == unit) CHECK(magnitude(out) > magnitude(a));  // ties away from zero
        break;
      case RoundingMode::half_even:
        CHECK(2 * magnitude(moved) <= unit);
        if (2 * magnitude(moved) == unit) CHECK((out / unit) % 2 == 0);
        break;
    }
  }
}
