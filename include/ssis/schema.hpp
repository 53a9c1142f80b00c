#pragma once
/// The input record a rule set expects: household fields, member fields and enumerations.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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
