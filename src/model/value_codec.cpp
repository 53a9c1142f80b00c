#include "model/value_codec.hpp"

#include <fmt/format.h>

#include <charconv>

#include "check/symbols.hpp"
#include "io/utf8.hpp"

namespace ssis::detail {
std::string input_value_literal(const InputValue& value, std::string (*quote)(std::string_view)) {
  struct Visitor {
    std::string (*quote)(std::string_view);
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(Decimal d) const { return d.to_string(); }
    std::string operator()(Date d) const { return d.to_string(); }
    std::string operator()(const std::string& s) const { return quote(s); }
  };
  return std::visit(Visitor{quote}, value);
}

std::optional<ValueType> resolve_type_name(std::string_view name, const Schema& schema) {
  if (name == "bool") return ValueType{ValueKind::boolean, -1};
  if (name == "int") return ValueType{ValueKind::integer, -1};
  if (name == "decimal" || name == "rate") return ValueType{ValueKind::decimal, -1};
  if (name == "money") return ValueType{ValueKind::money, -1};
  if (name == "date") return ValueType{ValueKind::date, -1};
  for (std::size_t i = 0; i < schema.enums().size(); ++i)
    if (schema.enums()[i].name == name) return ValueType{ValueKind::enumeration, static_cast<int>(i)};
  return std::nullopt;
}

std::optional<std::int64_t> raw_from_text(std::string_view text, ValueType type, const Schema& schema, std::string& error) {
  switch (type.kind) {
    case ValueKind::boolean:
      if (text == "true") return 1;
      if (text == "false") return 0;
      error = fmt::format("'{}' is not true or false", escaped(text));
      return std::nullopt;
    case ValueKind::integer: {
      std::int64_t value = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec == std::errc() && end == text.data() + text.size()) return value;
      error = fmt::format("'{}' is not a whole number", escaped(text));
      return std::nullopt;
    }
    case ValueKind::decimal:
      if (!text.empty() && text.back() == '%') {
        if (auto value = Decimal::parse_percent(text.substr(0, text.size() - 1))) return value->raw();
        error = fmt::format("'{}' is not an exact percentage (at most 6 decimal places as a fraction)", escaped(text));
        return std::nullopt;
      }
      [[fallthrough]];
    case ValueKind::money:
      if (auto value = Decimal::parse(text)) return value->raw();
      error = fmt::format("'{}' is not an exact decimal number (at most 6 decimal places, |x| < 9.2e12)", escaped(text));
      return std::nullopt;
    case ValueKind::date:
      if (auto value = Date::parse(text)) return value->days();
      error = fmt::format("'{}' is not a date (YYYY-MM-DD)", escaped(text));
      return std::nullopt;
    case ValueKind::enumeration: {
      const EnumInfo& info = schema.enums()[static_cast<std::size_t>(type.enum_index)];
      const int index = info.find(text);
      if (index >= 0) return index;
      std::string values;
      for (const auto& v : info.values) values += fmt::format("{}{}", values.empty() ? "" : ", ", v);
      error = fmt::format("'{}' is not a value of {} (values: {})", escaped(text), info.name, values);
      return std::nullopt;
    }
  }
  return std::nullopt;
}

InputValue input_from_raw(std::int64_t raw, ValueType type, const Schema& schema) {
  switch (type.kind) {
    case ValueKind::boolean: return raw != 0;
    case ValueKind::integer: return raw;
    case ValueKind::decimal:
    case ValueKind::money: return Decimal::from_raw(raw);
    case ValueKind::date: return Date::from_days(static_cast<std::int32_t>(raw));
    case ValueKind::enumeration: return schema.enums()[static_cast<std::size_t>(type.enum_index)].values[static_cast<std::size_t>(raw)];
  }
  return std::monostate{};
}

std::optional<std::int64_t> raw_from_input(const InputValue& value, ValueType type, const Schema& schema, std::string& error) {
  const std::string expected = type_name(type, schema);
  auto mismatch = [&]() -> std::optional<std::int64_t> {
    error = fmt::format("expected {}, got {}", expected, input_value_literal(value, quoted));
    return std::nullopt;
  };
  switch (type.kind) {
    case ValueKind::boolean:
      if (const bool* b = std::get_if<bool>(&value)) return *b ? 1 : 0;
      return mismatch();
    case ValueKind::integer:
      if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
      if (const auto* d = std::get_if<Decimal>(&value))
        if (auto whole = d->to_int()) return *whole;
      return mismatch();
    case ValueKind::decimal:
    case ValueKind::money:
      if (const auto* i = std::get_if<std::int64_t>(&value)) {
        if (auto d = Decimal::from_int(*i)) return d->raw();
        error = fmt::format("{} is outside the range of exact decimals", *i);
        return std::nullopt;
      }
      if (const auto* d = std::get_if<Decimal>(&value)) return d->raw();
      return mismatch();
    case ValueKind::date:
      if (const auto* d = std::get_if<Date>(&value)) return d->days();
      if (const auto* s = std::get_if<std::string>(&value)) return raw_from_text(*s, type, schema, error);
      return mismatch();
    case ValueKind::enumeration:
      if (const auto* s = std::get_if<std::string>(&value)) return raw_from_text(*s, type, schema, error);
      return mismatch();
  }
  return mismatch();
}

}  // namespace ssis::detail
