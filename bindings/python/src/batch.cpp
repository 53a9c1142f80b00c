#include "batch.hpp"

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>

#include "input_table.hpp"
#include "python_values.hpp"
#include "rule_info.hpp"
#include "vector_source.hpp"
#include "ssis/batch.hpp"
#include "ssis/columns.hpp"
#include "ssis/evaluator.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

// Collects the decisions as columns (long layout); remembers the first input error. For a
// rule set with programmes assessed per member, each programme's row comes after a row per
// member it assesses, and every row records its household, programme and member (-1: the
// household's row).
class ColumnSink : public OutcomeSink {
 public:
  explicit ColumnSink(bool member_rows) : member_rows_(member_rows) {}

  void write(const std::vector<BatchHousehold>& block) override {
    for (const auto& household : block) {
      if (!household.input_error.empty() && !first_error) first_error = household.line - 1;
      for (std::size_t p = 0; p < household.programmes.size(); ++p) {
        const BatchDecision& d = household.programmes[p];
        const BatchDecisionDetail& detail = household.detail(d);
        for (const BatchUnitDecision& unit : detail.units) add(unit, household.detail(unit), p, static_cast<std::int64_t>(unit.member));
        add(d, detail, p, -1);
      }
      ++households_;
    }
  }

  std::optional<std::size_t> first_error;  ///< the household's row
  ColumnOutcomes decisions;                ///< status and amount only
  std::vector<std::string> missing;
  std::vector<std::string> excluded_by;
  std::vector<std::string> error;
  std::vector<std::int64_t> household;     ///< with member rows: each row's household index
  std::vector<std::int32_t> programme;     ///< with member rows: each row's programme index
  std::vector<std::int64_t> member;        ///< with member rows: each row's member index, -1 for the household's

 private:
  // The status and amount from `d`, the texts from `texts`.
  template <typename Decision, typename Texts>
  void add(const Decision& d, const Texts& texts, std::size_t p, std::int64_t member_index) {
    decisions.status.push_back(d.status);
    decisions.amount_knowledge.push_back(d.amount_knowledge);
    decisions.amount.push_back(d.amount);
    missing.push_back(texts.missing);
    excluded_by.push_back(texts.excluded_by);
    error.push_back(texts.error);
    if (!member_rows_) return;
    household.push_back(static_cast<std::int64_t>(households_));
    programme.push_back(static_cast<std::int32_t>(p));
    member.push_back(member_index);
  }

  bool member_rows_;
  std::size_t households_ = 0;
};

py::list text_list(const std::vector<std::string>& texts) {
  py::list out(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) out[i] = texts[i].empty() ? py::object(py::none()) : py::object(py::str(texts[i]));
  return out;
}

// A 1-D array over `values`, which `owner` keeps alive.
template <typename T>
py::array array_over(const std::vector<T>& values, const py::capsule& owner) {
  return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data(), owner);
}

bool is_known(Knowledge knowledge) { return knowledge == Knowledge::known; }

// The decisions as arrays, household-major (entry h * programmes + p), without copying
// them: "status" (uint8: the Status codes), "amount" (int64 raw millionths, 0 where not
// known) and "amount_known" (bool).
py::dict decision_arrays(ColumnOutcomes&& outcomes) {
  auto* decisions = new ColumnOutcomes(std::move(outcomes));
  const py::capsule owner(decisions, [](void* pointer) { delete static_cast<ColumnOutcomes*>(pointer); });
  py::array_t<bool> known(static_cast<py::ssize_t>(decisions->amount_knowledge.size()));
  std::transform(decisions->amount_knowledge.begin(), decisions->amount_knowledge.end(), known.mutable_data(), is_known);
  py::dict arrays;
  arrays["status"] = py::array_t<std::uint8_t>(static_cast<py::ssize_t>(decisions->status.size()),
                                               reinterpret_cast<const std::uint8_t*>(decisions->status.data()), owner);
  arrays["amount"] = array_over(decisions->amount, owner);
  arrays["amount_known"] = known;
  return arrays;
}

// out[p * households + h] = convert(in[h * programmes + p]), tile by tile so that both
// sides stay in cache.
template <typename In, typename Out, typename Convert>
py::array_t<Out> transposed(const std::vector<In>& in, std::size_t households, std::size_t programmes, Convert convert) {
  constexpr std::size_t tile = 64;
  py::array_t<Out> array(static_cast<py::ssize_t>(in.size()));
  Out* out = array.mutable_data();
  for (std::size_t h0 = 0; h0 < households; h0 += tile)
    for (std::size_t p0 = 0; p0 < programmes; p0 += tile)
      for (std::size_t h = h0; h < std::min(h0 + tile, households); ++h)
        for (std::size_t p = p0; p < std::min(p0 + tile, programmes); ++p) out[p * households + h] = convert(in[h * programmes + p]);
  return array;
}

// The same arrays programme-major (entry p * households + h): each programme's column in one piece.
py::dict programme_major_arrays(const ColumnOutcomes& outcomes) {
  const std::size_t households = outcomes.households;
  const std::size_t programmes = outcomes.programmes;
  py::dict arrays;
  arrays["status"] = transposed<Status, std::uint8_t>(outcomes.status, households, programmes, [](Status s) { return static_cast<std::uint8_t>(s); });
  arrays["amount"] = transposed<std::int64_t, std::int64_t>(outcomes.amount, households, programmes, [](std::int64_t a) { return a; });
  arrays["amount_known"] = transposed<Knowledge, bool>(outcomes.amount_knowledge, households, programmes, is_known);
  return arrays;
}

// Raises the InputError of household `h`, which the batch rejected, naming its cell.
[[noreturn]] void raise_input_error(const RuleSet& rules, const HouseholdTables& tables, std::size_t h, Date date) {
  Evaluator evaluator(rules);
  try {
    evaluator.evaluate(tables.household(h), date);
  } catch (const InputError& e) {
    throw tables.locate(h, e);
  }
  throw std::logic_error("the batch rejected a household that evaluates on its own");
}

// Status and amount only, through the columnar engine: no record per household.
// Each member's decision of each programme assessed per member, copied: "member_programmes"
// (their indices), "member_offsets" (uint32, households + 1), and member-major arrays of
// members x member programmes "unit_assessed" (bool), "unit_status" (uint8), "unit_amount"
// (int64 millionths) and "unit_amount_known" (bool).
void add_unit_arrays(const ColumnOutcomes& outcomes, py::dict& out) {
  const auto copy = [](const auto& values, auto convert) {
    using Out = decltype(convert(values[0]));
    py::array_t<Out> array(static_cast<py::ssize_t>(values.size()));
    std::transform(values.begin(), values.end(), array.mutable_data(), convert);
    return array;
  };
  out["member_programmes"] = outcomes.member_programmes;
  out["member_offsets"] = copy(outcomes.member_offsets, [](std::uint32_t v) { return v; });
  out["unit_assessed"] = copy(outcomes.unit_assessed, [](std::uint8_t v) { return v != 0; });
  out["unit_status"] = copy(outcomes.unit_status, [](Status s) { return static_cast<std::uint8_t>(s); });
  out["unit_amount"] = copy(outcomes.unit_amount, [](std::int64_t v) { return v; });
  out["unit_amount_known"] = copy(outcomes.unit_amount_knowledge, is_known);
}

// Per programme assessed per member, per household: the members' decisions as the CSV wide
// layout writes them ("0:eligible:248000;1:ineligible"), None where it assesses no member.
py::dict member_texts(const RuleSet& rules, const ColumnOutcomes& outcomes) {
  py::dict texts;
  const std::size_t units = outcomes.member_programmes.size();
  for (std::size_t k = 0; k < units; ++k) {
    py::list column(outcomes.households);
    for (std::size_t h = 0; h < outcomes.households; ++h) {
      std::string text;
      for (std::size_t m = outcomes.member_offsets[h]; m < outcomes.member_offsets[h + 1]; ++m) {
        const std::size_t entry = m * units + k;
        if (outcomes.unit_assessed[entry] == 0) continue;
        if (!text.empty()) text += ';';
        text += fmt::format("{}:{}", m - outcomes.member_offsets[h], to_string(outcomes.unit_status[entry]));
        if (outcomes.unit_amount_knowledge[entry] == Knowledge::known) text += ":" + Decimal::from_raw(outcomes.unit_amount[entry]).to_string();
      }
      column[h] = text.empty() ? py::object(py::none()) : py::object(py::str(text));
    }
    texts[py::str(rules.programmes()[outcomes.member_programmes[k]].id)] = column;
  }
  return texts;
}

py::dict evaluate_decisions(const RuleSet& rules, const HouseholdTables& tables, Date date, unsigned threads, bool programme_major,
                            const std::optional<std::vector<std::string>>& programmes) {
  ColumnOptions options{.date = date, .threads = threads};
  if (programmes) options.programmes = ProgrammeSelection(rules, *programmes);
  const HouseholdColumns columns = tables.columns(rules);
  ColumnOutcomes outcomes;
  double seconds = 0;
  {
    py::gil_scoped_release release;
    const auto start = std::chrono::steady_clock::now();
    evaluate_columns(rules, columns, options, outcomes);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  for (std::size_t h = 0; h < outcomes.households; ++h)
    if (!outcomes.input_errors[h].empty()) raise_input_error(rules, tables, h, date);
  py::dict units;
  if (!outcomes.member_programmes.empty()) {
    add_unit_arrays(outcomes, units);
    if (programme_major) units["members"] = member_texts(rules, outcomes);
  }
  const std::vector<std::size_t> decided = outcomes.programme_indices;
  py::dict out = programme_major ? programme_major_arrays(outcomes) : decision_arrays(std::move(outcomes));
  if (programmes) out["programmes"] = decided;
  for (const auto& [key, value] : units) out[key] = value;
  out["evaluation_seconds"] = seconds;
  return out;
}

}  // namespace

py::list decimals(const py::array_t<std::int64_t>& raw) {
  const auto values = raw.unchecked<1>();
  py::list out(static_cast<std::size_t>(values.shape(0)));
  for (py::ssize_t i = 0; i < values.shape(0); ++i) out[static_cast<std::size_t>(i)] = to_python_decimal(Decimal::from_raw(values(i)));
  return out;
}

py::dict evaluate_tables(const RuleSet& rules, const py::dict& households, const py::dict& members, const std::string& id_column,
                         Date date, unsigned threads, bool decisions_only, bool programme_major,
                         const std::optional<std::vector<std::string>>& programmes) {
  if (programmes && !decisions_only) throw std::invalid_argument("a selection of programmes is decided by the columnar engine only");
  const HouseholdTables tables(rules.schema(), households, members, id_column);
  if (decisions_only) return evaluate_decisions(rules, tables, date, threads, programme_major, programmes);
  std::vector<Household> input = tables.households();

  ColumnSink sink(has_member_programmes(rules));
  {
    py::gil_scoped_release release;
    VectorSource source(input);
    BatchOptions options;
    options.date = date;
    options.threads = threads;
    options.strict = true;
    run_batch(rules, source, sink, options);
  }
  if (sink.first_error) raise_input_error(rules, tables, *sink.first_error, date);

  py::dict out = decision_arrays(std::move(sink.decisions));
  out["missing"] = text_list(sink.missing);
  out["excluded_by"] = text_list(sink.excluded_by);
  out["error"] = text_list(sink.error);
  if (has_member_programmes(rules)) {
    out["household"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(sink.household.size()), sink.household.data());
    out["programme"] = py::array_t<std::int32_t>(static_cast<py::ssize_t>(sink.programme.size()), sink.programme.data());
    out["member"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(sink.member.size()), sink.member.data());
  }
  return out;
}

}  // namespace ssis::python
