#pragma once
// Parses expression text into a tree. Always terminates: input length and nesting depth
// are bounded, and every loop consumes a token.
#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.hpp"

namespace ssis::detail {

struct ExpressionLimits {
  std::size_t max_length = 4096;
  int max_depth = 64;
};

struct SyntaxError {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string message;
  bool limit = false;  // a limit was exceeded rather than a syntax rule broken
};

/// The tree, or nullptr with at least one error.
ExprPtr parse_expression(std::string_view text, const ExpressionLimits& limits, std::vector<SyntaxError>& errors);

}  // namespace ssis::detail
