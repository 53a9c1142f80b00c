#include "io/csv.hpp"

#include "ssis/error.hpp"

namespace ssis::detail {

bool CsvReader::next(std::vector<std::string>& fields, std::size_t& line) {
  fields.clear();
  std::string text;
  if (!std::getline(input_, text)) return false;
  line = ++line_;
  std::string field;
  bool quoted = false;
  std::size_t i = 0;
  for (;;) {
    if (i >= text.size()) {
      if (!quoted) break;
      std::string continuation;
      if (!std::getline(input_, continuation)) throw InputError("", "unterminated quoted field", static_cast<int>(line), 0);
      ++line_;
      field += '\n';
      text = std::move(continuation);
      i = 0;
      continue;
    }
    const char c = text[i++];
    if (quoted) {
      if (c == '"') {
        if (i < text.size() && text[i] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c != '\r' || i < text.size()) {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return true;
}

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) {
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
