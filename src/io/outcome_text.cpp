#include <fmt/format.h>

#include "io/utf8.hpp"
#include "ssis/outcome.hpp"

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

// The amount of a decision (a programme's or a member's) with its period, when it has one.
template <typename Decision>
std::string amount_text(const Decision& d, const ProgrammeInfo& info) {
  if (info.amount_formula.empty() || d.status == Status::ineligible || d.status == Status::error) return "";
  const std::string period = info.amount_period ? fmt::format(" / {}", to_string(*info.amount_period)) : "";
  if (!d.amount.known()) return fmt::format("amount {}", d.amount.to_string());
  return grouped(d.amount) + period;
}

std::string listed(const std::vector<std::string_view>& facts) {
  std::string out;
  for (const auto& m : facts) out += fmt::format("{}{}", out.empty() ? "" : ", ", m);
  return out;
}

template <typename Decision>
std::string failing(const Decision& p, Knowledge knowledge, bool value) {
  std::string ids;
  for (const auto& c : p.criteria) {
    const bool match = c.value.knowledge == knowledge && (knowledge != Knowledge::known || (c.value.raw != 0) == value);
    if (match) ids += fmt::format("{}{}", ids.empty() ? "" : ", ", c.criterion->id);
  }
  return ids;
}

// Each criterion met or not, with its comparisons and values, and the amount's values;
// `indent` before each line.
template <typename Decision>
void explain_criteria(std::string& out, const Decision& p, std::string_view indent) {
  for (const auto& c : p.criteria) {
    const char* mark = c.value.knowledge == Knowledge::known ? (c.value.raw != 0 ? "met" : "NOT met")
                                                              : (c.value.knowledge == Knowledge::unknown ? "unknown" : "error");
    out += fmt::format("{}[{}] {}: {}", indent, mark, c.criterion->id, c.criterion->description);
    if (c.criterion->decided_by != "data") out += fmt::format(" (decided by: {})", c.criterion->decided_by);
    out += '\n';
    if (!c.explanation) continue;
    for (const auto& cmp : c.explanation->comparisons) {
      out += fmt::format("{}    {}  ->  {} {} {}", indent, cmp.expression, grouped(cmp.left), cmp.op, grouped(cmp.right));
      if (cmp.margin) out += fmt::format("  (margin {})", grouped(*cmp.margin));
      out += '\n';
    }
    for (const auto& v : c.explanation->values) out += fmt::format("{}    {} = {}\n", indent, v.expression, grouped(v.value));
  }
  for (const auto& v : p.amount_explanation) out += fmt::format("{}amount: {} = {}\n", indent, v.expression, grouped(v.value));
}

// A programme assessed per member: a line per member assessed, with what settles or
// decided it, and the member's explanation when there is one.
void units(std::string& out, const ProgrammeOutcome& p, bool explained) {
  if (p.programme->unit == ProgrammeUnit::member && p.units.empty()) out += "      no member is assessed\n";
  for (const UnitOutcome& u : p.units) {
    out += fmt::format("      members[{}]: {}", u.member, to_string(u.status));
    if (const std::string amount = amount_text(u, *p.programme); !amount.empty()) out += "  " + amount;
    if (u.status == Status::undetermined && !u.missing.empty()) out += fmt::format("  (ask for: {})", listed(u.missing));
    if (u.status == Status::eligible && !u.amount.known() && !u.missing.empty())
      out += fmt::format("  (the amount needs: {})", listed(u.missing));
    if (u.status == Status::ineligible) {
      if (!u.excluded_by.empty()) out += fmt::format("  (cannot be combined with {} ({}))", u.kept_instead, u.excluded_by);
      else if (!u.required_missing.empty()) out += fmt::format("  (requires {})", u.required_missing);
      else if (const std::string failed = failing(u, Knowledge::known, false); !failed.empty())
        out += fmt::format("  (not met: {})", failed);
    }
    if (u.status == Status::error) out += fmt::format("  ({})", u.error);
    out += '\n';
    if (explained) explain_criteria(out, u, "          ");
  }
}

// The receipt line: what an auditor needs to replay the decision (docs/audit.md).
std::string receipt_text(const HouseholdOutcome& outcome) {
  const Receipt& r = outcome.receipt;
  return fmt::format("Household {} — rule set {}{} ({}), evaluated on {}\nInput {}\n", detail::escaped(outcome.household_id),
                     r.rule_set, r.version.empty() ? "" : " version " + r.version, r.fingerprint, r.date.to_string(), r.input);
}

// For a decision an official still acts on: the criteria left to people, what the rules
// could not encode, and the parameters used past their `valid_until`.
std::string audit_notes_text(const ProgrammeOutcome& p) {
  std::string out;
  const ProgrammeInfo& info = *p.programme;
  if (p.status == Status::eligible || p.status == Status::undetermined) {
    for (const char* by : {"official", "document", "medical"}) {
      std::string ids;
      for (const CriterionInfo& c : info.criteria)
        if (c.decided_by == by) ids += fmt::format("{}{}", ids.empty() ? "" : ", ", c.id);
      if (!ids.empty()) out += fmt::format("      left to {}: {}\n", by, ids);
    }
    for (const std::string& item : info.not_encoded) out += fmt::format("      not encoded: {}\n", item);
  }
  for (const ParameterInfo* parameter : p.stale_parameters)
    out += fmt::format("      warning: parameter '{}' is known to hold only until {}\n", parameter->name,
                       parameter->valid_until->to_string());
  return out;
}

}  // namespace

std::string to_text(const HouseholdOutcome& outcome, std::string_view language) {
  std::string out = receipt_text(outcome);
  auto section = [&](Status status, const char* title) {
    std::size_t count = 0;
    for (const auto& p : outcome.programmes) count += p.status == status;
    if (count == 0) return;
    out += fmt::format("\n{} ({})\n", title, count);
    for (const auto& p : outcome.programmes) {
      if (p.status != status) continue;
      const ProgrammeInfo& info = *p.programme;
      out += fmt::format("  {:<44} {:<20} {}\n", info.display_name(language), info.display_ministry(language), amount_text(p, info));
      if (status == Status::undetermined && !p.missing.empty()) out += fmt::format("      ask for: {}\n", listed(p.missing));
      if (status == Status::eligible && p.amount.knowledge == Knowledge::unknown && !p.missing.empty())
        out += fmt::format("      the amount needs: {}\n", listed(p.missing));
      if (status == Status::ineligible) {
        if (!p.in_force) out += "      not in force on this date\n";
        else if (!p.excluded_by.empty())
          out += fmt::format("      cannot be combined with {} ({})\n", p.kept_instead, p.excluded_by);
        else if (!p.required_missing.empty()) out += fmt::format("      requires {}\n", p.required_missing);
        else if (info.unit == ProgrammeUnit::household) out += fmt::format("      not met: {}\n", failing(p, Knowledge::known, false));
      }
      if (status == Status::error) out += fmt::format("      {}\n", p.error);
      out += audit_notes_text(p);
      if (outcome.explained && !info.legal_basis.empty()) out += fmt::format("      legal basis: {}\n", info.legal_basis);
      if (outcome.explained) explain_criteria(out, p, "      ");
      units(out, p, outcome.explained);
    }
  };
  section(Status::eligible, "Eligible");
  section(Status::undetermined, "Undetermined — these facts would settle it");
  section(Status::error, "Could not be computed");
  section(Status::ineligible, "Not eligible");
  return out;
}

}  // namespace ssis
