#pragma once
// Conversions between written values (rule files, household input) and the raw 64-bit
// form the plan computes with.
#include <optional>
#include <string>
#include <string_view>

#include "ssis/household.hpp"
#include "ssis/schema.hpp"

namespace ssis::detail {

/// Parses `text` as a value of `type`; nullopt with `error` set when it does not fit.
std::optional<std::int64_t> raw_from_text(std::string_view text, ValueType type, const Schema& schema, std::string& error);
/// Converts an input value to `type`; nullopt with `error` set when it does not fit.
/// std::monostate is not handled here (it means "unknown").
std::optional<std::int64_t> raw_from_input(const InputValue& value, ValueType type, const Schema& schema, std::string& error);
/// The input value a raw value of `type` stands for (the name of an enumeration's value,
/// Decimal for money and decimals, Date for dates).
InputValue input_from_raw(std::int64_t raw, ValueType type, const Schema& schema);
/// A value as rule files and messages write it: null, true/false, numbers and dates as they
/// are, text through `quote`.
std::string input_value_literal(const InputValue& value, std::string (*quote)(std::string_view));
/// A builtin type name ("money", "rate", ...) or an enum name; nullopt when unknown.
std::optional<ValueType> resolve_type_name(std::string_view name, const Schema& schema);

}  // namespace ssis::detail
