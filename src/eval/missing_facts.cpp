#include "eval/missing_facts.hpp"

#include <algorithm>

namespace ssis::detail {

MissingFacts::MissingFacts(const RuleModel& model, const Block& block, const Registers& registers, std::size_t household,
                           MissingFactsScratch& scratch)
    : model_(model),
      block_(block),
      registers_(registers),
      household_(household),
      first_member_(block.member_offsets[household]),
      width_(1 + block.member_offsets[household + 1] - block.member_offsets[household]),
      s_(scratch) {
  const std::size_t slots = model.plan.code.size() * width_;
  if (s_.seen.size() < slots) s_.seen.resize(slots, 0);
  if (s_.known_for.size() < slots) {
    s_.known_for.resize(slots, 0);
    s_.known.resize(slots);
  }
  if (s_.is_variable.size() != model.plan.code.size()) {
    s_.is_variable.assign(model.plan.code.size(), 0);
    for (const std::int32_t reg : model.plan.variables)
      if (reg >= 0) s_.is_variable[static_cast<std::size_t>(reg)] = 1;
  }
  if (++s_.household == 0) {  // the household count wrapped around: forget every variable's facts
    std::fill(s_.known_for.begin(), s_.known_for.end(), 0);
    s_.household = 1;
  }
  s_.known_facts.clear();
}

std::uint32_t MissingFacts::next_walk() {
  if (++s_.last_walk == 0) {  // the stamps wrapped around: forget them all
    std::fill(s_.seen.begin(), s_.seen.end(), 0);
    s_.last_walk = 1;
  }
  s_.walk = s_.last_walk;
  return s_.walk;
}

void MissingFacts::walk(std::int32_t reg, std::size_t row) {
  push(reg, row);
  while (!s_.steps.empty()) {
    const std::uint64_t step = s_.steps.back();
    s_.steps.pop_back();
    if (step == MissingFactsScratch::finish_step) finish_variable();
    else visit(static_cast<std::int32_t>(step & 0xFFFFFFFF), static_cast<std::size_t>(step >> 32));
  }
}

// Only a row whose value is unknown can lead to missing facts: other steps are not taken.
void MissingFacts::push(std::int32_t reg, std::size_t row) {
  if (reg < 0 || registers_.column(reg).knowledge[row] != Knowledge::unknown) return;
  s_.steps.push_back(static_cast<std::uint64_t>(row) << 32 | static_cast<std::uint32_t>(reg));
}

void MissingFacts::visit(std::int32_t reg, std::size_t row) {
  const auto r = static_cast<std::size_t>(reg);
  const Instruction& ins = model_.plan.code[r];
  const std::size_t slot = r * width_ + (ins.level == Level::member ? 1 + row - first_member_ : 0);
  if (s_.seen[slot] == s_.walk) return;
  s_.seen[slot] = s_.walk;
  if (!s_.is_variable[r]) {
    push_operands(ins, row);
    return;
  }
  if (s_.known_for[slot] == s_.household) {
    add_known_facts(slot);
    return;
  }
  // The facts behind a variable's value are worked out on the first request for this
  // household with a walk of their own, so that they are complete whatever the current walk
  // has already visited. Its steps go above the step that finishes it.
  s_.variable_walks.push_back({slot, s_.facts.size(), s_.walk});
  s_.steps.push_back(MissingFactsScratch::finish_step);
  s_.seen[slot] = next_walk();
  push_operands(ins, row);
}

void MissingFacts::finish_variable() {
  const MissingFactsScratch::VariableWalk finished = s_.variable_walks.back();
  s_.variable_walks.pop_back();
  const auto start = static_cast<std::ptrdiff_t>(finished.start);
  std::sort(s_.facts.begin() + start, s_.facts.end());
  const auto end = std::unique(s_.facts.begin() + start, s_.facts.end());
  const auto begin = static_cast<std::uint32_t>(s_.known_facts.size());
  s_.known_facts.insert(s_.known_facts.end(), s_.facts.begin() + start, end);
  s_.facts.resize(finished.start);
  s_.known[finished.slot] = {begin, static_cast<std::uint32_t>(s_.known_facts.size())};
  s_.known_for[finished.slot] = s_.household;
  s_.walk = finished.outer_walk;  // nodes the inner walk marked may be visited again: that only repeats facts
  add_known_facts(finished.slot);
}

void MissingFacts::add_known_facts(std::size_t slot) {
  const auto [begin, end] = s_.known[slot];
  s_.facts.insert(s_.facts.end(), s_.known_facts.begin() + begin, s_.known_facts.begin() + end);
}

void MissingFacts::push_operands(const Instruction& ins, std::size_t row) {
  switch (ins.op) {
    case OpCode::household_field:
      s_.facts.push_back(fact(0, static_cast<std::size_t>(ins.a)));
      return;
    case OpCode::member_field:
      s_.facts.push_back(fact(row - first_member_ + 1, static_cast<std::size_t>(ins.a)));
      return;
    case OpCode::broadcast: push(ins.a, household_); return;
    case OpCode::parameter:
      for (std::uint32_t j = 0; j < ins.list_count; ++j) push(static_cast<std::int32_t>(model_.plan.pool[ins.list_begin + j]), row);
      return;
    case OpCode::select: {
      // A known condition chose one branch; only that branch's facts can settle the value.
      const ColumnView condition = registers_.column(ins.a);
      if (condition.knowledge[row] == Knowledge::known) {
        push(condition.values[row] != 0 ? ins.b : ins.c, row);
        return;
      }
      push(ins.a, row);
      push(ins.b, row);
      push(ins.c, row);
      return;
    }
    case OpCode::sum_members:
    case OpCode::min_members:
    case OpCode::max_members:
      // With a filter, members it excludes for certain do not count.
      for (std::uint32_t m = block_.member_offsets[row]; m < block_.member_offsets[row + 1]; ++m) {
        if (ins.b >= 0) {
          const ColumnView filter = registers_.column(ins.b);
          if (filter.knowledge[m] == Knowledge::known && filter.values[m] == 0) continue;
        }
        push(ins.a, m);
        push(ins.b, m);
      }
      return;
    case OpCode::count_members:
    case OpCode::any_members:
    case OpCode::all_members:
      for (std::uint32_t m = block_.member_offsets[row]; m < block_.member_offsets[row + 1]; ++m) push(ins.a, m);
      return;
    case OpCode::count_unit:
    case OpCode::sum_unit:
    case OpCode::min_unit:
    case OpCode::max_unit:
    case OpCode::any_unit:
    case OpCode::all_unit: {
      // The member's key, then the members who are or may be in its unit, as above.
      push(ins.c, row);
      const ColumnView keys = registers_.column(ins.c);
      if (keys.knowledge[row] != Knowledge::known) return;
      const bool valued = ins.op == OpCode::sum_unit || ins.op == OpCode::min_unit || ins.op == OpCode::max_unit;
      for (std::uint32_t m = block_.member_offsets[household_]; m < block_.member_offsets[household_ + 1]; ++m) {
        if (keys.knowledge[m] == Knowledge::known && keys.values[m] != keys.values[row]) continue;
        push(ins.c, m);
        if (valued && ins.b >= 0) {
          const ColumnView filter = registers_.column(ins.b);
          if (filter.knowledge[m] == Knowledge::known && filter.values[m] == 0) continue;
          push(ins.b, m);
        }
        push(ins.a, m);
      }
      return;
    }
    default:
      push(ins.a, row);
      push(ins.b, row);
      push(ins.c, row);
      return;
  }
}

void MissingFacts::gather(std::size_t p, const std::vector<ProgrammeDecision>& decisions) {
  s_.programmes.assign(1, p);
  while (!s_.programmes.empty()) {
    const std::size_t q = s_.programmes.back();
    s_.programmes.pop_back();
    const ProgrammePlan& plan = model_.plan.programmes[q];
    for (const std::int32_t reg : plan.criteria) walk(reg, household_);
    walk(plan.amount, household_);
    for (const int waited : decisions[q].waiting_on) s_.programmes.push_back(static_cast<std::size_t>(waited));
  }
}

MissingFacts::Fact MissingFacts::fact(std::size_t position, std::size_t field) const {
  const FactPaths& paths = model_.fact_paths;
  const std::uint32_t rank = position == 0 ? paths.household_rank(field) : paths.member_rank(position - 1, field);
  return rank != FactPaths::unranked ? rank : MissingFactsScratch::unranked_fact | position << 32 | field;
}

std::string_view MissingFacts::path(Fact f) const {
  if ((f & MissingFactsScratch::unranked_fact) == 0) return model_.fact_paths.ranked(static_cast<std::uint32_t>(f));
  const std::uint64_t position = (f & ~MissingFactsScratch::unranked_fact) >> 32;
  const auto field = static_cast<std::size_t>(f & 0xffffffffu);
  return position == 0 ? model_.fact_paths.household(field) : model_.fact_paths.member(position - 1, field);
}

void MissingFacts::start_gathering() {
  next_walk();
  s_.facts.clear();
}

const std::vector<std::string_view>& MissingFacts::sorted_paths(std::size_t p, const std::vector<ProgrammeDecision>& decisions) {
  start_gathering();
  gather(p, decisions);
  return gathered_paths();
}

const std::vector<std::string_view>& MissingFacts::gathered_paths() {
  // In the order of the paths' texts: facts with a rank sort as their paths do, and come
  // first; when some have none, the paths are sorted by text. Sorting drops repeats.
  std::sort(s_.facts.begin(), s_.facts.end());
  s_.facts.erase(std::unique(s_.facts.begin(), s_.facts.end()), s_.facts.end());
  s_.paths.clear();
  for (const Fact f : s_.facts) s_.paths.push_back(path(f));
  if (!s_.facts.empty() && (s_.facts.back() & MissingFactsScratch::unranked_fact) != 0) std::sort(s_.paths.begin(), s_.paths.end());
  return s_.paths;
}

std::vector<std::string_view> MissingFacts::of_programme(std::size_t p, const std::vector<ProgrammeDecision>& decisions) {
  return sorted_paths(p, decisions);
}

std::vector<std::string_view> MissingFacts::of_unit(std::size_t p, std::size_t member_row) {
  const ProgrammePlan& plan = model_.plan.programmes[p];
  start_gathering();
  walk(plan.unit_assessed, member_row);
  for (const std::int32_t reg : plan.unit_criteria) walk(reg, member_row);
  walk(plan.unit_amount, member_row);
  return gathered_paths();
}

std::string MissingFacts::joined(std::size_t p, const std::vector<ProgrammeDecision>& decisions) {
  std::string out;
  for (const std::string_view path : sorted_paths(p, decisions)) {
    if (!out.empty()) out += ';';
    out += path;
  }
  return out;
}

}  // namespace ssis::detail
