#include "analysis/symbolic_household.hpp"

#include <fmt/format.h>

#include "model/value_codec.hpp"
#include "ssis/error.hpp"

namespace ssis::analysis {
namespace {

Date first_day(int year) { return *Date::from_ymd(year, 1, 1); }
Date last_day(int year) { return *Date::from_ymd(year, 12, 31); }

}  // namespace

SymbolicHousehold::SymbolicHousehold(z3::context& context, const Schema& schema, Date date, const HouseholdBounds& bounds)
    : context_(&context), schema_(&schema), date_(date), bounds_(bounds), count_(context.int_const("members")), domain_(context) {
  domain_.push_back(count_ >= 1 && count_ <= bounds_.max_members);
  for (const FieldInfo& field : schema.household_fields()) household_.push_back(field_term(field, field.name));
  for (int slot = 0; slot < bounds_.max_members; ++slot) {
    std::vector<Term>& member = members_.emplace_back();
    for (const FieldInfo& field : schema.member_fields()) member.push_back(field_term(field, fmt::format("members[{}].{}", slot, field.name)));
  }
}

z3::expr SymbolicHousehold::present(int slot) const { return count_ > slot; }

Term SymbolicHousehold::field_term(const FieldInfo& field, const std::string& name) {
  z3::context& c = *context_;
  const z3::expr no = c.bool_val(false);
  if (field.type.kind == ValueKind::boolean) return {c.bool_const(name.c_str()), no, no};
  const z3::expr v = c.int_const(name.c_str());
  std::int64_t low = 0;
  std::int64_t high = 0;
  switch (field.type.kind) {
    case ValueKind::enumeration:
      high = static_cast<std::int64_t>(schema_->enums()[static_cast<std::size_t>(field.type.enum_index)].values.size()) - 1;
      break;
    case ValueKind::date:
      low = first_day(bounds_.first_year).days();
      high = field.not_after_evaluation_date ? date_.days() : last_day(bounds_.last_year).days();
      break;
    case ValueKind::integer:
      low = field.min_raw.value_or(0);
      high = field.max_raw.value_or(bounds_.max_integer);
      break;
    case ValueKind::decimal:
      low = field.min_raw.value_or(0);
      high = field.max_raw.value_or(bounds_.max_decimal * Decimal::scale);
      break;
    case ValueKind::money: {
      // Whole units of the currency: the variable counts them, and the value is a product
      // by the scale, which lets the translation divide it exactly.
      const std::int64_t scale = Decimal::scale;
      low = field.min_raw ? (*field.min_raw + scale - 1) / scale : 0;  // bounds in whole units
      if (field.min_raw && *field.min_raw < 0) low = *field.min_raw / scale;
      high = field.max_raw ? *field.max_raw / scale : bounds_.max_money;
      domain_.push_back(v >= c.int_val(low) && v <= c.int_val(high));
      return {v * c.int_val(scale), no, no};
    }
    case ValueKind::boolean: break;
  }
  domain_.push_back(v >= c.int_val(low) && v <= c.int_val(high));
  return {v, no, no};
}

z3::expr SymbolicHousehold::variable(Level level, std::size_t field, int slot) const {
  return level == Level::household ? household_[field].value : members_[static_cast<std::size_t>(slot)][field].value;
}

std::optional<std::int64_t> raw_value(const Schema& schema, const FieldInfo& field, const InputValue& value) {
  struct Visitor {
    const Schema& schema;
    const FieldInfo& field;
    std::optional<std::int64_t> operator()(std::monostate) const { return std::nullopt; }
    std::optional<std::int64_t> operator()(bool b) const { return fits(ValueKind::boolean, b ? 1 : 0); }
    std::optional<std::int64_t> operator()(std::int64_t i) const {
      if (field.type.kind == ValueKind::decimal || field.type.kind == ValueKind::money) {
        const auto d = Decimal::from_int(i);
        if (!d) throw InputError(field.name, fmt::format("{} is out of range", i));
        return d->raw();
      }
      return fits(ValueKind::integer, i);
    }
    std::optional<std::int64_t> operator()(Decimal d) const {
      if (field.type.kind == ValueKind::integer && d.to_int()) return *d.to_int();
      if (field.type.kind != ValueKind::decimal && field.type.kind != ValueKind::money) return fits(ValueKind::decimal, 0);
      return d.raw();
    }
    std::optional<std::int64_t> operator()(Date d) const { return fits(ValueKind::date, d.days()); }
    std::optional<std::int64_t> operator()(const std::string& text) const {
      if (field.type.kind == ValueKind::date) {
        if (const auto d = Date::parse(text)) return d->days();
      } else if (field.type.kind == ValueKind::enumeration) {
        const int index = schema.enums()[static_cast<std::size_t>(field.type.enum_index)].find(text);
        if (index >= 0) return index;
      }
      throw InputError(field.name, fmt::format("'{}' is not a value of type {}", text, field.type_name));
    }
    std::optional<std::int64_t> fits(ValueKind given, std::int64_t raw) const {
      if (given != field.type.kind) throw InputError(field.name, fmt::format("not a value of type {}", field.type_name));
      return raw;
    }
  };
  return std::visit(Visitor{schema, field}, value);
}

void SymbolicHousehold::fix(const Household& household, Level free_level, int free_field, int free_member) {
  z3::context& c = *context_;
  if (household.members.size() != static_cast<std::size_t>(bounds_.max_members))
    throw std::invalid_argument("the bounds must hold the household's members exactly");
  count_ = c.int_val(bounds_.max_members);
  const auto set = [&](Term& term, const FieldInfo& field, const InputValue* given, const std::string& path) {
    std::optional<std::int64_t> raw;
    try {
      raw = given ? raw_value(*schema_, field, *given) : field.default_raw;
    } catch (const InputError& e) {
      throw InputError(path, e.reason());
    }
    if (!raw) {
      term.unknown = c.bool_val(true);
      return;
    }
    term.value = field.type.kind == ValueKind::boolean ? c.bool_val(*raw != 0) : c.int_val(*raw);
  };
  for (std::size_t f = 0; f < household_.size(); ++f) {
    if (free_level == Level::household && static_cast<int>(f) == free_field) continue;
    const FieldInfo& field = schema_->household_fields()[f];
    set(household_[f], field, household.find(field.name), field.name);
  }
  for (std::size_t m = 0; m < members_.size(); ++m)
    for (std::size_t f = 0; f < members_[m].size(); ++f) {
      if (free_level == Level::member && static_cast<int>(f) == free_field && static_cast<int>(m) == free_member) continue;
      const FieldInfo& field = schema_->member_fields()[f];
      set(members_[m][f], field, household.members[m].find(field.name), fmt::format("members[{}].{}", m, field.name));
    }
}

Household SymbolicHousehold::read(const z3::model& model, const FieldSet* keep) const {
  Household out;
  const auto raw = [&](const z3::expr& value) -> std::int64_t {
    const z3::expr v = model.eval(value, true);
    if (v.is_bool()) return v.is_true() ? 1 : 0;
    std::int64_t i = 0;
    if (!v.is_numeral_i64(i)) throw std::logic_error("a field's value is not a 64-bit number");
    return i;
  };
  const auto copy = [&](InputRecord& record, const std::vector<FieldInfo>& fields, const std::vector<Term>& terms, const std::vector<char>* kept) {
    for (std::size_t f = 0; f < fields.size(); ++f)
      if (!terms[f].unknown.is_true() && (kept == nullptr || (*kept)[f] || fields[f].required))
        record.set(fields[f].name, detail::input_from_raw(raw(terms[f].value), fields[f].type, *schema_));
  };
  copy(out, schema_->household_fields(), household_, keep ? &keep->household : nullptr);
  const std::int64_t members = raw(count_);
  for (std::int64_t m = 0; m < members; ++m)
    copy(out.add_member(), schema_->member_fields(), members_[static_cast<std::size_t>(m)], keep ? &keep->member : nullptr);
  return out;
}

}  // namespace ssis::analysis
