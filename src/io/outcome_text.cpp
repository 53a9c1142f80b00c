#include "ssis/outcome_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "io/display_width.hpp"
#include "io/utf8.hpp"

namespace ssis {
namespace {

std::string grouped(const Value& value) {
  if (!value.known() || (value.kind != ValueKind::money && value.kind != ValueKind::integer)) return value.to_string();
  std::string text = value.to_string();
  const std::size_t sign = text[0] == '-' ? 1 : 0;
  std::size_t point = text.find('.');
  if (point == std::string::npos) point = text.size();
  for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(point) - 3; i > static_cast<std::ptrdiff_t>(sign); i -= 3)
    text.insert(static_cast<std::size_t>(i), ",");
  return text;
}

Label period_label(AmountPeriod period) {
  switch (period) {
    case AmountPeriod::hour: return Label::period_hour;
    case AmountPeriod::day: return Label::period_day;
    case AmountPeriod::month: return Label::period_month;
    case AmountPeriod::quarter: return Label::period_quarter;
    case AmountPeriod::half_year: return Label::period_half_year;
    case AmountPeriod::semester: return Label::period_semester;
    case AmountPeriod::year: return Label::period_year;
    case AmountPeriod::once: return Label::period_once;
  }
  return Label::period_once;
}

Label status_label(Status status) {
  switch (status) {
    case Status::eligible: return Label::status_eligible;
    case Status::ineligible: return Label::status_ineligible;
    case Status::undetermined: return Label::status_undetermined;
    case Status::error: return Label::status_error;
  }
  return Label::status_error;
}

// Writes the outcome's lines, each fitting the width.
class TextWriter {
 public:
  TextWriter(const RuleSet& rules, const HouseholdOutcome& outcome, const std::vector<Question>& questions,
             const TextOptions& options)
      : rules_(rules), outcome_(outcome), questions_(questions), options_(options),
        width_(std::max<std::size_t>(options.width, 20)) {
    for (std::size_t i = 0; i < questions.size(); ++i) rank_[questions[i].path] = i;
  }

  std::string write() {
    receipt();
    section(Status::eligible, Label::eligible);
    // Without missing facts there are no questions to introduce.
    section(Status::undetermined, outcome_.missing_named ? Label::undetermined : Label::undetermined_unasked);
    section(Status::error, Label::could_not_be_computed);
    if (options_.all) {
      section(Status::ineligible, Label::not_eligible);
    } else if (const std::size_t count = count_of(Status::ineligible)) {
      out_ += '\n';
      wrapped(fmt::format("{}: {} {} ({})", word(Label::not_eligible), count, word(Label::programmes), word(Label::all_lists_them)), 0, 2);
    }
    return std::move(out_);
  }

 private:
  const std::string& word(Label label) const { return rules_.label(label, options_.language); }

  // What an auditor needs to replay the decision (docs/audit.md): the rule set, its version
  // and fingerprint, the date, and the hash of the input, each on a line of its own.
  void receipt() {
    const Receipt& r = outcome_.receipt;
    std::string rule_set = r.rule_set;
    if (!r.version.empty()) rule_set += fmt::format(" {} {}", word(Label::version), r.version);
    wrapped(fmt::format("{} {} — {} {}, {} {}", word(Label::household), detail::escaped(outcome_.household_id),
                        word(Label::rule_set), rule_set, word(Label::evaluated_on), r.date.to_string()),
            0, 2);
    wrapped(fmt::format("{} {}", word(Label::fingerprint), r.fingerprint), 2, 4);
    wrapped(fmt::format("{} {}", word(Label::input), r.input), 2, 4);
  }

  std::size_t count_of(Status status) const {
    return static_cast<std::size_t>(std::count_if(outcome_.programmes.begin(), outcome_.programmes.end(),
                                                  [&](const ProgrammeOutcome& p) { return p.status == status; }));
  }

  // `text` broken to the width: the first line after `indent` spaces, the others after `hanging`.
  void wrapped(std::string_view text, std::size_t indent, std::size_t hanging) {
    const std::size_t room = width_ - std::max(indent, hanging);
    bool first = true;
    for (const std::string& line : detail::wrap_to_width(text, room)) {
      out_ += std::string(first ? indent : hanging, ' ') + line + '\n';
      first = false;
    }
  }

  // The amount shown beside a decision: none for a decision that pays nothing, nor while an
  // undetermined decision's amount is unknown.
  template <typename Decision>
  std::string decision_amount(const Decision& d, const ProgrammeInfo& info) const {
    if (info.amount_formula.empty() || d.status == Status::ineligible || d.status == Status::error) return "";
    if (d.status == Status::undetermined && !d.amount.known()) return "";
    return amount_text(rules_.labels(), d.amount, info.amount_period, options_.language);
  }

  // "settled by questions 1, 3 (+2 more)": the questions listed among `missing`, and how
  // many facts are not listed; when none is listed, what to ask for first: the best question
  // among them, else (facts no undetermined programme needs) the first few facts.
  std::string settled_by(const std::vector<std::string_view>& missing) const {
    constexpr std::size_t facts_named = 3;
    std::vector<std::size_t> ranks;
    for (const std::string_view path : missing)
      if (const auto found = rank_.find(path); found != rank_.end()) ranks.push_back(found->second);
    std::sort(ranks.begin(), ranks.end());
    const auto listed = static_cast<std::size_t>(
        std::count_if(ranks.begin(), ranks.end(), [&](std::size_t rank) { return rank < options_.questions; }));
    std::size_t named = listed;
    std::string text;
    for (std::size_t i = 0; i < listed; ++i) text += fmt::format("{}{}", i ? ", " : "", ranks[i] + 1);
    if (listed) {
      text = fmt::format("{} {}", word(Label::settled_by_questions), text);
    } else if (!ranks.empty()) {
      text = fmt::format("{}: {}", word(Label::ask_for), question_label(rules_, questions_[ranks.front()], options_.language));
      named = 1;
    } else {
      named = std::min(missing.size(), facts_named);
      for (std::size_t i = 0; i < named; ++i) text += fmt::format("{}{}", i ? ", " : "", missing[i]);
      text = fmt::format("{}: {}", word(Label::ask_for), text);
    }
    if (const std::size_t others = missing.size() - named) text += fmt::format(" (+{} {})", others, word(Label::more_facts));
    return text;
  }

  // Each failed criterion by its description.
  template <typename Decision>
  std::string not_met(const Decision& d) const {
    std::string descriptions;
    for (const auto& c : d.criteria)
      if (c.value.knowledge == Knowledge::known && c.value.raw == 0)
        descriptions += fmt::format("{}{}", descriptions.empty() ? "" : "; ",
                                    c.criterion->description.empty() ? c.criterion->id : c.criterion->description);
    return descriptions.empty() ? "" : fmt::format("{}: {}", word(Label::not_met), descriptions);
  }

  // Why a decision is not eligible, or "".
  template <typename Decision>
  std::string ineligible_reason(const Decision& d) const {
    if (!d.excluded_by.empty()) return fmt::format("{} {} ({})", word(Label::cannot_be_combined_with), d.kept_instead, d.excluded_by);
    if (!d.required_missing.empty()) return fmt::format("{} {}", word(Label::needs_programme), d.required_missing);
    return not_met(d);
  }

  // Each criterion met or not, with its comparisons and values, and the amount's values.
  template <typename Decision>
  void explain_criteria(const Decision& d, std::size_t indent) {
    for (const auto& c : d.criteria) {
      const Label mark = c.value.knowledge == Knowledge::known
                             ? (c.value.raw != 0 ? Label::criterion_met : Label::criterion_not_met)
                             : (c.value.knowledge == Knowledge::unknown ? Label::criterion_unknown : Label::criterion_error);
      std::string line = fmt::format("[{}] {}: {}", word(mark), c.criterion->id, c.criterion->description);
      if (c.criterion->decided_by != "data") line += fmt::format(" ({}: {})", word(Label::decided_by), c.criterion->decided_by);
      wrapped(line, indent, indent + 4);
      if (!c.explanation) continue;
      for (const auto& cmp : c.explanation->comparisons) {
        std::string comparison = fmt::format("{}  ->  {} {} {}", cmp.expression, grouped(cmp.left), cmp.op, grouped(cmp.right));
        if (cmp.margin) comparison += fmt::format("  ({} {})", word(Label::margin), grouped(*cmp.margin));
        wrapped(comparison, indent + 4, indent + 8);
      }
      for (const auto& v : c.explanation->values) wrapped(fmt::format("{} = {}", v.expression, grouped(v.value)), indent + 4, indent + 8);
    }
    for (const auto& v : d.amount_explanation)
      wrapped(fmt::format("{}: {} = {}", word(Label::amount), v.expression, grouped(v.value)), indent, indent + 4);
  }

  // A programme assessed per member: a line per member assessed (those still undetermined
  // only outside the undetermined section: there the questions stand for them).
  void units(const ProgrammeOutcome& p) {
    if (p.programme->unit == ProgrammeUnit::member && p.units.empty()) wrapped(word(Label::no_member_assessed), 6, 8);
    for (const UnitOutcome& u : p.units) {
      if (u.status == Status::undetermined && p.status == Status::undetermined && !outcome_.explained) continue;
      std::string line = fmt::format("{} {}: {}", word(Label::member), u.member + 1, word(status_label(u.status)));
      if (const std::string amount = decision_amount(u, *p.programme); !amount.empty()) line += ", " + amount;
      if (u.status == Status::undetermined && !u.missing.empty()) line += " — " + settled_by(u.missing);
      if (u.status == Status::eligible && !u.amount.known() && !u.missing.empty())
        line += fmt::format(" — {}: {}", word(Label::amount_needs), settled_by(u.missing));
      if (u.status == Status::ineligible)
        if (const std::string reason = ineligible_reason(u); !reason.empty()) line += " — " + reason;
      if (u.status == Status::error) line += " — " + u.error;
      wrapped(line, 6, 8);
      if (outcome_.explained) explain_criteria(u, 10);
    }
  }

  void questions_list() {
    const std::size_t listed = std::min(options_.questions, questions_.size());
    if (listed == 0) return;
    wrapped(word(Label::next_questions), 2, 4);
    for (std::size_t i = 0; i < listed; ++i) {
      const Question& q = questions_[i];
      wrapped(fmt::format("{}. {}{} ({})", i + 1, question_label(rules_, q, options_.language),
                          fetch_note(rules_, q, options_.language), q.path),
              4, 7);
    }
    out_ += '\n';
  }

  void section(Status status, Label title) {
    std::vector<const ProgrammeOutcome*> listed;
    for (const auto& p : outcome_.programmes)
      if (p.status == status) listed.push_back(&p);
    if (listed.empty()) return;
    out_ += '\n';
    wrapped(fmt::format("{} ({})", word(title), listed.size()), 0, 2);
    if (status == Status::undetermined) questions_list();
    // Names in a column as wide as the longest (within the width), amounts right-aligned after it.
    std::vector<std::string> amounts;
    std::size_t name_width = 0;
    std::size_t amount_width = 0;
    for (const ProgrammeOutcome* p : listed) {
      amounts.push_back(decision_amount(*p, *p->programme));
      amount_width = std::max(amount_width, detail::display_width(amounts.back()));
      name_width = std::max(name_width, detail::display_width(p->programme->display_name(options_.language)));
    }
    amount_width = std::min(amount_width, width_ - 14);
    name_width = std::min(name_width, width_ - 2 - (amount_width ? amount_width + 2 : 0));
    for (std::size_t i = 0; i < listed.size(); ++i) {
      const ProgrammeOutcome& p = *listed[i];
      const ProgrammeInfo& info = *p.programme;
      // A name wider than its column goes on below, indented.
      const std::vector<std::string> name = detail::wrap_to_width(info.display_name(options_.language), name_width);
      if (amounts[i].empty()) {
        out_ += fmt::format("  {}\n", name.front());
      } else {
        const std::string amount = detail::fit_to_width(amounts[i], amount_width);
        out_ += fmt::format("  {}  {}{}\n", detail::pad_to_width(name.front(), name_width),
                            std::string(amount_width - detail::display_width(amount), ' '), amount);
      }
      if (name.size() > 1) {
        std::string_view rest = std::string_view(info.display_name(options_.language)).substr(name.front().size());
        while (rest.starts_with(' ')) rest.remove_prefix(1);
        wrapped(rest, 4, 4);
      }
      details(p);
    }
  }

  // The lines under a programme's name.
  void details(const ProgrammeOutcome& p) {
    const ProgrammeInfo& info = *p.programme;
    if (p.status == Status::eligible) {
      std::string line = info.display_ministry(options_.language);
      if (!info.legal_basis.empty()) line += fmt::format("{}{}: {}", line.empty() ? "" : " · ", word(Label::legal_basis), info.legal_basis);
      if (!line.empty()) wrapped(line, 6, 8);
      if (p.amount.knowledge == Knowledge::unknown && !p.missing.empty())
        wrapped(fmt::format("{}: {}", word(Label::amount_needs), settled_by(p.missing)), 6, 8);
    }
    if (p.status == Status::undetermined && !p.missing.empty()) wrapped(settled_by(p.missing), 6, 8);
    if (p.status == Status::ineligible) {
      const std::string reason = !p.in_force ? word(Label::not_in_force) : ineligible_reason(p);
      if (!reason.empty()) wrapped(reason, 6, 8);
    }
    if (p.status == Status::error) wrapped(p.error, 6, 8);
    if (outcome_.explained && p.status != Status::eligible && !info.legal_basis.empty())
      wrapped(fmt::format("{}: {}", word(Label::legal_basis), info.legal_basis), 6, 8);
    audit_notes(p);
    if (outcome_.explained) explain_criteria(p, 6);
    units(p);
  }

  // For a decision an official still acts on: the criteria left to an official, a document or
  // a doctor, and what the rules could not encode (how many; each with --explain); for every
  // decision, the parameters used past their `valid_until` and the facts older than their
  // `max_age`.
  void audit_notes(const ProgrammeOutcome& p) {
    const ProgrammeInfo& info = *p.programme;
    if (p.status == Status::eligible || p.status == Status::undetermined) {
      for (const auto& [by, label] : {std::pair{"official", Label::left_to_official}, std::pair{"document", Label::left_to_document},
                                      std::pair{"medical", Label::left_to_medical}}) {
        std::string criteria;
        for (const CriterionInfo& c : info.criteria)
          if (c.decided_by == by) criteria += fmt::format("{}{}", criteria.empty() ? "" : "; ", c.description.empty() ? c.id : c.description);
        if (!criteria.empty()) wrapped(fmt::format("{}: {}", word(label), criteria), 6, 8);
      }
      if (outcome_.explained)
        for (const std::string& item : info.not_encoded) wrapped(fmt::format("{}: {}", word(Label::not_encoded), item), 6, 8);
      else if (!info.not_encoded.empty())
        wrapped(fmt::format("{}: {} ({})", word(Label::not_encoded), info.not_encoded.size(), word(Label::explain_lists_them)), 6, 8);
    }
    for (const ParameterInfo* parameter : p.stale_parameters)
      wrapped(fmt::format("{} {}: {}", word(Label::stale_parameter), parameter->valid_until->to_string(), parameter->name), 6, 8);
    for (const StaleFact& fact : p.stale_facts)
      wrapped(fmt::format("{} {}: {} ({})", word(Label::stale_fact), fact.as_of.to_string(), fact.path, fact.field->max_age->text), 6, 8);
  }

  const RuleSet& rules_;
  const HouseholdOutcome& outcome_;
  const std::vector<Question>& questions_;
  const TextOptions& options_;
  const std::size_t width_;
  std::map<std::string_view, std::size_t> rank_;  // path -> its place among the questions (0: the best)
  std::string out_;
};

}  // namespace

std::string amount_text(const Labels& labels, const Value& amount, std::optional<AmountPeriod> period,
                        std::string_view language) {
  if (!amount.known()) return labels.get(Label::amount_unknown, language);
  std::string text = grouped(amount);
  if (const std::string& currency = labels.get(Label::currency, language); !currency.empty()) text += " " + currency;
  if (period) text += " " + labels.get(period_label(*period), language);
  return text;
}

std::string to_text(const RuleSet& rules, const HouseholdOutcome& outcome, const std::vector<Question>& questions,
                    const TextOptions& options) {
  return TextWriter(rules, outcome, questions, options).write();
}

}  // namespace ssis
