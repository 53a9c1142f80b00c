#include "ssis/schema_json.hpp"

#include <fmt/format.h>

#include "io/json.hpp"

namespace ssis {
namespace {

using detail::append_json_string;

// The JSON types of a field's values: the field's own type, and null unless it is required.
std::string json_types(const FieldInfo& field) {
  std::string type;
  switch (field.type.kind) {
    case ValueKind::boolean: type = "\"boolean\""; break;
    case ValueKind::integer: type = "\"integer\""; break;
    case ValueKind::decimal:
    case ValueKind::money: type = "\"number\""; break;
    case ValueKind::date:
    case ValueKind::enumeration: type = "\"string\""; break;
  }
  return field.required ? type : "[" + type + ",\"null\"]";
}

std::string bound(const FieldInfo& field, std::int64_t raw) {
  const std::string text = Value{field.type.kind, Knowledge::known, raw, nullptr}.to_string();
  return field.type.kind == ValueKind::date ? fmt::format("\"{}\"", text) : text;
}

void append_field(std::string& out, const Schema& schema, const FieldInfo& field) {
  append_json_string(out, field.name);
  out += ":{\"type\":" + json_types(field);
  if (!field.description.empty()) {
    out += ",\"description\":";
    append_json_string(out, field.description);
  }
  if (field.type.kind == ValueKind::enumeration) {
    out += ",\"enum\":[";
    for (const std::string& value : schema.enums()[static_cast<std::size_t>(field.type.enum_index)].values) {
      append_json_string(out, value);
      out += ",";
    }
    out += field.required ? "" : "null,";
    out.back() = ']';
  }
  if (field.type.kind == ValueKind::date) {
    out += ",\"format\":\"date\",\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"";
    // Bounds on dates are checked by the engine; JSON Schema has no order of strings.
  } else {
    if (field.min_raw) out += ",\"minimum\":" + bound(field, *field.min_raw);
    if (field.max_raw) out += ",\"maximum\":" + bound(field, *field.max_raw);
  }
  if (field.default_raw) {
    Value value{field.type.kind, Knowledge::known, *field.default_raw, nullptr};
    if (field.type.kind == ValueKind::enumeration)
      value.enum_values = &schema.enums()[static_cast<std::size_t>(field.type.enum_index)].values;
    out += ",\"default\":";
    if (field.type.kind == ValueKind::date || field.type.kind == ValueKind::enumeration) append_json_string(out, value.to_string());
    else out += value.to_string();
  }
  out += "}";
}

// "properties" and "required" of a record, with `extra` properties written first.
void append_record(std::string& out, const Schema& schema, const std::vector<FieldInfo>& fields, std::string_view extra,
                   std::string_view extra_required) {
  out += "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{";
  out += extra;
  for (const FieldInfo& field : fields) {
    if (out.back() != '{') out += ",";
    append_field(out, schema, field);
  }
  out += "},\"required\":[";
  out += extra_required;
  for (const FieldInfo& field : fields) {
    if (!field.required || field.default_raw) continue;
    if (out.back() != '[') out += ",";
    append_json_string(out, field.name);
  }
  out += "]}";
}

constexpr std::string_view as_of_property = "\"as_of\":{\"$ref\":\"#/$defs/as_of\"}";

}  // namespace

std::string to_json_schema(const Schema& schema, const JsonSchemaOptions& options) {
  std::string out = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"";
  if (!options.title.empty()) {
    out += ",\"title\":";
    append_json_string(out, options.title);
  }
  out += ",\"description\":\"One household or an array of households. null (or an absent field) is an unknown fact.\"";
  out += ",\"oneOf\":[{\"$ref\":\"#/$defs/household\"},{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/household\"}}]";
  out += ",\"$defs\":{\"household\":";
  const std::string members = fmt::format(
      "\"id\":{{\"type\":[\"string\",\"number\"],\"description\":\"the household's id (default: its position, from 1)\"}},"
      "\"members\":{{\"type\":\"array\",\"minItems\":1,\"maxItems\":{},\"items\":{{\"$ref\":\"#/$defs/member\"}}}},{}",
      options.max_members, as_of_property);
  append_record(out, schema, schema.household_fields(), members, "\"members\"");
  out += ",\"member\":";
  append_record(out, schema, schema.member_fields(), as_of_property, "");
  out += ",\"as_of\":{\"description\":\"the day the facts were true on (docs/audit.md): one date for all, or field name -> date, "
         "with \\\"*\\\" for the others and, in a household, \\\"members[].FIELD\\\" for every member\","
         "\"oneOf\":[{\"$ref\":\"#/$defs/date\"},{\"type\":\"object\",\"additionalProperties\":{\"$ref\":\"#/$defs/date\"}}]}";
  out += ",\"date\":{\"type\":\"string\",\"format\":\"date\",\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}";
  out += "}}\n";
  return out;
}

}  // namespace ssis
