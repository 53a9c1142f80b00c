#pragma once
// `ssis eval-batch`: stream households from CSV or JSON lines through a rule set.
#include <string>

namespace ssis::cli {

struct EvalBatchArguments {
  std::string rules;
  std::string input;
  std::string output;  // "-" for standard output
  std::string date;
  std::string input_format;  // csv | jsonl | "" (from the extension)
  bool ids_in_order = false;  // SourceOptions::ids_in_order
  bool wide = false;
  bool strict = false;
  bool resume = false;  // continue an interrupted output file
  bool missing_facts = true;
  unsigned threads = 0;
  std::size_t block_size = 0;  // 0: sized to the rule set
  std::string reform;  // a reform file applied to the rules; empty: none
  std::string audit_log;  // a file the run is appended to (cli/audit_log.hpp); empty: none
};

int eval_batch(const EvalBatchArguments& arguments);

}  // namespace ssis::cli
