#pragma once
/// The next questions to ask about a partial household: the facts its undetermined
/// programmes still miss (ProgrammeOutcome::missing, UnitOutcome::missing), each listed once
/// and ranked by how many of those programmes answering it would settle.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssis/outcome.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

struct Question {
  std::string_view path;               ///< "rent", "members[1].disabled"; kept by the rule set
  std::optional<std::size_t> member;   ///< index in the household's members; none for a household fact
  const FieldInfo* field = nullptr;    ///< the schema field, with its question text and source
  std::size_t programmes = 0;          ///< undetermined programmes whose decision needs the fact
  std::size_t settles = 0;             ///< those for which it is the only fact still missing
  /// Programmes expected to be settled: each undetermined decision counts 1 / (the facts it
  /// still misses) for each of them (a programme assessed per member shares its 1 among the
  /// members still undetermined). The ranking's first key.
  double expected = 0;
  Value amount_at_stake{ValueKind::money, Knowledge::unknown, 0, nullptr};  ///< the largest amount already known among those programmes
  /// A field whose source names an agency is fetched from that agency, not asked.
  bool fetch() const { return !field->source_agency.empty(); }
};

/// The facts that would settle `outcome`'s undetermined programmes, best first: by expected
/// programmes settled, then programmes it alone settles, then amount at stake, then schema
/// order (household fields, then each member's in turn). `outcome` must come from `rules`.
/// None when the outcome's missing facts were not worked out (EvaluationOptions::missing_facts
/// false, HouseholdOutcome::missing_named): there is nothing to rank.
std::vector<Question> next_questions(const RuleSet& rules, const HouseholdOutcome& outcome);

/// "member 2: <question>" (members counted from 1; the word is the rule set's `member`
/// label) or the household question, in `language` (the field's question falls back to
/// English, then to its description).
std::string question_label(const RuleSet& rules, const Question& question, std::string_view language);

/// " [fetch from AGENCY: DATA]" in `language` (the rule set's `fetch_from` label) for a fact
/// an agency holds; "" for others.
std::string fetch_note(const RuleSet& rules, const Question& question, std::string_view language);

/// What to_json adds to an outcome besides its questions.
struct QuestionsJsonOptions {
  bool relied_on = true;                        ///< the "relied_on" object (working it out reads each decision's plan)
  OutcomeDetail detail = OutcomeDetail::full;  ///< how much of each programme's outcome
};

/// The outcome as to_json(outcome) gives it, with a "questions" array added (each entry's
/// path, member (null for the household), field, question, source (null when unknown),
/// programmes, settles, expected and amount_at_stake) and, unless `options` leaves it out,
/// "relied_on": for each programme, the fields its decision rests on (fields_relied_on;
/// "members[].name" for a member field).
std::string to_json(const RuleSet& rules, const HouseholdOutcome& outcome, const std::vector<Question>& questions,
                    std::string_view language, const QuestionsJsonOptions& options = {});

}  // namespace ssis
