#include "ssis/error.hpp"

#include <fmt/format.h>

namespace ssis {
namespace {

std::string describe_input_error(const std::string& path, const std::string& message, int line, int column) {
  std::string text;
  if (line > 0) text += fmt::format("line {}, column {}: ", line, column);
  if (!path.empty()) text += path + ": ";
  return text + message;
}

}  // namespace

RuleError::RuleError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(format(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(std::string path, std::string message, int line, int column)
    : std::runtime_error(describe_input_error(path, message, line, column)),
      path_(std::move(path)),
      reason_(std::move(message)),
      line_(line),
      column_(column) {}

}  // namespace ssis
