#include "batch.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <chrono>

#include "input_table.hpp"
#include "python_values.hpp"
#include "vector_source.hpp"
#include "ssis/batch.hpp"
#include "ssis/columns.hpp"
#include "ssis/evaluator.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

// Collects the decisions as columns (long layout); remembers the first input error.
class ColumnSink : public OutcomeSink {
 public:
  void write(const std::vector<BatchHousehold>& block) override {
    for (const auto& household : block) {
      if (!household.input_error.empty() && !first_error) first_error = household.line - 1;
      for (const auto& d : household.programmes) {
        decisions.status.push_back(d.status);
        decisions.amount_knowledge.push_back(d.amount_knowledge);
        decisions.amount.push_back(d.amount);
        missing.push_back(d.missing);
        excluded_by.push_back(d.excluded_by);
        error.push_back(d.error);
      }
    }
  }

  std::optional<std::size_t> first_error;  ///< the household's row
  ColumnOutcomes decisions;                ///< status and amount only
  std::vector<std::string> missing;
  std::vector<std::string> excluded_by;
  std::vector<std::string> error;
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
py::dict evaluate_decisions(const RuleSet& rules, const HouseholdTables& tables, Date date, unsigned threads, bool programme_major) {
  const HouseholdColumns columns = tables.columns(rules);
  ColumnOutcomes outcomes;
  double seconds = 0;
  {
    py::gil_scoped_release release;
    const auto start = std::chrono::steady_clock::now();
    evaluate_columns(rules, columns, {date, threads, 0}, outcomes);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  for (std::size_t h = 0; h < outcomes.households; ++h)
    if (!outcomes.input_errors[h].empty()) raise_input_error(rules, tables, h, date);
  py::dict out = programme_major ? programme_major_arrays(outcomes) : decision_arrays(std::move(outcomes));
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
                         Date date, unsigned threads, bool decisions_only, bool programme_major) {
  const HouseholdTables tables(rules.schema(), households, members, id_column);
  if (decisions_only) return evaluate_decisions(rules, tables, date, threads, programme_major);
  std::vector<Household> input = tables.households();

  ColumnSink sink;
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
  return out;
}

}  // namespace ssis::python
