// The solver analysis (src/analysis): the planted faults of tests/data/analysis found
// exactly, the translation deciding as the engine, witnesses as tests, cliffs and coverage.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "analysis/benefit_cliffs.hpp"
#include "analysis/coverage_query.hpp"
#include "analysis/plan_translation.hpp"
#include "analysis/rule_analysis.hpp"
#include "analysis/witness_tests.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/rule_tests.hpp"

namespace {

using namespace ssis;
using analysis::Answer;

const std::filesystem::path planted = std::filesystem::path(SSIS_TEST_DATA) / "analysis";
const Date day = *Date::parse("2025-06-01");

RuleSet load(const std::filesystem::path& directory) {
  LoadOptions options;
  options.cache_directory.clear();
  return RuleSet::load_or_throw(directory, options);
}

analysis::AnalysisOptions options_on(Date date) {
  analysis::AnalysisOptions options;
  options.date = date;
  options.timeout_ms = 60'000;
  options.rules_directory = planted;
  return options;
}

// A directory of its own under the system's temporary directory, removed afterwards.
struct TemporaryDirectory {
  std::filesystem::path path = std::filesystem::temp_directory_path() / fmt::format("ssis-analysis-test-{}", std::random_device{}());
  TemporaryDirectory() { std::filesystem::create_directories(path); }
  ~TemporaryDirectory() { std::filesystem::remove_all(path); }
};

// A household with random values of every field; fields that are not required are left out
// now and then (then unknown, or their default).
Household random_household(const Schema& schema, Date date, std::mt19937_64& random) {
  const auto value = [&](const FieldInfo& field) -> InputValue {
    switch (field.type.kind) {
      case ValueKind::boolean: return random() % 2 == 0;
      case ValueKind::integer: {
        const std::int64_t low = field.min_raw.value_or(0);
        const std::int64_t high = std::min(field.max_raw.value_or(low + 12), low + 100'000);
        return low + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(high - low + 1));
      }
      case ValueKind::decimal: {
        const std::int64_t low = field.min_raw.value_or(0);
        const std::int64_t high = std::min(field.max_raw.value_or(2'000'000), low + 2'000'000);
        return Decimal::from_raw(low + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(high - low + 1)));
      }
      case ValueKind::money: {
        const std::int64_t won = static_cast<std::int64_t>(random() % 6'000'000);
        return Decimal::from_raw(won * Decimal::scale + (random() % 4 == 0 ? static_cast<std::int64_t>(random() % Decimal::scale) : 0));
      }
      case ValueKind::date: return Date::from_days(date.days() - static_cast<std::int32_t>(random() % (95 * 366)));
      case ValueKind::enumeration: {
        const auto& values = schema.enums()[static_cast<std::size_t>(field.type.enum_index)].values;
        return values[random() % values.size()];
      }
    }
    return std::monostate{};
  };
  const auto fill = [&](InputRecord& record, const std::vector<FieldInfo>& fields) {
    for (const FieldInfo& field : fields)
      if (field.required || random() % 5 != 0) record.set(field.name, value(field));
  };
  Household h;
  fill(h, schema.household_fields());
  const std::size_t members = 1 + random() % 3;
  for (std::size_t m = 0; m < members; ++m) fill(h.add_member(), schema.member_fields());
  return h;
}

// The status and amount the translation gives each programme for a household fixed in full.
void expect_translation_agrees(const RuleSet& rules, Date date, int households, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  Evaluator evaluator(rules);
  for (int n = 0; n < households; ++n) {
    Household household = random_household(rules.schema(), date, random);
    const HouseholdOutcome outcome = evaluator.evaluate(household, date);
    z3::context context;
    analysis::HouseholdBounds bounds;
    bounds.max_members = static_cast<int>(household.members.size());
    analysis::SymbolicHousehold symbolic(context, rules.schema(), date, bounds);
    symbolic.fix(household, Level::household, -1, -1);
    analysis::PlanTranslation plan(ssis::detail::model_of(rules), date, symbolic);
    for (std::size_t p = 0; p < rules.programmes().size(); ++p) {
      CAPTURE(rules.programmes()[p].id);
      CAPTURE(n);
      const ProgrammeOutcome& engine = outcome.programmes[p];
      std::int64_t status = -1;
      REQUIRE(plan.status(p).simplify().is_numeral_i64(status));
      CHECK(static_cast<Status>(status) == analysis::own_status(engine));
      const std::optional<analysis::Term> amount = plan.amount(p);
      if (!amount || analysis::own_status(engine) != Status::eligible) continue;
      const bool known = amount->unknown.simplify().is_false();
      CHECK(known == engine.amount.known());
      std::int64_t raw = 0;
      if (known && engine.amount.known()) {
        REQUIRE(amount->value.simplify().is_numeral_i64(raw));
        CHECK(raw == engine.amount.raw);
      }
    }
  }
}

}  // namespace

TEST_CASE("analysis: the planted faults and only those") {
  const RuleSet rules = load(planted);
  const analysis::AnalysisReport report = analysis::analyse(rules, options_on(day));
  std::map<std::string, Answer> eligible;
  std::set<std::string> dead;
  std::size_t unknown = 0;
  for (const analysis::ProgrammeFindings& p : report.programmes) {
    const std::string& id = rules.programmes()[p.programme].id;
    eligible[id] = p.eligible.answer;
    unknown += p.eligible.answer == Answer::unknown;
    for (const analysis::CriterionFindings& c : p.criteria) {
      if (c.fails_alone.answer == Answer::none && p.eligible.answer == Answer::found) dead.insert(id + "." + c.id);
      unknown += c.fails_alone.answer == Answer::unknown;
    }
  }
  CHECK(eligible == std::map<std::string, Answer>{{"child_benefit", Answer::found},
                                                  {"childless_grant", Answer::found},
                                                  {"contradiction", Answer::none},
                                                  {"elder_allowance", Answer::found},
                                                  {"income_support", Answer::found},
                                                  {"new_worker_bonus", Answer::found},
                                                  {"winter_fuel", Answer::none}});
  // over_sixty is implied by elder; recent_job by disabled, which repeats its conditions.
  CHECK(dead == std::set<std::string>{"elder_allowance.over_sixty", "new_worker_bonus.recent_job"});
  std::map<std::string, Answer> relations;
  for (const analysis::RelationFindings& r : report.relations) relations[rules.relations()[r.relation].id] = r.binds.answer;
  CHECK(relations == std::map<std::string, Answer>{{"bonus_requires_income_support", Answer::found},
                                                   {"child_or_childless", Answer::none},
                                                   {"grant_requires_child_benefit", Answer::none},
                                                   {"income_or_elder", Answer::found}});
  CHECK(unknown == 0);
  CHECK(report.disagreements() == 0);
  // Defects point at their file and line.
  const analysis::ProgrammeFindings& contradiction = report.programmes[static_cast<std::size_t>(rules.programme_index("contradiction"))];
  CHECK(contradiction.where.file == (planted / "programmes" / "contradiction.yaml").string());
  CHECK(contradiction.where.line == 1);
  const analysis::ProgrammeFindings& elder = report.programmes[static_cast<std::size_t>(rules.programme_index("elder_allowance"))];
  CHECK(elder.criteria[1].where.line == 9);
  CHECK(elder.criteria[1].implied_by == "elder");
  const analysis::ProgrammeFindings& bonus = report.programmes[static_cast<std::size_t>(rules.programme_index("new_worker_bonus"))];
  CHECK(bonus.criteria[0].implied_by == "disabled");
  for (const analysis::RelationFindings& r : report.relations)
    if (rules.relations()[r.relation].id == "grant_requires_child_benefit") CHECK(r.where.line == 12);
  // The contradiction is in the criteria together; winter fuel is out of season on the date.
  CHECK(contradiction.never_met.empty());
  const analysis::ProgrammeFindings& winter = report.programmes[static_cast<std::size_t>(rules.programme_index("winter_fuel"))];
  CHECK(winter.never_met == std::vector<std::string>{"winter"});
  CHECK(winter.date_only == std::vector<std::string>{"winter"});
}

TEST_CASE("analysis: witnesses keep within the number of members asked for") {
  analysis::AnalysisOptions options = options_on(day);
  options.bounds.max_members = 1;
  const RuleSet rules = load(planted);
  const analysis::AnalysisReport report = analysis::analyse(rules, options);
  CHECK(report.disagreements() == 0);
  for (const analysis::ProgrammeFindings& p : report.programmes)
    if (p.eligible.witness) CHECK(p.eligible.witness->members.size() == 1);
}

TEST_CASE("analysis: bounds outside 1 to 100 members are refused") {
  analysis::AnalysisOptions options = options_on(day);
  options.bounds.max_members = 0;
  CHECK_THROWS_AS(analysis::analyse(load(planted), options), std::invalid_argument);
}

TEST_CASE("analysis: the translation decides every programme as the engine, unknown facts included") {
  expect_translation_agrees(load(planted), day, 150, 1);
  expect_translation_agrees(load(std::filesystem::path(SSIS_TEST_DATA) / "mini"), day, 150, 2);
  expect_translation_agrees(load(SSIS_RULES_KR), *Date::parse("2025-09-24"), 4, 3);
  expect_translation_agrees(load(std::filesystem::path(SSIS_RULES_KR).parent_path() / "vn"), *Date::parse("2025-09-24"), 20, 4);
}

TEST_CASE("analysis: witnesses written as tests pass, and a rule changed under them fails them") {
  TemporaryDirectory work;
  const std::filesystem::path copy = work.path / "rules";
  std::filesystem::copy(planted, copy, std::filesystem::copy_options::recursive);
  const RuleSet rules = load(copy);
  const analysis::AnalysisReport report = analysis::analyse(rules, options_on(day));
  const std::size_t written = analysis::write_witness_tests(rules, report, day, copy / "tests" / "witnesses");
  // Every eligible programme and every criterion that fails alone: 5 + 10 (one of them
  // winter fuel's `winter`, which fails all year round on the date).
  CHECK(written == 15);
  const RuleTestReport passing = run_rule_tests(load(copy));
  CHECK(passing.passed == written);
  CHECK(passing.failed == 0);
  const std::filesystem::path programme = copy / "programmes" / "income_support.yaml";
  std::ifstream in(programme);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("income <= threshold"), 19, "income > threshold");
  std::ofstream(programme, std::ios::trunc) << text;
  const RuleTestReport failing = run_rule_tests(load(copy));
  std::set<std::string> failed;
  for (const RuleTestFailure& f : failing.failures) failed.insert(f.test);
  // The witnesses of income support flip, and so may those of the programmes related to it:
  // the elder allowance (its exclusive group) and the new worker bonus (which requires it).
  CHECK(failed.count("analyse: income_support eligible") == 1);
  CHECK(failed.count("analyse: income_support without income") == 1);
  for (const std::string& test : failed) CHECK((test.find("income_support") != std::string::npos || test.find("elder_allowance") != std::string::npos ||
                                                     test.find("new_worker_bonus") != std::string::npos));
}

TEST_CASE("analysis: cliffs of a household along its income, as the sweep finds them") {
  const RuleSet rules = load(planted);
  const auto household = [](std::int64_t income) {
    Household h;
    h.set("region", std::string("city"));
    h.add_member().set("birth_date", std::string("1955-03-01")).set("earned_income", income);
    h.add_member().set("birth_date", std::string("2015-01-01"));
    return h;
  };
  const auto index = [&](const char* id) { return static_cast<std::size_t>(rules.programme_index(id)); };
  // Income support: below the threshold round(3,932,658 x 0.32, 10, half_up) = 1,258,450.
  const analysis::CliffReport low = analysis::find_cliffs(rules, household(1'200'000), {day, "members[0].earned_income", "1300000", 60'000});
  CHECK(low.solver == std::vector<analysis::Cliff>{{index("income_support"), 1'258'451 * Decimal::scale, Status::eligible, Status::ineligible}});
  CHECK(low.sweep == low.solver);
  CHECK(low.unknown.empty());
  CHECK(low.households_swept == 100'001);
  CHECK(low.programmes_reading == 5);
  // Elder allowance: below the median of 3,932,658 for two.
  const analysis::CliffReport high = analysis::find_cliffs(rules, household(3'900'000), {day, "members[0].earned_income", "3950000", 60'000});
  CHECK(high.solver == std::vector<analysis::Cliff>{{index("elder_allowance"), 3'932'658 * Decimal::scale, Status::eligible, Status::ineligible}});
  CHECK(high.sweep == high.solver);
  const Household h = household(500'000);
  CHECK_THROWS_AS(analysis::find_cliffs(rules, h, {day, "members[2].earned_income", "4000000", 1000}), InputError);
  CHECK_THROWS_AS(analysis::find_cliffs(rules, h, {day, "members[0].birth_date", "4000000", 1000}), InputError);
  CHECK_THROWS_AS(analysis::find_cliffs(rules, h, {day, "members[0].earned_income", "100", 1000}), InputError);
  CHECK_THROWS_AS(analysis::find_cliffs(rules, h, {day, "members[0].earned_income", "lots", 1000}), InputError);
  CHECK_THROWS_AS(analysis::find_cliffs(rules, h, {day, "monthly_rent", "100", 1000}), InputError);
  CHECK_THROWS_AS(analysis::find_cliffs(rules, h, {day, "no_such_field", "100", 1000}), InputError);
}

TEST_CASE("analysis: coverage questions answered with a household or a proof") {
  const analysis::AnalysisOptions options = options_on(day);
  const analysis::CoverageAnswer some = analysis::answer_coverage(planted, {"has_child and eligible_count == 1", {}}, options);
  REQUIRE(some.errors.empty());
  CHECK(some.answer.answer == Answer::found);
  CHECK(some.answer.disagreement.empty());
  CHECK(some.eligible == std::vector<std::string>{"child_benefit"});
  const analysis::CoverageAnswer impossible = analysis::answer_coverage(planted, {"has_child and eligible_count == 0", {}}, options);
  CHECK(impossible.answer.answer == Answer::none);
  const analysis::CoverageAnswer none = analysis::answer_coverage(planted, {"income < threshold and not eligible_income_support", {}}, options);
  CHECK(none.answer.answer == Answer::none);
  const analysis::CoverageAnswer counted =
      analysis::answer_coverage(planted, {"has_child and eligible_count == 0 and eligible_child_benefit", {"none such"}}, options);
  CHECK(counted.answer.answer == Answer::found);
  const analysis::CoverageAnswer wrong = analysis::answer_coverage(planted, {"income < thresold", {}}, options);
  REQUIRE(wrong.errors.size() == 1);
  CHECK(wrong.errors[0].find("--query:1:10: unknown name 'thresold'") == 0);
}
