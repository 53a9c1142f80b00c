#pragma once
// A household's own income per month: chosen money fields summed over the household record
// and its members, a field left out counting as its default (else 0).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ssis/household.hpp"
#include "ssis/schema.hpp"

namespace ssis::detail {

struct IncomeOf {
  std::optional<std::int64_t> raw;  ///< millionths; nullopt when a field is given as unknown
  std::string unknown_path;         ///< then the first such field ("members[1].earned_income")
};

class HouseholdIncome {
 public:
  /// Throws InputError (path "--income") for a name that is not a money field of `schema`.
  HouseholdIncome(const Schema& schema, const std::vector<std::string>& fields);
  /// Throws InputError naming the field path for a value that is not a number or overflows.
  IncomeOf of(const Household& household) const;

 private:
  std::vector<const FieldInfo*> fields_;
};

}  // namespace ssis::detail
