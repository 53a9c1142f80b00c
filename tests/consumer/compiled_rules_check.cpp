// Built with ssis_add_compiled_rules from an installed ssis: the compiled rule set registers
// itself and decides a household as the interpreter does.
#include <ssis/ssis.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: compiled_rules_check RULES HOUSEHOLD.json\n";
    return 2;
  }
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(argv[1]);
  if (ssis::find_compiled_rules(rules) == nullptr) {
    std::cerr << "no compiled rules registered for " << argv[1] << "\n";
    return 1;
  }
  std::ifstream file(argv[2]);
  const std::string json((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ssis::HouseholdColumns table(rules);
  table.append(ssis::parse_households_json(json).at(0));
  ssis::ColumnOptions options{*ssis::Date::parse("2025-03-01")};
  options.engine = ssis::ColumnEngine::compiled;
  const ssis::ColumnOutcomes compiled = ssis::evaluate_columns(rules, table, options);
  options.engine = ssis::ColumnEngine::interpreter;
  const ssis::ColumnOutcomes interpreted = ssis::evaluate_columns(rules, table, options);
  if (compiled.status != interpreted.status || compiled.amount != interpreted.amount) {
    std::cerr << "compiled and interpreted decisions differ\n";
    return 1;
  }
  std::cout << "compiled rules decide " << compiled.programmes << " programmes as the interpreter does\n";
  return 0;
}
