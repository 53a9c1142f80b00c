#include "eval/canonical_input.hpp"

#include <algorithm>
#include <iterator>
#include <numeric>

#include "io/json.hpp"
#include "support/sha256.hpp"

namespace ssis::detail {
namespace {

void append_fields(std::string& out, const Schema& schema, const std::vector<FieldInfo>& fields, const std::vector<Column>& columns,
                   const std::vector<std::size_t>& order, std::size_t row) {
  out += '{';
  bool first = true;
  for (const std::size_t f : order) {
    const Column& column = columns[f];
    if (row >= column.knowledge.size() || column.knowledge[row] != Knowledge::known) continue;
    const FieldInfo& field = fields[f];
    if (!first) out += ',';
    first = false;
    append_json_string(out, field.name);
    out += ':';
    Value value{field.type.kind, Knowledge::known, column.values[row], nullptr};
    if (field.type.kind == ValueKind::enumeration)
      value.enum_values = &schema.enums()[static_cast<std::size_t>(field.type.enum_index)].values;
    if (field.type.kind == ValueKind::boolean || field.type.kind == ValueKind::integer) out += value.to_string();
    else append_json_string(out, value.to_string());
  }
  out += '}';
}

// {"household":{FIELD:DATE,...},"members":[{FIELD:DATE,...},...]}: the dates of household
// `row`'s dated facts, fields in the order of their names, every member in order.
void append_dates(std::string& out, const Schema& schema, const Block& block, std::size_t row) {
  const std::size_t members = block.member_offsets[row + 1] - block.member_offsets[row];
  std::vector<std::pair<std::string_view, Date>> dates;
  const auto append_record = [&](std::int32_t member) {
    const std::vector<FieldInfo>& fields = member < 0 ? schema.household_fields() : schema.member_fields();
    dates.clear();
    for (std::uint32_t d = block.dated_offsets[row]; d < block.dated_offsets[row + 1]; ++d)
      if (block.dated[d].member == member) dates.emplace_back(fields[block.dated[d].field].name, block.dated[d].as_of);
    std::sort(dates.begin(), dates.end());
    out += '{';
    for (const auto& [name, date] : dates) {
      if (out.back() != '{') out += ',';
      append_json_string(out, name);
      out += ':';
      append_json_string(out, date.to_string());
    }
    out += '}';
  };
  out += "{\"household\":";
  append_record(-1);
  out += ",\"members\":[";
  for (std::size_t m = 0; m < members; ++m) {
    if (m != 0) out += ',';
    append_record(static_cast<std::int32_t>(m));
  }
  out += "]}";
}

}  // namespace

std::vector<std::size_t> canonical_field_order(const std::vector<FieldInfo>& fields) {
  std::vector<std::size_t> order(fields.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fields[a].name < fields[b].name; });
  return order;
}

std::string canonical_input(const RuleModel& model, const Block& block, std::size_t row) {
  return canonical_input(model, block, row, model.canonical_order);
}

std::string canonical_input(const RuleModel& model, const Block& block, std::size_t row, const CanonicalOrder& order) {
  const Schema& schema = model.schema;
  std::string out = "{";
  if (block.dated_offsets[row] != block.dated_offsets[row + 1]) {
    out += "\"as_of\":";
    append_dates(out, schema, block, row);
    out += ',';
  }
  out += "\"household\":";
  append_fields(out, schema, schema.household_fields(), block.household_fields, order.household, row);
  out += ",\"id\":";
  append_json_string(out, block.ids[row]);
  out += ",\"members\":[";
  for (std::size_t m = block.member_offsets[row]; m < block.member_offsets[row + 1]; ++m) {
    if (m != block.member_offsets[row]) out += ',';
    append_fields(out, schema, schema.member_fields(), block.member_fields, order.member, m);
  }
  out += "]}";
  return out;
}

CanonicalOrder known_somewhere(const CanonicalOrder& order, const Block& block) {
  const auto known = [](const Column& column) {
    return std::any_of(column.knowledge.begin(), column.knowledge.end(), [](Knowledge k) { return k == Knowledge::known; });
  };
  CanonicalOrder out;
  std::copy_if(order.household.begin(), order.household.end(), std::back_inserter(out.household),
               [&](std::size_t f) { return known(block.household_fields[f]); });
  std::copy_if(order.member.begin(), order.member.end(), std::back_inserter(out.member),
               [&](std::size_t f) { return known(block.member_fields[f]); });
  return out;
}

std::string input_hash(const RuleModel& model, const Block& block, std::size_t row) {
  return input_hash(model, block, row, model.canonical_order);
}

std::string input_hash(const RuleModel& model, const Block& block, std::size_t row, const CanonicalOrder& order) {
  return "sha256:" + to_hex(sha256(canonical_input(model, block, row, order)));
}

}  // namespace ssis::detail
