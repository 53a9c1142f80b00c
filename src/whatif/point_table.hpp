#pragma once
// The households of a sweep as columns: the household's own values repeated at every point,
// the varied inputs set point by point, column by column rather than household by household.
#include <cstddef>
#include <string>
#include <vector>

#include "ssis/columns.hpp"
#include "ssis/household.hpp"

namespace ssis::detail {

/// Where a varied input goes: a household field (member < 0) or member `member`'s field.
struct VariedInput {
  int member = -1;
  std::string field;
  std::vector<InputValue> values;  ///< one per point
};

/// `points` copies of `household` with the varied inputs set. Throws InputError naming the
/// field path when the household itself does not fit the schema (as HouseholdColumns::append).
HouseholdColumns point_table(const RuleSet& rules, const Household& household, std::size_t points,
                             const std::vector<VariedInput>& varied);

}  // namespace ssis::detail
