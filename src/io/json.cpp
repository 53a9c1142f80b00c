#include "io/json.hpp"

#include <fmt/format.h>

#include "ssis/error.hpp"

namespace ssis::detail {
namespace {

class JsonParser {
 public:
  JsonParser(std::string_view text, const JsonLimits& limits) : text_(text), limits_(limits) {}

  JsonValue document() {
    if (text_.size() > limits_.max_bytes)
      throw InputError("", fmt::format("input of {} bytes exceeds the limit of {} bytes", text_.size(), limits_.max_bytes));
    skip_space();
    JsonValue root = value(0);
    skip_space();
    if (position_ < text_.size()) fail("unexpected text after the JSON value");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw InputError("", message, line_, column_); }

  char peek() const { return position_ < text_.size() ? text_[position_] : '\0'; }

  void advance() {
    if (text_[position_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[position_]) & 0xC0) != 0x80) {
      ++column_;
    }
    ++position_;
  }

  void skip_space() {
    while (position_ < text_.size() &&
           (text_[position_] == ' ' || text_[position_] == '\t' || text_[position_] == '\n' || text_[position_] == '\r'))
      advance();
  }

  void expect_word(std::string_view word) {
    if (text_.substr(position_, word.size()) != word) fail("invalid JSON value");
    for (std::size_t i = 0; i < word.size(); ++i) advance();
  }

  JsonValue value(int depth) {
    if (depth > limits_.max_depth) fail(fmt::format("JSON nests deeper than {} levels", limits_.max_depth));
    JsonValue out;
    out.line = line_;
    out.column = column_;
    const char c = peek();
    if (c == '{') {
      out.kind = JsonValue::Kind::object;
      advance();
      skip_space();
      if (peek() == '}') {
        advance();
        return out;
      }
      for (;;) {
        skip_space();
        if (peek() != '"') fail("expected a quoted field name");
        std::string key = string();
        skip_space();
        if (peek() != ':') fail("expected ':' after a field name");
        advance();
        skip_space();
        out.members.push_back({std::move(key), value(depth + 1)});
        skip_space();
        if (peek() == ',') {
          advance();
          continue;
        }
        if (peek() == '}') {
          advance();
          return out;
        }
        fail("expected ',' or '}' in an object");
      }
    }
    if (c == '[') {
      out.kind = JsonValue::Kind::array;
      advance();
      skip_space();
      if (peek() == ']') {
        advance();
        return out;
      }
      for (;;) {
        skip_space();
        out.items.push_back(value(depth + 1));
        skip_space();
        if (peek() == ',') {
          advance();
          continue;
        }
        if (peek() == ']') {
          advance();
          return out;
        }
        fail("expected ',' or ']' in an array");
      }
    }
    if (c == '"') {
      out.kind = JsonValue::Kind::string;
      out.text = string();
      return out;
    }
    if (c == 't') {
      expect_word("true");
      out.kind = JsonValue::Kind::boolean;
      out.boolean = true;
      return out;
    }
    if (c == 'f') {
      expect_word("false");
      out.kind = JsonValue::Kind::boolean;
      return out;
    }
    if (c == 'n') {
      expect_word("null");
      return out;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      out.kind = JsonValue::Kind::number;
      const std::size_t start = position_;
      if (peek() == '-') advance();
      if (!(peek() >= '0' && peek() <= '9')) fail("invalid number");
      while ((peek() >= '0' && peek() <= '9') || peek() == '.' || peek() == 'e' || peek() == 'E' || peek() == '+' || peek() == '-')
        advance();
      out.text = std::string(text_.substr(start, position_ - start));
      return out;
    }
    if (position_ >= text_.size()) fail("unexpected end of input");
    fail(fmt::format("unexpected character '{}'", c));
  }

  void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::uint32_t hex4() {
    std::uint32_t cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = peek();
      int digit = -1;
      if (h >= '0' && h <= '9') digit = h - '0';
      else if (h >= 'a' && h <= 'f') digit = h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') digit = h - 'A' + 10;
      if (digit < 0) fail("invalid \\u escape");
      cp = cp * 16 + static_cast<std::uint32_t>(digit);
      advance();
    }
    return cp;
  }

  std::string string() {
    advance();  // opening quote
    std::string out;
    for (;;) {
      if (position_ >= text_.size()) fail("unterminated string");
      const char c = peek();
      if (c == '"') {
        advance();
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') {
        out += c;
        advance();
        continue;
      }
      advance();
      const char e = peek();
      if (position_ >= text_.size()) fail("unterminated string");
      advance();
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF && peek() == '\\') {
            advance();
            if (peek() != 'u') fail("invalid surrogate pair");
            advance();
            const std::uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("invalid surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: fail("invalid escape in a string");
      }
    }
  }

  std::string_view text_;
  const JsonLimits& limits_;
  std::size_t position_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

JsonValue parse_json(std::string_view text, const JsonLimits& limits) {
  JsonParser parser(text, limits);
  return parser.document();
}

void append_json_string(std::string& out, std::string_view value) {
  out += '"';
  for (const char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<int>(c));
        else out += c;
    }
  }
  out += '"';
}

}  // namespace ssis::detail
