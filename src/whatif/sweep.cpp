#include "ssis/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "ssis/error.hpp"
#include "whatif/amount_periods.hpp"
#include "whatif/household_income.hpp"
#include "whatif/point_evaluation.hpp"

namespace ssis {
namespace {

constexpr std::string_view members_prefix = "members[";

// Where an axis writes: a household field (member < 0) or a member's.
struct AxisTarget {
  int member = -1;
  std::string field;
  const FieldInfo* info = nullptr;
  std::size_t steps = 0;
};

AxisTarget resolve_axis(const RuleSet& rules, const Household& household, const SweepAxis& axis) {
  AxisTarget target;
  std::string_view path = axis.path;
  if (path.starts_with(members_prefix)) {
    const std::size_t close = path.find("].");
    const std::string_view index = path.substr(members_prefix.size(), close == std::string_view::npos ? 0 : close - members_prefix.size());
    std::size_t member = 0;
    const auto [end, error] = std::from_chars(index.data(), index.data() + index.size(), member);
    if (close == std::string_view::npos || index.empty() || error != std::errc() || end != index.data() + index.size())
      throw InputError(axis.path, "not a field path: write members[N].FIELD or a household FIELD");
    if (member >= household.members.size())
      throw InputError(axis.path, fmt::format("the household has {} member(s), numbered from 0", household.members.size()));
    target.member = static_cast<int>(member);
    target.field = std::string(path.substr(close + 2));
    target.info = rules.schema().find_field(Level::member, target.field);
    if (!target.info) throw InputError(axis.path, fmt::format("'{}' is not a member field of the rule set", target.field));
  } else {
    target.field = axis.path;
    target.info = rules.schema().find_field(Level::household, target.field);
    if (!target.info) {
      const bool member_field = rules.schema().find_field(Level::member, target.field) != nullptr;
      throw InputError(axis.path, member_field ? fmt::format("'{}' is a member field: write members[N].{}", target.field, target.field)
                                               : fmt::format("'{}' is not a household field of the rule set", target.field));
    }
  }
  const ValueKind kind = target.info->type.kind;
  if (kind != ValueKind::integer && kind != ValueKind::decimal && kind != ValueKind::money)
    throw InputError(axis.path, fmt::format("the field is of type {}; only numeric fields can vary", target.info->type_name));
  if (kind == ValueKind::integer && (axis.from.raw() % Decimal::scale != 0 || axis.step.raw() % Decimal::scale != 0))
    throw InputError(axis.path, "the field takes whole numbers: give a whole start and step");
  target.steps = static_cast<std::size_t>((static_cast<__int128>(axis.to.raw()) - axis.from.raw()) / axis.step.raw()) + 1;
  return target;
}

InputValue value_for(const AxisTarget& target, Decimal value) {
  if (target.info->type.kind == ValueKind::integer) return value.raw() / Decimal::scale;
  return value;
}

std::string describe_point(const std::vector<SweepAxis>& axes, const std::vector<Decimal>& values) {
  std::string out;
  for (std::size_t a = 0; a < axes.size(); ++a)
    out += fmt::format("{}{}={}", a ? ", " : "", axes[a].path, values[a].to_string());
  return out;
}

Decimal to_decimal(__int128 raw, std::string_view what) {
  if (raw > INT64_MAX || raw < INT64_MIN) throw std::overflow_error(fmt::format("{} exceeds the range of money", what));
  return Decimal::from_raw(static_cast<std::int64_t>(raw));
}


}  // namespace

std::string_view SweepResult::leaves_out() {
  return "taxes and social contributions (not encoded in the rule set); benefits in kind (no amount stated, e.g. "
         "medical aid), one-off amounts, amounts per day or per hour and amounts not known (named as uncounted)";
}

SweepAxis parse_sweep_axis(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0)
    throw InputError("--vary", fmt::format("'{}' is not PATH=FROM:TO:STEP", text));
  SweepAxis axis;
  axis.path = std::string(text.substr(0, equals));
  std::string_view range = text.substr(equals + 1);
  std::vector<Decimal> numbers;
  for (bool more = true; more;) {
    const std::size_t colon = range.find(':');
    const std::string_view piece = range.substr(0, colon);
    const auto number = Decimal::parse(piece);
    if (numbers.size() == 3 || piece.empty())
      throw InputError(axis.path, fmt::format("'{}' is not FROM:TO:STEP with three numbers", text.substr(equals + 1)));
    if (!number)
      throw InputError(axis.path, fmt::format("'{}' is not a number (at most 6 decimal places, |x| < 9.2e12)", piece));
    numbers.push_back(*number);
    more = colon != std::string_view::npos;
    if (more) range = range.substr(colon + 1);
  }
  if (numbers.size() != 3)
    throw InputError(axis.path, fmt::format("'{}' is not FROM:TO:STEP with three numbers", text.substr(equals + 1)));
  axis.from = numbers[0];
  axis.to = numbers[1];
  axis.step = numbers[2];
  if (axis.step.raw() <= 0) throw InputError(axis.path, fmt::format("the step {} is not positive", axis.step.to_string()));
  if (axis.to < axis.from)
    throw InputError(axis.path, fmt::format("the range ends ({}) before it starts ({})", axis.to.to_string(), axis.from.to_string()));
  return axis;
}

SweepResult sweep(const RuleSet& rules, const Household& household, const std::vector<SweepAxis>& axes,
                  const SweepOptions& options) {
  if (axes.empty()) throw InputError("--vary", "a sweep needs at least one input to vary");
  std::vector<AxisTarget> targets;
  __int128 points = 1;
  for (const SweepAxis& axis : axes) {
    targets.push_back(resolve_axis(rules, household, axis));
    points *= targets.back().steps;
    if (points > static_cast<__int128>(options.max_points))
      throw InputError(axis.path, fmt::format("the sweep has more than {} points; use fewer or larger steps", options.max_points));
  }
  for (std::size_t a = 0; a < axes.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (targets[a].member == targets[b].member && targets[a].field == targets[b].field)
        throw InputError(axes[a].path, "the same input varies twice");
  SweepResult result;
  result.axes = axes;
  result.income_fields = options.income_fields;
  if (result.income_fields.empty()) result.income_fields.push_back(targets.front().field);
  const detail::HouseholdIncome income(rules.schema(), result.income_fields);

  result.points.resize(static_cast<std::size_t>(points));
  std::vector<detail::VariedInput> inputs;
  for (const AxisTarget& target : targets) inputs.push_back({target.member, target.field, {}});
  Household varied = household;
  for (std::size_t i = 0; i < result.points.size(); ++i) {
    SweepPoint& point = result.points[i];
    std::size_t rest = i;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const std::size_t step = rest % targets[a].steps;
      rest /= targets[a].steps;
      const Decimal value = Decimal::from_raw(axes[a].from.raw() + static_cast<std::int64_t>(step) * axes[a].step.raw());
      point.values.push_back(value);
      InputRecord& record = targets[a].member < 0 ? static_cast<InputRecord&>(varied) : varied.members[static_cast<std::size_t>(targets[a].member)];
      inputs[a].values.push_back(value_for(targets[a], value));
      record.set(targets[a].field, inputs[a].values.back());
    }
    try {
      const detail::IncomeOf own = income.of(varied);
      if (!own.raw) throw InputError(own.unknown_path, "the income is not known; it is needed for net income");
      point.own_income = Decimal::from_raw(*own.raw);
    } catch (const InputError& e) {
      throw InputError(e.path(), fmt::format("{} (at {})", e.reason(), describe_point(axes, point.values)));
    }
  }
  const auto& programmes = rules.programmes();
  const std::vector<detail::AmountTerms> terms = detail::amount_terms(rules);
  std::vector<std::int64_t> previous(programmes.size()), current(programmes.size());  // counted per month
  // Each run of points as soon as it is decided, in order: the first point with an input
  // error ends the sweep; the others get their benefits, and from the point before, their
  // drops and rates.
  const auto add_benefits = [&](const ColumnOutcomes& part, std::size_t first, std::size_t count) {
    for (std::size_t row = 0; row < count; ++row) {
      const std::size_t i = first + row;
      SweepPoint& point = result.points[i];
      if (!part.input_errors[row].empty())
        throw InputError("", fmt::format("{} (at {})", part.input_errors[row], describe_point(axes, point.values)));
      __int128 benefits = 0;
      for (std::size_t p = 0; p < programmes.size(); ++p) {
        const std::size_t at = row * part.programmes + p;
        const Status status = part.status[at];
        point.undetermined += status == Status::undetermined;
        current[p] = 0;
        if (status != Status::eligible) continue;
        ++point.eligible;
        const detail::MonthlyValue value = detail::monthly_value(terms[p], part.amount_knowledge[at], part.amount[at]);
        if (value.uncounted) point.uncounted.push_back({p, value.uncounted});
        current[p] = value.raw;
        benefits += value.raw;
      }
      point.benefits = to_decimal(benefits, "the benefits of a point");
      point.net_income = to_decimal(static_cast<__int128>(point.own_income.raw()) + benefits, "the net income of a point");
      std::swap(previous, current);  // `previous` now holds this point's amounts, for the next one
      if (i % targets.front().steps == 0) continue;  // the first step of the first axis
      const SweepPoint& before = result.points[i - 1];
      for (std::size_t p = 0; p < programmes.size(); ++p)
        if (previous[p] < current[p]) point.drops.push_back({p, Decimal::from_raw(current[p] - previous[p])});
      std::stable_sort(point.drops.begin(), point.drops.end(),
                       [](const BenefitDrop& a, const BenefitDrop& b) { return a.monthly_drop > b.monthly_drop; });
      const std::int64_t income_change = point.own_income.raw() - before.own_income.raw();
      if (income_change == 0) continue;
      std::int64_t rate = 0;
      const std::int64_t benefit_change = point.benefits.raw() - before.benefits.raw();
      if (!decimal_ops::divide(-benefit_change, income_change, rate)) continue;
      point.marginal_effective_tax_rate = Decimal::from_raw(rate);
      // Above 1: the benefits withdrawn exceed the income gained (compared exactly, not rounded).
      point.cliff = income_change > 0 ? -benefit_change > income_change : -benefit_change < income_change;
    }
  };
  detail::evaluate_points(rules, household, result.points.size(), inputs, {.date = options.date, .threads = options.threads},
                          result.outcomes, add_benefits);
  return result;
}

}  // namespace ssis
