#include "batch.hpp"

#include <pybind11/numpy.h>

#include <unordered_map>

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
        status.push_back(d.status);
        amount_knowledge.push_back(d.amount_knowledge);
        amount.push_back(d.amount);
        missing.push_back(d.missing);
        excluded_by.push_back(d.excluded_by);
        error.push_back(d.error);
      }
    }
  }

  std::optional<std::size_t> first_error;  ///< the household's row
  std::vector<Status> status;
  std::vector<Knowledge> amount_knowledge;
  std::vector<std::int64_t> amount;
  std::vector<std::string> missing;
  std::vector<std::string> excluded_by;
  std::vector<std::string> error;
};

py::list text_list(const std::vector<std::string>& texts) {
  py::list out(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) out[i] = texts[i].empty() ? py::object(py::none()) : py::object(py::str(texts[i]));
  return out;
}

// The decisions as columns: "status" (uint8 array of the Status codes), and the amounts as
// "amount_values" (the distinct amounts, one Decimal each: amounts repeat) and "amount_index"
// (int32 array: each entry's index in amount_values, -1 for none).
py::dict decision_columns(const std::vector<Status>& status, const std::vector<Knowledge>& amount_knowledge,
                          const std::vector<std::int64_t>& amount) {
  std::unordered_map<std::int64_t, std::int32_t> index_of;
  py::list amount_values;
  py::array_t<std::int32_t> amount_index(static_cast<py::ssize_t>(amount.size()));
  std::int32_t* index = amount_index.mutable_data();
  for (std::size_t i = 0; i < amount.size(); ++i) {
    if (amount_knowledge[i] != Knowledge::known) {
      index[i] = -1;
      continue;
    }
    auto [it, added] = index_of.try_emplace(amount[i], static_cast<std::int32_t>(index_of.size()));
    if (added) amount_values.append(to_python_decimal(Decimal::from_raw(amount[i])));
    index[i] = it->second;
  }
  py::dict out;
  out["status"] = py::array_t<std::uint8_t>(static_cast<py::ssize_t>(status.size()), reinterpret_cast<const std::uint8_t*>(status.data()));
  out["amount_values"] = amount_values;
  out["amount_index"] = amount_index;
  return out;
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
py::dict evaluate_decisions(const RuleSet& rules, const HouseholdTables& tables, Date date, unsigned threads) {
  const HouseholdColumns columns = tables.columns(rules);
  ColumnOutcomes outcomes;
  {
    py::gil_scoped_release release;
    outcomes = evaluate_columns(rules, columns, {date, threads, 0});
  }
  for (std::size_t h = 0; h < outcomes.households; ++h)
    if (!outcomes.input_errors[h].empty()) raise_input_error(rules, tables, h, date);
  return decision_columns(outcomes.status, outcomes.amount_knowledge, outcomes.amount);
}

}  // namespace

py::dict evaluate_tables(const RuleSet& rules, const py::dict& households, const py::dict& members, const std::string& id_column,
                         Date date, unsigned threads, bool decisions_only) {
  const HouseholdTables tables(rules.schema(), households, members, id_column);
  if (decisions_only) return evaluate_decisions(rules, tables, date, threads);
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

  py::dict out = decision_columns(sink.status, sink.amount_knowledge, sink.amount);
  out["missing"] = text_list(sink.missing);
  out["excluded_by"] = text_list(sink.excluded_by);
  out["error"] = text_list(sink.error);
  return out;
}

}  // namespace ssis::python
