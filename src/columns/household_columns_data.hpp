#pragma once
// What HouseholdColumns holds: every household in one block of columns, and the first
// problem found in each household's values.
#include <string>
#include <vector>

#include "eval/block.hpp"
#include "ssis/columns.hpp"

namespace ssis {

struct HouseholdColumns::Data {
  RuleSet rules;
  detail::Block block;
  std::vector<std::string> problems;  // per household: "" or the first problem, with its path
};

}  // namespace ssis
