#pragma once
/// The exact values of one field of a household at which a programme's status changes
/// (its own criteria; relations aside), found by the solver and checked by evaluating the
/// household with the engine at every unit of the field in between.
#include <string>
#include <vector>

#include "analysis/solver_question.hpp"
#include "ssis/household.hpp"
#include "ssis/outcome.hpp"
#include "ssis/rule_set.hpp"

namespace ssis::analysis {

struct CliffOptions {
  Date date;
  std::string vary;   ///< "field" or "members[i].field": a money or whole-number field
  std::string up_to;  ///< the largest value searched and swept, from the household's own

  unsigned timeout_ms = 1000;
};

/// Where programme `programme` goes from `before` to `after`: at `at` and not at `at` - 1 unit.
struct Cliff {
  std::size_t programme = 0;
  std::int64_t at = 0;
  Status before = Status::eligible;
  Status after = Status::eligible;
  friend bool operator==(const Cliff&, const Cliff&) = default;
};

struct CliffReport {
  Level level = Level::household;
  int field = -1;
  std::int64_t unit = 1;               ///< one step of the sweep, raw
  std::int64_t from = 0;               ///< the range searched and swept, raw, inclusive
  std::int64_t to = 0;
  std::vector<Cliff> solver;           ///< in programme order, then by value
  std::vector<Cliff> sweep;            ///< the same from the engine at every unit
  std::vector<std::size_t> unknown;    ///< programmes the solver could not settle in time
  std::size_t programmes_reading = 0;  ///< programmes whose criteria read the field
  std::size_t households_swept = 0;
};

/// Throws InputError naming the field path for a field that is not in the schema, is not
/// money or a whole number, is not given in the household (nor has a default), for an
/// --up-to that is not a value of the field, below the household's or more than 10,000,000
/// steps above it, or for a household
/// that does not fit the schema. The sweep's cliffs of programmes the solver left
/// unknown are not compared.
CliffReport find_cliffs(const RuleSet& rules, const Household& household, const CliffOptions& options);

/// The status of a programme from its own criteria, as the engine decided them.
Status own_status(const ProgrammeOutcome& outcome);

}  // namespace ssis::analysis
