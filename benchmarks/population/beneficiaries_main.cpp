// ssis-kr-beneficiaries: a seeded re-verification scenario for rules/kr — a synthetic
// population, the benefits each household receives with planted cases, and the findings
// `ssis reverify` must report for them.
//   ssis-kr-beneficiaries --rules rules/kr --households 10000 --out-households H.csv --out-benefits B.csv
//                         [--seed 1] [--date 2025-09-24] [--format csv|jsonl] [--bad-rows 30] [--expected E.csv]
//                         [--totals [--since-from 2015-01-01]]
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "population/kr_beneficiaries.hpp"
#include "population/kr_population.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  po::options_description options("ssis-kr-beneficiaries options");
  options.add_options()("help,h", "this help")
      ("rules", po::value<std::string>()->default_value("rules/kr"), "the rule set (rules/kr)")
      ("households,n", po::value<std::size_t>()->default_value(1000), "number of households")
      ("seed", po::value<std::uint64_t>()->default_value(1), "random seed")
      ("date", po::value<std::string>()->default_value("2025-09-24"), "re-verification date")
      ("format", po::value<std::string>()->default_value("csv"), "households as csv or jsonl")
      ("bad-rows", po::value<std::size_t>()->default_value(30), "benefit rows that must be reported as input errors")
      ("totals", po::bool_switch(), "plant what each benefit was paid and due since it started: the expected row then ends with "
                                    "paid_total, due_total, owed and totals_unknown (each household evaluated month by month)")
      ("since-from", po::value<std::string>()->default_value("2015-01-01"), "with --totals, the earliest `since` drawn")
      ("out-households", po::value<std::string>()->required(), "households file")
      ("out-benefits", po::value<std::string>()->required(), "benefits file (CSV)")
      ("expected", po::value<std::string>(), "where to write the expected summary total row (default: standard output)");
  po::variables_map args;
  try {
    po::store(po::parse_command_line(argc, argv, options), args);
    if (args.count("help")) {
      std::cout << options;
      return 0;
    }
    po::notify(args);
  } catch (const po::error& e) {
    std::cerr << "ssis-kr-beneficiaries: " << e.what() << "\n" << options;
    return 2;
  }
  const auto date = ssis::Date::parse(args["date"].as<std::string>());
  const std::string format = args["format"].as<std::string>();
  if (!args["since-from"].defaulted() && !args["totals"].as<bool>()) {
    std::cerr << "ssis-kr-beneficiaries: --since-from is for --totals\n";
    return 2;
  }
  const auto since_from = ssis::Date::parse(args["since-from"].as<std::string>());
  if (!date || !since_from || *since_from > *date || (format != "csv" && format != "jsonl")) {
    std::cerr << "ssis-kr-beneficiaries: --date and --since-from are YYYY-MM-DD, --since-from not after --date, and --format "
                 "is csv or jsonl\n";
    return 2;
  }
  ssis::LoadResult loaded = ssis::RuleSet::load(args["rules"].as<std::string>());
  if (!loaded.rules) {
    std::cerr << ssis::format(loaded.diagnostics);
    return 1;
  }
  std::ofstream households(args["out-households"].as<std::string>());
  std::ofstream benefits(args["out-benefits"].as<std::string>());
  if (!households || !benefits) {
    std::cerr << "ssis-kr-beneficiaries: cannot write the output files\n";
    return 2;
  }
  const std::uint64_t seed = args["seed"].as<std::uint64_t>();
  ssis::population::KrPopulation population(seed, *date);
  ssis::population::KrBeneficiaries scenario(*loaded.rules, seed, *date);
  const bool totals = args["totals"].as<bool>();
  if (totals) scenario.plant_totals(*since_from);
  if (format == "csv") ssis::population::write_csv_header(households);
  ssis::population::write_benefits_header(benefits, *loaded.rules);
  const std::size_t count = args["households"].as<std::size_t>();
  for (std::size_t i = 0; i < count; ++i) {
    const ssis::Household household = population.next();
    if (format == "csv") ssis::population::write_csv(households, household);
    else ssis::population::write_json_line(households, household);
    ssis::population::write_benefits(benefits, *loaded.rules, household.id, scenario.assign(household));
  }
  for (const std::string& row : scenario.bad_rows(args["bad-rows"].as<std::size_t>(), "h1")) benefits << row << '\n';

  // The total row summary.csv must end with.
  const ssis::FindingTally& expected = scenario.expected();
  std::string total = fmt::format("total,,,{}", expected.received());
  for (std::size_t count : expected.count) total += fmt::format(",{}", count);
  for (const ssis::MoneySum* sum : {&expected.paid_to_no_longer_eligible, &expected.overpaid, &expected.underpaid, &expected.blind_spot_computed})
    total += "," + sum->to_string();
  if (totals)
    total += fmt::format(",{},{},{},{}", expected.paid_total.to_string(), expected.due_total.to_string(), expected.owed.to_string(),
                         expected.totals_unknown);
  std::ofstream expected_file;
  if (args.count("expected")) expected_file.open(args["expected"].as<std::string>());
  (args.count("expected") ? expected_file : std::cout) << total << '\n';
  return households && benefits ? 0 : 1;
}
