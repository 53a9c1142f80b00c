// Re-verification of 1,000,000 beneficiary households of the synthetic Korean population
// with their benefits (planted cases included): benefit index, evaluation on every core,
// comparison and counting. Reports households/s and the peak memory of the process.
// Run: build/ssis_reverify_benchmark (see benchmarks/README.md).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <filesystem>
#include <ssis/ssis.hpp>

#include "cycling_source.hpp"
#include "population/kr_beneficiaries.hpp"
#include "population/kr_population.hpp"

namespace {

const std::filesystem::path rules_kr = std::filesystem::path(SSIS_SOURCE_DIR) / "rules" / "kr";
const ssis::Date date = *ssis::Date::parse("2025-09-24");
constexpr std::uint64_t seed = 20250924;
constexpr std::size_t pool_size = 20'000;

const ssis::RuleSet& kr() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(rules_kr.string());
  return rules;
}

// Households of the synthetic population with the benefits the scenario assigns them.
struct Beneficiary {
  ssis::Household household;
  std::vector<std::array<std::string, 4>> benefits;  // programme, monthly_amount, since, member ("" for the household)
};

const std::vector<Beneficiary>& pool() {
  static const std::vector<Beneficiary> beneficiaries = [] {
    ssis::population::KrPopulation population(seed, date);
    ssis::population::KrBeneficiaries scenario(kr(), seed, date);
    std::vector<Beneficiary> out;
    for (std::size_t i = 0; i < pool_size; ++i) {
      Beneficiary& b = out.emplace_back();
      b.household = population.next();
      for (const auto& benefit : scenario.assign(b.household))
        b.benefits.push_back({kr().programmes()[static_cast<std::size_t>(benefit.programme)].id, benefit.monthly_amount.to_string(),
                              benefit.since.to_string(), benefit.member >= 0 ? std::to_string(benefit.member) : std::string()});
    }
    return out;
  }();
  return beneficiaries;
}

std::string household_id(std::size_t n) { return fmt::format("b{}", n); }

class CountingSink : public ssis::FindingSink {
 public:
  void write(const std::vector<ssis::FindingRow>& rows) override { findings += rows.size(); }
  std::size_t findings = 0;
};

void BM_Reverify(benchmark::State& state) {
  const auto households = static_cast<std::size_t>(state.range(0));
  pool();
  std::size_t benefits = 0;
  for (auto _ : state) {
    ssis::BenefitIndex index(kr(), date, [](std::size_t line, ssis::BenefitIndex::Field) { return fmt::format("row {}", line); });
    for (std::size_t n = 0; n < households; ++n) {
      const std::string id = household_id(n);
      for (const auto& [programme, amount, since, member] : pool()[n % pool().size()].benefits)
        index.add({id, programme, amount, since, member}, n + 1);
    }
    ssis::bench::CyclingSource source(households, [](std::size_t i) {
      ssis::Household household = pool()[i % pool().size()].household;
      household.id = household_id(i);  // fresh ids: each household is a new beneficiary
      return household;
    });
    CountingSink sink;
    ssis::ReverifyOptions options;
    options.date = date;
    const ssis::ReverifySummary summary = ssis::reverify(kr(), source, index, sink, options);
    benefits = summary.benefits_read;
    benchmark::DoNotOptimize(sink.findings);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["households/s"] = benchmark::Counter(static_cast<double>(households) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["benefits"] = static_cast<double>(benefits);
  state.counters["peak_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_Reverify)->Arg(1'000'000)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
