#pragma once
// `ssis ask`: an interview in the terminal. Asks the best next question (next_questions),
// evaluates the household again after each answer, shows what became eligible, and stops
// when nothing is left to settle or the user quits; can save the household it built.
#include <string>

namespace ssis::cli {

struct AskArguments {
  std::string rules;
  std::string household;  // a JSON file with one household; empty: start from one member
  std::string date;
  std::string language = "en";
  std::string save;       // where to write the household built, as JSON; empty: nowhere
};

int ask(const AskArguments& arguments);

}  // namespace ssis::cli
