#include "ssis/evaluator.hpp"

#include <fmt/format.h>

#include <map>

#include "eval/block.hpp"
#include "eval/executor.hpp"
#include "eval/explainer.hpp"
#include "eval/outcome_builder.hpp"
#include "ssis/error.hpp"

namespace ssis {
namespace {

// Explanations show every variable; outcomes alone need what the programmes depend on.
detail::Scope scope(bool explain) { return explain ? detail::Scope::everything : detail::Scope::programmes; }

detail::BindOptions bind_options(const RuleSet& rules, const EvaluationOptions& options, Date date) {
  return {options.max_members, date, options.known_on, detail::model_of(rules).stale_facts_are_unknown};
}

}  // namespace

struct Evaluator::State {
  RuleSet rules;
  EvaluationOptions options;
  detail::Block block;
  detail::Registers registers;
  detail::OutcomeScratch outcome;
  std::map<std::int32_t, detail::ResolvedParameters> parameters_by_date;

  const detail::ResolvedParameters& parameters(Date date) {
    auto it = parameters_by_date.find(date.days());
    if (it == parameters_by_date.end()) {
      if (parameters_by_date.size() > 64) parameters_by_date.clear();
      it = parameters_by_date.emplace(date.days(), detail::resolve_parameters(detail::model_of(rules), date)).first;
    }
    return it->second;
  }

  void load(const Household& household, Date date) {
    block.reset(rules.schema());
    detail::bind_household(rules.schema(), household, bind_options(rules, options, date), block);
  }
};

Evaluator::Evaluator(RuleSet rules, EvaluationOptions options)
    : state_(std::make_unique<State>(State{std::move(rules), options, {}, {}, {}, {}})) {}
Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

const RuleSet& Evaluator::rules() const { return state_->rules; }

std::vector<Question> Evaluator::questions(const HouseholdOutcome& outcome) const { return next_questions(state_->rules, outcome); }

HouseholdOutcome Evaluator::evaluate(const Household& household, Date date) {
  return evaluate(household, date, state_->options.explain);
}

HouseholdOutcome Evaluator::evaluate(const Household& household, Date date, bool explain) {
  State& s = *state_;
  s.load(household, date);
  detail::execute(detail::model_of(s.rules), s.parameters(date), s.block, s.registers, scope(explain));
  HouseholdOutcome outcome = detail::build_outcome(detail::model_of(s.rules), s.block, s.registers, 0, date,
                                                     {explain, s.options.missing_facts}, s.outcome);
  outcome.rules = s.rules;
  return outcome;
}

std::vector<HouseholdOutcome> Evaluator::evaluate(const std::vector<Household>& households, Date date) {
  State& s = *state_;
  std::vector<HouseholdOutcome> outcomes;
  outcomes.reserve(households.size());
  const std::size_t block_size = std::max<std::size_t>(s.options.block_size, 1);
  const detail::ResolvedParameters& parameters = s.parameters(date);
  for (std::size_t start = 0; start < households.size(); start += block_size) {
    const std::size_t end = std::min(households.size(), start + block_size);
    s.block.reset(s.rules.schema());
    for (std::size_t i = start; i < end; ++i) {
      try {
        detail::bind_household(s.rules.schema(), households[i], bind_options(s.rules, s.options, date), s.block);
      } catch (const InputError& e) {
        throw InputError(fmt::format("households[{}].{}", i, e.path()), e.reason());
      }
    }
    detail::execute(detail::model_of(s.rules), parameters, s.block, s.registers, scope(s.options.explain));
    for (std::size_t row = 0; row < s.block.households; ++row) {
      outcomes.push_back(detail::build_outcome(detail::model_of(s.rules), s.block, s.registers, row, date,
                                               {s.options.explain, s.options.missing_facts}, s.outcome));
      outcomes.back().rules = s.rules;
    }
  }
  return outcomes;
}

Value Evaluator::variable(const Household& household, Date date, std::string_view name) {
  State& s = *state_;
  const auto& infos = s.rules.variables();
  for (std::size_t v = 0; v < infos.size(); ++v) {
    if (infos[v].name != name) continue;
    if (infos[v].level != Level::household) throw std::invalid_argument(fmt::format("'{}' is a member variable", name));
    s.load(household, date);
    detail::execute(detail::model_of(s.rules), s.parameters(date), s.block, s.registers);
    const auto& model = detail::model_of(s.rules);
    return detail::register_value(model, s.registers, model.plan.variables[v], model.variables[v].type, 0);
  }
  throw std::invalid_argument(fmt::format("no variable named '{}'", name));
}

}  // namespace ssis
