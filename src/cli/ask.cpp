#include "cli/ask.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/languages.hpp"
#include "cli/rule_set_commands.hpp"
#include "io/json.hpp"
#include "io/utf8.hpp"
#include "ssis/ssis.hpp"

namespace ssis::cli {
namespace {

std::string hint(const RuleSet& rules, const FieldInfo& field, std::string_view language) {
  switch (field.type.kind) {
    case ValueKind::boolean: return rules.label(Label::answer_yes_or_no, language);
    case ValueKind::enumeration: {
      std::string values;
      for (const auto& v : rules.schema().enums()[static_cast<std::size_t>(field.type.enum_index)].values)
        values += (values.empty() ? "" : ", ") + v;
      return fmt::format("{}: {}", rules.label(Label::answer_one_of, language), values);
    }
    case ValueKind::date: return rules.label(Label::answer_date, language);
    default: return rules.label(Label::answer_number, language);
  }
}

// `text` is the rule set's word for yes (or no) in `language` or in English, or y/n, true/false.
bool answers(const RuleSet& rules, Label word, std::string_view language, std::string_view text) {
  const bool yes = word == Label::answer_yes;
  return text == (yes ? "y" : "n") || text == (yes ? "true" : "false") || text == rules.label(word, language) ||
         text == rules.label(word, "en");
}

// The answer typed for `field`, or nothing when it is not one.
std::optional<InputValue> parse_answer(const RuleSet& rules, const FieldInfo& field, std::string_view language,
                                       std::string_view text) {
  switch (field.type.kind) {
    case ValueKind::boolean:
      if (answers(rules, Label::answer_yes, language, text)) return InputValue{true};
      if (answers(rules, Label::answer_no, language, text)) return InputValue{false};
      return std::nullopt;
    case ValueKind::enumeration:
      if (rules.schema().enums()[static_cast<std::size_t>(field.type.enum_index)].find(text) < 0) return std::nullopt;
      return InputValue{std::string(text)};
    case ValueKind::date:
      if (auto date = Date::parse(text)) return InputValue{*date};
      return std::nullopt;
    case ValueKind::integer: {
      std::int64_t value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
      return InputValue{value};
    }
    default:
      if (auto value = Decimal::parse(text)) return InputValue{*value};
      return std::nullopt;
  }
}

void append_record(std::string& out, const InputRecord& record) {
  bool first = true;
  for (const auto& [name, value] : record.fields) {
    out += first ? "" : ", ";
    first = false;
    detail::append_json_string(out, name);
    out += ": ";
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) out += "null";
          else if constexpr (std::is_same_v<T, bool>) out += v ? "true" : "false";
          else if constexpr (std::is_same_v<T, std::int64_t>) out += std::to_string(v);
          else if constexpr (std::is_same_v<T, Decimal>) out += v.to_string();
          else if constexpr (std::is_same_v<T, Date>) detail::append_json_string(out, v.to_string());
          else detail::append_json_string(out, v);
        },
        value);
  }
}

std::string household_json(const Household& household) {
  std::string out = "{\"id\": ";
  detail::append_json_string(out, household.id);
  out += household.fields.empty() ? "" : ", ";
  append_record(out, household);
  out += ", \"members\": [";
  for (std::size_t m = 0; m < household.members.size(); ++m) {
    out += m ? ", {" : "{";
    append_record(out, household.members[m]);
    out += "}";
  }
  return out + "]}\n";
}

// Names a question's fact whether or not it has a path (required fields asked first have none).
std::string fact_key(const Question& q) { return fmt::format("{}.{}", q.member ? static_cast<long long>(*q.member) : -1LL, q.field->name); }

std::optional<Household> read_household(const AskArguments& a) {
  if (a.household.empty()) {
    Household household;
    household.id = "interview";
    household.add_member();
    return household;
  }
  std::ifstream stream(a.household, std::ios::binary);
  if (!stream) {
    std::cerr << fmt::format("{}: cannot be read\n", a.household);
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << stream.rdbuf();
  try {
    return parse_household_json(buffer.str(), "interview");
  } catch (const InputError& e) {
    std::cerr << fmt::format("{}: {}\n", a.household, e.what());
    return std::nullopt;
  }
}

// The fields a household must give before it can be evaluated: asked first.
std::vector<Question> required_questions(const RuleSet& rules, const Household& household) {
  std::vector<Question> out;
  for (const auto& field : rules.schema().household_fields())
    if (field.required && !household.find(field.name)) out.push_back({.field = &field});
  for (std::size_t m = 0; m < household.members.size(); ++m)
    for (const auto& field : rules.schema().member_fields())
      if (field.required && !household.members[m].find(field.name)) out.push_back({.member = m, .field = &field});
  return out;
}

}  // namespace

int ask(const AskArguments& a) {
  const auto date = Date::parse(a.date);
  if (!date) {
    std::cerr << fmt::format("--date '{}' is not a date (YYYY-MM-DD)\n", a.date);
    return 2;
  }
  auto rules = load_rules(a.rules);
  if (!rules) return 1;
  if (!language_available(*rules, a.rules, a.language)) return 2;
  auto household = read_household(a);
  if (!household) return 2;
  if (household->members.empty()) {
    std::cerr << fmt::format("{}: members: a household has at least one member\n", a.household);
    return 2;
  }
  const auto word = [&](Label label) -> const std::string& { return rules->label(label, a.language); };
  Evaluator evaluator(*rules);
  std::set<std::string> eligible;
  std::set<std::string> skipped;
  // The last answer: taken back when the household does not fit the schema with it.
  InputRecord* answered = nullptr;
  std::string answered_field;
  std::string answered_path;
  const auto save = [&] {
    if (a.save.empty()) return true;
    std::ofstream out(a.save, std::ios::binary);
    out << household_json(*household);
    out.close();
    if (!out) {
      std::cerr << fmt::format("{}: cannot be written\n", a.save);
      return false;
    }
    std::cout << fmt::format("{} {}\n", word(Label::household_saved), a.save);
    return true;
  };
  for (;;) {
    std::vector<Question> questions = required_questions(*rules, *household);
    if (questions.empty()) {
      HouseholdOutcome outcome;
      try {
        outcome = evaluator.evaluate(*household, *date);
      } catch (const InputError& e) {
        if (!answered || e.path() != answered_path) {  // not the last answer: the household read does not fit
          std::cerr << fmt::format("{}: {}: {}\n", a.household.empty() ? a.rules : a.household, e.path(), e.reason());
          return 2;
        }
        std::cout << fmt::format("{} {}: {}\n", word(Label::not_an_answer), e.path(), e.reason());
        std::erase_if(answered->fields, [&](const auto& field) { return field.first == answered_field; });
        answered = nullptr;
        continue;
      }
      for (const ProgrammeOutcome& p : outcome.programmes)
        if (p.status == Status::eligible && eligible.insert(p.programme->id).second) {
          const std::string amount = amount_text(rules->labels(), p.amount, p.programme->amount_period, a.language);
          std::cout << fmt::format("{}: {}{}\n", word(Label::now_eligible), p.programme->display_name(a.language),
                                   amount.empty() ? "" : " " + amount);
        }
      questions = evaluator.questions(outcome);
    }
    std::erase_if(questions, [&](const Question& q) { return skipped.count(fact_key(q)) > 0; });
    if (questions.empty()) {
      std::cout << word(Label::nothing_left) << "\n";
      return save() ? 0 : 2;
    }
    const Question& q = questions.front();
    std::cout << fmt::format("{}{} [{}] {} ", question_label(*rules, q, a.language), fetch_note(*rules, q, a.language),
                             hint(*rules, *q.field, a.language), word(Label::answer_keys))
              << std::flush;
    std::string line;
    if (!std::getline(std::cin, line) || line == "q") {
      std::cout << "\n";
      return save() ? 0 : 2;
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line == "s") {
      skipped.insert(fact_key(q));
      continue;
    }
    const auto value = parse_answer(*rules, *q.field, a.language, line);
    if (!value) {
      constexpr std::size_t shown = 80;  // of a long answer, its beginning
      std::cout << fmt::format("{} {}{}\n", word(Label::not_an_answer), detail::quoted(std::string_view(line).substr(0, shown)), line.size() > shown ? "..." : "");
      continue;
    }
    answered = q.member ? &household->members[*q.member] : static_cast<InputRecord*>(&*household);
    answered_field = q.field->name;
    answered_path = q.member ? fmt::format("members[{}].{}", *q.member, answered_field) : answered_field;
    answered->set(answered_field, *value);
  }
}

}  // namespace ssis::cli
