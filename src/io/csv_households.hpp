#pragma once
// Households read from CSV (one row per member, grouped by household_id) as the cells of
// their rows, before any value is converted: the reading thread only splits and groups
// rows, and each household is then either bound straight into columns
// (io/csv_columns.hpp) or made into a Household record.
#include <cstdint>
#include <deque>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv.hpp"
#include "io/increasing_ids.hpp"
#include "io/seen_ids.hpp"
#include "ssis/batch.hpp"

namespace ssis::detail {

/// Which schema field each column of a CSV header holds.
struct CsvHeader {
  std::vector<std::string> names;  ///< every column; empty: the input is empty
  std::size_t id_column = 0;
  std::vector<std::size_t> household_columns;  ///< columns of household fields, in header order
  std::vector<std::size_t> member_columns;     ///< columns of member fields, in header order
};

/// The households of a stretch of input. For a household read without error, its rows
/// (every row of it, each with a cell per header column); a household with an error keeps
/// no rows. The rows' cells are taken from the reader, not copied, and the storage of the
/// rows of a cleared stretch is handed back to it.
class CsvHouseholdRows {
 public:
  struct Household {
    std::string id;
    std::size_t line = 0;             ///< its first line
    std::size_t first_seen_line = 0;  ///< as SourceItem::first_seen_line
    bool out_of_order = false;        ///< as SourceItem::out_of_order
    std::string error;                ///< as SourceItem::error
    std::size_t first_row = 0;
    std::size_t rows = 0;
  };

  std::size_t size() const { return households_.size(); }
  const Household& household(std::size_t h) const { return households_[h]; }
  std::string_view cell(std::size_t row, std::size_t column) const { return rows_[row][column]; }
  /// Empties it, keeping its buffers.
  void clear();
  /// Removes the last household and its rows.
  void remove_last();

 private:
  friend class CsvHouseholdSource;
  Household& add_household() { return households_.emplace_back(); }
  /// Takes the cells of a row, leaving in their place the storage of a row no longer used.
  void add_row(CsvFields& cells);
  /// Drops the rows kept for the last household.
  void drop_rows_of_last();

  std::vector<Household> households_;
  std::vector<CsvFields> rows_;  // the first row_count_ are in use
  std::size_t row_count_ = 0;
};

/// The household `h` of `rows` as a record, as SourceItem for HouseholdSource::next.
void to_source_item(const CsvHeader& header, const CsvHouseholdRows& rows, std::size_t h, SourceItem& item);

/// csv_source: see its description in ssis/batch.hpp. Besides one household at a time as a
/// record, it gives households as rows of cells, for run_batch to bind into columns.
class CsvHouseholdSource final : public HouseholdSource {
 public:
  CsvHouseholdSource(std::istream& input, const Schema& schema, const SourceOptions& options);

  bool next(SourceItem& item) override;
  /// Appends the next household to `out`; false at the end of the input.
  bool next_rows(CsvHouseholdRows& out);
  const CsvHeader& header() const { return header_; }

 private:
  struct Row {
    CsvFields cells;
    std::size_t line = 0;
    std::optional<std::string> id;  // none: a malformed row without a readable household_id
    std::string error;
  };

  Row* peek(std::size_t index);
  void pop_row();
  bool next_row_belongs_to(const std::string& id);
  void add_row(CsvHouseholdRows& out, Row& row, bool first);

  CsvReader reader_;
  CsvRow record_;
  CsvHeader header_;
  std::deque<Row> rows_;  // read ahead: at most 2
  CsvFields spare_cells_;
  const bool ids_in_order_;
  IncreasingIds increasing_;  // with ids_in_order_
  SeenIds seen_;              // without
  CsvHouseholdRows one_;  // the household next() gives, as rows
};

}  // namespace ssis::detail
