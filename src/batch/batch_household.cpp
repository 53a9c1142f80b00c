#include "ssis/batch.hpp"

namespace ssis {

// A block's decisions are held until written: their texts are kept apart so that each costs
// a quarter of a cache line.
static_assert(sizeof(BatchDecision) == 16);

const BatchDecisionDetail& BatchHousehold::detail(const BatchDecision& decision) const {
  static const BatchDecisionDetail none;
  return decision.detail == BatchDecision::no_detail ? none : details[decision.detail];
}

}  // namespace ssis
