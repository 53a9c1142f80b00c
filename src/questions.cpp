#include "ssis/questions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "io/json.hpp"
#include "ssis/data_needs.hpp"

namespace ssis {
namespace {

// "members[3].disabled" -> member 3, field "disabled"; "rent" -> no member.
struct ParsedPath {
  std::optional<std::size_t> member;
  std::string_view field;
};

ParsedPath parse_path(std::string_view path) {
  constexpr std::string_view prefix = "members[";
  if (!path.starts_with(prefix)) return {std::nullopt, path};
  const std::size_t close = path.find("].", prefix.size());
  std::size_t member = 0;
  std::from_chars(path.data() + prefix.size(), path.data() + close, member);
  return {member, path.substr(close + 2)};
}

// One undetermined decision: each fact it still misses gets an equal part of its share.
void count_decision(const std::vector<std::string_view>& missing, double share,
                    std::unordered_map<std::string_view, Question>& by_path) {
  for (const std::string_view path : missing) by_path[path].expected += share / static_cast<double>(missing.size());
}

// Household fields in schema order, then each member's fields in schema order: the field's
// place in its schema list.
std::pair<std::size_t, std::size_t> schema_order(const RuleSet& rules, const Question& q) {
  const FieldInfo* first = q.member ? rules.schema().member_fields().data() : rules.schema().household_fields().data();
  return {q.member ? *q.member + 1 : 0, static_cast<std::size_t>(q.field - first)};
}

}  // namespace

std::vector<Question> next_questions(const RuleSet& rules, const HouseholdOutcome& outcome) {
  if (!outcome.missing_named) return {};
  std::unordered_map<std::string_view, Question> by_path;
  for (const ProgrammeOutcome& programme : outcome.programmes) {
    if (programme.status != Status::undetermined || programme.missing.empty()) continue;
    if (programme.units.empty()) {
      count_decision(programme.missing, 1.0, by_path);
    } else {
      const auto open = static_cast<std::size_t>(std::count_if(programme.units.begin(), programme.units.end(),
                                                               [](const UnitOutcome& u) { return u.status == Status::undetermined; }));
      for (const UnitOutcome& unit : programme.units)
        if (unit.status == Status::undetermined && !unit.missing.empty())
          count_decision(unit.missing, 1.0 / static_cast<double>(open), by_path);
    }
    for (const std::string_view path : programme.missing) {
      Question& q = by_path[path];
      q.path = path;
      ++q.programmes;
      if (programme.missing.size() == 1) ++q.settles;
      if (programme.amount.known() && (!q.amount_at_stake.known() || programme.amount.raw > q.amount_at_stake.raw))
        q.amount_at_stake = programme.amount;
    }
  }
  std::vector<Question> questions;
  questions.reserve(by_path.size());
  for (auto& [path, q] : by_path) {
    const ParsedPath parsed = parse_path(path);
    q.member = parsed.member;
    q.field = rules.schema().find_field(parsed.member ? Level::member : Level::household, parsed.field);
    questions.push_back(q);
  }
  std::sort(questions.begin(), questions.end(), [&](const Question& a, const Question& b) {
    if (a.expected != b.expected) return a.expected > b.expected;
    if (a.settles != b.settles) return a.settles > b.settles;
    const std::int64_t stake_a = a.amount_at_stake.known() ? a.amount_at_stake.raw : -1;
    const std::int64_t stake_b = b.amount_at_stake.known() ? b.amount_at_stake.raw : -1;
    if (stake_a != stake_b) return stake_a > stake_b;
    return schema_order(rules, a) < schema_order(rules, b);
  });
  return questions;
}

std::string question_label(const RuleSet& rules, const Question& question, std::string_view language) {
  const std::string& text = question.field->question_text(language);
  if (!question.member) return text;
  std::string label = rules.label(Label::member, language);  // "member 2: <question>", for every question of every answer
  label += ' ';
  label += std::to_string(*question.member + 1);
  label += ": ";
  label += text;
  return label;
}

std::string fetch_note(const RuleSet& rules, const Question& question, std::string_view language) {
  if (!question.fetch()) return {};
  return fmt::format(" [{} {}: {}]", rules.label(Label::fetch_from, language), question.field->source_agency,
                     question.field->source_data);
}

std::string to_json(const RuleSet& rules, const HouseholdOutcome& outcome, const std::vector<Question>& questions,
                    std::string_view language, const QuestionsJsonOptions& options) {
  using detail::append_json_string;
  std::string out = to_json(outcome, language, rules.labels(), options.detail);
  out.pop_back();  // the outcome object's closing brace
  out += ",\"questions\":[";
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    if (i) out += ',';
    out += "{\"path\":";
    append_json_string(out, q.path);
    out += ",\"member\":";
    out += q.member ? std::to_string(*q.member) : "null";
    out += ",\"field\":";
    append_json_string(out, q.field->name);
    out += ",\"question\":";
    append_json_string(out, question_label(rules, q, language));
    out += ",\"source\":";
    if (q.fetch()) {
      out += "{\"agency\":";
      append_json_string(out, q.field->source_agency);
      out += ",\"data\":";
      append_json_string(out, q.field->source_data);
      out += '}';
    } else {
      out += "null";
    }
    char number[64];
    out += ",\"programmes\":";
    out.append(number, std::to_chars(number, number + sizeof number, q.programmes).ptr);
    out += ",\"settles\":";
    out.append(number, std::to_chars(number, number + sizeof number, q.settles).ptr);
    out += ",\"expected\":";
    out.append(number, std::to_chars(number, number + sizeof number, q.expected, std::chars_format::fixed, 4).ptr);
    out += ",\"amount_at_stake\":";
    if (q.amount_at_stake.known()) append_json_string(out, q.amount_at_stake.to_string());
    else out += "null";
    out += '}';
  }
  out += ']';
  if (!options.relied_on) {
    out += '}';
    return out;
  }
  out += ",\"relied_on\":{";
  for (std::size_t p = 0; p < outcome.programmes.size(); ++p) {
    if (p) out += ',';
    append_json_string(out, outcome.programmes[p].programme->id);
    out += ":[";
    const auto fields = fields_relied_on(rules, outcome.programmes[p]);
    for (std::size_t f = 0; f < fields.size(); ++f) {
      if (f) out += ',';
      const std::size_t at = out.size();
      append_json_string(out, fields[f]->name);
      if (fields[f]->level == Level::member) out.insert(at + 1, "members[].");  // after the opening quote
    }
    out += ']';
  }
  out += "}}";
  return out;
}

}  // namespace ssis
