#include "plan/programme_parameters.hpp"

#include <algorithm>

#include "plan/operands.hpp"

namespace ssis::detail {

std::vector<std::vector<int>> programme_parameters(const Plan& plan) {
  std::vector<std::vector<int>> out;
  out.reserve(plan.programmes.size());
  for (const ProgrammePlan& programme : plan.programmes) {
    std::vector<std::int32_t> registers;
    for_each_decision_register(programme, [&](std::int32_t reg) { registers.push_back(reg); });
    std::vector<int>& parameters = out.emplace_back();
    for_each_instruction_behind(plan, std::move(registers), [&](const Instruction& ins) {
      if (ins.op == OpCode::parameter) parameters.push_back(ins.param);
    });
    std::sort(parameters.begin(), parameters.end());
    parameters.erase(std::unique(parameters.begin(), parameters.end()), parameters.end());
  }
  return out;
}

}  // namespace ssis::detail
