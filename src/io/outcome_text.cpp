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

std::string amount_text(const ProgrammeOutcome& p, const Receipt&) {
  if (p.programme->amount_formula.empty() || p.status == Status::ineligible || p.status == Status::error) return "";
  const std::string period = p.programme->amount_period ? fmt::format(" / {}", to_string(*p.programme->amount_period)) : "";
  if (!p.amount.known()) return fmt::format("amount {}", p.amount.to_string());
  return grouped(p.amount) + period;
}

std::string failing(const ProgrammeOutcome& p, Knowledge knowledge, bool value) {
  std::string ids;
  for (const auto& c : p.criteria) {
    const bool match = c.value.knowledge == knowledge && (knowledge != Knowledge::known || (c.value.raw != 0) == value);
    if (match) ids += fmt::format("{}{}", ids.empty() ? "" : ", ", c.criterion->id);
  }
  return ids;
}

void explain(std::string& out, const ProgrammeOutcome& p) {
  if (!p.programme->legal_basis.empty()) out += fmt::format("      legal basis: {}\n", p.programme->legal_basis);
  for (const auto& c : p.criteria) {
    const char* mark = c.value.knowledge == Knowledge::known ? (c.value.raw != 0 ? "met" : "NOT met")
                                                              : (c.value.knowledge == Knowledge::unknown ? "unknown" : "error");
    out += fmt::format("      [{}] {}: {}", mark, c.criterion->id, c.criterion->description);
    if (c.criterion->decided_by != "data") out += fmt::format(" (decided by: {})", c.criterion->decided_by);
    out += '\n';
    if (!c.explanation) continue;
    for (const auto& cmp : c.explanation->comparisons) {
      out += fmt::format("          {}  ->  {} {} {}", cmp.expression, grouped(cmp.left), cmp.op, grouped(cmp.right));
      if (cmp.margin) out += fmt::format("  (margin {})", grouped(*cmp.margin));
      out += '\n';
    }
    for (const auto& v : c.explanation->values) out += fmt::format("          {} = {}\n", v.expression, grouped(v.value));
  }
  for (const auto& v : p.amount_explanation) out += fmt::format("      amount: {} = {}\n", v.expression, grouped(v.value));
}

}  // namespace

std::string to_text(const HouseholdOutcome& outcome, std::string_view language) {
  std::string out = fmt::format("Household {} — rule set {} ({}), evaluated on {}\n", detail::escaped(outcome.household_id),
                                outcome.receipt.rule_set, outcome.receipt.fingerprint, outcome.receipt.date.to_string());
  auto section = [&](Status status, const char* title) {
    std::size_t count = 0;
    for (const auto& p : outcome.programmes) count += p.status == status;
    if (count == 0) return;
    out += fmt::format("\n{} ({})\n", title, count);
    for (const auto& p : outcome.programmes) {
      if (p.status != status) continue;
      const ProgrammeInfo& info = *p.programme;
      out += fmt::format("  {:<44} {:<20} {}\n", info.display_name(language), info.display_ministry(language), amount_text(p, outcome.receipt));
      if (status == Status::undetermined && !p.missing.empty()) {
        std::string facts;
        for (const auto& m : p.missing) facts += fmt::format("{}{}", facts.empty() ? "" : ", ", m);
        out += fmt::format("      ask for: {}\n", facts);
      }
      if (status == Status::eligible && p.amount.knowledge == Knowledge::unknown && !p.missing.empty()) {
        std::string facts;
        for (const auto& m : p.missing) facts += fmt::format("{}{}", facts.empty() ? "" : ", ", m);
        out += fmt::format("      the amount needs: {}\n", facts);
      }
      if (status == Status::ineligible) {
        if (!p.in_force) out += "      not in force on this date\n";
        else if (!p.excluded_by.empty())
          out += fmt::format("      cannot be combined with {} ({})\n", p.kept_instead, p.excluded_by);
        else if (!p.required_missing.empty()) out += fmt::format("      requires {}\n", p.required_missing);
        else out += fmt::format("      not met: {}\n", failing(p, Knowledge::known, false));
      }
      if (status == Status::error) out += fmt::format("      {}\n", p.error);
      if (outcome.explained) explain(out, p);
    }
  };
  section(Status::eligible, "Eligible");
  section(Status::undetermined, "Undetermined — these facts would settle it");
  section(Status::error, "Could not be computed");
  section(Status::ineligible, "Not eligible");
  return out;
}

}  // namespace ssis
