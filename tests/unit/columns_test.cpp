// Households as columns: built from records or from raw arrays, checked like records, and
// evaluated to the same decisions as the single-household evaluator.
#include <doctest/doctest.h>

#include <limits>
#include <stdexcept>
#include <tuple>

#include "population/kr_population.hpp"
#include "rule_fixture.hpp"
#include "seeded_choices.hpp"
#include "ssis/columns.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"

using test_support::load_with;

namespace {

const ssis::Date day = *ssis::Date::parse("2025-01-01");

const char* low_income = R"(programme:
  id: low_income
  name: {en: Low income}
  criteria:
    - id: income
      condition: sum(members, income) < 1000000
    - id: rent
      condition: rent > 0
  amount:
    formula: 1000000 - sum(members, income)
)";

const char* regional = R"(programme:
  id: regional
  name: {en: Regional}
  criteria:
    - id: outside_capital
      condition: region != 'capital' and any(members, disabled)
)";

ssis::RuleSet fixture() {
  auto result = load_with({{"a.yaml", low_income}, {"b.yaml", regional}});
  if (!result.rules) FAIL(ssis::format(result.diagnostics));
  return std::move(*result.rules);
}

std::int64_t money(std::int64_t won) { return won * ssis::Decimal::scale; }

}  // namespace

TEST_CASE("columns set from raw arrays give the decisions of the same households as records") {
  const ssis::RuleSet rules = fixture();
  const std::vector<std::uint32_t> members = {1, 2, 0};
  ssis::HouseholdColumns columns(rules, members);
  REQUIRE(columns.households() == 3);
  REQUIRE(columns.members() == 3);
  columns.set("region", std::vector<std::int64_t>{0, 2, 1});
  columns.set("rent", std::vector<std::int64_t>{money(300000), 0, money(10)}, std::vector<std::uint8_t>{1, 1, 0});
  const std::int64_t born = ssis::Date::parse("1980-01-01")->days();
  columns.set("birth_date", std::vector<std::int64_t>{born, born, born});
  columns.set("income", std::vector<std::int64_t>{money(200000), money(900000), money(50000)});
  columns.set("disabled", std::vector<std::int64_t>{0, 0, 1}, std::vector<std::uint8_t>{1, 0, 1});

  ssis::ColumnOptions options;
  options.date = day;
  const ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, columns, options);
  REQUIRE(out.households == 3);
  REQUIRE(out.programmes == 2);
  CHECK(out.input_errors[0].empty());
  CHECK(out.input_errors[1].empty());
  // Household 0: income 200,000 and rent 300,000; capital.
  CHECK(out.status_of(0, 0) == ssis::Status::eligible);
  CHECK(out.amount[0] == money(800000));
  CHECK(out.status_of(0, 1) == ssis::Status::ineligible);
  // Household 1: income 950,000 but no rent; rural, one member disabled, one not known.
  CHECK(out.status_of(1, 0) == ssis::Status::ineligible);
  CHECK(out.status_of(1, 1) == ssis::Status::eligible);
  // Household 2 has no members: an input error, as it is for the single-household evaluator.
  CHECK(out.input_errors[2] == "members: a household needs at least one member");
  CHECK(out.status_of(2, 0) == ssis::Status::error);
  CHECK(out.status_of(2, 1) == ssis::Status::error);

  // The same households as records, through the single-household evaluator.
  ssis::Evaluator evaluator(rules);
  std::vector<ssis::Household> records(3);
  const char* regions[] = {"capital", "rural", "city"};
  for (int h = 0; h < 3; ++h) records[h].set("region", std::string(regions[h]));
  records[0].set("rent", ssis::Decimal::from_raw(money(300000)));
  records[1].set("rent", ssis::Decimal::from_raw(0));
  auto add = [&](int h, std::int64_t income, std::optional<bool> disabled) {
    ssis::InputRecord m;
    m.set("birth_date", *ssis::Date::parse("1980-01-01"));
    m.set("income", ssis::Decimal::from_raw(income));
    if (disabled) m.set("disabled", *disabled);
    records[h].members.push_back(m);
  };
  add(0, money(200000), false);
  add(1, money(900000), std::nullopt);
  add(1, money(50000), true);
  for (std::size_t h = 0; h < 2; ++h) {
    const auto outcome = evaluator.evaluate(records[h], day);
    for (std::size_t p = 0; p < 2; ++p) CHECK(out.status_of(h, p) == outcome.programmes[p].status);
  }
  CHECK_THROWS_WITH_AS(evaluator.evaluate(records[2], day), "members: a household needs at least one member", ssis::InputError);
}

TEST_CASE("values that do not fit, and required fields left missing, make their household an input error") {
  const ssis::RuleSet rules = fixture();
  const std::vector<std::uint32_t> members = {1, 2, 1, 1};
  ssis::HouseholdColumns columns(rules, members);
  columns.set("region", std::vector<std::int64_t>{0, 7, 1, 1});
  columns.set("rent", std::vector<std::int64_t>{0, 0, money(-5), 0});
  const std::int64_t born = ssis::Date::parse("1980-01-01")->days();
  columns.set("birth_date", std::vector<std::int64_t>{born, born, born, born, 0}, std::vector<std::uint8_t>{1, 1, 1, 1, 0});
  columns.set("disabled", std::vector<std::int64_t>{0, 2, 0, 0, 0});

  ssis::ColumnOptions options;
  options.date = day;
  const ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, columns, options);
  CHECK(out.input_errors[0].empty());
  CHECK(out.input_errors[1] == "region: 7 is not the index of a value of region (0 to 2)");
  CHECK(out.input_errors[2] == "rent: -5 is below the minimum 0");
  CHECK(out.input_errors[3] == "members[0].birth_date: is required but missing");
  for (std::size_t h = 1; h < 4; ++h)
    for (std::size_t p = 0; p < 2; ++p) CHECK(out.status_of(h, p) == ssis::Status::error);
  CHECK(out.status_of(0, 0) != ssis::Status::error);
}

TEST_CASE("columns set from record values convert them as records do") {
  const ssis::RuleSet rules = fixture();
  ssis::HouseholdColumns columns(rules, std::vector<std::uint32_t>{1, 1, 1});
  using V = ssis::InputValue;
  columns.set("region", std::vector<V>{V(std::string("rural")), V(std::string("mars")), V(std::string("capital"))});
  columns.set("rent", std::vector<V>{V(ssis::Decimal::from_raw(money(1))), V(std::monostate{}), V(std::string("lots"))});
  columns.set("birth_date", std::vector<V>(3, V(*ssis::Date::parse("1990-05-05"))));
  columns.set("disabled", std::vector<V>{V(true), V(false), V(false)});
  const ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, columns, {day, 1, 0});
  CHECK(out.input_errors[0].empty());
  CHECK(out.input_errors[1].starts_with("region: "));
  CHECK(out.input_errors[2].starts_with("rent: "));
  CHECK(out.status_of(0, 1) == ssis::Status::eligible);
  CHECK(out.status_of(0, 0) == ssis::Status::eligible);
}

TEST_CASE("booleans, dates and empty tables") {
  const ssis::RuleSet rules = fixture();
  ssis::HouseholdColumns columns(rules, std::vector<std::uint32_t>{1, 1, 1});
  columns.set("region", std::vector<std::int64_t>{0, 0, 0});
  columns.set("birth_date", std::vector<std::int64_t>{0, -800'000, 3'000'000});
  columns.set("disabled", std::vector<std::int64_t>{1, 2, 0});
  const ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, columns, {day, 1, 0});
  CHECK(out.input_errors[0].empty());
  CHECK(out.input_errors[1] == "members[0].birth_date: -800000 days since 1970-01-01 is not a date of the years 1 to 9999");
  CHECK(out.input_errors[2] == "members[0].birth_date: 3000000 days since 1970-01-01 is not a date of the years 1 to 9999");

  const ssis::HouseholdColumns none(rules, std::vector<std::uint32_t>{});
  const ssis::ColumnOutcomes empty = ssis::evaluate_columns(rules, none, {day, 2, 0});
  CHECK(empty.households == 0);
  CHECK(empty.status.empty());
}

TEST_CASE("misuse of the columns is an error naming the field") {
  const ssis::RuleSet rules = fixture();
  ssis::HouseholdColumns columns(rules, std::vector<std::uint32_t>{1, 1});
  CHECK_THROWS_WITH_AS(columns.set("salary", std::vector<std::int64_t>{0, 0}), "salary: unknown field (see `ssis schema`)",
                       ssis::InputError);
  CHECK_THROWS_WITH_AS(columns.set("rent", std::vector<std::int64_t>{0}), "rent: 1 values for 2 households", ssis::InputError);
  CHECK_THROWS_AS(columns.set("income", std::vector<std::int64_t>{0, 0}, std::vector<std::uint8_t>{1}), ssis::InputError);
  CHECK_THROWS_AS(columns.set_ids({"only one"}), ssis::InputError);

  ssis::HouseholdColumns records(rules);
  ssis::Household bad;
  bad.set("region", std::string("mars"));
  CHECK_THROWS_AS(records.append(bad), ssis::InputError);
  CHECK(records.households() == 0);

  // A rule set of other input fields cannot decide the table; one of the same fields can.
  auto other = load_with({{"a.yaml", low_income}, {"more_fields.yaml", "schema:\n  household:\n    tenure_years: {type: int}\n"}});
  REQUIRE(other.rules);
  ssis::ColumnOptions options;
  options.date = day;
  CHECK_THROWS_AS(ssis::evaluate_columns(*other.rules, columns, options), std::invalid_argument);
  auto same_fields = load_with({{"a.yaml", low_income}});
  REQUIRE(same_fields.rules);
  CHECK_NOTHROW(ssis::evaluate_columns(*same_fields.rules, columns, options));
}

TEST_CASE("rules/kr over columns equals the single-household evaluator, any block size and thread count") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  const ssis::Date date = *ssis::Date::parse("2025-09-24");
  const auto households = ssis::population::KrPopulation(23, date).take(1'500);
  ssis::HouseholdColumns columns(rules);
  for (const auto& h : households) columns.append(h);
  REQUIRE(columns.households() == households.size());

  ssis::Evaluator single(rules);
  std::vector<ssis::HouseholdOutcome> reference;
  for (const auto& h : households) reference.push_back(single.evaluate(h, date));

  // Outcomes written into arrays of an earlier call: larger, and holding stale entries.
  ssis::ColumnOutcomes reused;
  const std::size_t stale = (households.size() + 7) * rules.programmes().size();
  reused.status.assign(stale, ssis::Status::eligible);
  reused.amount_knowledge.assign(stale, ssis::Knowledge::known);
  reused.amount.assign(stale, 123);
  reused.input_errors.assign(households.size() + 7, "stale");
  for (const auto& [block_size, threads, reuse] :
       std::vector<std::tuple<std::size_t, unsigned, bool>>{{1, 2, false}, {13, 1, true}, {0, 2, true}, {4096, 1, false}}) {
    INFO("block size ", block_size, ", threads ", threads, ", reused outcomes ", reuse);
    if (reuse) ssis::evaluate_columns(rules, columns, {date, threads, block_size}, reused);
    const ssis::ColumnOutcomes out = reuse ? reused : ssis::evaluate_columns(rules, columns, {date, threads, block_size});
    REQUIRE(out.status.size() == households.size() * out.programmes);
    REQUIRE(out.input_errors.size() == households.size());
    REQUIRE(out.households == households.size());
    for (std::size_t h = 0; h < households.size(); ++h) {
      REQUIRE(out.input_errors[h].empty());
      for (std::size_t p = 0; p < out.programmes; ++p) {
        const auto& expected = reference[h].programmes[p];
        REQUIRE(out.status_of(h, p) == expected.status);
        REQUIRE(out.amount_knowledge[h * out.programmes + p] == expected.amount.knowledge);
        if (expected.amount.known()) REQUIRE(out.amount[h * out.programmes + p] == expected.amount.raw);
      }
    }
  }
}

TEST_CASE("members folded into their households: any size, unknown values, sums up to the limit and past it") {
  const auto programme = [](const std::string& id, const std::string& condition, const std::string& amount) {
    std::string text = "programme:\n  id: " + id + "\n  name: {en: " + id + "}\n  criteria:\n    - id: holds\n      condition: " + condition + "\n";
    if (!amount.empty()) text += "  amount:\n    formula: " + amount + "\n";
    return text;
  };
  auto loaded = load_with({{"a.yaml", programme("any_disabled", "any(members, disabled)", "")},
                           {"b.yaml", programme("all_disabled", "all(members, disabled)", "")},
                           {"c.yaml", programme("two_disabled", "count(members, disabled) >= 2", "")},
                           {"d.yaml", programme("total_income", "sum(members, income) >= 0", "sum(members, income)")}});
  if (!loaded.rules) FAIL(ssis::format(loaded.diagnostics));
  const ssis::RuleSet& rules = *loaded.rules;
  constexpr std::int64_t most = std::numeric_limits<std::int64_t>::max();
  // Incomes in whole won (amounts are rounded to them), some so large that a household's
  // running total may overflow, or come close to it.
  const std::int64_t half = most / 2 / ssis::Decimal::scale * ssis::Decimal::scale;
  const std::int64_t third = most / 3 / ssis::Decimal::scale * ssis::Decimal::scale;
  test_support::Choices choose(11);
  std::vector<std::uint32_t> sizes;
  for (std::size_t h = 0; h < 400; ++h) sizes.push_back(static_cast<std::uint32_t>(1 + (h % 20)));
  ssis::HouseholdColumns columns(rules, sizes);
  std::vector<std::int64_t> disabled, income;
  std::vector<std::uint8_t> disabled_given, income_given;
  for (std::size_t m = 0; m < columns.members(); ++m) {
    disabled.push_back(static_cast<std::int64_t>(choose.below(2)));
    disabled_given.push_back(choose.below(8) != 0);
    const std::size_t kind = choose.below(40);
    income.push_back(kind == 0 ? half : kind == 1 ? third : money(static_cast<std::int64_t>(choose.below(5'000'000))));
    income_given.push_back(choose.below(16) != 0);
  }
  columns.set("region", std::vector<std::int64_t>(sizes.size(), 0));
  columns.set("birth_date", std::vector<std::int64_t>(columns.members(), ssis::Date::parse("1980-01-01")->days()));
  columns.set("disabled", disabled, disabled_given);
  columns.set("income", income, income_given);

  // What each programme decides, worked out member by member.
  struct Expected {
    ssis::Status any, all, two, total;
    std::int64_t amount = 0;
  };
  std::vector<Expected> expected;
  std::size_t first = 0, overflowing = 0, near_the_limit = 0;
  for (const std::uint32_t size : sizes) {
    bool some_true = false, some_false = false, some_unknown = false, income_unknown = false, overflow = false;
    std::size_t known_true = 0;
    std::int64_t total = 0;
    for (std::size_t m = first; m < first + size; ++m) {
      if (!disabled_given[m]) some_unknown = true;
      else if (disabled[m] != 0) some_true = true, ++known_true;
      else some_false = true;
      if (!income_given[m]) income_unknown = true;
      else overflow = overflow || __builtin_add_overflow(total, income[m], &total);
    }
    first += size;
    using S = ssis::Status;
    const auto three_valued = [](bool holds, bool fails) { return holds ? S::eligible : fails ? S::ineligible : S::undetermined; };
    Expected e{three_valued(some_true, !some_unknown), three_valued(!some_false && !some_unknown, some_false),
               some_unknown ? S::undetermined : known_true >= 2 ? S::eligible : S::ineligible,
               overflow ? S::error : income_unknown ? S::undetermined : S::eligible, total};
    overflowing += overflow;
    near_the_limit += !overflow && total > third;
    expected.push_back(e);
  }
  REQUIRE(overflowing > 10);
  REQUIRE(near_the_limit > 10);

  for (const std::size_t block_size : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{0}}) {
    INFO("block size ", block_size);
    const ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, columns, {day, 1, block_size, ssis::ColumnEngine::interpreter});
    for (std::size_t h = 0; h < sizes.size(); ++h) {
      INFO("household ", h, " of ", sizes[h], " members");
      REQUIRE(out.input_errors[h].empty());
      CHECK(out.status_of(h, 0) == expected[h].any);
      CHECK(out.status_of(h, 1) == expected[h].all);
      CHECK(out.status_of(h, 2) == expected[h].two);
      CHECK(out.status_of(h, 3) == expected[h].total);
      if (expected[h].total == ssis::Status::eligible) CHECK(out.amount[h * out.programmes + 3] == expected[h].amount);
    }
  }
}

TEST_CASE("copies of a household appended at once are the rows that appending it again and again gives") {
  const ssis::RuleSet rules = fixture();
  ssis::Household household;
  household.id = "h";
  household.set("region", std::string("city"));
  for (const std::int64_t income : {300000, 200000}) {
    ssis::InputRecord m;
    m.set("birth_date", *ssis::Date::parse("1980-01-01"));
    m.set("income", ssis::Decimal::from_raw(money(income)));
    household.members.push_back(m);
  }
  household.members[1].set("disabled", true);
  ssis::Household other = household;
  other.members.pop_back();
  other.set("rent", ssis::Decimal::from_raw(money(10)));

  ssis::HouseholdColumns copied(rules), appended(rules);
  copied.append(other);
  copied.append(household, 0);  // nothing
  copied.append(household, 5);
  copied.append(other, 1);
  appended.append(other);
  for (int i = 0; i < 5; ++i) appended.append(household);
  appended.append(other);
  REQUIRE(copied.households() == 7);
  CHECK(copied.members() == appended.members());
  CHECK(copied.ids() == appended.ids());
  // Varying one field of the copies afterwards reaches each copy alone.
  const std::vector<std::int64_t> incomes = {money(1), money(2), money(3), money(4), money(5), money(6), money(7), money(8),
                                             money(9), money(10), money(11), money(12)};
  copied.set("income", incomes);
  appended.set("income", incomes);
  const ssis::ColumnOutcomes a = ssis::evaluate_columns(rules, copied, {.date = day});
  const ssis::ColumnOutcomes b = ssis::evaluate_columns(rules, appended, {.date = day});
  CHECK(a.status == b.status);
  CHECK(a.amount == b.amount);
  CHECK(a.amount[1 * a.programmes] != a.amount[2 * a.programmes]);  // the copies' amounts follow their own incomes
  CHECK(a.input_errors == b.input_errors);
  ssis::Household bad = household;
  bad.members[0].set("income", std::string("lots"));
  CHECK_THROWS_AS(copied.append(bad, 3), ssis::InputError);
  CHECK(copied.households() == 7);  // unchanged
  CHECK_THROWS_AS(copied.append(household, std::size_t{1} << 62), std::length_error);  // refused before anything is allocated
  CHECK_THROWS_AS(copied.append(household, std::size_t{3'000'000'000}), std::length_error);
  CHECK(copied.households() == 7);
}

TEST_CASE("a table of some households of another holds their values, ids and input problems, in the order asked") {
  const ssis::RuleSet rules = fixture();
  const std::vector<std::uint32_t> members = {1, 2, 1, 3};
  ssis::HouseholdColumns table(rules, members);
  table.set_ids({"a", "b", "c", "d"});
  table.set("region", std::vector<std::int64_t>{0, 1, 7, 2});  // c: no such region
  table.set("rent", std::vector<std::int64_t>{money(10), 0, 0, money(20)});
  const std::int64_t born = ssis::Date::parse("1980-01-01")->days();
  table.set("birth_date", std::vector<std::int64_t>(7, born));
  table.set("income", std::vector<std::int64_t>{money(1), money(2), money(3), money(4), money(5), money(6), money(7)});
  table.set("disabled", std::vector<std::int64_t>{0, 0, 1, 0, 0, 1, 0});

  const std::vector<std::size_t> rows = {3, 0, 2, 3};
  const ssis::HouseholdColumns some = table.select(rows);
  CHECK(some.households() == 4);
  CHECK(some.members() == 8);
  CHECK(some.ids() == std::vector<std::string>{"d", "a", "c", "d"});
  const ssis::ColumnOutcomes all = ssis::evaluate_columns(rules, table, {.date = day});
  const ssis::ColumnOutcomes out = ssis::evaluate_columns(rules, some, {.date = day});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    CHECK(out.input_errors[i] == all.input_errors[rows[i]]);
    for (std::size_t p = 0; p < out.programmes; ++p) {
      CHECK(out.status_of(i, p) == all.status_of(rows[i], p));
      CHECK(out.amount[i * out.programmes + p] == all.amount[rows[i] * all.programmes + p]);
    }
  }
  CHECK(!out.input_errors[2].empty());
  CHECK(out.status_of(0, 1) == ssis::Status::eligible);  // d: outside the capital, a member disabled
  CHECK(table.select(std::vector<std::size_t>{}).households() == 0);
  CHECK_THROWS_AS(table.select(std::vector<std::size_t>{4}), std::out_of_range);
}
