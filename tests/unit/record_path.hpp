#pragma once
// A source that passes households on one record at a time, so that run_batch binds their
// records instead of reading the source's rows or lines straight into columns.
#include "ssis/batch.hpp"

namespace test_support {

class RecordPath : public ssis::HouseholdSource {
 public:
  explicit RecordPath(ssis::HouseholdSource& source) : source_(source) {}
  bool next(ssis::SourceItem& item) override { return source_.next(item); }

 private:
  ssis::HouseholdSource& source_;
};

}  // namespace test_support
