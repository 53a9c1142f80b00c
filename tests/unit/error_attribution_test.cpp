// A programme that is an error names its own cause: the error it depends on, not the first
// error the household met elsewhere. The same message on every path.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <sstream>

#include "rule_fixture.hpp"
#include "ssis/batch.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/household_json.hpp"

using test_support::load_with;

namespace {

const ssis::Date day = *ssis::Date::parse("2025-01-01");

class CollectingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override {
    households.insert(households.end(), block.begin(), block.end());
  }
  std::vector<ssis::BatchHousehold> households;
};

// Each programme's error message for `household`, by programme id ("" when not an error),
// on the single-household path (plain and explained), the block path and the batch path
// (with and without missing facts, which run different register layouts).
std::vector<std::map<std::string, std::string>> errors_on_every_path(const ssis::RuleSet& rules, const std::string& household_json,
                                                                     ssis::Date date) {
  const ssis::Household household = ssis::parse_household_json(household_json, "h");
  std::vector<std::map<std::string, std::string>> paths;
  auto from_outcome = [&](const ssis::HouseholdOutcome& outcome) {
    std::map<std::string, std::string> errors;
    for (const auto& p : outcome.programmes) errors[p.programme->id] = p.status == ssis::Status::error ? p.error : "";
    return errors;
  };
  ssis::Evaluator evaluator(rules);
  paths.push_back(from_outcome(evaluator.evaluate(household, date, false)));
  paths.push_back(from_outcome(evaluator.evaluate(household, date, true)));
  ssis::EvaluationOptions options;
  options.block_size = 3;
  ssis::Evaluator blocks(rules, options);
  const auto outcomes = blocks.evaluate(std::vector<ssis::Household>{household, household, household, household}, date);
  paths.push_back(from_outcome(outcomes.back()));
  for (const bool missing_facts : {true, false}) {
    std::string line = household_json;
    std::erase(line, '\n');
    std::istringstream input(line + "\n" + line + "\n");
    auto source = ssis::json_lines_source(input);
    CollectingSink sink;
    ssis::BatchOptions batch;
    batch.date = date;
    batch.threads = 1;
    batch.missing_facts = missing_facts;
    ssis::run_batch(rules, *source, sink, batch);
    REQUIRE(sink.households.size() == 2);
    REQUIRE(sink.households[1].input_error.empty());
    std::map<std::string, std::string> errors;
    for (std::size_t p = 0; p < rules.programmes().size(); ++p) {
      const ssis::BatchDecision& d = sink.households[1].programmes[p];
      errors[rules.programmes()[p].id] = d.status == ssis::Status::error ? sink.households[1].detail(d).error : "";
    }
    paths.push_back(errors);
  }
  return paths;
}

std::string household_of(int members, const std::string& income) {
  std::string json = R"({"region": "city", "members": [)";
  for (int m = 0; m < members; ++m)
    json += (m ? ", " : "") + std::string(R"({"birth_date": "1980-01-01", "income": )") + income + "}";
  return json + "]}";
}

}  // namespace

TEST_CASE("a programme's error names the parameter it reads, not another programme's") {
  auto result = load_with({{"p.yaml", R"(parameters:
  small_table:
    type: money
    keys: [{name: size, type: int}]
    values:
      2024-01-01: {1: 100, 2: 200}
  large_table:
    type: money
    keys: [{name: size, type: int}]
    values:
      2024-01-01: {1: 100, 2: 200, 3: 300}
)"},
                           {"a.yaml", R"(programme:
  id: reads_small
  name: {en: Small}
  criteria:
    - id: under
      condition: sum(members, income) < small_table[count(members)]
)"},
                           {"b.yaml", R"(programme:
  id: reads_large
  name: {en: Large}
  criteria:
    - id: under
      condition: sum(members, income) < large_table[count(members)]
)"},
                           {"c.yaml", R"(programme:
  id: reads_large_when_small
  name: {en: Large only for small households}
  criteria:
    - id: under
      condition: "if count(members) <= 2 then sum(members, income) < small_table[count(members)] else sum(members, income) < large_table[count(members)]"
)"}});
  REQUIRE(result.rules);
  for (const auto& errors : errors_on_every_path(*result.rules, household_of(3, "0"), day)) {
    CHECK(errors.at("reads_small") == "parameter 'small_table' has no entry for [3] on 2025-01-01");
    CHECK(errors.at("reads_large") == "");
    // The failed lookup of small_table is in a branch the condition did not take.
    CHECK(errors.at("reads_large_when_small") == "");
  }
  for (const auto& errors : errors_on_every_path(*result.rules, household_of(4, "0"), day)) {
    CHECK(errors.at("reads_small") == "parameter 'small_table' has no entry for [4] on 2025-01-01");
    CHECK(errors.at("reads_large") == "parameter 'large_table' has no entry for [4] on 2025-01-01");
    CHECK(errors.at("reads_large_when_small") == "parameter 'large_table' has no entry for [4] on 2025-01-01");
  }
}

TEST_CASE("a choice made on parameters alone names the error of the branch it takes") {
  auto result = load_with({{"p.yaml", R"(parameters:
  mode:
    type: int
    values: {2024-01-01: 1}
  small_table:
    type: money
    keys: [{name: size, type: int}]
    values:
      2024-01-01: {1: 100, 2: 200}
  large_table:
    type: money
    keys: [{name: size, type: int}]
    values:
      2024-01-01: {1: 100, 2: 200, 3: 300}
)"},
                           {"a.yaml", R"(programme:
  id: by_mode
  name: {en: By mode}
  criteria:
    - id: under
      condition: "if mode == 1 then sum(members, income) < large_table[count(members)] else sum(members, income) < small_table[count(members)]"
)"}});
  REQUIRE(result.rules);
  // The condition is one value for every household, worked out once per date.
  for (const auto& errors : errors_on_every_path(*result.rules, household_of(3, "0"), day)) CHECK(errors.at("by_mode") == "");
  for (const auto& errors : errors_on_every_path(*result.rules, household_of(4, "0"), day))
    CHECK(errors.at("by_mode") == "parameter 'large_table' has no entry for [4] on 2025-01-01");
}

TEST_CASE("each arithmetic error names its own operation") {
  auto result = load_with({{"v.yaml", R"(variables:
  total_income:
    formula: sum(members, income)
  total_plus_reserve:
    formula: total_income + 9000000000000
)"},
                           {"add.yaml", R"(programme:
  id: adds
  name: {en: Adds}
  criteria:
    - id: positive
      condition: total_plus_reserve > 0
)"},
                           {"mul.yaml", R"(programme:
  id: multiplies
  name: {en: Multiplies}
  criteria:
    - id: positive
      condition: total_income * 1000000 > 0
)"},
                           {"sub.yaml", R"(programme:
  id: subtracts
  name: {en: Subtracts}
  criteria:
    - id: positive
      condition: 0 - total_income - 9000000000000 < 0
)"},
                           {"div.yaml", R"(programme:
  id: divides
  name: {en: Divides}
  criteria:
    - id: positive
      condition: total_income / (count(members) - 1) > 0
)"},
                           {"round.yaml", R"(programme:
  id: rounds
  name: {en: Rounds}
  criteria:
    - id: positive
      condition: round(total_income * 30, 7000000000000, up) > 0
)"},
                           {"convert.yaml", R"(programme:
  id: converts
  name: {en: Converts}
  criteria:
    - id: positive
      condition: count(members) * 9000000000000 * 2 + total_income > 0
)"}});
  if (!result.rules) FAIL(ssis::format(result.diagnostics));
  // One member with 300,000,000,000: every programme overflows (or divides by zero) in
  // its own operation.
  for (const auto& errors : errors_on_every_path(*result.rules, household_of(1, "300000000000"), day)) {
    CHECK(errors.at("adds") == "arithmetic overflow in an addition");
    CHECK(errors.at("multiplies") == "arithmetic overflow in a multiplication");
    CHECK(errors.at("subtracts") == "arithmetic overflow in a subtraction");
    CHECK(errors.at("divides") == "division by zero");
    CHECK(errors.at("rounds") == "arithmetic overflow in rounding");
    CHECK(errors.at("converts") == "arithmetic overflow converting a whole number to a decimal");
  }
  // A sum over members that overflows says so.
  for (const auto& errors : errors_on_every_path(*result.rules, household_of(2, "5000000000000"), day))
    CHECK(errors.at("multiplies") == "arithmetic overflow in a sum over members");
}

TEST_CASE("a 9-person household: each rules/kr programme in error names a parameter it reads") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  // Tenants of 9 persons with a registered disabled parent, on a date for which rules/kr
  // states no disability-pension threshold or deduction (its source gives 2025 only): that programme
  // errors, and its error must not reach the housing benefit or any other programme. The
  // pension is assessed per adult registered disabled member: the head is stated not to be
  // one, so the parent's error is the household's (an undetermined member would come first).
  std::string household = R"({"property_region": "gyeonggi", "housing_rent_tier": "tier2", "housing_tenure": "tenant",
    "monthly_rent": 450000, "rent_deposit": 20000000, "has_support_obligor": false, "members": [
    {"birth_date": "1982-07-15", "sex": "male", "relation_to_head": "head", "earned_income": 900000, "disability_registered": false},
    {"birth_date": "1950-01-01", "relation_to_head": "parent", "disability_registered": true})";
  for (int child = 0; child < 7; ++child)
    household += R"(, {"birth_date": "2012-03-20", "relation_to_head": "child", "school_level": "elementary"})";
  household += "]}";

  // The names a programme reads: those in its criteria and amount, and in the formulas of
  // the variables among them, transitively.
  std::map<std::string, std::string> formulas;
  for (const auto& v : rules.variables()) formulas[v.name] = v.formula;
  const std::regex name("[a-z_][a-z0-9_]*");
  auto reads = [&](const ssis::ProgrammeInfo& p) {
    std::vector<std::string> texts{p.amount_formula};
    for (const auto& c : p.criteria) texts.push_back(c.condition);
    std::set<std::string> names;
    while (!texts.empty()) {
      const std::string text = texts.back();
      texts.pop_back();
      for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it) {
        if (!names.insert(it->str()).second) continue;
        if (auto f = formulas.find(it->str()); f != formulas.end()) texts.push_back(f->second);
      }
    }
    return names;
  };
  const std::regex parameter_named("parameter '([a-z0-9_]+)'");
  const ssis::Date date = *ssis::Date::parse("2026-06-01");
  for (const auto& errors : errors_on_every_path(rules, household, date)) {
    std::set<std::string> causes;
    CHECK(errors.at("nbls_housing_rent") == "");
    for (const auto& p : rules.programmes()) {
      const std::string& error = errors.at(p.id);
      if (error.empty()) continue;
      INFO(p.id, ": ", error);
      std::smatch match;
      REQUIRE(std::regex_search(error, match, parameter_named));
      CHECK(reads(p).contains(match[1].str()));
      causes.insert(match[1].str());
    }
    CHECK(causes.contains("disability_pension_earned_income_deduction"));  // the parent's own income, read first
  }
}
