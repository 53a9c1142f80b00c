#pragma once
/// A seeded random source whose sequence is the same on every platform and standard library
/// (std:: distributions are implementation-defined, so they are not used).

#include <cmath>
#include <cstdint>

namespace ssis::population {

class RandomSource {
 public:
  explicit RandomSource(std::uint64_t seed) : state_(seed) {}

  /// splitmix64
  std::uint64_t bits() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(bits() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  /// Uniform integer in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(bits() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  /// Standard normal (Box-Muller).
  double normal() {
    const double u = 1.0 - uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * uniform());
  }
  /// Log-normal with the given median, rounded to whole units of `unit`.
  std::int64_t lognormal(double median, double sigma, std::int64_t unit) {
    const double value = median * std::exp(sigma * normal());
    return static_cast<std::int64_t>(value / static_cast<double>(unit)) * unit;
  }

 private:
  std::uint64_t state_;
};

}  // namespace ssis::population
