#include "plan/compiler.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "check/symbols.hpp"
#include "plan/operands.hpp"
#include "plan/plan_signature.hpp"
#include "plan/programme_code.hpp"
#include "plan/uniform_registers.hpp"
#include "plan/register_layout.hpp"

namespace ssis::detail {
namespace {

bool is_scaled(ValueKind kind) { return kind == ValueKind::decimal || kind == ValueKind::money; }

class Compiler {
 public:
  explicit Compiler(RuleModel& model) : model_(model), plan_(model.plan) {}

  void run() {
    variable_regs_.assign(model_.variables.size(), -1);
    // Dependencies first: compiling a variable then finds those it uses compiled.
    for (const int v : model_.variable_order) variable(v);
    plan_.variables = variable_regs_;
    for (std::size_t p = 0; p < model_.programmes.size(); ++p) {
      ProgrammeModel& programme = model_.programmes[p];
      const ProgrammeInfo& info = model_.programme_infos[p];
      plan_.programmes.push_back(info.unit == ProgrammeUnit::member ? member_programme(programme, info)
                                                                     : household_programme(programme, info));
    }
  }

 private:
  ProgrammePlan household_programme(ProgrammeModel& programme, const ProgrammeInfo& info) {
    ProgrammePlan out;
    for (auto& criterion : programme.criteria) out.criteria.push_back(compile(*criterion.condition, Level::household));
    if (programme.amount) out.amount = amount(programme, info, Level::household);
    return out;
  }

  ProgrammePlan member_programme(ProgrammeModel& programme, const ProgrammeInfo& info) {
    ProgrammePlan out;
    std::int32_t eligible = -1;
    const auto both = [&](std::int32_t reg) { eligible = eligible < 0 ? reg : binary(OpCode::logical_and, eligible, reg, Level::member); };
    if (programme.unit_where) {
      out.unit_assessed = compile(*programme.unit_where->condition, Level::member);
      both(out.unit_assessed);
    }
    for (auto& criterion : programme.criteria) {
      out.unit_criteria.push_back(compile(*criterion.condition, Level::member));
      both(out.unit_criteria.back());
    }
    out.unit_eligible = eligible >= 0 ? eligible : constant(1, Level::member);
    Instruction any{OpCode::any_members, Level::household};
    any.a = out.unit_eligible;
    out.criteria.push_back(emit(any));
    if (programme.amount) {
      out.unit_amount = amount(programme, info, Level::member);
      Instruction sum{OpCode::sum_members, Level::household};
      sum.a = out.unit_amount;
      sum.b = out.unit_eligible;
      out.amount = emit(sum);
    }
    return out;
  }

  // The amount as money, rounded as the programme says.
  std::int32_t amount(ProgrammeModel& programme, const ProgrammeInfo& info, Level scope) {
    std::int32_t amount = convert(compile(*programme.amount, scope), programme.amount->type.kind, ValueKind::money);
    if (info.rounding_unit && info.rounding_mode) {
      Instruction round{OpCode::round, scope};
      round.a = amount;
      round.imm = info.rounding_unit->raw();
      round.aux = static_cast<std::uint8_t>(*info.rounding_mode);
      amount = emit(round);
    }
    return amount;
  }

  Level level_of(std::int32_t reg) const { return plan_.code[static_cast<std::size_t>(reg)].level; }

  std::int32_t emit(const Instruction& ins, const std::vector<std::int64_t>& list = {}) {
    ++plan_.instructions_before_sharing;
    InstructionKey key{static_cast<int>(ins.op), static_cast<int>(ins.level), ins.aux, ins.a, ins.b, ins.c, ins.param, ins.imm};
    key.insert(key.end(), list.begin(), list.end());
    const auto it = shared_.find(key);
    if (it != shared_.end()) return it->second;
    Instruction stored = ins;
    stored.list_begin = static_cast<std::uint32_t>(plan_.pool.size());
    stored.list_count = static_cast<std::uint32_t>(list.size());
    plan_.pool.insert(plan_.pool.end(), list.begin(), list.end());
    plan_.code.push_back(stored);
    const auto reg = static_cast<std::int32_t>(plan_.code.size() - 1);
    shared_.emplace(std::move(key), reg);
    return reg;
  }

  std::int32_t constant(std::int64_t value, Level level) {
    Instruction ins{OpCode::constant, level};
    ins.imm = value;
    return emit(ins);
  }

  std::int32_t unary(OpCode op, std::int32_t a, Level level) {
    Instruction ins{op, level};
    ins.a = a;
    return emit(ins);
  }

  std::int32_t binary(OpCode op, std::int32_t a, std::int32_t b, Level level) {
    Instruction ins{op, level};
    ins.a = a;
    ins.b = b;
    return emit(ins);
  }

  std::int32_t at_level(std::int32_t reg, Level level) {
    if (level_of(reg) == level) return reg;
    return unary(OpCode::broadcast, reg, Level::member);
  }

  std::int32_t convert(std::int32_t reg, ValueKind from, ValueKind to) {
    if (from == ValueKind::integer && is_scaled(to)) return unary(OpCode::to_scaled, reg, level_of(reg));
    return reg;
  }

  std::int32_t variable(int index) {
    auto& reg = variable_regs_[static_cast<std::size_t>(index)];
    if (reg >= 0) return reg;
    VariableModel& v = model_.variables[static_cast<std::size_t>(index)];
    reg = convert(compile(*v.formula, v.level), v.formula->type.kind, v.type.kind);
    return reg;
  }

  std::int32_t operand(Expr& e, Level scope, ValueKind target) { return convert(compile(e, scope), e.type.kind, target); }

  std::int32_t compile(Expr& e, Level scope) {
    const std::int32_t reg = compile_node(e, scope);
    e.reg = reg;
    return reg;
  }

  std::int32_t compile_node(Expr& e, Level scope) {
    switch (e.kind) {
      case NodeKind::integer:
      case NodeKind::decimal:
      case NodeKind::boolean:
      case NodeKind::string: return constant(e.number, scope);
      case NodeKind::evaluation_date: return emit(Instruction{OpCode::evaluation_date, scope});
      case NodeKind::member_index: return emit(Instruction{OpCode::member_index, Level::member});
      case NodeKind::list: return -1;
      case NodeKind::name: return at_level(name(e), scope);
      case NodeKind::index: {
        std::vector<std::int64_t> keys;
        for (std::size_t k = 1; k < e.args.size(); ++k) keys.push_back(compile(*e.args[k], scope));
        Instruction ins{OpCode::parameter, scope};
        ins.param = e.index;
        return emit(ins, keys);
      }
      case NodeKind::unary:
        return unary(e.op == Operator::logical_not ? OpCode::logical_not : OpCode::negate, compile(*e.args[0], scope), scope);
      case NodeKind::binary: return binary_node(e, scope);
      case NodeKind::conditional: {
        Instruction ins{OpCode::select, scope};
        ins.a = compile(*e.args[0], scope);
        ins.b = operand(*e.args[1], scope, e.type.kind);
        ins.c = operand(*e.args[2], scope, e.type.kind);
        return emit(ins);
      }
      case NodeKind::in_list: {
        std::vector<std::int64_t> values;
        for (auto& item : e.args[1]->args) values.push_back(item->number);
        Instruction ins{OpCode::in_list, scope};
        ins.a = compile(*e.args[0], scope);
        return emit(ins, values);
      }
      case NodeKind::call: return call(e, scope);
    }
    return -1;
  }

  std::int32_t name(Expr& e) {
    switch (e.reference) {
      case Reference::field: {
        Instruction ins{e.symbol_level == Level::member ? OpCode::member_field : OpCode::household_field, e.symbol_level};
        ins.a = e.index;
        return emit(ins);
      }
      case Reference::parameter: {
        Instruction ins{OpCode::parameter, Level::household};
        ins.param = e.index;
        return emit(ins);
      }
      case Reference::variable: return variable(e.index);
      default: return -1;
    }
  }

  std::int32_t binary_node(Expr& e, Level scope) {
    Expr& left = *e.args[0];
    Expr& right = *e.args[1];
    const ValueKind lk = left.type.kind;
    const ValueKind rk = right.type.kind;
    switch (e.op) {
      case Operator::logical_and: return binary(OpCode::logical_and, compile(left, scope), compile(right, scope), scope);
      case Operator::logical_or: return binary(OpCode::logical_or, compile(left, scope), compile(right, scope), scope);
      case Operator::add:
      case Operator::subtract: {
        const OpCode op = e.op == Operator::add ? OpCode::add : OpCode::subtract;
        return binary(op, operand(left, scope, e.type.kind), operand(right, scope, e.type.kind), scope);
      }
      case Operator::multiply:
        if (is_scaled(lk) && is_scaled(rk))
          return binary(OpCode::multiply_scaled, compile(left, scope), compile(right, scope), scope);
        // int * int, or a scaled value times a whole number: exact on the raw form.
        return binary(OpCode::multiply_int, compile(left, scope), compile(right, scope), scope);
      case Operator::divide:
        return binary(OpCode::divide_scaled, operand(left, scope, ValueKind::decimal), operand(right, scope, ValueKind::decimal), scope);
      default: break;
    }
    // Comparisons: bring an int to the scale of the other side.
    ValueKind common = lk;
    if (lk == ValueKind::integer && is_scaled(rk)) common = rk;
    OpCode op = OpCode::equal;
    switch (e.op) {
      case Operator::equal: op = OpCode::equal; break;
      case Operator::not_equal: op = OpCode::not_equal; break;
      case Operator::less: op = OpCode::less; break;
      case Operator::less_equal: op = OpCode::less_equal; break;
      case Operator::greater: op = OpCode::greater; break;
      default: op = OpCode::greater_equal; break;
    }
    return binary(op, operand(left, scope, common), operand(right, scope, common), scope);
  }

  // count/sum/min/max/any/all over the household's members (a household value) or, with
  // `key`, over the current member's unit (a member value).
  std::int32_t aggregate(Expr& e, OpCode op, std::int32_t key = -1) {
    Instruction ins{op, key >= 0 ? Level::member : Level::household};
    ins.c = key;
    const std::size_t n = e.args.size();
    if (op == OpCode::count_members || op == OpCode::count_unit) {
      ins.a = n == 2 ? compile(*e.args[1], Level::member) : -1;
    } else if (op == OpCode::any_members || op == OpCode::all_members || op == OpCode::any_unit || op == OpCode::all_unit) {
      ins.a = compile(*e.args[1], Level::member);
    } else {
      ins.a = compile(*e.args[1], Level::member);
      ins.b = n == 3 ? compile(*e.args[2], Level::member) : -1;
    }
    return emit(ins);
  }

  // The register of a unit kind's key, for each member.
  std::int32_t unit_key(int unit) {
    UnitKindModel& kind = model_.unit_kinds[static_cast<std::size_t>(unit)];
    return compile(*kind.key, Level::member);
  }

  std::int32_t call(Expr& e, Level scope) {
    const std::string& f = e.text;
    const Reference collection = e.args.empty() ? Reference::none : e.args[0]->reference;
    if (collection == Reference::members || collection == Reference::unit) {
      const bool unit = collection == Reference::unit;
      const std::int32_t key = unit ? unit_key(e.args[0]->index) : -1;
      const auto op = [&](OpCode of_members, OpCode of_unit) { return unit ? of_unit : of_members; };
      std::int32_t reg = -1;
      if (f == "count") reg = aggregate(e, op(OpCode::count_members, OpCode::count_unit), key);
      else if (f == "sum") reg = aggregate(e, op(OpCode::sum_members, OpCode::sum_unit), key);
      else if (f == "min") reg = aggregate(e, op(OpCode::min_members, OpCode::min_unit), key);
      else if (f == "max") reg = aggregate(e, op(OpCode::max_members, OpCode::max_unit), key);
      else if (f == "any") reg = aggregate(e, op(OpCode::any_members, OpCode::any_unit), key);
      else reg = aggregate(e, op(OpCode::all_members, OpCode::all_unit), key);
      return at_level(reg, scope);
    }
    if (f == "min" || f == "max") {
      const OpCode op = f == "min" ? OpCode::minimum : OpCode::maximum;
      std::int32_t reg = operand(*e.args[0], scope, e.type.kind);
      for (std::size_t i = 1; i < e.args.size(); ++i) reg = binary(op, reg, operand(*e.args[i], scope, e.type.kind), scope);
      return reg;
    }
    if (f == "clamp") {
      const std::int32_t low = binary(OpCode::maximum, operand(*e.args[0], scope, e.type.kind), operand(*e.args[1], scope, e.type.kind), scope);
      return binary(OpCode::minimum, low, operand(*e.args[2], scope, e.type.kind), scope);
    }
    if (f == "abs") return unary(OpCode::absolute, compile(*e.args[0], scope), scope);
    if (f == "round") {
      Instruction ins{OpCode::round, scope};
      ins.a = compile(*e.args[0], scope);
      const Expr& unit = *e.args[1];
      ins.imm = is_scaled(e.type.kind) && unit.kind == NodeKind::integer ? unit.number * Decimal::scale : unit.number;
      ins.aux = static_cast<std::uint8_t>(e.args[2]->number);
      return emit(ins);
    }
    if (f == "age") return unary(OpCode::age, compile(*e.args[0], scope), scope);
    if (f == "months_since") return unary(OpCode::months_since, compile(*e.args[0], scope), scope);
    if (f == "days_since") return unary(OpCode::days_since, compile(*e.args[0], scope), scope);
    if (f == "year") return unary(OpCode::year_of, compile(*e.args[0], scope), scope);
    if (f == "month") return unary(OpCode::month_of, compile(*e.args[0], scope), scope);
    if (f == "date") return constant(e.number, scope);
    if (f == "known") return unary(OpCode::known, compile(*e.args[0], scope), scope);
    if (f == "coalesce") {
      return binary(OpCode::coalesce, operand(*e.args[0], scope, e.type.kind), operand(*e.args[1], scope, e.type.kind), scope);
    }
    return -1;
  }

  RuleModel& model_;
  Plan& plan_;
  // An instruction is shared by every expression that computes the same: same operation,
  // operands, immediate and list.
  using InstructionKey = std::vector<std::int64_t>;
  struct InstructionKeyHash {
    std::size_t operator()(const InstructionKey& key) const {
      std::uint64_t hash = 1469598103934665603ULL;
      for (const std::int64_t v : key) hash = (hash ^ static_cast<std::uint64_t>(v)) * 1099511628211ULL;
      return static_cast<std::size_t>(hash ^ (hash >> 32));
    }
  };
  std::unordered_map<InstructionKey, std::int32_t, InstructionKeyHash> shared_;
  std::vector<std::int32_t> variable_regs_;
};

// Lists every instruction and those the programmes depend on. Operands always come before
// the instruction that reads them.
void order_code(Plan& plan) {
  plan.all_code.clear();
  plan.field_loads.clear();
  for (std::size_t i = 0; i < plan.code.size(); ++i) {
    plan.all_code.push_back(static_cast<std::int32_t>(i));
    if (loads_field(plan.code[i])) plan.field_loads.push_back(static_cast<std::int32_t>(i));
  }
  std::vector<int> every_programme(plan.programmes.size());
  std::iota(every_programme.begin(), every_programme.end(), 0);
  plan.programme_code = programme_code(plan, std::move(every_programme));
  plan.every_register = lay_out_every_register(plan, plan.all_code);
  plan.uniform = uniform_registers(plan);
}

}  // namespace

void compile_plan(RuleModel& model) {
  Compiler compiler(model);
  compiler.run();
  model.plan.member_programmes.clear();
  model.plan.unit_slot.assign(model.programmes.size(), -1);
  for (std::size_t p = 0; p < model.programmes.size(); ++p)
    if (model.programme_infos[p].unit == ProgrammeUnit::member) {
      model.plan.unit_slot[p] = static_cast<int>(model.plan.member_programmes.size());
      model.plan.member_programmes.push_back(static_cast<int>(p));
    }
  order_code(model.plan);
  model.plan.signature = plan_signature(model);
}

}  // namespace ssis::detail
