#pragma once
// A reform file as declared: the changes it makes to a rule set's declarations, each name
// and value with its position in the reform file. Applied by apply_reform.
#include <optional>
#include <string>
#include <vector>

#include "load/declarations.hpp"

namespace ssis::detail {

/// New dated values of a parameter: from the earliest of their dates on, they replace the
/// rule set's values (and its `until:`).
struct ParameterChangeDecl {
  Text name;
  std::vector<DatedValueDecl> values;
};

struct CriterionChangeDecl {
  Text id;
  ExpressionText condition;
};

/// Criteria whose condition is replaced and, when given, the amount: its formula, and its
/// period and rounding when the reform states them (else the programme's stand).
struct ProgrammeChangeDecl {
  Text id;
  std::vector<CriterionChangeDecl> criteria;
  std::optional<AmountDecl> amount;
};

struct ReformDecl {
  Text id;
  std::string description;
  std::string source;
  std::vector<ParameterChangeDecl> parameters;
  std::vector<ProgrammeChangeDecl> programmes;
  Declarations added;  ///< programmes and relations added, as a rule file declares them
  std::vector<Text> removed_programmes;
  std::vector<Text> removed_relations;
};

}  // namespace ssis::detail
