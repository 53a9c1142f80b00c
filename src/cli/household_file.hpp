#pragma once
// Households given to a command as a JSON file.
#include <optional>
#include <string>
#include <vector>

#include "ssis/household.hpp"

namespace ssis::cli {

/// The bytes of a file; nullopt after saying on standard error that it cannot be read.
std::optional<std::string> read_file_text(const std::string& path);

/// The households of a JSON file, as parse_households_json reads them; nullopt after saying
/// on standard error why the file cannot be read or parsed (naming it).
std::optional<std::vector<Household>> read_households_file(const std::string& path);

}  // namespace ssis::cli
