#include "io/json_line_columns.hpp"

#include <charconv>

#include "io/json.hpp"
#include "io/utf8.hpp"
#include "ssis/household_json.hpp"

namespace ssis::detail {

// Plain JSON, read in place: what it cannot read simply, it refuses (false), leaving the
// line to the full parser.
class JsonLineBinder::Scanner {
 public:
  explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  // The next character after spaces, not taken; '\0' at the end.
  char peek() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r' || *p_ == '\n')) ++p_;
    return p_ < end_ ? *p_ : '\0';
  }
  bool take(char c) {
    if (peek() != c) return false;
    ++p_;
    return true;
  }
  bool at_end() { return peek() == '\0' && p_ == end_; }

  // A string without escapes or control characters: its bytes, not checked as UTF-8.
  bool string(std::string_view& out) {
    if (!take('"')) return false;
    const char* start = p_;
    for (; p_ < end_; ++p_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = {start, static_cast<std::size_t>(p_ - start)};
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20) return false;
    }
    return false;
  }

  // A number as RFC 8259 writes it, without an exponent; `whole`: without a fraction.
  bool number(std::string_view& out, bool& whole) {
    peek();
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ == end_ || !digit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
      if (p_ < end_ && digit(*p_)) return false;
    }
    while (p_ < end_ && digit(*p_)) ++p_;
    whole = p_ == end_ || *p_ != '.';
    if (!whole) {
      ++p_;
      if (p_ == end_ || !digit(*p_)) return false;
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) return false;
    out = {start, static_cast<std::size_t>(p_ - start)};
    return true;
  }

  bool word(std::string_view w) {
    peek();
    if (static_cast<std::size_t>(end_ - p_) < w.size() || std::string_view(p_, w.size()) != w) return false;
    p_ += w.size();
    return true;
  }

 private:
  static bool digit(char c) { return c >= '0' && c <= '9'; }

  const char* p_;
  const char* end_;
};

JsonLineBinder::JsonLineBinder(const Schema& schema, const BindOptions& options) : schema_(schema), options_(options) {
  const auto readers = [&](const std::vector<FieldInfo>& fields, std::vector<FieldReader>& out) {
    for (const FieldInfo& field : fields) {
      const bool is_enum = field.type.kind == ValueKind::enumeration;
      out.push_back({&field, is_enum ? &schema.enums()[static_cast<std::size_t>(field.type.enum_index)] : nullptr});
    }
  };
  readers(schema.household_fields(), household_readers_);
  readers(schema.member_fields(), member_readers_);
}

void JsonLineBinder::bind(std::string_view text, std::size_t number, Block& block, std::string& id) {
  if (bind_directly(text, number, block, id)) return;
  id.clear();
  const Household household = parse_household_json(text, std::to_string(number));
  id = household.id;
  bind_household(schema_, household, options_, block);
}

bool JsonLineBinder::bind_directly(std::string_view text, std::size_t number, Block& block, std::string& id) {
  if (text.size() > JsonLimits{}.max_bytes) return false;
  Scanner in(text);
  member_count_ = 0;
  household_id_.clear();
  if (!read_object(in, Level::household, household_) || !in.at_end() || member_count_ == 0) return false;
  if (!complete(Level::household, household_)) return false;
  for (std::size_t m = 0; m < member_count_; ++m)
    if (!complete(Level::member, members_[m])) return false;
  if (household_id_.empty()) id = std::to_string(number);
  else id.swap(household_id_);

  for (std::size_t f = 0; f < household_readers_.size(); ++f) {
    block.household_fields[f].values.push_back(household_.values[f].value);
    block.household_fields[f].knowledge.push_back(household_.values[f].knowledge);
  }
  for (std::size_t f = 0; f < member_readers_.size(); ++f) {
    Column& column = block.member_fields[f];
    for (std::size_t m = 0; m < member_count_; ++m) {
      column.values.push_back(members_[m].values[f].value);
      column.knowledge.push_back(members_[m].values[f].knowledge);
    }
  }
  add_household_rows(id, member_count_, block);
  return true;
}

// One object, '{' to '}': a household (with its id and members) or a member.
bool JsonLineBinder::read_object(Scanner& in, Level level, Record& record) {
  const std::vector<FieldReader>& readers = level == Level::household ? household_readers_ : member_readers_;
  const std::vector<FieldInfo>& fields = level == Level::household ? schema_.household_fields() : schema_.member_fields();
  record.values.assign(readers.size(), BoundValue{});
  record.given.assign(readers.size(), 0);
  if (!in.take('{')) return false;
  if (in.take('}')) return true;
  bool id_given = false;
  bool members_given = false;
  std::size_t expected = 0;  // keys usually come in the schema's order
  do {
    std::string_view key;
    if (!in.string(key) || !in.take(':')) return false;
    if (level == Level::household && key == "id") {
      std::string_view value;
      bool whole = false;
      if (id_given) return false;
      id_given = true;
      if (in.peek() == '"') {
        if (!in.string(value) || invalid_utf8_offset(value) != std::string_view::npos) return false;
      } else if (!in.number(value, whole)) {
        return false;
      }
      household_id_.assign(value);
      continue;
    }
    if (level == Level::household && key == "members") {
      if (members_given || !in.take('[')) return false;
      members_given = true;
      if (in.take(']')) continue;
      do {
        if (member_count_ == options_.max_members) return false;
        if (members_.size() == member_count_) members_.emplace_back();
        if (!read_object(in, Level::member, members_[member_count_++])) return false;
      } while (in.take(','));
      if (!in.take(']')) return false;
      continue;
    }
    std::size_t f = expected;
    if (f >= fields.size() || fields[f].name != key) {
      const int index = schema_.field_index(level, key);
      if (index < 0) return false;  // unknown, `as_of`, or a field of the other level
      f = static_cast<std::size_t>(index);
    }
    if (record.given[f]) return false;
    record.given[f] = 1;
    if (!read_value(in, readers[f], record.values[f])) return false;
    expected = f + 1;
  } while (in.take(','));
  return in.take('}');
}

// A value as parse_household_json reads it and bind_household takes it; false when that is
// not simple to tell or the value is an error.
bool JsonLineBinder::read_value(Scanner& in, const FieldReader& reader, BoundValue& out) const {
  const FieldInfo& field = *reader.field;
  if (in.peek() == 'n') {
    out = {};
    return in.word("null") && !field.required;
  }
  std::int64_t raw = 0;
  std::string_view text;
  bool whole = false;
  switch (field.type.kind) {
    case ValueKind::boolean:
      if (in.word("true")) raw = 1;
      else if (!in.word("false")) return false;
      break;
    case ValueKind::integer: {
      if (!in.number(text, whole) || !whole) return false;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), raw);
      if (ec != std::errc() || end != text.data() + text.size()) return false;
      break;
    }
    case ValueKind::decimal:
    case ValueKind::money: {
      if (!in.number(text, whole)) return false;
      std::int64_t integer = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
      const std::optional<Decimal> value =
          ec == std::errc() && end == text.data() + text.size() ? Decimal::from_int(integer) : Decimal::parse(text);
      if (!value) return false;
      raw = value->raw();
      break;
    }
    case ValueKind::date: {
      if (!in.string(text)) return false;
      const std::optional<Date> date = Date::parse(text);
      if (!date) return false;
      raw = date->days();
      break;
    }
    case ValueKind::enumeration: {
      if (!in.string(text)) return false;
      const int index = reader.values->find(text);
      if (index < 0) return false;
      raw = index;
      break;
    }
  }
  if ((field.min_raw && raw < *field.min_raw) || (field.max_raw && raw > *field.max_raw)) return false;
  if (field.not_after_evaluation_date && options_.evaluation_date && raw > options_.evaluation_date->days()) return false;
  out = {raw, Knowledge::known};
  return true;
}

// Gives each field the object left out its default (or unknown); false when a required
// field has no value.
bool JsonLineBinder::complete(Level level, Record& record) const {
  const std::vector<FieldInfo>& fields = level == Level::household ? schema_.household_fields() : schema_.member_fields();
  for (std::size_t f = 0; f < fields.size(); ++f) {
    if (record.values[f].knowledge == Knowledge::known) continue;
    if (fields[f].default_raw && !record.given[f]) record.values[f] = {*fields[f].default_raw, Knowledge::known};
    else if (fields[f].required) return false;
  }
  return true;
}

}  // namespace ssis::detail
