#pragma once
// Hands converted households to run_batch, moving each out once; lines are 1-based rows.
#include <vector>

#include "ssis/batch.hpp"

namespace ssis::python {

class VectorSource : public HouseholdSource {
 public:
  explicit VectorSource(std::vector<Household>& households) : households_(households) {}

  bool next(SourceItem& item) override {
    if (next_ == households_.size()) return false;
    item = SourceItem{};
    item.household = std::move(households_[next_]);
    item.line = ++next_;
    return true;
  }

 private:
  std::vector<Household>& households_;
  std::size_t next_ = 0;
};

}  // namespace ssis::python
