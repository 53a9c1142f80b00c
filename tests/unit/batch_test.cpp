#include <doctest/doctest.h>

#include <fmt/format.h>

#include <climits>
#include <cstdint>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "ssis/batch.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"
#include "rule_fixture.hpp"
#include "ssis/household_json.hpp"

namespace {

ssis::RuleSet mini() { return ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini"); }

class CollectingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override {
    households.insert(households.end(), block.begin(), block.end());
  }
  std::vector<ssis::BatchHousehold> households;
};

// A population with a malformed household every seventh line.
std::string population_jsonl(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    if (i % 7 == 3) {
      text += "{\"id\": \"bad" + std::to_string(i) + "\", \"region\": \"nowhere\", \"members\": []}\n";
      continue;
    }
    text += "{\"id\": \"h" + std::to_string(i) + "\", \"region\": \"city\", \"members\": [{\"birth_date\": \"19" +
            std::to_string(40 + i % 60) + "-01-01\", \"earned_income\": " + std::to_string(i * 9973) +
            (i % 5 == 0 ? "" : ", \"needs_assessment\": true") + "}]}\n";
  }
  return text;
}

}  // namespace

TEST_CASE("every input household yields a result or an error, in input order, on any thread count") {
  const ssis::RuleSet rules = mini();
  const std::string text = population_jsonl(500);
  for (unsigned threads : {1u, 2u, 4u}) {
    for (std::size_t block : {1u, 7u, 1024u}) {
      std::istringstream input(text);
      auto source = ssis::json_lines_source(input);
      CollectingSink sink;
      ssis::BatchOptions options;
      options.date = *ssis::Date::parse("2025-03-01");
      options.threads = threads;
      options.block_size = block;
      const auto summary = ssis::run_batch(rules, *source, sink, options);
      CHECK(summary.households_read == 500);
      CHECK(summary.evaluated + summary.input_errors == summary.households_read);
      CHECK(summary.input_errors == 71);  // i % 7 == 3 for i < 500: 3, 10, ..., 493
      REQUIRE(sink.households.size() == 500);
      for (std::size_t i = 0; i < sink.households.size(); ++i) CHECK(sink.households[i].line == i + 1);
    }
  }
}

TEST_CASE("batch decisions equal single evaluation") {
  const ssis::RuleSet rules = mini();
  const std::string text = population_jsonl(60);
  std::istringstream input(text);
  auto source = ssis::json_lines_source(input);
  CollectingSink sink;
  ssis::BatchOptions options;
  options.date = *ssis::Date::parse("2025-03-01");
  options.threads = 2;
  options.block_size = 8;
  ssis::run_batch(rules, *source, sink, options);
  ssis::Evaluator evaluator(rules);
  std::istringstream lines(text);
  std::string line;
  for (const auto& batch : sink.households) {
    std::getline(lines, line);
    if (!batch.input_error.empty()) continue;
    const auto single = evaluator.evaluate(ssis::parse_household_json(line, ""), options.date);
    for (std::size_t p = 0; p < single.programmes.size(); ++p) {
      CHECK(batch.programmes[p].status == single.programmes[p].status);
      CHECK(batch.programmes[p].amount_knowledge == single.programmes[p].amount.knowledge);
      if (single.programmes[p].amount.known()) CHECK(batch.programmes[p].amount == single.programmes[p].amount.raw);
    }
  }
}

TEST_CASE("strict mode stops at the first input error, after writing it") {
  const ssis::RuleSet rules = mini();
  std::istringstream input(population_jsonl(100));
  auto source = ssis::json_lines_source(input);
  CollectingSink sink;
  ssis::BatchOptions options;
  options.date = *ssis::Date::parse("2025-03-01");
  options.strict = true;
  options.block_size = 2;
  const auto summary = ssis::run_batch(rules, *source, sink, options);
  CHECK(summary.stopped);
  REQUIRE(!sink.households.empty());
  CHECK_FALSE(sink.households.back().input_error.empty());
  CHECK(sink.households.size() == 4);
}

TEST_CASE("CSV households group member rows and report malformed rows by line") {
  const ssis::RuleSet rules = mini();
  std::istringstream input(
      "household_id,region,birth_date,earned_income\n"
      "a,city,1950-01-01,100\n"
      "a,city,1951-01-01,\n"
      "b,city,1990-01-01\n"
      "c,rural,,\n"
      "d,city,\"1960-01-01\",\"1,000\"\n");
  auto source = ssis::csv_source(input, rules.schema());
  CollectingSink sink;
  ssis::BatchOptions options;
  options.date = *ssis::Date::parse("2025-03-01");
  const auto summary = ssis::run_batch(rules, *source, sink, options);
  REQUIRE(sink.households.size() == 4);
  CHECK(sink.households[0].id == "a");
  CHECK(sink.households[0].input_error.empty());
  CHECK(sink.households[1].input_error.find("line 4") != std::string::npos);
  CHECK(sink.households[2].input_error == "line 5: members: a household needs at least one member");
  CHECK(sink.households[3].input_error.find("earned_income") != std::string::npos);
  CHECK(summary.evaluated == 1);
}

TEST_CASE("a CSV column that is not in the schema is rejected up front") {
  const ssis::RuleSet rules = mini();
  std::istringstream input("household_id,region,colour\n");
  CHECK_THROWS_WITH_AS(ssis::csv_source(input, rules.schema()), doctest::Contains("colour"), ssis::InputError);
}

namespace {

std::string run_to_csv(const ssis::RuleSet& rules, const std::string& input_text, ssis::BatchLayout layout,
                       std::size_t resume_after_line, bool header) {
  std::istringstream input(input_text);
  auto source = ssis::json_lines_source(input);
  std::ostringstream output;
  auto sink = ssis::csv_sink(output, rules, layout, header);
  ssis::BatchOptions options;
  options.date = *ssis::Date::parse("2025-03-01");
  options.threads = 2;
  options.block_size = 5;
  options.resume_after_line = resume_after_line;
  const auto summary = ssis::run_batch(rules, *source, *sink, options);
  CHECK(summary.households_read == 60);
  return output.str();
}

}  // namespace

TEST_CASE("an output cut at any byte resumes to exactly the uninterrupted output") {
  const ssis::RuleSet rules = mini();
  const std::string text = population_jsonl(60);
  for (auto layout : {ssis::BatchLayout::long_rows, ssis::BatchLayout::wide}) {
    const std::string full = run_to_csv(rules, text, layout, 0, true);
    for (std::size_t cut = 0; cut <= full.size(); cut += 13) {
      std::istringstream prefix(full.substr(0, cut));
      const ssis::ResumePoint point = ssis::find_resume_point(prefix, rules, layout);
      REQUIRE(point.complete_bytes <= cut);
      std::string resumed = full.substr(0, point.complete_bytes);
      resumed += run_to_csv(rules, text, layout, point.last_line, point.complete_bytes == 0);
      INFO("cut at byte ", cut);
      REQUIRE(resumed == full);
    }
  }
}

TEST_CASE("batch error messages name the parameter key, with or without missing facts") {
  auto result = test_support::load_with({{"p.yaml", R"(parameters:
  cap:
    type: money
    keys: [{name: size, type: int}]
    values:
      2025-01-01: {1: 100, 2: 200}
programme:
  id: capped
  name: {en: Capped}
  criteria:
    - id: under
      condition: sum(members, income) < cap[count(members)] and any(members, disabled)
)"}});
  REQUIRE(result.rules);
  const ssis::RuleSet& rules = *result.rules;
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text += "{\"id\": \"h" + std::to_string(i) + "\", \"region\": \"city\", \"members\": [";
    for (int m = 0; m <= i % 4; ++m)
      text += std::string(m ? ", " : "") + "{\"birth_date\": \"1980-01-01\", \"income\": " + std::to_string(i) + "}";
    text += "]}\n";
  }
  ssis::Evaluator evaluator(rules);
  const ssis::Date date = *ssis::Date::parse("2025-06-01");
  for (const bool missing_facts : {true, false}) {
    for (const std::size_t block : {1u, 3u, 64u}) {
      std::istringstream input(text);
      auto source = ssis::json_lines_source(input);
      CollectingSink sink;
      ssis::BatchOptions options;
      options.date = date;
      options.block_size = block;
      options.missing_facts = missing_facts;
      ssis::run_batch(rules, *source, sink, options);
      REQUIRE(sink.households.size() == 40);
      std::istringstream lines(text);
      std::string line;
      std::size_t errors = 0;
      for (const auto& batch : sink.households) {
        std::getline(lines, line);
        const auto single = evaluator.evaluate(ssis::parse_household_json(line, ""), date);
        INFO(line);
        CHECK(batch.programmes[0].status == single.programmes[0].status);
        CHECK(batch.detail(batch.programmes[0]).error == single.programmes[0].error);
        if (batch.programmes[0].status == ssis::Status::error) {
          ++errors;
          CHECK(batch.detail(batch.programmes[0]).error.find("parameter 'cap' has no entry for [") == 0);
        }
      }
      CHECK(errors == 20);  // 3 and 4 members
    }
  }
}

TEST_CASE("absurd block sizes and thread counts are rejected, naming the option") {
  const ssis::RuleSet rules = mini();
  for (const auto& [block, threads, option] : {std::tuple{SIZE_MAX, 1u, "BatchOptions::block_size"},
                                               std::tuple{std::size_t{65'537}, 1u, "BatchOptions::block_size"},
                                               std::tuple{std::size_t{0}, UINT_MAX, "BatchOptions::threads"}}) {
    std::istringstream input(population_jsonl(10));
    auto source = ssis::json_lines_source(input);
    CollectingSink sink;
    ssis::BatchOptions options;
    options.date = *ssis::Date::parse("2025-03-01");
    options.block_size = block;
    options.threads = threads;
    CHECK_THROWS_WITH_AS(ssis::run_batch(rules, *source, sink, options), doctest::Contains(option), std::invalid_argument);
    CHECK(sink.households.empty());
  }
  // The largest block allowed runs.
  std::istringstream input(population_jsonl(10));
  auto source = ssis::json_lines_source(input);
  CollectingSink sink;
  ssis::BatchOptions options;
  options.date = *ssis::Date::parse("2025-03-01");
  options.block_size = ssis::max_block_households;
  options.threads = ssis::max_threads;
  CHECK(ssis::run_batch(rules, *source, sink, options).households_read == 10);
}

TEST_CASE("a block of many programmes is bounded by programme decisions") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  const std::size_t most = ssis::max_block_decisions / rules.programmes().size();
  std::istringstream input("");
  auto source = ssis::json_lines_source(input);
  CollectingSink sink;
  ssis::BatchOptions options;
  options.date = *ssis::Date::parse("2025-03-01");
  options.block_size = most + 1;
  CHECK_THROWS_WITH_AS(ssis::run_batch(rules, *source, sink, options),
                       doctest::Contains(fmt::format("at most {} households per block", most).c_str()), std::invalid_argument);
  options.block_size = most;
  CHECK_NOTHROW(ssis::run_batch(rules, *source, sink, options));
}

TEST_CASE("a run's identity records what decides its output and names what differs") {
  const ssis::RuleSet rules = mini();
  const std::string input = SSIS_TEST_DATA "/mini_household.json";
  const ssis::Date date = *ssis::Date::parse("2025-03-01");
  const ssis::RunIdentity run = ssis::run_identity(rules, date, input, "jsonl", ssis::BatchLayout::long_rows, true);
  const ssis::RunIdentity again = ssis::parse_run_identity(ssis::to_text(run));
  CHECK(ssis::run_differences(again, run).empty());
  CHECK(ssis::to_text(again) == ssis::to_text(run));

  const auto other_date = ssis::run_identity(rules, *ssis::Date::parse("2026-01-01"), input, "jsonl", ssis::BatchLayout::long_rows, true);
  CHECK(ssis::run_differences(run, other_date) == std::vector<std::string>{"date: 2025-03-01 then, 2026-01-01 now"});
  const auto other_layout = ssis::run_identity(rules, date, input, "jsonl", ssis::BatchLayout::wide, false);
  CHECK(ssis::run_differences(run, other_layout) ==
        std::vector<std::string>{"layout: long then, wide now", "missing facts: named then, not named now"});
  const auto other_rules = ssis::run_identity(ssis::RuleSet::load_or_throw(SSIS_RULES_KR), date, input, "jsonl",
                                              ssis::BatchLayout::long_rows, true);
  REQUIRE(ssis::run_differences(run, other_rules).size() == 1);
  CHECK(ssis::run_differences(run, other_rules)[0].starts_with("rules: sha256:"));
  const auto other_input = ssis::run_identity(rules, date, SSIS_TEST_DATA "/mini/ruleset.yaml", "jsonl", ssis::BatchLayout::long_rows, true);
  const auto input_differences = ssis::run_differences(run, other_input);
  REQUIRE(input_differences.size() == 3);  // path, size and prefix
  CHECK(input_differences[0].starts_with("input: "));
  const auto in_order = ssis::run_identity(rules, date, input, "jsonl", ssis::BatchLayout::long_rows, true, true);
  CHECK(ssis::run_differences(run, in_order) ==
        std::vector<std::string>{"household ids: checked against every id read then, checked in order now"});
  CHECK(ssis::run_differences(ssis::parse_run_identity("date: 2025-03-01\n"), run).size() == run.entries.size() - 1);
}

TEST_CASE("each household's input hash in a batch is that of its receipt from the single evaluator, whatever the block") {
  const ssis::RuleSet rules = mini();
  const std::string text = population_jsonl(60);
  ssis::Evaluator evaluator(rules);
  std::map<std::string, std::string> receipts;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("nowhere") != std::string::npos) continue;  // not evaluated
    const ssis::Household household = ssis::parse_household_json(line, "x");
    receipts[household.id] = evaluator.evaluate(household, *ssis::Date::parse("2025-03-01")).receipt.input;
  }
  for (const std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{64}}) {
    CAPTURE(block);
    std::istringstream input(text);
    auto source = ssis::json_lines_source(input);
    CollectingSink sink;
    ssis::BatchOptions options;
    options.date = *ssis::Date::parse("2025-03-01");
    options.block_size = block;
    options.input_hashes = true;
    ssis::run_batch(rules, *source, sink, options);
    std::size_t compared = 0;
    for (const ssis::BatchHousehold& household : sink.households) {
      const auto receipt = receipts.find(household.id);
      if (receipt == receipts.end()) continue;
      CHECK(household.input_hash == receipt->second);
      ++compared;
    }
    CHECK(compared == receipts.size());
  }
}
