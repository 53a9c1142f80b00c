#include "expr/parser.hpp"

#include <fmt/format.h>

#include "expr/lexer.hpp"
#include "ssis/decimal.hpp"

namespace ssis::detail {

const char* operator_text(Operator op) {
  switch (op) {
    case Operator::add: return "+";
    case Operator::subtract: return "-";
    case Operator::multiply: return "*";
    case Operator::divide: return "/";
    case Operator::equal: return "==";
    case Operator::not_equal: return "!=";
    case Operator::less: return "<";
    case Operator::less_equal: return "<=";
    case Operator::greater: return ">";
    case Operator::greater_equal: return ">=";
    case Operator::logical_and: return "and";
    case Operator::logical_or: return "or";
    case Operator::negate: return "-";
    case Operator::logical_not: return "not";
  }
  return "?";
}

namespace {

struct ParseFailure {};

class Parser {
 public:
  Parser(std::vector<Token> tokens, const ExpressionLimits& limits, std::vector<SyntaxError>& errors)
      : tokens_(std::move(tokens)), limits_(limits), errors_(errors) {}

  ExprPtr parse() {
    try {
      ExprPtr root = expression();
      if (peek().kind == TokenKind::invalid) fail(peek(), peek().text);
      if (peek().kind != TokenKind::end) fail(peek(), fmt::format("unexpected {} after the end of the expression", describe(peek())));
      return root;
    } catch (const ParseFailure&) {
      return nullptr;
    }
  }

 private:
  const Token& peek() const { return tokens_[position_]; }
  const Token& take() {
    const Token& token = tokens_[position_];
    if (token.kind != TokenKind::end) ++position_;
    return token;
  }
  bool is_keyword(std::string_view word) const {
    return peek().kind == TokenKind::identifier && peek().text == word;
  }
  bool accept(TokenKind kind) {
    if (peek().kind != kind) return false;
    take();
    return true;
  }
  bool accept_keyword(std::string_view word) {
    if (!is_keyword(word)) return false;
    take();
    return true;
  }

  [[noreturn]] void fail(const Token& at, std::string message, bool limit = false) {
    errors_.push_back({at.begin, std::max(at.end, at.begin + 1), std::move(message), limit});
    throw ParseFailure{};
  }

  static std::string describe(const Token& token) {
    switch (token.kind) {
      case TokenKind::end: return "end of expression";
      case TokenKind::identifier: return fmt::format("'{}'", token.text);
      case TokenKind::string: return fmt::format("string '{}'", token.text);
      case TokenKind::integer:
      case TokenKind::decimal:
      case TokenKind::percent: return fmt::format("number {}", token.text);
      default: return "this symbol";
    }
  }

  void expect(TokenKind kind, const char* what) {
    if (peek().kind == TokenKind::invalid) fail(peek(), peek().text);
    if (!accept(kind)) fail(peek(), fmt::format("expected {} but found {}", what, describe(peek())));
  }

  // One level per construct that nests an expression inside another: parentheses, a
  // call's arguments, a lookup's keys, `if`, unary `-` and `not`. Each level is a bounded
  // number of calls, so the limit also bounds the stack.
  struct DepthGuard {
    explicit DepthGuard(Parser& p) : parser(p) {
      if (++parser.depth_ > parser.limits_.max_depth)
        parser.fail(parser.peek(), fmt::format("expression nests deeper than {} levels", parser.limits_.max_depth), true);
    }
    ~DepthGuard() { --parser.depth_; }
    Parser& parser;
  };

  static ExprPtr node(NodeKind kind, std::uint32_t begin, std::uint32_t end) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->begin = begin;
    e->end = end;
    return e;
  }

  static ExprPtr binary(Operator op, ExprPtr left, ExprPtr right) {
    auto e = node(NodeKind::binary, left->begin, right->end);
    e->op = op;
    e->args.push_back(std::move(left));
    e->args.push_back(std::move(right));
    return e;
  }

  ExprPtr expression() {
    if (is_keyword("if")) {
      DepthGuard guard(*this);
      const std::uint32_t begin = take().begin;
      ExprPtr condition = expression();
      if (!accept_keyword("then")) fail(peek(), fmt::format("expected 'then' but found {}", describe(peek())));
      ExprPtr then_value = expression();
      if (!accept_keyword("else")) fail(peek(), fmt::format("expected 'else' but found {}", describe(peek())));
      ExprPtr else_value = expression();
      auto e = node(NodeKind::conditional, begin, else_value->end);
      e->args.push_back(std::move(condition));
      e->args.push_back(std::move(then_value));
      e->args.push_back(std::move(else_value));
      return e;
    }
    return disjunction();
  }

  ExprPtr disjunction() {
    ExprPtr left = conjunction();
    while (accept_keyword("or")) left = binary(Operator::logical_or, std::move(left), conjunction());
    return left;
  }

  ExprPtr conjunction() {
    ExprPtr left = negation();
    while (accept_keyword("and")) left = binary(Operator::logical_and, std::move(left), negation());
    return left;
  }

  ExprPtr negation() {
    if (is_keyword("not")) {
      DepthGuard guard(*this);
      const std::uint32_t begin = take().begin;
      ExprPtr operand = negation();
      auto e = node(NodeKind::unary, begin, operand->end);
      e->op = Operator::logical_not;
      e->args.push_back(std::move(operand));
      return e;
    }
    return comparison();
  }

  ExprPtr comparison() {
    ExprPtr left = additive();
    Operator op{};
    switch (peek().kind) {
      case TokenKind::equal: op = Operator::equal; break;
      case TokenKind::not_equal: op = Operator::not_equal; break;
      case TokenKind::less: op = Operator::less; break;
      case TokenKind::less_equal: op = Operator::less_equal; break;
      case TokenKind::greater: op = Operator::greater; break;
      case TokenKind::greater_equal: op = Operator::greater_equal; break;
      default:
        if (is_keyword("in")) {
          take();
          ExprPtr list = list_literal();
          auto e = node(NodeKind::in_list, left->begin, list->end);
          e->args.push_back(std::move(left));
          e->args.push_back(std::move(list));
          return e;
        }
        return left;
    }
    take();
    ExprPtr right = additive();
    ExprPtr e = binary(op, std::move(left), std::move(right));
    switch (peek().kind) {
      case TokenKind::equal: case TokenKind::not_equal: case TokenKind::less:
      case TokenKind::less_equal: case TokenKind::greater: case TokenKind::greater_equal:
        fail(peek(), "comparisons do not chain; write 'a <= b and b <= c'");
      default: break;
    }
    return e;
  }

  ExprPtr list_literal() {
    const Token& open = peek();
    expect(TokenKind::left_bracket, "'[' to start a list");
    auto list = node(NodeKind::list, open.begin, open.end);
    if (peek().kind != TokenKind::right_bracket) {
      do {
        list->args.push_back(primary());
      } while (accept(TokenKind::comma));
    }
    list->end = peek().end;
    expect(TokenKind::right_bracket, "']' to close the list");
    return list;
  }

  ExprPtr additive() {
    ExprPtr left = multiplicative();
    for (;;) {
      if (accept(TokenKind::plus)) left = binary(Operator::add, std::move(left), multiplicative());
      else if (accept(TokenKind::minus)) left = binary(Operator::subtract, std::move(left), multiplicative());
      else return left;
    }
  }

  ExprPtr multiplicative() {
    ExprPtr left = unary();
    for (;;) {
      if (accept(TokenKind::star)) left = binary(Operator::multiply, std::move(left), unary());
      else if (accept(TokenKind::slash)) left = binary(Operator::divide, std::move(left), unary());
      else return left;
    }
  }

  ExprPtr unary() {
    if (peek().kind == TokenKind::minus) {
      DepthGuard guard(*this);
      const std::uint32_t begin = take().begin;
      ExprPtr operand = unary();
      auto e = node(NodeKind::unary, begin, operand->end);
      e->op = Operator::negate;
      e->args.push_back(std::move(operand));
      return e;
    }
    return postfix();
  }

  ExprPtr postfix() {
    ExprPtr base = primary();
    while (peek().kind == TokenKind::left_bracket) {
      DepthGuard guard(*this);
      take();
      auto e = node(NodeKind::index, base->begin, base->end);
      e->args.push_back(std::move(base));
      do {
        e->args.push_back(expression());
      } while (accept(TokenKind::comma));
      e->end = peek().end;
      expect(TokenKind::right_bracket, "']' to close the lookup");
      base = std::move(e);
    }
    return base;
  }

  ExprPtr number(const Token& token) {
    std::string digits;
    for (char c : token.text)
      if (c != '_') digits += c;
    auto e = node(NodeKind::integer, token.begin, token.end);
    if (token.kind == TokenKind::integer) {
      const auto value = Decimal::parse(digits);
      if (!value) fail(token, fmt::format("number {} is too large", token.text));
      e->number = *value->to_int();
      return e;
    }
    e->kind = NodeKind::decimal;
    if (token.kind == TokenKind::percent) {
      const auto value = Decimal::parse_percent(digits);
      if (!value) fail(token, fmt::format("{} is too large or has more than 6 decimal places as a fraction", token.text));
      e->number = value->raw();
      return e;
    }
    const auto value = Decimal::parse(digits);
    if (!value) fail(token, fmt::format("number {} is too large or has more than 6 decimal places", token.text));
    e->number = value->raw();
    return e;
  }

  ExprPtr primary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::integer:
      case TokenKind::decimal:
      case TokenKind::percent: return number(take());
      case TokenKind::string: {
        take();
        auto e = node(NodeKind::string, token.begin, token.end);
        e->text = token.text;
        return e;
      }
      case TokenKind::left_paren: {
        DepthGuard guard(*this);
        take();
        ExprPtr inner = expression();
        expect(TokenKind::right_paren, "')'");
        return inner;
      }
      case TokenKind::identifier: break;
      case TokenKind::invalid: fail(token, token.text);
      default: fail(token, fmt::format("expected a value but found {}", describe(token)));
    }
    take();
    static constexpr std::string_view reserved[] = {"and", "or", "not", "if", "then", "else", "in"};
    for (auto word : reserved)
      if (token.text == word) fail(token, fmt::format("expected a value but found the keyword '{}'", word));
    if (token.text == "true" || token.text == "false") {
      auto e = node(NodeKind::boolean, token.begin, token.end);
      e->number = token.text == "true" ? 1 : 0;
      return e;
    }
    if (token.text == "evaluation_date") return node(NodeKind::evaluation_date, token.begin, token.end);
    if (token.text == "member_index") return node(NodeKind::member_index, token.begin, token.end);
    if (peek().kind != TokenKind::left_paren) {
      auto e = node(NodeKind::name, token.begin, token.end);
      e->text = token.text;
      return e;
    }
    DepthGuard guard(*this);
    take();
    auto call = node(NodeKind::call, token.begin, token.end);
    call->text = token.text;
    if (peek().kind != TokenKind::right_paren) {
      do {
        call->args.push_back(expression());
      } while (accept(TokenKind::comma));
    }
    call->end = peek().end;
    expect(TokenKind::right_paren, "')' to close the call");
    return call;
  }

  std::vector<Token> tokens_;
  const ExpressionLimits& limits_;
  std::vector<SyntaxError>& errors_;
  std::size_t position_ = 0;
  int depth_ = 0;
};

}  // namespace

ExprPtr parse_expression(std::string_view text, const ExpressionLimits& limits, std::vector<SyntaxError>& errors) {
  if (text.size() > limits.max_length) {
    errors.push_back({0, 1, fmt::format("expression is {} characters long; the limit is {}", text.size(), limits.max_length), true});
    return nullptr;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    errors.push_back({0, 1, "empty expression"});
    return nullptr;
  }
  Parser parser(tokenize(text), limits, errors);
  return parser.parse();
}

}  // namespace ssis::detail
