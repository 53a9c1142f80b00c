#pragma once
/// Exceptions thrown by the API. Rule-file problems are not exceptions while loading
/// (see diagnostic.hpp); they become RuleError only where an API must return a rule set.
#include <stdexcept>
#include <string>
#include <vector>

#include "ssis/diagnostic.hpp"

namespace ssis {

/// A rule set that could not be loaded; carries every diagnostic.
class RuleError : public std::runtime_error {
 public:
  explicit RuleError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Household input that does not fit the schema. `path()` names the field, for example
/// "members[1].birth_date"; `line()`/`column()` are set when the input came from a file.
class InputError : public std::runtime_error {
 public:
  InputError(std::string path, std::string message, int line = 0, int column = 0);
  const std::string& path() const { return path_; }
  const std::string& reason() const { return reason_; }
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  std::string path_;
  std::string reason_;
  int line_;
  int column_;
};

}  // namespace ssis
