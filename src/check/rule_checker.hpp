#pragma once
// Turns declarations into a checked rule model: every name resolved, every expression
// typed, no cycles, every parameter with a value in force. All problems are reported.
#include "expr/parser.hpp"
#include "load/declarations.hpp"
#include "model/rule_model.hpp"
#include "support/diagnostic_sink.hpp"

namespace ssis::detail {

/// Fills `model` (all but the plan). Returns false when any error was reported.
bool check_rules(Declarations& declarations, const ExpressionLimits& limits, DiagnosticSink& sink, RuleModel& model);

}  // namespace ssis::detail
