#pragma once
/// The words the engine writes around a rule set's own text (headings, periods, the
/// interview's prompts), in the rule set's languages. A rule set gives them in
/// ruleset.yaml (`labels: {ko: {eligible: ..., ...}}`); English is built in, and a language
/// without a label, or a language the rule set does not give, falls back to the rule set's
/// English label and then to the built-in one.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ssis {

enum class Label : std::uint8_t {
  // The text outcome (ssis eval)
  household, rule_set, evaluated_on,
  eligible, undetermined, undetermined_unasked, could_not_be_computed, not_eligible, programmes, all_lists_them,
  settled_by_questions, ask_for, more_facts, amount_needs, amount_unknown, legal_basis, not_met,
  not_in_force, cannot_be_combined_with, needs_programme, no_member_assessed,
  version, fingerprint, input, left_to_official, left_to_document, left_to_medical, not_encoded, explain_lists_them, stale_parameter,
  stale_fact,
  status_eligible, status_ineligible, status_undetermined, status_error,
  criterion_met, criterion_not_met, criterion_unknown, criterion_error, decided_by, margin, amount,
  currency,
  period_hour, period_day, period_month, period_quarter, period_half_year, period_semester, period_year, period_once,
  // The next questions (ssis eval, ssis ask)
  next_questions, fetch_from, member,
  // The interview (ssis ask)
  answer_yes_or_no, answer_yes, answer_no, answer_one_of, answer_number, answer_date, answer_keys,
  now_eligible, nothing_left, household_saved, not_an_answer,
};
inline constexpr std::size_t label_count = static_cast<std::size_t>(Label::not_an_answer) + 1;

/// The key of a label in ruleset.yaml ("not_eligible").
std::string_view label_key(Label label);
/// The label of a key, or none.
std::optional<Label> parse_label_key(std::string_view key);
/// Every key, comma-separated, for a message.
std::string label_keys();

class Labels {
 public:
  /// The built-in English labels; `currency` (the rule set's currency code) is the
  /// currency's English word until the rule set gives one.
  explicit Labels(std::string currency = {});

  void set(std::string language, Label label, std::string text);
  /// The label in `language`, else in the rule set's English, else the built-in English.
  const std::string& get(Label label, std::string_view language) const;
  /// Languages the rule set gives labels in.
  const std::map<std::string, std::array<std::optional<std::string>, label_count>, std::less<>>& languages() const {
    return by_language_;
  }

 private:
  std::array<std::string, label_count> english_;
  std::map<std::string, std::array<std::optional<std::string>, label_count>, std::less<>> by_language_;
};

}  // namespace ssis
