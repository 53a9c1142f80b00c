#pragma once
// The registers an instruction of a plan reads.
#include <algorithm>
#include <vector>

#include "plan/plan.hpp"

namespace ssis::detail {

/// Whether the instruction loads an input field (its `a` is then a field, not a register).
inline bool loads_field(const Instruction& ins) { return ins.op == OpCode::household_field || ins.op == OpCode::member_field; }

/// Calls f with each register the instruction reads, once each, in increasing order.
template <typename F>
void for_each_operand(const Plan& plan, const Instruction& ins, F f) {
  if (loads_field(ins)) return;  // `a` is a field
  std::vector<std::int32_t> operands;
  for (const std::int32_t reg : {ins.a, ins.b, ins.c})
    if (reg >= 0) operands.push_back(reg);
  if (ins.op == OpCode::parameter)
    for (std::uint32_t j = 0; j < ins.list_count; ++j) operands.push_back(static_cast<std::int32_t>(plan.pool[ins.list_begin + j]));
  std::sort(operands.begin(), operands.end());
  operands.erase(std::unique(operands.begin(), operands.end()), operands.end());
  for (const std::int32_t reg : operands) f(reg);
}

/// Calls f with each instruction that `registers` are computed from (themselves included),
/// once each.
template <typename F>
void for_each_instruction_behind(const Plan& plan, std::vector<std::int32_t> registers, F f) {
  std::vector<char> seen(plan.code.size(), 0);
  while (!registers.empty()) {
    const auto reg = static_cast<std::size_t>(registers.back());
    registers.pop_back();
    if (seen[reg]) continue;
    seen[reg] = 1;
    const Instruction& ins = plan.code[reg];
    f(ins);
    for_each_operand(plan, ins, [&](std::int32_t operand) { registers.push_back(operand); });
  }
}

}  // namespace ssis::detail
