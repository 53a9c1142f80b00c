#include "whatif/point_evaluation.hpp"

#include <algorithm>

#include "model/value_codec.hpp"

namespace ssis::detail {
namespace {

const VariedInput* varied_at(const std::vector<VariedInput>& varied, int member, std::string_view field) {
  for (const VariedInput& v : varied)
    if (v.member == member && v.field == field) return &v;
  return nullptr;
}

// Sets the varied inputs of the table's rows to those of points first, first + 1, ... (rows
// past the last point repeat it).
void set_points(const RuleSet& rules, const Household& household, const std::vector<VariedInput>& varied, std::size_t first,
                HouseholdColumns& table, std::vector<InputValue>& values) {
  const std::size_t rows = table.households();
  const std::size_t members = household.members.size();
  const auto point = [&](const VariedInput& v, std::size_t row) -> const InputValue& {
    return v.values[std::min(first + row, v.values.size() - 1)];
  };
  for (const FieldInfo& field : rules.schema().household_fields()) {
    const VariedInput* v = varied_at(varied, -1, field.name);
    if (!v) continue;
    values.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) values[r] = point(*v, r);
    table.set(field.name, values);
  }
  for (const FieldInfo& field : rules.schema().member_fields()) {
    bool any = false;
    for (std::size_t m = 0; m < members; ++m) any = any || varied_at(varied, static_cast<int>(m), field.name);
    if (!any) continue;
    values.resize(rows * members);
    for (std::size_t m = 0; m < members; ++m) {
      const VariedInput* v = varied_at(varied, static_cast<int>(m), field.name);
      const InputValue* given = household.members[m].find(field.name);
      // A field the household leaves out stands for its default, else an unknown value.
      InputValue same = std::monostate{};
      if (given) same = *given;
      else if (field.default_raw) same = input_from_raw(*field.default_raw, field.type, rules.schema());
      for (std::size_t r = 0; r < rows; ++r) values[r * members + m] = v ? point(*v, r) : same;
    }
    table.set(field.name, values);
  }
}

// Copies the first `count` households' outcomes of `part` to households first, first + 1, ...
// of `out`.
void copy_outcomes(const ColumnOutcomes& part, std::size_t count, std::size_t first, ColumnOutcomes& out) {
  const auto copy = [](const auto& from, std::size_t n, auto& to, std::size_t to_at) {
    std::copy_n(from.begin(), n, to.begin() + static_cast<std::ptrdiff_t>(to_at));
  };
  const std::size_t entries = count * part.programmes;
  copy(part.status, entries, out.status, first * part.programmes);
  copy(part.amount_knowledge, entries, out.amount_knowledge, first * part.programmes);
  copy(part.amount, entries, out.amount, first * part.programmes);
  copy(part.input_errors, count, out.input_errors, first);
  const std::size_t units = part.member_offsets[count] * part.member_programmes.size();
  const std::size_t units_at = out.member_offsets[first] * part.member_programmes.size();
  copy(part.unit_assessed, units, out.unit_assessed, units_at);
  copy(part.unit_status, units, out.unit_status, units_at);
  copy(part.unit_amount_knowledge, units, out.unit_amount_knowledge, units_at);
  copy(part.unit_amount, units, out.unit_amount, units_at);
}

// Points evaluated in one table: a few blocks of the columnar engine for every thread, small
// enough that the table (one row per member for each of the schema's fields) stays a few MB.
constexpr std::size_t points_per_table = 512;

}  // namespace

void evaluate_points(const RuleSet& rules, const Household& household, std::size_t points, const std::vector<VariedInput>& varied,
                     const ColumnOptions& options, ColumnOutcomes& out, const DecidedPoints& decided) {
  HouseholdColumns table(rules);
  table.append(household, std::min(points, points_per_table));  // checked once: the household's own problems, with their paths
  std::vector<InputValue> values;
  ColumnOutcomes part;
  const std::size_t members = household.members.size();
  for (std::size_t first = 0; first < points; first += table.households()) {
    set_points(rules, household, varied, first, table, values);
    evaluate_columns(rules, table, options, part);
    if (first == 0) {  // sized for every point from the first part's shape
      out.households = points;
      out.programmes = part.programmes;
      out.programme_indices = part.programme_indices;
      out.status.resize(points * part.programmes);
      out.amount_knowledge.resize(out.status.size());
      out.amount.resize(out.status.size());
      out.input_errors.assign(points, std::string());
      out.member_programmes = part.member_programmes;
      out.member_offsets.resize(points + 1);
      for (std::size_t h = 0; h <= points; ++h) out.member_offsets[h] = static_cast<std::uint32_t>(h * members);
      const std::size_t units = points * members * part.member_programmes.size();
      out.unit_assessed.resize(units);
      out.unit_status.resize(units);
      out.unit_amount_knowledge.resize(units);
      out.unit_amount.resize(units);
    }
    const std::size_t count = std::min(table.households(), points - first);
    copy_outcomes(part, count, first, out);
    decided(part, first, count);
    // A problem stays with its row of the table: the points after one are not evaluated.
    if (std::any_of(part.input_errors.begin(), part.input_errors.begin() + static_cast<std::ptrdiff_t>(count),
                    [](const std::string& e) { return !e.empty(); }))
      return;
  }
}

}  // namespace ssis::detail
