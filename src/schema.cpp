#include "ssis/schema.hpp"

#include <fmt/format.h>

#include "check/symbols.hpp"

namespace ssis {
namespace {

std::string describe_bound(const FieldInfo& field, std::int64_t raw) {
  Value v{field.type.kind, Knowledge::known, raw, nullptr};
  return v.to_string();
}

}  // namespace

std::optional<MaxAge> MaxAge::parse(std::string_view text) {
  if (text.size() < 3 || text.size() > 6 || text.front() != 'P') return std::nullopt;
  int count = 0;
  for (const char c : text.substr(1, text.size() - 2)) {
    if (c < '0' || c > '9') return std::nullopt;
    count = count * 10 + (c - '0');
  }
  if (count < 1) return std::nullopt;
  MaxAge age{std::string(text)};
  switch (text.back()) {
    case 'Y': age.months = count * 12; break;
    case 'M': age.months = count; break;
    case 'D': age.days = count; break;
    default: return std::nullopt;
  }
  return age;
}

bool MaxAge::exceeded(Date as_of, Date on) const {
  const int month_index = as_of.year() * 12 + (as_of.month() - 1) + months;
  const int year = month_index / 12;
  const int month = month_index % 12 + 1;
  std::optional<Date> last;  // the same day of the month, or the month's last
  for (int day = as_of.day(); !last && day >= 1; --day) last = Date::from_ymd(year, month, day);
  if (!last) return false;  // past year 9999: never reached
  return on.days() > last->days() + days;
}

const std::string& FieldInfo::question_text(std::string_view language) const {
  for (const std::string_view wanted : {language, std::string_view("en"), std::string_view("default")})
    if (const auto it = question.find(std::string(wanted)); it != question.end()) return it->second;
  return description;
}

int EnumInfo::find(std::string_view value) const {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] == value) return static_cast<int>(i);
  return -1;
}

const FieldInfo* Schema::find_field(Level level, std::string_view name) const {
  const int index = field_index(level, name);
  if (index < 0) return nullptr;
  return &(level == Level::member ? member_fields_ : household_fields_)[static_cast<std::size_t>(index)];
}

int Schema::field_index(Level level, std::string_view name) const {
  const NameIndex& index = level == Level::member ? member_index_ : household_index_;
  const auto it = index.find(name);
  return it == index.end() ? -1 : it->second;
}

const EnumInfo* Schema::find_enum(std::string_view name) const {
  for (const auto& e : enums_)
    if (e.name == name) return &e;
  return nullptr;
}

std::string Schema::describe() const {
  std::string text;
  auto section = [&](const char* title, const std::vector<FieldInfo>& fields) {
    text += fmt::format("{} ({} fields)\n", title, fields.size());
    for (const auto& f : fields) {
      std::string flags = f.required ? "required" : "may be missing";
      if (f.default_raw) {
        Value v{f.type.kind, Knowledge::known, *f.default_raw, nullptr};
        if (f.type.kind == ValueKind::enumeration) v.enum_values = &enums_[static_cast<std::size_t>(f.type.enum_index)].values;
        flags += ", default " + v.to_string();
      }
      if (f.min_raw) flags += ", min " + describe_bound(f, *f.min_raw);
      if (f.max_raw) flags += ", max " + describe_bound(f, *f.max_raw);
      if (f.not_after_evaluation_date) flags += ", not after the evaluation date";
      if (f.max_age) flags += ", max_age " + f.max_age->text;
      text += fmt::format("  {:<36} {:<14} {}\n", f.name, f.type_name, flags);
      if (!f.description.empty()) text += fmt::format("      {}\n", f.description);
      if (f.type.kind == ValueKind::enumeration) {
        std::string values;
        for (const auto& v : enums_[static_cast<std::size_t>(f.type.enum_index)].values)
          values += fmt::format("{}{}", values.empty() ? "" : " | ", v);
        text += fmt::format("      values: {}\n", values);
      }
    }
  };
  section("household", household_fields_);
  section("member (each entry of `members`)", member_fields_);
  return text;
}

int SchemaBuilder::add_enum(EnumInfo info) {
  schema_.enums_.push_back(std::move(info));
  return static_cast<int>(schema_.enums_.size() - 1);
}

void SchemaBuilder::add_field(FieldInfo info) {
  const bool member = info.level == Level::member;
  auto& fields = member ? schema_.member_fields_ : schema_.household_fields_;
  (member ? schema_.member_index_ : schema_.household_index_).emplace(info.name, static_cast<int>(fields.size()));
  fields.push_back(std::move(info));
}

}  // namespace ssis
