#include "cli/analyse.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "analysis/benefit_cliffs.hpp"
#include "analysis/coverage_query.hpp"
#include "analysis/rule_analysis.hpp"
#include "analysis/witness_tests.hpp"
#include "cli/rule_set_commands.hpp"
#include "ssis/error.hpp"
#include "ssis/household_json.hpp"

namespace ssis::cli {
namespace {

using analysis::Answer;
using analysis::Finding;

std::string location(const analysis::SourceLine& where) { return where.line > 0 ? fmt::format("{}:{}", where.file, where.line) : where.file; }

std::string unknown_reason(const Finding& f) { return f.reason_unknown.empty() ? "the solver gave up" : f.reason_unknown; }

struct Tally {
  std::size_t found = 0;
  std::size_t none = 0;
  std::size_t unknown = 0;
  void add(const Finding& f) { (f.answer == Answer::found ? found : f.answer == Answer::none ? none : unknown) += 1; }
};

void print_report(const RuleSet& rules, const analysis::AnalysisReport& report, const analysis::AnalysisOptions& options) {
  const analysis::HouseholdBounds& b = options.bounds;
  std::cout << fmt::format(
      "ssis analyse {} on {}: households of 1 to {} members; money fields without bounds 0 to {} in whole units, whole numbers 0 "
      "to {}, rates 0 to {}, dates from {}-01-01; {} ms per question\n\n",
      rules.id(), options.date.to_string(), b.max_members, b.max_money, b.max_integer, b.max_decimal, b.first_year, options.timeout_ms);
  Tally programmes;
  Tally criteria;
  Tally relations;
  std::size_t not_in_force = 0;
  std::size_t not_judged = 0;
  std::string unknowns;
  std::string disagreements;
  for (const analysis::ProgrammeFindings& p : report.programmes) {
    const ProgrammeInfo& info = rules.programmes()[p.programme];
    if (!p.in_force) {
      ++not_in_force;
      std::cout << fmt::format("{}: programme {}: not in force on {}; not analysed\n", location(p.where), info.id, options.date.to_string());
      continue;
    }
    programmes.add(p.eligible);
    if (p.eligible.answer == Answer::none) {
      std::string why = "the criteria contradict each other";
      if (!p.date_only.empty())
        why = fmt::format("criterion {} depends on the date only and is false on {}", fmt::join(p.date_only, ", "), options.date.to_string());
      else if (!p.never_met.empty())
        why = fmt::format("no household meets criterion {} even alone", fmt::join(p.never_met, ", "));
      std::cout << fmt::format("{}: programme {}: no household is eligible ({})\n", location(p.where), info.id, why);
    }
    if (p.eligible.answer == Answer::unknown) unknowns += fmt::format("{}: programme {}: eligibility unknown ({})\n", location(p.where), info.id, unknown_reason(p.eligible));
    if (!p.eligible.disagreement.empty())
      disagreements += fmt::format("{}: programme {}: eligible witness: {}\n", location(p.where), info.id, p.eligible.disagreement);
    for (const analysis::CriterionFindings& c : p.criteria) {
      // Whether a criterion matters is only asked of a programme some household is eligible for.
      if (p.eligible.answer != Answer::found) {
        ++not_judged;
        continue;
      }
      criteria.add(c.fails_alone);
      if (c.fails_alone.answer == Answer::none)
        std::cout << fmt::format("{}: criterion {}.{}: implied by {} (dead condition: no household fails it alone)\n", location(c.where), info.id,
                                 c.id, c.implied_by.empty() ? "the other criteria together" : fmt::format("criterion {}", c.implied_by));
      if (c.fails_alone.answer == Answer::unknown)
        unknowns += fmt::format("{}: criterion {}.{}: failing alone unknown ({})\n", location(c.where), info.id, c.id, unknown_reason(c.fails_alone));
      if (!c.fails_alone.disagreement.empty())
        disagreements += fmt::format("{}: criterion {}.{}: witness failing it alone: {}\n", location(c.where), info.id, c.id, c.fails_alone.disagreement);
    }
  }
  for (const analysis::RelationFindings& r : report.relations) {
    const RelationInfo& info = rules.relations()[r.relation];
    relations.add(r.binds);
    const bool exclusive = info.kind == RelationKind::exclusive;
    if (r.binds.answer == Answer::none)
      std::cout << fmt::format("{}: relation {}: {}\n", location(r.where), info.id,
                               exclusive ? "never binds (no household is eligible for two programmes of the group)"
                                         : "can never be met (no household is eligible for the programme and its requirement)");
    if (r.binds.answer == Answer::unknown) unknowns += fmt::format("{}: relation {}: unknown ({})\n", location(r.where), info.id, unknown_reason(r.binds));
    if (!r.binds.disagreement.empty()) disagreements += fmt::format("{}: relation {}: witness: {}\n", location(r.where), info.id, r.binds.disagreement);
  }
  if (!unknowns.empty()) std::cout << "\nUnknown (not settled within the time per question):\n" << unknowns;
  if (!disagreements.empty()) std::cout << "\nThe engine disagrees with the solver (a fault of the translation):\n" << disagreements;
  std::cout << fmt::format(
      "\nprogrammes: {} with an eligible household, {} never eligible, {} unknown, {} not in force\n"
      "criteria: {} fail alone in some household, {} dead, {} unknown, {} of programmes not shown eligible\n"
      "relations: {} bind in some household, {} never, {} unknown\n"
      "witnesses checked by the engine: {} disagreements\n"
      "{:.1f} s\n",
      programmes.found, programmes.none, programmes.unknown, not_in_force, criteria.found, criteria.none, criteria.unknown, not_judged, relations.found,
      relations.none, relations.unknown, report.disagreements(), report.seconds);
}

std::string raw_text(std::int64_t raw, std::int64_t unit) { return unit == 1 ? std::to_string(raw) : Decimal::from_raw(raw).to_string(); }

std::string cliff_text(const RuleSet& rules, const analysis::Cliff& c, std::int64_t unit) {
  return fmt::format("{}: at {}: {} -> {}", rules.programmes()[c.programme].id, raw_text(c.at, unit), to_string(c.before), to_string(c.after));
}

int cliffs(const RuleSet& rules, const AnalyseArguments& a, const analysis::AnalysisOptions& options) {
  std::ifstream stream(a.cliffs, std::ios::binary);
  if (!stream) {
    std::cerr << fmt::format("ssis analyse: {}: cannot be read\n", a.cliffs);
    return 2;
  }
  std::ostringstream text;
  text << stream.rdbuf();
  analysis::CliffReport report;
  try {
    const Household household = parse_household_json(text.str(), "household");
    report = analysis::find_cliffs(rules, household, {options.date, a.vary, a.up_to, options.timeout_ms});
  } catch (const InputError& e) {
    std::cerr << fmt::format("ssis analyse: {}: {}\n", a.cliffs, e.what());
    return 2;
  }
  std::cout << fmt::format("ssis analyse {} on {}: {} of {} from {} to {}: {} programme(s) read it; the engine evaluated {} households, one per {}\n",
                           rules.id(), options.date.to_string(), a.vary, a.cliffs, raw_text(report.from, report.unit), raw_text(report.to, report.unit),
                           report.programmes_reading, report.households_swept, report.unit == 1 ? "unit" : "whole amount");
  for (const analysis::Cliff& c : report.solver) std::cout << cliff_text(rules, c, report.unit) << "\n";
  std::vector<analysis::Cliff> swept;
  for (const analysis::Cliff& c : report.sweep)
    if (std::find(report.unknown.begin(), report.unknown.end(), c.programme) == report.unknown.end()) swept.push_back(c);
  for (const std::size_t p : report.unknown) std::cout << fmt::format("{}: unknown (the solver gave up)\n", rules.programmes()[p].id);
  if (swept == report.solver) {
    std::cout << fmt::format("the sweep finds the same {} change(s)\n", swept.size());
    return 0;
  }
  std::cout << "the sweep disagrees (a fault of the translation); the engine finds:\n";
  for (const analysis::Cliff& c : swept) std::cout << cliff_text(rules, c, report.unit) << "\n";
  return 3;
}

int coverage(const AnalyseArguments& a, const analysis::AnalysisOptions& options) {
  const analysis::CoverageAnswer answer = analysis::answer_coverage(a.rules, {a.query, a.count_provision}, options);
  if (!answer.errors.empty()) {
    for (const std::string& e : answer.errors) std::cerr << e << "\n";
    return 2;
  }
  const Finding& f = answer.answer;
  std::cout << fmt::format("ssis analyse {} on {}: {}\n", a.rules, options.date.to_string(), a.query);
  if (f.answer == Answer::none) {
    std::cout << fmt::format("no household of 1 to {} members meets it (proved by the solver in {:.1f} s)\n", options.bounds.max_members, f.seconds);
    return 0;
  }
  if (f.answer == Answer::unknown) {
    std::cout << fmt::format("unknown: {} after {:.1f} s\n", unknown_reason(f), f.seconds);
    return 0;
  }
  std::cout << fmt::format("a household meets it (found in {:.1f} s); the fields the question reads:\n{}", f.seconds,
                           analysis::household_yaml(*f.witness, 2));
  std::cout << fmt::format("eligible by the engine, with these fields only: {}\n", answer.eligible.empty() ? "none" : fmt::format("{}", fmt::join(answer.eligible, ", ")));
  if (!f.disagreement.empty()) {
    std::cout << "the engine disagrees (a fault of the translation): " << f.disagreement << "\n";
    return 3;
  }
  std::cout << "the engine finds the question true for it\n";
  return 0;
}

}  // namespace

int analyse(const AnalyseArguments& a) {
  const auto date = Date::parse(a.date);
  if (!date) {
    std::cerr << fmt::format("ssis analyse: --date '{}' is not a date (YYYY-MM-DD)\n", a.date);
    return 2;
  }
  auto rules = load_rules(a.rules);
  if (!rules) return 1;
  analysis::AnalysisOptions options;
  options.date = *date;
  options.bounds.max_members = a.members;
  const bool one_question = a.cliffs_given || a.query_given;
  options.timeout_ms = a.timeout_ms != 0 ? a.timeout_ms : one_question ? 60'000 : 5'000;
  options.threads = a.threads;
  options.rules_directory = a.rules;
  options.programmes = a.programmes;
  if (a.cliffs_given) return cliffs(*rules, a, options);
  if (a.query_given) {
    if (a.query.find_first_not_of(" \t\r\n") == std::string::npos) {
      std::cerr << "ssis analyse: --query is empty\n";
      return 2;
    }
    return coverage(a, options);
  }
  analysis::AnalysisReport report;
  try {
    report = analysis::analyse(*rules, options);
  } catch (const std::invalid_argument& e) {
    std::cerr << "ssis analyse: " << e.what() << "\n";
    return 2;
  }
  print_report(*rules, report, options);
  if (!a.emit_tests.empty()) {
    try {
      const std::size_t written = analysis::write_witness_tests(*rules, report, *date, a.emit_tests);
      std::cout << fmt::format("{} witness tests written under {}\n", written, a.emit_tests);
    } catch (const std::runtime_error& e) {
      std::cerr << "ssis analyse: " << e.what() << "\n";
      return 2;
    }
  }
  return report.disagreements() > 0 ? 3 : 0;
}

}  // namespace ssis::cli
