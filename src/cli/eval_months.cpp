#include "cli/eval_months.hpp"

#include <fmt/format.h>

#include <iostream>

#include "io/json.hpp"
#include "io/utf8.hpp"
#include "ssis/error.hpp"
#include "ssis/over_time.hpp"

namespace ssis::cli {
namespace {

using detail::append_json_string;

bool eligible_in_some_month(const MonthlyOutcomes& months, std::size_t p) { return months.programmes[p].eligible_months > 0; }

// Per programme eligible in some month: its amount each month ("-" when not eligible) and
// its total.
std::string months_text(const MonthlyOutcomes& months, std::string_view language) {
  const HouseholdOutcome& first = months.months.front();
  std::string out = fmt::format("Household {} — rule set {}{} ({}), {} months from {} to {}\nInput {}\n",
                                detail::escaped(first.household_id), first.receipt.rule_set,
                                first.receipt.version.empty() ? "" : " version " + first.receipt.version, first.receipt.fingerprint,
                                months.months.size(), first.receipt.date.to_string(), months.months.back().receipt.date.to_string(),
                                first.receipt.input);
  for (std::size_t p = 0; p < months.programmes.size(); ++p) {
    if (!eligible_in_some_month(months, p)) continue;
    const ProgrammeMonths& programme = months.programmes[p];
    out += fmt::format("\n  {}: eligible {} of {} months, total {}\n", first.programmes[p].programme->display_name(language),
                       programme.eligible_months, months.months.size(),
                       programme.total ? programme.total->to_string() : fmt::format("not summed ({})", programme.no_total));
    for (const HouseholdOutcome& month : months.months) {
      const ProgrammeOutcome& decision = month.programmes[p];
      out += fmt::format("      {}  {}", month.receipt.date.to_string(), to_string(decision.status));
      if (decision.status == Status::eligible) out += fmt::format("  {}", decision.amount.to_string());
      out += '\n';
    }
  }
  return out;
}

std::string months_json(const MonthlyOutcomes& months) {
  const HouseholdOutcome& first = months.months.front();
  std::string out = "{\"household\":";
  append_json_string(out, first.household_id);
  out += ",\"months\":[";
  for (std::size_t m = 0; m < months.months.size(); ++m) {
    if (m) out += ',';
    append_json_string(out, months.months[m].receipt.date.to_string());
  }
  out += "],\"receipt\":{\"rule_set\":";
  append_json_string(out, first.receipt.rule_set);
  out += ",\"version\":";
  append_json_string(out, first.receipt.version);
  out += ",\"fingerprint\":";
  append_json_string(out, first.receipt.fingerprint);
  out += ",\"input\":";
  append_json_string(out, first.receipt.input);
  out += "},\"programmes\":[";
  for (std::size_t p = 0; p < months.programmes.size(); ++p) {
    if (p) out += ',';
    const ProgrammeMonths& programme = months.programmes[p];
    out += "{\"id\":";
    append_json_string(out, first.programmes[p].programme->id);
    out += ",\"statuses\":[";
    for (std::size_t m = 0; m < months.months.size(); ++m) {
      if (m) out += ',';
      append_json_string(out, to_string(months.months[m].programmes[p].status));
    }
    out += "],\"amounts\":[";
    for (std::size_t m = 0; m < months.months.size(); ++m) {
      if (m) out += ',';
      const ProgrammeOutcome& decision = months.months[m].programmes[p];
      if (decision.status == Status::eligible && decision.amount.known()) append_json_string(out, decision.amount.to_string());
      else out += "null";
    }
    out += fmt::format("],\"eligible_months\":{},\"total\":", programme.eligible_months);
    if (programme.total) append_json_string(out, programme.total->to_string());
    else out += "null";
    if (!programme.total) {
      out += ",\"no_total\":";
      append_json_string(out, programme.no_total);
    }
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace

int eval_months(Evaluator& evaluator, const std::vector<Household>& households, const std::string& household_file, Date from,
                Date to, bool json, const std::string& language) {
  std::string json_text = "[";
  for (std::size_t i = 0; i < households.size(); ++i) {
    MonthlyOutcomes months;
    try {
      months = evaluate_months(evaluator, households[i], from, to);
    } catch (const InputError& e) {
      const std::string prefix = households.size() > 1 ? fmt::format("[{}].", i) : std::string();
      std::cerr << fmt::format("{}: household {}: {}{}: {}\n", household_file, detail::quoted(households[i].id), prefix, e.path(),
                               e.reason());
      return 2;
    }
    if (json) {
      if (i) json_text += ",\n";
      json_text += months_json(months);
    } else {
      if (i) std::cout << "\n";
      std::cout << months_text(months, language);
    }
  }
  if (json) std::cout << (households.size() == 1 ? json_text.substr(1) : json_text + "]") << "\n";
  return 0;
}

}  // namespace ssis::cli
