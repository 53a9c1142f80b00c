#include "reform/apply_reform.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace ssis::detail {
namespace {

template <typename Decl>
Decl* find_by_name(std::vector<Decl>& decls, const std::string& name, Text Decl::* key) {
  for (Decl& decl : decls)
    if ((decl.*key).value == name) return &decl;
  return nullptr;
}

// True the first time a name is seen; a repeated name is an error at its repetition.
bool first_mention(std::set<std::string>& seen, const Text& name, std::string_view what, DiagnosticSink& sink) {
  if (seen.insert(name.value).second) return true;
  sink.error(DiagnosticCode::duplicate_name, name.pos, fmt::format("the reform names {} '{}' twice", what, name.value),
             static_cast<int>(name.value.size()));
  return false;
}

void unknown(const Text& name, std::string_view what, DiagnosticSink& sink, std::string_view detail = {}) {
  sink.error(DiagnosticCode::unknown_name, name.pos,
             fmt::format("the reform names {} '{}' that the rule set does not declare{}", what, name.value, detail),
             static_cast<int>(name.value.size()));
}

// The reform's values stand from their earliest date on: the rule set's values from that
// date, and its `until:`, give way to them.
void change_parameter(ParameterChangeDecl change, ParameterDecl& parameter, DiagnosticSink& sink) {
  if (change.values.empty()) {
    sink.error(DiagnosticCode::missing_key, change.name.pos,
               fmt::format("the change of parameter '{}' gives no value", change.name.value),
               static_cast<int>(change.name.value.size()));
    return;
  }
  const std::string from =
      std::min_element(change.values.begin(), change.values.end(), [](const auto& a, const auto& b) {
        return a.date.value < b.date.value;
      })->date.value;
  std::erase_if(parameter.values, [&](const DatedValueDecl& dated) { return dated.date.value >= from; });
  for (auto& dated : change.values) parameter.values.push_back(std::move(dated));
  parameter.until.reset();
}

void change_programme(ProgrammeChangeDecl change, ProgrammeDecl& programme, DiagnosticSink& sink) {
  std::set<std::string> seen;
  for (auto& criterion : change.criteria) {
    if (!first_mention(seen, criterion.id, "criterion", sink)) continue;
    auto found = std::find_if(programme.criteria.begin(), programme.criteria.end(),
                              [&](const CriterionDecl& c) { return c.id.value == criterion.id.value; });
    if (found == programme.criteria.end()) {
      std::string known;
      for (const auto& c : programme.criteria) known += fmt::format("{}{}", known.empty() ? "" : ", ", c.id.value);
      unknown(criterion.id, "criterion", sink, fmt::format(" in programme '{}' (its criteria: {})", programme.id.value, known));
      continue;
    }
    found->condition = std::move(criterion.condition);
  }
  if (!change.amount) return;
  if (!programme.amount) {
    programme.amount = std::move(change.amount);
    return;
  }
  AmountDecl& amount = *programme.amount;
  amount.formula = std::move(change.amount->formula);
  if (change.amount->period) amount.period = std::move(change.amount->period);
  if (change.amount->rounding_unit) {
    amount.rounding_unit = std::move(change.amount->rounding_unit);
    amount.rounding_mode = std::move(change.amount->rounding_mode);
  }
}

bool names_programme(const RelationDecl& relation, const std::string& programme) {
  auto named = [&](const Text& t) { return t.value == programme; };
  return std::any_of(relation.programmes.begin(), relation.programmes.end(), named) ||
         (relation.programme && named(*relation.programme)) ||
         std::any_of(relation.requires_programmes.begin(), relation.requires_programmes.end(), named);
}

void remove_relations(const std::vector<Text>& removed, Declarations& declarations, DiagnosticSink& sink) {
  std::set<std::string> seen;
  for (const Text& id : removed) {
    if (!first_mention(seen, id, "relation", sink)) continue;
    if (!find_by_name(declarations.relations, id.value, &RelationDecl::id)) {
      unknown(id, "relation", sink);
      continue;
    }
    std::erase_if(declarations.relations, [&](const RelationDecl& r) { return r.id.value == id.value; });
  }
}

void remove_programmes(const std::vector<Text>& removed, Declarations& declarations, DiagnosticSink& sink) {
  std::set<std::string> seen;
  for (const Text& id : removed) {
    if (!first_mention(seen, id, "programme", sink)) continue;
    if (!find_by_name(declarations.programmes, id.value, &ProgrammeDecl::id)) {
      unknown(id, "programme", sink);
      continue;
    }
    bool named = false;
    for (const RelationDecl& relation : declarations.relations) {
      if (!names_programme(relation, id.value)) continue;
      named = true;
      sink.error(DiagnosticCode::unknown_name, id.pos,
                 fmt::format("programme '{}' is removed but relation '{}' names it; remove the relation too "
                             "(remove: relations) or add one without it",
                             id.value, relation.id.value),
                 static_cast<int>(id.value.size()));
    }
    // Kept while a relation names it, so that checking reports no consequence of the mistake.
    if (!named) std::erase_if(declarations.programmes, [&](const ProgrammeDecl& p) { return p.id.value == id.value; });
  }
}

}  // namespace

void apply_reform(ReformDecl reform, Declarations& declarations, DiagnosticSink& sink) {
  std::set<std::string> parameters_seen;
  for (auto& change : reform.parameters) {
    if (!first_mention(parameters_seen, change.name, "parameter", sink)) continue;
    if (ParameterDecl* parameter = find_by_name(declarations.parameters, change.name.value, &ParameterDecl::name))
      change_parameter(std::move(change), *parameter, sink);
    else
      unknown(change.name, "parameter", sink);
  }
  std::set<std::string> programmes_seen;
  for (auto& change : reform.programmes) {
    if (!first_mention(programmes_seen, change.id, "programme", sink)) continue;
    if (ProgrammeDecl* programme = find_by_name(declarations.programmes, change.id.value, &ProgrammeDecl::id))
      change_programme(std::move(change), *programme, sink);
    else
      unknown(change.id, "programme", sink);
  }
  remove_relations(reform.removed_relations, declarations, sink);
  remove_programmes(reform.removed_programmes, declarations, sink);
  for (auto& programme : reform.added.programmes) declarations.programmes.push_back(std::move(programme));
  for (auto& relation : reform.added.relations) declarations.relations.push_back(std::move(relation));
  declarations.tests.clear();
}

}  // namespace ssis::detail
