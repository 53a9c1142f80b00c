#pragma once
/// Runs the tests written in a rule set (`tests:` sections): each household is evaluated
/// on its date and compared with the expected statuses, amounts, missing facts and values.
#include <string>
#include <vector>

#include "ssis/rule_set.hpp"

namespace ssis {

struct RuleTestFailure {
  std::string test;
  std::string file;
  int line = 0;
  std::vector<std::string> problems;
};

struct RuleTestReport {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::vector<RuleTestFailure> failures;
};

/// Runs every test whose name contains `filter` (all when empty).
RuleTestReport run_rule_tests(const RuleSet& rules, std::string_view filter = {});

}  // namespace ssis
