#pragma once
// One partition of a cluster job (ssis.dask): the partition's tables in, files out, through
// the same C++ code as `ssis eval-batch` and `ssis reverify`, so that the files a cluster
// writes hold the bytes the single-machine commands write.
#include <pybind11/pybind11.h>

#include <string>

#include "ssis/reverify.hpp"

namespace ssis::python {

/// Evaluates the households of the tables (see input_table.hpp) and writes them to `path`
/// as `ssis eval-batch` does (csv_sink): the long layout through run_batch with the missing
/// facts named, the wide one through the columnar engine (evaluate_columns), as eval-batch
/// reads CSV. The `line` column is the household's 1-based row in the households table.
/// Returns the counts: {"households", "evaluated", "input_errors", "eligible": [per
/// programme], "undetermined": [...], "eligible_amounts": [raw millionths]}.
pybind11::dict write_partition_csv(const RuleSet& rules, const pybind11::dict& households, const pybind11::dict& members,
                                   const std::string& id_column, Date date, unsigned threads, bool wide, const std::string& path);

/// Re-verifies the households of the tables against the benefits CSV at `benefits_path`
/// (read by read_benefits_csv, as `ssis reverify` reads it) and writes detail.csv's header
/// and rows to `detail_path`: first the errors of the benefits file, then the findings of
/// the households in order, then the errors for benefits of households absent from the
/// tables. Returns {"sections": [end of header, end of benefits errors, end of households,
/// end of file] (byte offsets), "totals": ReverifySummary}.
pybind11::dict reverify_partition(const RuleSet& rules, const pybind11::dict& households, const pybind11::dict& members,
                                  const std::string& id_column, Date date, const std::string& benefits_path,
                                  const std::string& households_name, const std::string& detail_path, unsigned threads,
                                  const std::string& language);

/// summary.csv and report.md of `ssis reverify` for the summed totals, as bytes.
pybind11::tuple reverify_outputs(const RuleSet& rules, const ReverifySummary& totals, Date date, const std::string& households_file,
                                 const std::string& benefits_file, const std::string& language);

/// Registers ReverifyTotals: a ReverifySummary that pickles (to travel between dask
/// workers) and adds up (`+`).
void bind_partition(pybind11::module_& module);

}  // namespace ssis::python
