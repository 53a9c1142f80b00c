#pragma once
// The header row of the CSV outcomes csv_sink writes, shared with the resume reader.
#include <string>

#include "ssis/batch.hpp"

namespace ssis::detail {

std::string outcome_csv_header(const RuleSet& rules, BatchLayout layout);

}  // namespace ssis::detail
