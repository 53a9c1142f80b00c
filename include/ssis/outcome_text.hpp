#pragma once
/// The outcome as a caseworker reads it: eligible programmes first (name, amount with its
/// currency and period, ministry and legal basis), then the undetermined ones under the next
/// questions that settle them, then the programmes not eligible (a count unless all are
/// asked for). Every word in the chosen language: the rule set's names and descriptions
/// and its labels (ssis/labels.hpp); lines fit a width in terminal columns.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssis/labels.hpp"
#include "ssis/outcome.hpp"
#include "ssis/questions.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

struct TextOptions {
  std::string language = "en";
  std::size_t width = 80;      ///< terminal columns every line fits in (at least 20 are used)
  bool all = false;            ///< list each programme not eligible, not their count
  std::size_t questions = 5;   ///< the next questions listed, best first (0: none)
};

/// "334,810 EUR a month", "1,500 EUR once-only" (a rule set whose currency is EUR): the amount
/// grouped by thousands, the currency and the period in `language` (labels `currency`,
/// `period_*`); the `amount_unknown` label when the amount is unknown.
std::string amount_text(const Labels& labels, const Value& amount, std::optional<AmountPeriod> period,
                        std::string_view language);

/// `outcome` (from `rules`) as text; `questions` are next_questions(rules, outcome).
std::string to_text(const RuleSet& rules, const HouseholdOutcome& outcome, const std::vector<Question>& questions,
                    const TextOptions& options = {});

}  // namespace ssis
