#pragma once
/// The input record a rule set expects: household fields, member fields and enumerations.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ssis/date.hpp"
#include "ssis/value.hpp"

namespace ssis {

enum class Level : std::uint8_t { household, member };

struct EnumInfo {
  std::string name;
  std::string description;
  std::vector<std::string> values;
  /// Index of `value`, or -1.
  int find(std::string_view value) const;
  friend bool operator==(const EnumInfo&, const EnumInfo&) = default;
};

/// How long a dated fact stays current (`max_age:` on a schema field): an ISO 8601 duration
/// of one part, "P12M", "P1Y" or "P90D" (docs/audit.md, "Facts with a date").
struct MaxAge {
  std::string text;  ///< as written
  int months = 0;    ///< a year counts as 12 months
  int days = 0;
  /// nullopt unless `text` is P, a whole number from 1 to 9999 and Y, M or D.
  static std::optional<MaxAge> parse(std::string_view text);
  /// Whether a fact dated `as_of` is older than the limit on `on`: `on` is after `as_of`
  /// plus the months (on the month's last day when it is shorter) plus the days.
  bool exceeded(Date as_of, Date on) const;
  friend bool operator==(const MaxAge&, const MaxAge&) = default;
};

struct FieldInfo {
  std::string name;
  Level level = Level::household;
  ValueType type;
  std::string type_name;  ///< as written in the schema ("money", "region_tier")
  std::string description;
  bool required = false;
  std::optional<std::int64_t> min_raw;      ///< lower bound in the field's raw representation
  std::optional<std::int64_t> max_raw;
  std::optional<std::int64_t> default_raw;  ///< used when the input omits the field
  bool not_after_evaluation_date = false;   ///< a date that may not be after the evaluation date
  /// language -> the question that asks for the field (`question:` in the schema); may be empty.
  std::map<std::string, std::string> question;
  /// The agency that holds the field and its data category there (`source:`), when a source
  /// says so; empty otherwise. A field an agency holds is fetched from it, not asked.
  std::string source_agency;
  std::string source_data;
  /// How old its fact may be on the evaluation date (`max_age:`); nullopt: no limit.
  std::optional<MaxAge> max_age;
  /// The question in `language`, else English, else the description.
  const std::string& question_text(std::string_view language) const;
  friend bool operator==(const FieldInfo&, const FieldInfo&) = default;
};

/// Immutable after loading; shared by every evaluator of the rule set.
class Schema {
 public:
  const std::vector<FieldInfo>& household_fields() const { return household_fields_; }
  const std::vector<FieldInfo>& member_fields() const { return member_fields_; }
  const std::vector<EnumInfo>& enums() const { return enums_; }
  const FieldInfo* find_field(Level level, std::string_view name) const;
  int field_index(Level level, std::string_view name) const;
  const EnumInfo* find_enum(std::string_view name) const;
  /// Human-readable description of every field, as `ssis schema` prints it.
  std::string describe() const;
  /// The same fields (every attribute, in the same order) and enumerations: input read for
  /// one schema is input for the other (a rule set and its reforms, for example).
  friend bool operator==(const Schema& a, const Schema& b) {
    return a.household_fields_ == b.household_fields_ && a.member_fields_ == b.member_fields_ && a.enums_ == b.enums_;
  }

 private:
  friend class SchemaBuilder;
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  using NameIndex = std::unordered_map<std::string, int, NameHash, std::equal_to<>>;
  std::vector<FieldInfo> household_fields_;
  std::vector<FieldInfo> member_fields_;
  std::vector<EnumInfo> enums_;
  NameIndex household_index_;
  NameIndex member_index_;
};

/// Assembles a Schema while a rule set is checked.
class SchemaBuilder {
 public:
  int add_enum(EnumInfo info);
  void add_field(FieldInfo info);
  Schema build() { return std::move(schema_); }
  const Schema& current() const { return schema_; }

 private:
  Schema schema_;
};

}  // namespace ssis
