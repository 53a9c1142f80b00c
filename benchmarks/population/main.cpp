// ssis-kr-population: writes a seeded synthetic Korean population for rules/kr.
//   ssis-kr-population --households 100000 [--seed 1] [--format csv|jsonl] [--date 2025-09-24] [--out FILE]
#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>

#include "population/kr_population.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  po::options_description options("ssis-kr-population options");
  options.add_options()("help,h", "this help")
      ("households,n", po::value<std::size_t>()->default_value(1000), "number of households")
      ("seed", po::value<std::uint64_t>()->default_value(1), "random seed")
      ("format", po::value<std::string>()->default_value("csv"), "csv (one row per member) or jsonl")
      ("date", po::value<std::string>()->default_value("2025-09-24"), "reference date for ages")
      ("out,o", po::value<std::string>(), "output file (default: standard output)");
  po::variables_map args;
  try {
    po::store(po::parse_command_line(argc, argv, options), args);
    po::notify(args);
  } catch (const po::error& e) {
    std::cerr << "ssis-kr-population: " << e.what() << "\n" << options;
    return 2;
  }
  if (args.count("help")) {
    std::cout << options;
    return 0;
  }
  const auto date = ssis::Date::parse(args["date"].as<std::string>());
  const std::string format = args["format"].as<std::string>();
  if (!date || (format != "csv" && format != "jsonl")) {
    std::cerr << "ssis-kr-population: --date is YYYY-MM-DD and --format is csv or jsonl\n";
    return 2;
  }
  std::ofstream file;
  if (args.count("out")) {
    file.open(args["out"].as<std::string>());
    if (!file) {
      std::cerr << "ssis-kr-population: cannot write " << args["out"].as<std::string>() << "\n";
      return 2;
    }
  }
  std::ostream& out = args.count("out") ? file : std::cout;
  ssis::population::KrPopulation population(args["seed"].as<std::uint64_t>(), *date);
  if (format == "csv") ssis::population::write_csv_header(out);
  const std::size_t count = args["households"].as<std::size_t>();
  for (std::size_t i = 0; i < count; ++i) {
    const ssis::Household household = population.next();
    if (format == "csv") ssis::population::write_csv(out, household);
    else ssis::population::write_json_line(out, household);
  }
  return out ? 0 : 1;
}
