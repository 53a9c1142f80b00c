#include "cli/eval_batch.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "cli/audit_log.hpp"
#include "cli/rule_set_commands.hpp"
#include "io/background_file_buffer.hpp"
#include "ssis/batch.hpp"
#include "ssis/error.hpp"

namespace ssis::cli {
namespace {

// Why the output may not be resumed by this run, or nothing.
std::string resume_refusal(const std::string& output, const std::string& identity_path, const RunIdentity& identity) {
  std::ifstream file(identity_path, std::ios::binary);
  if (!file)
    return fmt::format("--resume: {} is missing, so which run wrote {} cannot be told; run without --resume to start over\n",
                       identity_path, output);
  std::string text(64 * 1024, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(file.gcount()));
  const std::vector<std::string> differences = run_differences(parse_run_identity(text), identity);
  if (differences.empty()) return {};
  std::string refusal = fmt::format("--resume: {} was written by a different run (see {}); run without --resume to start over:\n",
                                    output, identity_path);
  for (const std::string& difference : differences) refusal += "  " + difference + "\n";
  return refusal;
}

}  // namespace

namespace {

int run_eval_batch(const EvalBatchArguments& a, AuditLog& log) {
  const auto date = Date::parse(a.date);
  if (!date) {
    std::cerr << fmt::format("--date '{}' is not a date (YYYY-MM-DD)\n", a.date);
    return 2;
  }
  LoadResult loaded = RuleSet::load(a.rules, load_options(a.reform));
  if (!loaded.rules) {
    std::cerr << format(loaded.diagnostics);
    return 1;
  }
  log.rule_set(*loaded.rules);
  std::ifstream input(a.input, std::ios::binary);
  if (!input) {
    std::cerr << fmt::format("{}: cannot be read\n", a.input);
    return 2;
  }
  log.input(a.input);
  std::string format = a.input_format;
  if (format.empty()) format = a.input.ends_with(".csv") ? "csv" : "jsonl";
  const BatchLayout layout = a.wide ? BatchLayout::wide : BatchLayout::long_rows;
  const bool ids_in_order = format == "csv" && a.ids_in_order;  // JSON lines hold a household per line
  const bool missing_facts = a.missing_facts && !a.wide;  // the wide layout has no column for them
  if (a.resume && a.output == "-") {
    std::cerr << "--resume needs --out FILE\n";
    return 2;
  }
  // What this run is, recorded next to the output: a resumed run must be the same run.
  const RunIdentity identity = run_identity(*loaded.rules, *date, a.input, format, layout, missing_facts, ids_in_order);
  const std::string identity_path = a.output + ".run";
  ResumePoint resume;
  std::error_code no_size;
  if (a.resume && std::filesystem::file_size(a.output, no_size) > 0 && !no_size) {
    if (const std::string refusal = resume_refusal(a.output, identity_path, identity); !refusal.empty()) {
      std::cerr << refusal;
      return 2;
    }
    std::ifstream existing(a.output, std::ios::binary);
    resume = find_resume_point(existing, *loaded.rules, layout);
    if (resume.complete_bytes > 0) {
      std::filesystem::resize_file(a.output, resume.complete_bytes);
      std::cerr << fmt::format("{}: resuming after {} complete households (input line {})\n", a.output, resume.households,
                               resume.last_line);
    }
  }
  // The output's writes go to the disk on a thread of their own (a disk slower than the
  // evaluation then delays the output alone).
  std::optional<detail::BackgroundFileBuffer> file;
  if (a.output != "-") {
    file.emplace(a.output, resume.complete_bytes > 0);
    if (!file->is_open()) {
      std::cerr << fmt::format("{}: cannot be written\n", a.output);
      return 2;
    }
    if (resume.complete_bytes == 0) {
      std::ofstream record(identity_path, std::ios::binary | std::ios::trunc);
      record << to_text(identity);
      record.close();
      if (!record) {
        std::cerr << fmt::format("{}: cannot be written\n", identity_path);
        return 2;
      }
    }
  }
  std::ostream output(file ? static_cast<std::streambuf*>(&*file) : std::cout.rdbuf());
  const bool terminal = isatty(STDERR_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  try {
    std::unique_ptr<HouseholdSource> source =
        format == "csv" ? csv_source(input, loaded.rules->schema(), {.ids_in_order = ids_in_order}) : json_lines_source(input);
    std::unique_ptr<OutcomeSink> sink = csv_sink(output, *loaded.rules, layout, resume.complete_bytes == 0);
    BatchOptions options;
    options.date = *date;
    options.threads = a.threads;
    options.block_size = a.block_size;
    options.strict = a.strict;
    options.resume_after_line = resume.last_line;
    options.missing_facts = missing_facts;
    if (terminal) {
      options.progress = [&](const BatchProgress& p) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << fmt::format("\r{} households, {} input errors, {:.0f} households/s", p.households, p.errors,
                                 seconds > 0 ? p.households / seconds : 0.0)
                  << std::flush;
      };
    }
    const BatchSummary summary = run_batch(*loaded.rules, *source, *sink, options);
    output.flush();
    log.count("read", summary.households_read);
    log.count("resumed", summary.resumed);
    log.count("evaluated", summary.evaluated);
    log.count("input_errors", summary.input_errors);
    if (terminal) std::cerr << "\n";
    std::cerr << fmt::format("{} households read: {} evaluated, {} input errors{}{}\n", summary.households_read, summary.evaluated,
                             summary.input_errors, summary.resumed ? fmt::format(", {} written before", summary.resumed) : "",
                             summary.stopped ? " (stopped at the first error: --strict)" : "");
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << fmt::format("{:.1f} s, {:.0f} households/s, peak memory {} MiB\n", seconds,
                             seconds > 0 ? summary.households_read / seconds : 0.0, usage.ru_maxrss / 1024);
    if (!output || (file && !file->close())) {
      const std::string reason = file ? file->error() : std::string();
      std::cerr << fmt::format("{}: write failed{}\n", a.output, reason.empty() ? "" : ": " + reason);
      return 2;
    }
    if (summary.split_households > 0 && ids_in_order) {
      std::cerr << fmt::format(
          "error: {} households in {} do not come after the household before them (input_error rows 'does not come after'), "
          "with --ids-in-order: their rows may belong to households read earlier, so {} is not sound; sort the input by "
          "household_id, or run without --ids-in-order\n",
          summary.split_households, a.input, a.output);
      return 1;
    }
    if (summary.split_households > 0) {
      std::cerr << fmt::format(
          "error: {} households have rows apart from each other in {} (input_error rows 'not together'): their first rows "
          "were evaluated as if they were the whole household, so {} is not sound; put each household's rows together\n",
          summary.split_households, a.input, a.output);
      return 1;
    }
    return summary.stopped ? 1 : 0;
  } catch (const InputError& e) {
    std::cerr << fmt::format("{}: {}\n", a.input, e.what());
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}

}  // namespace

int eval_batch(const EvalBatchArguments& a) {
  AuditLog log(a.audit_log, "eval-batch",
               {{"rules", a.rules}, {"input", a.input}, {"out", a.output}, {"date", a.date}, {"input_format", a.input_format},
                {"wide", a.wide ? "true" : "false"}, {"strict", a.strict ? "true" : "false"},
                {"resume", a.resume ? "true" : "false"}, {"missing", a.missing_facts ? "true" : "false"},
                {"threads", std::to_string(a.threads)}, {"block_size", std::to_string(a.block_size)}, {"reform", a.reform}});
  if (log.failed()) return 2;
  return log.finish(run_eval_batch(a, log));
}

}  // namespace ssis::cli
