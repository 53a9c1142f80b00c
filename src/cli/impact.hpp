#pragma once
// `ssis impact`: a population evaluated under the rule set and under a reform; what changes
// per programme, ministry and income decile, in DIR/summary.csv, deciles.csv, detail.csv, report.md
// (written as FILE.partial and renamed once all four are whole).
#include <string>
#include <vector>

namespace ssis::cli {

struct ImpactArguments {
  std::string rules;
  std::string reform;
  std::string households;
  std::string output_directory;
  std::string date;
  std::string input_format;  // csv | jsonl | "" (from the extension)
  std::vector<std::string> income;
  std::string weight = "weight";
  std::string take_up;  // programme,take_up CSV; empty: everyone eligible claims
  unsigned threads = 0;
  std::size_t block_size = 8'192;
};

int impact(const ImpactArguments& arguments);

}  // namespace ssis::cli
