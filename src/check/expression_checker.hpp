#pragma once
// Resolves the names in an expression tree and checks its types and levels, annotating
// every node. Problems are reported at their position in the YAML file.
#include <functional>
#include <optional>

#include "check/symbols.hpp"
#include "load/declarations.hpp"
#include "model/rule_model.hpp"
#include "support/diagnostic_sink.hpp"

namespace ssis::detail {

class ExpressionChecker {
 public:
  /// Returns a checked variable's type; nullopt when it cannot be typed (its own error, or
  /// a cycle, already reported).
  using VariableTyper = std::function<std::optional<ValueType>(int variable)>;

  ExpressionChecker(const SymbolTable& symbols, const Schema& schema, const std::vector<ParameterModel>& parameters,
                    DiagnosticSink& sink, VariableTyper variable_type);

  /// Checks `root` evaluated at `scope` level; false when anything was reported.
  bool check(Expr& root, const ExpressionText& text, Level scope);

 private:
  struct Failed {};
  ValueType visit(Expr& e, Level scope, bool in_aggregate);
  ValueType visit_name(Expr& e, Level scope);
  ValueType visit_call(Expr& e, Level scope, bool in_aggregate);
  ValueType visit_aggregate(Expr& e, Level scope, bool in_aggregate);
  ValueType visit_index(Expr& e, Level scope, bool in_aggregate);
  ValueType visit_binary(Expr& e, Level scope, bool in_aggregate);
  ValueType arithmetic(Expr& e, ValueType left, ValueType right);
  ValueType unify(Expr& at, ValueType left, ValueType right, const char* what);
  void compare(Expr& e, Expr& left, Expr& right, ValueType lt, ValueType rt);
  /// Gives a string literal the enum type of the other side, or reports it.
  bool resolve_string(Expr& literal, ValueType enum_type);
  void expect_kind(Expr& e, ValueType type, ValueKind kind, const char* what);
  void expect_numeric(Expr& e, ValueType type, const char* what);
  [[noreturn]] void fail(const Expr& e, DiagnosticCode code, std::string message);
  std::string name_of(ValueType type) const { return type_name(type, schema_); }

  const SymbolTable& symbols_;
  const Schema& schema_;
  const std::vector<ParameterModel>& parameters_;
  DiagnosticSink& sink_;
  VariableTyper variable_type_;
  const ExpressionText* text_ = nullptr;
};

}  // namespace ssis::detail
