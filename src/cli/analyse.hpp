#pragma once
// `ssis analyse`: the rule set searched with a satisfiability solver (docs/analysis.md).
#include <string>
#include <vector>

namespace ssis::cli {

struct AnalyseArguments {
  std::string rules;
  std::string date;
  int members = 3;
  unsigned timeout_ms = 0;  // 0: 5,000 for the whole analysis, 60,000 for one question (--cliffs, --query)
  unsigned threads = 2;
  std::vector<std::string> programmes;  // only these (all when empty)
  std::string emit_tests;   // a directory for the witnesses as rule-set tests
  std::string cliffs;       // a household JSON file whose benefit cliffs are wanted
  std::string vary;         // the field varied for --cliffs: "field" or "members[i].field"
  std::string up_to;        // the largest value of the varied field searched and swept
  std::string query;        // a coverage question: a household condition in the rule language
  std::vector<std::string> count_provision;  // what `eligible_count` counts in the query
  bool cliffs_given = false;  // --cliffs or --query given (even as an empty text)
  bool query_given = false;
};

/// 0 when the analysis ran (whatever it found), 1 for a rule set with errors, 2 for bad
/// arguments or input, 3 when the engine disagrees with a witness of the solver.
int analyse(const AnalyseArguments& arguments);

}  // namespace ssis::cli
