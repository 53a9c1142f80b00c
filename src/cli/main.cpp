// The `ssis` command: check, test, document and evaluate rule sets. Each command accepts
// its own options and no other; anything else is an error with the command's usage.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>

#include "cli/analyse.hpp"
#include "cli/ask.hpp"
#include "cli/eval.hpp"
#include "cli/eval_batch.hpp"
#include "cli/impact.hpp"
#include "cli/replay.hpp"
#include "cli/reverify.hpp"
#include "cli/rule_set_commands.hpp"
#include "cli/serve.hpp"
#include "cli/needs.hpp"
#include "cli/stats.hpp"
#include "cli/whatif.hpp"

namespace {

// Bounds of the numeric options. 0 threads: one per core. 0 households per block: sized to
// the rule set (32 to 1,024). A household in flight takes some 200 to 350 KiB with rules/kr
// and each thread holds up to two blocks, so 4,096 households per block already cost about
// 2.5 GiB on one thread.
constexpr std::size_t max_threads = 1'024;
constexpr std::size_t max_block_size = 4'096;

// Accepts decimal digits only (no sign, no fraction, no spaces) for a value from 0 to `max`.
CLI::Validator whole_number_up_to(std::size_t max) {
  return CLI::Validator(
      [max](std::string& text) -> std::string {
        std::size_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || error != std::errc() || stop != end || value > max)
          return fmt::format("'{}' is not a whole number from 0 to {}", text, max);
        return {};
      },
      fmt::format("0..{}", max), "whole number");
}

void add_rules(CLI::App& command, std::string& rules) {
  command.add_option("RULES", rules, "rule set directory (holds ruleset.yaml)")->type_name("DIR")->required();
}

void add_date(CLI::App& command, std::string& date) {
  command.add_option("--date", date, fmt::format("evaluation date (default: today by the system clock, UTC: {})", date))
      ->type_name("YYYY-MM-DD");
}

void add_known_on(CLI::App& command, std::string& date) {
  command.add_option("--known-on", date, "as known on this date: facts the input dates (as_of) after it are not known")
      ->type_name("YYYY-MM-DD")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            return ssis::Date::parse(text) ? std::string() : fmt::format("'{}' is not a date (YYYY-MM-DD)", text);
          },
          "", "date"));
}

void add_reform(CLI::App& command, std::string& reform) {
  command.add_option("--reform", reform, "a reform file applied to the rule set (docs/what-if.md)")->type_name("FILE");
}

void add_audit_log(CLI::App& command, std::string& path) {
  command.add_option("--audit-log", path, "append who ran what, on which rule set and inputs, and the counts, to this file")
      ->type_name("FILE");
}

void add_language(CLI::App& command, std::string& language) {
  command.add_option("--lang", language, "language code of programme names: ko, en, vi, ... (falls back to en)")
      ->capture_default_str();
}

void add_input_format(CLI::App& command, std::string& format) {
  command.add_option("--input-format", format, "households as csv or jsonl (default: csv if the file name ends in .csv)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
}

void add_ids_in_order(CLI::App& command, bool& in_order) {
  command.add_flag("--ids-in-order", in_order,
                   "CSV households sorted by household_id (byte or natural order): split households are found from the last id "
                   "alone, memory stays flat; a household out of order is an input error");
}

void add_threads(CLI::App& command, unsigned& threads) {
  command.add_option("--threads", threads, "worker threads (0: one per core)")
      ->check(whole_number_up_to(max_threads))
      ->capture_default_str();
}

void add_block_size(CLI::App& command, std::size_t& block_size) {
  command.add_option("--block-size", block_size, "households per block (0: sized to the rule set, 32 to 1,024)")
      ->check(whole_number_up_to(max_block_size))
      ->capture_default_str();
}

// "ssis COMMAND: what is wrong", with the arguments a command does not take in the order given.
std::string parse_error_message(const CLI::App& app, const CLI::ParseError& error, const std::string& first_argument) {
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  if (chosen.empty()) {
    if (!first_argument.empty() && first_argument[0] != '-') return fmt::format("ssis: '{}' is not a command", first_argument);
    return fmt::format("ssis: {}", error.what());
  }
  const CLI::App& command = *chosen.front();
  const std::vector<std::string> unexpected = app.remaining(true);  // before the command, then after it
  if (dynamic_cast<const CLI::ExtrasError*>(&error) && !unexpected.empty())
    return fmt::format("ssis {}: not accepted by this command: {}", command.get_name(), fmt::join(unexpected, " "));
  return fmt::format("ssis {}: {}", command.get_name(), error.what());
}

// What a command printed is only delivered once standard output has taken it all: a full
// disk or a closed descriptor makes the command fail, whatever it returned.
int delivered(int status) {
  errno = 0;
  std::cout.flush();
  if (std::cout && std::fflush(stdout) == 0 && !std::ferror(stdout)) return status;
  const int reason = errno;
  std::cerr << "ssis: standard output could not be written" << (reason ? fmt::format(": {}", std::strerror(reason)) : "") << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Checks, tests, documents and evaluates social-benefit rule sets.", "ssis");
  app.set_version_flag("--version", "ssis " SSIS_VERSION, "print the version and exit");
  app.set_help_flag("-h,--help", "print this help and exit");
  app.require_subcommand(1);
  app.footer("Run 'ssis COMMAND --help' for the options of a command.");

  const std::string today = ssis::cli::today();
  std::function<int()> run;  // the chosen command, set once its arguments are parsed

  std::string rules;
  CLI::App& check = *app.add_subcommand("check", "print the diagnostics of a rule set; exit 1 on errors");
  add_rules(check, rules);
  std::string reform;
  add_reform(check, reform);
  check.callback([&] { run = [&] { return delivered(ssis::cli::check(rules, reform)); }; });

  std::string filter;
  CLI::App& test = *app.add_subcommand("test", "run the rule set's tests; exit 1 on any failure");
  add_rules(test, rules);
  test.add_option("--filter", filter, "run only the tests whose name contains this text");
  test.callback([&] { run = [&] { return delivered(ssis::cli::test(rules, filter)); }; });

  ssis::cli::EvalArguments evaluation;
  evaluation.date = today;
  CLI::App& eval = *app.add_subcommand("eval", "the outcome of every programme for each household of a JSON file");
  add_rules(eval, evaluation.rules);
  eval.add_option("HOUSEHOLD", evaluation.household, "JSON file: one household or an array of them")
      ->type_name("FILE")
      ->required();
  add_date(eval, evaluation.date);
  eval.add_option("--format", evaluation.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  eval.add_flag("--explain", evaluation.explain, "show the values behind each criterion");
  bool eval_no_missing = false;
  eval.add_flag("--no-missing", eval_no_missing, "do not name the missing facts of undetermined programmes, nor the next questions");
  add_language(eval, evaluation.language);
  add_reform(eval, evaluation.reform);
  eval.add_option("--questions", evaluation.questions, "the next questions the text shows, best first (0: none)")
      ->capture_default_str();
  eval.add_flag("--all", evaluation.all, "text: list each programme not eligible, not only their count");
  CLI::Option* from = eval.add_option("--from", evaluation.from, "month by month from this date (with --to), instead of --date")
                          ->type_name("YYYY-MM-DD");
  eval.add_option("--to", evaluation.to, "the last date of --from's months")->type_name("YYYY-MM-DD")->needs(from);
  add_known_on(eval, evaluation.known_on);
  eval.callback([&] {
    evaluation.date_given = eval.count("--date") > 0;
    evaluation.missing_facts = !eval_no_missing;
    run = [&] { return delivered(ssis::cli::eval(evaluation)); };
  });

  ssis::cli::EvalBatchArguments batch;
  batch.output = "-";
  batch.date = today;
  CLI::App& eval_batch = *app.add_subcommand(
      "eval-batch",
      "stream households (CSV, one row per member, or JSON lines) through every core; one output row per household and "
      "programme");
  add_rules(eval_batch, batch.rules);
  eval_batch.add_option("INPUT", batch.input, "households: CSV or JSON lines")->type_name("FILE")->required();
  eval_batch.add_option("--out", batch.output, "output CSV file (-: standard output)")
      ->type_name("FILE")
      ->capture_default_str();
  add_date(eval_batch, batch.date);
  add_input_format(eval_batch, batch.input_format);
  add_ids_in_order(eval_batch, batch.ids_in_order);
  eval_batch.add_flag("--wide", batch.wide, "one row per household, one column pair per programme");
  add_threads(eval_batch, batch.threads);
  add_block_size(eval_batch, batch.block_size);
  add_reform(eval_batch, batch.reform);
  eval_batch.add_flag("--strict", batch.strict, "stop at the first input error");
  add_audit_log(eval_batch, batch.audit_log);
  eval_batch.add_flag("--resume", batch.resume, "continue an interrupted --out file: keep its complete households, evaluate the rest");
  bool no_missing = false;
  eval_batch.add_flag("--no-missing", no_missing, "do not name the missing facts of undetermined programmes");
  eval_batch.callback([&] {
    batch.missing_facts = !no_missing;
    run = [&] { return ssis::cli::eval_batch(batch); };
  });

  ssis::cli::ReverifyArguments recheck;
  recheck.date = today;
  CLI::App& reverify = *app.add_subcommand(
      "reverify",
      "compare the benefits households receive with what the rules decide; writes DIR/detail.csv, summary.csv, report.md");
  add_rules(reverify, recheck.rules);
  reverify.add_option("--households", recheck.households, "households: CSV (one row per member) or JSON lines")
      ->type_name("FILE")
      ->required();
  reverify.add_option("--benefits", recheck.benefits, "benefits CSV: household_id,programme,monthly_amount,since[,member]")
      ->type_name("FILE")
      ->required();
  reverify.add_option("--person-id", recheck.person_id,
                      "the benefits' member column holds this member field's value (an int field), not the member's index")
      ->type_name("FIELD");
  reverify.add_option("--out", recheck.output_directory, "output directory")->type_name("DIR")->required();
  add_date(reverify, recheck.date);
  add_known_on(reverify, recheck.known_on);
  add_input_format(reverify, recheck.input_format);
  add_ids_in_order(reverify, recheck.ids_in_order);
  add_language(reverify, recheck.language);
  add_threads(reverify, recheck.threads);
  add_block_size(reverify, recheck.block_size);
  add_reform(reverify, recheck.reform);
  add_audit_log(reverify, recheck.audit_log);
  reverify.callback([&] { run = [&] { return ssis::cli::reverify(recheck); }; });

  ssis::cli::ReplayArguments replayed;
  CLI::App& replay = *app.add_subcommand(
      "replay", "evaluate again the outcomes `ssis eval --format json` saved, as their receipts say; exit 1 when one differs");
  replay.add_option("RECEIPT", replayed.receipts, "the saved outcome JSON: one outcome or an array")->type_name("FILE")->required();
  replay.add_option("INPUT", replayed.input, "the households, as ssis eval reads them")->type_name("FILE")->required();
  add_rules(replay, replayed.rules);
  add_reform(replay, replayed.reform);
  replay.callback([&] { run = [&] { return delivered(ssis::cli::replay(replayed)); }; });

  ssis::cli::WhatifArguments what_if;
  what_if.date = today;
  CLI::App& whatif = *app.add_subcommand(
      "whatif", "evaluate one household while inputs vary: benefits, net income, marginal effective tax rates, cliffs");
  add_rules(whatif, what_if.rules);
  whatif.add_option("HOUSEHOLD", what_if.household, "JSON file holding one household")->type_name("FILE")->required();
  whatif.add_option("--vary", what_if.vary, "an input and its range, e.g. members[0].earned_income=0:5000000:50000 (twice: a grid)")
      ->type_name("PATH=FROM:TO:STEP")
      ->allow_extra_args(false)
      ->required();
  whatif.add_option("--income", what_if.income, "a money field counted as the household's own income (default: the first --vary field)")
      ->type_name("FIELD")
      ->allow_extra_args(false);
  add_date(whatif, what_if.date);
  whatif.add_option("--format", what_if.format, "csv or json")->check(CLI::IsMember({"csv", "json"}))->capture_default_str();
  whatif.add_option("--out", what_if.output, "output file (-: standard output)")->type_name("FILE")->capture_default_str();
  add_reform(whatif, what_if.reform);
  add_threads(whatif, what_if.threads);
  whatif.callback([&] { run = [&] { return delivered(ssis::cli::whatif(what_if)); }; });

  ssis::cli::ImpactArguments costing;
  costing.date = today;
  CLI::App& impact = *app.add_subcommand(
      "impact", "a population under the rule set and under a reform; writes DIR/summary.csv, deciles.csv, detail.csv, report.md");
  add_rules(impact, costing.rules);
  impact.add_option("--reform", costing.reform, "the reform file (docs/what-if.md)")->type_name("FILE")->required();
  impact.add_option("--households", costing.households, "households: CSV (one row per member) or JSON lines, with a weight")
      ->type_name("FILE")
      ->required();
  impact.add_option("--out", costing.output_directory, "output directory")->type_name("DIR")->required();
  impact.add_option("--income", costing.income, "a money field making up a household's income, for the deciles")
      ->type_name("FIELD")
      ->allow_extra_args(false)
      ->required();
  impact.add_option("--weight", costing.weight, "the household weight column or key (absent: 1 per household)")
      ->capture_default_str();
  impact.add_option("--take-up", costing.take_up, "CSV of programme,take_up rates from 0 to 1 (default: everyone claims)")
      ->type_name("FILE");
  add_date(impact, costing.date);
  add_input_format(impact, costing.input_format);
  add_threads(impact, costing.threads);
  impact.add_option("--block-size", costing.block_size, "households read and evaluated together")
      ->check(CLI::Range(std::size_t{1}, std::size_t{65'536}))
      ->capture_default_str();
  impact.callback([&] { run = [&] { return ssis::cli::impact(costing); }; });

  std::string schema_format = "text";
  CLI::App& schema = *app.add_subcommand("schema", "document the input fields");
  add_rules(schema, rules);
  schema.add_option("--format", schema_format, "text, or json-schema (JSON Schema 2020-12 of the household input)")
      ->check(CLI::IsMember({"text", "json-schema"}))
      ->capture_default_str();
  schema.callback([&] { run = [&] { return delivered(ssis::cli::schema(rules, schema_format)); }; });

  std::string compiled_output;
  std::string symbol;
  CLI::App& compile = *app.add_subcommand("compile", "write the rule set's criteria and amounts as C++ to build into an application");
  add_rules(compile, rules);
  compile.add_option("-o,--out", compiled_output, "the C++ file to write (-: standard output)")->type_name("FILE")->required();
  compile.add_option("--name", symbol, "the name of the CompiledRules object it defines (default: ssis_compiled_<rule set id>)");
  compile.callback([&] { run = [&] { return delivered(ssis::cli::compile(rules, compiled_output, symbol)); }; });

  CLI::App& stats = *app.add_subcommand("stats", "programmes per ministry, criteria, relations");
  add_rules(stats, rules);
  stats.callback([&] { run = [&] { return delivered(ssis::cli::stats(rules)); }; });

  ssis::cli::AnalyseArguments analysis;
  analysis.date = today;
  CLI::App& analyse = *app.add_subcommand(
      "analyse", "search the rule set with a solver: witnesses, defects, dead conditions, cliffs, coverage (docs/analysis.md)");
  add_rules(analyse, analysis.rules);
  add_date(analyse, analysis.date);
  analyse.add_option("--members", analysis.members, "households of 1 to this many members")->check(CLI::Range(1, 100))->capture_default_str();
  analyse.add_option("--timeout", analysis.timeout_ms,
                     "milliseconds per solver question, past which the answer is 'unknown' (default: 5000 for the whole analysis, "
                     "60000 for --cliffs and --query)")
      ->check(CLI::Range(1u, 3'600'000u));
  analyse.add_option("--threads", analysis.threads, "questions asked in parallel")->check(CLI::Range(1u, 64u))->capture_default_str();
  analyse.add_option("--programme", analysis.programmes, "analyse only this programme (repeatable), and the relations among those")
      ->type_name("ID");
  analyse.add_option("--emit-tests", analysis.emit_tests, "write the witnesses as rule-set tests, one file per programme")->type_name("DIR");
  CLI::Option* cliffs = analyse.add_option("--cliffs", analysis.cliffs, "a household (JSON) whose status changes along --vary are wanted")
                           ->type_name("HOUSEHOLD");
  CLI::Option* vary = analyse.add_option("--vary", analysis.vary, "the field varied for --cliffs: FIELD or members[I].FIELD")->needs(cliffs);
  CLI::Option* up_to =
      analyse.add_option("--up-to", analysis.up_to, "the largest value of --vary searched and swept (from the household's own)")->needs(cliffs);
  cliffs->needs(vary)->needs(up_to);
  CLI::Option* query =
      analyse.add_option("--query", analysis.query, "a coverage question: a household condition in the rule language (docs/analysis.md)")
          ->type_name("CONDITION")
          ->excludes(cliffs);
  analyse.add_option("--count-provision", analysis.count_provision, "what eligible_count counts in --query: programmes of this provision")
      ->type_name("PROVISION")
      ->needs(query);
  analyse.callback([&] {
    analysis.cliffs_given = cliffs->count() > 0;
    analysis.query_given = query->count() > 0;
    run = [&] { return delivered(ssis::cli::analyse(analysis)); };
  });
  ssis::cli::AskArguments interview;
  interview.date = today;
  CLI::App& ask = *app.add_subcommand("ask", "an interview: asks the best next question until nothing is left to settle");
  add_rules(ask, interview.rules);
  ask.add_option("HOUSEHOLD", interview.household, "JSON file with one household to start from (default: one member, nothing known)")
      ->type_name("FILE");
  add_date(ask, interview.date);
  add_language(ask, interview.language);
  ask.add_option("--save", interview.save, "write the household built to this JSON file when the interview ends")->type_name("FILE");
  ask.callback([&] { run = [&] { return delivered(ssis::cli::ask(interview)); }; });

  std::vector<std::string> needed_programmes;
  std::string needs_language = "en";
  CLI::App& needs = *app.add_subcommand("needs", "the input fields each programme can read, with the agency that holds them");
  add_rules(needs, rules);
  needs.add_option("PROGRAMME", needed_programmes, "programme ids (default: every programme)");
  add_language(needs, needs_language);
  needs.callback([&] { run = [&] { return delivered(ssis::cli::needs(rules, needed_programmes, needs_language)); }; });

  ssis::cli::ServeArguments service;
  CLI::App& serve = *app.add_subcommand(
      "serve", "the screening service and its page over HTTP until SIGTERM; SIGHUP or POST /admin/reload reloads the rule sets");
  serve.add_option("RULES", service.rule_sets, "rule set directories, each DIR or NAME=DIR (served as /v1/NAME/...)")
      ->type_name("DIR")
      ->required();
  serve.add_option("--bind", service.options.bind, "address to listen on (not a loopback one: --token-file is required)")
      ->capture_default_str();
  serve.add_option("--port", service.options.port, "TCP port (0: any free one, printed)")->check(CLI::Range(0, 65'535))->capture_default_str();
  serve.add_option("--threads", service.options.threads, "threads answering requests (0: one per core); idle connections hold none")
      ->check(CLI::Range(0u, 1'024u))
      ->capture_default_str();
  serve.add_option("--max-body", service.options.max_body_bytes, "largest request body in bytes")
      ->check(CLI::Range(std::size_t{1'024}, std::size_t{256} << 20))
      ->capture_default_str();
  serve.add_option("--timeout", service.options.read_timeout_seconds, "seconds to wait while reading a request or writing a response")
      ->check(CLI::Range(1, 3'600))
      ->capture_default_str();
  serve.add_option("--token-file", service.options.token_file, "lines of NAME TOKEN: callers must send Authorization: Bearer TOKEN")
      ->type_name("FILE");
  serve.add_option("--access-log", service.options.access_log, "append one JSON line per request: when, who, route, households (hashed)")
      ->type_name("FILE");
  serve.add_option("--audit-salt-file", service.options.audit_salt_file, "the secret salt of the household ids in the access log")
      ->type_name("FILE");
  serve.callback([&] {
    service.options.write_timeout_seconds = service.options.read_timeout_seconds;
    run = [&] { return ssis::cli::serve(service); };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help or --version
    app.exit(e);
    return delivered(0);
  } catch (const CLI::ParseError& e) {
    std::cerr << parse_error_message(app, e, argc > 1 ? argv[1] : "") << "\n\n" << app.help();
    return 2;
  }
  try {
    return run();
  } catch (const std::exception& e) {
    std::cerr << "ssis: " << e.what() << "\n";
    return 3;
  }
}
