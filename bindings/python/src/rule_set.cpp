#include "rule_set.hpp"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <fmt/format.h>

#include <mutex>

#include "batch.hpp"
#include "household_input.hpp"
#include "outcome.hpp"
#include "partition.hpp"
#include "python_values.hpp"
#include "reverify.hpp"
#include "rule_info.hpp"
#include "whatif.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

// A rule set with the evaluator single evaluations share (one at a time).
class NativeRuleSet {
 public:
  static std::shared_ptr<NativeRuleSet> load(const std::filesystem::path& directory, const std::filesystem::path& reform) {
    LoadResult loaded;
    {
      py::gil_scoped_release release;
      LoadOptions options;
      options.reform = reform;
      loaded = RuleSet::load(directory, options);
    }
    if (!loaded.rules) throw RuleError(std::move(loaded.diagnostics));
    return std::make_shared<NativeRuleSet>(std::move(*loaded.rules), std::move(loaded.diagnostics));
  }

  NativeRuleSet(RuleSet rules, std::vector<Diagnostic> warnings)
      : rules_(rules), warnings_(std::move(warnings)), evaluator_(rules), decisions_only_(std::move(rules), {.missing_facts = false}) {}

  const RuleSet& rules() const { return rules_; }
  const std::vector<Diagnostic>& warnings() const { return warnings_; }

  // `known_on_text` "" evaluates the facts as given; a date, as known on that day (an evaluator of its own).
  std::shared_ptr<NativeOutcome> evaluate(py::handle household_dict, const std::string& date_text, bool explain,
                                          const std::string& known_on_text, bool missing_facts) {
    const Household household = household_from_dict(household_dict);
    const Date date = parse_date(date_text);
    const std::optional<Date> known_on = known_on_text.empty() ? std::nullopt : std::optional(parse_date(known_on_text));
    if (!texts_) texts_ = rule_set_texts(rules_);  // with the GIL held
    py::gil_scoped_release release;
    if (known_on) {
      Evaluator as_known(rules_, {.missing_facts = missing_facts, .known_on = known_on});
      return std::make_shared<NativeOutcome>(NativeOutcome{rules_, as_known.evaluate(household, date, explain), texts_});
    }
    std::lock_guard lock(mutex_);
    Evaluator& evaluator = missing_facts ? evaluator_ : decisions_only_;
    return std::make_shared<NativeOutcome>(NativeOutcome{rules_, evaluator.evaluate(household, date, explain), texts_});
  }

  // The value of a household-level variable; ValueError for an unknown or member variable.
  py::object calculate(py::handle household_dict, const std::string& date_text, const std::string& variable) {
    const Household household = household_from_dict(household_dict);
    const Date date = parse_date(date_text);
    Value value;
    {
      py::gil_scoped_release release;
      std::lock_guard lock(mutex_);
      value = evaluator_.variable(household, date, variable);
    }
    return to_python(value);
  }

  py::dict evaluate_tables(const py::dict& households, const py::dict& members, const std::string& id_column,
                           const std::string& date_text, unsigned threads, bool decisions_only, bool programme_major,
                           const std::optional<std::vector<std::string>>& programmes) const {
    return python::evaluate_tables(rules_, households, members, id_column, parse_date(date_text), threads, decisions_only,
                                   programme_major, programmes);
  }

  py::dict reverify_tables(const py::dict& households, const py::dict& members, const py::dict& benefits,
                           const std::string& id_column, const std::string& date_text, unsigned threads,
                           const std::string& language) const {
    return python::reverify_tables(rules_, households, members, benefits, id_column, parse_date(date_text), threads, language);
  }

  py::dict sweep(py::handle household, const std::vector<std::string>& axes, const std::string& date_text,
                 const std::vector<std::string>& income_fields, unsigned threads) const {
    return sweep_household(rules_, household, axes, parse_date(date_text), income_fields, threads);
  }

  py::dict impact(const NativeRuleSet& reform, const std::string& households, bool csv, const std::string& date_text,
                  const std::vector<std::string>& income_fields, const std::string& weight,
                  const std::map<std::string, std::string>& take_up, unsigned threads, std::size_t block_size,
                  const std::string& output_directory) const {
    return population_impact(rules_, reform.rules(), households, csv, parse_date(date_text), income_fields, weight, take_up,
                             threads, block_size, output_directory);
  }

  py::dict write_partition_csv(const py::dict& households, const py::dict& members, const std::string& id_column,
                               const std::string& date_text, unsigned threads, bool wide, const std::string& path) const {
    return python::write_partition_csv(rules_, households, members, id_column, parse_date(date_text), threads, wide, path);
  }

  py::dict reverify_partition(const py::dict& households, const py::dict& members, const std::string& id_column,
                              const std::string& date_text, const std::string& benefits_path, const std::string& households_name,
                              const std::string& detail_path, unsigned threads, const std::string& language) const {
    return python::reverify_partition(rules_, households, members, id_column, parse_date(date_text), benefits_path,
                                      households_name, detail_path, threads, language);
  }

  py::tuple reverify_outputs(const ReverifySummary& totals, const std::string& date_text, const std::string& households_file,
                             const std::string& benefits_file, const std::string& language) const {
    return python::reverify_outputs(rules_, totals, parse_date(date_text), households_file, benefits_file, language);
  }

 private:
  static Date parse_date(const std::string& text) {
    if (auto date = Date::parse(text)) return *date;
    throw InputError("date", fmt::format("'{}' is not a date (YYYY-MM-DD)", text));
  }

  RuleSet rules_;
  std::vector<Diagnostic> warnings_;
  std::mutex mutex_;  // guards both evaluators
  Evaluator evaluator_;
  Evaluator decisions_only_;  // without missing facts
  std::shared_ptr<const RuleSetTexts> texts_;  // made on the first evaluation
};

}  // namespace

void bind_rule_set(py::module_& module) {
  py::class_<NativeRuleSet, std::shared_ptr<NativeRuleSet>>(module, "RuleSet", "A loaded rule set (native).")
      .def_static("load", &NativeRuleSet::load, py::arg("directory"), py::arg("reform") = std::filesystem::path(),
                  "Loads, checks and compiles a rule-set directory, with a reform file applied when one is given; raises "
                  "RuleError with every diagnostic.")
      .def_property_readonly("id", [](const NativeRuleSet& r) { return r.rules().id(); })
      .def_property_readonly("currency", [](const NativeRuleSet& r) { return r.rules().currency(); })
      .def_property_readonly("version", [](const NativeRuleSet& r) { return r.rules().version(); })
      .def_property_readonly("fingerprint", [](const NativeRuleSet& r) { return r.rules().fingerprint(); })
      .def_property_readonly("warnings", &NativeRuleSet::warnings)
      .def("programmes", [](const NativeRuleSet& r) { return programmes_data(r.rules()); })
      .def("parameters", [](const NativeRuleSet& r) { return parameters_data(r.rules()); })
      .def("variables", [](const NativeRuleSet& r) { return variables_data(r.rules()); })
      .def("relations", [](const NativeRuleSet& r) { return relations_data(r.rules()); })
      .def("schema", [](const NativeRuleSet& r) { return schema_data(r.rules().schema()); })
      .def("evaluate", &NativeRuleSet::evaluate, py::arg("household"), py::arg("date"), py::arg("explain") = false,
           py::arg("known_on") = "", py::arg("missing_facts") = true,
           "Evaluates one household (a dict shaped like the JSON households) on a date (YYYY-MM-DD), as known on "
           "`known_on` (YYYY-MM-DD) when it is not empty, naming the missing facts unless `missing_facts` is false.")
      .def("calculate", &NativeRuleSet::calculate, py::arg("household"), py::arg("date"), py::arg("variable"),
           "The value of a household-level variable for one household (a dict) on a date (YYYY-MM-DD); None when "
           "the inputs do not settle it.")
      .def("evaluate_tables", &NativeRuleSet::evaluate_tables, py::arg("households"), py::arg("members"), py::arg("id_column"),
           py::arg("date"), py::arg("threads") = 0, py::arg("decisions_only") = false, py::arg("programme_major") = false,
           py::arg("programmes") = py::none(),
           "Evaluates tables of households and members (dicts of columns) on every core, without the GIL; "
           "decisions_only: status and amount alone, from the columnar engine; programme_major: their arrays "
           "programme by programme; programmes (ids, with decisions_only): only those and the programmes their "
           "relations tie them to, whose indices \"programmes\" lists.")
      .def("reverify_tables", &NativeRuleSet::reverify_tables, py::arg("households"), py::arg("members"), py::arg("benefits"),
           py::arg("id_column"), py::arg("date"), py::arg("threads") = 0, py::arg("language") = "en",
           "Compares the households of the tables with the benefits they receive (columns of text); "
           "returns the findings as columns and the summary as text rows.")
      .def("sweep", &NativeRuleSet::sweep, py::arg("household"), py::arg("axes"), py::arg("date"), py::arg("income_fields"),
           py::arg("threads") = 0, "Evaluates one household while inputs vary (PATH=FROM:TO:STEP each), on the columnar engine.")
      .def("impact", &NativeRuleSet::impact, py::arg("reform"), py::arg("households"), py::arg("csv"), py::arg("date"),
           py::arg("income_fields"), py::arg("weight"), py::arg("take_up"), py::arg("threads"), py::arg("block_size"),
           py::arg("output_directory"),
           "The impact of the reform rule set on the households of a file; the tables as text, and files when "
           "output_directory is not empty.")
      .def("write_partition_csv", &NativeRuleSet::write_partition_csv, py::arg("households"), py::arg("members"),
           py::arg("id_column"), py::arg("date"), py::arg("threads"), py::arg("wide"), py::arg("path"),
           "Evaluates one partition's tables and writes them to `path` as `ssis eval-batch` writes its CSV; returns the counts.")
      .def("reverify_partition", &NativeRuleSet::reverify_partition, py::arg("households"), py::arg("members"),
           py::arg("id_column"), py::arg("date"), py::arg("benefits_path"), py::arg("households_name"), py::arg("detail_path"),
           py::arg("threads"), py::arg("language"),
           "Re-verifies one partition's tables against a benefits CSV, writing its detail rows to `detail_path`; returns "
           "the byte offsets of their sections and the ReverifyTotals.")
      .def("reverify_outputs", &NativeRuleSet::reverify_outputs, py::arg("totals"), py::arg("date"), py::arg("households_file"),
           py::arg("benefits_file"), py::arg("language"),
           "summary.csv and report.md of `ssis reverify` for the given totals, as bytes.");
}

}  // namespace ssis::python
