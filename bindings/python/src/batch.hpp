#pragma once
// Batch evaluation of household and member tables on every core, without the GIL.
#include <pybind11/pybind11.h>

#include "ssis/rule_set.hpp"

namespace ssis::python {

/// Evaluates every household of the tables (see input_table.hpp) and returns the long
/// layout as columns, households in input order and programmes in rule-set order:
/// "status" (uint8 array: the ssis::Status codes), the amounts as "amount_values" (list of
/// the distinct Decimals) and "amount_index" (int32 array: each entry's index in
/// amount_values, -1 for none), and "missing", "excluded_by", "error" (lists of str or
/// None). With `decisions_only`, status and amounts alone, from the columnar engine
/// (ssis/columns.hpp), several times faster. Throws CellError at the first cell that does not fit the schema.
pybind11::dict evaluate_tables(const RuleSet& rules, const pybind11::dict& households, const pybind11::dict& members,
                               const std::string& id_column, Date date, unsigned threads, bool decisions_only);

}  // namespace ssis::python
