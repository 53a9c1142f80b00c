#include "partition.hpp"

#include <fmt/format.h>

#include <pybind11/stl.h>

#include <array>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>

#include "input_table.hpp"
#include "io/background_file_buffer.hpp"
#include "vector_source.hpp"
#include "ssis/batch.hpp"
#include "ssis/columns.hpp"
#include "ssis/error.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

std::ofstream open_output(const std::string& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw py::value_error(fmt::format("{}: cannot be written", path));
  return file;
}

void check_written(std::ofstream& file, const std::string& path) {
  file.close();
  if (!file) throw py::value_error(fmt::format("{}: write failed", path));
}

// Writes findings to a detail CSV and remembers where each write() ended.
class OffsetSink : public FindingSink {
 public:
  OffsetSink(std::ostream& output, const RuleSet& rules, const std::string& language)
      : output_(output), sink_(detail_csv_sink(output, rules, language)), header_end_(output.tellp()) {}

  void write(const std::vector<FindingRow>& rows) override {
    last_start_ = output_.tellp();
    sink_->write(rows);
  }
  std::streamoff header_end() const { return header_end_; }
  std::streamoff end() const { return output_.tellp(); }
  /// Where the last write() began.
  std::streamoff last_start() const { return last_start_; }

 private:
  std::ostream& output_;
  std::unique_ptr<FindingSink> sink_;
  std::streamoff header_end_;
  std::streamoff last_start_ = 0;
};

// __int128 sums as Python ints, through their decimal text.
py::int_ to_python_int(__int128 value) {
  const bool negative = value < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(value) : static_cast<unsigned __int128>(value);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) digits.insert(digits.begin(), '-');
  return py::reinterpret_steal<py::int_>(PyLong_FromString(digits.c_str(), nullptr, 10));
}

__int128 from_python_int(const py::handle value) {
  const std::string text = py::str(value);
  __int128 result = 0;
  const bool negative = !text.empty() && text[0] == '-';
  for (std::size_t i = negative ? 1 : 0; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') throw py::value_error(fmt::format("'{}' is not an integer", text));
    result = result * 10 + (text[i] - '0');
  }
  return negative ? -result : result;
}

// The sums of a tally, in the order of its state.
constexpr std::array<MoneySum FindingTally::*, 9> tally_sums{
    &FindingTally::paid_to_no_longer_eligible, &FindingTally::overpaid, &FindingTally::underpaid, &FindingTally::blind_spot_computed,
    &FindingTally::paid_total, &FindingTally::due_total, &FindingTally::owed, &FindingTally::owed_back, &FindingTally::owed_to_people};

// (counts per finding, each of tally_sums, totals_unknown)
py::tuple tally_state(const FindingTally& tally) {
  py::list sums;
  for (MoneySum FindingTally::*sum : tally_sums) sums.append(to_python_int((tally.*sum).raw));
  return py::make_tuple(py::cast(std::vector<std::size_t>(tally.count.begin(), tally.count.end())), sums, tally.totals_unknown);
}

FindingTally tally_from_state(const py::tuple& state) {
  FindingTally tally;
  if (state.size() != 3) throw py::value_error("not the state of a finding tally");
  const auto counts = state[0].cast<std::vector<std::size_t>>();
  if (counts.size() != finding_count) throw py::value_error("a finding tally has one count per finding");
  std::copy(counts.begin(), counts.end(), tally.count.begin());
  const auto sums = state[1].cast<py::list>();
  if (sums.size() != tally_sums.size()) throw py::value_error("a finding tally has one value per sum");
  for (std::size_t i = 0; i < tally_sums.size(); ++i) (tally.*tally_sums[i]).raw = from_python_int(sums[i]);
  tally.totals_unknown = state[2].cast<std::size_t>();
  return tally;
}

py::tuple summary_state(const ReverifySummary& s) {
  py::list programmes;
  for (const FindingTally& tally : s.programmes) programmes.append(tally_state(tally));
  return py::make_tuple(s.households_read, s.households_evaluated, s.benefits_read, programmes, tally_state(s.unattributed),
                        py::cast(s.overlaps), s.split_households);
}

ReverifySummary summary_from_state(const py::tuple& state) {
  if (state.size() != 7) throw py::value_error("not the state of a ReverifyTotals");
  ReverifySummary s;
  s.households_read = state[0].cast<std::size_t>();
  s.households_evaluated = state[1].cast<std::size_t>();
  s.benefits_read = state[2].cast<std::size_t>();
  for (const py::handle tally : state[3]) s.programmes.push_back(tally_from_state(tally.cast<py::tuple>()));
  s.unattributed = tally_from_state(state[4].cast<py::tuple>());
  s.overlaps = state[5].cast<std::vector<std::size_t>>();
  s.split_households = state[6].cast<std::size_t>();
  return s;
}

// The sum of two partitions' totals (of the same rule set).
ReverifySummary added(const ReverifySummary& a, const ReverifySummary& b) {
  if (a.programmes.size() != b.programmes.size() || a.overlaps.size() != b.overlaps.size())
    throw py::value_error("the totals come from different rule sets");
  ReverifySummary sum = a;
  sum.households_read += b.households_read;
  sum.households_evaluated += b.households_evaluated;
  sum.benefits_read += b.benefits_read;
  for (std::size_t p = 0; p < sum.programmes.size(); ++p) sum.programmes[p].add(b.programmes[p]);
  sum.unattributed.add(b.unattributed);
  for (std::size_t r = 0; r < sum.overlaps.size(); ++r) sum.overlaps[r] += b.overlaps[r];
  sum.split_households += b.split_households;
  return sum;
}

// Passes the results on to `sink` and counts them by programme.
class CountingSink : public OutcomeSink {
 public:
  explicit CountingSink(const RuleSet& rules)
      : eligible(rules.programmes().size()), undetermined(rules.programmes().size()), eligible_amounts(rules.programmes().size()) {}

  void write(const std::vector<BatchHousehold>& block) override {
    for (const BatchHousehold& household : block) {
      ++households;
      if (!household.input_error.empty()) ++input_errors;
      for (std::size_t p = 0; p < household.programmes.size(); ++p) {
        const BatchDecision& decision = household.programmes[p];
        if (decision.status == Status::undetermined) ++undetermined[p];
        if (decision.status != Status::eligible) continue;
        ++eligible[p];
        if (decision.amount_knowledge == Knowledge::known) eligible_amounts[p] += decision.amount;
      }
    }
    sink->write(block);
  }

  std::unique_ptr<OutcomeSink> sink;
  std::size_t households = 0;
  std::size_t input_errors = 0;
  std::vector<std::size_t> eligible;
  std::vector<std::size_t> undetermined;
  std::vector<__int128> eligible_amounts;  ///< raw millionths
};

// The columnar engine's decisions as the records the CSV writer takes, a block at a time
// (the records reused from block to block); the `line` of a household is its 1-based row.
void write_decisions(const HouseholdColumns& columns, const ColumnOutcomes& outcomes, OutcomeSink& sink) {
  constexpr std::size_t block_size = 1024;
  std::vector<BatchHousehold> block;
  for (std::size_t first = 0; first < outcomes.households; first += block_size) {
    block.resize(std::min(block_size, outcomes.households - first));
    for (std::size_t i = 0; i < block.size(); ++i) {
      const std::size_t h = first + i;
      BatchHousehold& household = block[i];
      household.id = columns.ids()[h];
      household.line = h + 1;
      household.input_error = outcomes.input_errors[h];
      household.programmes.resize(household.input_error.empty() ? outcomes.programmes : 0);
      for (std::size_t p = 0; p < household.programmes.size(); ++p) {
        const std::size_t entry = h * outcomes.programmes + p;
        BatchDecision& decision = household.programmes[p];
        decision.status = outcomes.status[entry];
        decision.amount_knowledge = outcomes.amount_knowledge[entry];
        decision.amount = outcomes.amount[entry];
        decision.detail = BatchDecision::no_detail;
      }
      // Each member's decision of the programmes assessed per member, as run_batch gives them.
      const std::size_t member_programmes = outcomes.member_programmes.size();
      for (std::size_t k = 0; k < member_programmes && household.input_error.empty(); ++k) {
        if (household.details.size() <= k) household.details.emplace_back();
        std::vector<BatchUnitDecision>& units = household.details[k].units;
        units.clear();
        household.programmes[outcomes.member_programmes[k]].detail = static_cast<std::uint32_t>(k);
        for (std::size_t m = outcomes.member_offsets[h]; m < outcomes.member_offsets[h + 1]; ++m) {
          const std::size_t entry = m * member_programmes + k;
          if (outcomes.unit_assessed[entry] == 0) continue;
          BatchUnitDecision& unit = units.emplace_back();
          unit.member = m - outcomes.member_offsets[h];
          unit.status = outcomes.unit_status[entry];
          unit.amount_knowledge = outcomes.unit_amount_knowledge[entry];
          unit.amount = outcomes.unit_amount[entry];
        }
      }
    }
    sink.write(block);
  }
}

}  // namespace

py::dict write_partition_csv(const RuleSet& rules, const py::dict& households, const py::dict& members, const std::string& id_column,
                             Date date, unsigned threads, bool wide, const std::string& path) {
  const HouseholdTables tables(rules.schema(), households, members, id_column);
  std::optional<HouseholdColumns> columns;
  std::vector<Household> records;
  if (wide)
    columns.emplace(tables.columns(rules));
  else
    records = tables.households();
  CountingSink counted(rules);
  {
    py::gil_scoped_release release;
    // Written on a thread of its own, as eval-batch writes: the kernel's time for the writes
    // is not taken from the evaluation's thread.
    detail::BackgroundFileBuffer written(path, false);
    if (!written.is_open()) throw py::value_error(fmt::format("{}: cannot be written", path));
    std::ostream file(&written);
    counted.sink = csv_sink(file, rules, wide ? BatchLayout::wide : BatchLayout::long_rows);
    if (wide) {
      write_decisions(*columns, evaluate_columns(rules, *columns, {date, threads, 0}), counted);
    } else {
      VectorSource source(records);
      BatchOptions options;
      options.date = date;
      options.threads = threads;
      run_batch(rules, source, counted, options);
    }
    file.flush();
    if (!file || !written.close())
      throw py::value_error(fmt::format("{}: write failed{}", path, written.error().empty() ? "" : ": " + written.error()));
  }
  std::vector<py::int_> amounts;
  for (const __int128 amount : counted.eligible_amounts) amounts.push_back(to_python_int(amount));
  py::dict out;
  out["households"] = counted.households;
  out["evaluated"] = counted.households - counted.input_errors;
  out["input_errors"] = counted.input_errors;
  out["eligible"] = counted.eligible;
  out["undetermined"] = counted.undetermined;
  out["eligible_amounts"] = amounts;
  return out;
}

py::dict reverify_partition(const RuleSet& rules, const py::dict& households, const py::dict& members, const std::string& id_column,
                            Date date, const std::string& benefits_path, const std::string& households_name,
                            const std::string& detail_path, unsigned threads, const std::string& language) {
  const HouseholdTables tables(rules.schema(), households, members, id_column);
  std::vector<Household> input = tables.households();
  std::ifstream benefits_file(benefits_path, std::ios::binary);
  if (!benefits_file) throw py::value_error(fmt::format("{}: cannot be read", benefits_path));
  BenefitIndex benefits = read_benefits_csv(benefits_file, benefits_path, rules, date);

  ReverifySummary summary;
  std::vector<long long> sections;
  {
    py::gil_scoped_release release;
    std::ofstream detail = open_output(detail_path);
    OffsetSink sink(detail, rules, language);
    // The benefits file's errors are written first here and counted below: `ssis reverify`
    // writes them before any household, so the assembled detail.csv puts every partition's
    // ones first.
    benefits.finish();
    const std::vector<FindingRow> benefit_errors = benefits.take_errors();
    if (!benefit_errors.empty()) sink.write(benefit_errors);
    const std::streamoff benefit_errors_end = sink.end();
    VectorSource source(input);
    ReverifyOptions options;
    options.date = date;
    options.threads = threads;
    options.households_name = households_name;
    summary = reverify(rules, source, benefits, sink, options);
    for (const FindingRow& row : benefit_errors) summary.add(row);
    // reverify() writes the errors of unclaimed benefits last, in one write, when there are any.
    const std::streamoff households_end = benefits.unclaimed_errors().empty() ? sink.end() : sink.last_start();
    for (const std::streamoff offset : {sink.header_end(), benefit_errors_end, households_end, sink.end()})
      sections.push_back(static_cast<long long>(offset));
    check_written(detail, detail_path);
  }
  py::dict out;
  out["sections"] = sections;
  out["totals"] = summary;
  return out;
}

py::tuple reverify_outputs(const RuleSet& rules, const ReverifySummary& totals, Date date, const std::string& households_file,
                           const std::string& benefits_file, const std::string& language) {
  std::ostringstream summary;
  write_csv(summary, summary_table(rules, totals, language));
  std::ostringstream report;
  write_report(report, rules, totals, {date, households_file, benefits_file}, language);
  return py::make_tuple(py::bytes(summary.str()), py::bytes(report.str()));
}

void bind_partition(py::module_& module) {
  py::class_<ReverifySummary>(module, "ReverifyTotals",
                              "The counts and sums of a re-verification, as summary.csv and report.md are made from; "
                              "totals of partitions add up with `+`.")
      .def_readonly("households_read", &ReverifySummary::households_read)
      .def_readonly("households_evaluated", &ReverifySummary::households_evaluated)
      .def_readonly("benefits_read", &ReverifySummary::benefits_read)
      .def("__add__", &added)
      .def(py::pickle(&summary_state, &summary_from_state));
}

}  // namespace ssis::python
