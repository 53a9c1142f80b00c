#include "io/seen_ids.hpp"

#include <functional>

namespace ssis::detail {

std::size_t SeenIds::insert(std::string_view id, std::size_t line) {
  if (4 * (size_ + 1) > 3 * slots_.size()) grow();
  const std::uint64_t hash = std::hash<std::string_view>{}(id);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.line == 0) {
      slot = {hash, line};
      ++size_;
      return 0;
    }
    if (slot.hash == hash) return static_cast<std::size_t>(slot.line);
  }
}

void SeenIds::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : 2 * old.size(), Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.line == 0) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].line != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace ssis::detail
