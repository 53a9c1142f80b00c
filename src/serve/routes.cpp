#include "serve/routes.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <chrono>
#include <initializer_list>
#include <limits>
#include <map>

#include "serve/json_members.hpp"
#include "ssis/ssis.hpp"
#include "ssis/sweep.hpp"

namespace ssis::serve {
namespace {

using detail::append_json_string;

// A reply that is either the answer or the refusal of a request's parameters.
template <typename T>
struct Checked {
  std::optional<T> value;
  std::optional<Reply> refusal;
};

Reply bad_request(std::string_view path, std::string_view message) { return error_reply(400, "invalid_parameter", message, path); }

Reply invalid(const InputError& e, std::string kind, std::string_view prefix = {}) {
  return error_reply(400, std::move(kind), e.reason(), std::string(prefix) + e.path(), e.line(), e.column());
}

// Refuses a query parameter the route does not take, or one given twice (except the `repeatable`).
std::optional<Reply> check_parameters(const Request& request, std::initializer_list<std::string_view> accepted,
                                      std::initializer_list<std::string_view> repeatable = {}) {
  for (const auto& [name, value] : request.params) {
    bool known = false;
    for (const std::string_view a : accepted) known = known || a == name;
    if (!known)
      return bad_request(name, fmt::format("not a parameter of this route (it takes: {})", fmt::join(accepted, ", ")));
    bool many = false;
    for (const std::string_view r : repeatable) many = many || r == name;
    if (!many && request.param_count(name) > 1) return bad_request(name, "given more than once");
  }
  return std::nullopt;
}

// The `date` parameter, by default today by the system clock (UTC).
Checked<Date> evaluation_date(const Request& request) {
  if (!request.has_param("date")) {
    const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()).time_since_epoch().count();
    return {Date::from_days(static_cast<std::int32_t>(days)), {}};
  }
  const std::string text = request.param("date");
  if (const auto date = Date::parse(text)) return {*date, {}};
  return {{}, bad_request("date", fmt::format("'{}' is not a date (YYYY-MM-DD)", text))};
}

// A true-or-false parameter: true, 1, false or 0; `fallback` when it is not given.
Checked<bool> flag(const Request& request, const std::string& name, bool fallback) {
  if (!request.has_param(name)) return {fallback, {}};
  const std::string text = request.param(name);
  if (text == "false" || text == "0") return {false, {}};
  if (text == "true" || text == "1") return {true, {}};
  return {{}, bad_request(name, fmt::format("'{}' is not true or false", text))};
}

// The `questions` parameter: how many of the next questions to list, best first; every one
// when it is not given.
Checked<std::size_t> question_count(const Request& request) {
  if (!request.has_param("questions")) return {std::numeric_limits<std::size_t>::max(), {}};
  const std::string text = request.param("questions");
  std::size_t count = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    return {{}, bad_request("questions", fmt::format("'{}' is not a number of questions (0 or more)", text))};
  return {count, {}};
}

// The `view` parameter: `full` (the default) or `decisions`.
Checked<OutcomeDetail> outcome_detail(const Request& request) {
  const std::string text = request.has_param("view") ? request.param("view") : "full";
  if (text == "full") return {OutcomeDetail::full, {}};
  if (text == "decisions") return {OutcomeDetail::decisions, {}};
  return {{}, bad_request("view", fmt::format("'{}' is not a view (full, decisions)", text))};
}

Checked<std::string> language(const LoadedRuleSet& loaded, const Request& request) {
  const std::string text = request.has_param("lang") ? request.param("lang") : "en";
  const std::set<std::string>& languages = loaded.languages;
  if (languages.empty() || languages.count(text)) return {text, {}};
  return {{}, bad_request("lang", fmt::format("'{}': no programme has a name in that language (available: {})", text,
                                             fmt::join(languages, ", ")))};
}

// The households of the body, at most `limit`; their ids go to the reply for the access log.
Checked<std::vector<Household>> households(const Request& request, std::size_t limit, Reply& reply) {
  std::vector<Household> read;
  try {
    read = parse_households_json(request.body);
  } catch (const InputError& e) {
    return {{}, invalid(e, "invalid_json")};
  }
  if (read.size() > limit)
    return {{}, error_reply(413, "too_many_households", fmt::format("{} households; at most {} per request", read.size(), limit))};
  for (const Household& household : read) reply.household_ids.push_back(household.id);
  return {std::move(read), {}};
}

// One Evaluator per thread, rule set and choice of naming missing facts, made again when the
// rule set is reloaded.
Evaluator& evaluator_for(const LoadedRuleSet& loaded, const ApiLimits& limits, bool missing_facts) {
  struct Cached {
    std::uint64_t generation;
    Evaluator evaluator;
  };
  thread_local std::map<std::pair<std::string, bool>, Cached, std::less<>> cache;
  const std::pair<std::string, bool> key{loaded.name, missing_facts};
  auto it = cache.find(key);
  if (it == cache.end() || it->second.generation != loaded.generation) {
    EvaluationOptions options;
    options.max_members = limits.max_members;
    options.missing_facts = missing_facts;
    it = cache.insert_or_assign(key, Cached{loaded.generation, Evaluator(loaded.rules, options)}).first;
  }
  return it->second.evaluator;
}

// The `missing` parameter, and how many questions to list with it: without the missing
// facts there are none to rank, so `missing=false` lists none unless asked, and refuses a
// number of questions.
Checked<std::pair<bool, std::size_t>> missing_and_questions(const Request& request) {
  const Checked<bool> missing = flag(request, "missing", true);
  if (missing.refusal) return {{}, missing.refusal};
  const Checked<std::size_t> questions = question_count(request);
  if (questions.refusal) return {{}, questions.refusal};
  if (*missing.value) return {std::pair{true, *questions.value}, {}};
  if (request.has_param("questions") && *questions.value > 0)
    return {{}, bad_request("questions", "the next questions are worked out from the missing facts: with missing=false, ask for questions=0 or none")};
  return {std::pair{false, std::size_t{0}}, {}};
}

// Evaluates the body's households as `ssis eval --format json` does: one object for one
// household, else an array; at most `limit` households.
Reply evaluate_households(const LoadedRuleSet& loaded, const Request& request, const ApiLimits& limits, std::size_t limit) {
  if (auto refused = check_parameters(request, {"date", "explain", "lang", "missing", "questions", "relied_on", "view"})) return *refused;
  Reply reply;
  const Checked<Date> date = evaluation_date(request);
  if (date.refusal) return *date.refusal;
  const Checked<bool> explained = flag(request, "explain", false);
  if (explained.refusal) return *explained.refusal;
  const Checked<std::pair<bool, std::size_t>> missing_questions = missing_and_questions(request);
  if (missing_questions.refusal) return *missing_questions.refusal;
  const auto [missing, questions] = *missing_questions.value;
  const Checked<bool> relied_on = flag(request, "relied_on", true);
  if (relied_on.refusal) return *relied_on.refusal;
  const Checked<OutcomeDetail> detail = outcome_detail(request);
  if (detail.refusal) return *detail.refusal;
  const Checked<std::string> lang = language(loaded, request);
  if (lang.refusal) return *lang.refusal;
  const Checked<std::vector<Household>> read = households(request, limit, reply);
  if (read.refusal) return *read.refusal;
  const std::vector<Household>& list = *read.value;
  Evaluator& evaluator = evaluator_for(loaded, limits, missing);
  std::string body = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    HouseholdOutcome outcome;
    try {
      outcome = evaluator.evaluate(list[i], *date.value, *explained.value);
    } catch (const InputError& e) {
      Reply refused = invalid(e, "invalid_input", list.size() > 1 ? fmt::format("[{}].", i) : std::string());
      refused.household_ids = reply.household_ids;
      return refused;
    }
    std::vector<Question> asked;
    if (questions > 0) asked = evaluator.questions(outcome);
    if (asked.size() > questions) asked.resize(questions);
    if (i) body += ",\n";
    body += to_json(loaded.rules, outcome, asked, *lang.value, {.relied_on = *relied_on.value, .detail = *detail.value});
  }
  reply.body = list.size() == 1 ? body.substr(1) : body + "]";
  reply.body += "\n";
  reply.date = *date.value;
  return reply;
}

void append_languages(std::string& out, const std::map<std::string, std::string>& texts) {
  out += "{";
  for (const auto& [code, text] : texts) append_member(out, code, text);
  out += "}";
}

void append_strings(std::string& out, const std::vector<std::string>& items) {
  out += "[";
  for (const std::string& item : items) {
    if (out.back() != '[') out += ",";
    append_json_string(out, item);
  }
  out += "]";
}

void append_optional_date(std::string& out, const std::optional<Date>& date) {
  if (date) append_json_string(out, date->to_string());
  else out += "null";
}

// What the list of programmes shows of each; `detailed` adds the criteria, the amount formula
// and the notes.
void append_programme(std::string& out, const ProgrammeInfo& p, bool detailed) {
  out += "{";
  append_member(out, "id", p.id);
  append_key(out, "name");
  append_languages(out, p.name);
  append_key(out, "ministry");
  append_languages(out, p.ministry);
  append_member(out, "legal_basis", p.legal_basis);
  append_member(out, "url", p.url);
  append_member(out, "unit", to_string(p.unit));
  append_key(out, "amount_period");
  if (p.amount_period) append_json_string(out, to_string(*p.amount_period));
  else out += "null";
  append_key(out, "active_from");
  append_optional_date(out, p.active_from);
  append_key(out, "active_to");
  append_optional_date(out, p.active_to);
  if (detailed) {
    append_member(out, "department", p.department);
    append_member(out, "catalogue_id", p.catalogue_id);
    append_member(out, "support_cycle", p.support_cycle);
    append_key(out, "provision");
    append_strings(out, p.provision);
    append_member(out, "amount_formula", p.amount_formula);
    append_key(out, "criteria");
    out += "[";
    for (const CriterionInfo& c : p.criteria) {
      if (out.back() != '[') out += ",";
      out += "{";
      append_member(out, "id", c.id);
      append_member(out, "description", c.description);
      append_member(out, "decided_by", c.decided_by);
      append_member(out, "condition", c.condition);
      out += "}";
    }
    out += "],\"not_encoded\":";
    append_strings(out, p.not_encoded);
    out += ",\"notes\":";
    append_strings(out, p.notes);
  }
  out += "}";
}

// {"rule_set","fingerprint","date"}: what every answer about a rule set rests on.
std::string receipt(const RuleSet& rules, Date date) {
  std::string out = "{";
  append_member(out, "rule_set", rules.id());
  append_member(out, "fingerprint", rules.fingerprint());
  append_member(out, "date", date.to_string());
  return out + "}";
}

}  // namespace

Reply error_reply(int status, std::string kind, std::string_view message, std::string_view path, int line, int column) {
  Reply reply;
  reply.status = status;
  reply.body = "{\"error\":{";
  append_member(reply.body, "kind", kind);
  append_member(reply.body, "message", message);
  if (!path.empty()) append_member(reply.body, "path", path);
  if (line > 0) reply.body += fmt::format(",\"line\":{},\"column\":{}", line, column);
  reply.body += "}}\n";
  reply.error_kind = std::move(kind);
  return reply;
}

Reply evaluate(const LoadedRuleSet& loaded, const Request& request, const ApiLimits& limits) {
  return evaluate_households(loaded, request, limits, limits.max_households);
}

Reply next_questions(const LoadedRuleSet& loaded, const Request& request, const ApiLimits& limits) {
  return evaluate_households(loaded, request, limits, 1);
}

Reply programmes(const LoadedRuleSet& loaded, const Request& request) {
  if (auto refused = check_parameters(request, {"date"})) return *refused;
  const Checked<Date> date = evaluation_date(request);
  if (date.refusal) return *date.refusal;
  Reply reply;
  reply.date = *date.value;
  reply.body = "{\"receipt\":" + receipt(loaded.rules, *date.value) + ",\"programmes\":[";
  for (const ProgrammeInfo& p : loaded.rules.programmes()) {
    const bool in_force = (!p.active_from || *p.active_from <= *date.value) && (!p.active_to || *date.value <= *p.active_to);
    if (!in_force) continue;
    if (reply.body.back() != '[') reply.body += ",\n";
    append_programme(reply.body, p, false);
  }
  reply.body += "]}\n";
  return reply;
}

Reply programme(const LoadedRuleSet& loaded, const Request& request, std::string_view id) {
  if (auto refused = check_parameters(request, {"date"})) return *refused;
  const Checked<Date> date = evaluation_date(request);
  if (date.refusal) return *date.refusal;
  const int index = loaded.rules.programme_index(id);
  if (index < 0) return error_reply(404, "not_found", fmt::format("{} has no programme '{}'", loaded.name, id));
  Reply reply;
  reply.date = *date.value;
  reply.body = "{\"receipt\":" + receipt(loaded.rules, *date.value) + ",\"programme\":";
  append_programme(reply.body, loaded.rules.programmes()[static_cast<std::size_t>(index)], true);
  reply.body += "}\n";
  return reply;
}

Reply input_schema(const LoadedRuleSet& loaded, const Request& request, const ApiLimits& limits) {
  if (auto refused = check_parameters(request, {})) return *refused;
  Reply reply;
  reply.content_type = "application/schema+json";
  reply.body = to_json_schema(loaded.rules.schema(), {.title = loaded.rules.id(), .max_members = limits.max_members});
  return reply;
}

Reply whatif(const LoadedRuleSet& loaded, const Request& request, const ApiLimits& limits) {
  if (auto refused = check_parameters(request, {"vary", "income", "date"}, {"vary", "income"})) return *refused;
  const Checked<Date> date = evaluation_date(request);
  if (date.refusal) return *date.refusal;
  const std::size_t axes_given = request.param_count("vary");
  if (axes_given == 0) return bad_request("vary", "required: PATH=FROM:TO:STEP (twice: a grid)");
  std::vector<SweepAxis> axes;
  try {
    for (std::size_t i = 0; i < axes_given; ++i) axes.push_back(parse_sweep_axis(request.param("vary", i)));
  } catch (const InputError& e) {
    return bad_request("vary", fmt::format("{}: {}", e.path(), e.reason()));
  }
  Reply reply;
  const Checked<std::vector<Household>> read = households(request, 1, reply);
  if (read.refusal) return *read.refusal;
  SweepOptions options;
  options.date = *date.value;
  options.threads = 1;  // one request does not take every core from the others
  options.max_points = limits.max_sweep_points;
  for (std::size_t i = 0; i < request.param_count("income"); ++i)
    options.income_fields.push_back(request.param("income", i));
  SweepResult result;
  try {
    result = sweep(loaded.rules, read.value->front(), axes, options);
  } catch (const InputError& e) {
    Reply refused = invalid(e, "invalid_input");
    refused.household_ids = reply.household_ids;
    return refused;
  }
  reply.body = sweep_json(loaded.rules, result, *date.value);
  reply.date = *date.value;
  return reply;
}

}  // namespace ssis::serve
