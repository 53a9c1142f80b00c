// Some programmes decided without the others: each exactly as the whole rule set decides it.
#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "population/kr_population.hpp"
#include "ssis/columns.hpp"
#include "ssis/programme_selection.hpp"

namespace {

const ssis::Date date = *ssis::Date::parse("2025-09-24");

const ssis::RuleSet& kr() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  return rules;
}

const ssis::HouseholdColumns& population() {
  static const ssis::HouseholdColumns columns = [] {
    ssis::HouseholdColumns table(kr());
    for (const auto& h : ssis::population::KrPopulation(31, date).take(1'200)) table.append(h);
    return table;
  }();
  return columns;
}

std::size_t index_of(const std::vector<std::size_t>& list, std::size_t value) {
  const auto found = std::find(list.begin(), list.end(), value);
  REQUIRE(found != list.end());
  return static_cast<std::size_t>(found - list.begin());
}

// Every decision of `part` equals the whole evaluation's decision of the same programme.
void check_same_decisions(const ssis::ColumnOutcomes& part, const ssis::ColumnOutcomes& whole) {
  REQUIRE(part.households == whole.households);
  REQUIRE(part.input_errors == whole.input_errors);
  for (std::size_t c = 0; c < part.programmes; ++c) {
    const std::size_t p = part.programme_indices[c];
    INFO("programme ", kr().programmes()[p].id);
    for (std::size_t h = 0; h < part.households; ++h) {
      REQUIRE(part.status_of(h, c) == whole.status_of(h, p));
      REQUIRE(part.amount_knowledge[h * part.programmes + c] == whole.amount_knowledge[h * whole.programmes + p]);
      REQUIRE(part.amount[h * part.programmes + c] == whole.amount[h * whole.programmes + p]);
    }
  }
  const std::size_t units = part.member_programmes.size();
  REQUIRE(part.member_offsets == whole.member_offsets);
  for (std::size_t k = 0; k < units; ++k) {
    const std::size_t w = index_of(whole.member_programmes, part.member_programmes[k]);
    index_of(part.programme_indices, part.member_programmes[k]);
    for (std::size_t m = 0; m < part.member_offsets.back(); ++m) {
      const std::size_t at = m * units + k;
      const std::size_t from = m * whole.member_programmes.size() + w;
      REQUIRE(part.unit_assessed[at] == whole.unit_assessed[from]);
      REQUIRE(part.unit_status[at] == whole.unit_status[from]);
      REQUIRE(part.unit_amount_knowledge[at] == whole.unit_amount_knowledge[from]);
      REQUIRE(part.unit_amount[at] == whole.unit_amount[from]);
    }
  }
}

std::vector<std::string> ids_of_selected(const ssis::ProgrammeSelection& selection) {
  std::vector<std::string> ids;
  for (const int p : selection.programmes()) ids.push_back(kr().programmes()[static_cast<std::size_t>(p)].id);
  return ids;
}

}  // namespace

TEST_CASE("a selection of rules/kr's programmes decides each as the whole rule set does") {
  const ssis::ColumnOutcomes whole = ssis::evaluate_columns(kr(), population(), {.date = date, .threads = 1});
  REQUIRE(whole.programme_indices.size() == kr().programmes().size());
  for (std::size_t p = 0; p < whole.programme_indices.size(); ++p) REQUIRE(whole.programme_indices[p] == p);

  std::string member_programme;
  for (const auto& info : kr().programmes())
    if (info.unit == ssis::ProgrammeUnit::member) member_programme = info.id;
  REQUIRE(!member_programme.empty());
  const ssis::RelationInfo& relation = kr().relations().front();
  const std::vector<std::vector<std::string>> choices = {
      {"nbls_livelihood"},
      {"basic_pension"},
      {member_programme, "nbls_housing_rent"},
      {relation.programmes.front()},
      {kr().programmes().back().id},
  };
  ssis::ColumnOutcomes reused;
  for (const auto& ids : choices) {
    const ssis::ProgrammeSelection selection(kr(), ids);
    INFO("selected ", ids.front());
    const std::vector<std::string> selected = ids_of_selected(selection);
    for (const std::string& id : ids) CHECK(std::find(selected.begin(), selected.end(), id) != selected.end());
    CHECK(std::is_sorted(selection.programmes().begin(), selection.programmes().end()));
    for (const auto& [block_size, threads] : std::vector<std::tuple<std::size_t, unsigned>>{{0, 1}, {7, 2}}) {
      ssis::ColumnOptions options{.date = date, .threads = threads, .block_size = block_size};
      options.programmes = selection;
      ssis::evaluate_columns(kr(), population(), options, reused);  // arrays of the last, larger or smaller, outcome
      CHECK(reused.programme_indices == std::vector<std::size_t>(selection.programmes().begin(), selection.programmes().end()));
      check_same_decisions(reused, whole);
    }
  }
}

TEST_CASE("a selection takes in every programme its relations tie it to, and computes less than the whole plan") {
  for (const ssis::RelationInfo& relation : kr().relations()) {
    INFO("relation ", relation.id);
    const ssis::ProgrammeSelection selection(kr(), std::vector<std::string>{relation.programmes.front()});
    const std::vector<std::string> selected = ids_of_selected(selection);
    for (const auto& group : {relation.programmes, relation.required})
      for (const std::string& id : group) CHECK(std::find(selected.begin(), selected.end(), id) != selected.end());
  }
  std::vector<std::string> all;
  for (const auto& info : kr().programmes()) all.push_back(info.id);
  const ssis::ProgrammeSelection every(kr(), all);
  CHECK(every.programmes().size() == all.size());
  const ssis::ProgrammeSelection livelihood(kr(), std::vector<std::string>{"nbls_livelihood"});
  CHECK(livelihood.programmes().size() < all.size());
  CHECK(livelihood.instructions() * 2 < every.instructions());
}

TEST_CASE("a selection refuses what it cannot decide") {
  CHECK_THROWS_AS(ssis::ProgrammeSelection(kr(), std::vector<std::string>{}), std::invalid_argument);
  CHECK_THROWS_WITH_AS(ssis::ProgrammeSelection(kr(), std::vector<std::string>{"nbls_livelihood", "no_such_programme"}),
                       "'no_such_programme' is not a programme of rule set 'kr'", std::invalid_argument);

  const ssis::RuleSet vn = ssis::RuleSet::load_or_throw(SSIS_RULES_VN);
  ssis::ColumnOptions options{.date = date, .threads = 1};
  options.programmes = ssis::ProgrammeSelection(vn, std::vector<std::string>{vn.programmes().front().id});
  CHECK_THROWS_AS(ssis::evaluate_columns(kr(), population(), options), std::invalid_argument);

  options.programmes = ssis::ProgrammeSelection(kr(), std::vector<std::string>{"nbls_livelihood"});
  options.engine = ssis::ColumnEngine::compiled;
  CHECK_THROWS_AS(ssis::evaluate_columns(kr(), population(), options), std::invalid_argument);
}
