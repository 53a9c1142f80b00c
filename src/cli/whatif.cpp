#include "cli/whatif.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/household_file.hpp"
#include "cli/rule_set_commands.hpp"
#include "ssis/error.hpp"
#include "ssis/household_json.hpp"
#include "ssis/sweep.hpp"

namespace ssis::cli {

int whatif(const WhatifArguments& a) {
  const auto date = Date::parse(a.date);
  if (!date) {
    std::cerr << fmt::format("--date '{}' is not a date (YYYY-MM-DD)\n", a.date);
    return 2;
  }
  std::vector<SweepAxis> axes;
  try {
    for (const std::string& text : a.vary) axes.push_back(parse_sweep_axis(text));
  } catch (const InputError& e) {
    std::cerr << fmt::format("--vary {}: {}\n", e.path(), e.reason());
    return 2;
  }
  auto rules = load_rules(a.rules, a.reform);
  if (!rules) return 1;
  const std::optional<std::vector<Household>> read = read_households_file(a.household);
  if (!read) return 2;
  const std::vector<Household>& households = *read;
  if (households.size() != 1) {
    std::cerr << fmt::format("{}: holds {} households; a sweep varies one\n", a.household, households.size());
    return 2;
  }
  SweepResult result;
  try {
    result = sweep(*rules, households.front(), axes, {.date = *date, .threads = a.threads, .income_fields = a.income});
  } catch (const InputError& e) {
    std::cerr << fmt::format("{}: {}{}\n", a.household, e.path().empty() ? "" : e.path() + ": ", e.reason());
    return 2;
  }
  const std::string text = a.format == "json" ? sweep_json(*rules, result, *date) : sweep_csv(*rules, result);
  if (a.output == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream file(a.output, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    std::cerr << fmt::format("{}: cannot be written\n", a.output);
    return 2;
  }
  return 0;
}

}  // namespace ssis::cli
