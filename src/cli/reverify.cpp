#include "cli/reverify.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "ssis/error.hpp"
#include "cli/audit_log.hpp"
#include "cli/rule_set_commands.hpp"
#include "cli/stats.hpp"
#include "io/background_file_buffer.hpp"
#include "ssis/reverify.hpp"

namespace ssis::cli {
namespace {

std::ofstream open_output(const std::filesystem::path& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw std::runtime_error(fmt::format("{}: cannot be written", path.string()));
  return file;
}

int run_reverify(const ReverifyArguments& a, AuditLog& log) {
  const auto date = Date::parse(a.date);
  if (!date) {
    std::cerr << fmt::format("--date '{}' is not a date (YYYY-MM-DD)\n", a.date);
    return 2;
  }
  if (a.households.empty() || a.benefits.empty() || a.output_directory.empty() || a.output_directory == "-") {
    std::cerr << "reverify needs --households FILE, --benefits FILE and --out DIRECTORY\n";
    return 2;
  }
  LoadResult loaded = RuleSet::load(a.rules, load_options(a.reform));
  if (!loaded.rules) {
    std::cerr << format(loaded.diagnostics);
    return 1;
  }
  const RuleSet& rules = *loaded.rules;
  log.rule_set(rules);
  std::ifstream households(a.households, std::ios::binary);
  std::ifstream benefits_file(a.benefits, std::ios::binary);
  for (const auto& [stream, name] : {std::pair{&households, &a.households}, std::pair{&benefits_file, &a.benefits}}) {
    if (!*stream) {
      std::cerr << fmt::format("{}: cannot be read\n", *name);
      return 2;
    }
  }
  log.input(a.households);
  log.input(a.benefits);
  const std::string format = !a.input_format.empty() ? a.input_format : a.households.ends_with(".csv") ? "csv" : "jsonl";
  const auto start = std::chrono::steady_clock::now();
  try {
    std::filesystem::create_directories(a.output_directory);
    const std::filesystem::path directory(a.output_directory);
    std::optional<BenefitIndex> benefits;
    std::unique_ptr<HouseholdSource> source;
    try {
      benefits.emplace(read_benefits_csv(benefits_file, a.benefits, rules, *date, {}, {a.person_id}));
      source = format == "csv" ? csv_source(households, rules.schema(), {.ids_in_order = a.ids_in_order}) : json_lines_source(households);
    } catch (const InputError& e) {
      const std::string& file = e.path().empty() ? a.households : e.path();
      std::cerr << fmt::format("{}:{}:{}: {}\n", file, e.line(), e.column(), e.reason());
      return 2;
    }
    // detail.csv's writes go to the disk on a thread of their own, as eval-batch's output does.
    detail::BackgroundFileBuffer detail_file((directory / "detail.csv").string(), false);
    if (!detail_file.is_open()) throw std::runtime_error(fmt::format("{}: cannot be written", (directory / "detail.csv").string()));
    std::ostream detail(&detail_file);
    std::unique_ptr<FindingSink> sink = detail_csv_sink(detail, rules, a.language);
    ReverifyOptions options;
    options.date = *date;
    if (!a.known_on.empty()) options.known_on = Date::parse(a.known_on);
    options.threads = a.threads;
    options.block_size = a.block_size;
    options.households_name = a.households;
    const ReverifySummary summary = ssis::reverify(rules, *source, *benefits, *sink, options);
    const bool detail_written = detail_file.close();
    std::ofstream summary_file = open_output(directory / "summary.csv");
    write_csv(summary_file, summary_table(rules, summary, a.language));
    std::ofstream report = open_output(directory / "report.md");
    write_report(report, rules, summary, {*date, a.households, a.benefits}, a.language);
    if (!detail || !detail_written || !summary_file || !report) {
      std::cerr << fmt::format("{}: write failed{}\n", a.output_directory, detail_written ? "" : ": detail.csv: " + detail_file.error());
      return 2;
    }

    const FindingTally total = summary.total();
    log.count("households_read", summary.households_read);
    log.count("households_evaluated", summary.households_evaluated);
    log.count("benefits_read", summary.benefits_read);
    for (std::size_t f = 0; f < finding_count; ++f) log.count(std::string(to_string(static_cast<Finding>(f))), total.count[f]);
    std::cerr << fmt::format("{} households ({} evaluated), {} benefits:", summary.households_read, summary.households_evaluated,
                             summary.benefits_read);
    for (std::size_t f = 0; f < finding_count; ++f) std::cerr << fmt::format(" {} {}", total.count[f], to_string(static_cast<Finding>(f)));
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << fmt::format("\n{:.1f} s, {:.0f} households/s, peak memory {} MiB; wrote {}/detail.csv, summary.csv, report.md\n",
                             seconds, seconds > 0 ? summary.households_read / seconds : 0.0, usage.ru_maxrss / 1024,
                             a.output_directory);
    if (summary.split_households > 0 && a.ids_in_order && format == "csv") {
      std::cerr << fmt::format("error: {} households in {} do not come after the household before them (input_error rows "
                               "'does not come after'), with --ids-in-order: their rows may belong to households read earlier; "
                               "sort the input by household_id, or run without --ids-in-order\n",
                               summary.split_households, a.households);
      return 1;
    }
    if (summary.split_households > 0) {
      std::cerr << fmt::format("error: {} households have rows apart from each other in {} (input_error rows 'appears again'): "
                               "their first rows were re-verified as if they were the whole household; put each household's "
                               "rows together\n",
                               summary.split_households, a.households);
      return 1;
    }
    return 0;
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << fmt::format("{}: {}\n", a.output_directory, e.code().message());
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}

}  // namespace

int reverify(const ReverifyArguments& a) {
  AuditLog log(a.audit_log, "reverify",
               {{"rules", a.rules}, {"households", a.households}, {"benefits", a.benefits}, {"out", a.output_directory},
                {"date", a.date}, {"known_on", a.known_on}, {"input_format", a.input_format}, {"person_id", a.person_id}, {"lang", a.language},
                {"threads", std::to_string(a.threads)}, {"block_size", std::to_string(a.block_size)}, {"reform", a.reform}});
  if (log.failed()) return 2;
  return log.finish(run_reverify(a, log));
}

}  // namespace ssis::cli
