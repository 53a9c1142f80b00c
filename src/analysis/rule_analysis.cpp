#include "analysis/rule_analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "analysis/plan_translation.hpp"
#include "model/rule_model.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"

namespace ssis::analysis {
namespace {

// The first line at or after line `from` of `file` holding `needle`, and its number.
int find_line(const std::string& file, std::string_view needle, int from = 1) {
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number)
    if (number >= from && line.find(needle) != std::string::npos) return number;
  return 0;
}

// The criteria the analysis judges: the programme's, or for a programme assessed per member
// the first member's (none when that member is not assessed).
const std::vector<CriterionOutcome>& judged_criteria(const ProgrammeOutcome& outcome) {
  static const std::vector<CriterionOutcome> none;
  if (outcome.programme->unit == ProgrammeUnit::household) return outcome.criteria;
  return !outcome.units.empty() && outcome.units.front().member == 0 ? outcome.units.front().criteria : none;
}

bool criteria_met(const ProgrammeOutcome& outcome, const std::vector<CriterionOutcome>& criteria, std::size_t except) {
  if (!outcome.in_force || criteria.size() != outcome.programme->criteria.size()) return false;
  for (std::size_t j = 0; j < criteria.size(); ++j) {
    const Value& v = criteria[j].value;
    if (j == except) continue;
    if (!v.known() || v.raw == 0) return false;
  }
  return true;
}

// Every criterion but `except` met (for a programme assessed per member: by the first
// member, or with no exception by some member).
bool all_met(const ProgrammeOutcome& outcome, std::size_t except = SIZE_MAX) {
  if (outcome.programme->unit == ProgrammeUnit::household || except != SIZE_MAX)
    return criteria_met(outcome, judged_criteria(outcome), except);
  return std::any_of(outcome.units.begin(), outcome.units.end(),
                     [&](const UnitOutcome& unit) { return criteria_met(outcome, unit.criteria, except); });
}

std::string criteria_text(const ProgrammeOutcome& outcome) {
  std::string text;
  for (const CriterionOutcome& c : judged_criteria(outcome))
    text += fmt::format("{}{}={}", text.empty() ? "" : ", ", c.criterion->id, c.value.to_string());
  return fmt::format("in force: {}; criteria: {}", outcome.in_force ? "yes" : "no", text.empty() ? "none" : text);
}

// What each thread owns: a solver context, the symbolic household, the translation and an evaluator.
struct Worker {
  Worker(const RuleSet& rules, const AnalysisOptions& options)
      : options(options), household(context, rules.schema(), options.date, options.bounds), plan(detail::model_of(rules), options.date, household), evaluator(rules) {}

  // Asks the solver for a household meeting `goal`, then runs the engine on it: `check`
  // says how the engine's outcome differs from what the solver found (empty: it agrees).
  Finding ask(const z3::expr& goal, const std::string& id, const FieldSet& keep, std::size_t programme,
              const std::function<std::string(const HouseholdOutcome&, const z3::model&)>& check) {
    SolverAnswer answer = solve(household.domain(), goal, options.timeout_ms);
    Finding out;
    out.answer = answer.answer;
    out.reason_unknown = answer.reason_unknown;
    out.seconds = answer.seconds;
    if (!answer.model) return out;
    Household witness = household.read(*answer.model, &keep);
    witness.id = id;
    try {
      const HouseholdOutcome outcome = evaluator.evaluate(witness, options.date);
      out.disagreement = check(outcome, *answer.model);
      const ProgrammeOutcome& concerned = outcome.programmes[programme];
      out.status = concerned.status;
      if (concerned.amount.known()) out.amount = Decimal::from_raw(concerned.amount.raw);
    } catch (const InputError& e) {
      out.disagreement = fmt::format("the engine rejects the household: {}", e.what());
    }
    out.witness = std::move(witness);
    return out;
  }

  z3::context context;
  const AnalysisOptions& options;
  SymbolicHousehold household;
  PlanTranslation plan;
  Evaluator evaluator;
};

std::string amount_disagreement(Worker& w, std::size_t p, const ProgrammeOutcome& outcome, const z3::model& model) {
  const std::optional<Term> amount = w.plan.amount(p);
  if (!amount) return {};
  const bool unknown = model.eval(amount->unknown, true).is_true();
  const bool error = model.eval(amount->error, true).is_true();
  if (unknown || error || !outcome.amount.known()) {
    if (error != (outcome.amount.knowledge == Knowledge::error) || unknown != !outcome.amount.known())
      return fmt::format("amount: the solver finds it {}, the engine {}", error ? "an error" : unknown ? "unknown" : "known",
                         outcome.amount.to_string());
    return {};
  }
  std::int64_t raw = 0;
  if (!model.eval(amount->value, true).is_numeral_i64(raw) || raw != outcome.amount.raw)
    return fmt::format("amount: the solver computes {}, the engine {}", model.eval(amount->value, true).to_string(), outcome.amount.to_string());
  return {};
}

ProgrammeFindings analyse_programme(Worker& w, const RuleSet& rules, std::size_t p) {
  const auto start = std::chrono::steady_clock::now();
  const ProgrammeInfo& info = rules.programmes()[p];
  ProgrammeFindings out;
  out.programme = p;
  out.where = programme_line(info);
  out.in_force = w.plan.in_force(p);
  const FieldSet keep = fields_read(detail::model_of(rules), programme_registers(detail::model_of(rules), p));
  if (!out.in_force) {
    out.eligible.answer = Answer::none;
    return out;
  }
  out.eligible = w.ask(w.plan.eligible(p), fmt::format("{} eligible", info.id), keep, p, [&](const HouseholdOutcome& o, const z3::model& model) {
    const ProgrammeOutcome& outcome = o.programmes[p];
    if (!all_met(outcome)) return fmt::format("the engine does not meet every criterion ({})", criteria_text(outcome));
    return amount_disagreement(w, p, outcome, model);
  });
  for (std::size_t j = 0; j < info.criteria.size() && out.eligible.answer == Answer::none; ++j) {
    if (solve(w.household.domain(), w.plan.met(p, j), w.options.timeout_ms).answer != Answer::none) continue;
    out.never_met.push_back(info.criteria[j].id);
    const FieldSet read = fields_read(detail::model_of(rules), {criterion_register(detail::model_of(rules), p, j)});
    const auto any = [](const std::vector<char>& v) { return std::find(v.begin(), v.end(), 1) != v.end(); };
    if (!any(read.household) && !any(read.member)) out.date_only.push_back(info.criteria[j].id);
  }
  for (std::size_t j = 0; j < info.criteria.size(); ++j) {
    CriterionFindings& c = out.criteria.emplace_back();
    c.id = info.criteria[j].id;
    c.where = criterion_line(info, c.id);
    z3::expr goal = w.plan.fails(p, j);
    for (std::size_t k = 0; k < info.criteria.size(); ++k)
      if (k != j) goal = goal && w.plan.met(p, k);
    c.fails_alone = w.ask(goal, fmt::format("{} without {}", info.id, c.id), keep, p, [&](const HouseholdOutcome& o, const z3::model&) {
      const ProgrammeOutcome& outcome = o.programmes[p];
      const std::vector<CriterionOutcome>& criteria = judged_criteria(outcome);
      if (criteria.size() <= j) return fmt::format("the engine does not assess the first member for {}", info.id);
      const Value& v = criteria[j].value;
      if (!all_met(outcome, j) || !v.known() || v.raw != 0)
        return fmt::format("the engine does not fail {} alone ({})", c.id, criteria_text(outcome));
      return std::string();
    });
    if (c.fails_alone.answer != Answer::none) continue;
    for (std::size_t k = 0; k < info.criteria.size() && c.implied_by.empty(); ++k)
      if (k != j && solve(w.household.domain(), w.plan.fails(p, j) && w.plan.met(p, k), w.options.timeout_ms).answer == Answer::none)
        c.implied_by = info.criteria[k].id;
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

RelationFindings analyse_relation(Worker& w, const RuleSet& rules, std::size_t r, const AnalysisOptions& options) {
  const RelationInfo& info = rules.relations()[r];
  const detail::RelationModel& relation = detail::model_of(rules).relations[r];
  RelationFindings out;
  out.relation = r;
  if (!options.rules_directory.empty())
    for (const auto& entry : std::filesystem::recursive_directory_iterator(options.rules_directory)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
      const std::string file = entry.path().string();
      if (const int line = find_line(file, fmt::format("id: {}", info.id))) {
        out.where = {file, line};
        break;
      }
    }
  z3::context& c = w.household.context();
  const std::string id = fmt::format("{} binds", info.id);
  std::vector<std::int32_t> registers;
  for (const int p : relation.programmes) {
    const std::vector<std::int32_t> own = programme_registers(detail::model_of(rules), static_cast<std::size_t>(p));
    registers.insert(registers.end(), own.begin(), own.end());
  }
  std::vector<int> concerned = relation.required;
  if (relation.dependent >= 0) concerned.push_back(relation.dependent);
  for (const int p : concerned) {
    const std::vector<std::int32_t> own = programme_registers(detail::model_of(rules), static_cast<std::size_t>(p));
    registers.insert(registers.end(), own.begin(), own.end());
  }
  const FieldSet keep = fields_read(detail::model_of(rules), registers);
  const std::size_t first = static_cast<std::size_t>(relation.programmes.empty() ? relation.dependent : relation.programmes.front());
  if (info.kind == RelationKind::exclusive) {
    z3::expr_vector eligible(c);
    for (const int p : relation.programmes) eligible.push_back(z3::ite(w.plan.eligible(static_cast<std::size_t>(p)), c.int_val(1), c.int_val(0)));
    out.binds = w.ask(z3::sum(eligible) >= 2, id, keep, first, [&](const HouseholdOutcome& o, const z3::model&) {
      int met = 0;
      for (const int p : relation.programmes) met += all_met(o.programmes[static_cast<std::size_t>(p)]) ? 1 : 0;
      return met >= 2 ? std::string() : fmt::format("the engine finds {} programme(s) of the group eligible", met);
    });
    return out;
  }
  z3::expr required = c.bool_val(!relation.any);
  for (const int p : relation.required) {
    const z3::expr e = w.plan.eligible(static_cast<std::size_t>(p));
    required = relation.any ? (required || e) : (required && e);
  }
  const auto dependent = static_cast<std::size_t>(relation.dependent);
  out.binds = w.ask(w.plan.eligible(dependent) && required, id, keep, dependent, [&](const HouseholdOutcome& o, const z3::model&) {
    std::size_t met = 0;
    for (const int p : relation.required) met += all_met(o.programmes[static_cast<std::size_t>(p)]) ? 1 : 0;
    const bool enough = relation.any ? met > 0 : met == relation.required.size();
    if (all_met(o.programmes[dependent]) && enough) return std::string();
    return fmt::format("the engine finds {} {} and {} of its requirements eligible", info.programmes.front(),
                       all_met(o.programmes[dependent]) ? "eligible" : "not eligible", met);
  });
  return out;
}

}  // namespace

std::size_t AnalysisReport::disagreements() const {
  std::size_t n = 0;
  for (const ProgrammeFindings& p : programmes) {
    n += !p.eligible.disagreement.empty();
    for (const CriterionFindings& c : p.criteria) n += !c.fails_alone.disagreement.empty();
  }
  for (const RelationFindings& r : relations) n += !r.binds.disagreement.empty();
  return n;
}

SourceLine programme_line(const ProgrammeInfo& programme) { return {programme.file, find_line(programme.file, "programme:")}; }

SourceLine criterion_line(const ProgrammeInfo& programme, std::string_view criterion) {
  const int criteria = find_line(programme.file, "criteria:");
  return {programme.file, find_line(programme.file, fmt::format("id: {}", criterion), std::max(criteria, 1))};
}

AnalysisReport analyse(const RuleSet& rules, const AnalysisOptions& options) {
  if (options.bounds.max_members < 1 || options.bounds.max_members > 100)
    throw std::invalid_argument(fmt::format("members: {} is not from 1 to 100", options.bounds.max_members));
  const auto start = std::chrono::steady_clock::now();
  std::vector<char> chosen(rules.programmes().size(), options.programmes.empty() ? 1 : 0);
  for (const std::string& id : options.programmes) {
    const int p = rules.programme_index(id);
    if (p < 0) throw std::invalid_argument(fmt::format("no programme '{}' in the rule set", id));
    chosen[static_cast<std::size_t>(p)] = 1;
  }
  AnalysisReport report;
  for (std::size_t p = 0; p < chosen.size(); ++p)
    if (chosen[p]) report.programmes.emplace_back().programme = p;
  for (std::size_t r = 0; r < rules.relations().size(); ++r) {
    const detail::RelationModel& relation = detail::model_of(rules).relations[r];
    bool all = relation.dependent < 0 || chosen[static_cast<std::size_t>(relation.dependent)];
    for (const int p : relation.programmes) all = all && chosen[static_cast<std::size_t>(p)];
    for (const int p : relation.required) all = all && chosen[static_cast<std::size_t>(p)];
    if (all) report.relations.emplace_back().relation = r;
  }
  const std::size_t items = report.programmes.size() + report.relations.size();
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  const auto work = [&] {
    try {
      Worker worker(rules, options);
      for (std::size_t i = next++; i < items; i = next++) {
        if (i < report.programmes.size()) {
          report.programmes[i] = analyse_programme(worker, rules, report.programmes[i].programme);
        } else {
          RelationFindings& r = report.relations[i - report.programmes.size()];
          r = analyse_relation(worker, rules, r.relation, options);
        }
      }
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = items;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < std::max(options.threads, 1u); ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace ssis::analysis
