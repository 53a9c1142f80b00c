#include <doctest/doctest.h>

#include <string>

#include "expr/parser.hpp"

using namespace ssis::detail;

namespace {

ExprPtr parse_ok(const std::string& text) {
  std::vector<SyntaxError> errors;
  ExprPtr e = parse_expression(text, {}, errors);
  REQUIRE_MESSAGE(errors.empty(), (errors.empty() ? "" : errors[0].message));
  return e;
}

SyntaxError parse_error(const std::string& text, const ExpressionLimits& limits = {}) {
  std::vector<SyntaxError> errors;
  ExprPtr e = parse_expression(text, limits, errors);
  REQUIRE(e == nullptr);
  REQUIRE(!errors.empty());
  return errors[0];
}

}  // namespace

TEST_CASE("precedence: and binds tighter than or; * tighter than +") {
  ExprPtr e = parse_ok("a or b and c");
  CHECK(e->op == Operator::logical_or);
  CHECK(e->args[1]->op == Operator::logical_and);
  e = parse_ok("1 + 2 * 3");
  CHECK(e->op == Operator::add);
  CHECK(e->args[1]->op == Operator::multiply);
}

TEST_CASE("literals") {
  CHECK(parse_ok("32%")->number == 320000);
  CHECK(parse_ok("0.0104")->number == 10400);
  CHECK(parse_ok("1_000_000")->number == 1000000);
  CHECK(parse_ok("'seoul'")->kind == NodeKind::string);
}

TEST_CASE("calls, lookups, conditionals and membership") {
  ExprPtr e = parse_ok("if x > 1 then min(a, b) else p[k, 'seoul']");
  CHECK(e->kind == NodeKind::conditional);
  CHECK(e->args[1]->kind == NodeKind::call);
  CHECK(e->args[2]->kind == NodeKind::index);
  CHECK(e->args[2]->args.size() == 3);
  e = parse_ok("region in ['seoul', 'gyeonggi']");
  CHECK(e->kind == NodeKind::in_list);
}

TEST_CASE("syntax errors point at the offending token") {
  SyntaxError error = parse_error("income <= ");
  CHECK(error.begin == 10);
  error = parse_error("income = 3");
  CHECK(error.begin == 7);
  CHECK(error.message.find("==") != std::string::npos);
  error = parse_error("a < b < c");
  CHECK(error.message.find("chain") != std::string::npos);
  error = parse_error("min(a, b");
  CHECK(error.message.find("')'") != std::string::npos);
  error = parse_error("'open");
  CHECK(error.message.find("unterminated") != std::string::npos);
}

TEST_CASE("limits bound length and depth") {
  ExpressionLimits limits;
  limits.max_depth = 10;
  SyntaxError error = parse_error(std::string(50, '(') + "1" + std::string(50, ')'), limits);
  CHECK(error.limit);
  limits.max_length = 20;
  error = parse_error(std::string(30, '1'), limits);
  CHECK(error.limit);
}

TEST_CASE("the depth limit counts real nesting: parentheses, calls, lookups, if, unary operators") {
  const auto nested = [](int depth, const std::string& open, const std::string& close) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += open;
    text += "x";
    for (int i = 0; i < depth; ++i) text += close;
    return text;
  };
  parse_ok(nested(16, "(", ")"));
  parse_ok(nested(64, "(", ")"));
  SyntaxError error = parse_error(nested(65, "(", ")"));
  CHECK(error.limit);
  CHECK(error.message == "expression nests deeper than 64 levels");
  CHECK(error.begin == 64);  // at the parenthesis one too deep
  parse_ok(nested(64, "abs(", ")"));
  CHECK(parse_error(nested(65, "abs(", ")")).limit);
  parse_ok(nested(64, "-", ""));
  CHECK(parse_error(nested(65, "-", "")).limit);
  parse_ok(nested(64, "not ", ""));
  CHECK(parse_error(nested(65, "not ", "")).limit);
  parse_ok(nested(63, "p[", "]") );
  CHECK(parse_error(nested(65, "p[", "]")).limit);
  parse_ok(nested(64, "if c then 1 else ", ""));
  CHECK(parse_error(nested(65, "if c then 1 else ", "")).limit);
  // sequences are not nesting
  std::string sum = "x";
  for (int i = 0; i < 1'000; ++i) sum += " + x";
  parse_ok(sum);
}

TEST_CASE("the depth limit keeps the stack bounded at any configured depth") {
  ExpressionLimits limits;
  limits.max_length = 2'000'000;
  limits.max_depth = 1'000;
  CHECK(parse_error(std::string(1'000'000, '(') + "x" + std::string(1'000'000, ')'), limits).limit);
}
