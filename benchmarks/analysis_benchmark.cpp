// `ssis analyse` on rules/kr (docs/analysis.md): the time of every solver question about one
// programme, for each programme, and of the whole rule set on two threads.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "analysis/rule_analysis.hpp"

namespace {

constexpr unsigned timeout_ms = 5000;  // the command's default for the whole analysis

const ssis::RuleSet& kr() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_SOURCE_DIR "/rules/kr");
  return rules;
}

ssis::analysis::AnalysisOptions options(unsigned threads) {
  ssis::analysis::AnalysisOptions o;
  o.date = *ssis::Date::parse("2025-09-24");
  o.timeout_ms = timeout_ms;
  o.threads = threads;
  return o;
}

// Questions left unknown, as a counter: a time that hides timeouts is not a time.
double unknowns(const ssis::analysis::AnalysisReport& report) {
  double n = 0;
  for (const auto& p : report.programmes) {
    n += p.eligible.answer == ssis::analysis::Answer::unknown;
    for (const auto& c : p.criteria) n += c.fails_alone.answer == ssis::analysis::Answer::unknown;
  }
  for (const auto& r : report.relations) n += r.binds.answer == ssis::analysis::Answer::unknown;
  return n;
}

// One programme: its translation (in a context of its own) and every question about it.
void BM_AnalyseProgramme(benchmark::State& state, std::string id) {
  ssis::analysis::AnalysisOptions o = options(1);
  o.programmes = {std::move(id)};
  double unknown = 0;
  for (auto _ : state) unknown = unknowns(ssis::analysis::analyse(kr(), o));
  state.counters["unknown"] = unknown;
}

void BM_AnalyseRuleSet(benchmark::State& state) {
  double unknown = 0;
  for (auto _ : state) unknown = unknowns(ssis::analysis::analyse(kr(), options(2)));
  state.counters["unknown"] = unknown;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  for (const ssis::ProgrammeInfo& p : kr().programmes())
    benchmark::RegisterBenchmark(fmt::format("BM_AnalyseProgramme/{}", p.id).c_str(), BM_AnalyseProgramme, p.id)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->UseRealTime();
  benchmark::RegisterBenchmark("BM_AnalyseRuleSet/threads:2", BM_AnalyseRuleSet)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
