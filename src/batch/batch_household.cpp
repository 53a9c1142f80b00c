#include "ssis/batch.hpp"

namespace ssis {

// A block's decisions are held until written: their texts are kept apart so that a
// household's decision costs a quarter of a cache line, and a member's decision 24 bytes.
static_assert(sizeof(BatchDecision) == 16);
static_assert(sizeof(BatchUnitDecision) == 24);

namespace {

const BatchDecisionDetail& detail_at(const std::vector<BatchDecisionDetail>& details, std::uint32_t index) {
  static const BatchDecisionDetail none;
  return index == BatchDecision::no_detail ? none : details[index];
}

}  // namespace

const BatchDecisionDetail& BatchHousehold::detail(const BatchDecision& decision) const { return detail_at(details, decision.detail); }

const BatchDecisionDetail& BatchHousehold::detail(const BatchUnitDecision& decision) const {
  return detail_at(details, decision.detail);
}

}  // namespace ssis
