#pragma once
// The canonical form of a household's input and its hash, for receipts (docs/audit.md): the
// facts as the schema reads them, whatever the key order, spacing or format they came in.
#include <string>
#include <vector>

#include "eval/block.hpp"
#include "model/rule_model.hpp"

namespace ssis::detail {

/// The indices of `fields` in the order of their names' bytes.
std::vector<std::size_t> canonical_field_order(const std::vector<FieldInfo>& fields);

/// Household `row` of `block` as one line of JSON without spaces:
/// {"household":{FIELD:VALUE,...},"id":ID,"members":[{FIELD:VALUE,...},...]} with each
/// object's known fields in the order of their names (RuleModel::canonical_order); booleans and integers as JSON literals, decimals, money,
/// dates and enumeration values as strings ("1234.5", "2024-07-01", "seoul"). When some
/// of its known facts are dated, "as_of":{"household":{FIELD:DATE,...},"members":[{...},...]}
/// comes first, with the date of each dated fact.
std::string canonical_input(const RuleModel& model, const Block& block, std::size_t row);
/// The same, looking only at the fields of `order`: the model's canonical order, or
/// known_somewhere's for `block`.
std::string canonical_input(const RuleModel& model, const Block& block, std::size_t row, const CanonicalOrder& order);

/// The fields of `order` that some row of `block` knows, in that order: no other field
/// appears in the canonical input of any of its households.
CanonicalOrder known_somewhere(const CanonicalOrder& order, const Block& block);

/// "sha256:" and the 64 hexadecimal digits of the SHA-256 of canonical_input.
std::string input_hash(const RuleModel& model, const Block& block, std::size_t row);
std::string input_hash(const RuleModel& model, const Block& block, std::size_t row, const CanonicalOrder& order);

}  // namespace ssis::detail
