#pragma once
// `ssis whatif`: one household evaluated while inputs vary; the benefits, net income,
// marginal effective tax rates and cliffs at each point, as CSV or JSON.
#include <string>
#include <vector>

namespace ssis::cli {

struct WhatifArguments {
  std::string rules;
  std::string household;            // a JSON file holding one household
  std::vector<std::string> vary;    // PATH=FROM:TO:STEP, one per axis
  std::vector<std::string> income;  // income fields; empty: the first axis' field
  std::string date;
  std::string format = "csv";       // csv | json
  std::string output = "-";         // "-": standard output
  std::string reform;
  unsigned threads = 0;
};

int whatif(const WhatifArguments& arguments);

}  // namespace ssis::cli
