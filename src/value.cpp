#include "ssis/value.hpp"

namespace ssis {

std::string Value::to_string() const {
  if (knowledge == Knowledge::unknown) return "unknown";
  if (knowledge == Knowledge::error) return "error";
  switch (kind) {
    case ValueKind::boolean: return raw != 0 ? "true" : "false";
    case ValueKind::integer: return std::to_string(raw);
    case ValueKind::decimal:
    case ValueKind::money: return Decimal::from_raw(raw).to_string();
    case ValueKind::date: return Date::from_days(static_cast<std::int32_t>(raw)).to_string();
    case ValueKind::enumeration:
      if (enum_values != nullptr && raw >= 0 && static_cast<std::size_t>(raw) < enum_values->size())
        return (*enum_values)[static_cast<std::size_t>(raw)];
      return std::to_string(raw);
  }
  return "?";
}

}  // namespace ssis
