#include "plan/programme_code.hpp"

#include "plan/operands.hpp"
#include "plan/register_layout.hpp"

namespace ssis::detail {

ProgrammeCode programme_code(const Plan& plan, std::vector<int> programmes) {
  ProgrammeCode code;
  std::vector<char> needed(plan.code.size(), 0);
  const auto mark = [&](std::int32_t reg) { needed[static_cast<std::size_t>(reg)] = 1; };
  for (const int p : programmes) for_each_decision_register(plan.programmes[static_cast<std::size_t>(p)], mark);
  for (std::size_t i = plan.code.size(); i-- > 0;)
    if (needed[i]) for_each_operand(plan, plan.code[i], mark);
  for (std::size_t i = 0; i < plan.code.size(); ++i) {
    if (!needed[i]) continue;
    code.order.push_back(static_cast<std::int32_t>(i));
    const Instruction& ins = plan.code[i];
    if (ins.op == OpCode::household_field) code.household_fields.push_back(static_cast<std::size_t>(ins.a));
    if (ins.op == OpCode::member_field) code.member_fields.push_back(static_cast<std::size_t>(ins.a));
  }
  code.reused_registers = lay_out_reused_registers(plan, code.order, programmes);
  code.households_per_block = households_per_block(code.reused_registers);
  code.decides.assign(plan.programmes.size(), 0);
  for (const int p : programmes) code.decides[static_cast<std::size_t>(p)] = 1;
  code.programmes = std::move(programmes);
  return code;
}

}  // namespace ssis::detail
