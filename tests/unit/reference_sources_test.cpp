// A rule set's top-level `sources/` holds the reference data its rules cite, not rules.
#include <doctest/doctest.h>

#include "rule_fixture.hpp"

using test_support::load_with;

namespace {

const char* reference_data = "median_income:\n  2025: {1: 2392013}\nnot_a_rule: [1, 2\n";

}  // namespace

TEST_CASE("the top-level sources directory is not read as rules") {
  auto result = load_with({{"sources/kr_means_test_parameters.yaml", reference_data}});
  if (!result.rules) MESSAGE(ssis::format(result.diagnostics));
  CHECK(result.rules);
  CHECK(result.diagnostics.empty());
}

TEST_CASE("a sources directory below the top is read as rules") {
  auto result = load_with({{"programmes/sources/p.yaml", reference_data}});
  REQUIRE_FALSE(result.rules);
  REQUIRE_FALSE(result.diagnostics.empty());
  CHECK(result.diagnostics[0].file.find("programmes/sources/p.yaml") != std::string::npos);
}
