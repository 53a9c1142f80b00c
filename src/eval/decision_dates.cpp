#include "eval/decision_dates.hpp"

#include <algorithm>

namespace ssis::detail {
namespace {

bool is_time_since(OpCode op) { return op == OpCode::age || op == OpCode::months_since || op == OpCode::days_since; }

}  // namespace

DecisionDates::DecisionDates(const RuleModel& model, const ProgrammeCode& code) {
  std::vector<std::int32_t> parameters;
  for (const std::int32_t i : code.order) {
    const Instruction& ins = model.plan.code[static_cast<std::size_t>(i)];
    if (ins.op == OpCode::parameter) parameters.push_back(ins.param);
    if (ins.op == OpCode::evaluation_date) reads_date_directly_ = true;
    if (!is_time_since(ins.op)) continue;
    const Instruction& operand = model.plan.code[static_cast<std::size_t>(ins.a)];
    if (operand.op != OpCode::household_field && operand.op != OpCode::member_field) {
      reads_date_directly_ = true;  // the time since a computed date
      continue;
    }
    const TimeSince time{ins.op, operand.op == OpCode::member_field ? Level::member : Level::household, static_cast<std::size_t>(operand.a)};
    if (std::none_of(times_.begin(), times_.end(), [&](const TimeSince& t) { return t.op == time.op && t.level == time.level && t.field == time.field; }))
      times_.push_back(time);
  }
  // The days a parameter's table in force (resolve_parameters) or a programme's being in
  // force (in_force) can change on.
  const auto day_after = [](Date date) { return Date::from_days(date.days() + 1); };
  for (const std::int32_t p : parameters) {
    const ParameterModel& parameter = model.parameters[static_cast<std::size_t>(p)];
    for (const DatedTable& table : parameter.tables) rule_changes_.push_back(table.from);
    if (parameter.until) rule_changes_.push_back(day_after(*parameter.until));
    if (model.stale_parameters_are_errors && parameter.valid_until) rule_changes_.push_back(day_after(*parameter.valid_until));
  }
  for (const int p : code.programmes) {
    const ProgrammeInfo& info = model.programme_infos[static_cast<std::size_t>(p)];
    if (info.active_from) rule_changes_.push_back(*info.active_from);
    if (info.active_to) rule_changes_.push_back(day_after(*info.active_to));
  }
  std::sort(rule_changes_.begin(), rule_changes_.end());
}

bool DecisionDates::same_rules(Date earlier, Date later) const {
  return std::upper_bound(rule_changes_.begin(), rule_changes_.end(), earlier) ==
         std::upper_bound(rule_changes_.begin(), rule_changes_.end(), later);
}

bool DecisionDates::same_time(const TimeSince& time, const Column& column, std::size_t row, Date earlier, Date later) {
  if (column.knowledge[row] != Knowledge::known) return true;  // unknown (or in error) on every date alike
  const Date from = Date::from_days(static_cast<std::int32_t>(column.values[row]));
  switch (time.op) {
    case OpCode::age: return whole_years_between(from, earlier) == whole_years_between(from, later);
    case OpCode::months_since: return whole_months_between(from, earlier) == whole_months_between(from, later);
    default: return earlier == later;  // days
  }
}

bool DecisionDates::same_decisions(const Block& households, std::size_t h, Date earlier, Date later) const {
  if (earlier == later) return true;
  if (reads_date_directly_ || !same_rules(earlier, later)) return false;
  for (const TimeSince& time : times_) {
    if (time.level == Level::household) {
      if (!same_time(time, households.household_fields[time.field], h, earlier, later)) return false;
      continue;
    }
    for (std::uint32_t m = households.member_offsets[h]; m < households.member_offsets[h + 1]; ++m)
      if (!same_time(time, households.member_fields[time.field], m, earlier, later)) return false;
  }
  return true;
}

}  // namespace ssis::detail
