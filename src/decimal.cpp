#include "ssis/decimal.hpp"

#include <array>
#include <charconv>
#include <cstdlib>

namespace ssis {

std::optional<RoundingMode> parse_rounding_mode(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, RoundingMode>, 6> modes{{
      {"half_up", RoundingMode::half_up},
      {"half_even", RoundingMode::half_even},
      {"down", RoundingMode::down},
      {"up", RoundingMode::up},
      {"floor", RoundingMode::floor},
      {"ceiling", RoundingMode::ceiling},
  }};
  for (const auto& [text, mode] : modes)
    if (text == name) return mode;
  return std::nullopt;
}

std::string_view to_string(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::half_up: return "half_up";
    case RoundingMode::half_even: return "half_even";
    case RoundingMode::down: return "down";
    case RoundingMode::up: return "up";
    case RoundingMode::floor: return "floor";
    case RoundingMode::ceiling: return "ceiling";
  }
  return "?";
}

std::optional<Decimal> Decimal::from_int(std::int64_t whole) {
  if (whole > max_whole || whole < -max_whole) return std::nullopt;
  return Decimal(whole * scale);
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  __int128 whole = 0;
  __int128 fraction = 0;
  int fraction_digits = 0;
  bool any_digit = false;
  bool in_fraction = false;
  bool last_was_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') {
      if (!last_was_digit) return std::nullopt;
      last_was_digit = false;
      continue;
    }
    if (c == '.') {
      if (in_fraction || !any_digit) return std::nullopt;
      in_fraction = true;
      last_was_digit = false;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    any_digit = true;
    last_was_digit = true;
    if (in_fraction) {
      if (++fraction_digits > fractional_digits) return std::nullopt;
      fraction = fraction * 10 + (c - '0');
    } else {
      whole = whole * 10 + (c - '0');
      if (whole > max_whole) return std::nullopt;
    }
  }
  if (!any_digit || !last_was_digit) return std::nullopt;
  for (int d = fraction_digits; d < fractional_digits; ++d) fraction *= 10;
  const __int128 raw = whole * scale + fraction;
  if (raw > INT64_MAX) return std::nullopt;
  return Decimal(static_cast<std::int64_t>(negative ? -raw : raw));
}

std::optional<Decimal> Decimal::parse_percent(std::string_view text) {
  const auto value = parse(text);
  if (!value || value->raw() % 100 != 0) return std::nullopt;
  return from_raw(value->raw() / 100);
}

std::string Decimal::to_string() const {
  char text[max_chars];
  return std::string(text, to_chars(text));
}

char* Decimal::to_chars(char* out) const {
  const bool negative = raw_ < 0;
  const unsigned __int128 magnitude = negative ? -static_cast<__int128>(raw_) : raw_;
  if (negative) *out++ = '-';
  out = std::to_chars(out, out + 13, static_cast<std::uint64_t>(magnitude / scale)).ptr;
  auto fraction = static_cast<std::uint64_t>(magnitude % scale);
  if (fraction == 0) return out;
  int digits = fractional_digits;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  *out++ = '.';
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  return out + digits;
}

std::optional<std::int64_t> Decimal::to_int() const {
  if (raw_ % scale != 0) return std::nullopt;
  return raw_ / scale;
}

namespace decimal_ops {

std::int64_t divide_rounded(__int128 n, __int128 d, RoundingMode mode, bool& overflow) {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  if (n > INT64_MIN && n <= INT64_MAX && d <= INT64_MAX)  // 64-bit division is several times faster
    return detail::quotient_rounded<std::int64_t>(static_cast<std::int64_t>(n), static_cast<std::int64_t>(d), mode);
  const __int128 q = detail::quotient_rounded<__int128>(n, d, mode);
  if (q > INT64_MAX || q < INT64_MIN) {
    overflow = true;
    return 0;
  }
  return static_cast<std::int64_t>(q);
}

bool detail::multiply_wide(std::int64_t a, std::int64_t b, std::int64_t& out) {
  bool overflow = false;
  out = divide_rounded(static_cast<__int128>(a) * b, Decimal::scale, RoundingMode::half_even, overflow);
  return !overflow;
}

bool divide(std::int64_t a, std::int64_t b, std::int64_t& out) {
  if (b == 0) return false;
  bool overflow = false;
  out = divide_rounded(static_cast<__int128>(a) * Decimal::scale, b, RoundingMode::half_even, overflow);
  return !overflow;
}

}  // namespace decimal_ops
}  // namespace ssis
