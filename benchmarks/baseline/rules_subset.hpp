#pragma once
/// Builds, in a temporary directory, the part of rules/kr that the hand-written baseline
/// also computes: the whole schema, parameters and variables, and only the basic livelihood
/// programmes.

#include <filesystem>

namespace ssis::baseline {

std::filesystem::path nbls_subset(const std::filesystem::path& rules_kr);
/// The same in `target`, replacing whatever it held.
void write_nbls_subset(const std::filesystem::path& rules_kr, const std::filesystem::path& target);

}  // namespace ssis::baseline
