#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

#include "population/kr_beneficiaries.hpp"
#include "population/kr_population.hpp"
#include "rule_fixture.hpp"
#include "ssis/error.hpp"
#include "ssis/reverify.hpp"

namespace {

const ssis::Date date = *ssis::Date::parse("2025-03-01");

ssis::RuleSet mini() { return ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini"); }

class CollectingSink : public ssis::FindingSink {
 public:
  void write(const std::vector<ssis::FindingRow>& block) override { rows.insert(rows.end(), block.begin(), block.end()); }
  std::vector<ssis::FindingRow> rows;
};

struct Run {
  CollectingSink sink;
  ssis::ReverifySummary summary;
};

Run run(const ssis::RuleSet& rules, const std::string& households_jsonl, const std::string& benefits_csv, unsigned threads = 2,
        std::size_t block_size = 1024) {
  std::istringstream households(households_jsonl);
  std::istringstream benefits_input(benefits_csv);
  ssis::BenefitIndex benefits = ssis::read_benefits_csv(benefits_input, "benefits.csv", rules, date);
  auto source = ssis::json_lines_source(households);
  Run result;
  ssis::ReverifyOptions options;
  options.date = date;
  options.threads = threads;
  options.block_size = block_size;
  result.summary = ssis::reverify(rules, *source, benefits, result.sink, options);
  return result;
}

std::string household(const std::string& id, std::int64_t income, const std::string& extra = "") {
  return "{\"id\": \"" + id + "\", \"region\": \"capital\", \"members\": [{\"birth_date\": \"1980-01-01\", \"earned_income\": " +
         std::to_string(income) + extra + "}]}\n";
}

const ssis::FindingRow& only(const std::vector<ssis::FindingRow>& rows, const std::string& id, ssis::Finding finding) {
  const ssis::FindingRow* found = nullptr;
  for (const auto& row : rows) {
    if (row.household_id != id || row.finding != finding) continue;
    REQUIRE(found == nullptr);
    found = &row;
  }
  REQUIRE(found != nullptr);
  return *found;
}

constexpr const char* header = "household_id,programme,monthly_amount,since\n";

}  // namespace

TEST_CASE("each received benefit is confirmed, over- or underpaid, ineligible or undetermined; eligible others are blind spots") {
  const ssis::RuleSet rules = mini();
  // income_support pays round(765444 - income, 10, down) per month: 265440 for an income of 500000.
  const std::string households = household("exact", 500000) + household("over", 500000) + household("under", 500000) +
                                 household("gone", 900000) + household("unsure", 500000) + household("missed", 500000);
  const std::string benefits = std::string(header) +
                               "exact,income_support,265440,2024-01-01\n"
                               "over,income_support,300000.5,2024-01-01\n"
                               "under,income_support,200000,2024-01-01\n"
                               "gone,income_support,100000,2024-01-01\n"
                               "unsure,income_support,265440,2024-01-01\n"
                               "unsure,elder_care,281000,2024-01-01\n";
  const Run result = run(rules, households, benefits);
  const auto& rows = result.sink.rows;

  CHECK(only(rows, "exact", ssis::Finding::confirmed).reasons.empty());
  const auto& over = only(rows, "over", ssis::Finding::overpaid);
  CHECK(over.computed_monthly == ssis::Decimal::parse("265440"));
  CHECK(over.difference == ssis::Decimal::parse("34560.5"));
  CHECK(only(rows, "under", ssis::Finding::underpaid).difference == ssis::Decimal::parse("-65440"));
  const auto& gone = only(rows, "gone", ssis::Finding::no_longer_eligible);
  CHECK(gone.reasons == "failing: income");
  CHECK(gone.paid_monthly == ssis::Decimal::parse("100000"));
  // elder_care: nobody is 65, so the elder criterion is known false — ineligible, not undetermined.
  CHECK(only(rows, "unsure", ssis::Finding::no_longer_eligible).reasons == "failing: elder");
  const auto& missed = only(rows, "missed", ssis::Finding::blind_spot);
  CHECK(rules.programmes()[static_cast<std::size_t>(missed.programme)].id == "income_support");
  CHECK(missed.computed_monthly == ssis::Decimal::parse("265440"));

  const ssis::FindingTally total = result.summary.total();
  CHECK(total[ssis::Finding::confirmed] == 2);  // exact and unsure's income_support
  CHECK(total[ssis::Finding::overpaid] == 1);
  CHECK(total[ssis::Finding::underpaid] == 1);
  CHECK(total[ssis::Finding::no_longer_eligible] == 2);
  CHECK(total[ssis::Finding::blind_spot] == 1);
  CHECK(total.overpaid.to_string() == "34560.5");
  CHECK(total.underpaid.to_string() == "65440");
  CHECK(total.paid_to_no_longer_eligible.to_string() == "381000");
  CHECK(total.improper().to_string() == "415560.5");
  CHECK(result.summary.households_evaluated == 6);
  CHECK(result.summary.benefits_read == 6);
}

TEST_CASE("the failing criteria of one benefit and the missing facts of the next come from the same household") {
  const ssis::RuleSet rules = mini();
  // elder_care (compared first) is ineligible: its failing criteria need no missing facts;
  // income_support is undetermined (the income is not known): its missing facts are named.
  const std::string households =
      "{\"id\": \"both\", \"region\": \"capital\", \"members\": [{\"birth_date\": \"1980-01-01\", \"earned_income\": null}]}\n";
  const Run result = run(rules, households,
                         std::string(header) + "both,elder_care,281000,2025-03-01\nboth,income_support,265440,2025-03-01\n");
  CHECK(only(result.sink.rows, "both", ssis::Finding::no_longer_eligible).reasons == "failing: elder");
  CHECK(only(result.sink.rows, "both", ssis::Finding::undetermined).reasons ==
        "missing: members[0].earned_income | totals_unknown: undetermined in 2025-03");
}

TEST_CASE("a programme the data cannot settle is undetermined with the missing facts") {
  const ssis::RuleSet rules = mini();
  const std::string households = "{\"id\": \"old\", \"region\": \"city\", \"members\": [{\"birth_date\": \"1950-05-01\"}]}\n";
  const Run result = run(rules, households, std::string(header) + "old,elder_care,281000,2024-01-01\n");
  // elder_care is in force from 2024-07-01: not eligible before, undetermined from then on.
  const auto& row = only(result.sink.rows, "old", ssis::Finding::undetermined);
  CHECK(row.reasons == "missing: members[0].needs_assessment | totals_unknown: undetermined in 2024-07");
  CHECK(row.months == 15);
  CHECK(row.paid_total == ssis::Decimal::parse("4215000"));  // 15 x 281,000
  CHECK_FALSE(row.due_total);
  CHECK_FALSE(row.owed);
  CHECK(result.summary.total().totals_unknown == 1);
  CHECK(result.summary.total().paid_total.to_string() == "0");  // a benefit without totals is left out of the sums
}

namespace {

// tests/data/mini: income_support's threshold is round(median_income[size] x 0.32, 1, half_up),
// its amount threshold - income rounded down to 10. Two members earning 500,000 in all:
// 2024: 3,682,609 x 0.32 = 1,178,434.88 -> 1,178,435 - 500,000 = 678,435 -> 678,430 a month;
// 2025: 3,932,658 x 0.32 = 1,258,450.56 -> 1,258,451 - 500,000 = 758,451 -> 758,450 a month.
std::string couple(const std::string& id) {
  return "{\"id\": \"" + id + "\", \"region\": \"capital\", \"members\": [{\"birth_date\": \"1950-01-01\", \"earned_income\": 500000}, "
         "{\"birth_date\": \"1955-03-02\"}]}\n";
}

// elder_care (in force from 2024-07-01) pays rent_cap[region, size]: 281,000 in a city for 1 or 2 members.
std::string elder(const std::string& id, const std::string& birth_date) {
  return "{\"id\": \"" + id + "\", \"region\": \"city\", \"members\": [{\"birth_date\": \"" + birth_date +
         "\", \"needs_assessment\": true}]}\n";
}

}  // namespace

TEST_CASE("money owed: what was paid and due month by month since each benefit started, across a parameter change") {
  const ssis::RuleSet rules = mini();
  const std::string benefits = std::string(header) +
                               "over,income_support,758450,2024-11-15\n"
                               "under,income_support,700000,2024-12-01\n"
                               "today,income_support,758450,2025-03-01\n";
  const Run result = run(rules, couple("over") + couple("under") + couple("today"), benefits);
  const auto& rows = result.sink.rows;

  // 2024-11-15, 2024-12-01, 2025-01-01, 2025-02-01 and the date 2025-03-01: 5 months, paid
  // 5 x 758,450 = 3,792,250; due 2 x 678,430 + 3 x 758,450 = 3,632,210; owed back 160,040.
  const auto& over = only(rows, "over", ssis::Finding::confirmed);
  CHECK(over.months == 5);
  CHECK(over.paid_total == ssis::Decimal::parse("3792250"));
  CHECK(over.due_total == ssis::Decimal::parse("3632210"));
  CHECK(over.owed == ssis::Decimal::parse("160040"));
  CHECK(over.reasons.empty());
  // 4 months: paid 2,800,000; due 678,430 + 3 x 758,450 = 2,953,780; owed to the person 153,780.
  const auto& under = only(rows, "under", ssis::Finding::underpaid);
  CHECK(under.months == 4);
  CHECK(under.paid_total == ssis::Decimal::parse("2800000"));
  CHECK(under.due_total == ssis::Decimal::parse("2953780"));
  CHECK(under.owed == ssis::Decimal::parse("-153780"));
  // Since the date itself: one month.
  const auto& today = only(rows, "today", ssis::Finding::confirmed);
  CHECK(today.months == 1);
  CHECK(today.paid_total == ssis::Decimal::parse("758450"));
  CHECK(today.due_total == ssis::Decimal::parse("758450"));
  CHECK(today.owed == ssis::Decimal());

  const ssis::FindingTally total = result.summary.total();
  CHECK(total.paid_total.to_string() == "7350700");  // 3,792,250 + 2,800,000 + 758,450
  CHECK(total.due_total.to_string() == "7344440");   // 3,632,210 + 2,953,780 + 758,450
  CHECK(total.owed.to_string() == "6260");
  CHECK(total.owed_back.to_string() == "160040");
  CHECK(total.owed_to_people.to_string() == "153780");
  CHECK(total.totals_unknown == 0);
  // The same on one thread, in blocks of one household.
  const Run serial = run(rules, couple("over") + couple("under") + couple("today"), benefits, 1, 1);
  CHECK(serial.summary.total().owed == total.owed);
  CHECK(serial.summary.total().due_total == total.due_total);
}

TEST_CASE("money owed: nothing is due in the months before the programme started or before a birthday made one eligible") {
  const ssis::RuleSet rules = mini();
  const std::string benefits = std::string(header) +
                               "early,elder_care,281000,2024-05-10\n"
                               "birthday,elder_care,281000,2024-10-01\n";
  const Run result = run(rules, elder("early", "1950-05-01") + elder("birthday", "1959-12-15"), benefits);
  // 2024-05-10 to 2025-03-01: 11 months; due only from 2024-07-01, when elder_care starts: 9 x 281,000.
  const auto& early = only(result.sink.rows, "early", ssis::Finding::confirmed);
  CHECK(early.months == 11);
  CHECK(early.paid_total == ssis::Decimal::parse("3091000"));
  CHECK(early.due_total == ssis::Decimal::parse("2529000"));
  CHECK(early.owed == ssis::Decimal::parse("562000"));
  // Born 1959-12-15: 65 on 2024-12-15, so 64 on 2024-10-01, 11-01 and 12-01; due in 2025's 3 months only.
  const auto& birthday = only(result.sink.rows, "birthday", ssis::Finding::confirmed);
  CHECK(birthday.months == 6);
  CHECK(birthday.due_total == ssis::Decimal::parse("843000"));
  CHECK(birthday.owed == ssis::Decimal::parse("843000"));
}

TEST_CASE("money owed: a month in error names the error the whole evaluation gives that household on that date") {
  const ssis::RuleSet rules = mini();
  // The parameters start on 2024-01-01: on 2023-11-15 and 2023-12-01 income_support is an error.
  const Run result = run(rules, couple("before"), std::string(header) + "before,income_support,758450,2023-11-15\n");
  const auto& row = only(result.sink.rows, "before", ssis::Finding::confirmed);
  CHECK(row.months == 17);
  CHECK(!row.due_total);
  std::istringstream input(couple("before"));
  ssis::SourceItem item;
  REQUIRE(ssis::json_lines_source(input)->next(item));
  const ssis::HouseholdOutcome evaluated = ssis::Evaluator(rules).evaluate(item.household, *ssis::Date::parse("2023-11-15"));
  const std::string& error = evaluated.programmes[static_cast<std::size_t>(rules.programme_index("income_support"))].error;
  REQUIRE(error.find("has no value in force on 2023-11-15") != std::string::npos);
  CHECK(row.reasons == "totals_unknown: error in 2023-11: " + error);
}

TEST_CASE("money owed: a programme that reads no date is decided again when it comes into force and when a parameter changes") {
  // mini with steady_support: income_support's criterion and amount, in force from 2024-09-01.
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(SSIS_TEST_DATA "/mini"))
    if (entry.is_regular_file())
      files[std::filesystem::relative(entry.path(), SSIS_TEST_DATA "/mini").string()] =
          (std::ostringstream() << std::ifstream(entry.path()).rdbuf()).str();
  files["programmes/steady_support.yaml"] = R"(programme:
  id: steady_support
  name: {en: Steady support}
  ministry: {en: Ministry of Tests}
  active: {from: 2024-09-01}
  criteria:
    - id: income
      description: income at or below the threshold
      condition: income <= threshold
  amount:
    formula: threshold - income
    rounding: {unit: 10, mode: down}
    period: month
)";
  const test_support::RuleDirectory directory(files);
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(directory.path().string());
  const std::string benefits = std::string(header) + "steady,steady_support,758450,2024-05-01\n";
  for (const unsigned threads : {1U, 2U}) {
    const Run result = run(rules, couple("steady"), benefits, threads);
    // 2024-05-01 to 2025-03-01: 11 months paid, 8,342,950. Due nothing before 2024-09, then
    // 4 x 678,430 in 2024 and 3 x 758,450 from 2025-01-01 (the medians change): 4,989,070.
    const auto& row = only(result.sink.rows, "steady", ssis::Finding::confirmed);
    CHECK(row.months == 11);
    CHECK(row.paid_total == ssis::Decimal::parse("8342950"));
    CHECK(row.due_total == ssis::Decimal::parse("4989070"));
    CHECK(row.owed == ssis::Decimal::parse("3353880"));
  }
}

TEST_CASE("every bad benefit row and every benefit of an absent household is one error naming file, line and column") {
  const ssis::RuleSet rules = mini();
  const std::string benefits = std::string(header) +
                               "a,no_such,1,2024-01-01\n"         // line 2
                               "a,income_support,12x,2024-01-01\n"  // line 3
                               "a,income_support,-5,2024-01-01\n"   // line 4
                               "a,income_support,5,2024-02-30\n"    // line 5
                               "a,income_support,5,2025-03-02\n"    // line 6: after the date
                               "a,income_support\n"                 // line 7
                               "a,income_support,,2024-01-01\n"     // line 8
                               "a,income_support,5,2024-01-01\n"    // line 9: valid
                               "a,income_support,6,2024-01-01\n"    // line 10: repeated
                               "ghost,elder_care,7,2024-01-01\n";   // line 11: no such household
  const Run result = run(rules, household("a", 500000), benefits);
  std::vector<std::string> errors;
  for (const auto& row : result.sink.rows)
    if (row.finding == ssis::Finding::input_error) errors.push_back(row.reasons);
  const std::vector<std::string> expected{
      "benefits.csv:2:2: 'no_such' is not a programme of rule set mini",
      "benefits.csv:3:3: '12x' is not an amount",
      "benefits.csv:4:3: -5 is negative",
      "benefits.csv:5:4: '2024-02-30' is not a date (YYYY-MM-DD)",
      "benefits.csv:6:4: 2025-03-02 is after the re-verification date 2025-03-01",
      "benefits.csv:7:1: 2 fields where the header has 4",
      "benefits.csv:8:3: monthly_amount is empty",
      "benefits.csv:10:2: household a receives income_support already (line 9)",
      "benefits.csv:11:1: household ghost is not in the household input",
  };
  CHECK(errors == expected);
  CHECK(result.summary.benefits_read == 2);
  CHECK(only(result.sink.rows, "a", ssis::Finding::underpaid).paid_monthly == ssis::Decimal::parse("5"));
}

TEST_CASE("the benefits header is checked, with the columns in any order") {
  const ssis::RuleSet rules = mini();
  const Run reordered = run(rules, household("a", 500000), "since,monthly_amount,programme,household_id\n2024-01-01,265440,income_support,a\n");
  CHECK(reordered.summary.total()[ssis::Finding::confirmed] == 1);
}

namespace {

// The InputError a benefits header gets, as the command prints it.
std::string header_error(const std::string& benefits) {
  const ssis::RuleSet rules = mini();
  std::istringstream input(benefits);
  try {
    ssis::read_benefits_csv(input, "benefits.csv", rules, date);
  } catch (const ssis::InputError& e) {
    return fmt::format("{}:{}:{}: {}", e.path(), e.line(), e.column(), e.reason());
  }
  return "no error";
}

}  // namespace

TEST_CASE("a benefits header with an unknown, a repeated or a missing column is an error, not zero benefits") {
  CHECK(header_error("household_id,programme,amount,since\na,income_support,1,2024-01-01\n") ==
        "benefits.csv:1:3: column 3 'amount' is not one of household_id, programme, monthly_amount, since");
  CHECK(header_error("household_id,programme,monthly_amount\n") == "benefits.csv:1:4: the header has no since column");
  CHECK(header_error("household_id,programme,monthly_amount,since,programme\n") ==
        "benefits.csv:1:5: column 'programme' appears twice: columns 2 and 5");
  CHECK(header_error("") == "benefits.csv:1:0: the file is empty; it needs the header household_id,programme,monthly_amount,since");
  CHECK(header_error("household_id,\"programme\n") ==
        "benefits.csv:1:0: header: a quoted field opened on this line is not closed before the end of the input");
  CHECK(header_error("household_id,programme,monthly\xE2\x80\x8B_amount,since\n") ==
        "benefits.csv:1:3: column 3 'monthly\\u200B_amount' is not one of household_id, programme, monthly_amount, since");
}

TEST_CASE("a benefits file with a byte order mark, blank lines and CRLF line ends is read in full") {
  const ssis::RuleSet rules = mini();
  const Run result = run(rules, household("a", 500000) + household("b", 500000),
                         "\xEF\xBB\xBFhousehold_id,programme,monthly_amount,since\r\n\r\n"
                         "a,income_support,265440,2024-01-01\r\n   \r\nb,income_support,265440,2024-01-01\r\n\n");
  CHECK(result.summary.benefits_read == 2);
  CHECK(result.summary.total()[ssis::Finding::confirmed] == 2);
  CHECK(result.summary.total()[ssis::Finding::input_error] == 0);
}

TEST_CASE("a benefit row with an unterminated quote or over-long is one error and the rows after it are read") {
  const ssis::RuleSet rules = mini();
  std::string benefits = std::string(header) + "a,income_support,\"265440,2024-01-01\n";
  std::string households = household("a", 500000);
  for (int i = 0; i < 50; ++i) {
    households += household("h" + std::to_string(i), 500000);
    benefits += "h" + std::to_string(i) + ",income_support,265440,2024-01-01\n";
  }
  const Run result = run(rules, households, benefits);
  CHECK(result.summary.benefits_read == 50);
  CHECK(result.summary.total()[ssis::Finding::confirmed] == 50);
  const auto& error = only(result.sink.rows, "a", ssis::Finding::input_error);
  CHECK(error.reasons == "benefits.csv:2:1: a quoted field opened on this line is not closed before the end of the input");
  CHECK(result.summary.total()[ssis::Finding::input_error] == 1);

  // An over-long row: an error naming its line, and the rows after it are read.
  const Run long_row = run(rules, household("a", 500000) + household("b", 500000),
                           std::string(header) + "a,income_support,265440," + std::string(2'000'000, '2') +
                               "\nb,income_support,265440,2024-01-01\n");
  CHECK(only(long_row.sink.rows, "a", ssis::Finding::input_error).reasons == "benefits.csv:2:1: record longer than 1048576 bytes");
  CHECK(long_row.summary.total()[ssis::Finding::confirmed] == 1);

  // A household id with a control character is shown escaped.
  const Run absent = run(rules, household("b", 500000), std::string(header) + "\"g\x1bh\",income_support,1,2024-01-01\n");
  CHECK(only(absent.sink.rows, "g\x1bh", ssis::Finding::input_error).reasons ==
        "benefits.csv:2:1: household g\\u001Bh is not in the household input");
}

TEST_CASE("a household that cannot be evaluated turns each of its benefits into an error row") {
  const ssis::RuleSet rules = mini();
  const std::string households = household("ok", 500000) + "{\"id\": \"bad\", \"region\": \"nowhere\", \"members\": []}\n" +
                                 household("ok", 500000);
  const Run result = run(rules, households, std::string(header) + "bad,income_support,1,2024-01-01\nbad,elder_care,2,2024-01-01\nok,income_support,265440,2024-01-01\n");
  std::size_t bad_rows = 0;
  for (const auto& row : result.sink.rows) {
    if (row.household_id != "bad") continue;
    ++bad_rows;
    CHECK(row.finding == ssis::Finding::input_error);
    CHECK(row.reasons.find("households: line 2") == 0);
  }
  CHECK(bad_rows == 2);
  // The repeated household "ok" (line 3) is reported, not compared twice.
  CHECK(result.summary.total()[ssis::Finding::confirmed] == 1);
  CHECK(result.summary.total()[ssis::Finding::input_error] == 3);
  CHECK(result.summary.households_read == 3);
  CHECK(result.summary.households_evaluated == 1);
}

TEST_CASE("a planted Korean scenario yields exactly the planted findings, on any thread count and block size") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  const ssis::Date on = *ssis::Date::parse("2025-09-24");
  ssis::population::KrPopulation population(11, on);
  ssis::population::KrBeneficiaries scenario(rules, 11, on);
  std::ostringstream households;
  std::ostringstream benefits;
  ssis::population::write_benefits_header(benefits, rules);
  for (int i = 0; i < 1500; ++i) {
    const ssis::Household h = population.next();
    ssis::population::write_json_line(households, h);
    ssis::population::write_benefits(benefits, rules, h.id, scenario.assign(h));
  }
  for (const auto& row : scenario.bad_rows(12, "h1")) benefits << row << '\n';
  const ssis::FindingTally& expected = scenario.expected();
  for (ssis::Finding planted : {ssis::Finding::overpaid, ssis::Finding::underpaid, ssis::Finding::no_longer_eligible,
                                ssis::Finding::undetermined, ssis::Finding::overlap, ssis::Finding::blind_spot})
    CHECK(expected[planted] > 0);  // the scenario plants every kind

  for (auto [threads, block] : {std::pair{1u, std::size_t{7}}, std::pair{2u, std::size_t{1024}}}) {
    CAPTURE(threads);
    std::istringstream households_input(households.str());
    std::istringstream benefits_input(benefits.str());
    ssis::BenefitIndex index = ssis::read_benefits_csv(benefits_input, "benefits.csv", rules, on);
    auto source = ssis::json_lines_source(households_input);
    CollectingSink sink;
    ssis::ReverifyOptions options;
    options.date = on;
    options.threads = threads;
    options.block_size = block;
    const ssis::ReverifySummary summary = ssis::reverify(rules, *source, index, sink, options);
    const ssis::FindingTally total = summary.total();
    CHECK(total.count == expected.count);
    CHECK(total.paid_to_no_longer_eligible == expected.paid_to_no_longer_eligible);
    CHECK(total.overpaid == expected.overpaid);
    CHECK(total.underpaid == expected.underpaid);
    CHECK(total.blind_spot_computed == expected.blind_spot_computed);
    CHECK(sink.rows.size() == std::accumulate(total.count.begin(), total.count.end(), std::size_t{0}));
    for (const auto& row : sink.rows) {
      if (row.finding == ssis::Finding::overlap) CHECK(row.reasons.find("the rules keep") != std::string::npos);
      if (row.finding == ssis::Finding::no_longer_eligible) CHECK(!row.reasons.empty());
    }
  }
}

TEST_CASE("money sums are exact beyond the range of one Decimal") {
  ssis::MoneySum sum;
  for (int i = 0; i < 3; ++i) sum.add(ssis::Decimal::from_raw(INT64_MAX));
  CHECK(sum.to_string() == "27670116110564.327421");
  sum.raw = -1;
  CHECK(sum.to_string() == "-0.000001");
}
