#include "expr/lexer.hpp"

namespace ssis::detail {
namespace {

bool is_identifier_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::uint32_t i = 0;
  const auto n = static_cast<std::uint32_t>(text.size());
  auto push = [&](TokenKind kind, std::uint32_t begin, std::uint32_t end, std::string value = {}) {
    tokens.push_back({kind, begin, end, std::move(value)});
  };
  while (i < n) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    const std::uint32_t start = i;
    if (is_digit(c)) {
      bool decimal = false;
      while (i < n && (is_digit(text[i]) || text[i] == '_' || (text[i] == '.' && !decimal && i + 1 < n && is_digit(text[i + 1])))) {
        if (text[i] == '.') decimal = true;
        ++i;
      }
      std::string digits(text.substr(start, i - start));
      if (i < n && text[i] == '%') {
        ++i;
        push(TokenKind::percent, start, i, std::move(digits));
      } else {
        push(decimal ? TokenKind::decimal : TokenKind::integer, start, i, std::move(digits));
      }
      continue;
    }
    if (is_identifier_start(c)) {
      while (i < n && (is_identifier_start(text[i]) || is_digit(text[i]))) ++i;
      push(TokenKind::identifier, start, i, std::string(text.substr(start, i - start)));
      continue;
    }
    if (c == '\'' || c == '"') {
      ++i;
      while (i < n && text[i] != c) ++i;
      if (i >= n) {
        push(TokenKind::invalid, start, n, "unterminated string");
        break;
      }
      push(TokenKind::string, start, i + 1, std::string(text.substr(start + 1, i - start - 1)));
      ++i;
      continue;
    }
    auto two = [&](char next) { return i + 1 < n && text[i + 1] == next; };
    TokenKind kind = TokenKind::invalid;
    std::uint32_t length = 1;
    switch (c) {
      case '(': kind = TokenKind::left_paren; break;
      case ')': kind = TokenKind::right_paren; break;
      case '[': kind = TokenKind::left_bracket; break;
      case ']': kind = TokenKind::right_bracket; break;
      case ',': kind = TokenKind::comma; break;
      case '+': kind = TokenKind::plus; break;
      case '-': kind = TokenKind::minus; break;
      case '*': kind = TokenKind::star; break;
      case '/': kind = TokenKind::slash; break;
      case '=':
        if (two('=')) { kind = TokenKind::equal; length = 2; }
        break;
      case '!':
        if (two('=')) { kind = TokenKind::not_equal; length = 2; }
        break;
      case '<':
        if (two('=')) { kind = TokenKind::less_equal; length = 2; } else { kind = TokenKind::less; }
        break;
      case '>':
        if (two('=')) { kind = TokenKind::greater_equal; length = 2; } else { kind = TokenKind::greater; }
        break;
      default: break;
    }
    if (kind == TokenKind::invalid) {
      // Step over a whole UTF-8 character so the message shows it intact.
      std::uint32_t end = i + 1;
      while (end < n && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
      const std::string shown(text.substr(i, end - i));
      push(TokenKind::invalid, i, end,
           c == '=' ? "'=' is not an operator; use '==' to compare" : "unexpected character '" + shown + "'");
      i = end;
      continue;
    }
    push(kind, i, i + length);
    i += length;
  }
  push(TokenKind::end, n, n);
  return tokens;
}

}  // namespace ssis::detail
