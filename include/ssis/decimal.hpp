#pragma once
/// Exact fixed-point decimals for money and rates.
///
/// A Decimal holds an integer count of millionths (6 fractional digits) in 64 bits, so
/// 68,212,200 stays 68,212,200 and 0.0104 stays 0.0104. The range is about ±9.2 × 10^12;
/// operations that leave it report overflow instead of wrapping.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ssis {

/// How a value is rounded to a multiple of a unit, as laws state it.
enum class RoundingMode : std::uint8_t {
  half_up,    ///< nearest; ties away from zero
  half_even,  ///< nearest; ties to the even multiple
  down,       ///< toward zero (truncation)
  up,         ///< away from zero
  floor,      ///< toward negative infinity
  ceiling,    ///< toward positive infinity
};

std::optional<RoundingMode> parse_rounding_mode(std::string_view name);
std::string_view to_string(RoundingMode mode);

class Decimal {
 public:
  static constexpr std::int64_t scale = 1'000'000;
  static constexpr int fractional_digits = 6;
  /// Largest whole number a Decimal holds (the raw value's range divided by the scale).
  static constexpr std::int64_t max_whole = INT64_MAX / scale;

  constexpr Decimal() = default;
  static constexpr Decimal from_raw(std::int64_t raw) { return Decimal(raw); }
  /// A whole number; nullopt when it is outside the range.
  static std::optional<Decimal> from_int(std::int64_t whole);
  /// Parses "-12", "1234.5", "0.0104"; at most 6 fractional digits; "_" separators allowed.
  static std::optional<Decimal> parse(std::string_view text);
  /// Parses a percentage without its sign: "32" -> 0.32, "4.5" -> 0.045; nullopt when the
  /// fraction needs more than 6 decimal places.
  static std::optional<Decimal> parse_percent(std::string_view text);

  constexpr std::int64_t raw() const { return raw_; }
  /// Shortest exact text: "1234.5", "100", "-0.0104".
  std::string to_string() const;
  /// The most characters of that text ("-9223372036854.775808").
  static constexpr std::size_t max_chars = 21;
  /// Writes to_string()'s text at `out`, which has room for max_chars; returns its end.
  char* to_chars(char* out) const;
  /// The value if it is whole.
  std::optional<std::int64_t> to_int() const;

  friend constexpr bool operator==(Decimal, Decimal) = default;
  friend constexpr auto operator<=>(Decimal, Decimal) = default;

 private:
  constexpr explicit Decimal(std::int64_t raw) : raw_(raw) {}
  std::int64_t raw_ = 0;
};

/// Arithmetic on raw millionths; each returns false on overflow (or division by zero)
/// and leaves `out` unspecified. Inline where the common case is a few instructions, so
/// that compiled rule sets (ssis/compiled_rules.hpp) and the interpreter share them.
namespace decimal_ops {

namespace detail {

/// n / d (d > 0) rounded with `mode`, in the width T; the quotient never exceeds |n|.
template <typename T>
constexpr T quotient_rounded(T n, T d, RoundingMode mode) {
  T q = n / d;
  const T r = n % d;  // same sign as n
  if (r == 0) return q;
  const bool negative = n < 0;
  const T rest = r < 0 ? -r : r;
  const T other = d - rest;  // compared with rest instead of doubling it, which could overflow
  bool away = false;         // move one unit away from zero
  switch (mode) {
    case RoundingMode::down: away = false; break;
    case RoundingMode::up: away = true; break;
    case RoundingMode::floor: away = negative; break;
    case RoundingMode::ceiling: away = !negative; break;
    case RoundingMode::half_up: away = rest >= other; break;
    case RoundingMode::half_even: away = rest > other || (rest == other && (q % 2 != 0)); break;
  }
  if (away) q += negative ? -1 : 1;
  return q;
}

/// multiply() for products that need more than 64 bits.
bool multiply_wide(std::int64_t a, std::int64_t b, std::int64_t& out);

}  // namespace detail

inline bool add(std::int64_t a, std::int64_t b, std::int64_t& out) { return !__builtin_add_overflow(a, b, &out); }
inline bool subtract(std::int64_t a, std::int64_t b, std::int64_t& out) { return !__builtin_sub_overflow(a, b, &out); }

/// Integer division of n by d (d != 0) rounded with `mode`.
std::int64_t divide_rounded(__int128 n, __int128 d, RoundingMode mode, bool& overflow);

/// Product of two scaled values, rounded half-even to 6 digits.
inline bool multiply(std::int64_t a, std::int64_t b, std::int64_t& out) {
  std::int64_t product = 0;
  if (!__builtin_mul_overflow(a, b, &product) && product != INT64_MIN) {
    out = detail::quotient_rounded<std::int64_t>(product, Decimal::scale, RoundingMode::half_even);  // by a constant
    return true;
  }
  return detail::multiply_wide(a, b, out);
}

/// Quotient of two scaled values, rounded half-even to 6 digits.
bool divide(std::int64_t a, std::int64_t b, std::int64_t& out);

/// `a` rounded to a multiple of the positive scaled `unit`.
inline bool round_to(std::int64_t a, std::int64_t unit, RoundingMode mode, std::int64_t& out) {
  if (unit <= 0) return false;
  std::int64_t multiples = 0;
  if (a != INT64_MIN) {
    multiples = detail::quotient_rounded<std::int64_t>(a, unit, mode);
  } else {
    bool overflow = false;
    multiples = divide_rounded(a, unit, mode, overflow);
    if (overflow) return false;
  }
  return !__builtin_mul_overflow(multiples, unit, &out);
}

}  // namespace decimal_ops

}  // namespace ssis
