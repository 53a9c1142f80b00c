#pragma once
// The 64-bit FNV-1a hash: stable across builds and machines, for fingerprints kept in files.
#include <cstdint>
#include <string_view>

namespace ssis::detail {

class Fnv1a64 {
 public:
  void add(std::string_view bytes) {
    for (const unsigned char c : bytes) mix(c);
  }
  /// Ends a piece, so that "ab" + "c" and "a" + "bc" hash differently.
  void end_piece() { mix(0xff); }
  std::uint64_t value() const { return hash_; }

 private:
  void mix(unsigned char c) {
    hash_ ^= c;
    hash_ *= 1099511628211ULL;
  }
  std::uint64_t hash_ = 1469598103934665603ULL;
};

}  // namespace ssis::detail
