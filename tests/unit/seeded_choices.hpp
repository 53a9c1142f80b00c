#pragma once
// A seeded source of choices, the same on every platform, for generated hostile inputs.
#include <cstddef>
#include <cstdint>

namespace test_support {

class Choices {
 public:
  explicit Choices(std::uint64_t seed) : state_(seed) {}
  std::size_t below(std::size_t n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state_ >> 33) % n);
  }

 private:
  std::uint64_t state_;
};

}  // namespace test_support
