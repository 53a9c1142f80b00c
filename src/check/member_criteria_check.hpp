#pragma once
// Criteria that ask about members one at a time: `any(members, A)` in one criterion and
// `any(members, B)` in another hold when one member meets A and a different member meets B.
// Where one person must meet both, that is a fault; this check reports it as a warning.
#include "load/declarations.hpp"
#include "model/rule_model.hpp"
#include "support/diagnostic_sink.hpp"

namespace ssis::detail {

/// Warns when two or more criteria of the programme each hold through `any(members, ...)`
/// and no one member condition among them implies the others (a member condition implies
/// another when it has all of the other's `and` terms, a member variable standing for the
/// terms of its formula). Criteria marked `members: independent` are left out; any other
/// value of that key is an error. `criteria` are the checked conditions of `decl.criteria`,
/// in the same order; `variables` the rule set's variables.
void check_member_criteria(const ProgrammeDecl& decl, const std::vector<CriterionModel>& criteria,
                           const std::vector<VariableModel>& variables, DiagnosticSink& sink);

}  // namespace ssis::detail
