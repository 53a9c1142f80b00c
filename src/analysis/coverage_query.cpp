#include "analysis/coverage_query.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <fstream>
#include <random>

#include "analysis/benefit_cliffs.hpp"
#include "analysis/plan_translation.hpp"
#include "analysis/witness_tests.hpp"
#include "model/rule_model.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"

namespace ssis::analysis {
namespace {

constexpr std::string_view question_name = "coverage_question";
constexpr std::size_t programmes_per_count = 40;  // keeps each generated formula well under the length limit
constexpr int formula_indent = 6;

// Removes the copies left by runs that were killed before they could remove their own: those
// whose process is gone.
void remove_abandoned_copies(const std::filesystem::path& directory) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("ssis-analyse-", 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + 13, nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) std::filesystem::remove_all(entry.path(), error);
  }
}

// A directory removed with everything in it when the question is answered.
class TemporaryCopy {
 public:
  explicit TemporaryCopy(const std::filesystem::path& source) {
    remove_abandoned_copies(std::filesystem::temp_directory_path());
    std::random_device seed;
    path_ = std::filesystem::temp_directory_path() / fmt::format("ssis-analyse-{}-{:08x}", ::getpid(), seed());
    std::filesystem::copy(source, path_, std::filesystem::copy_options::recursive);
  }
  ~TemporaryCopy() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryCopy(const TemporaryCopy&) = delete;
  TemporaryCopy& operator=(const TemporaryCopy&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string block(std::string_view text) {
  std::string out = "|-\n";
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    out += fmt::format("{}{}\n", std::string(formula_indent, ' '), text.substr(begin, end - begin));
    begin = end + 1;
  }
  return out;
}

struct Generated {
  std::string yaml;
  int question_line = 0;  // the line of the question's first line of text
  int header_line = 0;    // the line naming the question's variable
};

Generated generate(const RuleSet& rules, const CoverageQuestion& question, Date date) {
  std::string yaml = "# The coverage question of `ssis analyse --query` and the names it may use.\nvariables:\n";
  const auto variable = [&](const std::string& name, std::string_view type, std::string_view formula) {
    yaml += fmt::format("  {}:\n    type: {}\n    formula: {}", name, type, block(formula));
  };
  std::vector<std::string> own(rules.programmes().size());
  for (std::size_t p = 0; p < rules.programmes().size(); ++p) {
    const ProgrammeInfo& info = rules.programmes()[p];
    const bool in_force = (!info.active_from || *info.active_from <= date) && (!info.active_to || date <= *info.active_to);
    std::string all = in_force ? "true" : "false";
    for (std::size_t j = 0; j < info.criteria.size() && in_force; ++j) {
      const std::string name = fmt::format("coverage_criterion_{}_{}", info.id, j);
      variable(name, "bool", info.criteria[j].condition);
      all += " and " + name;
    }
    own[p] = all;
  }
  for (const RelationInfo& relation : rules.relations()) {
    if (relation.kind == RelationKind::exclusive) continue;
    const std::size_t dependent = static_cast<std::size_t>(rules.programme_index(relation.programmes.front()));
    std::string required;
    for (const std::string& r : relation.required)
      required += fmt::format("{}eligible_{}", required.empty() ? "" : relation.kind == RelationKind::requires_any_eligibility ? " or " : " and ", r);
    own[dependent] += fmt::format(" and ({})", required);
  }
  std::vector<std::string> counted;
  for (std::size_t p = 0; p < rules.programmes().size(); ++p) {
    const ProgrammeInfo& info = rules.programmes()[p];
    variable("eligible_" + info.id, "bool", own[p]);
    const bool counts = question.count_provisions.empty() ||
                        std::any_of(info.provision.begin(), info.provision.end(), [&](const std::string& provision) {
                          return std::find(question.count_provisions.begin(), question.count_provisions.end(), provision) !=
                                 question.count_provisions.end();
                        });
    if (counts) counted.push_back(info.id);
  }
  std::string count = "0";
  for (std::size_t first = 0; first < counted.size(); first += programmes_per_count) {
    std::string part = "0";
    for (std::size_t p = first; p < std::min(counted.size(), first + programmes_per_count); ++p)
      part += fmt::format(" + (if eligible_{} then 1 else 0)", counted[p]);
    const std::string name = fmt::format("coverage_count_{}", first / programmes_per_count);
    variable(name, "int", part);
    count += " + " + name;
  }
  variable("eligible_count", "int", count);
  const auto lines = static_cast<int>(std::count(yaml.begin(), yaml.end(), '\n'));
  yaml += fmt::format("  {}:\n    type: bool\n    formula: ", question_name);
  yaml += block(question.condition);
  return {yaml, lines + 4, lines + 1};
}

}  // namespace

CoverageAnswer answer_coverage(const std::filesystem::path& directory, const CoverageQuestion& question, const AnalysisOptions& options) {
  CoverageAnswer out;
  const std::optional<RuleSet> original = RuleSet::load(directory).rules;
  if (!original) throw RuleError(RuleSet::load(directory).diagnostics);
  const TemporaryCopy copy(directory);
  const Generated generated = generate(*original, question, options.date);
  std::filesystem::create_directories(copy.path() / "variables");
  const std::filesystem::path file = copy.path() / "variables" / "zz_coverage_question.yaml";
  if (std::filesystem::exists(file)) throw std::runtime_error(fmt::format("{} exists in the rule set", file.filename().string()));
  {
    std::ofstream stream(file, std::ios::binary);
    stream << generated.yaml;
    if (!stream) throw std::runtime_error(fmt::format("{}: cannot be written", file.string()));
  }
  LoadOptions load;
  load.cache_directory.clear();
  LoadResult result = RuleSet::load(copy.path(), load);
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity != Severity::error) continue;
    const bool question = d.file.find("zz_coverage_question.yaml") != std::string::npos;
    if (question && d.line >= generated.question_line)
      out.errors.push_back(fmt::format("--query:{}:{}: {}", d.line - generated.question_line + 1, std::max(d.column - formula_indent, 1), d.message));
    else if (question && d.line >= generated.header_line)
      out.errors.push_back(fmt::format("--query: {}", d.message));
    else
      out.errors.push_back(fmt::format("{}:{}:{}: {}", d.file, d.line, d.column, d.message));
  }
  if (!result.rules) return out;
  const RuleSet& rules = *result.rules;
  std::size_t index = 0;
  while (rules.variables()[index].name != question_name) ++index;
  const std::int32_t reg = detail::model_of(rules).plan.variables[index];

  z3::context context;
  SymbolicHousehold household(context, rules.schema(), options.date, options.bounds);
  PlanTranslation plan(detail::model_of(rules), options.date, household);
  const Term& term = plan.household(reg);
  const SolverAnswer answer = solve(household.domain(), !term.unknown && term.value, options.timeout_ms);
  out.answer.answer = answer.answer;
  out.answer.reason_unknown = answer.reason_unknown;
  out.answer.seconds = answer.seconds;
  if (!answer.model) return out;
  const FieldSet keep = fields_read(detail::model_of(rules), {reg});
  Household witness = household.read(*answer.model, &keep);
  witness.id = "coverage question";
  // The engine on the witness, with the original rule set: the question holds, and which programmes are eligible.
  Evaluator evaluator(rules);
  try {
    const Value value = evaluator.variable(witness, options.date, question_name);
    if (!value.known() || value.raw == 0) out.answer.disagreement = fmt::format("the engine finds the question {}", value.to_string());
    Evaluator own(*original);
    const HouseholdOutcome outcome = own.evaluate(witness, options.date);
    for (const ProgrammeOutcome& p : outcome.programmes)
      if (p.status == Status::eligible) out.eligible.push_back(p.programme->id);
  } catch (const InputError& e) {
    out.answer.disagreement = fmt::format("the engine rejects the household: {}", e.what());
  }
  out.answer.witness = std::move(witness);
  return out;
}

}  // namespace ssis::analysis
