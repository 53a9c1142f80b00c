// Re-verification of programmes assessed per member: benefits paid to members, findings
// per person, overlaps and blind spots naming the member (tests/data/units).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "ssis/error.hpp"
#include "ssis/reverify.hpp"

namespace {

const ssis::Date date = *ssis::Date::parse("2025-06-01");

ssis::RuleSet units_rules() { return ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/units"); }

// tests/data/units copied, with `text` appended to its file `name` (a new file or an existing one).
class UnitsVariant {
 public:
  UnitsVariant(const std::string& name, const std::string& text) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() / fmt::format("ssis_units_{}_{}", ::getpid(), counter++);
    std::filesystem::remove_all(path_);
    std::filesystem::copy(SSIS_TEST_DATA "/units", path_, std::filesystem::copy_options::recursive);
    std::ofstream(path_ / name, std::ios::app) << text;
  }
  ~UnitsVariant() { std::filesystem::remove_all(path_); }
  ssis::RuleSet load() const { return ssis::RuleSet::load_or_throw(path_.string()); }

 private:
  std::filesystem::path path_;
};

class CollectingSink : public ssis::FindingSink {
 public:
  void write(const std::vector<ssis::FindingRow>& block) override { rows.insert(rows.end(), block.begin(), block.end()); }
  std::vector<ssis::FindingRow> rows;
};

std::vector<ssis::FindingRow> run(const ssis::RuleSet& rules, const std::string& households_jsonl, const std::string& benefits_csv,
                                  ssis::MemberNaming naming = {}, unsigned threads = 2, std::size_t block_size = 2) {
  std::istringstream households(households_jsonl);
  std::istringstream benefits_input(benefits_csv);
  ssis::BenefitIndex benefits = ssis::read_benefits_csv(benefits_input, "benefits.csv", rules, date, {}, std::move(naming));
  auto source = ssis::json_lines_source(households);
  CollectingSink sink;
  ssis::ReverifyOptions options;
  options.date = date;
  options.threads = threads;
  options.block_size = block_size;
  ssis::reverify(rules, *source, benefits, sink, options);
  return std::move(sink.rows);
}

// The one row of household `id` with this finding (and member, when given).
const ssis::FindingRow& only(const std::vector<ssis::FindingRow>& rows, const std::string& id, ssis::Finding finding,
                             std::optional<std::int64_t> member = std::nullopt) {
  const ssis::FindingRow* found = nullptr;
  for (const auto& row : rows) {
    if (row.household_id != id || row.finding != finding || (member && row.member != *member)) continue;
    REQUIRE(found == nullptr);
    found = &row;
  }
  REQUIRE(found != nullptr);
  return *found;
}

std::size_t count(const std::vector<ssis::FindingRow>& rows, const std::string& id) {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [&](const ssis::FindingRow& r) { return r.household_id == id; }));
}

const std::string households =
    R"({"id": "couple", "members": [{"birth_date": "1950-01-01", "relation": "head", "income": 1500000, "occupational_pension": false, "disabled": false}, {"birth_date": "1955-01-01", "relation": "spouse", "occupational_pension": false, "disabled": false}]})"
    "\n"
    R"({"id": "mother", "members": [{"birth_date": "1980-01-01", "relation": "head", "income": 3000000, "disabled": false}, {"birth_date": "1950-03-01", "relation": "parent", "occupational_pension": false, "disabled": false}]})"
    "\n"
    R"({"id": "young", "members": [{"birth_date": "1980-01-01", "relation": "head", "income": 3000000, "disabled": false}, {"birth_date": "2010-01-01", "relation": "child", "disabled": false}]})"
    "\n"
    R"({"id": "alone", "members": [{"birth_date": "1950-01-01", "relation": "head", "occupational_pension": false, "disabled": false}]})"
    "\n";

constexpr const char* header = "household_id,programme,monthly_amount,since,member\n";

}  // namespace

TEST_CASE("a couple who both draw the pension have two benefits, each confirmed for its member") {
  const ssis::RuleSet rules = units_rules();
  const auto rows = run(rules, households,
                        std::string(header) + "couple,old_age_pension,248000,2024-01-01,0\ncouple,old_age_pension,248000,2024-01-01,1\n");
  CHECK(count(rows, "couple") == 2);
  for (std::int64_t member : {0, 1}) {
    const ssis::FindingRow& row = only(rows, "couple", ssis::Finding::confirmed, member);
    CHECK(row.programme == rules.programme_index("old_age_pension"));
    CHECK(row.computed_monthly == ssis::Decimal::parse("248000"));
    // 2024-01-01 to 2025-06-01, 18 months at 248,000; each member was due 80% of the base:
    // 240,000 in the 12 months of 2024, 248,000 in the 6 of 2025.
    CHECK(row.months == 18);
    CHECK(row.paid_total == ssis::Decimal::parse("4464000"));
    CHECK(row.due_total == ssis::Decimal::parse("4368000"));
    CHECK(row.owed == ssis::Decimal::parse("96000"));
  }
}

TEST_CASE("a programme paid once has no totals since its benefit started, and says why") {
  const ssis::RuleSet rules = units_rules();
  // The couple's income of 1,500,000 is over the grant's limit: no longer eligible.
  const auto rows = run(rules, households, std::string(header) + "couple,household_grant,500000,2025-01-01,\n");
  const ssis::FindingRow& row = only(rows, "couple", ssis::Finding::no_longer_eligible);
  CHECK(row.reasons == "failing: income | totals_unknown: period once");
  CHECK(row.months == 6);
  CHECK_FALSE(row.due_total);
  CHECK_FALSE(row.owed);
}

TEST_CASE("a member's benefit is over- or underpaid against that member's own amount") {
  const ssis::RuleSet rules = units_rules();
  const auto rows = run(rules, households,
                        std::string(header) + "couple,old_age_pension,310000,2024-01-01,0\ncouple,old_age_pension,200000,2024-01-01,1\n");
  CHECK(only(rows, "couple", ssis::Finding::overpaid, 0).difference == ssis::Decimal::parse("62000"));
  CHECK(only(rows, "couple", ssis::Finding::underpaid, 1).difference == ssis::Decimal::parse("-48000"));
}

TEST_CASE("an older parent in her son's household who does not receive the pension is a blind spot naming her") {
  const ssis::RuleSet rules = units_rules();
  const auto rows = run(rules, households, header);
  const ssis::FindingRow& row = only(rows, "mother", ssis::Finding::blind_spot);
  CHECK(row.member == 1);
  CHECK(row.programme == rules.programme_index("old_age_pension"));
  CHECK(row.computed_monthly == ssis::Decimal::parse("310000"));
  // The couple are two blind spots, one per spouse.
  CHECK(only(rows, "couple", ssis::Finding::blind_spot, 0).computed_monthly == ssis::Decimal::parse("248000"));
  CHECK(only(rows, "couple", ssis::Finding::blind_spot, 1).computed_monthly == ssis::Decimal::parse("248000"));
  // A spouse who receives it leaves only the other a blind spot.
  const auto one = run(rules, households, std::string(header) + "couple,old_age_pension,248000,2024-01-01,1\n");
  CHECK(only(one, "couple", ssis::Finding::blind_spot).member == 0);
}

TEST_CASE("a member's undetermined benefit names the facts that would settle that member's decision") {
  const ssis::RuleSet rules = units_rules();
  const std::string unsure =
      R"({"id": "unsure", "members": [{"birth_date": "1980-01-01", "relation": "head", "disabled": false}, {"birth_date": "1985-01-01", "relation": "spouse"}]})"
      "\n";
  const auto rows = run(rules, unsure, std::string(header) + "unsure,disability_allowance,100000,2025-06-01,1\n");
  const ssis::FindingRow& row = only(rows, "unsure", ssis::Finding::undetermined, 1);
  CHECK(row.reasons == "missing: members[1].disabled | totals_unknown: undetermined in 2025-06");
}

TEST_CASE("a benefit for a member the programme does not assess is no longer eligible, with the reason") {
  const ssis::RuleSet rules = units_rules();
  const auto rows = run(rules, households, std::string(header) + "young,old_age_pension,310000,2024-01-01,1\n");
  const ssis::FindingRow& row = only(rows, "young", ssis::Finding::no_longer_eligible);
  CHECK(row.member == 1);
  CHECK(row.paid_monthly == ssis::Decimal::parse("310000"));
  CHECK(row.reasons == "not assessed: members[1] does not meet older");
  // An assessed member who fails a criterion names it.
  const auto failing = run(rules, R"({"id": "rich", "members": [{"birth_date": "1950-01-01", "relation": "head", "income": 2500000, "occupational_pension": false, "disabled": false}]})"
                                  "\n",
                           std::string(header) + "rich,old_age_pension,310000,2024-01-01,0\n");
  CHECK(only(failing, "rich", ssis::Finding::no_longer_eligible).reasons == "failing: couple_income");
}

TEST_CASE("an exclusive group with a household programme overlaps per household; the member's benefit names why it is excluded") {
  const ssis::RuleSet rules = units_rules();
  const auto rows =
      run(rules, households, std::string(header) + "alone,household_grant,500000,2024-01-01,\nalone,old_age_pension,310000,2024-01-01,0\n");
  const ssis::FindingRow& overlap = only(rows, "alone", ssis::Finding::overlap);
  CHECK(overlap.member == -1);
  CHECK(overlap.reasons == "relation pension_or_grant: receives household_grant, old_age_pension; the rules keep household_grant");
  const ssis::FindingRow& excluded = only(rows, "alone", ssis::Finding::no_longer_eligible);
  CHECK(excluded.member == 0);
  CHECK(excluded.reasons == "excluded_by: pension_or_grant, keeps household_grant");
}

TEST_CASE("an exclusive relation that holds per member overlaps per person") {
  // one_allowance_per_person: a person keeps the higher of the pension and the allowance.
  const ssis::RuleSet rules = units_rules();
  const std::string disabled_couple =
      R"({"id": "pair", "members": [{"birth_date": "1950-01-01", "relation": "head", "income": 1500000, "occupational_pension": false, "disabled": true}, {"birth_date": "1955-01-01", "relation": "spouse", "occupational_pension": false, "disabled": true}]})"
      "\n";
  // The head draws both, the spouse the allowance only: one overlap, the head's.
  const auto rows = run(rules, disabled_couple,
                        std::string(header) +
                            "pair,old_age_pension,248000,2024-01-01,0\npair,disability_allowance,100000,2024-01-01,0\n"
                            "pair,disability_allowance,100000,2024-01-01,1\n");
  const ssis::FindingRow& overlap = only(rows, "pair", ssis::Finding::overlap);
  CHECK(overlap.member == 0);
  CHECK(overlap.relation >= 0);
  CHECK(overlap.reasons ==
        "relation one_allowance_per_person: members[0] receives disability_allowance, old_age_pension; the rules keep old_age_pension");
  // Each member's allowance is excluded by the relation for that member, who keeps the pension.
  for (std::int64_t member : {0, 1})
    CHECK(only(rows, "pair", ssis::Finding::no_longer_eligible, member).reasons ==
          "excluded_by: one_allowance_per_person, keeps old_age_pension");
  CHECK(only(rows, "pair", ssis::Finding::blind_spot).member == 1);  // the spouse's pension
}

TEST_CASE("malformed member cells are input errors naming the file, line and column") {
  const ssis::RuleSet rules = units_rules();
  const std::string benefits = std::string(header) +
                               "couple,old_age_pension,248000,2024-01-01,5\n"        // 2: out of range
                               "couple,old_age_pension,248000,2024-01-01,x\n"        // 3: not a number
                               "couple,old_age_pension,248000,2024-01-01,-1\n"       // 4: negative
                               "couple,old_age_pension,248000,2024-01-01,\n"         // 5: missing
                               "mother,old_age_pension,310000,2024-01-01,1\n"        // 6
                               "mother,old_age_pension,310000,2024-01-01,1\n"        // 7: repeated for the same member
                               "mother,household_grant,500000,2024-01-01,0\n"        // 8: a member for a household programme
                               "young,household_grant,500000,2024-01-01,\n"          // 9
                               "young,household_grant,500000,2024-01-01,\n";         // 10: repeated household programme
  const auto rows = run(rules, households, benefits);
  std::vector<std::string> errors;
  for (const auto& row : rows)
    if (row.finding == ssis::Finding::input_error) errors.push_back(row.reasons);
  std::sort(errors.begin(), errors.end());
  const std::vector<std::string> expected{
      "benefits.csv:10:2: household young receives household_grant already (line 9)",
      "benefits.csv:2:5: member 5 is not in household couple, which has 2 members (0 to 1)",
      "benefits.csv:3:5: 'x' is not a member index (a number from 0)",
      "benefits.csv:4:5: '-1' is not a member index (a number from 0)",
      "benefits.csv:5:2: old_age_pension is paid to a member: the benefit needs a member (the member's index in the household, from 0)",
      "benefits.csv:7:5: member 1 of household mother receives old_age_pension already (line 6)",
      "benefits.csv:8:5: household_grant is paid to the household, not to a member: leave member empty",
  };
  CHECK(errors == expected);
  // The valid benefits are still compared.
  CHECK(only(rows, "mother", ssis::Finding::confirmed).member == 1);
  CHECK(only(rows, "young", ssis::Finding::no_longer_eligible).member == -1);
}

TEST_CASE("a benefits file without a member column reads household programmes and names the missing member") {
  const ssis::RuleSet rules = units_rules();
  const auto rows = run(rules, households,
                        "household_id,programme,monthly_amount,since\nyoung,household_grant,500000,2024-01-01\n"
                        "couple,old_age_pension,248000,2024-01-01\n");
  CHECK(only(rows, "young", ssis::Finding::no_longer_eligible).member == -1);
  CHECK(only(rows, "couple", ssis::Finding::input_error).reasons ==
        "benefits.csv:3:2: old_age_pension is paid to a member: the benefit needs a member (the member's index in the household, from 0)");
}

TEST_CASE("members named by a person id the households carry") {
  const UnitsVariant variant("schema/household.yaml", "    person_id: {type: int, min: 1, description: the person's number}\n");
  const ssis::RuleSet rules = variant.load();
  const std::string input =
      R"({"id": "couple", "members": [{"person_id": 501, "birth_date": "1950-01-01", "relation": "head", "income": 1500000, "occupational_pension": false, "disabled": false}, {"person_id": 502, "birth_date": "1955-01-01", "relation": "spouse", "occupational_pension": false, "disabled": false}]})"
      "\n";
  const auto rows = run(rules, input,
                        std::string(header) + "couple,old_age_pension,248000,2024-01-01,502\ncouple,old_age_pension,248000,2024-01-01,77\n",
                        {"person_id"});
  CHECK(only(rows, "couple", ssis::Finding::confirmed).member == 1);
  CHECK(only(rows, "couple", ssis::Finding::blind_spot).member == 0);
  CHECK(only(rows, "couple", ssis::Finding::input_error).reasons ==
        "benefits.csv:3:5: no members of household couple have person_id 77");
  // A field that is not an int member field is refused up front.
  std::istringstream empty(header);
  CHECK_THROWS_WITH_AS(ssis::read_benefits_csv(empty, "benefits.csv", rules, date, {}, {"relation"}),
                       "person id field 'relation' is not a member field of type int in the schema of rule set units",
                       std::invalid_argument);
}

TEST_CASE("the detail CSV has a member column only for rule sets with member programmes") {
  const ssis::RuleSet rules = units_rules();
  std::ostringstream out;
  auto sink = ssis::detail_csv_sink(out, rules);
  ssis::FindingRow row;
  row.household_id = "mother";
  row.programme = rules.programme_index("old_age_pension");
  row.member = 1;
  row.finding = ssis::Finding::blind_spot;
  row.computed_monthly = ssis::Decimal::parse("310000");
  ssis::FindingRow household_row = row;
  household_row.programme = rules.programme_index("household_grant");
  household_row.member = -1;
  ssis::FindingRow received = row;
  received.finding = ssis::Finding::confirmed;
  received.paid_monthly = received.computed_monthly;
  received.difference = ssis::Decimal();
  received.months = 3;
  received.paid_total = ssis::Decimal::parse("930000");
  received.due_total = ssis::Decimal::parse("920000.5");
  received.owed = ssis::Decimal::parse("9999.5");
  sink->write({row, household_row, received});
  CHECK(out.str() ==
        "household_id,programme,member,ministry,finding,paid_monthly,computed_monthly,difference,months,paid_total,due_total,owed,"
        "reasons,input\n"
        "mother,old_age_pension,1,Welfare,blind_spot,,310000,,,,,,,\n"
        "mother,household_grant,,Welfare,blind_spot,,310000,,,,,,,\n"
        "mother,old_age_pension,1,Welfare,confirmed,310000,310000,0,3,930000,920000.5,9999.5,,\n");
  const ssis::RuleSet mini = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini");
  std::ostringstream plain;
  ssis::detail_csv_sink(plain, mini);
  CHECK(plain.str() ==
        "household_id,programme,ministry,finding,paid_monthly,computed_monthly,difference,months,paid_total,due_total,owed,reasons,"
        "input\n");
}

TEST_CASE("benefits in any order are indexed by household, programme and member; each repeat is reported against the one before it") {
  const ssis::RuleSet rules = units_rules();
  const int pension = rules.programme_index("old_age_pension");
  const int grant = rules.programme_index("household_grant");
  ssis::BenefitIndex index(rules, date, [](std::size_t line, ssis::BenefitIndex::Field) { return fmt::format("line {}", line); });
  // Household k of 40 receives the pension for members 2, 1, 0 and the grant, rows interleaved
  // from the last household to the first; every seventh household's member 1 twice more.
  std::size_t line = 1;
  std::vector<std::string> expected_repeats;
  for (int round = 0; round < 4; ++round) {
    for (int k = 39; k >= 0; --k) {
      const std::string id = fmt::format("h{}", k);
      const std::string member = round < 3 ? std::to_string(2 - round) : "";
      index.add({id, round < 3 ? "old_age_pension" : "household_grant", std::to_string(1000 * k + round), "2024-01-01", member}, ++line);
    }
  }
  for (int k = 0; k < 40; k += 7) {
    const std::string id = fmt::format("h{}", k);
    std::size_t first_line = 0;
    for (int copy = 0; copy < 2; ++copy) {
      index.add({id, "old_age_pension", "5", "2024-01-01", "1"}, ++line);
      // The pension of member 1 came in round 1, at line 2 + 40 + (39 - k).
      const std::size_t before = copy == 0 ? 2 + 40 + static_cast<std::size_t>(39 - k) : first_line;
      expected_repeats.push_back(fmt::format("line {}: member 1 of household {} receives old_age_pension already (line {})", line, id, before));
      first_line = line;
    }
  }
  const std::vector<ssis::FindingRow> errors = index.take_errors();
  std::vector<std::string> repeats;
  for (const auto& row : errors) repeats.push_back(row.reasons);
  std::sort(repeats.begin(), repeats.end());
  std::sort(expected_repeats.begin(), expected_repeats.end());
  CHECK(repeats == expected_repeats);
  CHECK(index.benefit_count() == 160);
  for (int k = 0; k < 40; ++k) {
    const auto claim = index.claim(fmt::format("h{}", k), 1000 + static_cast<std::size_t>(k));
    REQUIRE(claim.benefits.size() == 4);
    // The grant comes before the pension in the rule set's order; the pension by member.
    std::vector<std::pair<int, std::int64_t>> got;
    for (const auto& b : claim.benefits) got.emplace_back(b.programme, b.member);
    std::vector<std::pair<int, std::int64_t>> want{{grant, -1}, {pension, 0}, {pension, 1}, {pension, 2}};
    std::sort(want.begin(), want.end());
    CHECK(got == want);
    for (const auto& b : claim.benefits) {
      if (b.programme == pension) CHECK(b.monthly_amount == ssis::Decimal::from_raw((1000 * k + (2 - b.member)) * ssis::Decimal::scale));
    }
  }
}
