#pragma once
// Households laid out as columns: one column per household field, one per member field
// (all members of the block, household after household), and the offsets that link them.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ssis/household.hpp"
#include "ssis/schema.hpp"
#include "ssis/value.hpp"

namespace ssis::detail {

/// One column's rows: a value and its knowledge per household or member of a block.
struct ColumnView {
  const std::int64_t* values = nullptr;
  const Knowledge* knowledge = nullptr;
};

struct Column {
  std::vector<std::int64_t> values;
  std::vector<Knowledge> knowledge;
  void resize(std::size_t rows) {
    values.resize(rows);
    knowledge.resize(rows);
  }
};

/// One input value checked against the schema, before it joins the columns.
struct BoundValue {
  std::int64_t value = 0;
  Knowledge knowledge = Knowledge::unknown;
};

/// A known fact the input dated (`as_of`): a household field (`member` < 0) or a member's
/// (`member`: its position in the household).
struct DatedFact {
  std::int32_t member = -1;
  std::uint32_t field = 0;
  Date as_of;
};

struct Block {
  std::size_t households = 0;
  std::size_t members = 0;
  std::vector<std::string> ids;
  std::vector<Column> household_fields;
  std::vector<Column> member_fields;
  std::vector<std::uint32_t> member_offsets{0};  // households + 1 entries
  std::vector<std::uint32_t> member_household;   // one per member row
  std::vector<DatedFact> dated;                  // household after household, fields in schema order
  std::vector<std::uint32_t> dated_offsets{0};   // households + 1 entries
  // A view of another block's households (view_households): their field values are the
  // rows of that block's columns from its `first_household_row` and `first_member_row`;
  // this block's own columns are left empty.
  const Block* fields_of = nullptr;
  std::size_t first_household_row = 0;
  std::size_t first_member_row = 0;
  // Of the block viewed, when worked out: which fields are unknown in every one of its rows
  // (fields_unknown_in_every_row).
  const std::vector<char>* unknown_fields = nullptr;
  // Scratch space for the household being bound, reused from one household to the next.
  std::vector<BoundValue> bound_household;
  std::vector<BoundValue> bound_members;
  std::vector<char> bound_seen;
  std::vector<DatedFact> bound_dated;

  /// Empties the block for the schema's fields, keeping capacity.
  void reset(const Schema& schema);
};

/// The input path of a household field (`member` < 0) or of a member's ("members[1].age").
std::string field_path(int member, std::string_view name);
/// Why a raw value is outside the field's minimum or maximum, or "" when it is not.
std::string range_problem(const FieldInfo& field, std::int64_t raw);
/// Why a raw date is after the evaluation date where its field forbids that, or "".
std::string date_bound_problem(const FieldInfo& field, std::int64_t raw, Date evaluation_date);
/// The message of a household without members.
inline constexpr const char* no_members_problem = "a household needs at least one member";

struct BindOptions {
  std::size_t max_members = 100;
  /// Checks the fields that may not be after it, and the dates of facts (`as_of`); without
  /// it they are checked later.
  std::optional<Date> evaluation_date;
  /// A fact dated after it is taken as not known (`--known-on`): absent, without its default.
  std::optional<Date> known_on{};
  /// A fact older than its field's max_age on evaluation_date is taken as not known (it keeps
  /// its place in `block.dated`): `stale_facts: unknown` in ruleset.yaml.
  bool stale_facts_unknown = false;
};

/// Appends one household, checking it against the schema. Throws InputError naming the
/// field path (e.g. "members[1].birth_date"); on error the block is left unchanged.
/// An explicit null (std::monostate) is an unknown value even where the field has a
/// default: the default stands only for a field the input leaves out. The dates of the known
/// facts (`as_of`) go to `block.dated`; an `as_of` entry naming no field of its level, or
/// after the evaluation date, is an InputError naming it ("members[0].as_of.disabled").
void bind_household(const Schema& schema, const Household& household, const BindOptions& options, Block& block);

/// Counts a household whose values the caller has appended to every column (`members`
/// rows to the member fields' columns) and whose dated facts it has appended to
/// `block.dated`: its id, its member rows and the offsets.
void add_household_rows(std::string_view id, std::size_t members, Block& block);

/// Makes `out` a view of the households [first, first + count) of `all`, members included:
/// their offsets and dated facts are copied, their field values are read where they are in
/// `all`, which must outlive the view and stay unchanged. `unknown_fields`, if given, is
/// fields_unknown_in_every_row of `all`, and must outlive the view too.
void view_households(const Block& all, std::size_t first, std::size_t count, Block& out,
                     const std::vector<char>* unknown_fields = nullptr);

/// Per field of `block`, household fields first and then member fields: whether it is unknown
/// in every row, for the fields given (`household_fields`, `member_fields`: indices; the rest
/// are not read, and marked 0). A view given them tells such a field unknown without reading
/// its rows.
std::vector<char> fields_unknown_in_every_row(const Block& block, const std::vector<std::size_t>& household_fields,
                                              const std::vector<std::size_t>& member_fields);

/// A field's column of `block` as its rows start: its own column, or the rows of the block
/// it views.
ColumnView field_rows(const Block& block, Level level, std::size_t field);
/// Whether every one of `rows` flags says unknown: read 64 at a time (a loop that
/// vectorises), stopping at the first 64 that hold another.
inline bool unknown_everywhere(const Knowledge* knowledge, std::size_t rows) {
  constexpr std::size_t chunk = 64;
  const auto unknown = static_cast<std::uint8_t>(Knowledge::unknown);
  for (std::size_t first = 0; first < rows; first += chunk) {
    const std::size_t end = std::min(rows, first + chunk);
    std::uint8_t other = 0;
    for (std::size_t r = first; r < end; ++r) other |= static_cast<std::uint8_t>(static_cast<std::uint8_t>(knowledge[r]) ^ unknown);
    if (other != 0) return false;
  }
  return true;
}

/// Whether the field is unknown in every row of `block` at `level`; false when the block
/// holds no rows of the field (a block made to run what reads no field).
bool field_unknown_everywhere(const Block& block, Level level, std::size_t field);

}  // namespace ssis::detail
