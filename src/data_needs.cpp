#include "ssis/data_needs.hpp"

#include <algorithm>

#include "model/rule_model.hpp"
#include "plan/operands.hpp"

namespace ssis {
namespace {

// The programmes whose decisions can change `programme`'s through a relation, itself included.
std::vector<std::size_t> related_programmes(const RuleSet& rules, std::size_t programme) {
  std::vector<std::size_t> out{programme};
  for (std::size_t next = 0; next < out.size(); ++next) {
    const std::string& id = rules.programmes()[out[next]].id;
    for (const RelationInfo& relation : rules.relations()) {
      const bool exclusive = relation.kind == RelationKind::exclusive;
      const bool involved = exclusive ? std::find(relation.programmes.begin(), relation.programmes.end(), id) != relation.programmes.end()
                                      : !relation.programmes.empty() && relation.programmes.front() == id;
      if (!involved) continue;
      for (const auto* group : {&relation.programmes, &relation.required})
        for (const std::string& other : *group) {
          const int index = rules.programme_index(other);
          if (index >= 0 && std::find(out.begin(), out.end(), static_cast<std::size_t>(index)) == out.end())
            out.push_back(static_cast<std::size_t>(index));
        }
    }
  }
  return out;
}

}  // namespace

std::vector<const FieldInfo*> fields_read(const RuleSet& rules, std::size_t programme) {
  const detail::Plan& plan = rules.model().plan;
  std::vector<char> seen(plan.code.size(), 0);
  std::vector<std::int32_t> steps;
  for (const std::size_t p : related_programmes(rules, programme))
    detail::for_each_decision_register(plan.programmes[p], [&](std::int32_t reg) { steps.push_back(reg); });
  std::vector<char> household(rules.schema().household_fields().size(), 0);
  std::vector<char> member(rules.schema().member_fields().size(), 0);
  while (!steps.empty()) {
    const auto reg = static_cast<std::size_t>(steps.back());
    steps.pop_back();
    if (seen[reg]) continue;
    seen[reg] = 1;
    const detail::Instruction& ins = plan.code[reg];
    if (ins.op == detail::OpCode::household_field) household[static_cast<std::size_t>(ins.a)] = 1;
    else if (ins.op == detail::OpCode::member_field) member[static_cast<std::size_t>(ins.a)] = 1;
    else detail::for_each_operand(plan, ins, [&](std::int32_t operand) { steps.push_back(operand); });
  }
  std::vector<const FieldInfo*> out;
  for (std::size_t f = 0; f < household.size(); ++f)
    if (household[f]) out.push_back(&rules.schema().household_fields()[f]);
  for (std::size_t f = 0; f < member.size(); ++f)
    if (member[f]) out.push_back(&rules.schema().member_fields()[f]);
  return out;
}

}  // namespace ssis
