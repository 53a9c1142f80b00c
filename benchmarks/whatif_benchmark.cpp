// Benchmarks of what-if analysis on rules/kr, each beside its baseline in the same process:
// a 100 x 100 sweep of two members' earnings (target: under 100 ms) beside the columnar
// engine deciding the same 10,000 households from a ready table; and the impact of a reform
// on a synthetic population as CSV in memory (target: within 2.5 times) beside one plain
// batch of the same CSV (eval-batch's path, --wide --no-missing, output discarded). Every core.
// SSIS_IMPACT_HOUSEHOLDS sets the population (default 1,000,000). Run: scripts/bench.sh.
#include <benchmark/benchmark.h>
#include <ssis/impact.hpp>
#include <ssis/ssis.hpp>
#include <ssis/sweep.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "population/kr_population.hpp"

namespace {

const std::filesystem::path source = SSIS_SOURCE_DIR;
const ssis::Date date = *ssis::Date::parse("2025-09-24");

const ssis::RuleSet& kr() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(source / "rules/kr");
  return rules;
}

const ssis::RuleSet& kr_reformed() {
  static const ssis::RuleSet rules = [] {
    ssis::LoadOptions options;
    options.reform = source / "examples/reforms/kr_livelihood_ratio_35.yaml";
    return ssis::RuleSet::load_or_throw(source / "rules/kr", options);
  }();
  return rules;
}

const ssis::Household& family() {
  static const ssis::Household household = [] {
    std::ifstream file(source / "examples/households/gyeonggi_family_of_four.json");
    std::ostringstream text;
    text << file.rdbuf();
    return ssis::parse_households_json(text.str()).at(0);
  }();
  return household;
}

const std::vector<ssis::SweepAxis>& grid() {
  static const std::vector<ssis::SweepAxis> axes = {ssis::parse_sweep_axis("members[0].earned_income=0:4950000:50000"),
                                                    ssis::parse_sweep_axis("members[1].earned_income=0:4950000:50000")};
  return axes;
}

void BM_Sweep100x100(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ssis::sweep(kr(), family(), grid(), {.date = date}));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 10'000));
}
BENCHMARK(BM_Sweep100x100)->Unit(benchmark::kMillisecond)->UseRealTime();

// The baseline: the same 10,000 households, already in a table, decided by the engine.
void BM_SweepBaselineColumns(benchmark::State& state) {
  const auto points = ssis::sweep(kr(), family(), grid(), {.date = date}).points;
  ssis::HouseholdColumns table(kr());
  for (const ssis::SweepPoint& point : points) {
    ssis::Household h = family();
    h.members[0].set("earned_income", point.values[0]);
    h.members[1].set("earned_income", point.values[1]);
    table.append(h);
  }
  ssis::ColumnOutcomes out;
  for (auto _ : state) ssis::evaluate_columns(kr(), table, {.date = date}, out);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 10'000));
}
BENCHMARK(BM_SweepBaselineColumns)->Unit(benchmark::kMillisecond)->UseRealTime();

std::size_t impact_households() {
  const char* text = std::getenv("SSIS_IMPACT_HOUSEHOLDS");
  return text ? static_cast<std::size_t>(std::strtoull(text, nullptr, 10)) : 1'000'000;
}

const std::string& population_csv() {
  static const std::string csv = [] {
    std::ostringstream out;
    ssis::population::write_csv_header(out);
    ssis::population::KrPopulation population(1, date);
    for (std::size_t i = 0; i < impact_households(); ++i) ssis::population::write_csv(out, population.next());
    return out.str();
  }();
  return csv;
}

class DiscardingBuffer : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
  int_type overflow(int_type c) override { return c; }
};

void BM_ImpactPopulation(benchmark::State& state) {
  const std::string& csv = population_csv();
  ssis::ImpactOptions options;
  options.date = date;
  options.income_fields = {"earned_income", "business_income"};
  for (auto _ : state) {
    std::istringstream input(csv);
    benchmark::DoNotOptimize(ssis::impact(kr(), kr_reformed(), input, true, options));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * impact_households()));
}
BENCHMARK(BM_ImpactPopulation)->Unit(benchmark::kMillisecond)->UseRealTime();

// The baseline: one plain batch of the same CSV, as `eval-batch --wide --no-missing` runs it.
void BM_ImpactBaselineBatch(benchmark::State& state) {
  const std::string& csv = population_csv();
  for (auto _ : state) {
    std::istringstream input(csv);
    DiscardingBuffer discard;
    std::ostream output(&discard);
    const auto sink = ssis::csv_sink(output, kr(), ssis::BatchLayout::wide);
    const auto households = ssis::csv_source(input, kr().schema());
    ssis::BatchOptions options;
    options.date = date;
    options.missing_facts = false;  // the cheapest plain batch: no missing facts named
    benchmark::DoNotOptimize(ssis::run_batch(kr(), *households, *sink, options));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * impact_households()));
}
BENCHMARK(BM_ImpactBaselineBatch)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
