#pragma once
// `ssis eval --from DATE --to DATE`: each household month by month, with each programme's
// monthly amounts and their exact sum.
#include <string>
#include <vector>

#include "ssis/evaluator.hpp"

namespace ssis::cli {

/// Writes the months of every household as text or JSON ("text" | "json") to standard
/// output; 2 after naming the household and field of an input error.
int eval_months(Evaluator& evaluator, const std::vector<Household>& households, const std::string& household_file, Date from,
                Date to, bool json, const std::string& language);

}  // namespace ssis::cli
