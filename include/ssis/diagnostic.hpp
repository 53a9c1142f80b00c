#pragma once
/// Problems found in rule files. Loading collects every problem as data instead of
/// throwing at the first one, so an author sees all of them at once.
#include <string>
#include <string_view>
#include <vector>

namespace ssis {

/// Stable diagnostic codes. The numbers never change meaning; new codes are appended.
enum class DiagnosticCode : int {
  file_unreadable = 1,      ///< E001 a rule file or directory cannot be read
  yaml_syntax = 2,          ///< E002 the YAML itself is malformed
  unknown_key = 10,         ///< E010 a key that the section does not define
  missing_key = 11,         ///< E011 a required key is absent
  wrong_node_kind = 12,     ///< E012 a map, list or scalar was expected and something else found
  invalid_value = 13,       ///< E013 a scalar that is not a valid date, number, name, ...
  duplicate_name = 20,      ///< E020 a field, parameter, variable, programme, relation or test declared twice
  unknown_name = 21,        ///< E021 a name that nothing declares
  expression_syntax = 30,   ///< E030 an expression that does not parse
  expression_limit = 31,    ///< E031 an expression longer or deeper than the limits
  type_mismatch = 40,       ///< E040 operands or results of the wrong type (money compared with a date, ...)
  wrong_level = 41,         ///< E041 a member value used where a household value is needed
  wrong_arguments = 42,     ///< E042 a function called with the wrong number or kind of arguments
  dependency_cycle = 50,    ///< E050 variables or relations that depend on themselves
  no_value_in_force = 51,   ///< E051 a parameter with no value in force on any date
  invalid_table = 52,       ///< E052 a parameter table whose keys or shape do not match its declaration
  invalid_test = 60,        ///< E060 a test whose household or expectations cannot be used
  missing_ruleset = 70,     ///< E070 no `ruleset:` section, or more than one
  members_apart = 80,       ///< E080 (a warning) criteria that different members can satisfy apart
};

enum class Severity { error, warning };

struct Diagnostic {
  DiagnosticCode code = DiagnosticCode::invalid_value;
  Severity severity = Severity::error;
  std::string file;         ///< path as given to the loader, or empty
  int line = 0;             ///< 1-based; 0 when the problem has no position
  int column = 0;           ///< 1-based
  int length = 1;           ///< characters under the caret
  std::string message;
  std::string source_line;  ///< the text of `line`, for the caret display
};

/// "E021"
std::string code_text(DiagnosticCode code);
/// "unknown-name"
std::string_view code_name(DiagnosticCode code);
/// file:line:column: error E021 unknown-name: message, the source line and a caret.
std::string format(const Diagnostic& diagnostic);
std::string format(const std::vector<Diagnostic>& diagnostics);
bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace ssis
