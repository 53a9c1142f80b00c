#pragma once
// Re-verification of current beneficiaries from tables, on every core, without the GIL.
#include <pybind11/pybind11.h>

#include "ssis/rule_set.hpp"

namespace ssis::python {

/// Compares the households of the tables (see input_table.hpp) with the benefits they
/// receive. `benefits` holds the columns household_id, programme, monthly_amount and since
/// as lists of str or None. Returns {"detail": columns of the findings (household_id,
/// programme, ministry, finding, paid_monthly, computed_monthly, difference, reasons),
/// "summary": {"header": [...], "rows": [[...], ...]}} (cells as text). Bad benefit
/// rows become input_error findings naming "benefits row R, column C".
pybind11::dict reverify_tables(const RuleSet& rules, const pybind11::dict& households, const pybind11::dict& members,
                               const pybind11::dict& benefits, const std::string& id_column, Date date, unsigned threads,
                               const std::string& language);

}  // namespace ssis::python
