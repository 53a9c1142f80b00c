// Differential tests on a synthetic population: the engine against the hand-written
// baseline, and single, batch (any block size, any thread count) and explained evaluation
// against each other.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>

#include "baseline/nbls_baseline.hpp"
#include "baseline/rules_subset.hpp"
#include "population/kr_population.hpp"
#include "population/random_source.hpp"
#include "ssis/batch.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/outcome.hpp"
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

// The synthetic population with facts taken away at random (left out, or null) from two
// households in three, amounts large enough to overflow, and one household in fifty grown
// to 20 members (paths past the members whose paths the rule set makes in advance).
std::vector<ssis::Household> perturbed_population(const ssis::Schema& schema, std::uint64_t seed, std::size_t count) {
  std::vector<ssis::Household> households = ssis::population::KrPopulation(seed, day).take(count);
  ssis::population::RandomSource random(seed);
  const auto perturb = [&](ssis::InputRecord& record, ssis::Level level) {
    const auto& fields = level == ssis::Level::household ? schema.household_fields() : schema.member_fields();
    std::vector<std::pair<std::string, ssis::InputValue>> kept;
    for (auto& [name, value] : record.fields) {
      const double x = random.uniform();
      if (fields[static_cast<std::size_t>(schema.field_index(level, name))].required || x >= 0.2) {
        kept.emplace_back(name, value);
      } else if (x >= 0.18) {
        const bool whole = std::holds_alternative<std::int64_t>(value);
        kept.emplace_back(name, whole ? ssis::InputValue{std::int64_t{9'000'000'000'000}} : value);
      } else if (x >= 0.08) {
        kept.emplace_back(name, std::monostate{});
      }
    }
    record.fields = std::move(kept);
  };
  for (std::size_t i = 0; i < households.size(); ++i) {
    ssis::Household& household = households[i];
    if (i % 3 == 0) continue;
    perturb(household, ssis::Level::household);
    for (auto& member : household.members) perturb(member, ssis::Level::member);
    if (i % 50 == 7) {
      const std::vector<ssis::InputRecord> members = household.members;
      while (household.members.size() < 20) household.members.push_back(members[household.members.size() % members.size()]);
    }
  }
  return households;
}

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

TEST_CASE("an evaluator reused one household at a time and in blocks gives every outcome in full as a fresh one does") {
  // Everything an outcome holds (statuses, amounts, criteria, missing facts, errors,
  // relations, explanations) from storage reused across households of every shape.
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  const auto households = perturbed_population(rules.schema(), 23, 240);
  for (const bool explain : {false, true}) {
    INFO("explain ", explain);
    ssis::Evaluator reused(rules, {.explain = explain, .block_size = 7});
    std::array<std::size_t, 4> statuses{};
    std::size_t far_members = 0;
    for (std::size_t start = 0; start < households.size(); start += 10) {
      const std::vector<ssis::Household> group(households.begin() + static_cast<std::ptrdiff_t>(start),
                                               households.begin() + static_cast<std::ptrdiff_t>(start + 10));
      const std::vector<ssis::HouseholdOutcome> in_blocks = reused.evaluate(group, day);
      for (std::size_t i = 0; i < group.size(); ++i) {
        INFO(group[i].id);
        const ssis::HouseholdOutcome one = reused.evaluate(group[i], day, explain);
        const std::string expected = ssis::to_json(ssis::Evaluator(rules).evaluate(group[i], day, explain));
        REQUIRE(ssis::to_json(one) == expected);
        REQUIRE(ssis::to_json(in_blocks[i]) == expected);
        for (const auto& p : one.programmes) {
          statuses[static_cast<std::size_t>(p.status)] += 1;
          for (const std::string_view path : p.missing) far_members += path.starts_with("members[19]");
        }
      }
    }
    // The population reaches every kind of outcome, and missing facts of far members.
    for (const std::size_t count : statuses) CHECK(count > 0);
    CHECK(far_members > 0);
  }
}
