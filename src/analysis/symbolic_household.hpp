#pragma once
// A household whose fields are solver variables: one variable per household field and per
// member field of each member slot, each within the schema's bounds and enumerations, and a
// number of members from one to a stated maximum. A model of the solver reads back as a
// Household the engine evaluates.
#include <z3++.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "ssis/household.hpp"
#include "ssis/schema.hpp"

namespace ssis::analysis {

/// The part of the household space the solver searches; anything outside is not analysed.
struct HouseholdBounds {
  int max_members = 3;
  /// Money fields without a `max:` in the schema hold whole amounts from their `min:` (else 0)
  /// to this many units of the currency.
  std::int64_t max_money = 10'000'000'000;
  /// Whole-number fields without bounds: 0 to this.
  std::int64_t max_integer = 100'000;
  /// Decimal fields (rates) without bounds: 0 to this.
  std::int64_t max_decimal = 100;
  /// Dates from this year's first day; a date that may not be after the evaluation date ends
  /// there, any other at the end of `last_year`.
  int first_year = 1900;
  int last_year = 2100;
};

/// A value the translation reads: the value, and whether it is unknown or an error (an
/// error is also unknown, as in the engine's knowledge flags).
struct Term {
  z3::expr value;
  z3::expr unknown;
  z3::expr error;
};

/// Which household fields and member fields (by index in the schema) are meant.
struct FieldSet {
  std::vector<char> household;
  std::vector<char> member;
};

class SymbolicHousehold {
 public:
  SymbolicHousehold(z3::context& context, const Schema& schema, Date date, const HouseholdBounds& bounds);

  z3::context& context() const { return *context_; }
  const HouseholdBounds& bounds() const { return bounds_; }
  int slots() const { return bounds_.max_members; }
  /// Whether member slot `slot` is a member of the household.
  z3::expr present(int slot) const;
  const Term& household_field(std::size_t field) const { return household_[field]; }
  const Term& member_field(std::size_t field, int slot) const { return members_[static_cast<std::size_t>(slot)][field]; }
  /// The bounds of every field and of the number of members.
  const z3::expr_vector& domain() const { return domain_; }
  z3::expr member_count() const { return count_; }

  /// Fixes every field to the household's value (an omitted field takes its default, else
  /// is unknown) and the number of members to its own, which must be the bounds' number;
  /// `free_field` (a household field, or a member field of member `free_member`) is left to
  /// the solver. Throws InputError naming the field path of a value that does not fit.
  void fix(const Household& household, Level free_level, int free_field, int free_member);
  /// The household a model of the solver describes, with as many members as the model says
  /// and the fields `keep` marks (all when null); required fields are always set.
  Household read(const z3::model& model, const FieldSet* keep = nullptr) const;
  /// A field's value in raw form (millionths, days, enumeration index, 0/1).
  z3::expr variable(Level level, std::size_t field, int slot) const;

 private:
  Term field_term(const FieldInfo& field, const std::string& name);

  z3::context* context_;
  const Schema* schema_;
  Date date_;
  HouseholdBounds bounds_;
  z3::expr count_;
  std::vector<Term> household_;
  std::vector<std::vector<Term>> members_;
  z3::expr_vector domain_;
};

/// The raw value of a household's input value for a field (nullopt when unknown).
std::optional<std::int64_t> raw_value(const Schema& schema, const FieldInfo& field, const InputValue& value);

}  // namespace ssis::analysis
