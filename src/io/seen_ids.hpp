#pragma once
// The household ids an input has shown so far, to find a household whose rows are not
// together. Each id is kept as a 64-bit hash with the line where it was first seen: 16 bytes
// a slot in one flat table at most 3/4 full, so from 21 to 43 bytes per id (64 while the
// table doubles). Two different ids share a hash with a probability of about n²/2⁶⁵ for n
// ids (about 3 in a million for 10 million ids); they would be taken for one.
#include <cstdint>
#include <string_view>
#include <vector>

namespace ssis::detail {

class SeenIds {
 public:
  /// Records `id`, first seen at `line` (> 0). Returns the line it was first seen at
  /// before, or 0 when it is new.
  std::size_t insert(std::string_view id, std::size_t line);
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint64_t line = 0;  // 0: empty
  };
  void grow();

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace ssis::detail
