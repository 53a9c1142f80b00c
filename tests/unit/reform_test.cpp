// Reforms: applied to a rule set's declarations before checking, with diagnostics at their
// place in the reform file, covered by the fingerprint, and never left in the load cache.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "rule_fixture.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/household_json.hpp"

namespace {

const std::filesystem::path mini = SSIS_TEST_DATA "/mini";
const std::filesystem::path reforms = SSIS_TEST_DATA "/reforms";
const ssis::Date day = *ssis::Date::parse("2025-03-01");

ssis::LoadOptions with_reform(const std::filesystem::path& reform) {
  ssis::LoadOptions options;
  options.reform = reform;
  return options;
}

// A reform file written for one test.
class ReformFile {
 public:
  explicit ReformFile(const std::string& text) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() / ("ssis_reform_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".yaml");
    std::ofstream(path_) << text;
  }
  ~ReformFile() { std::filesystem::remove(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

ssis::Household household(std::int64_t earned) {
  ssis::Household h;
  h.id = "h";
  h.set("region", std::string("capital"));
  h.add_member().set("birth_date", *ssis::Date::parse("1980-01-01")).set("earned_income", ssis::Decimal::from_raw(earned * 1'000'000));
  return h;
}

const ssis::ProgrammeOutcome& outcome_of(const ssis::RuleSet& rules, const ssis::Household& h, std::string_view id,
                                         ssis::HouseholdOutcome& out) {
  out = ssis::Evaluator(rules).evaluate(h, day);
  const ssis::ProgrammeOutcome* p = out.find(id);
  REQUIRE(p != nullptr);
  return *p;
}

std::string diagnostics_text(const ssis::LoadResult& result) { return ssis::format(result.diagnostics); }

}  // namespace

TEST_CASE("a reform changes a parameter from its date on and the fingerprint with it") {
  const ssis::RuleSet baseline = ssis::RuleSet::load_or_throw(mini);
  const ssis::RuleSet reformed = ssis::RuleSet::load_or_throw(mini, with_reform(reforms / "mini_raise_ratio.yaml"));
  CHECK(reformed.fingerprint() != baseline.fingerprint());
  CHECK(reformed.test_count() == 0);
  CHECK(baseline.test_count() > 0);
  // Size 1 in 2025: 2,392,013 x 0.32 = 765,444 (baseline) and x 0.40 = 956,805 (reform).
  ssis::HouseholdOutcome a, b;
  CHECK(outcome_of(baseline, household(800'000), "income_support", a).status == ssis::Status::ineligible);
  const auto& p = outcome_of(reformed, household(800'000), "income_support", b);
  CHECK(p.status == ssis::Status::eligible);
  CHECK(p.amount.raw == 156'800'000'000);  // 956,805 - 800,000 rounded down to 10
  // Before the reform's date the law as written still applies (2024: 0.32 of 2,228,445).
  const auto before = ssis::Evaluator(reformed).evaluate(household(700'000), *ssis::Date::parse("2024-06-01"));
  CHECK(before.find("income_support")->amount.raw == 13'100'000'000);  // 713,102 - 700,000 rounded down to 10
  // The same reform text elsewhere gives the same fingerprint.
  std::ifstream text(reforms / "mini_raise_ratio.yaml");
  const ReformFile copy(std::string(std::istreambuf_iterator<char>(text), {}));
  CHECK(ssis::RuleSet::load_or_throw(mini, with_reform(copy.path())).fingerprint() == reformed.fingerprint());
}

TEST_CASE("a reform replaces amounts and criteria and adds programmes and relations") {
  const ssis::RuleSet reformed = ssis::RuleSet::load_or_throw(mini, with_reform(reforms / "mini_flat_bonus.yaml"));
  REQUIRE(reformed.programme_index("flat_bonus") >= 0);
  CHECK(reformed.programmes()[static_cast<std::size_t>(reformed.programme_index("flat_bonus"))].file.ends_with("mini_flat_bonus.yaml"));
  CHECK(reformed.relations().back().id == "bonus_before_elder_care");
  ssis::HouseholdOutcome out;
  const auto& support = outcome_of(reformed, household(0), "income_support", out);
  CHECK(support.amount.raw == 766'440'000'000);  // 765,444 + 1,000 rounded down to 10
  CHECK(out.find("flat_bonus")->status == ssis::Status::eligible);
  CHECK(out.find("flat_bonus")->amount.raw == 300'000'000'000);
  CHECK(outcome_of(reformed, household(600'010), "flat_bonus", out).status == ssis::Status::ineligible);

  const ReformFile criterion(R"(reform: {id: stricter}
programmes:
  income_support:
    criteria:
      income: "income <= threshold - 100000"
)");
  const ssis::RuleSet stricter = ssis::RuleSet::load_or_throw(mini, with_reform(criterion.path()));
  CHECK(outcome_of(stricter, household(700'000), "income_support", out).status == ssis::Status::ineligible);
  CHECK(outcome_of(stricter, household(600'000), "income_support", out).status == ssis::Status::eligible);
}

TEST_CASE("a reform removes programmes and relations, and names a relation that still uses a removed programme") {
  const ReformFile removal("reform: {id: fewer}\nremove:\n  programmes: [elder_care]\n");
  const ssis::RuleSet fewer = ssis::RuleSet::load_or_throw(mini, with_reform(removal.path()));
  CHECK(fewer.programmes().size() == 1);
  CHECK(fewer.programme_index("elder_care") == -1);

  test_support::RuleDirectory directory({{"ruleset.yaml", test_support::header},
                                         {"schema.yaml", test_support::base_schema},
                                         {"a.yaml", "programme: {id: a, name: A, criteria: [{id: c, condition: rent > 0}]}\n"},
                                         {"b.yaml", "programme: {id: b, name: B, criteria: [{id: c, condition: rent > 10}]}\n"},
                                         {"r.yaml", "relations:\n  - {id: one_of, kind: exclusive, programmes: [a, b]}\n"}});
  const ReformFile kept_relation("reform: {id: r}\nremove:\n  programmes: [b]\n");
  const auto broken = ssis::RuleSet::load(directory.path(), with_reform(kept_relation.path()));
  CHECK_FALSE(broken.rules);
  REQUIRE(broken.diagnostics.size() == 1);
  CHECK(broken.diagnostics[0].line == 3);
  CHECK(broken.diagnostics[0].column == 16);
  CHECK(broken.diagnostics[0].message.find("relation 'one_of' names it") != std::string::npos);
  const ReformFile both("reform: {id: r}\nremove:\n  programmes: [b]\n  relations: [one_of]\n");
  const auto loaded = ssis::RuleSet::load(directory.path(), with_reform(both.path()));
  REQUIRE(loaded.rules);
  CHECK(loaded.rules->relations().empty());
  CHECK(loaded.rules->programmes().size() == 1);
}

TEST_CASE("a reform's mistakes are diagnostics at their line and column in the reform file") {
  const auto result = ssis::RuleSet::load(mini, with_reform(reforms / "mini_bad.yaml"));
  CHECK_FALSE(result.rules);
  const std::string text = diagnostics_text(result);
  CHECK(text.find("mini_bad.yaml:4:3: error E021 unknown-name: the reform names parameter 'suport_ratio'") != std::string::npos);
  CHECK(text.find("mini_bad.yaml:12:7: error E021 unknown-name: the reform names criterion 'incme'") != std::string::npos);
  CHECK(text.find("mini_bad.yaml:15:3: error E021 unknown-name: the reform names programme 'elder_cares'") != std::string::npos);
  CHECK(text.find("mini_bad.yaml:17:32: error E021 unknown-name: the reform names programme 'nothing_here'") != std::string::npos);
  CHECK(text.find("mini_bad.yaml:7:26: error E052 invalid-table") != std::string::npos);

  const ReformFile type_error("reform: {id: t}\nprogrammes:\n  income_support:\n    amount: {formula: \"income > 3\"}\n");
  const auto typed = ssis::RuleSet::load(mini, with_reform(type_error.path()));
  CHECK_FALSE(typed.rules);
  REQUIRE_FALSE(typed.diagnostics.empty());
  CHECK(typed.diagnostics[0].file == type_error.path().string());
  CHECK(typed.diagnostics[0].line == 4);

  const ReformFile unknown_key("reform: {id: k}\nparameter:\n  support_ratio: {values: {2025-01-01: 0.5}}\n");
  const auto keyed = ssis::RuleSet::load(mini, with_reform(unknown_key.path()));
  CHECK_FALSE(keyed.rules);
  CHECK(diagnostics_text(keyed).find(":2:1: error E010 unknown-key: unknown key 'parameter' in a reform file") != std::string::npos);

  const ReformFile twice("reform: {id: k}\nremove: {programmes: [elder_care, elder_care]}\n");
  CHECK(diagnostics_text(ssis::RuleSet::load(mini, with_reform(twice.path()))).find("names programme 'elder_care' twice") !=
        std::string::npos);
  for (const std::string text : {std::string(""), std::string("reform: {id: x}\n---\nreform: {id: y}\n"), std::string("\xff\xfe"),
                                 std::string("reform: [unclosed")}) {
    const ReformFile bad(text);
    const auto result = ssis::RuleSet::load(mini, with_reform(bad.path()));
    CHECK_FALSE(result.rules);
    REQUIRE_FALSE(result.diagnostics.empty());
    CHECK(result.diagnostics[0].file == bad.path().string());
  }
  const auto missing = ssis::RuleSet::load(mini, with_reform(reforms / "no_such_reform.yaml"));
  CHECK_FALSE(missing.rules);
  CHECK(diagnostics_text(missing).find("no_such_reform.yaml") != std::string::npos);
}

TEST_CASE("a reform never enters the cache of parsed rule files") {
  const auto cache = std::filesystem::temp_directory_path() / ("ssis_reform_cache_" + std::to_string(::getpid()));
  std::filesystem::remove_all(cache);
  ssis::LoadOptions cached;
  cached.cache_directory = cache;
  cached.cache_min_bytes = 0;
  ssis::LoadOptions reformed = cached;
  reformed.reform = reforms / "mini_flat_bonus.yaml";
  ssis::LoadOptions fresh;
  fresh.cache_directory.clear();
  const ssis::RuleSet first = ssis::RuleSet::load_or_throw(mini, reformed);
  const ssis::RuleSet plain = ssis::RuleSet::load_or_throw(mini, cached);
  const ssis::RuleSet again = ssis::RuleSet::load_or_throw(mini, reformed);
  const ssis::RuleSet uncached = ssis::RuleSet::load_or_throw(mini, fresh);
  CHECK(plain.fingerprint() == uncached.fingerprint());
  CHECK(plain.programmes().size() == uncached.programmes().size());
  CHECK(plain.test_count() == uncached.test_count());
  CHECK(again.fingerprint() == first.fingerprint());
  CHECK(again.programmes().size() == 3);
  ssis::HouseholdOutcome a, b;
  CHECK(outcome_of(plain, household(0), "income_support", a).amount.raw ==
        outcome_of(uncached, household(0), "income_support", b).amount.raw);
  std::filesystem::remove_all(cache);
}
