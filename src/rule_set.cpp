#include "ssis/rule_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <future>
#include <optional>

#include "check/rule_checker.hpp"
#include "eval/block.hpp"
#include "eval/canonical_input.hpp"
#include "load/yaml_loader.hpp"
#include "model/rule_model.hpp"
#include "plan/compiler.hpp"
#include "plan/programme_inputs.hpp"
#include "load/reform_reader.hpp"
#include "reform/apply_reform.hpp"
#include "ssis/error.hpp"
#include "support/sha256.hpp"
#include "support/parallel_for.hpp"

namespace ssis {
namespace {

// Households with more members are rare; their members' paths are made when first needed.
constexpr std::size_t members_with_ready_paths = 16;

// The SHA-256 of the canonical content (docs/audit.md): for each rule file in path order, its
// path relative to the rule-set directory (with `/`) and its bytes; then, when a reform was
// read (the last file), "reform" and its bytes alone, so that the same reform gives the same
// fingerprint wherever it is kept. Each piece is preceded by its length.
std::string fingerprint_of(const detail::SourceFiles& files, const std::filesystem::path& root, bool reformed) {
  const std::size_t rule_files = files.size() - (reformed ? 1 : 0);
  std::vector<std::pair<std::string, int>> paths;
  for (std::size_t f = 0; f < rule_files; ++f)
    paths.emplace_back(std::filesystem::path(files.path(static_cast<int>(f))).lexically_relative(root).generic_string(),
                       static_cast<int>(f));
  std::sort(paths.begin(), paths.end());
  detail::Sha256 hash;
  for (const auto& [path, f] : paths) hash.add_piece(path).add_piece(files.text(f));
  if (reformed) hash.add_piece("reform").add_piece(files.text(static_cast<int>(rule_files)));
  return "sha256:" + detail::to_hex(hash.finish());
}

// Test households are checked against the schema while loading, so a misspelt field in a
// test is a diagnostic at its line rather than a failure at run time. The tests are checked
// in chunks on every core; their problems are reported in test order.
void check_test_households(const detail::RuleModel& model, const detail::Declarations& declarations,
                           detail::DiagnosticSink& sink) {
  constexpr std::size_t chunk = 64;
  std::vector<std::optional<std::string>> problems(model.tests.size());
  detail::parallel_for((model.tests.size() + chunk - 1) / chunk, 4, [&](std::size_t c) {
    detail::Block block;
    for (std::size_t t = c * chunk; t < std::min(model.tests.size(), (c + 1) * chunk); ++t) {
      block.reset(model.schema);
      try {
        detail::bind_household(model.schema, model.tests[t].household, {.evaluation_date = model.tests[t].date}, block);
      } catch (const InputError& e) {
        problems[t] = e.what();
      }
    }
  });
  for (std::size_t t = 0; t < problems.size(); ++t)
    if (problems[t])
      sink.error(DiagnosticCode::invalid_test, declarations.tests[t].household_pos,
                 fmt::format("test '{}': household {}", model.tests[t].name, *problems[t]));
}

}  // namespace

std::string_view to_string(ProgrammeUnit unit) { return unit == ProgrammeUnit::member ? "member" : "household"; }

std::string_view to_string(AmountPeriod period) {
  switch (period) {
    case AmountPeriod::hour: return "hour";
    case AmountPeriod::day: return "day";
    case AmountPeriod::month: return "month";
    case AmountPeriod::quarter: return "quarter";
    case AmountPeriod::half_year: return "half_year";
    case AmountPeriod::semester: return "semester";
    case AmountPeriod::year: return "year";
    case AmountPeriod::once: return "once";
  }
  return "?";
}

std::optional<AmountPeriod> parse_amount_period(std::string_view name) {
  for (const AmountPeriod period : amount_periods)
    if (to_string(period) == name) return period;
  return std::nullopt;
}

const std::string& ProgrammeInfo::display_name(std::string_view language) const {
  static const std::string none;
  for (auto lang : {language, std::string_view("en")})
    if (auto it = name.find(std::string(lang)); it != name.end()) return it->second;
  return name.empty() ? none : name.begin()->second;
}

const std::string& ProgrammeInfo::display_ministry(std::string_view language) const {
  static const std::string none;
  for (auto lang : {language, std::string_view("en")})
    if (auto it = ministry.find(std::string(lang)); it != ministry.end()) return it->second;
  return ministry.empty() ? none : ministry.begin()->second;
}

std::filesystem::path default_cache_directory() {
  if (const char* ssis = std::getenv("SSIS_CACHE_DIR")) return ssis;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "ssis";
  if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".cache" / "ssis";
  return {};
}

LoadResult RuleSet::load(const std::filesystem::path& directory, const LoadOptions& options) {
  detail::SourceFiles files;
  detail::DiagnosticSink sink(files);
  detail::Declarations declarations;
  bool complete = detail::load_rule_directory(directory, {options.max_file_bytes, options.max_files},
                                                    {options.cache_directory, options.cache_min_bytes}, files, sink,
                                                    declarations)
                            .complete;
  // A reform changes the declarations after the cache of parsed files has taken them, so
  // that the cache only ever holds rule files as they are.
  const bool reformed = !options.reform.empty();
  if (reformed) {
    const detail::LoadLimits limits{options.max_file_bytes, options.max_files};
    auto reform = detail::read_reform_file(options.reform, limits, files, sink);
    if (reform && complete) detail::apply_reform(std::move(*reform), declarations, sink);
    complete = complete && reform;
  }
  // The fingerprint is worked out on another thread while the rules are checked.
  std::future<std::string> fingerprint = std::async(
      std::launch::async, [&files, &directory, reformed] { return fingerprint_of(files, directory, reformed); });
  auto model = std::make_shared<detail::RuleModel>();
  const detail::ExpressionLimits limits{options.max_expression_length, options.max_expression_depth};
  // Checking runs even after problems inside files, so one pass reports every problem; but
  // not when a whole file is missing, which would only produce its consequences.
  if (complete && detail::check_rules(declarations, limits, sink, *model)) check_test_households(*model, declarations, sink);
  LoadResult result;
  if (!sink.has_errors()) {
    model->fingerprint = fingerprint.get();
    for (auto& test : model->tests) {
      if (test.pos.file < 0) continue;
      test.file = files.path(test.pos.file);
      test.line = files.locate(test.pos).line;
    }
    detail::compile_plan(*model);
    model->programme_inputs = detail::programme_inputs(model->plan);
    model->fields_behind =
        detail::FieldsBehind(model->plan, model->schema.household_fields().size(), model->schema.member_fields().size());
    model->canonical_order = {detail::canonical_field_order(model->schema.household_fields()),
                              detail::canonical_field_order(model->schema.member_fields())};
    model->explanations = detail::plan_explanations(*model);
    model->fact_paths.build(model->schema, members_with_ready_paths);
    result.rules = RuleSet(std::move(model));
  }
  result.diagnostics = sink.take();
  return result;
}

RuleSet RuleSet::load_or_throw(const std::filesystem::path& directory, const LoadOptions& options) {
  LoadResult result = load(directory, options);
  if (!result.rules) throw RuleError(std::move(result.diagnostics));
  return std::move(*result.rules);
}

const std::string& RuleSet::id() const { return model_->id; }
const std::string& RuleSet::currency() const { return model_->currency; }
const Labels& RuleSet::labels() const { return model_->labels; }
const std::string& RuleSet::label(Label label, std::string_view language) const { return model_->labels.get(label, language); }
const std::string& RuleSet::version() const { return model_->version; }
const std::string& RuleSet::fingerprint() const { return model_->fingerprint; }
const Schema& RuleSet::schema() const { return model_->schema; }
const std::vector<ProgrammeInfo>& RuleSet::programmes() const { return model_->programme_infos; }
const std::vector<ParameterInfo>& RuleSet::parameters() const { return model_->parameter_infos; }
const std::vector<VariableInfo>& RuleSet::variables() const { return model_->variable_infos; }
const std::vector<RelationInfo>& RuleSet::relations() const { return model_->relation_infos; }
std::size_t RuleSet::test_count() const { return model_->tests.size(); }

int RuleSet::programme_index(std::string_view id) const {
  const auto& programmes = model_->programme_infos;
  for (std::size_t i = 0; i < programmes.size(); ++i)
    if (programmes[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace ssis
