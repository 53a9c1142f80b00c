#include "eval/missing_facts.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ssis::detail {
namespace {

constexpr std::uint64_t member_fact(std::uint64_t position, std::uint64_t field) { return ((position + 1) << 32) | field; }

void append(std::vector<std::uint64_t>& to, const std::vector<std::uint64_t>& from) { to.insert(to.end(), from.begin(), from.end()); }

}  // namespace

const std::vector<MissingFacts::Fact>& MissingFacts::facts_of(std::int32_t reg, std::size_t row) {
  static const std::vector<Fact> none;
  if (reg < 0) return none;
  const Column& column = registers_.columns[static_cast<std::size_t>(reg)];
  if (column.knowledge[row] != Knowledge::unknown) return none;
  const std::uint64_t key = (static_cast<std::uint64_t>(reg) << 32) | row;
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;

  const Plan& plan = model_.plan;
  const Instruction& ins = plan.code[static_cast<std::size_t>(reg)];
  std::vector<Fact> facts;
  switch (ins.op) {
    case OpCode::household_field:
      facts.push_back(static_cast<Fact>(ins.a));
      break;
    case OpCode::member_field: {
      const std::uint32_t h = block_.member_household[row];
      facts.push_back(member_fact(row - block_.member_offsets[h], static_cast<std::uint64_t>(ins.a)));
      break;
    }
    case OpCode::broadcast: append(facts, facts_of(ins.a, block_.member_household[row])); break;
    case OpCode::parameter:
      for (std::uint32_t j = 0; j < ins.list_count; ++j)
        append(facts, facts_of(static_cast<std::int32_t>(plan.pool[ins.list_begin + j]), row));
      break;
    case OpCode::select: {
      // A known condition chose one branch; only that branch's facts can settle the value.
      const Column& condition = registers_.columns[static_cast<std::size_t>(ins.a)];
      if (condition.knowledge[row] == Knowledge::known) {
        append(facts, facts_of(condition.values[row] != 0 ? ins.b : ins.c, row));
      } else {
        append(facts, facts_of(ins.a, row));
        append(facts, facts_of(ins.b, row));
        append(facts, facts_of(ins.c, row));
      }
      break;
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
        append(facts, facts_of(ins.a, m));
        append(facts, facts_of(ins.b, m));
      }
      break;
    case OpCode::count_members:
    case OpCode::any_members:
    case OpCode::all_members:
      for (std::uint32_t m = block_.member_offsets[row]; m < block_.member_offsets[row + 1]; ++m) append(facts, facts_of(ins.a, m));
      break;
    default:
      append(facts, facts_of(ins.a, row));
      append(facts, facts_of(ins.b, row));
      append(facts, facts_of(ins.c, row));
      break;
  }
  std::sort(facts.begin(), facts.end());
  facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
  return memo_.emplace(key, std::move(facts)).first->second;
}

void MissingFacts::gather(std::size_t p, const std::vector<ProgrammeDecision>& decisions, std::vector<Fact>& out) {
  const ProgrammePlan& plan = model_.plan.programmes[p];
  for (const std::int32_t reg : plan.criteria) append(out, facts_of(reg, household_));
  append(out, facts_of(plan.amount, household_));
  for (int q : decisions[p].waiting_on) gather(static_cast<std::size_t>(q), decisions, out);
}

std::vector<std::string> MissingFacts::of_programme(std::size_t p, const std::vector<ProgrammeDecision>& decisions) {
  std::vector<Fact> facts;
  gather(p, decisions, facts);
  std::sort(facts.begin(), facts.end());
  facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
  std::vector<std::string> paths;
  paths.reserve(facts.size());
  for (const Fact fact : facts) {
    const std::uint64_t position = fact >> 32;
    const auto field = static_cast<std::size_t>(fact & 0xffffffffu);
    if (position == 0) paths.push_back(model_.schema.household_fields()[field].name);
    else paths.push_back(fmt::format("members[{}].{}", position - 1, model_.schema.member_fields()[field].name));
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace ssis::detail
