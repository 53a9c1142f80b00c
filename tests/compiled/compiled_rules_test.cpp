// Rule sets compiled to C++ (rules/kr, rules/vn and the shared subset, built into this
// program by ssis_add_compiled_rules) decide exactly what the interpreter decides: every
// status, amount and input error, on realistic and on random households full of unknown,
// extreme and out-of-range values, on dates across the parameters' periods, on any number
// of threads and any block size.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "baseline/rules_subset.hpp"
#include "population/kr_population.hpp"
#include "population/schema_population.hpp"
#include "ssis/columns.hpp"
#include "ssis/compiled_rules.hpp"
#include "ssis/rule_set.hpp"

namespace fs = std::filesystem;

namespace {

const std::vector<const char*> dates = {"2019-06-30", "2024-01-01", "2025-09-24", "2026-06-01", "2027-03-01"};

// The kr population as records, a fifth of their fields dropped at random.
ssis::HouseholdColumns kr_households(const ssis::RuleSet& rules, std::size_t households) {
  std::mt19937_64 random(11);
  ssis::HouseholdColumns columns(rules);
  auto population = ssis::population::KrPopulation(3, *ssis::Date::parse("2025-09-24")).take(households);
  for (auto& household : population) {
    auto drop = [&](ssis::InputRecord& record, ssis::Level level) {
      for (auto& [name, value] : record.fields)
        if (!rules.schema().find_field(level, name)->required && random() % 5 == 0) value = std::monostate{};
    };
    drop(household, ssis::Level::household);
    for (auto& member : household.members) drop(member, ssis::Level::member);
    columns.append(household);
  }
  return columns;
}

void require_same(const ssis::ColumnOutcomes& compiled, const ssis::ColumnOutcomes& interpreted, const ssis::RuleSet& rules,
                  const char* date) {
  REQUIRE(compiled.households == interpreted.households);
  REQUIRE(compiled.programmes == interpreted.programmes);
  CHECK(compiled.input_errors == interpreted.input_errors);
  std::size_t differences = 0;
  for (std::size_t i = 0; i < compiled.status.size(); ++i) {
    const bool same = compiled.status[i] == interpreted.status[i] && compiled.amount_knowledge[i] == interpreted.amount_knowledge[i] &&
                      compiled.amount[i] == interpreted.amount[i];
    if (same || ++differences > 5) continue;
    const std::size_t h = i / compiled.programmes;
    const std::size_t p = i % compiled.programmes;
    FAIL_CHECK(fmt::format("{} on {}: household {} programme {}: compiled {} {} {}, interpreter {} {} {}", rules.id(), date, h,
                           rules.programmes()[p].id, static_cast<int>(compiled.status[i]), static_cast<int>(compiled.amount_knowledge[i]),
                           compiled.amount[i], static_cast<int>(interpreted.status[i]),
                           static_cast<int>(interpreted.amount_knowledge[i]), interpreted.amount[i]));
  }
  CHECK(differences == 0);
  REQUIRE(compiled.member_programmes == interpreted.member_programmes);
  REQUIRE(compiled.member_offsets == interpreted.member_offsets);
  CHECK(compiled.unit_assessed == interpreted.unit_assessed);
  CHECK(compiled.unit_status == interpreted.unit_status);
  CHECK(compiled.unit_amount_knowledge == interpreted.unit_amount_knowledge);
  CHECK(compiled.unit_amount == interpreted.unit_amount);
}

// Every status of the outcomes, counted: the comparison is only worth something if the
// households reach every status.
std::array<std::size_t, 4> status_counts(const ssis::ColumnOutcomes& outcomes) {
  std::array<std::size_t, 4> counts{};
  for (const ssis::Status status : outcomes.status) ++counts[static_cast<std::size_t>(status)];
  return counts;
}

void compare_engines(const ssis::RuleSet& rules, const ssis::HouseholdColumns& households) {
  REQUIRE(ssis::find_compiled_rules(rules) != nullptr);
  std::array<std::size_t, 4> seen{};
  for (const char* date : dates) {
    CAPTURE(date);
    ssis::ColumnOptions options;
    options.date = *ssis::Date::parse(date);
    options.threads = 1;
    options.engine = ssis::ColumnEngine::interpreter;
    const ssis::ColumnOutcomes interpreted = ssis::evaluate_columns(rules, households, options);
    options.engine = ssis::ColumnEngine::compiled;
    ssis::ColumnOutcomes compiled = ssis::evaluate_columns(rules, households, options);
    require_same(compiled, interpreted, rules, date);
    options.threads = 2;
    options.block_size = 7;
    ssis::evaluate_columns(rules, households, options, compiled);
    require_same(compiled, interpreted, rules, date);
    const auto counts = status_counts(interpreted);
    for (std::size_t s = 0; s < counts.size(); ++s) seen[s] += counts[s];
  }
  for (std::size_t s = 0; s < seen.size(); ++s) CHECK_MESSAGE(seen[s] > 0, "no programme with status ", s);
}

ssis::RuleSet load(const fs::path& directory) { return ssis::RuleSet::load_or_throw(directory); }

}  // namespace

TEST_CASE("compiled rules/kr decides the kr population as the interpreter does") {
  const ssis::RuleSet rules = load(SSIS_RULES_KR);
  compare_engines(rules, kr_households(rules, 3'000));
}

TEST_CASE("compiled rules decide random households full of unknown and extreme values as the interpreter does") {
  for (const char* directory : {SSIS_RULES_KR, SSIS_RULES_VN}) {
    CAPTURE(directory);
    const ssis::RuleSet rules = load(directory);
    compare_engines(rules, ssis::population::schema_households(rules, 2'000, 5));
  }
  {
    // Programmes assessed per member, beside one for the household and a relation between them.
    const ssis::RuleSet rules = load(SSIS_RULES_UNITS);
    const ssis::HouseholdColumns households = ssis::population::schema_households(rules, 3'000, 7);
    compare_engines(rules, households);
    std::array<std::size_t, 4> seen{};
    for (const char* date : {"2025-06-01", "2019-06-30"}) {  // no parameter in force in 2019: errors
      ssis::ColumnOptions options;
      options.date = *ssis::Date::parse(date);
      const ssis::ColumnOutcomes outcomes = ssis::evaluate_columns(rules, households, options);
      std::size_t assessed = 0;
      for (std::size_t i = 0; i < outcomes.unit_status.size(); ++i) {
        assessed += outcomes.unit_assessed[i];
        if (outcomes.unit_assessed[i] != 0) ++seen[static_cast<std::size_t>(outcomes.unit_status[i])];
      }
      CHECK(assessed > 0);
      CHECK(assessed < outcomes.unit_status.size());
    }
    for (std::size_t s = 0; s < seen.size(); ++s) CHECK_MESSAGE(seen[s] > 0, "no member with status ", s);
  }
  const fs::path subset = ssis::baseline::nbls_subset(SSIS_RULES_KR);
  const ssis::RuleSet rules = load(subset);
  fs::remove_all(subset);
  compare_engines(rules, ssis::population::schema_households(rules, 5'000, 6));
}

TEST_CASE("compiled rules read parameter values on each call and stand only for the plan they were made from") {
  const fs::path subset = ssis::baseline::nbls_subset(SSIS_RULES_KR);
  const ssis::RuleSet original = load(subset);
  const ssis::CompiledRules* compiled = ssis::find_compiled_rules(original);
  REQUIRE(compiled != nullptr);
  CHECK(std::string(compiled->rule_set_id) == "kr");
  CHECK(compiled->programmes == 5);

  // Another livelihood selection ratio: the same plan, so the same compiled code, which
  // reads the new value and decides what the interpreter decides.
  {
    const fs::path ratios = subset / "parameters" / "selection_ratios.yaml";
    std::ifstream in(ratios);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find("2024-01-01: 32%");
    REQUIRE(at != std::string::npos);
    text.replace(at, 15, "2024-01-01: 35%");
    in.close();
    std::ofstream(ratios, std::ios::trunc) << text;
  }
  const ssis::RuleSet reformed = load(subset);
  CHECK(reformed.fingerprint() != original.fingerprint());
  CHECK(ssis::find_compiled_rules(reformed) == compiled);
  compare_engines(reformed, ssis::population::schema_households(reformed, 5'000, 6));

  // Another criterion: another plan, which no compiled code stands for.
  for (const auto& entry : fs::recursive_directory_iterator(subset / "programmes")) {
    if (entry.path().stem() != "nbls_education") continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text += "\n";
    const auto at = text.find("criteria:");
    REQUIRE(at != std::string::npos);
    text.insert(at + 9, "\n    - id: extra\n      condition: household_size >= 2\n");
    std::ofstream(entry.path(), std::ios::trunc) << text;
  }
  const ssis::LoadResult changed_plan = ssis::RuleSet::load(subset);
  fs::remove_all(subset);
  REQUIRE_MESSAGE(changed_plan.rules, ssis::format(changed_plan.diagnostics));
  CHECK(ssis::find_compiled_rules(*changed_plan.rules) == nullptr);
  ssis::HouseholdColumns households = ssis::population::schema_households(*changed_plan.rules, 10, 9);
  ssis::ColumnOptions options;
  options.date = *ssis::Date::parse("2025-09-24");
  options.engine = ssis::ColumnEngine::compiled;
  CHECK_THROWS_WITH_AS(ssis::evaluate_columns(*changed_plan.rules, households, options),
                       doctest::Contains("no compiled code is registered for rule set 'kr'"), std::invalid_argument);
  options.engine = ssis::ColumnEngine::automatic;  // falls back to the interpreter
  CHECK(ssis::evaluate_columns(*changed_plan.rules, households, options).households == 10);
}

TEST_CASE("generated source names its object as asked and refuses names that are not identifiers") {
  const ssis::RuleSet rules = load(SSIS_RULES_VN);
  const std::string source = ssis::generate_compiled_rules(rules, "my_rules");
  CHECK(source.find("extern const ssis::CompiledRules my_rules{") != std::string::npos);
  CHECK(source.find("ssis::register_compiled_rules(my_rules)") != std::string::npos);
  for (const char* bad : {"", "1abc", "a-b", "a b", "x;int y"}) CHECK_THROWS_AS(ssis::generate_compiled_rules(rules, bad), std::invalid_argument);
}
