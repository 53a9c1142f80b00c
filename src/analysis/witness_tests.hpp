#pragma once
/// The witnesses of an analysis as rule-set tests: one file per programme under a directory,
/// each household expecting what the engine decided for it, so that a change to a rule
/// that flips a witness fails `ssis test`.
#include <filesystem>

#include "analysis/rule_analysis.hpp"

namespace ssis::analysis {

/// Writes DIR/<programme>.yaml for every programme with a witness the engine agreed with;
/// returns the number of tests written. Throws std::runtime_error naming a file that cannot
/// be written.
std::size_t write_witness_tests(const RuleSet& rules, const AnalysisReport& report, Date date, const std::filesystem::path& directory);

/// Text as a double-quoted YAML scalar.
std::string yaml_quoted(std::string_view text);
/// A household as the `household:` mapping of a rule-set test, indented by `indent` spaces.
std::string household_yaml(const Household& household, int indent);

}  // namespace ssis::analysis
