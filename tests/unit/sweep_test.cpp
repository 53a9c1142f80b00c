// Sweeps: every point decided as the single-household evaluator decides it; benefits, net
// income, marginal effective tax rates and cliffs worked out from those decisions.
#include <doctest/doctest.h>

#include <algorithm>

#include "io/json.hpp"
#include "ssis/columns.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/household_json.hpp"
#include "ssis/sweep.hpp"

namespace {

const ssis::Date day = *ssis::Date::parse("2025-03-01");

ssis::RuleSet bonus_rules() {
  ssis::LoadOptions options;
  options.reform = SSIS_TEST_DATA "/reforms/mini_flat_bonus.yaml";
  return ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini", options);
}

ssis::Household pensioner_couple() {
  return ssis::parse_households_json(
             R"({"id": "h1", "region": "capital", "members": [{"birth_date": "1950-01-01", "earned_income": 500000}, {"birth_date": "1955-03-02"}]})")
      .at(0);
}

ssis::Decimal money(std::int64_t whole) { return ssis::Decimal::from_raw(whole * ssis::Decimal::scale); }

std::string drops_of(const ssis::RuleSet& rules, const ssis::SweepPoint& point) {
  std::string out;
  for (const auto& d : point.drops) out += rules.programmes()[d.programme].id + " " + d.monthly_drop.to_string() + ";";
  return out;
}

}  // namespace

TEST_CASE("a sweep of earnings finds the cliff where a flat benefit stops, and the programmes responsible") {
  const ssis::RuleSet rules = bonus_rules();
  const auto result = ssis::sweep(rules, pensioner_couple(), {ssis::parse_sweep_axis("members[0].earned_income=0:1000000:250000")},
                                  {.date = day});
  REQUIRE(result.points.size() == 5);
  CHECK(result.income_fields == std::vector<std::string>{"earned_income"});
  // Income support pays threshold - income + 1,000 (1,258,451 + 1,000, rounded down to 10);
  // the flat bonus 300,000 up to 600,000 of earnings.
  const std::int64_t expected_benefits[] = {1'559'450, 1'309'450, 1'059'450, 509'450, 259'450};
  for (std::size_t i = 0; i < 5; ++i) {
    CAPTURE(i);
    CHECK(result.points[i].values[0] == money(static_cast<std::int64_t>(i) * 250'000));
    CHECK(result.points[i].own_income == money(static_cast<std::int64_t>(i) * 250'000));
    CHECK(result.points[i].benefits == money(expected_benefits[i]));
    CHECK(result.points[i].net_income.raw() == result.points[i].own_income.raw() + result.points[i].benefits.raw());
  }
  CHECK_FALSE(result.points[0].marginal_effective_tax_rate);
  CHECK(*result.points[1].marginal_effective_tax_rate == money(1));
  CHECK_FALSE(result.points[2].cliff);
  CHECK(result.points[3].cliff);
  CHECK(result.points[3].marginal_effective_tax_rate->to_string() == "2.2");
  CHECK(drops_of(rules, result.points[3]) == "flat_bonus 300000;income_support 250000;");
  CHECK_FALSE(result.points[4].cliff);
  // The elder-care programme needs an assessment nobody gave: undetermined, so not counted.
  CHECK(result.points[0].undetermined == 1);
}

TEST_CASE("every point of a sweep is decided as the evaluator decides that household") {
  const ssis::RuleSet rules = bonus_rules();
  const auto result = ssis::sweep(rules, pensioner_couple(),
                                  {ssis::parse_sweep_axis("members[0].earned_income=0:900000:300000"),
                                   ssis::parse_sweep_axis("members[1].earned_income=0:600000:200000")},
                                  {.date = day});
  REQUIRE(result.points.size() == 16);
  ssis::Evaluator evaluator(rules);
  for (std::size_t i = 0; i < result.points.size(); ++i) {
    CAPTURE(i);
    ssis::Household h = pensioner_couple();
    h.members[0].set("earned_income", result.points[i].values[0]);
    h.members[1].set("earned_income", result.points[i].values[1]);
    CHECK(result.points[i].values[0] == money(static_cast<std::int64_t>(i % 4) * 300'000));
    CHECK(result.points[i].values[1] == money(static_cast<std::int64_t>(i / 4) * 200'000));
    CHECK(result.points[i].own_income.raw() == result.points[i].values[0].raw() + result.points[i].values[1].raw());
    const auto outcome = evaluator.evaluate(h, day);
    for (std::size_t p = 0; p < outcome.programmes.size(); ++p) {
      CHECK(result.outcomes.status_of(i, p) == outcome.programmes[p].status);
      if (outcome.programmes[p].amount.known()) CHECK(result.outcomes.amount[i * result.outcomes.programmes + p] == outcome.programmes[p].amount.raw);
    }
    // The rate is along the first axis only: none at its first step of each row.
    CHECK(result.points[i].marginal_effective_tax_rate.has_value() == (i % 4 != 0));
  }
}

TEST_CASE("a sweep follows the relations between programmes and names what net income leaves out") {
  const ssis::RuleSet rules = bonus_rules();
  ssis::Household h = pensioner_couple();
  h.members[0].set("needs_assessment", true);
  // Elder care is excluded by the flat bonus while that is paid, and pays rent_cap[capital, 1] after.
  const auto result = ssis::sweep(rules, h, {ssis::parse_sweep_axis("members[0].earned_income=500000:700000:200000")}, {.date = day});
  REQUIRE(result.points.size() == 2);
  CHECK(result.points[0].eligible == 2);
  CHECK(result.points[1].eligible == 2);
  CHECK(result.points[1].benefits == money(559'450 + 352'000));
  CHECK(result.outcomes.status_of(0, static_cast<std::size_t>(rules.programme_index("elder_care"))) == ssis::Status::ineligible);
  CHECK(std::string(ssis::SweepResult::leaves_out()).find("taxes") != std::string::npos);
  const std::string csv = ssis::sweep_csv(rules, result);
  CHECK(csv.starts_with("members[0].earned_income,own_income,benefits,net_income,marginal_effective_tax_rate,cliff,"));
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
  const auto json = ssis::detail::parse_json(ssis::sweep_json(rules, result, day));
  REQUIRE(json.kind == ssis::detail::JsonValue::Kind::object);
  const auto points = std::find_if(json.members.begin(), json.members.end(), [](const auto& m) { return m.key == "points"; });
  REQUIRE(points != json.members.end());
  CHECK(points->value.items.size() == 2);
}

TEST_CASE("bad sweeps are refused with the input's path") {
  const ssis::RuleSet rules = bonus_rules();
  const ssis::Household h = pensioner_couple();
  auto reason = [&](std::vector<std::string> texts, ssis::SweepOptions options = {.date = day}) -> std::string {
    try {
      std::vector<ssis::SweepAxis> axes;
      for (const auto& text : texts) axes.push_back(ssis::parse_sweep_axis(text));
      ssis::sweep(rules, h, axes, options);
    } catch (const ssis::InputError& e) {
      return e.path() + ": " + e.reason();
    }
    return "accepted";
  };
  CHECK(reason({"members[0].earned_incme=0:10:1"}) == "members[0].earned_incme: 'earned_incme' is not a member field of the rule set");
  CHECK(reason({"earned_income=0:10:1"}) == "earned_income: 'earned_income' is a member field: write members[N].earned_income");
  CHECK(reason({"members[2].earned_income=0:10:1"}) == "members[2].earned_income: the household has 2 member(s), numbered from 0");
  CHECK(reason({"members[x].earned_income=0:10:1"}).find("not a field path") != std::string::npos);
  CHECK(reason({"region=0:1:1"}) == "region: the field is of type region; only numeric fields can vary");
  CHECK(reason({"members[0].earned_income=0:10"}).find("not FROM:TO:STEP") != std::string::npos);
  CHECK(reason({"members[0].earned_income=0:10:1:2"}).find("not FROM:TO:STEP") != std::string::npos);
  CHECK(reason({"members[0].earned_income=a:10:1"}) ==
        "members[0].earned_income: 'a' is not a number (at most 6 decimal places, |x| < 9.2e12)");
  CHECK(reason({"members[0].earned_income=0:99999999999999:1"}).find("'99999999999999' is not a number") != std::string::npos);
  CHECK(reason({"members[0].earned_income=0:10:0"}) == "members[0].earned_income: the step 0 is not positive");
  CHECK(reason({"members[0].earned_income=10:0:1"}) == "members[0].earned_income: the range ends (0) before it starts (10)");
  CHECK(reason({"members[0].earned_income"}) == "--vary: 'members[0].earned_income' is not PATH=FROM:TO:STEP");
  CHECK(reason({"members[0].earned_income=-10:10:10"}).find("-10") != std::string::npos);
  CHECK(reason({"members[0].earned_income=0:10:1", "members[0].earned_income=0:10:1"}).find("varies twice") != std::string::npos);
  CHECK(reason({"members[0].earned_income=0:10:1", "members[00].earned_income=0:10:1"}).find("varies twice") != std::string::npos);
  CHECK(reason({"members[0].earned_income=0:1000000:1"}).find("more than 100000 points") != std::string::npos);
  CHECK(reason({}) == "--vary: a sweep needs at least one input to vary");
  CHECK(reason({"members[0].earned_income=0:10:1"}, {.date = day, .income_fields = {"region"}}) ==
        "--income: 'region' is of type region, not money");
  CHECK(reason({"members[0].earned_income=0:10:1"}, {.date = day, .income_fields = {"salary"}}) ==
        "--income: 'salary' is not a field of the rule set");
}

TEST_CASE("a sweep of many points gives every array of the outcomes that one table of all its households gives") {
  // 1,230 points: several tables of points, the last one partly filled; two programmes
  // assessed per member.
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/units");
  const ssis::Household household = ssis::parse_households_json(R"({"id": "u", "members": [
      {"birth_date": "1975-01-01", "relation": "head", "income": 2000000, "occupational_pension": false},
      {"birth_date": "1948-01-01", "relation": "parent", "income": 300000},
      {"birth_date": "2000-01-01", "relation": "child", "disabled": true}]})")
                                        .at(0);
  const ssis::Date date = *ssis::Date::parse("2025-06-01");
  const auto result = ssis::sweep(rules, household,
                                  {ssis::parse_sweep_axis("members[1].income=0:2900000:100000"),
                                   ssis::parse_sweep_axis("members[0].income=0:4000000:100000")},
                                  {.date = date, .threads = 2});
  REQUIRE(result.points.size() == 30 * 41);
  ssis::HouseholdColumns table(rules);
  for (const ssis::SweepPoint& point : result.points) {
    ssis::Household h = household;
    h.members[1].set("income", point.values[0]);
    h.members[0].set("income", point.values[1]);
    table.append(h);
  }
  const ssis::ColumnOutcomes expected = ssis::evaluate_columns(rules, table, {.date = date, .threads = 1});
  const ssis::ColumnOutcomes& got = result.outcomes;
  CHECK(got.households == expected.households);
  CHECK(got.programmes == expected.programmes);
  CHECK(got.status == expected.status);
  CHECK(got.amount_knowledge == expected.amount_knowledge);
  CHECK(got.amount == expected.amount);
  CHECK(got.input_errors == expected.input_errors);
  CHECK(got.member_programmes == expected.member_programmes);
  CHECK(got.member_offsets == expected.member_offsets);
  CHECK(got.unit_assessed == expected.unit_assessed);
  CHECK(got.unit_status == expected.unit_status);
  CHECK(got.unit_amount_knowledge == expected.unit_amount_knowledge);
  CHECK(got.unit_amount == expected.unit_amount);
  CHECK_FALSE(got.member_programmes.empty());
  // Each point's counts and benefits come from its own decisions, across the tables' seams
  // (the units rule set pays by the month or once; a one-off amount counts in no month).
  for (std::size_t i = 0; i < result.points.size(); ++i) {
    CAPTURE(i);
    const ssis::SweepPoint& point = result.points[i];
    std::size_t eligible = 0, undetermined = 0;
    std::int64_t benefits = 0;
    for (std::size_t p = 0; p < got.programmes; ++p) {
      const std::size_t at = i * got.programmes + p;
      eligible += got.status[at] == ssis::Status::eligible;
      undetermined += got.status[at] == ssis::Status::undetermined;
      if (got.status[at] == ssis::Status::eligible && got.amount_knowledge[at] == ssis::Knowledge::known &&
          rules.programmes()[p].amount_period == ssis::AmountPeriod::month)
        benefits += got.amount[at];
    }
    REQUIRE(point.eligible == eligible);
    REQUIRE(point.undetermined == undetermined);
    REQUIRE(point.benefits.raw() == benefits);
    REQUIRE(point.net_income.raw() == point.own_income.raw() + benefits);
    if (i % 30 == 0) continue;  // the first step of the first axis: no rate
    REQUIRE(point.marginal_effective_tax_rate.has_value());
    const std::int64_t change = benefits - result.points[i - 1].benefits.raw();
    CHECK(point.marginal_effective_tax_rate->raw() == -change * ssis::Decimal::scale / (100'000 * ssis::Decimal::scale));
  }
  // The points differ: some programme's status changes along the grid.
  CHECK(std::count(got.status.begin(), got.status.end(), ssis::Status::eligible) > 0);
  CHECK(std::count(got.status.begin(), got.status.end(), ssis::Status::ineligible) > 0);
}
