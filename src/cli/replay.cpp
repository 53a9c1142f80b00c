#include "cli/replay.hpp"

#include <fmt/format.h>

#include <iostream>
#include <map>

#include "cli/household_file.hpp"
#include "cli/rule_set_commands.hpp"
#include "io/json.hpp"
#include "io/utf8.hpp"
#include "ssis/ssis.hpp"

namespace ssis::cli {
namespace {

using detail::JsonValue;

// Differences shown per household before the rest are only counted.
constexpr std::size_t differences_shown = 20;

const JsonValue* find_member(const JsonValue& object, std::string_view key) {
  if (object.kind != JsonValue::Kind::object) return nullptr;
  for (const auto& m : object.members)
    if (m.key == key) return &m.value;
  return nullptr;
}

std::string compact(const JsonValue& value) {
  std::string out;
  detail::append_compact_json(out, value);
  return out;
}

// The item's place in an array: its "id" when it has one (programmes), else its index.
std::string item_path(const std::string& path, const JsonValue& item, std::size_t index) {
  const JsonValue* id = find_member(item, "id");
  return fmt::format("{}[{}]", path, id && id->kind == JsonValue::Kind::string ? id->text : std::to_string(index));
}

std::string shown(const JsonValue& value) {
  std::string text = compact(value);
  if (text.size() > 120) text = text.substr(0, 117) + "...";
  return detail::escaped(text);
}

// Every place where the saved outcome and the replayed one differ, by path.
void differences(const JsonValue& saved, const JsonValue& replayed, const std::string& path, std::vector<std::string>& out) {
  if (saved.kind != replayed.kind) {
    out.push_back(fmt::format("{}: {} in the receipt, {} on replay", path, shown(saved), shown(replayed)));
    return;
  }
  if (saved.kind == JsonValue::Kind::object) {
    for (const auto& m : replayed.members) {
      if (path.empty() && m.key == "receipt") continue;  // said first, as another rule set or input
      const std::string inner = path.empty() ? m.key : fmt::format("{}.{}", path, m.key);
      if (const JsonValue* s = find_member(saved, m.key)) differences(*s, m.value, inner, out);
      else out.push_back(fmt::format("{}: absent from the receipt, {} on replay", inner, shown(m.value)));
    }
    for (const auto& m : saved.members)
      if (!find_member(replayed, m.key))
        out.push_back(fmt::format("{}{}{}: {} in the receipt, absent on replay", path, path.empty() ? "" : ".", m.key, shown(m.value)));
    return;
  }
  if (saved.kind == JsonValue::Kind::array) {
    const std::size_t common = std::min(saved.items.size(), replayed.items.size());
    for (std::size_t i = 0; i < common; ++i) differences(saved.items[i], replayed.items[i], item_path(path, replayed.items[i], i), out);
    if (saved.items.size() != replayed.items.size())
      out.push_back(fmt::format("{}: {} items in the receipt, {} on replay", path, saved.items.size(), replayed.items.size()));
    return;
  }
  if (compact(saved) != compact(replayed))
    out.push_back(fmt::format("{}: {} in the receipt, {} on replay", path, shown(saved), shown(replayed)));
}

// The saved outcome with only the members the outcome itself has: what `ssis eval` adds
// after it (the next questions, the facts relied on) depends on its options, not on the
// decision.
JsonValue decision_part(const JsonValue& saved, const JsonValue& replayed) {
  JsonValue out;
  out.kind = JsonValue::Kind::object;
  for (const auto& m : replayed.members)
    if (const JsonValue* s = find_member(saved, m.key)) out.members.push_back({m.key, *s});
  return out;
}

std::optional<JsonValue> read_json_file(const std::string& path) {
  const std::optional<std::string> text = read_file_text(path);
  if (!text) return std::nullopt;
  try {
    return detail::parse_json(*text);
  } catch (const InputError& e) {
    std::cerr << fmt::format("{}: {}\n", path, e.what());
    return std::nullopt;
  }
}

struct SavedReceipt {
  std::string household;
  std::map<std::string, std::string> fields;  // rule_set, version, fingerprint, date, input
  Date date;
  bool explained = false;
  std::string language = "en";  // of the names and amount texts, replayed in the same language
};

constexpr const char* receipt_fields[] = {"rule_set", "version", "fingerprint", "date", "input"};

// The receipt of a saved outcome; nullopt after naming what is missing.
std::optional<SavedReceipt> saved_receipt(const JsonValue& outcome, const std::string& file, const std::string& where) {
  const auto fail = [&](std::string_view what) {
    std::cerr << fmt::format("{}:{}:{}: {}{}\n", file, outcome.line, outcome.column, where, what);
    return std::nullopt;
  };
  const JsonValue* household = find_member(outcome, "household");
  if (!household || household->kind != JsonValue::Kind::string) return fail("household: missing or not a string");
  const JsonValue* receipt = find_member(outcome, "receipt");
  if (!receipt || receipt->kind != JsonValue::Kind::object) return fail("receipt: missing or not an object");
  SavedReceipt out;
  out.household = household->text;
  for (const char* name : receipt_fields) {
    const JsonValue* field = find_member(*receipt, name);
    if (!field || field->kind != JsonValue::Kind::string) return fail(fmt::format("receipt.{}: missing or not a string", name));
    out.fields[name] = field->text;
  }
  const auto date = Date::parse(out.fields["date"]);
  if (!date) return fail(fmt::format("receipt.date: '{}' is not a date", detail::escaped(out.fields["date"])));
  out.date = *date;
  if (const JsonValue* language = find_member(outcome, "language")) {
    if (language->kind != JsonValue::Kind::string) return fail("language: not a string");
    out.language = language->text;
  }
  if (const JsonValue* programmes = find_member(outcome, "programmes"); programmes && programmes->kind == JsonValue::Kind::array)
    for (const JsonValue& p : programmes->items) out.explained = out.explained || find_member(p, "legal_basis") != nullptr;
  return out;
}

// What differs between the saved receipt and the rule set, said first: it explains the rest.
std::vector<std::string> rule_set_differences(const SavedReceipt& saved, const RuleSet& rules) {
  std::vector<std::string> out;
  const std::pair<const char*, const std::string*> current[] = {
      {"rule_set", &rules.id()}, {"version", &rules.version()}, {"fingerprint", &rules.fingerprint()}};
  for (const auto& [name, value] : current)
    if (saved.fields.at(name) != *value)
      out.push_back(fmt::format("another rule set: {} '{}' in the receipt, '{}' in RULES", name,
                                detail::escaped(saved.fields.at(name)), *value));
  return out;
}

}  // namespace

int replay(const ReplayArguments& a) {
  const std::optional<JsonValue> saved = read_json_file(a.receipts);
  if (!saved) return 2;
  std::vector<const JsonValue*> outcomes;
  if (saved->kind == JsonValue::Kind::array)
    for (const JsonValue& item : saved->items) outcomes.push_back(&item);
  else outcomes.push_back(&*saved);
  if (outcomes.empty()) {
    std::cerr << fmt::format("{}: holds no outcome\n", a.receipts);
    return 2;
  }
  std::vector<SavedReceipt> receipts;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const std::string where = saved->kind == JsonValue::Kind::array ? fmt::format("[{}].", i) : std::string();
    auto receipt = saved_receipt(*outcomes[i], a.receipts, where);
    if (!receipt) return 2;
    receipts.push_back(std::move(*receipt));
  }
  auto rules = load_rules(a.rules, a.reform);
  if (!rules) return 2;
  const std::optional<std::vector<Household>> households = read_households_file(a.input);
  if (!households) return 2;
  // The n-th outcome of a household id is replayed from the n-th household with that id.
  std::map<std::string, std::vector<std::size_t>> by_id;
  for (std::size_t h = 0; h < households->size(); ++h) by_id[(*households)[h].id].push_back(h);
  std::map<std::string, std::size_t> used;
  Evaluator evaluator(*rules);
  bool all_identical = true;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const SavedReceipt& receipt = receipts[i];
    const std::string name = detail::quoted(receipt.household);
    std::vector<std::string> found = rule_set_differences(receipt, *rules);
    const auto candidates = by_id.find(receipt.household);
    const std::size_t occurrence = used[receipt.household]++;
    if (candidates == by_id.end() || occurrence >= candidates->second.size()) {
      found.push_back(fmt::format("another input: {} has no household {}", a.input, name));
      std::cout << fmt::format("household {}: differs\n", name);
      for (const std::string& line : found) std::cout << "  " << line << "\n";
      all_identical = false;
      continue;
    }
    HouseholdOutcome outcome;
    try {
      outcome = evaluator.evaluate((*households)[candidates->second[occurrence]], receipt.date, receipt.explained);
    } catch (const InputError& e) {
      std::cerr << fmt::format("{}: household {}: {}: {}\n", a.input, name, e.path(), e.reason());
      return 2;
    }
    if (receipt.fields.at("input") != outcome.receipt.input)
      found.push_back(fmt::format("another input: input '{}' in the receipt, '{}' in INPUT", detail::escaped(receipt.fields.at("input")),
                                  outcome.receipt.input));
    const std::string replayed_text = to_json(outcome, receipt.language, rules->labels());
    const JsonValue replayed = detail::parse_json(replayed_text);
    const JsonValue decision = decision_part(*outcomes[i], replayed);
    if (compact(decision) == replayed_text && found.empty()) {
      std::cout << fmt::format("household {}: identical ({} programmes, {})\n", name, outcome.programmes.size(), receipt.date.to_string());
      continue;
    }
    all_identical = false;
    std::vector<std::string> decisions;
    differences(decision, replayed, "", decisions);
    std::cout << fmt::format("household {}: differs\n", name);
    for (const std::string& line : found) std::cout << "  " << line << "\n";
    for (std::size_t d = 0; d < std::min(decisions.size(), differences_shown); ++d) std::cout << "  " << decisions[d] << "\n";
    if (decisions.size() > differences_shown)
      std::cout << fmt::format("  ... and {} more differences\n", decisions.size() - differences_shown);
  }
  return all_identical ? 0 : 1;
}

}  // namespace ssis::cli
