#include "whatif/block_reader.hpp"

namespace ssis::detail {

BlockReader::BlockReader(HouseholdSource& source, std::size_t block_size, std::size_t ahead)
    : source_(source), block_size_(block_size), ahead_(ahead), thread_([this] { read(); }) {}

BlockReader::~BlockReader() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BlockReader::read() {
  try {
    std::vector<SourceItem> block;
    SourceItem item;
    bool more = true;
    while (more) {
      more = source_.next(item);
      if (more) {
        block.push_back(std::move(item));
        item = SourceItem();
      }
      if (block.size() < block_size_ && more) continue;
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || ready_.size() < ahead_; });
      if (stop_) return;
      if (!block.empty()) ready_.push_back(std::move(block));
      block.clear();
      changed_.notify_all();
    }
  } catch (...) {
    const std::lock_guard lock(mutex_);
    failure_ = std::current_exception();
  }
  const std::lock_guard lock(mutex_);
  done_ = true;
  changed_.notify_all();
}

std::optional<std::vector<SourceItem>> BlockReader::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !ready_.empty() || done_; });
  if (!ready_.empty()) {
    std::vector<SourceItem> block = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return block;
  }
  if (failure_) std::rethrow_exception(failure_);
  return std::nullopt;
}

}  // namespace ssis::detail
