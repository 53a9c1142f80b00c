#pragma once
// The input fields behind each register of a plan: those its value is computed from,
// directly or through the registers it reads. Worked out once per rule set, so that the
// fields a decision rests on are a union of a few bit sets instead of a walk of the plan.
#include <cstdint>
#include <vector>

#include "plan/plan.hpp"

namespace ssis::detail {

class FieldsBehind {
 public:
  FieldsBehind() = default;
  FieldsBehind(const Plan& plan, std::size_t household_fields, std::size_t member_fields);

  /// A set of fields: bit f for household field f, bit household_fields + f for member field f.
  using Bits = std::vector<std::uint64_t>;
  /// An empty set of this plan's fields.
  Bits none() const { return Bits(words_, 0); }
  /// Adds the fields behind register `reg` to `bits`.
  void add(std::int32_t reg, Bits& bits) const;

 private:
  void add(std::int32_t reg, std::uint64_t* bits) const;  // `words_` words

  std::size_t words_ = 0;
  std::vector<std::uint64_t> bits_;  // register r's set: words_ words from r * words_
};

}  // namespace ssis::detail
