#pragma once
// Households read from CSV bound straight into a block's columns: the header is mapped to
// the schema's fields once, and each cell is parsed by its field's type (numbers with
// from_chars, enumerations from a table made once), without a record per household or a
// lookup by name; the columns of the fields the header leaves out are filled once per block. A household this reading does not settle (a value that does not parse or
// is out of range, a required field without a value, no members or too many, an id that is
// not UTF-8) is bound through its record by bind_household, so the values accepted and the
// messages are exactly those of the record path.
#include <optional>
#include <string_view>
#include <vector>

#include "eval/block.hpp"
#include "io/csv_households.hpp"

namespace ssis::detail {

class CsvColumnBinder {
 public:
  CsvColumnBinder(const Schema& schema, const CsvHeader& header, Date evaluation_date);

  /// Appends household `h` of `rows` (read without error) to `block`. Throws InputError
  /// naming the field path as bind_household does; the block is then unchanged. The columns
  /// of the fields the header leaves out are filled by complete().
  void bind(const CsvHouseholdRows& rows, std::size_t h, Block& block);
  /// Fills the columns of the fields the header leaves out (each with its default, or
  /// unknown) up to the block's households and members: after the block's last household,
  /// before it is evaluated.
  void complete(Block& block) const;

 private:
  // How the cells of one column are read: into which field, and an enumeration's values.
  struct CellReader {
    const FieldInfo* field = nullptr;
    std::size_t column = 0;
    std::size_t index = 0;  // of the field in the schema's household or member fields
    std::vector<std::pair<std::string_view, std::int64_t>> names;  // an enumeration's values, read as text
  };
  // A field the header leaves out, and the value it takes.
  struct Absent {
    std::size_t index = 0;
    BoundValue value;
  };

  bool bind_directly(const CsvHouseholdRows& rows, std::size_t h, Block& block);
  bool read(const CellReader& reader, std::string_view cell, BoundValue& out) const;

  const Schema& schema_;
  const CsvHeader& header_;
  Date evaluation_date_;
  std::vector<CellReader> household_cells_;
  std::vector<CellReader> member_cells_;
  std::vector<Absent> absent_household_fields_;
  std::vector<Absent> absent_member_fields_;
  // A required field the header leaves out: every household is an error, told by the record path.
  bool through_records_ = false;
  // The values read from the cells of the household being bound: its household fields,
  // then its members' fields member after member.
  std::vector<BoundValue> household_values_;
  std::vector<BoundValue> member_values_;
  std::vector<std::size_t> member_rows_;  // of the household being bound
  SourceItem record_;                     // the household as a record, when bound through it
};

}  // namespace ssis::detail
