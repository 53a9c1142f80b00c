// The compiled plan computes each distinct instruction once: expressions that compute the
// same (same operation, operands, constant and list) share one register, and any difference
// keeps them apart.
#include <doctest/doctest.h>

#include "model/rule_model.hpp"
#include "rule_fixture.hpp"

namespace {

std::string programme(const std::string& id, const std::string& condition) {
  return "programme:\n  id: " + id + "\n  name: {en: " + id + "}\n  criteria:\n    - id: c\n      condition: \"" +
         condition + "\"\n";
}

}  // namespace

TEST_CASE("expressions computing the same share one register of the plan") {
  auto result = test_support::load_with({
      {"a.yaml", programme("a", "sum(members, income) < 1000000")},
      {"b.yaml", programme("b", "sum(members, income) < 1000000")},
      {"c.yaml", programme("c", "sum(members, income) < 2000000")},
      {"d.yaml", programme("d", "region in ['capital', 'city']")},
      {"e.yaml", programme("e", "region in ['capital', 'city']")},
      {"f.yaml", programme("f", "region in ['capital', 'rural']")},
  });
  REQUIRE(result.rules);
  const ssis::detail::Plan& plan = ssis::detail::model_of(*result.rules).plan;
  auto criterion = [&](std::size_t p) { return plan.programmes.at(p).criteria.at(0); };
  CHECK(criterion(0) == criterion(1));  // the same condition
  CHECK(criterion(0) != criterion(2));  // another constant
  CHECK(criterion(3) == criterion(4));  // the same list
  CHECK(criterion(3) != criterion(5));  // another list
  // the sum is computed once for a, b and c
  const auto& code = plan.code;
  const auto& sum_of = [&](std::int32_t comparison) { return code.at(static_cast<std::size_t>(comparison)).a; };
  CHECK(sum_of(criterion(0)) == sum_of(criterion(2)));
  CHECK(plan.code.size() < plan.instructions_before_sharing);
}
