#pragma once
// Sweeps and population impact for Python: the results as columns and text tables.
#include <pybind11/pybind11.h>

#include "ssis/rule_set.hpp"

namespace ssis::python {

/// The sweep of one household (a dict shaped like the JSON households) over `axes`
/// ("PATH=FROM:TO:STEP" each). Returns {"axes": [paths], "columns": {name: [str or None, ...]}
/// for the axis values, own_income, benefits, net_income, marginal_effective_tax_rate, cliff,
/// cliff_programmes, eligible, undetermined, uncounted; "status": uint8 array points x
/// programmes (Status order), "amount": int64 millionths, "amount_known": bool,
/// "income_fields": [...], "leaves_out": str}.
pybind11::dict sweep_household(const RuleSet& rules, pybind11::handle household, const std::vector<std::string>& axes,
                               Date date, const std::vector<std::string>& income_fields, unsigned threads);

/// The impact of `reform` on the households of the file at `path` (CSV or JSON lines).
/// Returns {"summary": csv text, "deciles": csv text, "report": markdown, "households_read",
/// "evaluated", "input_errors"}; with `output_directory`, also writes detail.csv,
/// summary.csv, deciles.csv and report.md there.
pybind11::dict population_impact(const RuleSet& baseline, const RuleSet& reform, const std::string& path, bool csv,
                                 Date date, const std::vector<std::string>& income_fields, const std::string& weight,
                                 const std::map<std::string, std::string>& take_up, unsigned threads, std::size_t block_size,
                                 const std::string& output_directory);

}  // namespace ssis::python
