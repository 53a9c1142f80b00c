// Evaluates a table of households on two dates with the columnar engine and lists, per
// programme, how many households change status between them, or get a new amount (new
// thresholds, new standards):
//   compare_years RULES FROM TO COPIES HOUSEHOLDS.json...
// The households of the files are repeated COPIES times to make a larger table.
#include <ssis/ssis.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: compare_years RULES FROM TO COPIES HOUSEHOLDS.json...\n";
    return 2;
  }
  ssis::LoadResult loaded = ssis::RuleSet::load(argv[1]);
  if (!loaded.rules) {
    std::cerr << ssis::format(loaded.diagnostics);
    return 1;
  }
  const ssis::RuleSet& rules = *loaded.rules;
  const auto from = ssis::Date::parse(argv[2]);
  const auto to = ssis::Date::parse(argv[3]);
  const long copies = std::atol(argv[4]);
  if (!from || !to || copies < 1) {
    std::cerr << "dates are YYYY-MM-DD and COPIES is at least 1\n";
    return 2;
  }
  std::vector<ssis::Household> households;
  for (int f = 5; f < argc; ++f) {
    std::ifstream file(argv[f]);
    std::stringstream text;
    text << file.rdbuf();
    try {
      for (auto& household : ssis::parse_households_json(text.str())) households.push_back(std::move(household));
    } catch (const ssis::InputError& e) {
      std::cerr << argv[f] << ": " << e.what() << "\n";
      return 2;
    }
  }
  ssis::HouseholdColumns table(rules);
  try {
    for (long c = 0; c < copies; ++c)
      for (const auto& household : households) table.append(household);
  } catch (const ssis::InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }

  const ssis::ColumnOutcomes before = ssis::evaluate_columns(rules, table, {*from, 0, 0});
  const ssis::ColumnOutcomes after = ssis::evaluate_columns(rules, table, {*to, 0, 0});
  std::cout << table.households() << " households, " << rules.programmes().size() << " programmes, "
            << from->to_string() << " -> " << to->to_string() << "\n";
  std::size_t changed_programmes = 0;
  for (std::size_t p = 0; p < before.programmes; ++p) {
    std::map<std::pair<ssis::Status, ssis::Status>, std::size_t> changes;  // status before, after
    std::size_t new_amounts = 0;
    for (std::size_t h = 0; h < before.households; ++h) {
      const ssis::Status a = before.status_of(h, p), b = after.status_of(h, p);
      const std::size_t at = h * before.programmes + p;
      if (a != b) ++changes[{a, b}];
      else if (a == ssis::Status::eligible && before.amount[at] != after.amount[at]) ++new_amounts;
    }
    if (changes.empty() && new_amounts == 0) continue;
    ++changed_programmes;
    std::cout << "  " << rules.programmes()[p].id << ":";
    for (const auto& [change, count] : changes)
      std::cout << " " << count << " " << ssis::to_string(change.first) << " -> " << ssis::to_string(change.second) << ";";
    if (new_amounts) std::cout << " " << new_amounts << " new amount(s)";
    std::cout << "\n";
  }
  std::cout << changed_programmes << " programme(s) change\n";
  return 0;
}
