#pragma once
// The sections of a rule file that a reform file writes too: dated parameter values,
// programmes, amounts and relations, read the same way with the same diagnostics.
#include <optional>
#include <string>
#include <vector>

#include "load/file_reader.hpp"

namespace ssis::detail {

/// A parameter's `values:` mapping, effective date -> value or table.
std::vector<DatedValueDecl> read_dated_values(const FileReader& r, const YAML::Node& values);
/// A `programme:` body, appended to `out.programmes`; `path` is the file it comes from.
void read_programme(const FileReader& r, const YAML::Node& node, const std::string& path, Declarations& out);
/// An `amount:` mapping; nullopt when it is not a mapping (reported).
std::optional<AmountDecl> read_amount(const FileReader& r, const YAML::Node& amount);
/// One entry of `relations:`, appended to `out.relations`.
void read_relation(const FileReader& r, const YAML::Node& item, Declarations& out);

}  // namespace ssis::detail
