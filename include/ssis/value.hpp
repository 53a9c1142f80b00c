#pragma once
/// Typed values as the engine sees them: inputs, variables, criteria and amounts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ssis/date.hpp"
#include "ssis/decimal.hpp"

namespace ssis {

enum class ValueKind : std::uint8_t { boolean, integer, decimal, money, date, enumeration };

struct ValueType {
  ValueKind kind = ValueKind::boolean;
  int enum_index = -1;  ///< index into Schema::enums() for enumerations
  friend bool operator==(const ValueType&, const ValueType&) = default;
};

/// Whether a value is known. `error` marks a value that could not be computed for this
/// household (an overflow, a missing parameter value); it is never a wrong number.
/// The values are flags: combining the inputs of a computation is their bitwise or, so an
/// error outweighs an unknown, which outweighs known.
enum class Knowledge : std::uint8_t { known = 0, unknown = 1, error = 3 };

/// One value with its type. Decimal and money hold millionths in `raw`; dates hold days
/// since 1970-01-01; enumerations hold the index of their value; booleans 0 or 1.
struct Value {
  ValueKind kind = ValueKind::boolean;
  Knowledge knowledge = Knowledge::unknown;
  std::int64_t raw = 0;
  const std::vector<std::string>* enum_values = nullptr;  ///< names, for enumerations

  bool known() const { return knowledge == Knowledge::known; }
  /// A known decimal or money value (an amount, a rate) as an exact Decimal; nullopt for any
  /// other kind, or while it is unknown or in error.
  std::optional<Decimal> decimal() const {
    if (!known() || (kind != ValueKind::decimal && kind != ValueKind::money)) return std::nullopt;
    return Decimal::from_raw(raw);
  }
  /// "1234.5", "2024-07-01", "seoul", "true"; "unknown" or "error" when not known.
  std::string to_string() const;
};

}  // namespace ssis
