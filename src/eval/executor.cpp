#include "eval/executor.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ssis::detail {
namespace {

constexpr Knowledge K = Knowledge::known;
constexpr Knowledge U = Knowledge::unknown;
constexpr Knowledge E = Knowledge::error;

inline Knowledge both(Knowledge a, Knowledge b) {
  if (a == E || b == E) return E;
  return (a == K && b == K) ? K : U;
}

class Executor {
 public:
  Executor(const RuleModel& model, const ResolvedParameters& parameters, const Block& block, Registers& registers)
      : model_(model), plan_(model.plan), parameters_(parameters), block_(block), registers_(registers) {}

  void run() {
    registers_.columns.resize(plan_.code.size());
    registers_.household_errors.assign(block_.households, ErrorSite{});
    registers_.parameters = &parameters_;
    for (std::size_t i = 0; i < plan_.code.size(); ++i) {
      current_ = static_cast<std::int32_t>(i);
      const Instruction& ins = plan_.code[i];
      Column& out = registers_.columns[i];
      out.resize(rows(ins.level));
      step(ins, out);
    }
  }

 private:
  std::size_t rows(Level level) const { return level == Level::member ? block_.members : block_.households; }
  const Column& reg(std::int32_t r) const { return registers_.columns[static_cast<std::size_t>(r)]; }

  void fail(Level level, std::size_t row, const char* reason) {
    const std::size_t h = level == Level::member ? block_.member_household[row] : row;
    if (registers_.household_errors[h].instruction < 0) registers_.household_errors[h] = {current_, row, reason};
  }

  template <typename F>
  void unary_op(const Instruction& ins, Column& out, F f) {
    const Column& a = reg(ins.a);
    for (std::size_t r = 0; r < out.values.size(); ++r) {
      out.knowledge[r] = a.knowledge[r];
      if (a.knowledge[r] == K) f(r, a.values[r], out);
    }
  }

  // `f` returns false on overflow.
  template <typename F>
  void binary_op(const Instruction& ins, Column& out, F f, const char* failure) {
    const Column& a = reg(ins.a);
    const Column& b = reg(ins.b);
    for (std::size_t r = 0; r < out.values.size(); ++r) {
      const Knowledge k = both(a.knowledge[r], b.knowledge[r]);
      out.knowledge[r] = k;
      if (k != K) continue;
      if (!f(a.values[r], b.values[r], out.values[r])) {
        out.knowledge[r] = E;
        fail(ins.level, r, failure);
      }
    }
  }

  template <typename F>
  void compare(const Instruction& ins, Column& out, F f) {
    binary_op(ins, out, [&](std::int64_t x, std::int64_t y, std::int64_t& o) { o = f(x, y) ? 1 : 0; return true; }, "");
  }

  void logical(const Instruction& ins, Column& out, bool is_and) {
    const Column& a = reg(ins.a);
    const Column& b = reg(ins.b);
    const std::int64_t decisive = is_and ? 0 : 1;
    for (std::size_t r = 0; r < out.values.size(); ++r) {
      const bool a_decides = a.knowledge[r] == K && a.values[r] == decisive;
      const bool b_decides = b.knowledge[r] == K && b.values[r] == decisive;
      if (a_decides || b_decides) {
        out.knowledge[r] = K;
        out.values[r] = decisive;
      } else {
        out.knowledge[r] = both(a.knowledge[r], b.knowledge[r]);
        out.values[r] = 1 - decisive;
      }
    }
  }

  void select(const Instruction& ins, Column& out) {
    const Column& c = reg(ins.a);
    const Column& t = reg(ins.b);
    const Column& e = reg(ins.c);
    for (std::size_t r = 0; r < out.values.size(); ++r) {
      if (c.knowledge[r] == K) {
        const Column& chosen = c.values[r] != 0 ? t : e;
        out.knowledge[r] = chosen.knowledge[r];
        out.values[r] = chosen.values[r];
      } else if (c.knowledge[r] == U && t.knowledge[r] == K && e.knowledge[r] == K && t.values[r] == e.values[r]) {
        out.knowledge[r] = K;  // both branches agree: the condition does not matter
        out.values[r] = t.values[r];
      } else {
        out.knowledge[r] = c.knowledge[r];
      }
    }
  }

  void parameter(const Instruction& ins, Column& out) {
    const auto index = static_cast<std::size_t>(ins.param);
    const DatedTable* table = parameters_.tables[index];
    const ParameterModel& p = model_.parameters[index];
    const std::size_t key_count = ins.list_count;
    for (std::size_t r = 0; r < out.values.size(); ++r) {
      if (table == nullptr) {
        out.knowledge[r] = E;
        fail(ins.level, r, nullptr);
        continue;
      }
      Knowledge k = K;
      std::int64_t keys[8];
      for (std::size_t j = 0; j < key_count && j < 8; ++j) {
        const Column& key = reg(static_cast<std::int32_t>(plan_.pool[ins.list_begin + j]));
        k = both(k, key.knowledge[r]);
        keys[j] = key.values[r];
      }
      out.knowledge[r] = k;
      if (k != K) continue;
      if (key_count == 0) {
        out.values[r] = table->values[0];
        continue;
      }
      // Exact keys must match; bracket keys take the greatest key not above the value.
      std::ptrdiff_t best = -1;
      const std::size_t entries = table->values.size();
      for (std::size_t e = 0; e < entries; ++e) {
        const std::int64_t* entry = &table->keys[e * key_count];
        bool match = true;
        for (std::size_t j = 0; j < key_count && match; ++j)
          match = p.key_bracket[j] ? entry[j] <= keys[j] : entry[j] == keys[j];
        if (!match) continue;
        if (best < 0) {
          best = static_cast<std::ptrdiff_t>(e);
          continue;
        }
        const std::int64_t* current = &table->keys[static_cast<std::size_t>(best) * key_count];
        for (std::size_t j = 0; j < key_count; ++j) {
          if (entry[j] == current[j]) continue;
          if (p.key_bracket[j] && entry[j] > current[j]) best = static_cast<std::ptrdiff_t>(e);
          break;
        }
      }
      if (best < 0) {
        out.knowledge[r] = E;
        fail(ins.level, r, nullptr);
        continue;
      }
      out.values[r] = table->values[static_cast<std::size_t>(best)];
    }
  }

  enum class Fold { count, sum, min, max, any, all };

  void aggregate(const Instruction& ins, Column& out, Fold fold) {
    const bool has_value = fold == Fold::sum || fold == Fold::min || fold == Fold::max;
    const Column* value = has_value ? &reg(ins.a) : nullptr;
    const std::int32_t filter_reg = fold == Fold::count ? ins.a : (has_value ? ins.b : -1);
    const Column* filter = filter_reg >= 0 ? &reg(filter_reg) : nullptr;
    const Column* condition = (fold == Fold::any || fold == Fold::all) ? &reg(ins.a) : nullptr;
    for (std::size_t h = 0; h < block_.households; ++h) {
      bool unknown = false;
      bool error = false;
      bool found = false;
      std::int64_t acc = fold == Fold::all ? 1 : 0;
      bool settled = false;
      for (std::uint32_t m = block_.member_offsets[h]; m < block_.member_offsets[h + 1] && !settled; ++m) {
        if (filter != nullptr) {
          const Knowledge fk = filter->knowledge[m];
          if (fk == K && filter->values[m] == 0) continue;
          if (fk != K) {
            (fk == E ? error : unknown) = true;
            continue;
          }
        }
        switch (fold) {
          case Fold::count: ++acc; break;
          case Fold::any:
          case Fold::all: {
            const Knowledge ck = condition->knowledge[m];
            if (ck != K) {
              (ck == E ? error : unknown) = true;
              break;
            }
            const bool truth = condition->values[m] != 0;
            if (fold == Fold::any && truth) acc = 1, settled = true;
            if (fold == Fold::all && !truth) acc = 0, settled = true;
            break;
          }
          default: {
            const Knowledge vk = value->knowledge[m];
            if (vk != K) {
              (vk == E ? error : unknown) = true;
              break;
            }
            const std::int64_t v = value->values[m];
            if (fold == Fold::sum) {
              if (__builtin_add_overflow(acc, v, &acc)) error = true;
            } else if (!found) {
              acc = v;
            } else {
              acc = fold == Fold::min ? std::min(acc, v) : std::max(acc, v);
            }
            found = true;
          }
        }
      }
      if (settled) {
        out.knowledge[h] = K;
      } else if (error) {
        out.knowledge[h] = E;
        fail(Level::household, h, "arithmetic overflow or error in a member value");
      } else if (unknown || ((fold == Fold::min || fold == Fold::max) && !found)) {
        out.knowledge[h] = U;
      } else {
        out.knowledge[h] = K;
      }
      out.values[h] = acc;
    }
  }

  void step(const Instruction& ins, Column& out) {
    const std::int32_t today = parameters_.date.days();
    switch (ins.op) {
      case OpCode::constant:
        std::fill(out.values.begin(), out.values.end(), ins.imm);
        std::fill(out.knowledge.begin(), out.knowledge.end(), K);
        return;
      case OpCode::evaluation_date:
        std::fill(out.values.begin(), out.values.end(), today);
        std::fill(out.knowledge.begin(), out.knowledge.end(), K);
        return;
      case OpCode::household_field:
      case OpCode::member_field: {
        const auto& fields = ins.op == OpCode::household_field ? block_.household_fields : block_.member_fields;
        const Column& source = fields[static_cast<std::size_t>(ins.a)];
        std::copy(source.values.begin(), source.values.end(), out.values.begin());
        std::copy(source.knowledge.begin(), source.knowledge.end(), out.knowledge.begin());
        return;
      }
      case OpCode::parameter: parameter(ins, out); return;
      case OpCode::broadcast: {
        const Column& a = reg(ins.a);
        for (std::size_t m = 0; m < out.values.size(); ++m) {
          out.values[m] = a.values[block_.member_household[m]];
          out.knowledge[m] = a.knowledge[block_.member_household[m]];
        }
        return;
      }
      case OpCode::to_scaled:
        unary_op(ins, out, [&](std::size_t r, std::int64_t v, Column& o) {
          if (__builtin_mul_overflow(v, Decimal::scale, &o.values[r])) {
            o.knowledge[r] = E;
            fail(ins.level, r, "arithmetic overflow");
          }
        });
        return;
      case OpCode::add:
        binary_op(ins, out, [](std::int64_t x, std::int64_t y, std::int64_t& o) { return !__builtin_add_overflow(x, y, &o); },
                  "arithmetic overflow in an addition");
        return;
      case OpCode::subtract:
        binary_op(ins, out, [](std::int64_t x, std::int64_t y, std::int64_t& o) { return !__builtin_sub_overflow(x, y, &o); },
                  "arithmetic overflow in a subtraction");
        return;
      case OpCode::multiply_int:
        binary_op(ins, out, [](std::int64_t x, std::int64_t y, std::int64_t& o) { return !__builtin_mul_overflow(x, y, &o); },
                  "arithmetic overflow in a multiplication");
        return;
      case OpCode::multiply_scaled:
        binary_op(ins, out, decimal_ops::multiply, "arithmetic overflow in a multiplication");
        return;
      case OpCode::divide_scaled:
        binary_op(ins, out, decimal_ops::divide, "division by zero or overflow");
        return;
      case OpCode::negate:
        unary_op(ins, out, [&](std::size_t r, std::int64_t v, Column& o) {
          if (__builtin_sub_overflow(std::int64_t{0}, v, &o.values[r])) o.knowledge[r] = E;
        });
        return;
      case OpCode::absolute:
        unary_op(ins, out, [&](std::size_t r, std::int64_t v, Column& o) {
          if (v == INT64_MIN) o.knowledge[r] = E;
          else o.values[r] = v < 0 ? -v : v;
        });
        return;
      case OpCode::equal: compare(ins, out, [](std::int64_t x, std::int64_t y) { return x == y; }); return;
      case OpCode::not_equal: compare(ins, out, [](std::int64_t x, std::int64_t y) { return x != y; }); return;
      case OpCode::less: compare(ins, out, [](std::int64_t x, std::int64_t y) { return x < y; }); return;
      case OpCode::less_equal: compare(ins, out, [](std::int64_t x, std::int64_t y) { return x <= y; }); return;
      case OpCode::greater: compare(ins, out, [](std::int64_t x, std::int64_t y) { return x > y; }); return;
      case OpCode::greater_equal: compare(ins, out, [](std::int64_t x, std::int64_t y) { return x >= y; }); return;
      case OpCode::logical_and: logical(ins, out, true); return;
      case OpCode::logical_or: logical(ins, out, false); return;
      case OpCode::logical_not:
        unary_op(ins, out, [](std::size_t r, std::int64_t v, Column& o) { o.values[r] = v == 0 ? 1 : 0; });
        return;
      case OpCode::select: select(ins, out); return;
      case OpCode::minimum:
        binary_op(ins, out, [](std::int64_t x, std::int64_t y, std::int64_t& o) { o = std::min(x, y); return true; }, "");
        return;
      case OpCode::maximum:
        binary_op(ins, out, [](std::int64_t x, std::int64_t y, std::int64_t& o) { o = std::max(x, y); return true; }, "");
        return;
      case OpCode::round:
        unary_op(ins, out, [&](std::size_t r, std::int64_t v, Column& o) {
          if (!decimal_ops::round_to(v, ins.imm, static_cast<RoundingMode>(ins.aux), o.values[r])) {
            o.knowledge[r] = E;
            fail(ins.level, r, "arithmetic overflow in rounding");
          }
        });
        return;
      case OpCode::age:
        unary_op(ins, out, [&](std::size_t r, std::int64_t v, Column& o) {
          o.values[r] = whole_years_between(Date::from_days(static_cast<std::int32_t>(v)), Date::from_days(today));
        });
        return;
      case OpCode::months_since:
        unary_op(ins, out, [&](std::size_t r, std::int64_t v, Column& o) {
          o.values[r] = whole_months_between(Date::from_days(static_cast<std::int32_t>(v)), Date::from_days(today));
        });
        return;
      case OpCode::days_since:
        unary_op(ins, out, [&](std::size_t r, std::int64_t v, Column& o) { o.values[r] = today - v; });
        return;
      case OpCode::year_of:
        unary_op(ins, out, [](std::size_t r, std::int64_t v, Column& o) { o.values[r] = Date::from_days(static_cast<std::int32_t>(v)).year(); });
        return;
      case OpCode::month_of:
        unary_op(ins, out, [](std::size_t r, std::int64_t v, Column& o) { o.values[r] = Date::from_days(static_cast<std::int32_t>(v)).month(); });
        return;
      case OpCode::known: {
        const Column& a = reg(ins.a);
        for (std::size_t r = 0; r < out.values.size(); ++r) {
          out.knowledge[r] = a.knowledge[r] == E ? E : K;
          out.values[r] = a.knowledge[r] == K ? 1 : 0;
        }
        return;
      }
      case OpCode::coalesce: {
        const Column& a = reg(ins.a);
        const Column& b = reg(ins.b);
        for (std::size_t r = 0; r < out.values.size(); ++r) {
          const Column& chosen = a.knowledge[r] == U ? b : a;
          out.knowledge[r] = chosen.knowledge[r];
          out.values[r] = chosen.values[r];
        }
        return;
      }
      case OpCode::in_list: {
        const std::int64_t* begin = plan_.pool.data() + ins.list_begin;
        const std::int64_t* end = begin + ins.list_count;
        unary_op(ins, out, [&](std::size_t r, std::int64_t v, Column& o) { o.values[r] = std::find(begin, end, v) != end ? 1 : 0; });
        return;
      }
      case OpCode::count_members: aggregate(ins, out, Fold::count); return;
      case OpCode::sum_members: aggregate(ins, out, Fold::sum); return;
      case OpCode::min_members: aggregate(ins, out, Fold::min); return;
      case OpCode::max_members: aggregate(ins, out, Fold::max); return;
      case OpCode::any_members: aggregate(ins, out, Fold::any); return;
      case OpCode::all_members: aggregate(ins, out, Fold::all); return;
    }
  }

  const RuleModel& model_;
  const Plan& plan_;
  const ResolvedParameters& parameters_;
  const Block& block_;
  Registers& registers_;
  std::int32_t current_ = 0;
};

}  // namespace

ResolvedParameters resolve_parameters(const RuleModel& model, Date date) {
  ResolvedParameters resolved;
  resolved.date = date;
  resolved.tables.reserve(model.parameters.size());
  for (const auto& p : model.parameters) {
    const DatedTable* in_force = nullptr;
    for (const auto& t : p.tables)
      if (t.from <= date) in_force = t.in_force ? &t : nullptr;
    if (p.until && date > *p.until) in_force = nullptr;
    resolved.tables.push_back(in_force);
  }
  return resolved;
}

void execute(const RuleModel& model, const ResolvedParameters& parameters, const Block& block, Registers& registers) {
  Executor executor(model, parameters, block, registers);
  executor.run();
}

std::string error_message(const RuleModel& model, const Registers& registers, std::size_t household) {
  const ErrorSite& site = registers.household_errors[household];
  if (site.instruction < 0) return {};
  if (site.reason != nullptr) return site.reason;
  const Instruction& ins = model.plan.code[static_cast<std::size_t>(site.instruction)];
  const auto index = static_cast<std::size_t>(ins.param);
  const std::string& name = model.parameter_infos[index].name;
  const ResolvedParameters& parameters = *registers.parameters;
  if (parameters.tables[index] == nullptr)
    return fmt::format("parameter '{}' has no value in force on {}", name, parameters.date.to_string());
  std::string shown;
  for (std::size_t j = 0; j < ins.list_count; ++j) {
    const Column& key = registers.columns[static_cast<std::size_t>(model.plan.pool[ins.list_begin + j])];
    shown += fmt::format("{}{}", j ? ", " : "", key.values[site.row]);
  }
  return fmt::format("parameter '{}' has no entry for [{}] on {}", name, shown, parameters.date.to_string());
}

}  // namespace ssis::detail
