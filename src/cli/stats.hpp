#pragma once
// `ssis stats`: what a rule set covers.
#include <string>

namespace ssis::cli {

int stats(const std::string& rules_path);
/// Today's date in UTC as YYYY-MM-DD.
std::string today();

}  // namespace ssis::cli
