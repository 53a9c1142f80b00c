// Benchmarks of eval-batch's path on rules/kr, one thread, the same 100,000 synthetic
// households as CSV and as JSON lines in memory: reading alone (into the block's columns),
// the whole batch (CSV or JSON lines in, wide CSV out), and the columnar engine on the same
// households, so that the batch's ratio to the engine is measured in the same run. Run: scripts/bench.sh.
#include <benchmark/benchmark.h>
#include <ssis/ssis.hpp>

#include <filesystem>
#include <sstream>

#include "eval/block.hpp"
#include "io/csv_columns.hpp"
#include "io/json_line_columns.hpp"
#include "io/json_lines_source.hpp"
#include "population/kr_population.hpp"

namespace {

const std::filesystem::path rules_kr = std::filesystem::path(SSIS_SOURCE_DIR) / "rules" / "kr";
const ssis::Date date = *ssis::Date::parse("2025-09-24");
constexpr std::uint64_t seed = 1;
constexpr std::size_t households = 100'000;

const ssis::RuleSet& kr() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(rules_kr.string());
  return rules;
}

const std::vector<ssis::Household>& population() {
  static const std::vector<ssis::Household> all = ssis::population::KrPopulation(seed, date).take(households);
  return all;
}

const std::string& population_csv() {
  static const std::string csv = [] {
    std::ostringstream out;
    ssis::population::write_csv_header(out);
    for (const ssis::Household& household : population()) ssis::population::write_csv(out, household);
    return out.str();
  }();
  return csv;
}

const std::string& population_json_lines() {
  static const std::string lines = [] {
    std::ostringstream out;
    for (const ssis::Household& household : population()) ssis::population::write_json_line(out, household);
    return out.str();
  }();
  return lines;
}

// Reads a text in memory where it is, without the copy an std::istringstream makes.
class MemoryInput : public std::streambuf {
 public:
  explicit MemoryInput(const std::string& text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

// Discards what is written to it, counting the bytes.
class CountingBuffer : public std::streambuf {
 public:
  std::size_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    ++bytes;
    return c;
  }
};

void set_rates(benchmark::State& state, std::size_t bytes) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * households));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["programme_evaluations_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations() * households * kr().programmes().size()), benchmark::Counter::kIsRate);
}

// Reading alone: CSV rows grouped into households and bound into a block's columns, a block
// of 64 households at a time, as eval-batch's reading thread and workers do, without evaluation.
void BM_CsvReadIntoColumns(benchmark::State& state) {
  const ssis::RuleSet& rules = kr();
  const std::string& csv = population_csv();
  for (auto _ : state) {
    MemoryInput buffer(csv);
    std::istream input(&buffer);
    ssis::detail::CsvHouseholdSource source(input, rules.schema(), {});
    ssis::detail::CsvColumnBinder binder(rules.schema(), source.header(), date);
    ssis::detail::CsvHouseholdRows rows;
    ssis::detail::Block block;
    bool more = true;
    while (more) {
      rows.clear();
      block.reset(rules.schema());
      while (rows.size() < 64 && (more = source.next_rows(rows))) {
      }
      for (std::size_t h = 0; h < rows.size(); ++h) binder.bind(rows, h, block);
      binder.complete(block);
      benchmark::DoNotOptimize(block.members);
    }
  }
  set_rates(state, csv.size());
}
BENCHMARK(BM_CsvReadIntoColumns)->Unit(benchmark::kMillisecond)->UseRealTime();

// Reading alone: JSON lines bound into a block's columns, 64 households at a time, as
// eval-batch's reading thread and workers do, without evaluation.
void BM_JsonLinesReadIntoColumns(benchmark::State& state) {
  const ssis::RuleSet& rules = kr();
  const std::string& text = population_json_lines();
  const ssis::detail::BindOptions options{.evaluation_date = date};
  for (auto _ : state) {
    MemoryInput buffer(text);
    std::istream input(&buffer);
    ssis::detail::JsonLinesSource source(input, {});
    ssis::detail::JsonLineBinder binder(rules.schema(), options);
    ssis::detail::JsonLine line;
    ssis::detail::Block block;
    std::string id;
    bool more = true;
    while (more) {
      block.reset(rules.schema());
      while (block.households < 64 && (more = source.next_line(line))) binder.bind(line.text, line.number, block, id);
      benchmark::DoNotOptimize(block.members);
    }
  }
  set_rates(state, text.size());
}
BENCHMARK(BM_JsonLinesReadIntoColumns)->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole batch on one thread: `json_lines` false: CSV in; true: JSON lines in;
// evaluation; wide CSV out.
void BM_EvalBatchWide(benchmark::State& state) {
  const ssis::RuleSet& rules = kr();
  const bool json_lines = state.range(0) == 1;
  const std::string& text = json_lines ? population_json_lines() : population_csv();
  ssis::BatchOptions options;
  options.date = date;
  options.threads = 1;
  options.missing_facts = false;
  for (auto _ : state) {
    MemoryInput buffer(text);
    std::istream input(&buffer);
    CountingBuffer discarded;
    std::ostream output(&discarded);
    auto source = json_lines ? ssis::json_lines_source(input) : ssis::csv_source(input, rules.schema());
    auto sink = ssis::csv_sink(output, rules, ssis::BatchLayout::wide);
    benchmark::DoNotOptimize(ssis::run_batch(rules, *source, *sink, options));
  }
  set_rates(state, text.size());
}
BENCHMARK(BM_EvalBatchWide)->ArgName("json_lines")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The columnar engine on the same households already in columns, one thread: the core the
// batch is compared with.
void BM_ColumnsSameHouseholds(benchmark::State& state) {
  const ssis::RuleSet& rules = kr();
  ssis::HouseholdColumns table(rules);
  for (const ssis::Household& household : population()) table.append(household);
  ssis::ColumnOptions options{date};
  options.threads = 1;
  ssis::ColumnOutcomes outcomes;
  for (auto _ : state) {
    ssis::evaluate_columns(rules, table, options, outcomes);
    benchmark::DoNotOptimize(outcomes.status.data());
  }
  set_rates(state, population_csv().size());
}
BENCHMARK(BM_ColumnsSameHouseholds)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
