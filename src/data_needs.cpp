#include "ssis/data_needs.hpp"

#include <algorithm>
#include <bit>

#include "model/rule_model.hpp"

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

// The fields the instructions behind `registers` load, household fields first, each level
// in schema order.
std::vector<const FieldInfo*> fields_behind(const RuleSet& rules, const std::vector<std::int32_t>& registers) {
  const detail::FieldsBehind& behind = detail::model_of(rules).fields_behind;
  detail::FieldsBehind::Bits bits = behind.none();
  for (const std::int32_t reg : registers) behind.add(reg, bits);
  const auto& household = rules.schema().household_fields();
  const auto& member = rules.schema().member_fields();
  std::vector<const FieldInfo*> out;
  for (std::size_t w = 0; w < bits.size(); ++w)
    for (std::uint64_t word = bits[w]; word != 0; word &= word - 1) {
      const std::size_t f = w * 64 + static_cast<std::size_t>(std::countr_zero(word));
      out.push_back(f < household.size() ? &household[f] : &member[f - household.size()]);
    }
  return out;
}

// The registers of the criteria a decision rests on: when ineligible, those found false
// (all of them when none is: a relation or the active period decided); else those known,
// and the amount when eligible.
void deciding_registers(const std::vector<CriterionOutcome>& criteria, const std::vector<std::int32_t>& registers,
                        std::int32_t amount, Status status, std::vector<std::int32_t>& out) {
  const auto is_false = [](const CriterionOutcome& c) { return c.value.known() && c.value.raw == 0; };
  const bool failed = std::any_of(criteria.begin(), criteria.end(), is_false);
  for (std::size_t c = 0; c < criteria.size(); ++c) {
    const bool rests = status == Status::ineligible ? !failed || is_false(criteria[c]) : criteria[c].value.known();
    if (rests) out.push_back(registers[c]);
  }
  if (status == Status::eligible && amount >= 0) out.push_back(amount);
}

}  // namespace

std::vector<const FieldInfo*> fields_read(const RuleSet& rules, std::size_t programme) {
  std::vector<std::int32_t> registers;
  for (const std::size_t p : related_programmes(rules, programme))
    detail::for_each_decision_register(detail::model_of(rules).plan.programmes[p], [&](std::int32_t reg) { registers.push_back(reg); });
  return fields_behind(rules, registers);
}

std::vector<const FieldInfo*> fields_relied_on(const RuleSet& rules, const ProgrammeOutcome& outcome) {
  const detail::ProgrammePlan& plan =
      detail::model_of(rules).plan.programmes[static_cast<std::size_t>(outcome.programme - rules.programmes().data())];
  std::vector<std::int32_t> registers;
  deciding_registers(outcome.criteria, plan.criteria, plan.amount, outcome.status, registers);
  for (const UnitOutcome& unit : outcome.units) {
    if (plan.unit_assessed >= 0) registers.push_back(plan.unit_assessed);
    deciding_registers(unit.criteria, plan.unit_criteria, plan.unit_amount, unit.status, registers);
  }
  return fields_behind(rules, registers);
}

}  // namespace ssis
