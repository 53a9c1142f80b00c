#include "eval/missing_facts.hpp"

#include <algorithm>

namespace ssis::detail {

MissingFacts::MissingFacts(const RuleModel& model, const Block& block, const Registers& registers, std::size_t household)
    : model_(model),
      block_(block),
      registers_(registers),
      household_(household),
      first_member_(block.member_offsets[household]),
      width_(1 + block.member_offsets[household + 1] - block.member_offsets[household]),
      seen_(model.plan.code.size() * width_, 0) {}

void MissingFacts::walk(std::int32_t reg, std::size_t row) {
  if (reg < 0) return;
  const auto r = static_cast<std::size_t>(reg);
  const Column& column = registers_.columns[r];
  if (column.knowledge[row] != Knowledge::unknown) return;
  const Instruction& ins = model_.plan.code[r];
  const std::size_t slot = r * width_ + (ins.level == Level::member ? 1 + row - first_member_ : 0);
  if (seen_[slot] == stamp_) return;
  seen_[slot] = stamp_;

  switch (ins.op) {
    case OpCode::household_field:
      facts_.push_back(static_cast<Fact>(ins.a));
      return;
    case OpCode::member_field:
      facts_.push_back(((row - first_member_ + 1) << 32) | static_cast<Fact>(ins.a));
      return;
    case OpCode::broadcast: walk(ins.a, household_); return;
    case OpCode::parameter:
      for (std::uint32_t j = 0; j < ins.list_count; ++j) walk(static_cast<std::int32_t>(model_.plan.pool[ins.list_begin + j]), row);
      return;
    case OpCode::select: {
      // A known condition chose one branch; only that branch's facts can settle the value.
      const Column& condition = registers_.columns[static_cast<std::size_t>(ins.a)];
      if (condition.knowledge[row] == Knowledge::known) {
        walk(condition.values[row] != 0 ? ins.b : ins.c, row);
        return;
      }
      walk(ins.a, row);
      walk(ins.b, row);
      walk(ins.c, row);
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
        walk(ins.a, m);
        walk(ins.b, m);
      }
      return;
    case OpCode::count_members:
    case OpCode::any_members:
    case OpCode::all_members:
      for (std::uint32_t m = block_.member_offsets[row]; m < block_.member_offsets[row + 1]; ++m) walk(ins.a, m);
      return;
    default:
      walk(ins.a, row);
      walk(ins.b, row);
      walk(ins.c, row);
      return;
  }
}

void MissingFacts::gather(std::size_t p, const std::vector<ProgrammeDecision>& decisions) {
  const ProgrammePlan& plan = model_.plan.programmes[p];
  for (const std::int32_t reg : plan.criteria) walk(reg, household_);
  walk(plan.amount, household_);
  for (int q : decisions[p].waiting_on) gather(static_cast<std::size_t>(q), decisions);
}

std::vector<std::string> MissingFacts::of_programme(std::size_t p, const std::vector<ProgrammeDecision>& decisions) {
  ++stamp_;
  facts_.clear();
  gather(p, decisions);
  std::sort(facts_.begin(), facts_.end());
  facts_.erase(std::unique(facts_.begin(), facts_.end()), facts_.end());
  std::vector<std::string> paths;
  paths.reserve(facts_.size());
  for (const Fact fact : facts_) {
    const std::uint64_t position = fact >> 32;
    const auto field = static_cast<std::size_t>(fact & 0xffffffffu);
    if (position == 0) paths.push_back(model_.schema.household_fields()[field].name);
    else paths.push_back("members[" + std::to_string(position - 1) + "]." + model_.schema.member_fields()[field].name);
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace ssis::detail
