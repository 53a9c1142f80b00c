#include "cli/eval.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/eval_months.hpp"
#include "cli/household_file.hpp"
#include "cli/languages.hpp"
#include "cli/rule_set_commands.hpp"
#include "cli/terminal_width.hpp"
#include "io/utf8.hpp"
#include "ssis/ssis.hpp"

namespace ssis::cli {

namespace {

// --from and --to, both given or neither, the first not after the second.
std::optional<std::pair<Date, Date>> month_range(const EvalArguments& a, bool& bad) {
  bad = true;
  if (a.from.empty() != a.to.empty()) {
    std::cerr << "--from and --to go together\n";
    return std::nullopt;
  }
  bad = false;
  if (a.from.empty()) return std::nullopt;
  bad = true;
  if (a.date_given || a.explain) {
    std::cerr << "--from and --to take the place of --date and do not take --explain\n";
    return std::nullopt;
  }
  const auto from = Date::parse(a.from);
  const auto to = Date::parse(a.to);
  if (!from || !to) {
    std::cerr << fmt::format("--{} '{}' is not a date (YYYY-MM-DD)\n", from ? "to" : "from", from ? a.to : a.from);
    return std::nullopt;
  }
  if (*to < *from) {
    std::cerr << fmt::format("--to {} is before --from {}\n", a.to, a.from);
    return std::nullopt;
  }
  if (const std::size_t months = monthly_dates(*from, *to).size(); months > max_months) {
    std::cerr << fmt::format("--from {} --to {} spans {} months; at most {}\n", a.from, a.to, months, max_months);
    return std::nullopt;
  }
  bad = false;
  return std::pair{*from, *to};
}

}  // namespace

int eval(const EvalArguments& a) {
  const auto date = Date::parse(a.date);
  if (!date) {
    std::cerr << fmt::format("--date '{}' is not a date (YYYY-MM-DD)\n", a.date);
    return 2;
  }
  bool bad_range = false;
  const auto months = month_range(a, bad_range);
  if (bad_range) return 2;
  auto rules = load_rules(a.rules, a.reform);
  if (!rules) return 1;
  if (!language_available(*rules, a.rules, a.language)) return 2;
  const std::optional<std::vector<Household>> read = read_households_file(a.household);
  if (!read) return 2;
  const std::vector<Household>& households = *read;
  Evaluator evaluator(*rules, {.missing_facts = a.missing_facts, .known_on = a.known_on.empty() ? std::nullopt : Date::parse(a.known_on)});
  const bool json = a.format == "json";
  if (months) return eval_months(evaluator, households, a.household, months->first, months->second, json, a.language);
  const TextOptions text_options{.language = a.language, .width = terminal_width(), .all = a.all, .questions = a.questions};
  std::string json_text = "[";
  for (std::size_t i = 0; i < households.size(); ++i) {
    HouseholdOutcome outcome;
    try {
      outcome = evaluator.evaluate(households[i], *date, a.explain);
    } catch (const InputError& e) {
      const std::string prefix = households.size() > 1 ? fmt::format("[{}].", i) : std::string();
      std::cerr << fmt::format("{}: household {}: {}{}: {}\n", a.household, detail::quoted(households[i].id), prefix,
                               e.path(), e.reason());
      return 2;
    }
    const std::vector<Question> questions = evaluator.questions(outcome);
    if (json) {
      if (i) json_text += ",\n";
      json_text += to_json(*rules, outcome, questions, a.language);
    } else {
      if (i) std::cout << "\n";
      std::cout << to_text(*rules, outcome, questions, text_options);
    }
  }
  if (json) std::cout << (households.size() == 1 ? json_text.substr(1) : json_text + "]") << "\n";
  return 0;
}

}  // namespace ssis::cli
