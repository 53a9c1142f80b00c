#include "whatif.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "household_input.hpp"
#include "ssis/error.hpp"
#include "ssis/impact.hpp"
#include "ssis/sweep.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

py::list joined(const std::vector<std::string>& texts) {
  py::list out;
  for (const auto& text : texts) out.append(text.empty() ? py::object(py::none()) : py::object(py::str(text)));
  return out;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) throw std::runtime_error(fmt::format("{}: cannot be written", path.string()));
}

}  // namespace

py::dict sweep_household(const RuleSet& rules, py::handle household_object, const std::vector<std::string>& axis_texts,
                         Date date, const std::vector<std::string>& income_fields, unsigned threads) {
  const Household household = household_from_dict(household_object);
  std::vector<SweepAxis> axes;
  for (const auto& text : axis_texts) axes.push_back(parse_sweep_axis(text));
  SweepResult result;
  {
    py::gil_scoped_release release;
    result = sweep(rules, household, axes, {.date = date, .threads = threads, .income_fields = income_fields});
  }
  const std::size_t points = result.points.size(), programmes = result.outcomes.programmes;
  std::vector<std::vector<std::string>> values(axes.size());
  std::vector<std::string> own(points), benefits(points), net(points), rate(points), cliff_programmes(points), uncounted(points);
  py::list cliff, eligible, undetermined;
  for (std::size_t i = 0; i < points; ++i) {
    const SweepPoint& point = result.points[i];
    for (std::size_t a = 0; a < axes.size(); ++a) values[a].push_back(point.values[a].to_string());
    own[i] = point.own_income.to_string();
    benefits[i] = point.benefits.to_string();
    net[i] = point.net_income.to_string();
    if (point.marginal_effective_tax_rate) rate[i] = point.marginal_effective_tax_rate->to_string();
    if (point.cliff)
      for (const BenefitDrop& drop : point.drops)
        cliff_programmes[i] += fmt::format("{}{}", cliff_programmes[i].empty() ? "" : ";", rules.programmes()[drop.programme].id);
    for (const UncountedBenefit& u : point.uncounted)
      uncounted[i] += fmt::format("{}{} ({})", uncounted[i].empty() ? "" : ";", rules.programmes()[u.programme].id, u.reason);
    cliff.append(point.cliff);
    eligible.append(point.eligible);
    undetermined.append(point.undetermined);
  }
  py::dict columns;
  for (std::size_t a = 0; a < axes.size(); ++a) columns[py::str(axes[a].path)] = joined(values[a]);
  columns["own_income"] = joined(own);
  columns["benefits"] = joined(benefits);
  columns["net_income"] = joined(net);
  columns["marginal_effective_tax_rate"] = joined(rate);
  columns["cliff"] = cliff;
  columns["cliff_programmes"] = joined(cliff_programmes);
  columns["eligible"] = eligible;
  columns["undetermined"] = undetermined;
  columns["uncounted"] = joined(uncounted);
  py::array_t<std::uint8_t> status({points, programmes});
  py::array_t<std::int64_t> amount({points, programmes});
  py::array_t<bool> known({points, programmes});
  auto s = status.mutable_unchecked<2>();
  auto m = amount.mutable_unchecked<2>();
  auto k = known.mutable_unchecked<2>();
  for (std::size_t i = 0; i < points; ++i)
    for (std::size_t p = 0; p < programmes; ++p) {
      const std::size_t at = i * programmes + p;
      s(i, p) = static_cast<std::uint8_t>(result.outcomes.status[at]);
      m(i, p) = result.outcomes.amount[at];
      k(i, p) = result.outcomes.amount_knowledge[at] == Knowledge::known;
    }
  py::dict out;
  py::list paths;
  for (const auto& axis : axes) paths.append(axis.path);
  out["axes"] = paths;
  out["columns"] = columns;
  out["status"] = status;
  out["amount"] = amount;
  out["amount_known"] = known;
  out["income_fields"] = result.income_fields;
  out["leaves_out"] = std::string(SweepResult::leaves_out());
  return out;
}

py::dict population_impact(const RuleSet& baseline, const RuleSet& reform, const std::string& path, bool csv, Date date,
                           const std::vector<std::string>& income_fields, const std::string& weight,
                           const std::map<std::string, std::string>& take_up, unsigned threads, std::size_t block_size,
                           const std::string& output_directory) {
  ImpactOptions options;
  options.date = date;
  options.threads = threads;
  options.block_size = block_size;
  options.weight_field = weight;
  options.income_fields = income_fields;
  for (const auto& [programme, text] : take_up) {
    const auto rate = Decimal::parse(text);
    if (!rate) throw InputError("take_up", fmt::format("{}: '{}' is not a number", programme, text));
    options.take_up[programme] = *rate;
  }
  std::ifstream input(path, std::ios::binary);
  if (!input) throw InputError("households", fmt::format("{}: cannot be read", path));
  std::ofstream detail;
  const std::filesystem::path directory = output_directory;
  if (!output_directory.empty()) {
    std::filesystem::create_directories(directory);
    detail.open(directory / "detail.csv", std::ios::binary | std::ios::trunc);
    if (!detail) throw std::runtime_error(fmt::format("{}: cannot be written", (directory / "detail.csv").string()));
    detail << impact_detail_header();
  }
  ImpactResult result;
  {
    py::gil_scoped_release release;
    ImpactSinks sinks;
    if (detail.is_open()) {
      sinks.change = [&detail](const HouseholdChange& change) { detail << impact_detail_row(change); };
      sinks.error = [&detail](const ImpactInputError& error) { detail << impact_error_row(error); };
    }
    result = impact(baseline, reform, input, csv, options, sinks);
  }
  const std::string summary = impact_summary_csv(result), deciles = impact_deciles_csv(result),
                    report = impact_report(result, baseline, reform, options);
  if (detail.is_open()) {
    detail.close();
    if (!detail) throw std::runtime_error(fmt::format("{}: cannot be written", (directory / "detail.csv").string()));
    write_file(directory / "summary.csv", summary);
    write_file(directory / "deciles.csv", deciles);
    write_file(directory / "report.md", report);
  }
  py::dict out;
  out["summary"] = summary;
  out["deciles"] = deciles;
  out["report"] = report;
  out["households_read"] = result.households_read;
  out["evaluated"] = result.evaluated;
  out["input_errors"] = result.input_error_count;
  return out;
}

}  // namespace ssis::python
