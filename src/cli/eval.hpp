#pragma once
// `ssis eval`: every programme's outcome for the households of one JSON file.
#include <cstddef>
#include <string>

namespace ssis::cli {

struct EvalArguments {
  std::string rules;
  std::string household;  // a JSON file: one household or an array of them
  std::string date;
  std::string format = "text";  // text | json
  bool explain = false;
  bool missing_facts = true;  // name the missing facts of undetermined programmes (and so the next questions)
  std::string language = "en";
  std::string reform;  // a reform file applied to the rules; empty: none
  std::size_t questions = 5;  // the next questions shown in text (all of them in JSON)
  bool all = false;           // text: list each programme not eligible, not their count
  std::string from, to;       // both set: month by month from `from` to `to` (cli/eval_months.hpp)
  bool date_given = false;    // --date was on the command line (not only its default)
  std::string known_on;       // a date (checked by the parser), or "": facts the input dates after it are not known
};

int eval(const EvalArguments& arguments);

}  // namespace ssis::cli
