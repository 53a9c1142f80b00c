#include <fmt/format.h>

#include <istream>

#include "io/csv.hpp"
#include "load/scalar_guess.hpp"
#include "ssis/batch.hpp"
#include "ssis/error.hpp"
#include "ssis/household_json.hpp"

namespace ssis {
namespace {

class CsvSource : public HouseholdSource {
 public:
  CsvSource(std::istream& input, const Schema& schema) : reader_(input) {
    std::size_t line = 0;
    if (!reader_.next(header_, line)) {
      done_ = true;
      return;
    }
    for (std::size_t c = 0; c < header_.size(); ++c) {
      const std::string& name = header_[c];
      if (name == "household_id") id_column_ = static_cast<int>(c);
      else if (schema.find_field(Level::household, name)) household_columns_.push_back(c);
      else if (schema.find_field(Level::member, name)) member_columns_.push_back(c);
      else header_error_ = fmt::format("column '{}' is not a field of the schema (see `ssis schema`)", name);
    }
    if (id_column_ < 0 && header_error_.empty()) header_error_ = "the header has no household_id column";
    if (!header_error_.empty()) throw InputError("", header_error_, 1, 0);
  }

  bool next(SourceItem& item) override {
    item = SourceItem{};
    if (!have_pending_ && !read_row()) return false;
    have_pending_ = false;
    const std::string id = pending_[static_cast<std::size_t>(id_column_)];
    item.household.id = id;
    item.line = pending_line_;
    add_row(item, true);
    while (read_row()) {
      if (!row_error_.empty() || pending_[static_cast<std::size_t>(id_column_)] != id) {
        have_pending_ = true;
        break;
      }
      add_row(item, false);
    }
    return true;
  }

 private:
  bool read_row() {
    if (done_) return false;
    row_error_.clear();
    try {
      if (!reader_.next(pending_, pending_line_)) {
        done_ = true;
        return false;
      }
    } catch (const InputError& e) {
      // An unterminated quote consumes the rest of the input: report it and stop.
      done_ = true;
      pending_.assign(header_.size(), std::string());
      pending_line_ = static_cast<std::size_t>(e.line());
      row_error_ = e.reason();
      return true;
    }
    if (pending_.size() != header_.size())
      row_error_ = fmt::format("{} fields where the header has {}", pending_.size(), header_.size());
    if (pending_.size() < header_.size()) pending_.resize(header_.size());
    return true;
  }

  void add_row(SourceItem& item, bool first) {
    if (!row_error_.empty()) {
      item.error = fmt::format("line {}: {}", pending_line_, row_error_);
      return;
    }
    for (std::size_t c : household_columns_) {
      const std::string& cell = pending_[c];
      if (first) {
        item.household.set(header_[c], detail::guess_scalar(cell));
      } else if (!cell.empty() && item.error.empty()) {
        const InputValue* existing = item.household.find(header_[c]);
        if (existing == nullptr || *existing != detail::guess_scalar(cell))
          item.error = fmt::format("line {}: household field '{}' differs from the household's first row", pending_line_, header_[c]);
      }
    }
    bool any_member_value = false;
    for (std::size_t c : member_columns_) any_member_value = any_member_value || !pending_[c].empty();
    if (!any_member_value) return;
    InputRecord& member = item.household.add_member();
    for (std::size_t c : member_columns_) member.set(header_[c], detail::guess_scalar(pending_[c]));
  }

  detail::CsvReader reader_;
  std::vector<std::string> header_;
  int id_column_ = -1;
  std::vector<std::size_t> household_columns_;
  std::vector<std::size_t> member_columns_;
  std::vector<std::string> pending_;
  std::size_t pending_line_ = 0;
  std::string row_error_;
  std::string header_error_;
  bool have_pending_ = false;
  bool done_ = false;
};

class JsonLinesSource : public HouseholdSource {
 public:
  explicit JsonLinesSource(std::istream& input) : input_(input) {}

  bool next(SourceItem& item) override {
    item = SourceItem{};
    std::string text;
    do {
      if (!std::getline(input_, text)) return false;
      ++line_;
    } while (text.find_first_not_of(" \t\r") == std::string::npos);
    item.line = line_;
    try {
      item.household = parse_household_json(text, std::to_string(line_));
    } catch (const InputError& e) {
      item.error = fmt::format("line {}: {}", line_, e.what());
    }
    return true;
  }

 private:
  std::istream& input_;
  std::size_t line_ = 0;
};

}  // namespace

std::unique_ptr<HouseholdSource> csv_source(std::istream& input, const Schema& schema) {
  return std::make_unique<CsvSource>(input, schema);
}

std::unique_ptr<HouseholdSource> json_lines_source(std::istream& input) { return std::make_unique<JsonLinesSource>(input); }

}  // namespace ssis
