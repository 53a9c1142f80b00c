#include "cli/impact.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/rule_set_commands.hpp"
#include "ssis/error.hpp"
#include "ssis/impact.hpp"

namespace ssis::cli {
namespace {

// Outputs are written under this suffix and renamed into place once all of them are whole,
// so that a run stopped half-way leaves no file that looks finished.
constexpr std::string_view partial = ".partial";

std::filesystem::path partial_path(const std::filesystem::path& path) { return path.string() + std::string(partial); }

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(partial_path(path), std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) std::cerr << fmt::format("{}: cannot be written\n", path.string());
  return static_cast<bool>(file);
}

bool rename_into_place(const std::filesystem::path& directory) {
  for (const char* name : {"detail.csv", "summary.csv", "deciles.csv", "report.md"}) {
    std::error_code ec;
    std::filesystem::rename(partial_path(directory / name), directory / name, ec);
    if (ec) {
      std::cerr << fmt::format("{}: cannot be written: {}\n", (directory / name).string(), ec.message());
      return false;
    }
  }
  return true;
}

}  // namespace

int impact(const ImpactArguments& a) {
  ImpactOptions options;
  const auto date = Date::parse(a.date);
  if (!date) {
    std::cerr << fmt::format("--date '{}' is not a date (YYYY-MM-DD)\n", a.date);
    return 2;
  }
  options.date = *date;
  options.threads = a.threads;
  options.block_size = a.block_size;
  options.weight_field = a.weight;
  options.income_fields = a.income;
  if (!a.take_up.empty()) {
    std::ifstream rates(a.take_up, std::ios::binary);
    if (!rates) {
      std::cerr << fmt::format("{}: cannot be read\n", a.take_up);
      return 2;
    }
    try {
      options.take_up = read_take_up_csv(rates, a.take_up);
    } catch (const InputError& e) {
      std::cerr << e.what() << "\n";
      return 2;
    }
  }
  auto baseline = load_rules(a.rules);
  if (!baseline) return 1;
  auto reform = load_rules(a.rules, a.reform);
  if (!reform) return 1;
  std::ifstream input(a.households, std::ios::binary);
  if (!input) {
    std::cerr << fmt::format("{}: cannot be read\n", a.households);
    return 2;
  }
  const bool csv = a.input_format.empty() ? a.households.ends_with(".csv") : a.input_format == "csv";
  const std::filesystem::path directory = a.output_directory;
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  std::ofstream detail(partial_path(directory / "detail.csv"), std::ios::binary | std::ios::trunc);
  if (ec || !detail) {
    std::cerr << fmt::format("{}: cannot be written{}\n", (directory / "detail.csv").string(), ec ? ": " + ec.message() : "");
    return 2;
  }
  detail << impact_detail_header();
  ImpactResult result;
  try {
    result = ssis::impact(*baseline, *reform, input, csv, options,
                          {.change = [&detail](const HouseholdChange& change) { detail << impact_detail_row(change); },
                           .error = [&detail](const ImpactInputError& error) { detail << impact_error_row(error); }});
  } catch (const InputError& e) {
    const bool about_an_option = e.path().starts_with("--");
    std::cerr << fmt::format("{}: {}\n", about_an_option ? e.path() : a.households, about_an_option ? e.reason() : e.what());
    return 2;
  }
  detail.close();
  if (!detail) {
    std::cerr << fmt::format("{}: cannot be written\n", (directory / "detail.csv").string());
    return 2;
  }
  if (!write_file(directory / "summary.csv", impact_summary_csv(result)) ||
      !write_file(directory / "deciles.csv", impact_deciles_csv(result)) ||
      !write_file(directory / "report.md", impact_report(result, *baseline, *reform, options)) || !rename_into_place(directory))
    return 2;
  std::cerr << fmt::format("{} households read, {} evaluated, {} input errors; {} written\n", result.households_read,
                           result.evaluated, result.input_error_count, directory.string());
  return 0;
}

}  // namespace ssis::cli
