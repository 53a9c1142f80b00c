#pragma once
// Splits expression text into tokens.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ssis::detail {

enum class TokenKind : std::uint8_t {
  end, integer, decimal, percent, string, identifier,
  left_paren, right_paren, left_bracket, right_bracket, comma,
  plus, minus, star, slash,
  equal, not_equal, less, less_equal, greater, greater_equal,
  invalid,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string text;  // identifier, string contents, number digits
};

/// Every token, ending with one `end` token; `invalid` tokens carry a message in `text`.
std::vector<Token> tokenize(std::string_view text);

}  // namespace ssis::detail
