#pragma once
// Which programmes of a rule set are assessed per member: outputs add member columns and
// rows only for rule sets that have some, so that the others' outputs stay as they were.
#include <algorithm>

#include "ssis/rule_set.hpp"

namespace ssis::detail {

inline std::size_t member_programme_count(const RuleSet& rules) {
  return static_cast<std::size_t>(std::count_if(rules.programmes().begin(), rules.programmes().end(),
                                                [](const ProgrammeInfo& p) { return p.unit == ProgrammeUnit::member; }));
}

}  // namespace ssis::detail
