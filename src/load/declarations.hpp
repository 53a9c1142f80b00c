#pragma once
// Rule files as declared: every name, value and expression with its source position.
// Produced by the loader; nothing here is resolved or type-checked yet.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ssis/household.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

struct Text {
  std::string value;
  SourcePos pos;
};

/// An expression string and, for each of its bytes, the byte offset in the YAML file.
struct ExpressionText {
  std::string text;
  int file = -1;
  std::vector<std::uint32_t> offsets;  // text.size() + 1 entries; the last is the end
  SourcePos pos_of(std::size_t index) const {
    if (offsets.empty()) return {file, 0};
    return {file, offsets[std::min(index, offsets.size() - 1)]};
  }
};

using LocalizedNames = std::map<std::string, std::string>;  // language -> text

struct EnumDecl {
  Text name;
  std::string description;
  std::vector<Text> values;
};

struct FieldDecl {
  Text name;
  bool member = false;
  Text type;
  std::string description;
  bool required = false;
  std::optional<Text> min;
  std::optional<Text> max;
  std::optional<Text> default_value;
  std::optional<Text> not_after;
  std::optional<Text> max_age;  ///< how old its fact may be ("P12M")
  LocalizedNames question;   ///< language -> the question that asks for the field
  std::string source_agency;  ///< the agency that holds the field, when a source says so
  std::string source_data;    ///< that agency's data category
};

struct TableEntry;

/// A value or a nested table of a parameter as written.
struct TableNode {
  SourcePos pos;
  bool is_map = false;
  bool is_null = false;
  std::string scalar;
  std::vector<TableEntry> entries;
};

struct TableEntry {
  Text key;
  TableNode value;
};

struct ParameterKeyDecl {
  Text name;
  Text type;
  bool bracket = false;
};

struct DatedValueDecl {
  Text date;
  TableNode value;
};

struct ParameterDecl {
  Text name;
  std::string description;
  Text type;
  std::string source;
  std::string confidence;
  std::vector<ParameterKeyDecl> keys;
  std::vector<DatedValueDecl> values;
  std::optional<Text> until;
  std::optional<Text> valid_until;  // the last day its values are known to hold
};

struct VariableDecl {
  Text name;
  bool member = false;
  std::optional<Text> type;
  std::string description;
  std::string source;
  ExpressionText formula;
};

// A kind of unit built from members: the members whose `key` (a member-level expression of
// fields and parameters) has the same known value form one.
struct UnitKindDecl {
  Text name;
  std::string description;
  ExpressionText key;
};

struct CriterionDecl {
  Text id;
  std::string description;
  ExpressionText condition;
  Text decided_by;  // data | official | document | medical
  std::optional<Text> members;  // independent: its members need not be those the other criteria ask about
};

struct AmountDecl {
  ExpressionText formula;
  std::optional<Text> rounding_unit;
  std::optional<Text> rounding_mode;
  std::optional<Text> period;
};

// Who a programme is assessed for: `each` is household (the default) or member; `where`,
// for members, the condition a member meets to be assessed.
struct UnitDecl {
  Text each;
  std::optional<ExpressionText> where;
};

struct ProgrammeDecl {
  Text id;
  LocalizedNames name;
  LocalizedNames ministry;
  std::string department;
  std::string legal_basis;
  std::string catalogue_id;
  std::string catalogue_date;
  std::string url;
  std::string support_cycle;
  std::vector<std::string> provision;
  std::optional<Text> active_from;
  std::optional<Text> active_to;
  std::optional<UnitDecl> unit;
  std::vector<CriterionDecl> criteria;
  std::optional<AmountDecl> amount;
  std::vector<std::string> not_encoded;
  std::vector<std::string> notes;
  std::string file;
};

struct RelationDecl {
  Text id;
  Text kind;  // exclusive | requires
  std::vector<Text> programmes;
  Text keep;  // highest_amount | first_listed
  std::optional<Text> programme;
  std::vector<Text> requires_programmes;
  std::string description;
  std::string source;
  std::optional<Text> per;  // household (default) | member
};

// A test's expectation for one member's unit of a programme assessed per member.
struct ExpectedUnitDecl {
  Text member;  // the member's index
  std::optional<Text> status;  // a status, or not_assessed
  std::optional<Text> amount;
  std::optional<std::vector<Text>> missing;
};

struct ExpectedOutcomeDecl {
  Text programme;
  std::optional<Text> status;
  std::optional<Text> amount;
  std::optional<std::vector<Text>> missing;
  std::vector<ExpectedUnitDecl> units;
};

struct ExpectedValueDecl {
  Text name;
  Text value;
};

struct TestDecl {
  Text name;
  Text date;
  Household household;
  SourcePos household_pos;
  std::vector<ExpectedOutcomeDecl> expect;
  std::vector<ExpectedValueDecl> variables;
};

/// One entry of `labels:` in ruleset.yaml: a word the engine writes, in one language.
struct LabelDecl {
  Text language;
  Text key;  ///< checked against the engine's labels (ssis/labels.hpp)
  std::string text;
};

struct RuleSetHeader {
  Text id;
  LocalizedNames name;
  std::string currency;
  std::string description;
  std::vector<LabelDecl> labels;
  std::string version;  // of the rule set's content, as its authors number it
  /// What evaluating past a parameter's `valid_until` does: "warning" (default) or "error".
  std::optional<Text> stale_parameters;
  /// What a dated fact older than its field's `max_age` is: "warning" (default: it counts,
  /// flagged) or "unknown" (it is taken as not known).
  std::optional<Text> stale_facts;
};

struct Declarations {
  std::vector<RuleSetHeader> headers;  // exactly one is valid
  std::vector<EnumDecl> enums;
  std::vector<FieldDecl> fields;
  std::vector<ParameterDecl> parameters;
  std::vector<VariableDecl> variables;
  std::vector<UnitKindDecl> unit_kinds;
  std::vector<ProgrammeDecl> programmes;
  std::vector<RelationDecl> relations;
  std::vector<TestDecl> tests;
};

}  // namespace ssis::detail
