// The summary of a batch: per programme, the eligible and undetermined households and the sum
// of the eligible amounts, as the results written say.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "rule_fixture.hpp"
#include "ssis/batch.hpp"

namespace {

class CollectingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override {
    households.insert(households.end(), block.begin(), block.end());
  }
  std::vector<ssis::BatchHousehold> households;
};

// `grant` pays the rent to a household paying any; `low_income` is undetermined when it is not
// known whether a member is disabled.
const char* programmes = R"(programme:
  id: grant
  name: {en: Grant}
  criteria:
    - id: rent
      condition: rent > 0
  amount:
    formula: rent
    period: month
)";

const char* low_income = R"(programme:
  id: low_income
  name: {en: Low income}
  criteria:
    - id: income
      condition: sum(members, income) < 500000 and not any(members, disabled)
)";

ssis::RuleSet load_rules() {
  const ssis::LoadResult loaded = test_support::load_with({{"programmes/grant.yaml", programmes}, {"programmes/low_income.yaml", low_income}});
  REQUIRE(loaded.rules);
  return *loaded.rules;
}

// Households paying rents of every size (some none, some not known), some not saying whether
// a member is disabled, and a malformed line every ninth.
std::string population(int households, const std::string& rent) {
  std::string text;
  for (int i = 0; i < households; ++i) {
    if (i % 9 == 4) {
      text += "{\"id\": \"bad" + std::to_string(i) + "\", \"region\": \"nowhere\", \"members\": []}\n";
      continue;
    }
    const std::string rent_field = i % 5 == 1 ? "" : ", \"rent\": " + (i % 3 == 0 ? "0" : rent);
    const std::string disabled = i % 4 == 2 ? "" : ", \"disabled\": false";
    text += "{\"id\": \"h" + std::to_string(i) + "\", \"region\": \"city\"" + rent_field + ", \"members\": [{\"birth_date\": \"1970-01-01\", \"income\": " +
            std::to_string(i % 10 * 99991) + disabled + "}]}\n";
  }
  return text;
}

ssis::BatchSummary run(const ssis::RuleSet& rules, const std::string& text, unsigned threads, std::size_t block, bool strict,
                       CollectingSink& sink) {
  std::istringstream input(text);
  auto source = ssis::json_lines_source(input);
  ssis::BatchOptions options;
  options.date = *ssis::Date::parse("2025-06-01");
  options.threads = threads;
  options.block_size = block;
  options.strict = strict;
  return ssis::run_batch(rules, *source, sink, options);
}

}  // namespace

TEST_CASE("the summary counts each programme's decisions as the results written say") {
  const ssis::RuleSet rules = load_rules();
  const std::string text = population(300, "412345.5");
  for (const bool strict : {false, true}) {
    for (const unsigned threads : {1u, 2u}) {
      for (const std::size_t block : {1u, 7u, 64u}) {
        CollectingSink sink;
        const ssis::BatchSummary summary = run(rules, text, threads, block, strict, sink);
        INFO("strict ", strict, ", threads ", threads, ", block ", block);
        CHECK(summary.households_read == sink.households.size());
        CHECK(summary.stopped == strict);
        std::vector<std::size_t> eligible(2, 0), undetermined(2, 0);
        std::vector<__int128> amounts(2, 0);
        for (const ssis::BatchHousehold& household : sink.households) {
          if (!household.input_error.empty()) continue;
          for (std::size_t p = 0; p < 2; ++p) {
            const ssis::BatchDecision& decision = household.programmes[p];
            eligible[p] += decision.status == ssis::Status::eligible;
            undetermined[p] += decision.status == ssis::Status::undetermined;
            if (decision.status == ssis::Status::eligible && decision.amount_knowledge == ssis::Knowledge::known)
              amounts[p] += static_cast<__int128>(decision.amount) * 1'000'000'000'000;
          }
        }
        for (std::size_t p = 0; p < 2; ++p) {
          CHECK(summary.eligible[p] == eligible[p]);
          CHECK(summary.undetermined[p] == undetermined[p]);
          CHECK(summary.eligible_amounts[p].raw == amounts[p]);
        }
        // The population reaches every count; strict runs stop at line 5.
        CHECK(eligible[0] > (strict ? 0u : 100u));
        CHECK(undetermined[1] > (strict ? 0u : 20u));
      }
    }
  }
}

TEST_CASE("a population's eligible amounts are summed exactly beyond a Decimal's range") {
  const ssis::RuleSet rules = load_rules();
  CollectingSink sink;
  // A rent of 9 trillion and a quarter, near the largest Decimal, for each of 88 households.
  const ssis::BatchSummary summary = run(rules, population(200, "9000000000000.25"), 2, 16, false, sink);
  CHECK(summary.eligible[0] == 88);
  CHECK(summary.eligible_amounts[0].to_string() == "792000000000022");
}
