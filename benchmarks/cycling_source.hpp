#pragma once
// A household source for benchmarks: serves `count` households, the i-th given by a function
// (typically cycling through a pool generated once).
#include <ssis/batch.hpp>

#include <functional>
#include <utility>

namespace ssis::bench {

class CyclingSource : public HouseholdSource {
 public:
  CyclingSource(std::size_t count, std::function<Household(std::size_t)> household)
      : count_(count), household_(std::move(household)) {}

  bool next(SourceItem& item) override {
    if (served_ == count_) return false;
    item.household = household_(served_);
    item.line = ++served_;
    item.error.clear();
    return true;
  }

 private:
  std::size_t count_;
  std::function<Household(std::size_t)> household_;
  std::size_t served_ = 0;
};

}  // namespace ssis::bench
