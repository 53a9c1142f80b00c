// Differential tests on a synthetic population: the engine against the hand-written
// baseline, and single, batch (any block size, any thread count) and explained evaluation
// against each other.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>

#include "baseline/nbls_baseline.hpp"
#include "baseline/rules_subset.hpp"
#include "population/kr_population.hpp"
#include "ssis/batch.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/rule_set.hpp"

namespace {

const ssis::Date day = *ssis::Date::parse("2025-09-24");

ssis::RuleSet load_subset() {
  const auto dir = ssis::baseline::nbls_subset(SSIS_RULES_KR);
  ssis::RuleSet rules = ssis::RuleSet::load_or_throw(dir.string());
  std::filesystem::remove_all(dir);
  return rules;
}

class VectorSource : public ssis::HouseholdSource {
 public:
  explicit VectorSource(const std::vector<ssis::Household>& households) : households_(households) {}
  bool next(ssis::SourceItem& item) override {
    if (next_ == households_.size()) return false;
    item.household = households_[next_++];
    item.line = next_;
    item.error.clear();
    return true;
  }

 private:
  const std::vector<ssis::Household>& households_;
  std::size_t next_ = 0;
};

class CollectingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override { rows.insert(rows.end(), block.begin(), block.end()); }
  std::vector<ssis::BatchHousehold> rows;
};

}  // namespace

TEST_CASE("the engine and the hand-written baseline agree on every household") {
  const ssis::RuleSet rules = load_subset();
  ssis::Evaluator evaluator(rules);
  const auto households = ssis::population::KrPopulation(7, day).take(20'000);
  std::array<std::size_t, ssis::baseline::programme_count> eligible{};
  for (const auto& household : households) {
    const auto expected = ssis::baseline::evaluate_2025(ssis::baseline::to_native(household));
    const auto outcome = evaluator.evaluate(household, day);
    for (std::size_t p = 0; p < ssis::baseline::programme_count; ++p) {
      const auto* actual = outcome.find(ssis::baseline::programme_ids[p]);
      REQUIRE(actual);
      INFO(household.id, " ", ssis::baseline::programme_ids[p]);
      REQUIRE(actual->status == expected.status[p]);
      if (expected.status[p] == ssis::Status::eligible && actual->amount.known()) {
        CHECK(actual->amount.raw == expected.amount[p]);
      }
      eligible[p] += expected.status[p] == ssis::Status::eligible;
    }
  }
  // The population reaches every programme, so the comparison covers each of them.
  for (std::size_t p = 0; p < ssis::baseline::programme_count; ++p) CHECK(eligible[p] > 20);
}

TEST_CASE("single, batch and explained evaluation give identical outcomes") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  const auto households = ssis::population::KrPopulation(11, day).take(3'000);
  ssis::Evaluator single(rules);
  std::vector<ssis::HouseholdOutcome> reference;
  for (const auto& h : households) reference.push_back(single.evaluate(h, day));

  ssis::Evaluator explained(rules);
  for (std::size_t i = 0; i < households.size(); i += 97) {
    const auto outcome = explained.evaluate(households[i], day, true);
    for (std::size_t p = 0; p < outcome.programmes.size(); ++p) {
      CHECK(outcome.programmes[p].status == reference[i].programmes[p].status);
      CHECK(outcome.programmes[p].amount.raw == reference[i].programmes[p].amount.raw);
    }
  }

  for (const auto& [block_size, threads] : std::vector<std::pair<std::size_t, unsigned>>{{1, 1}, {7, 2}, {256, 2}, {1024, 1}}) {
    VectorSource source(households);
    CollectingSink sink;
    ssis::BatchOptions options;
    options.date = day;
    options.block_size = block_size;
    options.threads = threads;
    const auto summary = ssis::run_batch(rules, source, sink, options);
    INFO("block size ", block_size, ", threads ", threads);
    REQUIRE(summary.evaluated == households.size());
    REQUIRE(sink.rows.size() == households.size());
    for (std::size_t i = 0; i < households.size(); ++i) {
      REQUIRE(sink.rows[i].id == households[i].id);
      for (std::size_t p = 0; p < reference[i].programmes.size(); ++p) {
        const auto& a = sink.rows[i].programmes[p];
        const auto& b = reference[i].programmes[p];
        REQUIRE(a.status == b.status);
        if (b.amount.known()) REQUIRE(a.amount == b.amount.raw);
      }
    }
  }
}
