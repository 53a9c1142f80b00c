#pragma once
/// Households from JSON: one object, or an array of objects. Each object holds household
/// fields, an optional "id", and "members": an array of objects of member fields.
/// Numbers are read exactly (no binary floating point); a number with more than 6
/// decimal places or an exponent is rejected. "as_of" (in the household or in a member)
/// dates facts: a "YYYY-MM-DD" for all of them, or an object of field name -> date where
/// "*" dates the others and, in the household, "members[].FIELD" a field of every member
/// (docs/audit.md, "Facts with a date").
#include <string_view>
#include <vector>

#include "ssis/household.hpp"

namespace ssis {

/// Throws InputError naming the line, column and path of the first problem. Households
/// without an "id" are numbered from 1.
std::vector<Household> parse_households_json(std::string_view text);
/// Exactly one household object; `default_id` when it has no "id".
Household parse_household_json(std::string_view text, std::string default_id);

}  // namespace ssis
