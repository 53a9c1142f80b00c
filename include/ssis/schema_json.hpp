#pragma once
/// The household input a rule set expects as a JSON Schema (draft 2020-12): one household
/// object or an array of them, as parse_households_json reads them and the schema checks them.
#include <string>
#include <string_view>

#include "ssis/schema.hpp"

namespace ssis {

struct JsonSchemaOptions {
  std::string_view title;                ///< e.g. the rule-set id; empty: none
  std::size_t max_members = 100;         ///< EvaluationOptions::max_members
};

/// Field types as JSON types (a date is a "YYYY-MM-DD" string, an enumeration one of its
/// values), bounds as minimum and maximum, required fields in "required" and not nullable,
/// every other field nullable (null: an unknown fact); no property outside the schema.
std::string to_json_schema(const Schema& schema, const JsonSchemaOptions& options = {});

}  // namespace ssis
