#include "ssis/programme_selection.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "model/rule_model.hpp"
#include "plan/programme_code.hpp"

namespace ssis {
namespace {

// The programmes `chosen` marks and those the relations tie them to, as chosen[p] = 1.
void add_related(const detail::RuleModel& model, std::vector<char>& chosen) {
  for (bool grew = true; grew;) {
    grew = false;
    for (const detail::RelationModel& relation : model.relations) {
      std::vector<int> group = relation.programmes;
      if (relation.dependent >= 0) group.push_back(relation.dependent);
      group.insert(group.end(), relation.required.begin(), relation.required.end());
      bool touched = false;
      for (const int p : group) touched = touched || chosen[static_cast<std::size_t>(p)];
      if (!touched) continue;
      for (const int p : group) {
        grew = grew || !chosen[static_cast<std::size_t>(p)];
        chosen[static_cast<std::size_t>(p)] = 1;
      }
    }
  }
}

}  // namespace

ProgrammeSelection::ProgrammeSelection(const RuleSet& rules, std::span<const std::string> ids) {
  if (ids.empty()) throw std::invalid_argument("a selection of programmes needs at least one programme");
  const detail::RuleModel& model = detail::model_of(rules);
  std::vector<char> chosen(model.programmes.size(), 0);
  for (const std::string& id : ids) {
    const int p = rules.programme_index(id);
    if (p < 0) throw std::invalid_argument(fmt::format("'{}' is not a programme of rule set '{}'", id, rules.id()));
    chosen[static_cast<std::size_t>(p)] = 1;
  }
  add_related(model, chosen);
  std::vector<int> programmes;
  for (std::size_t p = 0; p < chosen.size(); ++p)
    if (chosen[p]) programmes.push_back(static_cast<int>(p));
  code_ = std::make_shared<const detail::ProgrammeCode>(detail::programme_code(model.plan, std::move(programmes)));
  fingerprint_ = model.fingerprint;
}

const std::vector<int>& ProgrammeSelection::programmes() const { return code_->programmes; }

std::size_t ProgrammeSelection::instructions() const { return code_->order.size(); }

}  // namespace ssis
