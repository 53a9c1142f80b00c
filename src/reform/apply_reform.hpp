#pragma once
// Applies a reform to the declarations of a rule set, before they are checked and compiled,
// so that what it introduces is checked as rules are, at its place in the reform file.
#include "load/declarations.hpp"
#include "reform/reform_declarations.hpp"
#include "support/diagnostic_sink.hpp"

namespace ssis::detail {

/// Changes `declarations` as `reform` says. A name the rule set does not declare (a
/// parameter, programme, criterion or relation), a name given twice, or a programme removed
/// while a relation that is kept still names it, is an error at its place in the reform file.
/// The rule set's own tests describe its law as written: they are dropped.
void apply_reform(ReformDecl reform, Declarations& declarations, DiagnosticSink& sink);

}  // namespace ssis::detail
