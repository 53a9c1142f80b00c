#include <fmt/format.h>

#include "ssis/decimal.hpp"
#include "ssis/exact_sum.hpp"

namespace ssis {
namespace {

constexpr std::int64_t to_millionths = 1'000'000'000'000;  // from 10^-18 to 10^-6

std::string millionths_text(__int128 millionths) {
  const bool negative = millionths < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(millionths) : static_cast<unsigned __int128>(millionths);
  const auto fraction = static_cast<std::uint64_t>(magnitude % Decimal::scale);
  magnitude /= Decimal::scale;
  std::string whole;
  do {
    whole.insert(whole.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  std::string out = negative ? "-" + whole : whole;
  if (fraction != 0) {
    std::string digits = fmt::format("{:06}", fraction);
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

}  // namespace

std::string ExactSum::to_string() const { return divided_by(1); }

std::string ExactSum::divided_by(std::int64_t divisor) const {
  const __int128 d = static_cast<__int128>(divisor) * to_millionths;
  return millionths_text(decimal_ops::detail::quotient_rounded<__int128>(raw, d, RoundingMode::half_even));
}

}  // namespace ssis
