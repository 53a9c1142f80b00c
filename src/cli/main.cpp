// The `ssis` command: check, test, document and evaluate rule sets.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/eval_batch.hpp"
#include "cli/reverify.hpp"
#include "cli/stats.hpp"
#include "ssis/ssis.hpp"

namespace po = boost::program_options;

namespace {

constexpr const char* usage = R"(usage: ssis COMMAND RULES [options]

commands:
  check RULES                         print the diagnostics of a rule set; exit 1 on errors
  test RULES [--filter TEXT]          run the rule set's tests; exit 1 on any failure
  eval RULES HOUSEHOLD.json [--date YYYY-MM-DD] [--format text|json] [--explain] [--lang CODE]
                                      the outcome of every programme for each household
  eval-batch RULES INPUT --out OUTPUT.csv [--date YYYY-MM-DD] [--input-format csv|jsonl] [--wide]
             [--threads N] [--block-size N] [--strict] [--no-missing] [--resume]
                                      stream households (CSV: one row per member with household_id;
                                      or JSON lines) on every core; one output row per household and
                                      programme (or one per household with --wide)
  reverify RULES --households FILE --benefits FILE --out DIR [--date YYYY-MM-DD] [--threads N]
         [--input-format csv|jsonl] [--lang CODE]
                                      re-verify current beneficiaries: compare each household's
                                      benefits (CSV household_id,programme,monthly_amount,since) with
                                      its evaluation; writes DIR/detail.csv, summary.csv, report.md
  schema RULES                        document the input fields
  stats RULES                         programmes per ministry, criteria, relations
)";

std::optional<ssis::RuleSet> load_rules(const std::string& path) {
  ssis::LoadResult result = ssis::RuleSet::load(path);
  if (!result.diagnostics.empty()) std::cerr << ssis::format(result.diagnostics);
  if (!result.rules) {
    std::size_t errors = 0;
    for (const auto& d : result.diagnostics) errors += d.severity == ssis::Severity::error;
    std::cerr << fmt::format("{}: {} error(s); the rule set was not loaded\n", path, errors);
  }
  return std::move(result.rules);
}

int check(const std::string& rules_path) {
  auto rules = load_rules(rules_path);
  if (!rules) return 1;
  std::cout << fmt::format("{}: ok — {} programmes, {} variables, {} parameters, {} tests ({})\n", rules_path,
                           rules->programmes().size(), rules->variables().size(), rules->parameters().size(),
                           rules->test_count(), rules->fingerprint());
  return 0;
}

int test(const std::string& rules_path, const std::string& filter) {
  auto rules = load_rules(rules_path);
  if (!rules) return 1;
  const ssis::RuleTestReport report = ssis::run_rule_tests(*rules, filter);
  for (const auto& failure : report.failures) {
    std::cout << fmt::format("FAIL {} ({}:{})\n", failure.test, failure.file, failure.line);
    for (const auto& problem : failure.problems) std::cout << "     " << problem << "\n";
  }
  std::cout << fmt::format("{} passed, {} failed\n", report.passed, report.failed);
  return report.failed == 0 ? 0 : 1;
}

int eval(const std::string& rules_path, const std::string& household_path, const std::string& date_text,
         const std::string& format, bool explain, const std::string& language) {
  const auto date = ssis::Date::parse(date_text);
  if (!date) {
    std::cerr << fmt::format("--date '{}' is not a date (YYYY-MM-DD)\n", date_text);
    return 2;
  }
  if (format != "text" && format != "json") {
    std::cerr << "--format is text or json\n";
    return 2;
  }
  auto rules = load_rules(rules_path);
  if (!rules) return 1;
  std::ifstream stream(household_path, std::ios::binary);
  if (!stream) {
    std::cerr << fmt::format("{}: cannot be read\n", household_path);
    return 2;
  }
  std::ostringstream buffer;
  buffer << stream.rdbuf();
  std::vector<ssis::Household> households;
  try {
    households = ssis::parse_households_json(buffer.str());
  } catch (const ssis::InputError& e) {
    std::cerr << fmt::format("{}: {}\n", household_path, e.what());
    return 2;
  }
  ssis::Evaluator evaluator(*rules);
  std::string json = "[";
  for (std::size_t i = 0; i < households.size(); ++i) {
    ssis::HouseholdOutcome outcome;
    try {
      outcome = evaluator.evaluate(households[i], *date, explain);
    } catch (const ssis::InputError& e) {
      const std::string prefix = households.size() > 1 ? fmt::format("[{}].", i) : std::string();
      std::cerr << fmt::format("{}: household {}: {}{}: {}\n", household_path, households[i].id, prefix, e.path(), e.reason());
      return 2;
    }
    if (format == "json") {
      if (i) json += ",\n";
      json += ssis::to_json(outcome);
    } else {
      if (i) std::cout << "\n";
      std::cout << ssis::to_text(outcome, language);
    }
  }
  if (format == "json") std::cout << (households.size() == 1 ? json.substr(1) : json + "]") << "\n";
  return 0;
}

int schema(const std::string& rules_path) {
  auto rules = load_rules(rules_path);
  if (!rules) return 1;
  std::cout << rules->schema().describe();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("options");
  options.add_options()("help,h", "show usage")("date", po::value<std::string>(), "evaluation date YYYY-MM-DD (default: today)")(
      "format", po::value<std::string>()->default_value("text"), "text or json")("explain", "show the values behind each criterion")(
      "lang", po::value<std::string>()->default_value("en"), "language code of programme names: ko, en, vi, ... (falls back to en)")("filter", po::value<std::string>()->default_value(""),
                                                                                 "run only tests whose name contains this")(
      "out", po::value<std::string>()->default_value("-"), "eval-batch output file; reverify output directory")(
      "households", po::value<std::string>()->default_value(""), "reverify: households (CSV or JSON lines)")(
      "benefits", po::value<std::string>()->default_value(""), "reverify: benefits CSV")(
      "input-format", po::value<std::string>()->default_value(""), "csv or jsonl")("wide", "one row per household")(
      "threads", po::value<unsigned>()->default_value(0), "worker threads (0: every core)")(
      "block-size", po::value<std::size_t>()->default_value(0), "households per block (0: sized to the rule set)")(
      "strict", "stop at the first input error")(
      "resume", "continue an interrupted --out file: keep its complete households, evaluate the rest")("no-missing", "do not name missing facts")(
      "positional", po::value<std::vector<std::string>>(), "command and paths");
  po::positional_options_description positional;
  positional.add("positional", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << e.what() << "\n" << usage;
    return 2;
  }
  const auto args = vm.count("positional") ? vm["positional"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (vm.count("help") || args.size() < 2) {
    std::cout << usage;
    return vm.count("help") ? 0 : 2;
  }
  const std::string& command = args[0];
  const std::string& rules = args[1];
  try {
    if (command == "check" && args.size() == 2) return check(rules);
    if (command == "test" && args.size() == 2) return test(rules, vm["filter"].as<std::string>());
    if (command == "schema" && args.size() == 2) return schema(rules);
    if (command == "stats" && args.size() == 2) return ssis::cli::stats(rules);
    if (command == "eval-batch" && args.size() == 3) {
      ssis::cli::EvalBatchArguments a;
      a.rules = rules;
      a.input = args[2];
      a.output = vm["out"].as<std::string>();
      a.date = vm.count("date") ? vm["date"].as<std::string>() : ssis::cli::today();
      a.input_format = vm["input-format"].as<std::string>();
      a.wide = vm.count("wide") > 0;
      a.strict = vm.count("strict") > 0;
      a.resume = vm.count("resume") > 0;
      a.missing_facts = vm.count("no-missing") == 0;
      a.threads = vm["threads"].as<unsigned>();
      a.block_size = vm["block-size"].as<std::size_t>();
      return ssis::cli::eval_batch(a);
    }
    if (command == "reverify" && args.size() == 2) {
      ssis::cli::ReverifyArguments a;
      a.rules = rules;
      a.households = vm["households"].as<std::string>();
      a.benefits = vm["benefits"].as<std::string>();
      a.output_directory = vm["out"].as<std::string>();
      a.date = vm.count("date") ? vm["date"].as<std::string>() : ssis::cli::today();
      a.input_format = vm["input-format"].as<std::string>();
      a.language = vm["lang"].as<std::string>();
      a.threads = vm["threads"].as<unsigned>();
      if (!vm["block-size"].defaulted()) a.block_size = vm["block-size"].as<std::size_t>();
      return ssis::cli::reverify(a);
    }
    if (command == "eval" && args.size() == 3) {
      std::string date = vm.count("date") ? vm["date"].as<std::string>() : ssis::cli::today();
      return eval(rules, args[2], date, vm["format"].as<std::string>(), vm.count("explain") > 0, vm["lang"].as<std::string>());
    }
  } catch (const std::exception& e) {
    std::cerr << "ssis: " << e.what() << "\n";
    return 3;
  }
  std::cerr << usage;
  return 2;
}
