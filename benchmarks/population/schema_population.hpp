#pragma once
/// Random households for any rule set, drawn from its schema: one to six members, a sixth of
/// the optional values unknown, a few extreme or outside the field's range (one in 200
/// numbers), the rest within it, mostly modest (counts up to 10, amounts up to 1,000,000,
/// often none). Seeded. For comparing engines on rule sets without a population of their own.

#include <ssis/columns.hpp>

#include <cstdint>

namespace ssis::population {

HouseholdColumns schema_households(const RuleSet& rules, std::size_t households, std::uint64_t seed);

}  // namespace ssis::population
