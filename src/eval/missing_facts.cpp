#include "eval/missing_facts.hpp"

#include <fmt/format.h>

namespace ssis::detail {

void MissingFacts::collect(std::int32_t reg, std::size_t row) {
  if (reg < 0) return;
  const Column& column = registers_.columns[static_cast<std::size_t>(reg)];
  if (column.knowledge[row] != Knowledge::unknown) return;
  if (!visited_.insert({reg, row}).second) return;
  const Plan& plan = model_.plan;
  const Instruction& ins = plan.code[static_cast<std::size_t>(reg)];
  switch (ins.op) {
    case OpCode::household_field:
      facts_.insert(model_.schema.household_fields()[static_cast<std::size_t>(ins.a)].name);
      return;
    case OpCode::member_field: {
      const std::uint32_t h = block_.member_household[row];
      facts_.insert(fmt::format("members[{}].{}", row - block_.member_offsets[h],
                                model_.schema.member_fields()[static_cast<std::size_t>(ins.a)].name));
      return;
    }
    case OpCode::broadcast: collect(ins.a, block_.member_household[row]); return;
    case OpCode::parameter:
      for (std::uint32_t j = 0; j < ins.list_count; ++j) collect(static_cast<std::int32_t>(plan.pool[ins.list_begin + j]), row);
      return;
    case OpCode::select: {
      // A known condition chose one branch; only that branch's facts can settle the value.
      const Column& condition = registers_.columns[static_cast<std::size_t>(ins.a)];
      if (condition.knowledge[row] == Knowledge::known) {
        collect(condition.values[row] != 0 ? ins.b : ins.c, row);
        return;
      }
      collect(ins.a, row);
      collect(ins.b, row);
      collect(ins.c, row);
      return;
    }
    case OpCode::sum_members:
    case OpCode::min_members:
    case OpCode::max_members:
      // With a filter, members it excludes for certain do not count.
      for (std::uint32_t m = block_.member_offsets[row]; m < block_.member_offsets[row + 1]; ++m) {
        if (ins.b >= 0) {
          const Column& filter = registers_.columns[static_cast<std::size_t>(ins.b)];
          if (filter.knowledge[m] == Knowledge::known && filter.values[m] == 0) continue;
        }
        collect(ins.a, m);
        collect(ins.b, m);
      }
      return;
    case OpCode::count_members:
    case OpCode::any_members:
    case OpCode::all_members:
      for (std::uint32_t m = block_.member_offsets[row]; m < block_.member_offsets[row + 1]; ++m) collect(ins.a, m);
      return;
    default:
      collect(ins.a, row);
      collect(ins.b, row);
      collect(ins.c, row);
      return;
  }
}

void MissingFacts::collect_programme(std::size_t p, std::size_t row, const std::vector<ProgrammeDecision>& decisions) {
  const ProgrammePlan& plan = model_.plan.programmes[p];
  for (const std::int32_t reg : plan.criteria) collect(reg, row);
  collect(plan.amount, row);
  for (int q : decisions[p].waiting_on) collect_programme(static_cast<std::size_t>(q), row, decisions);
}

}  // namespace ssis::detail
