#pragma once
// Why a date written in a rule file is not a date: the shape is wrong, or the shape is
// right but no such day exists (2025-02-30).
#include <string>
#include <string_view>

namespace ssis::detail {

/// "'2025-02-30' is not a calendar date" or "'soon' is not a date (YYYY-MM-DD)".
std::string date_literal_problem(std::string_view text);

}  // namespace ssis::detail
