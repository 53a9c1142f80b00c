#pragma once
/// Sums of amounts too large for a Decimal, held exactly: the totals of a population.
#include <cstdint>
#include <string>

namespace ssis {

/// A sum of amounts held exactly: `raw` in units of 10^-18 (an amount in millionths times
/// 10^12; in an impact, weight, take-up rate and amount each in millionths, multiplied).
struct ExactSum {
  __int128 raw = 0;
  /// Rounded half to even to 6 fractional digits, trailing zeros dropped ("1234.5").
  std::string to_string() const;
  /// Divided by `divisor` (> 0), then as to_string.
  std::string divided_by(std::int64_t divisor) const;
};

}  // namespace ssis
