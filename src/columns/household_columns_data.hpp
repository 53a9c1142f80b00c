#pragma once
// What HouseholdColumns holds: every household in one block of columns, and the first
// problem found in each household's values.
#include <span>
#include <string>
#include <vector>

#include "eval/block.hpp"
#include "ssis/columns.hpp"

namespace ssis {

struct HouseholdColumns::Data {
  RuleSet rules;
  detail::Block block;
  std::vector<std::string> problems;  // per household: "" or the first problem, with its path
};

namespace detail {

struct ColumnsAccess {
  static const HouseholdColumns::Data& data(const HouseholdColumns& columns) { return *columns.data_; }
  static HouseholdColumns::Data& data(HouseholdColumns& columns) { return *columns.data_; }
};

/// The fields a copy of some households carries, per schema field.
struct CopiedFields {
  std::vector<char> household;
  std::vector<char> member;
};

/// Makes `to` (of the same schema) hold households `households` of `from`, in that order,
/// with their ids and problems, keeping its buffers. With `fields`, only those fields'
/// columns are copied; the others have as many rows, of no meaning (a table for code that
/// reads no other field, whose required and date-bounded fields are among `fields`).
void copy_households(const HouseholdColumns::Data& from, std::span<const std::size_t> households, const CopiedFields* fields,
                     HouseholdColumns::Data& to);

}  // namespace detail

}  // namespace ssis
