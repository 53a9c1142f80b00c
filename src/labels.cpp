#include "ssis/labels.hpp"

namespace ssis {
namespace {

struct BuiltIn {
  std::string_view key;
  std::string_view english;
};

// In the order of Label.
constexpr std::array<BuiltIn, label_count> built_in{{
    {"household", "Household"},
    {"rule_set", "rule set"},
    {"evaluated_on", "evaluated on"},
    {"eligible", "Eligible"},
    {"undetermined", "Undetermined — these questions would settle it"},
    {"undetermined_unasked", "Undetermined"},
    {"could_not_be_computed", "Could not be computed"},
    {"not_eligible", "Not eligible"},
    {"programmes", "programmes"},
    {"all_lists_them", "--all lists them"},
    {"settled_by_questions", "settled by questions"},
    {"ask_for", "ask for"},
    {"more_facts", "more"},
    {"amount_needs", "the amount needs"},
    {"amount_unknown", "amount unknown"},
    {"legal_basis", "legal basis"},
    {"not_met", "not met"},
    {"not_in_force", "not in force on this date"},
    {"cannot_be_combined_with", "cannot be combined with"},
    {"needs_programme", "requires"},
    {"no_member_assessed", "no member is assessed"},
    {"version", "version"},
    {"fingerprint", "fingerprint"},
    {"input", "input"},
    {"left_to_official", "left to an official"},
    {"left_to_document", "left to a document"},
    {"left_to_medical", "left to a doctor"},
    {"not_encoded", "not encoded"},
    {"explain_lists_them", "--explain lists them"},
    {"stale_parameter", "warning: a parameter known to hold only until"},
    {"stale_fact", "warning: a fact older than its limit, dated"},
    {"status_eligible", "eligible"},
    {"status_ineligible", "not eligible"},
    {"status_undetermined", "undetermined"},
    {"status_error", "could not be computed"},
    {"criterion_met", "met"},
    {"criterion_not_met", "NOT met"},
    {"criterion_unknown", "unknown"},
    {"criterion_error", "error"},
    {"decided_by", "decided by"},
    {"margin", "margin"},
    {"amount", "amount"},
    {"currency", ""},
    {"period_hour", "an hour"},
    {"period_day", "a day"},
    {"period_month", "a month"},
    {"period_quarter", "a quarter"},
    {"period_half_year", "a half-year"},
    {"period_semester", "a semester"},
    {"period_year", "a year"},
    {"period_once", "once-only"},
    {"next_questions", "Next questions (best first)"},
    {"fetch_from", "fetch from"},
    {"member", "member"},
    {"answer_yes_or_no", "yes or no"},
    {"answer_yes", "yes"},
    {"answer_no", "no"},
    {"answer_one_of", "one of"},
    {"answer_number", "a number"},
    {"answer_date", "a date, YYYY-MM-DD"},
    {"answer_keys", "(q: quit, s: skip)"},
    {"now_eligible", "Now eligible"},
    {"nothing_left", "Nothing left to settle."},
    {"household_saved", "Household saved to"},
    {"not_an_answer", "Not an answer:"},
}};

constexpr std::size_t index(Label label) { return static_cast<std::size_t>(label); }

}  // namespace

std::string_view label_key(Label label) { return built_in[index(label)].key; }

std::optional<Label> parse_label_key(std::string_view key) {
  for (std::size_t i = 0; i < built_in.size(); ++i)
    if (built_in[i].key == key) return static_cast<Label>(i);
  return std::nullopt;
}

std::string label_keys() {
  std::string out;
  for (const BuiltIn& b : built_in) (out += out.empty() ? "" : ", ") += b.key;
  return out;
}

Labels::Labels(std::string currency) {
  for (std::size_t i = 0; i < built_in.size(); ++i) english_[i] = built_in[i].english;
  english_[index(Label::currency)] = std::move(currency);
}

void Labels::set(std::string language, Label label, std::string text) {
  by_language_[std::move(language)][index(label)] = std::move(text);
}

const std::string& Labels::get(Label label, std::string_view language) const {
  for (const std::string_view code : {language, std::string_view("en")}) {
    const auto found = by_language_.find(code);
    if (found != by_language_.end() && found->second[index(label)]) return *found->second[index(label)];
  }
  return english_[index(label)];
}

}  // namespace ssis
