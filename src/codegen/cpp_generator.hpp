#pragma once
// Writes the plan of a rule set's criteria and amounts as C++ (see ssis/compiled_rules.hpp):
// one function that decides households one after the other, every register a local value,
// each member-level computation a loop over the household's members, parameters that do not
// depend on the household read once per call.
#include <string>
#include <string_view>

#include "model/rule_model.hpp"

namespace ssis::detail {

/// The C++ source for `model`; `symbol` names the CompiledRules object it defines (a C++
/// identifier).
std::string generate_cpp(const RuleModel& model, std::string_view symbol);

}  // namespace ssis::detail
