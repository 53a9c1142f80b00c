#pragma once
/// Households as columns, and their evaluation straight to arrays of decisions: the fastest
/// way through the engine for data that is already tabular (numpy arrays, Arrow, a query
/// result). No record per household, no name lookups per value, no strings per decision.
///
/// Values are raw: integers as they are, decimal and money in millionths (Decimal::raw),
/// dates in days since 1970-01-01 (Date::days), booleans 0 or 1, enumerations as the index
/// of their value in the schema's list (EnumInfo::values).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ssis/household.hpp"
#include "ssis/outcome.hpp"
#include "ssis/programme_selection.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

struct ColumnOutcomes;
struct ColumnOptions;
namespace detail {
struct ColumnsAccess;  // the engine's own way to a table's columns
}  // namespace detail

class HouseholdColumns {
 public:
  /// Households with the given number of members each; every field starts omitted (its
  /// default, else unknown). A household of no members is an input error.
  HouseholdColumns(const RuleSet& rules, std::span<const std::uint32_t> members_per_household);
  /// No households yet: add them with append().
  explicit HouseholdColumns(const RuleSet& rules);
  ~HouseholdColumns();
  HouseholdColumns(HouseholdColumns&&) noexcept;
  HouseholdColumns& operator=(HouseholdColumns&&) noexcept;

  std::size_t households() const;
  std::size_t members() const;

  /// Appends one household record, checked as Evaluator::evaluate checks it. Throws
  /// InputError naming the field path; the columns are then unchanged. A date after the
  /// evaluation date, where its field forbids that, is found by evaluate_columns. A household
  /// with dated facts (`as_of`) is refused: columns carry no dates.
  void append(const Household& household);
  /// Appends `copies` copies of one household record, checked once (a what-if table: set()
  /// then varies some fields). Throws std::length_error when the table would have more than
  /// 2^32 - 1 members.
  void append(const Household& household, std::size_t copies);

  /// Sets a household field (one value per household) or a member field (one per member,
  /// households in order) by name. `given[i] == 0` marks value i as missing: it is unknown,
  /// as a null is (a field's default stands only for a field never set). A value outside
  /// the field's range or enumeration, or a date after the evaluation date where the field
  /// forbids it, makes its household an input error (see ColumnOutcomes::input_errors).
  /// Throws InputError for an unknown field or a length that does not match.
  void set(std::string_view field, std::span<const std::int64_t> raw, std::span<const std::uint8_t> given = {});
  /// The same from values as a household record holds them (names for enumerations,
  /// Decimal for money, Date for dates; std::monostate for a missing value). A value of the
  /// wrong type or a text that is not valid UTF-8 makes its household an input error, as a
  /// value out of range does.
  void set(std::string_view field, std::span<const InputValue> values);

  /// Household identifiers, for the caller's use; evaluation does not need them. An id
  /// that is not valid UTF-8 makes its household an input error.
  void set_ids(std::vector<std::string> ids);
  const std::vector<std::string>& ids() const;

  /// A table of some of its households (indices into this one, in the order given, each
  /// as often as given): their values, ids and input problems as they are here. Throws
  /// std::out_of_range for an index that is not a household of the table.
  HouseholdColumns select(std::span<const std::size_t> households) const;

  struct Data;

 private:
  friend struct detail::ColumnsAccess;
  template <typename ValueOf>
  void fill(std::string_view field, std::size_t values, ValueOf value);

  friend void evaluate_columns(const RuleSet&, const HouseholdColumns&, const ColumnOptions&, ColumnOutcomes&);
  std::unique_ptr<Data> data_;
};

/// Every programme's decision for every household, household-major: entry h * programmes + c
/// for the programme of column c, programme_indices[c]: every programme in rule-set order (c
/// is then the index in RuleSet::programmes), or those of ColumnOptions::programmes.
struct ColumnOutcomes {
  std::size_t households = 0;
  std::size_t programmes = 0;  ///< columns
  std::vector<std::size_t> programme_indices;  ///< per column: its programme's index in the rule set
  std::vector<Status> status;
  std::vector<Knowledge> amount_knowledge;
  std::vector<std::int64_t> amount;  ///< raw millionths (Decimal::from_raw); 0 unless known
  /// Per household: empty when it was evaluated, else why not ("members[1].age: 130 is
  /// above the maximum 120"); its programmes then have status error and no amount.
  std::vector<std::string> input_errors;

  /// Programmes assessed per member (ProgrammeUnit::member) among those decided: their
  /// indices in the rule set, in its order, and each member's decision for each of them, member-major: entry
  /// m * member_programmes.size() + k for member row m (the households' members in order:
  /// household h's are rows member_offsets[h] to member_offsets[h + 1] - 1). A member not
  /// assessed (`unit.where` false) has assessed 0 and status ineligible. A household with an
  /// input error has its members' entries not assessed.
  std::vector<std::size_t> member_programmes;
  std::vector<std::uint32_t> member_offsets;  ///< households + 1 entries
  std::vector<std::uint8_t> unit_assessed;
  std::vector<Status> unit_status;
  std::vector<Knowledge> unit_amount_knowledge;
  std::vector<std::int64_t> unit_amount;  ///< raw millionths; 0 unless known

  /// The status in column `column` (the programme's index in the rule set when every
  /// programme is decided).
  Status status_of(std::size_t household, std::size_t column) const { return status[household * programmes + column]; }
};

/// Which engine decides. `automatic`: code generated for the rule set (ssis/compiled_rules.hpp)
/// when some is registered for its plan and the plan has at most 300 instructions (larger
/// ones run faster interpreted, see benchmarks/README.md), else the interpreter. The others
/// force one (`compiled` throws std::invalid_argument when none is registered). Both decide
/// alike.
enum class ColumnEngine { automatic, interpreter, compiled };

struct ColumnOptions {
  Date date;
  unsigned threads = 0;        ///< 0: every core
  /// Households evaluated together; 0: as many as keep the registers the rule set's program
  /// holds within about 4 MiB (a multiple of 32 from 32 to 1,024; 352 for rules/kr).
  std::size_t block_size = 0;
  ColumnEngine engine = ColumnEngine::automatic;
  /// Only these programmes (and those their relations tie them to) are decided, each as the
  /// whole rule set decides it, computing only what they depend on; by the interpreter
  /// (`compiled` is std::invalid_argument). None: every programme.
  std::optional<ProgrammeSelection> programmes{};
};

/// Decides every household of the table. The table may have been made for another rule set
/// with the same schema (a reform of `rules`, for example): one table serves both; a table of
/// other input fields is std::invalid_argument.
ColumnOutcomes evaluate_columns(const RuleSet& rules, const HouseholdColumns& households, const ColumnOptions& options);
/// The same into `out`, every entry rewritten; its arrays are reused, so evaluating tables
/// again (another date, the next table of the same size) allocates nothing for the outcome.
void evaluate_columns(const RuleSet& rules, const HouseholdColumns& households, const ColumnOptions& options,
                      ColumnOutcomes& out);

}  // namespace ssis
