#pragma once
// The checked rule set: declarations resolved into typed trees, parameter tables and the
// compiled plan. Built once by RuleSet::load and read-only afterwards.
#include <optional>
#include <string>
#include <vector>

#include "expr/ast.hpp"
#include "load/declarations.hpp"
#include "model/fact_paths.hpp"
#include "plan/explanation_plan.hpp"
#include "plan/fields_behind.hpp"
#include "plan/plan.hpp"
#include "plan/programme_inputs.hpp"
#include "ssis/programme_selection.hpp"
#include "ssis/rule_set.hpp"

namespace ssis::detail {

/// A parameter's value on and after `from`: one value, or a table keyed by one or more
/// keys (raw key values, row-major, `key_count` per entry).
struct DatedTable {
  Date from;
  bool in_force = true;
  std::vector<std::int64_t> keys;
  std::vector<std::int64_t> values;
  /// A table of one key whose entries lie within a few hundred whole numbers: the entry each
  /// key from `dense_first` to the greatest entry takes (-1: none), looked up without a search
  /// (index_dense_entries). Empty for any other table.
  std::int64_t dense_first = 0;
  std::vector<std::int32_t> dense;
};

/// Fills `table.dense` when the table has one key within 1,024 consecutive whole numbers;
/// `bracket`: the key takes the greatest entry not above the value.
void index_dense_entries(DatedTable& table, bool bracket);

struct ParameterModel {
  ValueType type;
  std::vector<ValueType> key_types;
  std::vector<bool> key_bracket;
  std::vector<DatedTable> tables;  // sorted by date
  std::optional<Date> until;
  std::optional<Date> valid_until;  // the last day its values are known to hold
};

struct VariableModel {
  ValueType type;
  Level level = Level::household;
  ExpressionText text;
  ExprPtr formula;
};

// A kind of unit built from members: those whose key has the same known value.
struct UnitKindModel {
  std::string name;
  std::string description;
  ExpressionText text;
  ExprPtr key;
};

struct CriterionModel {
  ExpressionText text;
  ExprPtr condition;
};

struct ProgrammeModel {
  std::optional<CriterionModel> unit_where;  // programmes assessed for each member who meets it
  std::vector<CriterionModel> criteria;
  ExpressionText amount_text;
  ExprPtr amount;
};

struct RelationModel {
  std::vector<int> programmes;  // exclusive group, in listed order
  int dependent = -1;           // requires: the programme that requires
  std::vector<int> required;
  bool any = false;             // requires_any: one eligible requirement suffices
};

// What a test expects of a decision; what it leaves out is not checked.
struct ExpectedDecision {
  std::optional<std::string> status;
  std::optional<Decimal> amount;
  std::optional<std::vector<std::string>> missing;
};

// Of one member's decision, for a programme assessed per member; status may be not_assessed.
struct ExpectedUnit : ExpectedDecision {
  std::size_t member = 0;
};

struct ExpectedOutcome : ExpectedDecision {
  int programme = -1;
  std::vector<ExpectedUnit> units;
};

struct ExpectedValue {
  int variable = -1;
  std::string text;
};

struct TestModel {
  std::string name;
  SourcePos pos;
  std::string file;  // resolved from pos once loading is done
  int line = 0;
  Date date;
  Household household;
  std::vector<ExpectedOutcome> expect;
  std::vector<ExpectedValue> variables;
};

// The household and member fields in the order of their names' bytes, for the canonical
// form of an input (eval/canonical_input.hpp).
struct CanonicalOrder {
  std::vector<std::size_t> household;
  std::vector<std::size_t> member;
};

struct RuleModel {
  std::string id;
  std::string currency;
  Labels labels;
  std::string version;
  bool stale_parameters_are_errors = false;  // `stale_parameters: error` in ruleset.yaml
  bool stale_facts_are_unknown = false;      // `stale_facts: unknown` in ruleset.yaml
  std::string fingerprint;
  Schema schema;
  std::vector<ProgrammeInfo> programme_infos;
  std::vector<ParameterInfo> parameter_infos;
  std::vector<VariableInfo> variable_infos;
  std::vector<RelationInfo> relation_infos;
  std::vector<ParameterModel> parameters;
  std::vector<VariableModel> variables;
  std::vector<int> variable_order;  // every variable after the variables it uses
  std::vector<UnitKindModel> unit_kinds;
  std::vector<ProgrammeModel> programmes;
  std::vector<RelationModel> relations;
  std::vector<int> requires_order;  // relation indices of `requires`, dependencies first
  std::vector<TestModel> tests;
  Plan plan;
  std::vector<ProgrammeInputs> programme_inputs;  // per programme: the parameters and fields it reads
  FieldsBehind fields_behind;                      // per register: the fields it is computed from
  std::vector<ProgrammeExplanation> explanations;
  FactPaths fact_paths;
  CanonicalOrder canonical_order;
};

// The compiled model behind a RuleSet, for the engine's own code: the public headers keep it
// out of reach.
struct RuleSetAccess {
  static const RuleModel& model(const RuleSet& rules) { return *rules.model_; }
  static const std::shared_ptr<const RuleModel>& shared_model(const RuleSet& rules) { return rules.model_; }
  static const ProgrammeCode& code(const ProgrammeSelection& selection) { return *selection.code_; }
};
inline const RuleModel& model_of(const RuleSet& rules) { return RuleSetAccess::model(rules); }

}  // namespace ssis::detail
