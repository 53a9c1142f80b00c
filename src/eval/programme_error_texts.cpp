#include "eval/programme_error_texts.hpp"

#include "ssis/evaluator.hpp"

namespace ssis::detail {

void ProgrammeErrorTexts::run(const Household& household, Date date, const ProgrammeCode& code) {
  const RuleModel& model = model_of(rules_);
  block_.reset(rules_.schema());
  registers_.laid_out = {};  // `code` may be another than the last run's
  bind_household(rules_.schema(), household, {EvaluationOptions{}.max_members, date, std::nullopt, model.stale_facts_are_unknown},
                 block_);
  if (parameters_.tables.empty() || parameters_.date != date) parameters_ = resolve_parameters(model, date);
  execute(model, parameters_, block_, registers_, code, ErrorTracing::when_errors);
}

std::string ProgrammeErrorTexts::text(std::size_t programme, std::int64_t member) const {
  const RuleModel& model = model_of(rules_);
  if (member < 0) return error_message(model, registers_, 0, programme);
  return unit_error_message(model, registers_, 0, static_cast<std::size_t>(member), programme);
}

}  // namespace ssis::detail
