// Benchmarks of ssis on rules/kr: load/check/compile, one household (with and without
// explanation), batch throughput on 1 and 2 threads, and the hand-written baseline on the
// basic livelihood subset. Run: scripts/bench.sh (see benchmarks/README.md).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <ssis/ssis.hpp>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "baseline/nbls_baseline.hpp"
#include "cycling_source.hpp"
#include "population/kr_population.hpp"
#include "population/schema_population.hpp"
#include "baseline/rules_subset.hpp"

namespace {

const std::filesystem::path rules_kr = std::filesystem::path(SSIS_SOURCE_DIR) / "rules" / "kr";
const ssis::Date date = *ssis::Date::parse("2025-09-24");
constexpr std::uint64_t seed = 20250924;
constexpr std::size_t pool_size = 100'000;

const ssis::RuleSet& kr() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(rules_kr.string());
  return rules;
}

const ssis::RuleSet& subset() {
  static const ssis::RuleSet rules = [] {
    const auto dir = ssis::baseline::nbls_subset(rules_kr);
    ssis::RuleSet loaded = ssis::RuleSet::load_or_throw(dir.string());
    std::filesystem::remove_all(dir);
    return loaded;
  }();
  return rules;
}

const std::vector<ssis::Household>& pool() {
  static const std::vector<ssis::Household> households = ssis::population::KrPopulation(seed, date).take(pool_size);
  return households;
}

class CountingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override {
    for (const auto& h : block)
      for (const auto& d : h.programmes) {
        eligible += d.status == ssis::Status::eligible;
        errors += d.status == ssis::Status::error;
      }
  }
  std::size_t eligible = 0;
  std::size_t errors = 0;
};

void BM_LoadCheckCompile(benchmark::State& state) {
  for (auto _ : state) {
    ssis::LoadResult result = ssis::RuleSet::load(rules_kr.string());
    if (!result.rules) state.SkipWithError("rules/kr does not load");
    benchmark::DoNotOptimize(result);
  }
  state.counters["programmes"] = static_cast<double>(kr().programmes().size());
}
BENCHMARK(BM_LoadCheckCompile)->Unit(benchmark::kMillisecond);

// 0: without explanation; 1: with explanation; 2: without explanation or missing facts.
void BM_OneHousehold(benchmark::State& state) {
  const bool explain = state.range(0) == 1;
  ssis::EvaluationOptions options;
  options.missing_facts = state.range(0) != 2;
  ssis::Evaluator evaluator(kr(), options);
  const ssis::Household& household = pool()[0];
  for (auto _ : state) benchmark::DoNotOptimize(evaluator.evaluate(household, date, explain));
  const char* const labels[] = {"without explanation", "with explanation", "without explanation or missing facts"};
  state.SetLabel(labels[state.range(0)]);
  state.counters["programmes"] = static_cast<double>(kr().programmes().size());
}
BENCHMARK(BM_OneHousehold)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

// With `errors_expected`, the case is skipped when no programme is an error: it would measure nothing.
void run_batch_benchmark(benchmark::State& state, const ssis::RuleSet& rules, ssis::Date on = date, bool errors_expected = false) {
  const auto households = static_cast<std::size_t>(state.range(0));
  ssis::BatchOptions options;
  options.date = on;
  options.threads = static_cast<unsigned>(state.range(1));
  options.missing_facts = false;
  pool();
  for (auto _ : state) {
    ssis::bench::CyclingSource source(households, [](std::size_t i) { return pool()[i % pool().size()]; });
    CountingSink sink;
    const ssis::BatchSummary summary = ssis::run_batch(rules, source, sink, options);
    if (summary.evaluated != households) state.SkipWithError("households were lost");
    if (errors_expected && sink.errors == 0) state.SkipWithError("no programme is an error on this date: the case measures nothing");
    if (errors_expected) state.counters["errors"] = static_cast<double>(sink.errors);
    benchmark::DoNotOptimize(sink.eligible);
  }
  const auto evaluations = static_cast<std::int64_t>(households * rules.programmes().size());
  state.SetItemsProcessed(state.iterations() * evaluations);
  state.counters["households/s"] =
      benchmark::Counter(static_cast<double>(households), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Batch(benchmark::State& state) { run_batch_benchmark(state, kr()); }
BENCHMARK(BM_Batch)
    ->ArgsProduct({{1'000, 10'000, 100'000, 1'000'000}, {1, 2}})
    ->ArgNames({"households", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A date on which a parameter rules/kr reads has no value in force (until the rules give it
// one), so that a programme is an error for some households of every block: errors are traced
// to their origin in the same run. Compare with BM_Batch on the same households and threads.
void BM_BatchWithErrors(benchmark::State& state) {
  run_batch_benchmark(state, kr(), *ssis::Date::parse("2026-12-07"), true);
}
BENCHMARK(BM_BatchWithErrors)->Args({100'000, 1})->ArgNames({"households", "threads"})->Unit(benchmark::kMillisecond)->UseRealTime();

// The shared subset: the engine on the basic livelihood programmes only, against the baseline.
void BM_SubsetEngine(benchmark::State& state) { run_batch_benchmark(state, subset()); }
BENCHMARK(BM_SubsetEngine)->Args({100'000, 1})->ArgNames({"households", "threads"})->Unit(benchmark::kMillisecond)->UseRealTime();

// Households already in columns (as from numpy arrays or a query result), decisions to arrays:
// arguments households, threads, whether the outcome arrays of the last iteration are
// reused (1) or made afresh (0), and the engine: the interpreter (0) or the rule set
// compiled to C++ and built into this program (1, ssis/compiled_rules.hpp).
void run_columns_benchmark(benchmark::State& state, const ssis::RuleSet& rules) {
  const auto households = static_cast<std::size_t>(state.range(0));
  const bool reuse = state.range(2) != 0;
  ssis::HouseholdColumns columns(rules);
  for (std::size_t i = 0; i < households; ++i) columns.append(pool()[i % pool().size()]);
  const bool compiled = state.range(3) != 0;
  const ssis::ColumnOptions options{date, static_cast<unsigned>(state.range(1)), 0,
                                    compiled ? ssis::ColumnEngine::compiled : ssis::ColumnEngine::interpreter};
  ssis::ColumnOutcomes reused;
  // Reused arrays are those of an earlier call: one before timing, since a run of this size
  // may have only one or two iterations.
  if (reuse) ssis::evaluate_columns(rules, columns, options, reused);
  for (auto _ : state) {
    if (reuse) {
      ssis::evaluate_columns(rules, columns, options, reused);
      benchmark::DoNotOptimize(reused.status.data());
    } else {
      const ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, columns, options);
      benchmark::DoNotOptimize(out.status.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(households * rules.programmes().size()));
  state.counters["households/s"] =
      benchmark::Counter(static_cast<double>(households), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Columns(benchmark::State& state) { run_columns_benchmark(state, kr()); }
BENCHMARK(BM_Columns)
    ->ArgsProduct({{100'000}, {1, 2}, {0, 1}, {0, 1}})
    ->ArgNames({"households", "threads", "reuse", "compiled"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// rules/kr as it was before programmes were assessed per member (a directory named by
// SSIS_RULES_KR_HOUSEHOLDS_ONLY, which scripts/bench.sh extracts from git history), beside
// BM_Columns: the cost of deciding rules/kr's programmes paid to persons for each member.
void BM_ColumnsKrHouseholdsOnly(benchmark::State& state) {
  const char* directory = std::getenv("SSIS_RULES_KR_HOUSEHOLDS_ONLY");
  if (directory == nullptr) {
    state.SkipWithError("SSIS_RULES_KR_HOUSEHOLDS_ONLY names no directory");
    return;
  }
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(directory);
  run_columns_benchmark(state, rules);
}
BENCHMARK(BM_ColumnsKrHouseholdsOnly)
    ->ArgsProduct({{100'000}, {1}, {1}, {0}})
    ->ArgNames({"households", "threads", "reuse", "compiled"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// rules/kr in columns deciding some programmes alone (ssis::ProgrammeSelection), one thread,
// outcome arrays reused: 0, nbls_housing_rent (with the 16 programmes its relations tie it
// to); 1, basic_pension; 2, every programme through a selection (against BM_Columns: the cost
// of deciding through one). Items: programmes decided per household.
void BM_ColumnsSelected(benchmark::State& state) {
  const auto households = static_cast<std::size_t>(state.range(0));
  static const std::vector<std::vector<std::string>> choices = [] {
    std::vector<std::string> every;
    for (const auto& programme : kr().programmes()) every.push_back(programme.id);
    return std::vector<std::vector<std::string>>{{"nbls_housing_rent"}, {"basic_pension"}, every};
  }();
  ssis::HouseholdColumns columns(kr());
  for (std::size_t i = 0; i < households; ++i) columns.append(pool()[i % pool().size()]);
  ssis::ColumnOptions options{.date = date, .threads = 1};
  options.programmes = ssis::ProgrammeSelection(kr(), choices[static_cast<std::size_t>(state.range(1))]);
  ssis::ColumnOutcomes out;
  ssis::evaluate_columns(kr(), columns, options, out);
  for (auto _ : state) {
    ssis::evaluate_columns(kr(), columns, options, out);
    benchmark::DoNotOptimize(out.status.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(households * out.programmes));
  state.counters["instructions"] = static_cast<double>(options.programmes->instructions());
}
BENCHMARK(BM_ColumnsSelected)->ArgsProduct({{100'000}, {0, 1, 2}})->ArgNames({"households", "selection"})->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SubsetColumns(benchmark::State& state) { run_columns_benchmark(state, subset()); }
BENCHMARK(BM_SubsetColumns)
    ->ArgsProduct({{100'000}, {1}, {0, 1}, {0, 1}})
    ->ArgNames({"households", "threads", "reuse", "compiled"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// rules/vn (500 plan instructions), interpreted or compiled, on random households drawn from
// its schema (population/schema_population.hpp).
void BM_VnColumns(benchmark::State& state) {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw((rules_kr.parent_path() / "vn").string());
  const auto households = static_cast<std::size_t>(state.range(0));
  const ssis::HouseholdColumns columns = ssis::population::schema_households(rules, households, seed);
  const ssis::ColumnOptions options{date, 1, 0, state.range(1) != 0 ? ssis::ColumnEngine::compiled : ssis::ColumnEngine::interpreter};
  ssis::ColumnOutcomes out;
  for (auto _ : state) {
    ssis::evaluate_columns(rules, columns, options, out);
    benchmark::DoNotOptimize(out.status.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(households * rules.programmes().size()));
}
BENCHMARK(BM_VnColumns)->ArgsProduct({{100'000}, {0, 1}})->ArgNames({"households", "compiled"})->Unit(benchmark::kMillisecond)->UseRealTime();

// The baseline over native structs prepared beforehand: the limit of a hand-written loop.
void BM_SubsetBaselineNative(benchmark::State& state) {
  std::vector<ssis::baseline::NativeHousehold> native;
  for (const auto& h : pool()) native.push_back(ssis::baseline::to_native(h));
  for (auto _ : state) {
    std::size_t eligible = 0;
    for (const auto& h : native) {
      const auto result = ssis::baseline::evaluate_2025(h);
      for (auto s : result.status) eligible += s == ssis::Status::eligible;
    }
    benchmark::DoNotOptimize(eligible);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(native.size() * ssis::baseline::programme_count));
}
BENCHMARK(BM_SubsetBaselineNative)->Unit(benchmark::kMillisecond);

// The baseline reading the same input records as the engine (field lookup by name included).
void BM_SubsetBaselineFromRecords(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t eligible = 0;
    for (const auto& h : pool()) {
      const auto result = ssis::baseline::evaluate_2025(ssis::baseline::to_native(h));
      for (auto s : result.status) eligible += s == ssis::Status::eligible;
    }
    benchmark::DoNotOptimize(eligible);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pool().size() * ssis::baseline::programme_count));
}
BENCHMARK(BM_SubsetBaselineFromRecords)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
