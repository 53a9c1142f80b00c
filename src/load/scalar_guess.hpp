#pragma once
// The typed reading of an unquoted scalar in a household, from YAML or CSV: null, bool,
// integer, decimal, date, or else a string. The schema binder converts further.
#include <string_view>

#include "ssis/household.hpp"

namespace ssis::detail {

InputValue guess_scalar(std::string_view text);

}  // namespace ssis::detail
