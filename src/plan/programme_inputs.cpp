#include "plan/programme_inputs.hpp"

#include <algorithm>

#include "plan/operands.hpp"

namespace ssis::detail {
namespace {

template <typename T>
void sort_unique(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace

std::vector<ProgrammeInputs> programme_inputs(const Plan& plan) {
  std::vector<ProgrammeInputs> out;
  out.reserve(plan.programmes.size());
  for (const ProgrammePlan& programme : plan.programmes) {
    std::vector<std::int32_t> registers;
    for_each_decision_register(programme, [&](std::int32_t reg) { registers.push_back(reg); });
    ProgrammeInputs& inputs = out.emplace_back();
    for_each_instruction_behind(plan, std::move(registers), [&](const Instruction& ins) {
      if (ins.op == OpCode::parameter) inputs.parameters.push_back(ins.param);
      else if (ins.op == OpCode::household_field) inputs.household_fields.push_back(static_cast<std::size_t>(ins.a));
      else if (ins.op == OpCode::member_field) inputs.member_fields.push_back(static_cast<std::size_t>(ins.a));
    });
    sort_unique(inputs.parameters);
    sort_unique(inputs.household_fields);
    sort_unique(inputs.member_fields);
  }
  return out;
}

}  // namespace ssis::detail
