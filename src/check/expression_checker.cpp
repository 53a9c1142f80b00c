#include "check/expression_checker.hpp"

#include <fmt/format.h>

#include "check/date_literal.hpp"

namespace ssis::detail {
namespace {

constexpr ValueType boolean{ValueKind::boolean, -1};
constexpr ValueType integer{ValueKind::integer, -1};
constexpr ValueType decimal{ValueKind::decimal, -1};
constexpr ValueType money{ValueKind::money, -1};
constexpr ValueType date{ValueKind::date, -1};

bool is_members(const Expr& e) { return e.kind == NodeKind::name && e.text == "members"; }

bool is_comparison(Operator op) {
  return op == Operator::equal || op == Operator::not_equal || op == Operator::less || op == Operator::less_equal ||
         op == Operator::greater || op == Operator::greater_equal;
}

}  // namespace

ExpressionChecker::ExpressionChecker(const SymbolTable& symbols, const Schema& schema,
                                     const std::vector<ParameterModel>& parameters, DiagnosticSink& sink,
                                     VariableTyper variable_type)
    : symbols_(symbols),
      schema_(schema),
      parameters_(parameters),
      sink_(sink),
      variable_type_(std::move(variable_type)) {}

bool ExpressionChecker::check(Expr& root, const ExpressionText& text, Level scope) {
  const ExpressionText* outer = text_;
  text_ = &text;
  bool ok = true;
  try {
    visit(root, scope, false);
  } catch (const Failed&) {
    ok = false;
  }
  text_ = outer;
  return ok;
}

void ExpressionChecker::fail(const Expr& e, DiagnosticCode code, std::string message) {
  sink_.error(code, text_->pos_of(e.begin), std::move(message), static_cast<int>(std::max<std::uint32_t>(e.end - e.begin, 1)));
  throw Failed{};
}

void ExpressionChecker::expect_kind(Expr& e, ValueType type, ValueKind kind, const char* what) {
  if (type.kind != kind)
    fail(e, DiagnosticCode::type_mismatch,
         fmt::format("{} must be {}, but this is {}", what, name_of({kind, -1}), name_of(type)));
}

void ExpressionChecker::expect_numeric(Expr& e, ValueType type, const char* what) {
  if (!is_numeric(type.kind))
    fail(e, DiagnosticCode::type_mismatch, fmt::format("{} must be a number or money, but this is {}", what, name_of(type)));
}

bool ExpressionChecker::resolve_string(Expr& literal, ValueType enum_type) {
  if (literal.kind != NodeKind::string) return false;
  if (enum_type.kind != ValueKind::enumeration)
    fail(literal, DiagnosticCode::type_mismatch,
         fmt::format("'{}' is text, but it is compared with {}; text only names enum values", literal.text, name_of(enum_type)));
  const EnumInfo& info = schema_.enums()[static_cast<std::size_t>(enum_type.enum_index)];
  const int value = info.find(literal.text);
  if (value < 0) {
    std::string values;
    for (const auto& v : info.values) values += fmt::format("{}{}", values.empty() ? "" : ", ", v);
    fail(literal, DiagnosticCode::unknown_name,
         fmt::format("'{}' is not a value of {} (values: {})", literal.text, info.name, values));
  }
  literal.type = enum_type;
  literal.number = value;
  return true;
}

ValueType ExpressionChecker::visit(Expr& e, Level scope, bool in_aggregate) {
  e.level = scope;
  ValueType result;
  switch (e.kind) {
    case NodeKind::integer: result = integer; break;
    case NodeKind::decimal: result = decimal; break;
    case NodeKind::boolean: result = boolean; break;
    case NodeKind::evaluation_date: result = date; break;
    case NodeKind::member_index:
      if (scope != Level::member)
        fail(e, DiagnosticCode::wrong_level, "member_index is the position of each member: use it where a member is current");
      result = integer;
      break;
    case NodeKind::string:
      fail(e, DiagnosticCode::type_mismatch,
           fmt::format("text '{}' can only be compared with an enum value (x == '{}' or x in [...])", e.text, e.text));
    case NodeKind::list: fail(e, DiagnosticCode::expression_syntax, "a list is only allowed after 'in'");
    case NodeKind::name: result = visit_name(e, scope); break;
    case NodeKind::call: result = visit_call(e, scope, in_aggregate); break;
    case NodeKind::index: result = visit_index(e, scope, in_aggregate); break;
    case NodeKind::unary: {
      Expr& operand = *e.args[0];
      const ValueType type = visit(operand, scope, in_aggregate);
      if (e.op == Operator::logical_not) {
        expect_kind(operand, type, ValueKind::boolean, "the operand of 'not'");
        result = boolean;
      } else {
        expect_numeric(operand, type, "the operand of '-'");
        result = type;
      }
      break;
    }
    case NodeKind::binary: result = visit_binary(e, scope, in_aggregate); break;
    case NodeKind::conditional: {
      expect_kind(*e.args[0], visit(*e.args[0], scope, in_aggregate), ValueKind::boolean, "the condition of 'if'");
      Expr& then_value = *e.args[1];
      Expr& else_value = *e.args[2];
      if (then_value.kind == NodeKind::string && else_value.kind == NodeKind::string)
        fail(e, DiagnosticCode::type_mismatch, "'if' cannot choose between two texts; enums come from fields");
      if (then_value.kind == NodeKind::string) {
        const ValueType t = visit(else_value, scope, in_aggregate);
        resolve_string(then_value, t);
        result = t;
      } else if (else_value.kind == NodeKind::string) {
        const ValueType t = visit(then_value, scope, in_aggregate);
        resolve_string(else_value, t);
        result = t;
      } else {
        result = unify(e, visit(then_value, scope, in_aggregate), visit(else_value, scope, in_aggregate), "the branches of 'if'");
      }
      break;
    }
    case NodeKind::in_list: {
      Expr& subject = *e.args[0];
      const ValueType type = visit(subject, scope, in_aggregate);
      for (auto& item : e.args[1]->args) {
        if (item->kind == NodeKind::string) {
          resolve_string(*item, type);
        } else if (item->kind == NodeKind::integer && type.kind == ValueKind::integer) {
          item->type = integer;
        } else {
          fail(*item, DiagnosticCode::type_mismatch,
               fmt::format("a list after 'in' holds enum values in quotes or whole numbers matching {}", name_of(type)));
        }
      }
      if (type.kind != ValueKind::enumeration && type.kind != ValueKind::integer)
        fail(subject, DiagnosticCode::type_mismatch, fmt::format("'in' needs an enum or int, but this is {}", name_of(type)));
      result = boolean;
      break;
    }
  }
  e.type = result;
  return result;
}

ValueType ExpressionChecker::visit_name(Expr& e, Level scope) {
  if (is_members(e))
    fail(e, DiagnosticCode::wrong_level, "'members' is only used as the first argument of count, sum, min, max, any or all");
  const Symbol* symbol = symbols_.find(e.text);
  if (symbol == nullptr) {
    const std::string suggestion = symbols_.closest(e.text);
    fail(e, DiagnosticCode::unknown_name,
         suggestion.empty() ? fmt::format("unknown name '{}'", e.text)
                            : fmt::format("unknown name '{}'; did you mean '{}'?", e.text, suggestion));
  }
  if (symbol->reference == Reference::unit)
    fail(e, DiagnosticCode::wrong_level,
         fmt::format("'{}' is a unit: it is only used as the first argument of count, sum, min, max, any or all", e.text));
  if (symbol->level == Level::member && scope == Level::household)
    fail(e, DiagnosticCode::wrong_level,
         fmt::format("'{}' is a value of each member; use it inside count(members, ...), sum(members, ...), any(members, ...)",
                     e.text));
  e.reference = symbol->reference;
  e.symbol_level = symbol->level;
  e.index = symbol->index;
  switch (symbol->reference) {
    case Reference::field: {
      const auto& fields = symbol->level == Level::member ? schema_.member_fields() : schema_.household_fields();
      return fields[static_cast<std::size_t>(symbol->index)].type;
    }
    case Reference::parameter: {
      const ParameterModel& p = parameters_[static_cast<std::size_t>(symbol->index)];
      if (!p.key_types.empty())
        fail(e, DiagnosticCode::wrong_arguments,
             fmt::format("parameter '{}' is a table with {} key(s); look it up as {}[...]", e.text, p.key_types.size(), e.text));
      return p.type;
    }
    case Reference::variable: {
      auto type = variable_type_(symbol->index);
      if (!type) throw Failed{};
      return *type;
    }
    default: fail(e, DiagnosticCode::unknown_name, fmt::format("'{}' cannot be used here", e.text));
  }
}

ValueType ExpressionChecker::visit_index(Expr& e, Level scope, bool in_aggregate) {
  Expr& base = *e.args[0];
  e.level = scope;
  const Symbol* symbol = base.kind == NodeKind::name ? symbols_.find(base.text) : nullptr;
  if (symbol == nullptr || symbol->reference != Reference::parameter)
    fail(base, base.kind == NodeKind::name && symbol == nullptr ? DiagnosticCode::unknown_name : DiagnosticCode::type_mismatch,
         base.kind == NodeKind::name && symbol == nullptr ? fmt::format("unknown parameter '{}'", base.text)
                                                          : std::string("only a parameter table can be looked up with [...]"));
  const ParameterModel& p = parameters_[static_cast<std::size_t>(symbol->index)];
  base.reference = Reference::parameter;
  base.index = symbol->index;
  base.type = p.type;
  const std::size_t given = e.args.size() - 1;
  if (given != p.key_types.size())
    fail(e, DiagnosticCode::wrong_arguments,
         fmt::format("parameter '{}' takes {} key(s), but {} given", base.text, p.key_types.size(), given));
  for (std::size_t k = 0; k < given; ++k) {
    Expr& key = *e.args[k + 1];
    const ValueType expected = p.key_types[k];
    if (key.kind == NodeKind::string) {
      resolve_string(key, expected);
      continue;
    }
    const ValueType type = visit(key, scope, in_aggregate);
    if (type != expected)
      fail(key, DiagnosticCode::type_mismatch,
           fmt::format("key {} of '{}' must be {}, but this is {}", k + 1, base.text, name_of(expected), name_of(type)));
  }
  e.reference = Reference::parameter;
  e.index = symbol->index;
  return p.type;
}

ValueType ExpressionChecker::unify(Expr& at, ValueType left, ValueType right, const char* what) {
  if (left == right) return left;
  if (left.kind == ValueKind::integer && (right.kind == ValueKind::decimal || right.kind == ValueKind::money)) return right;
  if (right.kind == ValueKind::integer && (left.kind == ValueKind::decimal || left.kind == ValueKind::money)) return left;
  fail(at, DiagnosticCode::type_mismatch, fmt::format("{} mix {} and {}", what, name_of(left), name_of(right)));
}

ValueType ExpressionChecker::arithmetic(Expr& e, ValueType l, ValueType r) {
  const Expr& left = *e.args[0];
  const Expr& right = *e.args[1];
  if (!is_numeric(l.kind))
    fail(left, DiagnosticCode::type_mismatch, fmt::format("'{}' needs numbers or money, but this is {}", operator_text(e.op), name_of(l)));
  if (!is_numeric(r.kind))
    fail(right, DiagnosticCode::type_mismatch, fmt::format("'{}' needs numbers or money, but this is {}", operator_text(e.op), name_of(r)));
  const auto mismatch = [&]() -> ValueType {
    fail(e, DiagnosticCode::type_mismatch,
         fmt::format("{} {} {} is not meaningful", name_of(l), operator_text(e.op), name_of(r)));
  };
  switch (e.op) {
    case Operator::add:
    case Operator::subtract:
      if (l == r) return l;
      if (l.kind == ValueKind::integer) return r;
      if (r.kind == ValueKind::integer) return l;
      return mismatch();
    case Operator::multiply:
      if (l.kind == ValueKind::money && r.kind == ValueKind::money) return mismatch();
      if (l.kind == ValueKind::money || r.kind == ValueKind::money) return money;
      if (l.kind == ValueKind::decimal || r.kind == ValueKind::decimal) return decimal;
      return integer;
    case Operator::divide:
      if (l.kind == ValueKind::money) return r.kind == ValueKind::money ? decimal : money;
      if (r.kind == ValueKind::money) return mismatch();
      return decimal;
    default: return mismatch();
  }
}

void ExpressionChecker::compare(Expr& e, Expr& left, Expr& right, ValueType lt, ValueType rt) {
  const bool ordering = e.op != Operator::equal && e.op != Operator::not_equal;
  if (lt.kind == ValueKind::enumeration || rt.kind == ValueKind::enumeration || lt.kind == ValueKind::boolean ||
      rt.kind == ValueKind::boolean) {
    if (lt != rt)
      fail(e, DiagnosticCode::type_mismatch, fmt::format("cannot compare {} with {}", name_of(lt), name_of(rt)));
    if (ordering)
      fail(e, DiagnosticCode::type_mismatch, fmt::format("{} values are compared with == or != only", name_of(lt)));
    return;
  }
  if (lt.kind == ValueKind::date || rt.kind == ValueKind::date) {
    if (lt != rt) fail(e, DiagnosticCode::type_mismatch, fmt::format("cannot compare {} with {}", name_of(lt), name_of(rt)));
    return;
  }
  unify(e, lt, rt, "a comparison must not");
  (void)left;
  (void)right;
}

ValueType ExpressionChecker::visit_binary(Expr& e, Level scope, bool in_aggregate) {
  Expr& left = *e.args[0];
  Expr& right = *e.args[1];
  if (e.op == Operator::logical_and || e.op == Operator::logical_or) {
    expect_kind(left, visit(left, scope, in_aggregate), ValueKind::boolean, fmt::format("each side of '{}'", operator_text(e.op)).c_str());
    expect_kind(right, visit(right, scope, in_aggregate), ValueKind::boolean, fmt::format("each side of '{}'", operator_text(e.op)).c_str());
    return boolean;
  }
  if (is_comparison(e.op)) {
    if (left.kind == NodeKind::string && right.kind == NodeKind::string)
      fail(e, DiagnosticCode::type_mismatch, "comparing two texts is always the same; compare a field with a text");
    if (left.kind == NodeKind::string) {
      const ValueType rt = visit(right, scope, in_aggregate);
      resolve_string(left, rt);
      compare(e, left, right, rt, rt);
      return boolean;
    }
    if (right.kind == NodeKind::string) {
      const ValueType lt = visit(left, scope, in_aggregate);
      resolve_string(right, lt);
      compare(e, left, right, lt, lt);
      return boolean;
    }
    const ValueType lt = visit(left, scope, in_aggregate);
    const ValueType rt = visit(right, scope, in_aggregate);
    compare(e, left, right, lt, rt);
    return boolean;
  }
  const ValueType lt = visit(left, scope, in_aggregate);
  const ValueType rt = visit(right, scope, in_aggregate);
  return arithmetic(e, lt, rt);
}

ValueType ExpressionChecker::visit_aggregate(Expr& e, Level scope, bool in_aggregate) {
  const std::string& f = e.text;
  Expr& collection = *e.args[0];
  if (in_aggregate)
    fail(e, DiagnosticCode::wrong_level, fmt::format("{}({}, ...) cannot be nested inside another aggregate", f, collection.text));
  if (is_members(collection)) {
    collection.reference = Reference::members;
  } else {
    if (scope != Level::member)
      fail(e, DiagnosticCode::wrong_level,
           fmt::format("{}({}, ...) speaks of the current member's unit: it is used where a member is current (a member "
                       "variable, a programme assessed per member)",
                       f, collection.text));
    collection.reference = Reference::unit;
    collection.index = symbols_.find(collection.text)->index;
  }
  const std::size_t n = e.args.size();
  auto check_filter = [&](Expr& filter) {
    expect_kind(filter, visit(filter, Level::member, true), ValueKind::boolean, "the filter");
  };
  if (f == "count") {
    if (n > 2) fail(e, DiagnosticCode::wrong_arguments, "count takes (members) or (members, condition)");
    if (n == 2) check_filter(*e.args[1]);
    return integer;
  }
  if (f == "any" || f == "all") {
    if (n != 2) fail(e, DiagnosticCode::wrong_arguments, fmt::format("{} takes (members, condition)", f));
    check_filter(*e.args[1]);
    return boolean;
  }
  if (n < 2 || n > 3) fail(e, DiagnosticCode::wrong_arguments, fmt::format("{} takes (members, value) or (members, value, condition)", f));
  const ValueType type = visit(*e.args[1], Level::member, true);
  if (f == "sum") expect_numeric(*e.args[1], type, "the summed value");
  else if (!is_numeric(type.kind) && type.kind != ValueKind::date)
    fail(*e.args[1], DiagnosticCode::type_mismatch, fmt::format("{} needs numbers, money or dates, but this is {}", f, name_of(type)));
  if (n == 3) check_filter(*e.args[2]);
  return type;
}

ValueType ExpressionChecker::visit_call(Expr& e, Level scope, bool in_aggregate) {
  const std::string& f = e.text;
  const std::size_t n = e.args.size();
  auto arity = [&](std::size_t want, const char* form) {
    if (n != want) fail(e, DiagnosticCode::wrong_arguments, fmt::format("{} takes {}", f, form));
  };
  const auto is_unit = [&](const Expr& a) {
    const Symbol* symbol = a.kind == NodeKind::name ? symbols_.find(a.text) : nullptr;
    return symbol != nullptr && symbol->reference == Reference::unit;
  };
  const bool aggregate_form = n >= 1 && (is_members(*e.args[0]) || is_unit(*e.args[0]));
  if (f == "count" || f == "sum" || f == "any" || f == "all" || ((f == "min" || f == "max") && aggregate_form)) {
    if (!aggregate_form)
      fail(e, DiagnosticCode::wrong_arguments,
           fmt::format("{} takes 'members' or a unit as its first argument: {}(members, ...)", f, f));
    return visit_aggregate(e, scope, in_aggregate);
  }
  if (f == "min" || f == "max") {
    if (n < 2) fail(e, DiagnosticCode::wrong_arguments, fmt::format("{} takes two or more values", f));
    ValueType type = visit(*e.args[0], scope, in_aggregate);
    if (!is_numeric(type.kind) && type.kind != ValueKind::date)
      fail(*e.args[0], DiagnosticCode::type_mismatch, fmt::format("{} needs numbers, money or dates, but this is {}", f, name_of(type)));
    for (std::size_t i = 1; i < n; ++i) type = unify(e, type, visit(*e.args[i], scope, in_aggregate), fmt::format("the values of {}", f).c_str());
    return type;
  }
  if (f == "clamp") {
    arity(3, "(value, low, high)");
    ValueType type = visit(*e.args[0], scope, in_aggregate);
    expect_numeric(*e.args[0], type, "the value of clamp");
    type = unify(e, type, visit(*e.args[1], scope, in_aggregate), "the values of clamp");
    return unify(e, type, visit(*e.args[2], scope, in_aggregate), "the values of clamp");
  }
  if (f == "abs") {
    arity(1, "(value)");
    const ValueType type = visit(*e.args[0], scope, in_aggregate);
    expect_numeric(*e.args[0], type, "the value of abs");
    return type;
  }
  if (f == "round") {
    arity(3, "(value, unit, mode), for example round(x, 10, down)");
    const ValueType type = visit(*e.args[0], scope, in_aggregate);
    expect_numeric(*e.args[0], type, "the rounded value");
    Expr& unit = *e.args[1];
    if (unit.kind != NodeKind::integer && unit.kind != NodeKind::decimal)
      fail(unit, DiagnosticCode::wrong_arguments, "the rounding unit must be a number written in the rule, such as 10 or 0.01");
    if (type.kind == ValueKind::integer && unit.kind == NodeKind::decimal)
      fail(unit, DiagnosticCode::type_mismatch, "a whole number is rounded to a whole unit");
    if (unit.number <= 0) fail(unit, DiagnosticCode::invalid_value, "the rounding unit must be positive");
    unit.type = unit.kind == NodeKind::integer ? integer : decimal;
    Expr& mode = *e.args[2];
    if (mode.kind != NodeKind::name || !parse_rounding_mode(mode.text))
      fail(mode, DiagnosticCode::wrong_arguments, "the rounding mode is one of half_up, half_even, down, up, floor, ceiling");
    mode.number = static_cast<std::int64_t>(*parse_rounding_mode(mode.text));
    return type;
  }
  if (f == "age" || f == "months_since" || f == "days_since" || f == "year" || f == "month") {
    arity(1, "(date)");
    expect_kind(*e.args[0], visit(*e.args[0], scope, in_aggregate), ValueKind::date, fmt::format("the argument of {}", f).c_str());
    return integer;
  }
  if (f == "date") {
    arity(1, "('YYYY-MM-DD')");
    Expr& literal = *e.args[0];
    if (literal.kind != NodeKind::string)
      fail(literal, DiagnosticCode::invalid_value, "date(...) takes a date in quotes, such as date('2024-07-01')");
    const auto value = Date::parse(literal.text);
    if (!value) fail(literal, DiagnosticCode::invalid_value, date_literal_problem(literal.text));
    literal.type = date;
    e.number = value->days();
    return date;
  }
  if (f == "known") {
    arity(1, "(value)");
    visit(*e.args[0], scope, in_aggregate);
    return boolean;
  }
  if (f == "coalesce") {
    arity(2, "(value, fallback)");
    Expr& value = *e.args[0];
    Expr& fallback = *e.args[1];
    const ValueType type = visit(value, scope, in_aggregate);
    if (fallback.kind == NodeKind::string) {
      resolve_string(fallback, type);
      return type;
    }
    return unify(e, type, visit(fallback, scope, in_aggregate), "coalesce must not");
  }
  fail(e, DiagnosticCode::unknown_name, fmt::format("unknown function '{}'", f));
}

}  // namespace ssis::detail
