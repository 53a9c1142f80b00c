#pragma once
/// The hand-written baseline: the standard means test and the basic livelihood benefits of
/// rules/kr (livelihood, medical, housing rent, housing repair, education) for 2025, written
/// as a plain C++ loop over native structs with the same exact arithmetic (millionths of a
/// won). The benchmarks report the engine's time as a ratio to it, and the differential
/// test checks that both give the same statuses and amounts.

#include <ssis/household.hpp>
#include <ssis/outcome.hpp>

#include <array>
#include <cstdint>

namespace ssis::baseline {

struct NativeHousehold {
  int region = 0;        // seoul, gyeonggi, metro, other
  int rent_tier = 0;     // tier1..tier4
  int tenure = 0;        // owner, tenant, other
  int repair_grade = 0;  // light, medium, major
  bool livelihood_secured_by_other_law = false;
  bool housing_provided_by_other_law = false;
  bool has_support_obligor = false;
  bool support_obligor_criterion_met = false;
  std::int64_t obligor_income = 0;
  std::int64_t obligor_property = 0;
  std::int64_t monthly_rent = 0;
  std::int64_t rent_deposit = 0;
  std::int64_t size = 0;
  std::int64_t earned_and_business = 0;
  std::int64_t other_income = 0;
  std::int64_t residential = 0;
  std::int64_t general = 0;
  std::int64_t financial = 0;
  std::int64_t vehicle = 0;
  std::int64_t debt = 0;
  std::array<std::int64_t, 3> students{};  // elementary, middle, high
};

/// Converts a generated household (every fact the subset needs must be present, in whole won).
NativeHousehold to_native(const Household& household);

enum Programme { livelihood, medical, housing_rent, housing_repair, education, programme_count };
inline constexpr const char* programme_ids[programme_count] = {
    "nbls_livelihood", "nbls_medical", "nbls_housing_rent", "nbls_housing_repair", "nbls_education"};

struct NblsResult {
  std::array<Status, programme_count> status{};
  std::array<std::int64_t, programme_count> amount{};  // millionths of a won; 0 when none
};

/// Evaluated on a date in 2025.
NblsResult evaluate_2025(const NativeHousehold& household);

}  // namespace ssis::baseline
