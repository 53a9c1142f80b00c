// Screens households against every programme of a rule set and prints the outcomes:
//   screen_household RULES HOUSEHOLDS.json [YYYY-MM-DD]
#include <ssis/ssis.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: screen_household RULES HOUSEHOLDS.json [YYYY-MM-DD]\n";
    return 2;
  }
  ssis::LoadResult loaded = ssis::RuleSet::load(argv[1]);
  if (!loaded.rules) {
    std::cerr << ssis::format(loaded.diagnostics);
    return 1;
  }
  std::ifstream file(argv[2]);
  std::stringstream text;
  text << file.rdbuf();
  const auto date = ssis::Date::parse(argc > 3 ? argv[3] : "2025-09-24");
  if (!date) {
    std::cerr << "the date must be YYYY-MM-DD\n";
    return 2;
  }
  try {
    ssis::Evaluator evaluator(*loaded.rules);  // one per thread; the RuleSet is shared
    for (const ssis::Household& household : ssis::parse_households_json(text.str())) {
      const ssis::HouseholdOutcome outcome = evaluator.evaluate(household, *date, /*explain=*/true);
      std::size_t eligible = 0;
      for (const auto& programme : outcome.programmes) eligible += programme.status == ssis::Status::eligible;
      std::cout << ssis::to_text(*loaded.rules, outcome, evaluator.questions(outcome)) << eligible << " eligible programme(s)\n";
    }
  } catch (const ssis::InputError& e) {
    std::cerr << argv[2] << ": " << e.what() << "\n";
    return 2;
  }
  return 0;
}
