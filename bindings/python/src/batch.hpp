#pragma once
// Batch evaluation of household and member tables on every core, without the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

#include "ssis/rule_set.hpp"

namespace ssis::python {

/// Evaluates every household of the tables (see input_table.hpp) and returns the decisions
/// as arrays, households in input order and programmes in rule-set order, household-major:
/// "status" (uint8: the ssis::Status codes), "amount" (int64: raw millionths, 0 where not
/// known) and "amount_known" (bool); the arrays share the engine's memory. Without
/// `decisions_only` (the long layout) also "missing", "excluded_by" and "error" (lists of
/// str or None), from records per household; with it, from the columnar engine
/// (ssis/columns.hpp), and "evaluation_seconds", the time evaluate_columns took; with
/// `programme_major` too, the arrays are programme-major (entry p * households + h). With
/// `programmes` (ids; `decisions_only` only), those programmes and the ones their relations
/// tie them to are decided alone (ssis::ProgrammeSelection), and "programmes" lists their
/// indices, in the arrays' order. Throws CellError at the first cell that does not fit the
/// schema, std::invalid_argument for a programme that is not the rule set's.
pybind11::dict evaluate_tables(const RuleSet& rules, const pybind11::dict& households, const pybind11::dict& members,
                               const std::string& id_column, Date date, unsigned threads, bool decisions_only,
                               bool programme_major, const std::optional<std::vector<std::string>>& programmes);

/// Raw millionths as decimal.Decimal objects, the ones single evaluations give.
pybind11::list decimals(const pybind11::array_t<std::int64_t>& raw);

}  // namespace ssis::python
