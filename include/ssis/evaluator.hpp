#pragma once
/// Evaluates households against every programme of a rule set in one pass.
///
/// An Evaluator owns reusable scratch buffers: create one per thread and reuse it; it is
/// not safe to share one between threads. The RuleSet it reads is shared and immutable.
#include <memory>
#include <optional>
#include <vector>

#include "ssis/household.hpp"
#include "ssis/outcome.hpp"
#include "ssis/questions.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

struct EvaluationOptions {
  bool explain = false;            ///< record the values behind each criterion (costs time)
  /// Name the facts that would settle each undetermined programme (`missing`). Without them
  /// an outcome has `missing_named` false and no next questions (they are ranked from the
  /// missing facts); working them out is about half the time of one household against rules/kr.
  bool missing_facts = true;
  std::size_t block_size = 256;    ///< households evaluated together as columns
  std::size_t max_members = 100;   ///< households with more members are rejected
  /// As known on this day: a fact the input dates after it (`as_of`) is taken as not known
  /// (absent, without its default); undated facts are kept.
  std::optional<Date> known_on{};
};

class Evaluator {
 public:
  explicit Evaluator(RuleSet rules, EvaluationOptions options = {});
  ~Evaluator();
  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;

  /// Throws InputError (with the field path) when the household does not fit the schema.
  HouseholdOutcome evaluate(const Household& household, Date date);
  HouseholdOutcome evaluate(const Household& household, Date date, bool explain);
  /// Evaluates many households in blocks. Throws InputError naming the household index
  /// and field path at the first household that does not fit the schema.
  std::vector<HouseholdOutcome> evaluate(const std::vector<Household>& households, Date date);

  /// The value of a household-level variable for one household (for tests and tools).
  Value variable(const Household& household, Date date, std::string_view name);

  /// The facts that would settle `outcome`'s undetermined programmes, best first
  /// (next_questions). `outcome` must come from this evaluator.
  std::vector<Question> questions(const HouseholdOutcome& outcome) const;

  const RuleSet& rules() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ssis
