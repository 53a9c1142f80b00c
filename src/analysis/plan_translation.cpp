#include "analysis/plan_translation.hpp"

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <stdexcept>

#include "plan/operands.hpp"

namespace ssis::analysis {
namespace {

using detail::Instruction;

std::optional<std::int64_t> numeral(const z3::expr& e) {
  std::int64_t value = 0;
  if (e.is_numeral() && e.is_numeral_i64(value)) return value;
  return std::nullopt;
}

}  // namespace

// A number every value of a term is a multiple of, read from the term's structure: products
// by constants, sums, negations and choices. 1 when nothing is known.
std::int64_t Divisibility::multiple(const z3::expr& e) {
  const unsigned id = e.id();
  if (const auto it = multiples_.find(id); it != multiples_.end()) return it->second.second;
  std::int64_t m = 1;
  if (const auto value = numeral(e)) {
    m = *value == 0 ? 0 : *value == INT64_MIN ? 1 : std::abs(*value);
  } else if (e.is_app() && e.is_int()) {
    const unsigned n = e.num_args();
    switch (e.decl().decl_kind()) {
      case Z3_OP_MUL: {
        __int128 product = 1;
        for (unsigned i = 0; i < n; ++i) {
          product *= multiple(e.arg(i));
          if (product > (__int128{1} << 62) || product == 0) break;
        }
        m = product == 0 ? 0 : product > (__int128{1} << 62) ? 1 : static_cast<std::int64_t>(product);
        break;
      }
      case Z3_OP_ADD:
      case Z3_OP_SUB:
      case Z3_OP_UMINUS:
      case Z3_OP_ITE: {
        m = 0;
        for (unsigned i = e.decl().decl_kind() == Z3_OP_ITE ? 1 : 0; i < n; ++i) m = std::gcd(m, multiple(e.arg(i)));
        break;
      }
      default: break;
    }
  }
  multiples_.emplace(id, std::pair{e, m});
  return m;
}

// e / d for a term `multiple` says is a multiple of d, built from the divided terms.
z3::expr Divisibility::divide(const z3::expr& e, std::int64_t d) {
  z3::context& c = e.ctx();
  if (d == 1) return e;
  if (const auto value = numeral(e)) return c.int_val(*value / d);
  const unsigned n = e.num_args();
  switch (e.decl().decl_kind()) {
    case Z3_OP_MUL: {
      // Divide the factors in turn by what each can take.
      z3::expr product = c.int_val(1);
      std::int64_t rest = d;
      bool first = true;
      for (unsigned i = 0; i < n; ++i) {
        const z3::expr factor = e.arg(i);
        const std::int64_t g = std::gcd(rest, multiple(factor));
        const z3::expr divided = g > 1 ? divide(factor, g) : factor;
        rest /= std::max<std::int64_t>(g, 1);
        product = first ? divided : product * divided;
        first = false;
      }
      if (rest != 1) return e / c.int_val(d);  // not reached for a multiple of d
      return product;
    }
    case Z3_OP_ADD: {
      z3::expr sum = divide(e.arg(0), d);
      for (unsigned i = 1; i < n; ++i) sum = sum + divide(e.arg(i), d);
      return sum;
    }
    case Z3_OP_SUB: {
      z3::expr difference = divide(e.arg(0), d);
      for (unsigned i = 1; i < n; ++i) difference = difference - divide(e.arg(i), d);
      return difference;
    }
    case Z3_OP_UMINUS: return -divide(e.arg(0), d);
    case Z3_OP_ITE: return z3::ite(e.arg(0), divide(e.arg(1), d), divide(e.arg(2), d));
    default: return e / c.int_val(d);
  }
}

namespace {
using detail::OpCode;

z3::expr lor(const z3::expr& a, const z3::expr& b) {
  if (a.is_true() || b.is_false()) return a;
  if (b.is_true() || a.is_false()) return b;
  return a || b;
}

z3::expr land(const z3::expr& a, const z3::expr& b) {
  if (a.is_false() || b.is_true()) return a;
  if (b.is_false() || a.is_true()) return b;
  return a && b;
}

z3::expr lnot(const z3::expr& a) {
  if (a.is_true()) return a.ctx().bool_val(false);
  if (a.is_false()) return a.ctx().bool_val(true);
  return !a;
}

z3::expr as_bool(const z3::expr& e) { return e.is_bool() ? e : e != 0; }
z3::expr as_int(const z3::expr& e) { return e.is_bool() ? z3::ite(e, e.ctx().int_val(1), e.ctx().int_val(0)) : e; }

// Both values of one sort: booleans stay booleans unless the other side is a number.
std::pair<z3::expr, z3::expr> same_sort(const z3::expr& a, const z3::expr& b) {
  if (a.is_bool() == b.is_bool()) return {a, b};
  return {as_int(a), as_int(b)};
}

z3::expr pick(const z3::expr& condition, const z3::expr& a, const z3::expr& b) {
  if (condition.is_true()) return a;
  if (condition.is_false()) return b;
  const auto [x, y] = same_sort(a, b);
  if (z3::eq(x, y)) return x;
  return z3::ite(condition, x, y);
}


// n / d rounded with `mode`, as decimal_ops::detail::quotient_rounded and divide_rounded do:
// the magnitude of the truncated quotient, moved one unit away from zero where the mode says.
// A quotient known to be exact is the dividend's terms divided, with no division left for the
// solver.
z3::expr rounded_quotient(Divisibility& divisibility, const z3::expr& n, const z3::expr& d, RoundingMode mode) {
  z3::context& c = n.ctx();
  const std::optional<std::int64_t> constant = numeral(d);
  if (constant && *constant > 0 && divisibility.multiple(n) % *constant == 0) return divisibility.divide(n, *constant);
  const bool positive = constant && *constant > 0;
  const z3::expr negative = positive ? n < 0 : (n < 0) != (d < 0);
  const z3::expr magnitude = z3::ite(n < 0, -n, n);
  const z3::expr divisor = positive ? d : z3::ite(d < 0, -d, d);
  const z3::expr q = magnitude / divisor;
  const z3::expr rest = magnitude - q * divisor;
  z3::expr away = c.bool_val(false);
  switch (mode) {
    case RoundingMode::down: break;
    case RoundingMode::up: away = rest != 0; break;
    case RoundingMode::floor: away = negative && rest != 0; break;
    case RoundingMode::ceiling: away = !negative && rest != 0; break;
    case RoundingMode::half_up: away = rest * 2 >= divisor; break;
    case RoundingMode::half_even: away = rest * 2 > divisor || (rest * 2 == divisor && z3::mod(q, 2) == 1); break;
  }
  const z3::expr rounded = z3::ite(away, q + 1, q);
  return z3::ite(negative, -rounded, rounded);
}

// A function of a date that is constant between breakpoints, as a search tree over the
// breakpoints: exact for every date from `first` to `last`, and linear for the solver.
z3::expr piecewise(const z3::expr& days, const std::vector<std::pair<std::int32_t, std::int64_t>>& pieces, std::size_t begin, std::size_t end) {
  z3::context& c = days.ctx();
  if (end - begin == 1) return c.int_val(pieces[begin].second);
  const std::size_t middle = begin + (end - begin) / 2;
  return z3::ite(days < pieces[middle].first, piecewise(days, pieces, begin, middle), piecewise(days, pieces, middle, end));
}

bool is_aggregate(OpCode op) {
  return op == OpCode::count_members || op == OpCode::sum_members || op == OpCode::min_members || op == OpCode::max_members ||
         op == OpCode::any_members || op == OpCode::all_members;
}

}  // namespace

PlanTranslation::PlanTranslation(const detail::RuleModel& model, Date date, SymbolicHousehold& household)
    : model_(model),
      plan_(model.plan),
      date_(date),
      household_(household),
      c_(household.context()),
      parameters_(detail::resolve_parameters(model, date)),
      registers_(model.plan.code.size()) {}

const Term& PlanTranslation::at(std::int32_t reg, std::size_t slot) const {
  const Terms& terms = *registers_[static_cast<std::size_t>(reg)];
  return terms.size() == 1 ? terms[0] : terms[slot];
}

const Term& PlanTranslation::household(std::int32_t reg) {
  translate_cone(reg);
  return at(reg, 0);
}

// Translates `reg` and every register it reads that is not translated yet, operands first
// (they have lower indices), without recursion.
void PlanTranslation::translate_cone(std::int32_t reg) {
  if (registers_[static_cast<std::size_t>(reg)]) return;
  std::vector<std::int32_t> cone;
  std::vector<char> seen(plan_.code.size(), 0);
  std::vector<std::int32_t> stack{reg};
  while (!stack.empty()) {
    const std::int32_t r = stack.back();
    stack.pop_back();
    const auto i = static_cast<std::size_t>(r);
    if (seen[i] || registers_[i]) continue;
    seen[i] = 1;
    cone.push_back(r);
    detail::for_each_operand(plan_, plan_.code[i], [&](std::int32_t operand) { stack.push_back(operand); });
  }
  std::sort(cone.begin(), cone.end());
  for (const std::int32_t r : cone) registers_[static_cast<std::size_t>(r)] = translate(plan_.code[static_cast<std::size_t>(r)]);
}

PlanTranslation::Terms PlanTranslation::translate(const Instruction& ins) {
  const z3::expr no = c_.bool_val(false);
  if (is_aggregate(ins.op)) return {aggregate(ins)};
  const std::size_t slots = ins.level == Level::member ? static_cast<std::size_t>(household_.slots()) : 1;
  Terms out;
  for (std::size_t s = 0; s < slots; ++s) {
    const auto operand = [&](std::int32_t reg) -> const Term& { return at(reg, s); };
    const auto known = [&](std::int32_t reg) { return lnot(operand(reg).unknown); };
    const auto either = [&](const z3::expr& value, std::int32_t a, std::int32_t b) {
      return Term{value, lor(operand(a).unknown, operand(b).unknown), lor(operand(a).error, operand(b).error)};
    };
    const auto same = [&](const z3::expr& value, std::int32_t a) { return Term{value, operand(a).unknown, operand(a).error}; };
    const auto compare = [&](OpCode op) {
      const auto [a, b] = same_sort(operand(ins.a).value, operand(ins.b).value);
      switch (op) {
        case OpCode::equal: return either(a == b, ins.a, ins.b);
        case OpCode::not_equal: return either(a != b, ins.a, ins.b);
        case OpCode::less: return either(as_int(a) < as_int(b), ins.a, ins.b);
        case OpCode::less_equal: return either(as_int(a) <= as_int(b), ins.a, ins.b);
        case OpCode::greater: return either(as_int(a) > as_int(b), ins.a, ins.b);
        default: return either(as_int(a) >= as_int(b), ins.a, ins.b);
      }
    };
    const auto value = [&](std::int32_t reg) { return as_int(operand(reg).value); };
    const auto failing = [&](Term term, const z3::expr& failure) {
      // An operation that fails on known operands is an error.
      const z3::expr fails = land(lnot(term.unknown), failure);
      term.unknown = lor(term.unknown, fails);
      term.error = lor(term.error, fails);
      return term;
    };
    switch (ins.op) {
      case OpCode::constant: out.push_back({c_.int_val(ins.imm), no, no}); break;
      case OpCode::evaluation_date: out.push_back({c_.int_val(date_.days()), no, no}); break;
      case OpCode::household_field: out.push_back(household_.household_field(static_cast<std::size_t>(ins.a))); break;
      case OpCode::member_field: out.push_back(household_.member_field(static_cast<std::size_t>(ins.a), static_cast<int>(s))); break;
      case OpCode::parameter: {
        std::vector<const Term*> keys;
        for (std::uint32_t j = 0; j < ins.list_count; ++j) keys.push_back(&operand(static_cast<std::int32_t>(plan_.pool[ins.list_begin + j])));
        out.push_back(parameter(ins, keys));
        break;
      }
      case OpCode::broadcast: out.push_back(at(ins.a, 0)); break;
      case OpCode::to_scaled: out.push_back(same(value(ins.a) * c_.int_val(Decimal::scale), ins.a)); break;
      case OpCode::add: out.push_back(either(value(ins.a) + value(ins.b), ins.a, ins.b)); break;
      case OpCode::subtract: out.push_back(either(value(ins.a) - value(ins.b), ins.a, ins.b)); break;
      case OpCode::multiply_int: out.push_back(either(value(ins.a) * value(ins.b), ins.a, ins.b)); break;
      case OpCode::multiply_scaled:
        out.push_back(either(rounded_quotient(divisibility_, value(ins.a) * value(ins.b), c_.int_val(Decimal::scale), RoundingMode::half_even), ins.a, ins.b));
        break;
      case OpCode::divide_scaled:
        out.push_back(failing(either(rounded_quotient(divisibility_, value(ins.a) * c_.int_val(Decimal::scale), value(ins.b), RoundingMode::half_even), ins.a, ins.b),
                              value(ins.b) == 0));
        break;
      case OpCode::negate: out.push_back(same(-value(ins.a), ins.a)); break;
      case OpCode::absolute: out.push_back(same(z3::ite(value(ins.a) < 0, -value(ins.a), value(ins.a)), ins.a)); break;
      case OpCode::equal:
      case OpCode::not_equal:
      case OpCode::less:
      case OpCode::less_equal:
      case OpCode::greater:
      case OpCode::greater_equal: out.push_back(compare(ins.op)); break;
      case OpCode::logical_and:
      case OpCode::logical_or: {
        // `and` is false, and `or` true, as soon as one known operand says so.
        const bool decisive = ins.op == OpCode::logical_or;
        const auto says = [&](std::int32_t reg) {
          const z3::expr v = as_bool(operand(reg).value);
          return land(known(reg), decisive ? v : lnot(v));
        };
        const z3::expr settled = lor(says(ins.a), says(ins.b));
        const z3::expr open = lnot(settled);
        out.push_back({decisive ? settled : open, land(open, lor(operand(ins.a).unknown, operand(ins.b).unknown)),
                       land(open, lor(operand(ins.a).error, operand(ins.b).error))});
        break;
      }
      case OpCode::logical_not: out.push_back(same(lnot(as_bool(operand(ins.a).value)), ins.a)); break;
      case OpCode::select: {
        // With an unknown condition, branches that agree settle the value all the same.
        const Term& a = operand(ins.a);
        const Term& b = operand(ins.b);
        const Term& c = operand(ins.c);
        const z3::expr condition = as_bool(a.value);
        const auto [vb, vc] = same_sort(b.value, c.value);
        const z3::expr agree = land(land(a.unknown, lnot(a.error)), land(land(lnot(b.unknown), lnot(c.unknown)), vb == vc));
        const z3::expr decided = lnot(a.unknown);
        out.push_back({pick(land(decided, lnot(condition)), vc, vb),
                       pick(decided, pick(condition, b.unknown, c.unknown), lnot(agree)),
                       pick(decided, pick(condition, b.error, c.error), land(lnot(agree), a.error))});
        break;
      }
      case OpCode::minimum: out.push_back(either(z3::ite(value(ins.b) < value(ins.a), value(ins.b), value(ins.a)), ins.a, ins.b)); break;
      case OpCode::maximum: out.push_back(either(z3::ite(value(ins.a) < value(ins.b), value(ins.b), value(ins.a)), ins.a, ins.b)); break;
      case OpCode::round: {
        const z3::expr unit = c_.int_val(ins.imm);
        out.push_back(same(rounded_quotient(divisibility_, value(ins.a), unit, static_cast<RoundingMode>(ins.aux)) * unit, ins.a));
        break;
      }
      case OpCode::age:
      case OpCode::months_since:
      case OpCode::year_of:
      case OpCode::month_of: out.push_back(same(date_function(ins.op, value(ins.a)), ins.a)); break;
      case OpCode::days_since: out.push_back(same(c_.int_val(date_.days()) - value(ins.a), ins.a)); break;
      case OpCode::known: {
        const Term& a = operand(ins.a);
        out.push_back({lnot(a.unknown), a.error, a.error});
        break;
      }
      case OpCode::coalesce: {
        const Term& a = operand(ins.a);
        const Term& b = operand(ins.b);
        const z3::expr use_b = land(a.unknown, lnot(a.error));
        out.push_back({pick(use_b, b.value, a.value), pick(use_b, b.unknown, a.unknown), pick(use_b, b.error, a.error)});
        break;
      }
      case OpCode::in_list: {
        z3::expr any = no;
        for (std::uint32_t j = 0; j < ins.list_count; ++j) any = lor(any, value(ins.a) == c_.int_val(plan_.pool[ins.list_begin + j]));
        out.push_back(same(any, ins.a));
        break;
      }
      default: throw std::logic_error("aggregates are translated over the member slots");
    }
  }
  return out;
}

// The entry find_entry chooses: among the entries that match, the greatest in the bracket
// keys (compared in key order), the first listed among equals. Listing the entries in that
// order of preference makes it the first that matches.
Term PlanTranslation::parameter(const Instruction& ins, const std::vector<const Term*>& keys) {
  const z3::expr no = c_.bool_val(false);
  const z3::expr yes = c_.bool_val(true);
  const detail::DatedTable* table = parameters_.tables[static_cast<std::size_t>(ins.param)];
  if (table == nullptr) return {c_.int_val(0), yes, yes};
  if (keys.empty()) return {c_.int_val(table->values.at(0)), no, no};
  const std::vector<bool>& bracket = model_.parameters[static_cast<std::size_t>(ins.param)].key_bracket;
  const std::size_t width = keys.size();
  std::vector<std::size_t> order(table->values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    for (std::size_t j = 0; j < width; ++j) {
      if (!bracket[j]) continue;
      const std::int64_t kx = table->keys[x * width + j];
      const std::int64_t ky = table->keys[y * width + j];
      if (kx != ky) return kx > ky;
    }
    return false;
  });
  z3::expr value = c_.int_val(0);
  z3::expr missing = yes;
  for (auto e = order.rbegin(); e != order.rend(); ++e) {
    z3::expr match = yes;
    for (std::size_t j = 0; j < width; ++j) {
      const z3::expr key = as_int(keys[j]->value);
      const z3::expr entry = c_.int_val(table->keys[*e * width + j]);
      match = land(match, bracket[j] ? entry <= key : entry == key);
    }
    value = pick(match, c_.int_val(table->values[*e]), value);
    missing = land(lnot(match), missing);
  }
  z3::expr unknown = no;
  z3::expr error = no;
  for (const Term* key : keys) {
    unknown = lor(unknown, key->unknown);
    error = lor(error, key->error);
  }
  // A key that is known but not in the table is an error.
  const z3::expr absent = land(lnot(unknown), missing);
  return {value, lor(unknown, absent), lor(error, absent)};
}

// One value from the member slots present, as the engine folds the members: a member whose
// filter is not known true does not count (an unknown filter makes the result unknown), any
// and all are settled by a member that decides them.
Term PlanTranslation::aggregate(const Instruction& ins) {
  const z3::expr no = c_.bool_val(false);
  const bool filtered_value = ins.op == OpCode::sum_members || ins.op == OpCode::min_members || ins.op == OpCode::max_members;
  const std::int32_t filter = ins.op == OpCode::count_members ? ins.a : filtered_value ? ins.b : -1;
  const std::int32_t value_reg = ins.op == OpCode::count_members ? -1 : ins.a;
  z3::expr unknown = no;
  z3::expr error = no;
  z3::expr settled = no;
  z3::expr found = no;
  z3::expr total = c_.int_val(0);
  std::optional<z3::expr> extreme;
  for (int s = 0; s < household_.slots(); ++s) {
    z3::expr counts = household_.present(s);
    if (s == 0) counts = c_.bool_val(true);
    if (filter >= 0) {
      const Term& f = at(filter, static_cast<std::size_t>(s));
      unknown = lor(unknown, land(counts, f.unknown));
      error = lor(error, land(counts, f.error));
      counts = land(counts, land(lnot(f.unknown), as_bool(f.value)));
    }
    if (value_reg >= 0) {
      const Term& v = at(value_reg, static_cast<std::size_t>(s));
      unknown = lor(unknown, land(counts, v.unknown));
      error = lor(error, land(counts, v.error));
      counts = land(counts, lnot(v.unknown));
      switch (ins.op) {
        case OpCode::any_members: settled = lor(settled, land(counts, as_bool(v.value))); break;
        case OpCode::all_members: settled = lor(settled, land(counts, lnot(as_bool(v.value)))); break;
        case OpCode::sum_members: total = total + z3::ite(counts, as_int(v.value), c_.int_val(0)); break;
        default: {
          const z3::expr x = as_int(v.value);
          if (!extreme) {
            extreme = x;
          } else {
            const z3::expr better = ins.op == OpCode::min_members ? x < *extreme : x > *extreme;
            extreme = z3::ite(land(counts, lor(lnot(found), better)), x, *extreme);
          }
        }
      }
    } else {
      total = total + z3::ite(counts, c_.int_val(1), c_.int_val(0));
    }
    found = lor(found, counts);
  }
  switch (ins.op) {
    case OpCode::any_members:
    case OpCode::all_members: {
      const z3::expr open = lnot(settled);
      return {ins.op == OpCode::any_members ? settled : open, land(open, unknown), land(open, error)};
    }
    case OpCode::count_members:
    case OpCode::sum_members: return {total, unknown, error};
    default: return {extreme.value_or(c_.int_val(0)), lor(unknown, lnot(found)), error};
  }
}

// The engine's own date functions, evaluated on every day the household's dates may take
// and kept as their pieces.
z3::expr PlanTranslation::date_function(OpCode op, const z3::expr& days) {
  const Date today = date_;
  const auto f = [op, today](std::int32_t d) -> std::int64_t {
    const Date date = Date::from_days(d);
    switch (op) {
      case OpCode::age: return whole_years_between(date, today);
      case OpCode::months_since: return whole_months_between(date, today);
      case OpCode::year_of: return date.year();
      default: return date.month();
    }
  };
  if (const auto constant = numeral(days)) return c_.int_val(f(static_cast<std::int32_t>(*constant)));
  auto& pieces = date_pieces_[op];
  if (pieces.empty()) {
    const std::int32_t first = Date::from_ymd(household_.bounds().first_year, 1, 1)->days();
    const std::int32_t last = Date::from_ymd(household_.bounds().last_year, 12, 31)->days();
    for (std::int32_t d = first; d <= last; ++d) {
      const std::int64_t v = f(d);
      if (pieces.empty() || pieces.back().second != v) pieces.emplace_back(d, v);
    }
  }
  return piecewise(days, pieces, 0, pieces.size());
}

bool PlanTranslation::in_force(std::size_t programme) const {
  const ProgrammeInfo& info = model_.programme_infos[programme];
  return (!info.active_from || *info.active_from <= date_) && (!info.active_to || date_ <= *info.active_to);
}

z3::expr PlanTranslation::met(std::size_t programme, std::size_t criterion) {
  const Term& t = household(plan_.programmes[programme].criteria[criterion]);
  return land(lnot(t.unknown), as_bool(t.value));
}

z3::expr PlanTranslation::fails(std::size_t programme, std::size_t criterion) {
  const Term& t = household(plan_.programmes[programme].criteria[criterion]);
  return land(lnot(t.unknown), lnot(as_bool(t.value)));
}

z3::expr PlanTranslation::eligible(std::size_t programme) {
  z3::expr all = c_.bool_val(in_force(programme));
  for (std::size_t j = 0; j < plan_.programmes[programme].criteria.size(); ++j) all = land(all, met(programme, j));
  return all;
}

z3::expr PlanTranslation::status(std::size_t programme) {
  if (!in_force(programme)) return c_.int_val(1);
  z3::expr any_false = c_.bool_val(false);
  z3::expr unknown = c_.bool_val(false);
  z3::expr error = c_.bool_val(false);
  for (std::size_t j = 0; j < plan_.programmes[programme].criteria.size(); ++j) {
    any_false = lor(any_false, fails(programme, j));
    const Term& t = household(plan_.programmes[programme].criteria[j]);
    unknown = lor(unknown, t.unknown);
    error = lor(error, t.error);
  }
  return z3::ite(any_false, c_.int_val(1), z3::ite(error, c_.int_val(3), z3::ite(unknown, c_.int_val(2), c_.int_val(0))));
}

std::optional<Term> PlanTranslation::amount(std::size_t programme) {
  const std::int32_t reg = plan_.programmes[programme].amount;
  if (reg < 0) return std::nullopt;
  return household(reg);
}

FieldSet fields_read(const detail::RuleModel& model, const std::vector<std::int32_t>& registers) {
  const detail::Plan& plan = model.plan;
  FieldSet out{std::vector<char>(model.schema.household_fields().size(), 0), std::vector<char>(model.schema.member_fields().size(), 0)};
  std::vector<char> seen(plan.code.size(), 0);
  std::vector<std::int32_t> stack(registers);
  while (!stack.empty()) {
    const auto i = static_cast<std::size_t>(stack.back());
    stack.pop_back();
    if (seen[i]) continue;
    seen[i] = 1;
    const Instruction& ins = plan.code[i];
    if (ins.op == OpCode::household_field) out.household[static_cast<std::size_t>(ins.a)] = 1;
    if (ins.op == OpCode::member_field) out.member[static_cast<std::size_t>(ins.a)] = 1;
    detail::for_each_operand(plan, ins, [&](std::int32_t operand) { stack.push_back(operand); });
  }
  return out;
}

std::vector<std::int32_t> programme_registers(const detail::RuleModel& model, std::size_t programme) {
  const detail::ProgrammePlan& plan = model.plan.programmes[programme];
  std::vector<std::int32_t> out = plan.criteria;
  if (plan.amount >= 0) out.push_back(plan.amount);
  return out;
}

}  // namespace ssis::analysis
