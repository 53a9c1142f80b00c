#include "plan/fields_behind.hpp"

#include "plan/operands.hpp"

namespace ssis::detail {

FieldsBehind::FieldsBehind(const Plan& plan, std::size_t household_fields, std::size_t member_fields)
    : words_((household_fields + member_fields + 63) / 64), bits_(plan.code.size() * words_, 0) {
  // Each register after every register it reads (an explicit stack: plans can be deep).
  enum : char { unvisited, open, done };
  std::vector<char> state(plan.code.size(), unvisited);
  std::vector<std::int32_t> stack;
  for (std::size_t root = 0; root < plan.code.size(); ++root) {
    if (state[root] != unvisited) continue;
    stack.push_back(static_cast<std::int32_t>(root));
    while (!stack.empty()) {
      const auto r = static_cast<std::size_t>(stack.back());
      const Instruction& ins = plan.code[r];
      if (state[r] == unvisited) {
        state[r] = open;
        for_each_operand(plan, ins, [&](std::int32_t operand) {
          if (state[static_cast<std::size_t>(operand)] == unvisited) stack.push_back(operand);
        });
        continue;
      }
      stack.pop_back();
      if (state[r] == done) continue;
      state[r] = done;
      std::uint64_t* own = bits_.data() + r * words_;
      if (ins.op == OpCode::household_field || ins.op == OpCode::member_field) {
        const std::size_t bit = static_cast<std::size_t>(ins.a) + (ins.op == OpCode::member_field ? household_fields : 0);
        own[bit / 64] |= std::uint64_t{1} << (bit % 64);
      }
      for_each_operand(plan, ins, [&](std::int32_t operand) { add(operand, own); });
    }
  }
}

void FieldsBehind::add(std::int32_t reg, Bits& bits) const { add(reg, bits.data()); }

void FieldsBehind::add(std::int32_t reg, std::uint64_t* bits) const {
  const std::uint64_t* theirs = bits_.data() + static_cast<std::size_t>(reg) * words_;
  for (std::size_t w = 0; w < words_; ++w) bits[w] |= theirs[w];
}

}  // namespace ssis::detail
