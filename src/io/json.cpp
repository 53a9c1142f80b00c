#include "io/json.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <unordered_set>

#include "io/utf8.hpp"
#include "ssis/error.hpp"

namespace ssis::detail {
namespace {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

class JsonParser {
 public:
  JsonParser(std::string_view text, const JsonLimits& limits) : text_(text), limits_(limits) {}

  JsonValue document() {
    if (text_.size() > limits_.max_bytes)
      throw InputError("", fmt::format("input of {} bytes exceeds the limit of {} bytes", text_.size(), limits_.max_bytes));
    if (text_.starts_with(byte_order_mark)) position_ = byte_order_mark.size();  // not part of the text
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
      std::unordered_set<std::string> keys;  // of a large object, where a scan would be slow
      for (;;) {
        skip_space();
        if (peek() != '"') fail("expected a quoted field name");
        const int key_line = line_;
        const int key_column = column_;
        std::string key = string();
        if (is_duplicate(out.members, keys, key))
          throw InputError("", fmt::format("field name {} appears twice in one object", quoted(key)), key_line, key_column);
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
    if (c == '-' || is_digit(c)) {
      out.kind = JsonValue::Kind::number;
      out.text = number();
      return out;
    }
    if (position_ >= text_.size()) fail("unexpected end of input");
    fail(fmt::format("unexpected {}", describe_character()));
  }

  static bool is_duplicate(const std::vector<JsonMember>& members, std::unordered_set<std::string>& keys, const std::string& key) {
    constexpr std::size_t scanned = 32;
    if (members.size() < scanned) {
      for (const JsonMember& member : members)
        if (member.key == key) return true;
      return false;
    }
    if (keys.empty())
      for (const JsonMember& member : members) keys.insert(member.key);
    return !keys.insert(key).second;
  }

  // The number's text as written, checked against RFC 8259: an optional minus, an integer
  // part without leading zeros, an optional fraction and an optional exponent.
  std::string number() {
    const std::size_t start = position_;
    if (peek() == '-') advance();
    if (!is_digit(peek())) fail("invalid number: expected a digit");
    if (peek() == '0') {
      advance();
      if (is_digit(peek())) fail("invalid number: leading zeros are not allowed");
    }
    digits();
    if (peek() == '.') {
      advance();
      if (!is_digit(peek())) fail("invalid number: expected a digit after the decimal point");
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      advance();
      if (peek() == '+' || peek() == '-') advance();
      if (!is_digit(peek())) fail("invalid number: expected a digit in the exponent");
      digits();
    }
    return std::string(text_.substr(start, position_ - start));
  }

  void digits() {
    while (is_digit(peek())) advance();
  }

  // The character at the current position for a message, never as its raw bytes.
  std::string describe_character() const {
    const auto c = static_cast<unsigned char>(peek());
    if (c > 0x20 && c < 0x7F) return fmt::format("character '{}'", static_cast<char>(c));
    const std::size_t length = c < 0x80 ? 1 : utf8_sequence_length(text_, position_);
    if (length == 0) return fmt::format("byte 0x{:02X} (not valid UTF-8)", c);
    if (text_.substr(position_, length) == byte_order_mark) return "byte order mark U+FEFF (allowed only at the start)";
    return fmt::format("character {}", quoted(text_.substr(position_, length)));
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
      if (static_cast<unsigned char>(c) >= 0x80) {
        const std::size_t length = utf8_sequence_length(text_, position_);
        if (length == 0) fail(fmt::format("byte 0x{:02X} in a string is not valid UTF-8", static_cast<unsigned char>(c)));
        out += text_.substr(position_, length);
        for (std::size_t i = 0; i < length; ++i) advance();
        continue;
      }
      if (c != '\\') {
        out += c;
        advance();
        continue;
      }
      const int escape_line = line_;
      const int escape_column = column_;
      auto lone_surrogate = [&](const std::string& message) { throw InputError("", message, escape_line, escape_column); };
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
          if (cp >= 0xDC00 && cp <= 0xDFFF)
            lone_surrogate(fmt::format("\\u{:04X} is a low surrogate without a high surrogate before it", cp));
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            const std::string alone = fmt::format("\\u{:04X} is a high surrogate without a low surrogate after it", cp);
            if (peek() != '\\' || text_.substr(position_ + 1, 1) != "u") lone_surrogate(alone);
            advance();
            advance();
            const std::uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) lone_surrogate(alone);
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

// Whether any of the 8 bytes at `p` is a control character, '"' or '\\' (bit tricks: a byte
// below n sets its high bit in (x - n) while its own high bit is clear).
bool needs_escape_in_word(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const auto below = [&](std::uint64_t x, std::uint64_t n) { return (x - ones * n) & ~x & highs; };
  return (below(word, 0x20) | below(word ^ (ones * '"'), 1) | below(word ^ (ones * '\\'), 1)) != 0;
}

// Whether any byte of `value` needs escaping, eight at a time; the last few bytes are read
// in a word padded with a letter.
bool needs_escape(std::string_view value) {
  std::size_t i = 0;
  for (; i + 8 <= value.size(); i += 8)
    if (needs_escape_in_word(value.data() + i)) return true;
  if (i == value.size()) return false;
  char last[8];
  std::memset(last, 'a', sizeof last);
  std::memcpy(last, value.data() + i, value.size() - i);
  return needs_escape_in_word(last);
}

}  // namespace

JsonValue parse_json(std::string_view text, const JsonLimits& limits) {
  JsonParser parser(text, limits);
  return parser.document();
}

void append_json_string(std::string& out, std::string_view value) {
  out += '"';
  if (!needs_escape(value)) {  // most strings: ids, paths, names
    out.append(value);
    out += '"';
    return;
  }
  std::size_t plain = 0;  // the start of the bytes not yet written, none of which needs escaping
  for (std::size_t i = 0; i < value.size(); ++i) {
    while (i + 8 <= value.size() && !needs_escape_in_word(value.data() + i)) i += 8;
    if (i == value.size()) break;
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(value.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += fmt::format("\\u{:04x}", static_cast<int>(c));
    }
  }
  out.append(value.data() + plain, value.size() - plain);
  out += '"';
}

void append_compact_json(std::string& out, const JsonValue& value) {
  switch (value.kind) {
    case JsonValue::Kind::null: out += "null"; return;
    case JsonValue::Kind::boolean: out += value.boolean ? "true" : "false"; return;
    case JsonValue::Kind::number: out += value.text; return;
    case JsonValue::Kind::string: append_json_string(out, value.text); return;
    case JsonValue::Kind::array:
      out += '[';
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        if (i) out += ',';
        append_compact_json(out, value.items[i]);
      }
      out += ']';
      return;
    case JsonValue::Kind::object:
      out += '{';
      for (std::size_t i = 0; i < value.members.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, value.members[i].key);
        out += ':';
        append_compact_json(out, value.members[i].value);
      }
      out += '}';
      return;
  }
}

}  // namespace ssis::detail
