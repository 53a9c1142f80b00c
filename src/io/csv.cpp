#include "io/csv.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ssis::detail {
namespace {

// The state of a record read one physical line at a time; with no field list, it only
// follows the quotes.
class RecordParser {
 public:
  explicit RecordParser(CsvFields* fields, bool inside_quotes = false)
      : fields_(fields), quoted_(inside_quotes), empty_(!inside_quotes) {}

  /// Reads one line; true when the record ends with it (no quote left open).
  bool feed(std::string_view text) {
    if (quoted_) append(std::string_view("\n"));  // the line break between this line and the last one is in the field
    std::size_t i = 0;
    while (i < text.size()) {
      if (quoted_) {
        // Up to the next quote, which closes the field unless another one follows it.
        const std::size_t quote = std::min(text.find('"', i), text.size());
        append(text.substr(i, quote - i));
        if (quote == text.size()) break;
        if (quote + 1 < text.size() && text[quote + 1] == '"') {
          append(std::string_view("\""));
          i = quote + 2;
        } else {
          quoted_ = false;
          i = quote + 1;
        }
      } else if (text[i] == '"' && empty_) {
        quoted_ = true;
        ++i;
      } else if (text[i] == ',') {
        end_field();
        ++i;
      } else if (text[i] == '\r') {
        if (i + 1 < text.size()) append(std::string_view("\r"));  // a carriage return ending the line is no part of the field
        ++i;
      } else {
        // A run of the field's characters, a quote among them included: the field is not empty.
        std::size_t end = i + 1;
        while (end < text.size() && text[end] != ',' && text[end] != '\r') ++end;
        append(text.substr(i, end - i));
        i = end;
      }
    }
    if (quoted_) return false;
    end_field();
    return true;
  }

 private:
  void append(std::string_view characters) {
    if (characters.empty()) return;
    if (fields_) fields_->append(characters);
    empty_ = false;
  }
  void end_field() {
    if (fields_) fields_->end_field();
    empty_ = true;
  }

  CsvFields* fields_;
  bool quoted_;
  bool empty_;
};

bool continues_quoted_field(std::string_view line) { return !RecordParser(nullptr, true).feed(line); }

}  // namespace

void CsvFields::pop_back() {
  ends_.pop_back();
  text_.resize(ends_.empty() ? 0 : ends_.back() + 1);
}

// As RecordParser reads such a line: its commas are the fields' separators.
void CsvFields::take_unquoted(std::string& line) {
  text_.swap(line);
  ends_.clear();
  if (!text_.empty() && text_.back() == '\r') text_.pop_back();
  const char* const begin = text_.data();
  const std::size_t size = text_.size();
  for (std::size_t i = 0; i < size; ++i)
    if (begin[i] == ',') ends_.push_back(i);
  ends_.push_back(size);
}

CsvReader::CsvReader(std::istream& input, std::size_t max_record_bytes)
    : lines_(input, max_record_bytes), max_record_bytes_(max_record_bytes) {}

bool CsvReader::take_line(Line& line) {
  if (ahead_.empty()) return lines_.next(line);
  line = std::move(ahead_.front());
  ahead_.pop_front();
  if (continuing_lines_ > 0) {
    --continuing_lines_;
    continuing_bytes_ -= line.text.size() + 1;
  }
  return true;
}

void CsvReader::fail(CsvRow& record, const Line& first, std::string reason) {
  record.error = std::move(reason);
  record.fields.clear();
  // The fields complete on the first line: those before the open quote, or before the cut.
  RecordParser parser(&record.fields);
  if (parser.feed(first.text) && record.fields.size() != 0) record.fields.pop_back();
  record.end_offset = first.end_offset;
  record.terminated = first.terminated;
}

bool CsvReader::next(CsvRecord& record) {
  if (!next(row_)) {
    record.fields.clear();
    return false;
  }
  record.fields.resize(row_.fields.size());
  for (std::size_t f = 0; f < row_.fields.size(); ++f) record.fields[f] = row_.fields[f];
  record.line = row_.line;
  record.error = row_.error;
  record.end_offset = row_.end_offset;
  record.terminated = row_.terminated;
  return true;
}

bool CsvReader::next(CsvRow& record) {
  record.error.clear();
  Line& first = first_line_;
  do {
    if (!take_line(first)) {
      record.fields.clear();
      return false;
    }
  } while (!first.too_long && is_blank(first.text));
  record.line = first.number;
  if (first.too_long) {
    fail(record, first, fmt::format("record longer than {} bytes", max_record_bytes_));
    return true;
  }
  if (first.text.find('"') == std::string::npos) {
    record.fields.take_unquoted(first.text);
    record.end_offset = first.end_offset;
    record.terminated = first.terminated;
    return true;
  }
  record.fields.clear();
  RecordParser parser(&record.fields);
  if (parser.feed(first.text)) {
    record.end_offset = first.end_offset;
    record.terminated = first.terminated;
    return true;
  }
  // A quote is open at the end of the line: find the line that closes it, following the
  // quotes only, and without scanning again the lines already known to stay inside it.
  std::uint64_t bytes = first.text.size() + continuing_bytes_;
  std::size_t k = continuing_lines_;
  for (;; ++k) {
    if (bytes > max_record_bytes_) {
      fail(record, first, fmt::format("record longer than {} bytes: a quoted field opened on this line is not closed", max_record_bytes_));
      return true;
    }
    if (k == ahead_.size()) {
      Line line;
      if (!lines_.next(line)) {
        fail(record, first, "a quoted field opened on this line is not closed before the end of the input");
        return true;
      }
      ahead_.push_back(std::move(line));
    }
    const Line& line = ahead_[k];
    bytes += 1 + (line.too_long ? max_record_bytes_ + 1 : line.text.size());
    if (bytes > max_record_bytes_) continue;  // reported at the top of the loop
    if (!continues_quoted_field(line.text)) break;
    ++continuing_lines_;
    continuing_bytes_ += line.text.size() + 1;
  }
  // The record ends on ahead_[k]: read its fields, then drop its lines.
  for (std::size_t i = 0; i <= k; ++i) parser.feed(ahead_[i].text);
  continuing_lines_ = 0;
  continuing_bytes_ = 0;
  if (one_line_records_) {
    fail(record, first,
         fmt::format("a quoted field opened on this line closes only on line {}; fields hold no line breaks here",
                     ahead_[k].number));
    return true;  // the lines after the first are read again as records of their own
  }
  record.end_offset = ahead_[k].end_offset;
  record.terminated = ahead_[k].terminated;
  ahead_.erase(ahead_.begin(), ahead_.begin() + static_cast<std::ptrdiff_t>(k + 1));
  return true;
}

void append_csv_field(std::string& out, std::string_view field) {
  // One pass over the field (find_first_of looks for each of the characters in turn).
  const bool plain = std::none_of(field.begin(), field.end(), [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; });
  if (plain) {
    out += field;
    return;
  }
  out += '"';
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace ssis::detail
