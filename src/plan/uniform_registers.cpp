#include "plan/uniform_registers.hpp"

#include "plan/operands.hpp"

namespace ssis::detail {

bool takes_uniform_operands(OpCode op) {
  switch (op) {
    case OpCode::add:
    case OpCode::subtract:
    case OpCode::multiply_int:
    case OpCode::multiply_scaled:
    case OpCode::divide_scaled:
    case OpCode::equal:
    case OpCode::not_equal:
    case OpCode::less:
    case OpCode::less_equal:
    case OpCode::greater:
    case OpCode::greater_equal:
    case OpCode::logical_and:
    case OpCode::logical_or:
    case OpCode::select:
    case OpCode::minimum:
    case OpCode::maximum: return true;
    default: return false;
  }
}

namespace {

// Whether the instruction's value is the same in every row, given which of its operands are.
bool is_uniform(const Plan& plan, const Instruction& ins, const std::vector<char>& uniform) {
  switch (ins.op) {
    case OpCode::constant:
    case OpCode::evaluation_date: return true;
    case OpCode::member_index:
    case OpCode::household_field:
    case OpCode::member_field:
    case OpCode::count_members:
    case OpCode::sum_members:
    case OpCode::min_members:
    case OpCode::max_members:
    case OpCode::any_members:
    case OpCode::all_members:
    case OpCode::count_unit:
    case OpCode::sum_unit:
    case OpCode::min_unit:
    case OpCode::max_unit:
    case OpCode::any_unit:
    case OpCode::all_unit: return false;
    default: break;
  }
  bool all = true;
  for_each_operand(plan, ins, [&](std::int32_t reg) { all = all && uniform[static_cast<std::size_t>(reg)]; });
  return all;
}

}  // namespace

UniformRegisters uniform_registers(const Plan& plan) {
  UniformRegisters out;
  out.uniform.assign(plan.code.size(), 0);
  out.read_as_rows.assign(plan.code.size(), 0);
  out.index.assign(plan.code.size(), -1);
  for (std::size_t i = 0; i < plan.code.size(); ++i) {
    const Instruction& ins = plan.code[i];
    out.uniform[i] = is_uniform(plan, ins, out.uniform) ? 1 : 0;
    if (out.uniform[i]) {
      out.index[i] = static_cast<std::int32_t>(out.order.size());
      out.order.push_back(static_cast<std::int32_t>(i));
      continue;
    }
    if (takes_uniform_operands(ins.op)) continue;
    for_each_operand(plan, ins, [&](std::int32_t reg) { out.read_as_rows[static_cast<std::size_t>(reg)] = 1; });
  }
  for (const ProgrammePlan& programme : plan.programmes)
    for_each_decision_register(programme, [&](std::int32_t reg) { out.read_as_rows[static_cast<std::size_t>(reg)] = 1; });
  for (std::size_t i = 0; i < plan.code.size(); ++i) out.read_as_rows[i] = out.read_as_rows[i] && out.uniform[i];
  return out;
}

}  // namespace ssis::detail
