// The table of a sweep as CSV and as JSON.
#include <fmt/format.h>

#include "io/csv.hpp"
#include "io/json.hpp"
#include "ssis/sweep.hpp"

namespace ssis {
namespace {

std::string joined_drops(const RuleSet& rules, const SweepPoint& point) {
  std::string out;
  for (const BenefitDrop& drop : point.drops)
    out += fmt::format("{}{} -{}", out.empty() ? "" : ";", rules.programmes()[drop.programme].id, drop.monthly_drop.to_string());
  return out;
}

std::string joined_uncounted(const RuleSet& rules, const SweepPoint& point) {
  std::string out;
  for (const UncountedBenefit& u : point.uncounted)
    out += fmt::format("{}{} ({})", out.empty() ? "" : ";", rules.programmes()[u.programme].id, u.reason);
  return out;
}

std::string rate_text(const SweepPoint& point) {
  return point.marginal_effective_tax_rate ? point.marginal_effective_tax_rate->to_string() : std::string();
}

}  // namespace

std::string sweep_csv(const RuleSet& rules, const SweepResult& result) {
  std::string out;
  auto field = [&out](std::string_view text, bool first = false) {
    if (!first) out += ',';
    detail::append_csv_field(out, text);
  };
  for (std::size_t a = 0; a < result.axes.size(); ++a) field(result.axes[a].path, a == 0);
  for (const char* name : {"own_income", "benefits", "net_income", "marginal_effective_tax_rate", "cliff", "cliff_programmes",
                           "eligible", "undetermined", "uncounted", "net_income_leaves_out"})
    field(name);
  for (const auto& programme : rules.programmes()) {
    field(programme.id + ".status");
    field(programme.id + ".amount");
  }
  out += '\n';
  const ColumnOutcomes& outcomes = result.outcomes;
  for (std::size_t i = 0; i < result.points.size(); ++i) {
    const SweepPoint& point = result.points[i];
    for (std::size_t a = 0; a < point.values.size(); ++a) field(point.values[a].to_string(), a == 0);
    field(point.own_income.to_string());
    field(point.benefits.to_string());
    field(point.net_income.to_string());
    field(rate_text(point));
    field(point.cliff ? "true" : "false");
    field(point.cliff ? joined_drops(rules, point) : std::string());
    field(std::to_string(point.eligible));
    field(std::to_string(point.undetermined));
    field(joined_uncounted(rules, point));
    field(SweepResult::leaves_out());
    for (std::size_t p = 0; p < outcomes.programmes; ++p) {
      const std::size_t at = i * outcomes.programmes + p;
      field(to_string(outcomes.status[at]));
      field(outcomes.amount_knowledge[at] == Knowledge::known ? Decimal::from_raw(outcomes.amount[at]).to_string() : std::string());
    }
    out += '\n';
  }
  return out;
}

std::string sweep_json(const RuleSet& rules, const SweepResult& result, Date date) {
  std::string out = "{\"rule_set\":";
  detail::append_json_string(out, rules.id());
  out += ",\"fingerprint\":";
  detail::append_json_string(out, rules.fingerprint());
  out += fmt::format(",\"date\":\"{}\",\"axes\":[", date.to_string());
  for (std::size_t a = 0; a < result.axes.size(); ++a) {
    const SweepAxis& axis = result.axes[a];
    out += a ? ",{\"path\":" : "{\"path\":";
    detail::append_json_string(out, axis.path);
    out += fmt::format(",\"from\":\"{}\",\"to\":\"{}\",\"step\":\"{}\"}}", axis.from.to_string(), axis.to.to_string(),
                       axis.step.to_string());
  }
  out += "],\"income_fields\":[";
  for (std::size_t f = 0; f < result.income_fields.size(); ++f) {
    if (f) out += ',';
    detail::append_json_string(out, result.income_fields[f]);
  }
  out += "],\"net_income_leaves_out\":";
  detail::append_json_string(out, SweepResult::leaves_out());
  out += ",\"programmes\":[";
  for (std::size_t p = 0; p < rules.programmes().size(); ++p) {
    if (p) out += ',';
    detail::append_json_string(out, rules.programmes()[p].id);
  }
  out += "],\"points\":[";
  const ColumnOutcomes& outcomes = result.outcomes;
  for (std::size_t i = 0; i < result.points.size(); ++i) {
    const SweepPoint& point = result.points[i];
    out += i ? ",\n{\"values\":[" : "\n{\"values\":[";
    for (std::size_t a = 0; a < point.values.size(); ++a) out += fmt::format("{}\"{}\"", a ? "," : "", point.values[a].to_string());
    out += fmt::format("],\"own_income\":\"{}\",\"benefits\":\"{}\",\"net_income\":\"{}\",\"marginal_effective_tax_rate\":{},"
                       "\"cliff\":{},\"eligible\":{},\"undetermined\":{},\"drops\":[",
                       point.own_income.to_string(), point.benefits.to_string(), point.net_income.to_string(),
                       point.marginal_effective_tax_rate ? fmt::format("\"{}\"", rate_text(point)) : "null",
                       point.cliff ? "true" : "false", point.eligible, point.undetermined);
    for (std::size_t d = 0; d < point.drops.size(); ++d) {
      out += d ? ",{\"programme\":" : "{\"programme\":";
      detail::append_json_string(out, rules.programmes()[point.drops[d].programme].id);
      out += fmt::format(",\"monthly_drop\":\"{}\"}}", point.drops[d].monthly_drop.to_string());
    }
    out += "],\"uncounted\":[";
    for (std::size_t u = 0; u < point.uncounted.size(); ++u) {
      out += u ? ",{\"programme\":" : "{\"programme\":";
      detail::append_json_string(out, rules.programmes()[point.uncounted[u].programme].id);
      out += ",\"reason\":";
      detail::append_json_string(out, point.uncounted[u].reason);
      out += '}';
    }
    out += "],\"status\":[";
    for (std::size_t p = 0; p < outcomes.programmes; ++p)
      out += fmt::format("{}\"{}\"", p ? "," : "", to_string(outcomes.status[i * outcomes.programmes + p]));
    out += "],\"amount\":[";
    for (std::size_t p = 0; p < outcomes.programmes; ++p) {
      const std::size_t at = i * outcomes.programmes + p;
      if (p) out += ',';
      out += outcomes.amount_knowledge[at] == Knowledge::known ? fmt::format("\"{}\"", Decimal::from_raw(outcomes.amount[at]).to_string())
                                                                : "null";
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

}  // namespace ssis
