#pragma once
// Runs independent pieces of work on every core, for the stages of loading a rule set that
// work file by file.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ssis::detail {

/// Calls work(i) for each i in [0, count) on up to one thread per core (this thread
/// included; one thread per `grain` items at most), each taking the next i. The first
/// exception thrown by `work` is rethrown once every thread has stopped.
template <typename Work>
void parallel_for(std::size_t count, std::size_t grain, Work&& work) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&] {
    try {
      for (std::size_t i = next++; i < count; i = next++) work(i);
    } catch (...) {
      next = count;  // the others stop after their current item
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  const std::size_t threads =
      std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), std::max<std::size_t>(count / grain, 1));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace ssis::detail
