#pragma once
// `ssis needs`: the input fields each programme can read, with the agency that holds them.
#include <string>
#include <vector>

namespace ssis::cli {

/// Every programme when `programmes` is empty. An unknown programme id is an error (exit 2).
int needs(const std::string& rules_path, const std::vector<std::string>& programmes, const std::string& language);

}  // namespace ssis::cli
