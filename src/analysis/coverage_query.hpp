#pragma once
/// A coverage question in the rule language: a household condition that may name, besides
/// the rule set's fields, parameters and variables, `eligible_<programme>` (the programme's
/// criteria are met, it is in force and its requirements are eligible) and `eligible_count`
/// (how many programmes are eligible so, among those of the provisions given). The answer is
/// a household meeting it, checked by the engine, or the solver's proof that none exists
/// within the bounds.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/rule_analysis.hpp"

namespace ssis::analysis {

struct CoverageQuestion {
  std::string condition;
  std::vector<std::string> count_provisions;  ///< empty: eligible_count counts every programme
};

struct CoverageAnswer {
  Finding answer;
  /// Problems of the condition, at their column ("--query:1:12: error ..."); no answer then.
  std::vector<std::string> errors;
  /// The programmes eligible (by their own criteria) in the witness, as the engine decides.
  std::vector<std::string> eligible;
};

/// Loads the rule set at `directory` again with the question as a variable beside its
/// rules (in a temporary copy), then asks the solver.
CoverageAnswer answer_coverage(const std::filesystem::path& directory, const CoverageQuestion& question, const AnalysisOptions& options);

}  // namespace ssis::analysis
