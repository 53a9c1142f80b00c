#pragma once
// Writes the plan of a rule set's criteria and amounts as C++ (see ssis/compiled_rules.hpp):
// one function that decides households one after the other, every register a local value,
// member-level computations in loops over the household's members, parameters that do not
// depend on the household read once per call. A large plan is cut into segments, each run
// over all the households of a call in turn, so that its machine code stays in the
// instruction cache; values read across segments are kept in a scratch array.
#include <string>
#include <string_view>

#include "model/rule_model.hpp"

namespace ssis::detail {

/// The C++ source for `model`; `symbol` names the CompiledRules object it defines (a C++
/// identifier).
std::string generate_cpp(const RuleModel& model, std::string_view symbol);

}  // namespace ssis::detail
