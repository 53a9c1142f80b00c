// Data minimisation (ssis/data_needs.hpp): the fields each programme can read, on the rule
// set of the next questions (tests/data/questions) and on tests/data/units with its relations.
#include <doctest/doctest.h>

#include <algorithm>

#include "ssis/data_needs.hpp"

namespace {

std::vector<std::string> names(const ssis::RuleSet& rules, std::string_view programme) {
  std::vector<std::string> out;
  for (const ssis::FieldInfo* f : ssis::fields_read(rules, static_cast<std::size_t>(rules.programme_index(programme))))
    out.push_back((f->level == ssis::Level::member ? "members[]." : "") + f->name);
  return out;
}

}  // namespace

TEST_CASE("fields read: exactly the fields behind a programme's criteria and amount") {
  const auto rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/questions");
  CHECK(names(rules, "housing_a") == std::vector<std::string>{"income", "rent"});
  CHECK(names(rules, "housing_b") == std::vector<std::string>{"income", "owns_home"});
  CHECK(names(rules, "disability_aid") == std::vector<std::string>{"members[].disabled"});
  CHECK(ssis::fields_read(rules, static_cast<std::size_t>(rules.programme_index("housing_a")))[0]->source_agency == "Test Revenue Office");
}

TEST_CASE("fields read: a relation's other programmes count, as their decisions change this one's") {
  const auto rules = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/units");
  REQUIRE_FALSE(rules.relations().empty());
  for (const auto& relation : rules.relations()) {
    const auto first = names(rules, relation.programmes.front());
    for (const auto* group : {&relation.programmes, &relation.required})
      for (const std::string& other : *group)
        for (const std::string& field : names(rules, other))
          CHECK_MESSAGE(std::find(first.begin(), first.end(), field) != first.end(), relation.id, " ", other, " ", field);
  }
}
