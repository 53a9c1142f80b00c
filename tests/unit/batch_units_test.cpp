// Batch results of programmes assessed per member: each member's decision in BatchDecision,
// the CSV layouts' member rows and cells, and resuming an output that has them.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>

#include "ssis/batch.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/household_json.hpp"

namespace {

ssis::RuleSet units_rules() { return ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/units"); }

const ssis::Date date = *ssis::Date::parse("2025-06-01");

class CollectingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override {
    households.insert(households.end(), block.begin(), block.end());
  }
  std::vector<ssis::BatchHousehold> households;
};

// Households of one to four members of every age, some facts left out, and a malformed
// household (an unknown relation) every eleventh; as JSON lines, or as CSV (one row per member).
std::string population(int n, bool csv) {
  static const char* relations[] = {"head", "spouse", "parent", "child", "other"};
  std::string text = csv ? "household_id,birth_date,relation,income,occupational_pension,disabled\n" : "";
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> members;
    for (int m = 0; m <= i % 4; ++m) {
      const int k = i * 7 + m * 13;
      const std::string birth = fmt::format("{}-03-01", 1935 + k % 85);
      const std::string relation = i % 11 == 5 && m == 0 ? "nobody" : m == 0 ? "head" : relations[k % 5];
      const std::string income = k % 3 != 0 ? std::to_string((k * 104729) % 2500000) : "";
      const std::string pension = k % 4 != 1 ? (k % 9 == 0 ? "true" : "false") : "";
      const std::string disabled = k % 5 != 2 ? (k % 6 == 0 ? "true" : "false") : "";
      if (csv) {
        text += fmt::format("h{},{},{},{},{},{}\n", i, birth, relation, income, pension, disabled);
        continue;
      }
      std::string member = fmt::format(R"({{"birth_date": "{}", "relation": "{}")", birth, relation);
      member += fmt::format(R"(, "income": {})", income.empty() ? "null" : income);  // as an empty CSV cell: not known
      if (!pension.empty()) member += fmt::format(R"(, "occupational_pension": {})", pension);
      if (!disabled.empty()) member += fmt::format(R"(, "disabled": {})", disabled);
      members.push_back(member + "}");
    }
    if (!csv) text += fmt::format(R"({{"id": "h{}", "members": [{}]}})", i, fmt::join(members, ", ")) + "\n";
  }
  return text;
}

std::string population_jsonl(int n) { return population(n, false); }

std::vector<ssis::BatchHousehold> run(const ssis::RuleSet& rules, const std::string& jsonl, unsigned threads, std::size_t block,
                                      bool missing_facts = true) {
  std::istringstream input(jsonl);
  auto source = ssis::json_lines_source(input);
  CollectingSink sink;
  ssis::BatchOptions options;
  options.date = date;
  options.threads = threads;
  options.block_size = block;
  options.missing_facts = missing_facts;
  ssis::run_batch(rules, *source, sink, options);
  return std::move(sink.households);
}

std::string run_to_csv(const ssis::RuleSet& rules, const std::string& jsonl, ssis::BatchLayout layout, std::size_t resume_after_line = 0,
                       bool header = true) {
  std::istringstream input(jsonl);
  auto source = ssis::json_lines_source(input);
  std::ostringstream output;
  auto sink = ssis::csv_sink(output, rules, layout, header);
  ssis::BatchOptions options;
  options.date = date;
  options.threads = 2;
  options.block_size = 5;
  options.resume_after_line = resume_after_line;
  ssis::run_batch(rules, *source, *sink, options);
  return output.str();
}

std::string joined(const std::vector<std::string_view>& paths) { return fmt::format("{}", fmt::join(paths, ";")); }

}  // namespace

TEST_CASE("batch decisions carry each member's decision, as single evaluation does") {
  const ssis::RuleSet rules = units_rules();
  ssis::Evaluator evaluator(rules);
  const std::string text = population_jsonl(300);
  std::istringstream lines(text);
  std::vector<std::string> households;
  for (std::string line; std::getline(lines, line);) households.push_back(line);
  std::size_t units_seen = 0;
  std::size_t undetermined_units = 0;
  for (unsigned threads : {1u, 2u}) {
    for (std::size_t block : {1u, 7u, 64u}) {
      const auto results = run(rules, text, threads, block);
      REQUIRE(results.size() == households.size());
      for (std::size_t h = 0; h < results.size(); ++h) {
        const ssis::BatchHousehold& result = results[h];
        if (!result.input_error.empty()) continue;
        const ssis::HouseholdOutcome outcome = evaluator.evaluate(ssis::parse_household_json(households[h], ""), date);
        for (std::size_t p = 0; p < outcome.programmes.size(); ++p) {
          const ssis::ProgrammeOutcome& expected = outcome.programmes[p];
          const ssis::BatchDecision& got = result.programmes[p];
          INFO("household ", result.id, " programme ", expected.programme->id);
          const std::vector<ssis::BatchUnitDecision>& units = result.detail(got).units;
          REQUIRE(units.size() == expected.units.size());
          for (std::size_t u = 0; u < units.size(); ++u) {
            const ssis::UnitOutcome& want = expected.units[u];
            const ssis::BatchUnitDecision& unit = units[u];
            CHECK(unit.member == want.member);
            CHECK(unit.status == want.status);
            CHECK(unit.amount_knowledge == want.amount.knowledge);
            if (want.amount.known()) CHECK(unit.amount == want.amount.raw);
            const ssis::BatchDecisionDetail& texts = result.detail(unit);
            CHECK(texts.units.empty());
            CHECK(texts.error == want.error);
            CHECK(texts.excluded_by == want.excluded_by);
            if (unit.status == ssis::Status::undetermined) {
              CHECK(texts.missing == joined(want.missing));
              CHECK_FALSE(texts.missing.empty());
              ++undetermined_units;
            } else {
              CHECK(texts.missing.empty());
            }
            ++units_seen;
          }
        }
      }
    }
  }
  // The population reaches every kind of decision.
  CHECK(units_seen > 500);
  CHECK(undetermined_units > 50);
}

TEST_CASE("households read from CSV rows carry the same members' decisions as from JSON lines") {
  const ssis::RuleSet rules = units_rules();
  const auto from_json = run(rules, population(150, false), 2, 16);
  std::istringstream csv(population(150, true));
  auto source = ssis::csv_source(csv, rules.schema());
  CollectingSink sink;
  ssis::BatchOptions options;
  options.date = date;
  options.threads = 2;
  options.block_size = 16;
  ssis::run_batch(rules, *source, sink, options);
  REQUIRE(sink.households.size() == from_json.size());
  std::size_t units = 0;
  for (std::size_t h = 0; h < from_json.size(); ++h) {
    const ssis::BatchHousehold& a = from_json[h];
    const ssis::BatchHousehold& b = sink.households[h];
    INFO("household ", a.id);
    REQUIRE(a.id == b.id);
    REQUIRE(a.input_error.empty() == b.input_error.empty());
    for (std::size_t p = 0; p < a.programmes.size(); ++p) {
      const std::vector<ssis::BatchUnitDecision>& a_units = a.detail(a.programmes[p]).units;
      const std::vector<ssis::BatchUnitDecision>& b_units = b.detail(b.programmes[p]).units;
      REQUIRE(a_units.size() == b_units.size());
      for (std::size_t u = 0; u < a_units.size(); ++u) {
        const ssis::BatchUnitDecision& x = a_units[u];
        const ssis::BatchUnitDecision& y = b_units[u];
        CHECK(x.member == y.member);
        CHECK(x.status == y.status);
        CHECK(x.amount_knowledge == y.amount_knowledge);
        CHECK(x.amount == y.amount);
        CHECK(a.detail(x).missing == b.detail(y).missing);
        ++units;
      }
    }
  }
  CHECK(units > 200);
}

TEST_CASE("without missing facts, the members' decisions are the same and name none") {
  const ssis::RuleSet rules = units_rules();
  const std::string text = population_jsonl(120);
  const auto with = run(rules, text, 2, 16, true);
  const auto without = run(rules, text, 2, 16, false);
  REQUIRE(with.size() == without.size());
  for (std::size_t h = 0; h < with.size(); ++h) {
    for (std::size_t p = 0; p < with[h].programmes.size(); ++p) {
      const auto& a = with[h].detail(with[h].programmes[p]).units;
      const auto& b = without[h].detail(without[h].programmes[p]).units;
      REQUIRE(a.size() == b.size());
      for (std::size_t u = 0; u < a.size(); ++u) {
        CHECK(a[u].member == b[u].member);
        CHECK(a[u].status == b[u].status);
        CHECK(a[u].amount == b[u].amount);
        CHECK(without[h].detail(b[u]).missing.empty());
      }
    }
  }
}

TEST_CASE("CSV layouts show each member's decision of a member programme") {
  const ssis::RuleSet rules = units_rules();
  const std::string text =
      R"({"id": "couple", "members": [{"birth_date": "1950-01-01", "relation": "head", "income": 1500000, "occupational_pension": false, "disabled": false}, {"birth_date": "1955-01-01", "relation": "spouse", "occupational_pension": false, "disabled": false}]})"
      "\n"
      R"({"id": "mother", "members": [{"birth_date": "1980-01-01", "relation": "head", "income": 3000000, "disabled": false}, {"birth_date": "1945-01-01", "relation": "parent", "disabled": false}]})"
      "\n"
      R"({"id": "bad", "members": [{"birth_date": "1980-01-01", "relation": "nobody"}]})"
      "\n"
      R"({"id": "both", "members": [{"birth_date": "1950-01-01", "relation": "head", "income": 1500000, "occupational_pension": false, "disabled": true}, {"birth_date": "1990-01-01", "relation": "child", "disabled": true}]})"
      "\n";
  SUBCASE("long: the members' rows, then the household's with an empty member") {
    const std::string csv = run_to_csv(rules, text, ssis::BatchLayout::long_rows);
    std::istringstream lines(csv);
    std::string header;
    std::getline(lines, header);
    CHECK(header == "household_id,line,programme,member,status,amount,missing,excluded_by,error");
    const std::string expected_couple =
        "couple,1,disability_allowance,,ineligible,,,,\n"
        "couple,1,household_grant,,ineligible,,,,\n"
        "couple,1,old_age_pension,0,eligible,248000,,,\n"
        "couple,1,old_age_pension,1,eligible,248000,,,\n"
        "couple,1,old_age_pension,,eligible,496000,,,\n";
    const std::string expected_mother =
        "mother,2,disability_allowance,,ineligible,,,,\n"
        "mother,2,household_grant,,ineligible,,,,\n"
        "mother,2,old_age_pension,1,undetermined,310000,members[1].occupational_pension,,\n"
        "mother,2,old_age_pension,,undetermined,,members[1].occupational_pension,,\n";
    CHECK(csv.find(expected_couple) != std::string::npos);
    CHECK(csv.find(expected_mother) != std::string::npos);
    CHECK(csv.find("\nbad,3,,,input_error,,,,\"line 3: ") != std::string::npos);
    // The relation per member excludes the head's allowance (the pension is higher), not the child's.
    CHECK(csv.find("both,4,disability_allowance,0,ineligible,100000,,one_allowance_per_person,\n"
                   "both,4,disability_allowance,1,eligible,100000,,,\n"
                   "both,4,disability_allowance,,eligible,100000,,,\n") != std::string::npos);
  }
  SUBCASE("wide: a members cell after each member programme's amount") {
    const std::string csv = run_to_csv(rules, text, ssis::BatchLayout::wide);
    CHECK(csv.starts_with("household_id,line,error,disability_allowance,disability_allowance_amount,disability_allowance_members,"
                          "household_grant,household_grant_amount,old_age_pension,old_age_pension_amount,old_age_pension_members\n"));
    CHECK(csv.find("\ncouple,1,,ineligible,,,ineligible,,eligible,496000,0:eligible:248000;1:eligible:248000\n") != std::string::npos);
    CHECK(csv.find("\nmother,2,,ineligible,,,ineligible,,undetermined,,1:undetermined:310000\n") != std::string::npos);
    CHECK(csv.find(",,,,,,,,\n") != std::string::npos);  // the input error row has every cell
    CHECK(csv.find("\nboth,4,,eligible,100000,0:ineligible:100000;1:eligible:100000,") != std::string::npos);
  }
}

TEST_CASE("an output with member rows cut at any byte resumes to exactly the uninterrupted output") {
  const ssis::RuleSet rules = units_rules();
  const std::string text = population_jsonl(40);
  for (auto layout : {ssis::BatchLayout::long_rows, ssis::BatchLayout::wide}) {
    const std::string full = run_to_csv(rules, text, layout);
    std::size_t households_seen = 0;
    for (std::size_t cut = 0; cut <= full.size(); cut += 7) {
      std::istringstream prefix(full.substr(0, cut));
      const ssis::ResumePoint point = ssis::find_resume_point(prefix, rules, layout);
      REQUIRE(point.complete_bytes <= cut);
      households_seen = std::max(households_seen, point.households);
      std::string resumed = full.substr(0, point.complete_bytes);
      resumed += run_to_csv(rules, text, layout, point.last_line, point.complete_bytes == 0);
      INFO("cut at byte ", cut);
      REQUIRE(resumed == full);
    }
    std::istringstream whole(full);
    CHECK(ssis::find_resume_point(whole, rules, layout).households == 40);
  }
}
