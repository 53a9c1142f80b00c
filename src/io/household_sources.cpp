#include <fmt/format.h>

#include <deque>
#include <istream>
#include <map>
#include <optional>

#include "io/csv.hpp"
#include "io/line_reader.hpp"
#include "io/utf8.hpp"
#include "io/seen_ids.hpp"
#include "load/scalar_guess.hpp"
#include "ssis/batch.hpp"
#include "ssis/error.hpp"
#include "ssis/household_json.hpp"

namespace ssis {
namespace {

class CsvSource : public HouseholdSource {
 public:
  CsvSource(std::istream& input, const Schema& schema, const SourceOptions& options)
      : reader_(input, options.max_record_bytes) {
    detail::CsvRecord header;
    if (!reader_.next(header)) return;
    const int line = static_cast<int>(header.line);
    if (!header.error.empty()) throw InputError("", "header: " + header.error, line, 0);
    header_ = std::move(header.fields);
    std::map<std::string_view, std::size_t> columns;
    for (std::size_t c = 0; c < header_.size(); ++c) {
      const std::string& name = header_[c];
      const int column = static_cast<int>(c + 1);
      if (const auto [it, added] = columns.emplace(name, c); !added)
        throw InputError("", fmt::format("column '{}' appears twice: columns {} and {}", detail::escaped(name), it->second + 1, c + 1),
                         line, column);
      if (name == "household_id") id_column_ = c;
      else if (schema.find_field(Level::household, name)) household_columns_.push_back(c);
      else if (schema.find_field(Level::member, name)) member_columns_.push_back(c);
      else
        throw InputError("", fmt::format("column {} '{}' is not a field of the schema (see `ssis schema`)", column, detail::escaped(name)),
                         line, column);
    }
    if (!id_column_) throw InputError("", "the header has no household_id column", line, 0);
    reader_.keep_records_on_one_line();
  }

  bool next(SourceItem& item) override {
    item = SourceItem{};
    const Row* first = peek(0);
    if (first == nullptr) return false;
    item.line = first->line;
    if (!first->id) {  // a malformed row whose household cannot be told
      item.error = fmt::format("line {}: {}", first->line, first->error);
      rows_.pop_front();
      return true;
    }
    const std::string id = *first->id;
    item.household.id = id;
    if (const std::size_t earlier = seen_.insert(id, first->line); earlier != 0) {
      item.first_seen_line = earlier;
      item.error = fmt::format("line {}: the rows of household '{}' are not together: it was first seen at line {}, and the rows "
                               "from there were read as a household of their own",
                               first->line, detail::escaped(id), earlier);
    }
    bool first_row = true;
    while (const Row* row = peek(0)) {
      if (row->id ? *row->id != id : !next_row_belongs_to(id)) break;
      add_row(item, *row, first_row);
      first_row = false;
      rows_.pop_front();
    }
    return true;
  }

 private:
  struct Row {
    std::vector<std::string> cells;
    std::size_t line = 0;
    std::optional<std::string> id;  // none: a malformed row without a readable household_id
    std::string error;
  };

  // The row `index` places ahead, read when needed; null at the end of the input.
  const Row* peek(std::size_t index) {
    while (rows_.size() <= index) {
      if (header_.empty() || !reader_.next(record_)) return nullptr;
      Row& row = rows_.emplace_back();
      row.line = record_.line;
      row.error = std::move(record_.error);
      if (row.error.empty() && record_.fields.size() != header_.size())
        row.error = fmt::format("{} fields where the header has {}", record_.fields.size(), header_.size());
      if (*id_column_ < record_.fields.size()) row.id = record_.fields[*id_column_];
      row.cells = std::move(record_.fields);
    }
    return &rows_[index];
  }

  // A malformed row without a household id is part of the household being read when the
  // row after it continues that household.
  bool next_row_belongs_to(const std::string& id) {
    const Row* after = peek(1);
    return after != nullptr && after->id && *after->id == id;
  }

  void add_row(SourceItem& item, const Row& row, bool first) {
    if (!item.error.empty()) return;  // one error per household: its first
    if (!row.error.empty()) {
      item.error = fmt::format("line {}: {}", row.line, row.error);
      item.household.fields.clear();
      item.household.members.clear();
      return;
    }
    for (std::size_t c : household_columns_) {
      const std::string& cell = row.cells[c];
      if (first) {
        item.household.set(header_[c], detail::guess_scalar(cell));
      } else if (!cell.empty()) {
        const InputValue* existing = item.household.find(header_[c]);
        if (existing == nullptr || *existing != detail::guess_scalar(cell)) {
          item.error = fmt::format("line {}: household field '{}' differs from the household's first row", row.line, header_[c]);
          return;
        }
      }
    }
    bool any_member_value = false;
    for (std::size_t c : member_columns_) any_member_value = any_member_value || !row.cells[c].empty();
    if (!any_member_value) return;
    InputRecord& member = item.household.add_member();
    for (std::size_t c : member_columns_) member.set(header_[c], detail::guess_scalar(row.cells[c]));
  }

  detail::CsvReader reader_;
  detail::CsvRecord record_;
  std::vector<std::string> header_;  // empty: the input is empty
  std::optional<std::size_t> id_column_;
  std::vector<std::size_t> household_columns_;
  std::vector<std::size_t> member_columns_;
  std::deque<Row> rows_;  // read ahead: at most 2
  detail::SeenIds seen_;
};

class JsonLinesSource : public HouseholdSource {
 public:
  JsonLinesSource(std::istream& input, const SourceOptions& options)
      : lines_(input, options.max_record_bytes), max_record_bytes_(options.max_record_bytes) {}

  bool next(SourceItem& item) override {
    item = SourceItem{};
    do {
      if (!lines_.next(line_)) return false;
    } while (!line_.too_long && detail::is_blank(line_.text));
    item.line = line_.number;
    if (line_.too_long) {
      item.error = fmt::format("line {}: record longer than {} bytes", line_.number, max_record_bytes_);
      return true;
    }
    try {
      item.household = parse_household_json(line_.text, std::to_string(line_.number));
    } catch (const InputError& e) {
      item.error = fmt::format("line {}: {}", line_.number, e.what());
    }
    return true;
  }

 private:
  detail::LineReader lines_;
  std::size_t max_record_bytes_;
  detail::Line line_;
};

}  // namespace

std::unique_ptr<HouseholdSource> csv_source(std::istream& input, const Schema& schema, const SourceOptions& options) {
  return std::make_unique<CsvSource>(input, schema, options);
}

std::unique_ptr<HouseholdSource> json_lines_source(std::istream& input, const SourceOptions& options) {
  return std::make_unique<JsonLinesSource>(input, options);
}

}  // namespace ssis
