#pragma once
// `ssis check`, `ssis test`, `ssis schema` and `ssis compile`: what is done with a rule set alone.
#include <optional>
#include <string>

#include "ssis/rule_set.hpp"

namespace ssis::cli {

/// The options of loading, with the reform file `reform_path` applied when it is not empty.
LoadOptions load_options(const std::string& reform_path);
/// Loads a rule set (with a reform when `reform_path` is not empty) and prints its
/// diagnostics to standard error; nothing if it has errors.
std::optional<RuleSet> load_rules(const std::string& rules_path, const std::string& reform_path = {});

/// Prints the diagnostics and a one-line summary; 1 when the rule set (or the reform) has errors.
int check(const std::string& rules_path, const std::string& reform_path);
/// Runs the rule set's tests whose name contains `filter`; 1 when one fails.
int test(const std::string& rules_path, const std::string& filter);
/// Documents the input fields: as text, or (`format` "json-schema") as a JSON Schema.
int schema(const std::string& rules_path, const std::string& format);
/// Writes the rule set as C++ (ssis/compiled_rules.hpp) defining `symbol`, by default
/// ssis_compiled_<id>, to `output` ("-": standard output); 2 when `symbol` is not a C++
/// identifier or the file cannot be written.
int compile(const std::string& rules_path, const std::string& output, std::string symbol);

}  // namespace ssis::cli
