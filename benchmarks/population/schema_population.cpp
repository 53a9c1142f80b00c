#include "population/schema_population.hpp"

#include <algorithm>
#include <iterator>
#include <random>
#include <vector>

namespace ssis::population {
namespace {

// Values that make arithmetic overflow, divide by zero or fall outside a field's range.
constexpr std::int64_t extremes[] = {0, 1, -1, INT64_MAX, INT64_MIN, 9'000'000'000'000'000'000, -9'000'000'000'000'000'000, 1'000'000};

}  // namespace

HouseholdColumns schema_households(const RuleSet& rules, std::size_t households, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<std::uint32_t> members(households);
  for (auto& count : members) count = 1 + static_cast<std::uint32_t>(random() % 6);
  HouseholdColumns columns(rules, members);
  const std::int64_t today = Date::parse("2025-09-24")->days();
  auto fill = [&](const FieldInfo& field, std::size_t rows) {
    std::vector<std::int64_t> raw(rows);
    std::vector<std::uint8_t> given(rows);
    const auto& enums = rules.schema().enums();
    for (std::size_t r = 0; r < rows; ++r) {
      given[r] = field.required || random() % 6 != 0;
      const std::uint64_t draw = random();
      const std::int64_t low = field.min_raw.value_or(-1'000'000'000'000);
      const std::int64_t high = field.max_raw.value_or(1'000'000'000'000'000);
      switch (field.type.kind) {
        case ValueKind::boolean: raw[r] = static_cast<std::int64_t>(draw % 2); break;
        case ValueKind::enumeration:
          raw[r] = static_cast<std::int64_t>(draw % enums[static_cast<std::size_t>(field.type.enum_index)].values.size());
          break;
        case ValueKind::date: raw[r] = today - static_cast<std::int64_t>(draw % 40'000) + 1'000 * (draw % 500 == 0); break;
        default:
          if (draw % 200 == 0) {
            raw[r] = extremes[draw / 200 % std::size(extremes)];
          } else if (draw % 3 == 0) {  // anywhere in the field's range
            const auto span = static_cast<std::uint64_t>(std::min<std::int64_t>(high - low, 1'000'000'000'000'000) + 1);
            raw[r] = low + static_cast<std::int64_t>(draw / 3 % span);
          } else {  // a modest value: a count up to 10, an amount up to 1,000,000, often none
            const std::int64_t modest = field.type.kind == ValueKind::integer ? 10 : draw % 2 ? 0 : 1'000'000'000'000;
            const std::int64_t from = std::max<std::int64_t>(low, 0);
            raw[r] = std::min(high, from + static_cast<std::int64_t>(draw / 3 % static_cast<std::uint64_t>(modest + 1)));
          }
      }
    }
    columns.set(field.name, raw, given);
  };
  for (const auto& field : rules.schema().household_fields()) fill(field, households);
  for (const auto& field : rules.schema().member_fields()) fill(field, columns.members());
  return columns;
}

}  // namespace ssis::population
