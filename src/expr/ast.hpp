#pragma once
// The expression tree. The parser fills the syntax; the checker annotates each node with
// its type, level and what its name refers to.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ssis/schema.hpp"
#include "ssis/value.hpp"

namespace ssis::detail {

enum class NodeKind : std::uint8_t {
  integer,          // 12, 1_000
  decimal,          // 0.0104, 32%
  boolean,          // true, false
  string,           // 'seoul' (an enum value once checked)
  name,             // a field, parameter or variable
  call,             // f(args)
  index,            // parameter[key, ...]
  unary,            // -x, not x
  binary,           // x op y
  conditional,      // if c then a else b
  in_list,          // x in ['a', 'b']
  list,             // ['a', 'b'] (only inside `in`)
  evaluation_date,  // evaluation_date
  member_index,     // member_index: the current member's position in the household, from 0
};

enum class Operator : std::uint8_t {
  add, subtract, multiply, divide,
  equal, not_equal, less, less_equal, greater, greater_equal,
  logical_and, logical_or, negate, logical_not,
};

const char* operator_text(Operator op);

/// What a name refers to, once checked.
// `members`: the household's members; `unit`: the members of a unit kind (`units:`) who share
// the current member's unit.
enum class Reference : std::uint8_t { none, field, parameter, variable, members, unit };

struct Expr {
  NodeKind kind = NodeKind::integer;
  std::uint32_t begin = 0;  // byte offsets in the expression text
  std::uint32_t end = 0;
  std::string text;         // name, function, string literal
  std::int64_t number = 0;  // integer value, or decimal millionths
  Operator op = Operator::add;
  std::vector<std::unique_ptr<Expr>> args;

  // Set by the checker.
  ValueType type;
  Level level = Level::household;
  Reference reference = Reference::none;
  Level symbol_level = Level::household;  // level of the field or variable named
  int index = -1;  // field / parameter / variable / unit kind index

  // Set by the compiler: the register holding this node's value.
  std::int32_t reg = -1;
};

using ExprPtr = std::unique_ptr<Expr>;

}  // namespace ssis::detail
