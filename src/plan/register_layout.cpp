#include "plan/register_layout.hpp"

#include <algorithm>
#include <cstdint>

#include "plan/operands.hpp"

namespace ssis::detail {
namespace {

constexpr std::size_t kept = SIZE_MAX;

// Gives every instruction of `order` that computes a value a slot of its level; a slot is
// free again once `last_read` says its last reader has run. An instruction takes its slot
// before its operands free theirs, so it never writes over what it reads.
RegisterLayout lay_out(const Plan& plan, const std::vector<std::int32_t>& order, const std::vector<std::size_t>& last_read) {
  RegisterLayout layout;
  layout.slot.assign(plan.code.size(), 0);
  std::vector<std::uint32_t> free_household;
  std::vector<std::uint32_t> free_member;
  for (std::size_t at = 0; at < order.size(); ++at) {
    const auto i = static_cast<std::size_t>(order[at]);
    if (loads_field(plan.code[i])) continue;
    const bool member = plan.code[i].level == Level::member;
    std::vector<std::uint32_t>& free = member ? free_member : free_household;
    if (free.empty()) {
      layout.slot[i] = member ? layout.member_slots++ : layout.household_slots++;
    } else {
      layout.slot[i] = free.back();
      free.pop_back();
    }
    for_each_operand(plan, plan.code[i], [&](std::int32_t reg) {
      const auto r = static_cast<std::size_t>(reg);
      if (loads_field(plan.code[r]) || last_read[r] != at) return;
      (plan.code[r].level == Level::member ? free_member : free_household).push_back(layout.slot[r]);
    });
  }
  return layout;
}

}  // namespace

RegisterLayout lay_out_every_register(const Plan& plan, const std::vector<std::int32_t>& order) {
  return lay_out(plan, order, std::vector<std::size_t>(plan.code.size(), kept));
}

RegisterLayout lay_out_reused_registers(const Plan& plan, const std::vector<std::int32_t>& order, const std::vector<int>& programmes) {
  std::vector<std::size_t> last_read(plan.code.size(), kept);
  for (std::size_t at = 0; at < order.size(); ++at)
    for_each_operand(plan, plan.code[static_cast<std::size_t>(order[at])],
                     [&](std::int32_t reg) { last_read[static_cast<std::size_t>(reg)] = at; });
  for (const int p : programmes)
    for_each_decision_register(plan.programmes[static_cast<std::size_t>(p)],
                               [&](std::int32_t reg) { last_read[static_cast<std::size_t>(reg)] = kept; });
  for (const Instruction& ins : plan.code)
    if (ins.op == OpCode::parameter)
      for (std::uint32_t j = 0; j < ins.list_count; ++j) last_read[static_cast<std::size_t>(plan.pool[ins.list_begin + j])] = kept;
  return lay_out(plan, order, last_read);
}

std::size_t households_per_block(const RegisterLayout& layout) {
  constexpr std::size_t members_per_household = 3;
  constexpr std::size_t bytes_per_row = sizeof(std::int64_t) + 1;  // a value and its knowledge
  constexpr std::size_t budget = std::size_t{4} << 20;
  constexpr std::size_t multiple = 32;  // rows of whole cache lines
  const std::size_t bytes = (layout.household_slots + members_per_household * layout.member_slots) * bytes_per_row;
  const std::size_t households = budget / std::max<std::size_t>(bytes, 1);
  return std::clamp<std::size_t>(households / multiple * multiple, multiple, 1024);
}

}  // namespace ssis::detail
