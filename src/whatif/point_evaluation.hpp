#pragma once
// The households of a sweep, evaluated as columns: the household's own values repeated at
// every point, the varied inputs set point by point, a run of points at a time in one table
// made once, so that a sweep's memory does not grow with its points beyond its outcomes.
#include <cstddef>
#include <functional>
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

/// Points first to first + count - 1 just decided, as rows 0 to count - 1 of `part`.
using DecidedPoints = std::function<void(const ColumnOutcomes& part, std::size_t first, std::size_t count)>;

/// Evaluates `points` copies of `household` with the varied inputs set into `out`
/// (households = points, as one evaluate_columns call on all of them would give), calling
/// `decided` with each run of points in order while its decisions are fresh in the cache, up
/// to the run holding the first point with an input error (ColumnOutcomes::input_errors; the
/// points after that run are left with no decision). Throws InputError naming the field path
/// when the household itself does not fit the schema (as HouseholdColumns::append).
void evaluate_points(const RuleSet& rules, const Household& household, std::size_t points, const std::vector<VariedInput>& varied,
                     const ColumnOptions& options, ColumnOutcomes& out, const DecidedPoints& decided);

}  // namespace ssis::detail
