#pragma once
// Reads households into blocks on a thread of its own, a few blocks ahead of their use, so
// that reading overlaps evaluation; memory stays bounded by the blocks in the queue.
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "ssis/batch.hpp"

namespace ssis::detail {

class BlockReader {
 public:
  /// Starts reading `source` in blocks of `block_size`, at most `ahead` blocks waiting.
  BlockReader(HouseholdSource& source, std::size_t block_size, std::size_t ahead);
  /// Stops reading (at the next household) and waits for the thread.
  ~BlockReader();
  BlockReader(const BlockReader&) = delete;
  BlockReader& operator=(const BlockReader&) = delete;

  /// The next block in input order; nullopt at the end. Rethrows what reading threw.
  std::optional<std::vector<SourceItem>> next();

 private:
  void read();

  HouseholdSource& source_;
  std::size_t block_size_;
  std::size_t ahead_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<SourceItem>> ready_;
  bool done_ = false;
  bool stop_ = false;
  std::exception_ptr failure_;
  std::thread thread_;
};

}  // namespace ssis::detail
