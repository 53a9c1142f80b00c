#include <fmt/format.h>

#include "io/json.hpp"
#include "ssis/outcome.hpp"
#include "ssis/outcome_text.hpp"

namespace ssis {
namespace {

// The words of a JSON outcome: the rule set's labels in one language.
struct JsonWords {
  const Labels& labels;
  std::string_view language;
  OutcomeDetail detail;
  bool missing_named;  // else "missing" is null: not worked out
};

using detail::append_json_string;

void append_value(std::string& out, const Value& v) {
  if (!v.known()) {
    out += "null";
    return;
  }
  switch (v.kind) {
    case ValueKind::boolean: out += v.raw != 0 ? "true" : "false"; return;
    case ValueKind::integer: out += std::to_string(v.raw); return;
    // Exact decimals are written as strings so no reader turns them into binary floats.
    default: append_json_string(out, v.to_string()); return;
  }
}

void append_knowledge(std::string& out, const Value& v) {
  out += v.knowledge == Knowledge::known ? "\"known\"" : (v.knowledge == Knowledge::unknown ? "\"unknown\"" : "\"error\"");
}

void append_strings(std::string& out, const std::vector<std::string_view>& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, items[i]);
  }
  out += ']';
}

void append_explained_values(std::string& out, const std::vector<ExplainedValue>& values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += "{\"expression\":";
    append_json_string(out, values[i].expression);
    out += ",\"value\":";
    append_value(out, values[i].value);
    out += '}';
  }
  out += ']';
}

void append_criterion(std::string& out, const CriterionOutcome& c) {
  out += "{\"id\":";
  append_json_string(out, c.criterion->id);
  out += ",\"description\":";
  append_json_string(out, c.criterion->description);
  out += ",\"decided_by\":";
  append_json_string(out, c.criterion->decided_by);
  out += ",\"value\":";
  append_value(out, c.value);
  out += ",\"knowledge\":";
  append_knowledge(out, c.value);
  if (c.explanation) {
    out += ",\"comparisons\":[";
    for (std::size_t i = 0; i < c.explanation->comparisons.size(); ++i) {
      const auto& cmp = c.explanation->comparisons[i];
      if (i) out += ',';
      out += "{\"expression\":";
      append_json_string(out, cmp.expression);
      out += ",\"op\":";
      append_json_string(out, cmp.op);
      out += ",\"left\":";
      append_value(out, cmp.left);
      out += ",\"right\":";
      append_value(out, cmp.right);
      out += ",\"result\":";
      append_value(out, cmp.result);
      out += ",\"margin\":";
      if (cmp.margin) append_value(out, *cmp.margin);
      else out += "null";
      out += '}';
    }
    out += "],\"values\":";
    append_explained_values(out, c.explanation->values);
  }
  out += '}';
}

void append_criteria(std::string& out, const std::vector<CriterionOutcome>& criteria) {
  out += '[';
  for (std::size_t c = 0; c < criteria.size(); ++c) {
    if (c) out += ',';
    append_criterion(out, criteria[c]);
  }
  out += ']';
}

// `text`, or null when it is empty.
void append_text_or_null(std::string& out, std::string_view text) {
  if (text.empty()) out += "null";
  else append_json_string(out, text);
}

// The fields a programme's decision and a member's share: status, amount, missing and the
// relation and error fields (null when empty).
template <typename Decision>
void append_decision(std::string& out, const Decision& d, const ProgrammeInfo& info, const JsonWords& words) {
  out += ",\"status\":";
  append_json_string(out, to_string(d.status));
  out += ",\"amount\":";
  append_value(out, d.amount);
  if (words.detail == OutcomeDetail::full) {
    out += ",\"amount_text\":";
    if (info.amount_formula.empty()) out += "null";
    else append_json_string(out, amount_text(words.labels, d.amount, info.amount_period, words.language));
  }
  out += ",\"missing\":";
  if (words.missing_named) append_strings(out, d.missing);
  else out += "null";
  out += ",\"excluded_by\":";
  append_text_or_null(out, d.excluded_by);
  out += ",\"kept_instead\":";
  append_text_or_null(out, d.kept_instead);
  out += ",\"requires\":";
  append_text_or_null(out, d.required_missing);
  out += ",\"error\":";
  append_text_or_null(out, d.error);
}

// The decisions of a programme assessed per member, one object per member assessed.
void append_units(std::string& out, const ProgrammeOutcome& p, bool explained, const JsonWords& words) {
  out += '[';
  for (std::size_t i = 0; i < p.units.size(); ++i) {
    const UnitOutcome& u = p.units[i];
    if (i) out += ',';
    out += fmt::format("{{\"member\":{}", u.member);
    append_decision(out, u, *p.programme, words);
    if (words.detail == OutcomeDetail::full) {
      if (explained) {
        out += ",\"amount_values\":";
        append_explained_values(out, u.amount_explanation);
      }
      out += ",\"criteria\":";
      append_criteria(out, u.criteria);
    }
    out += '}';
  }
  out += ']';
}

// The receipt: what `ssis replay` checks before it evaluates again (docs/audit.md).
void append_receipt(std::string& out, const Receipt& receipt) {
  out += "{\"rule_set\":";
  append_json_string(out, receipt.rule_set);
  out += ",\"version\":";
  append_json_string(out, receipt.version);
  out += ",\"fingerprint\":";
  append_json_string(out, receipt.fingerprint);
  out += ",\"date\":";
  append_json_string(out, receipt.date.to_string());
  out += ",\"input\":";
  append_json_string(out, receipt.input);
  out += '}';
}

// What the programme leaves to people and what its rules could not encode, the parameters
// it used past their `valid_until` and the facts it read older than their `max_age`.
void append_audit_notes(std::string& out, const ProgrammeOutcome& p) {
  out += ",\"left_to\":[";
  bool first = true;
  for (const CriterionInfo& c : p.programme->criteria) {
    if (c.decided_by == "data") continue;
    if (!first) out += ',';
    first = false;
    out += "{\"criterion\":";
    append_json_string(out, c.id);
    out += ",\"decided_by\":";
    append_json_string(out, c.decided_by);
    out += '}';
  }
  out += "],\"not_encoded\":[";
  for (std::size_t i = 0; i < p.programme->not_encoded.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, p.programme->not_encoded[i]);
  }
  out += "],\"stale_parameters\":[";
  for (std::size_t i = 0; i < p.stale_parameters.size(); ++i) {
    if (i) out += ',';
    out += "{\"name\":";
    append_json_string(out, p.stale_parameters[i]->name);
    out += ",\"valid_until\":";
    append_json_string(out, p.stale_parameters[i]->valid_until->to_string());
    out += '}';
  }
  out += "],\"stale_facts\":[";
  for (std::size_t i = 0; i < p.stale_facts.size(); ++i) {
    if (i) out += ',';
    out += "{\"path\":";
    append_json_string(out, p.stale_facts[i].path);
    out += ",\"as_of\":";
    append_json_string(out, p.stale_facts[i].as_of.to_string());
    out += ",\"max_age\":";
    append_json_string(out, p.stale_facts[i].field->max_age->text);
    out += '}';
  }
  out += ']';
}

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::eligible: return "eligible";
    case Status::ineligible: return "ineligible";
    case Status::undetermined: return "undetermined";
    case Status::error: return "error";
  }
  return "?";
}

const ProgrammeOutcome* HouseholdOutcome::find(std::string_view programme_id) const {
  for (const auto& p : programmes)
    if (p.programme->id == programme_id) return &p;
  return nullptr;
}

std::string to_json(const HouseholdOutcome& outcome, std::string_view language, const Labels& labels, OutcomeDetail detail) {
  const JsonWords words{labels, language, detail, outcome.missing_named};
  const bool full = detail == OutcomeDetail::full;
  std::string out = "{\"household\":";
  append_json_string(out, outcome.household_id);
  out += ",\"language\":";
  append_json_string(out, language);
  out += ",\"receipt\":";
  append_receipt(out, outcome.receipt);
  out += ",\"programmes\":[";
  for (std::size_t i = 0; i < outcome.programmes.size(); ++i) {
    const ProgrammeOutcome& p = outcome.programmes[i];
    if (i) out += ',';
    out += "{\"id\":";
    append_json_string(out, p.programme->id);
    if (full) {
      out += ",\"name\":";
      append_json_string(out, p.programme->display_name(language));
      out += ",\"ministry\":";
      append_json_string(out, p.programme->display_ministry(language));
    }
    out += ",\"in_force\":";
    out += p.in_force ? "true" : "false";
    out += ",\"period\":";
    if (p.programme->amount_period) append_json_string(out, to_string(*p.programme->amount_period));
    else out += "null";
    append_decision(out, p, *p.programme, words);
    if (full) {
      if (outcome.explained) {
        out += ",\"legal_basis\":";
        append_json_string(out, p.programme->legal_basis);
        out += ",\"amount_values\":";
        append_explained_values(out, p.amount_explanation);
      }
      append_audit_notes(out, p);
      out += ",\"criteria\":";
      append_criteria(out, p.criteria);
    }
    if (p.programme->unit == ProgrammeUnit::member) {
      out += ",\"unit\":\"member\",\"units\":";
      append_units(out, p, outcome.explained, words);
    }
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace ssis
