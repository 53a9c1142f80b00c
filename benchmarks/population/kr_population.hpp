#pragma once
/// A synthetic Korean population for rules/kr: household sizes, ages, incomes, property,
/// vehicles, tenure and regions drawn from illustrative distributions (see
/// benchmarks/README.md). Seeded: the same seed gives the same households everywhere.

#include <ssis/date.hpp>
#include <ssis/household.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "population/random_source.hpp"

namespace ssis::population {

class KrPopulation {
 public:
  /// Households are generated as of `reference_date` (ages are computed against it).
  KrPopulation(std::uint64_t seed, Date reference_date);

  /// The next household; ids are "h1", "h2", ...
  Household next();
  std::vector<Household> take(std::size_t count);

 private:
  void add_member(Household& household, const char* relation, std::int64_t age);
  void add_property(Household& household);

  RandomSource random_;
  Date reference_date_;
  std::uint64_t counter_ = 0;
};

/// The household and member fields the generator sets, in CSV column order.
const std::vector<std::string>& household_columns();
const std::vector<std::string>& member_columns();

/// CSV as `ssis eval-batch` reads it: a header, then one row per member, the household's
/// fields repeated on each of its rows.
void write_csv_header(std::ostream& out);
void write_csv(std::ostream& out, const Household& household);
/// One JSON object per line, as `ssis eval` and `ssis eval-batch` read them.
void write_json_line(std::ostream& out, const Household& household);

}  // namespace ssis::population
