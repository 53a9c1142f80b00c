// Population impact: the sums equal those of every household evaluated one at a time under
// both rule sets, weighted and taken up; the same from CSV and JSON lines; bad input counted.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "ssis/columns.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/household_json.hpp"
#include "ssis/impact.hpp"

namespace {

const ssis::Date day = *ssis::Date::parse("2025-03-01");

ssis::RuleSet load(const char* reform = nullptr) {
  ssis::LoadOptions options;
  if (reform) options.reform = std::string(SSIS_TEST_DATA "/reforms/") + reform;
  return ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini", options);
}

struct Person {
  std::int64_t earned;
  std::string weight;  // "" : no weight
};

std::vector<Person> population() {
  std::vector<Person> people;
  for (int i = 0; i < 40; ++i)
    people.push_back({(i * 37'000) % 1'100'000, i % 3 == 0 ? "" : fmt::format("{}.{}", 1 + i % 5, i % 4)});
  return people;
}

std::string json_lines(const std::vector<Person>& people) {
  std::string out;
  for (std::size_t i = 0; i < people.size(); ++i) {
    out += fmt::format(R"({{"id": "h{}", "region": "capital", {}"members": [{{"birth_date": "1980-01-01", "earned_income": {}}}]}})",
                       i, people[i].weight.empty() ? "" : fmt::format(R"("weight": {}, )", people[i].weight), people[i].earned);
    out += "\n";
    if (i == 5) out += "{\"id\": \"broken\", \"region\": \"capital\", \"members\": [{\"birth_date\": \"1980-02-30\"}]}\n";
  }
  return out;
}

std::string csv(const std::vector<Person>& people) {
  std::string out = "household_id,region,weight,birth_date,earned_income\n";
  for (std::size_t i = 0; i < people.size(); ++i) {
    out += fmt::format("h{},capital,{},1980-01-01,{}\n", i, people[i].weight.empty() ? "1" : people[i].weight, people[i].earned);
    if (i == 5) out += "broken,capital,1,1980-02-30,0\n";
  }
  return out;
}

ssis::ImpactOptions options() {
  ssis::ImpactOptions o;
  o.date = day;
  o.block_size = 7;  // several blocks
  o.income_fields = {"earned_income"};
  o.take_up["income_support"] = *ssis::Decimal::parse("0.5");
  return o;
}

}  // namespace

TEST_CASE("impact sums are those of each household evaluated under both rule sets, weighted and taken up") {
  const ssis::RuleSet baseline = load(), reform = load("mini_raise_ratio.yaml");
  std::istringstream input(json_lines(population()));
  std::vector<ssis::HouseholdChange> changes;
  std::vector<std::size_t> lines;  // of changes and errors, as they come
  const ssis::ImpactResult result = ssis::impact(baseline, reform, input, false, options(),
                                                 {.change = [&](const ssis::HouseholdChange& c) { changes.push_back(c); lines.push_back(c.line); },
                                                  .error = [&](const ssis::ImpactInputError& e) { lines.push_back(e.line); }});
  CHECK(std::is_sorted(lines.begin(), lines.end()));
  CHECK(std::find(lines.begin(), lines.end(), 7) != lines.end());
  CHECK(result.input_error_count == 1);
  CHECK(result.households_read == 41);
  CHECK(result.evaluated == 40);
  REQUIRE(result.input_errors.size() == 1);
  CHECK(result.input_errors[0].household_id == "broken");
  CHECK(result.input_errors[0].line == 7);

  __int128 weights = 0, gaining = 0, baseline_cost = 0, reform_cost = 0, winners = 0;
  std::size_t changed = 0;
  ssis::Evaluator before(baseline), after(reform);
  const auto people = population();
  const auto households = ssis::parse_households_json("[" + [&] {
    std::string lines = json_lines(people), joined;
    std::istringstream stream(lines);
    for (std::string line; std::getline(stream, line);)
      if (line.find("broken") == std::string::npos) joined += (joined.empty() ? "" : ",") + line;
    return joined;
  }() + "]");
  for (std::size_t i = 0; i < households.size(); ++i) {
    ssis::Household h = households[i];
    std::erase_if(h.fields, [](const auto& f) { return f.first == "weight"; });
    const std::int64_t w = people[i].weight.empty() ? 1'000'000 : ssis::Decimal::parse(people[i].weight)->raw();
    weights += static_cast<__int128>(w) * 1'000'000'000'000;
    const ssis::HouseholdOutcome baseline_outcome = before.evaluate(h, day), reform_outcome = after.evaluate(h, day);
    const auto& was = *baseline_outcome.find("income_support");
    const auto& is = *reform_outcome.find("income_support");
    const bool was_eligible = was.status == ssis::Status::eligible, is_eligible = is.status == ssis::Status::eligible;
    if (!was_eligible && is_eligible) gaining += static_cast<__int128>(w) * 1'000'000'000'000;
    if (was_eligible) baseline_cost += static_cast<__int128>(w) * 500'000 * was.amount.raw;
    if (is_eligible) reform_cost += static_cast<__int128>(w) * 500'000 * is.amount.raw;
    const std::int64_t b = was_eligible ? was.amount.raw : 0, r = is_eligible ? is.amount.raw : 0;
    if (r > b) winners += static_cast<__int128>(w) * 1'000'000'000'000;
    changed += r != b;
  }
  CHECK(result.weighted_households.raw == weights);
  const auto& support = result.programmes[static_cast<std::size_t>(baseline.programme_index("income_support"))];
  CHECK(support.id == "income_support");
  CHECK(support.gaining.raw == gaining);
  CHECK(support.gaining.raw > 0);
  CHECK(support.losing.raw == 0);
  CHECK(support.baseline_cost.raw == baseline_cost);
  CHECK(support.reform_cost.raw == reform_cost);
  CHECK(changes.size() == changed);
  __int128 decile_households = 0, decile_winners = 0;
  for (const auto& d : result.deciles) {
    CHECK(d.losers.raw == 0);
    decile_households += d.households.raw;
    decile_winners += d.winners.raw;
  }
  CHECK(result.deciles.size() == 10);
  CHECK(decile_households == weights);
  CHECK(decile_winners == winners);
  // Deciles are ranked by income: each one's incomes lie above the previous one's.
  for (std::size_t d = 1; d < 10; ++d)
    if (result.deciles[d].lowest_income && result.deciles[d - 1].highest_income)
      CHECK(*result.deciles[d].lowest_income >= *result.deciles[d - 1].highest_income);

  const std::string summary = ssis::impact_summary_csv(result);
  CHECK(summary.find(fmt::format("programme,income_support,Ministry of Tests,month,0.5,")) != std::string::npos);
  CHECK(summary.find("\ntotal,total,") != std::string::npos);
  const std::string report = ssis::impact_report(result, baseline, reform, options());
  CHECK(report.find("Input errors (1;") != std::string::npos);
  CHECK(report.find("| income_support | Ministry of Tests | month |") != std::string::npos);
}

TEST_CASE("impact reads the same population from CSV with a weight column") {
  const ssis::RuleSet baseline = load(), reform = load("mini_raise_ratio.yaml");
  std::istringstream jsonl(json_lines(population())), table(csv(population()));
  const auto from_json = ssis::impact(baseline, reform, jsonl, false, options());
  const auto from_csv = ssis::impact(baseline, reform, table, true, options());
  CHECK(ssis::impact_summary_csv(from_csv) == ssis::impact_summary_csv(from_json));
  CHECK(ssis::impact_deciles_csv(from_csv) == ssis::impact_deciles_csv(from_json));
  REQUIRE(from_csv.input_errors.size() == 1);
  CHECK(from_csv.input_errors[0].household_id == "broken");
}

TEST_CASE("impact refuses bad options and reads take-up rates strictly") {
  const ssis::RuleSet baseline = load(), reform = load("mini_raise_ratio.yaml");
  auto reason = [&](ssis::ImpactOptions o) -> std::string {
    std::istringstream input(json_lines(population()));
    try {
      ssis::impact(baseline, reform, input, false, o);
    } catch (const ssis::InputError& e) {
      return e.path() + ": " + e.reason();
    }
    return "accepted";
  };
  auto o = options();
  o.take_up["no_such_programme"] = *ssis::Decimal::parse("0.5");
  CHECK(reason(o) == "--take-up: 'no_such_programme' is not a programme of the rule set or the reform");
  o = options();
  o.take_up["income_support"] = *ssis::Decimal::parse("1.5");
  CHECK(reason(o) == "--take-up: income_support: the rate 1.5 is not from 0 to 1");
  o = options();
  o.weight_field = "region";
  CHECK(reason(o) == "--weight: 'region' is a field of the rule set; name the weight column otherwise");
  o = options();
  o.income_fields.clear();
  CHECK(reason(o).starts_with("--income: name the money fields"));

  std::istringstream rates("\xEF\xBB\xBFprogramme,take_up\nincome_support,0.8\n\nelder_care,0.25\n");
  const auto read = ssis::read_take_up_csv(rates, "rates.csv");
  CHECK(read.at("income_support").to_string() == "0.8");
  CHECK(read.at("elder_care").to_string() == "0.25");
  for (const std::string bad : {"programme,rate\n", "programme,take_up\na,0.5,1\n", "programme,take_up\na,x\n",
                                "programme,take_up\na,0.5\na,0.5\n", ""}) {
    std::istringstream input(bad);
    CHECK_THROWS_AS(ssis::read_take_up_csv(input, "rates.csv"), ssis::InputError);
  }
}

TEST_CASE("a table made for a rule set is decided under its reform as a table made for the reform is") {
  const ssis::RuleSet baseline = load(), reform = load("mini_raise_ratio.yaml");
  REQUIRE(baseline.fingerprint() != reform.fingerprint());
  ssis::HouseholdColumns for_baseline(baseline), for_reform(reform);
  for (const Person& person : population()) {
    ssis::Household household;
    household.set("region", std::string("capital"));
    ssis::InputRecord& member = household.members.emplace_back();
    member.set("birth_date", *ssis::Date::parse("1980-01-01"));
    member.set("earned_income", ssis::Decimal::from_raw(person.earned * ssis::Decimal::scale));
    for_baseline.append(household);
    for_reform.append(household);
  }
  const ssis::ColumnOptions column_options{.date = day, .threads = 2, .block_size = 3};
  const ssis::ColumnOutcomes shared = ssis::evaluate_columns(reform, for_baseline, column_options);
  const ssis::ColumnOutcomes own = ssis::evaluate_columns(reform, for_reform, column_options);
  CHECK(shared.status == own.status);
  CHECK(shared.amount == own.amount);
  CHECK(shared.amount_knowledge == own.amount_knowledge);
  CHECK(shared.status != ssis::evaluate_columns(baseline, for_baseline, column_options).status);  // the reform changed decisions
}
