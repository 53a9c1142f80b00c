#include "load/rule_sections.hpp"

namespace ssis::detail {

std::vector<DatedValueDecl> read_dated_values(const FileReader& r, const YAML::Node& values) {
  std::vector<DatedValueDecl> out;
  if (!r.is_map(values, "values")) return out;
  for (auto v = values.begin(); v != values.end(); ++v)
    out.push_back({Text{v->first.Scalar(), r.pos(v->first)}, r.table(v->second)});
  return out;
}

void read_programme(const FileReader& r, const YAML::Node& node, const std::string& path, Declarations& out) {
  if (!r.is_map(node, "programme")) return;
  r.check_keys(node, "programme",
               {"id", "name", "ministry", "department", "legal_basis", "source", "support_cycle", "provision",
                "active", "unit", "criteria", "amount", "not_encoded", "notes", "description"},
               {"id", "name", "criteria"});
  ProgrammeDecl decl;
  decl.file = path;
  decl.id = r.required_scalar(node, "id", "programme");
  decl.name = r.names(node["name"], "programme name");
  decl.ministry = r.names(node["ministry"], "ministry");
  decl.department = r.plain(node, "department", "programme");
  decl.legal_basis = r.plain(node, "legal_basis", "programme");
  decl.support_cycle = r.plain(node, "support_cycle", "programme");
  decl.provision = r.string_list(node["provision"], "provision");
  decl.not_encoded = r.string_list(node["not_encoded"], "not_encoded");
  decl.notes = r.string_list(node["notes"], "notes");
  if (const YAML::Node source = node["source"]; source && r.is_map(source, "source")) {
    r.check_keys(source, "source", {"catalogue", "catalogue_date", "url", "law"});
    decl.catalogue_id = r.plain(source, "catalogue", "source");
    decl.catalogue_date = r.plain(source, "catalogue_date", "source");
    decl.url = r.plain(source, "url", "source");
    if (decl.legal_basis.empty()) decl.legal_basis = r.plain(source, "law", "source");
  }
  if (const YAML::Node active = node["active"]; active && r.is_map(active, "active")) {
    r.check_keys(active, "active", {"from", "to"});
    decl.active_from = r.scalar(active["from"], "active.from");
    if (active["to"] && !active["to"].IsNull()) decl.active_to = r.scalar(active["to"], "active.to");
  }
  if (const YAML::Node unit = node["unit"]; unit && r.is_map(unit, "unit")) {
    r.check_keys(unit, "unit", {"each", "where", "description"}, {"each"});
    UnitDecl u;
    u.each = r.required_scalar(unit, "each", "unit");
    if (unit["where"]) u.where = r.expression(unit["where"], "unit 'where'");
    decl.unit = std::move(u);
  }
  if (const YAML::Node criteria = node["criteria"]; criteria && r.is_list(criteria, "criteria")) {
    for (const auto& c : criteria) {
      if (!r.is_map(c, "a criterion")) continue;
      r.check_keys(c, "criterion", {"id", "description", "condition", "decided_by", "members", "notes"}, {"id", "condition"});
      CriterionDecl criterion;
      criterion.id = r.required_scalar(c, "id", "criterion");
      criterion.description = r.plain(c, "description", "criterion");
      criterion.condition = r.expression(c["condition"], "condition");
      if (auto decided = r.scalar(c["decided_by"], "decided_by")) criterion.decided_by = *decided;
      else criterion.decided_by = {"data", r.pos(c)};
      criterion.members = r.scalar(c["members"], "members");
      decl.criteria.push_back(std::move(criterion));
    }
  }
  if (const YAML::Node amount = node["amount"]) decl.amount = read_amount(r, amount);
  out.programmes.push_back(std::move(decl));
}

std::optional<AmountDecl> read_amount(const FileReader& r, const YAML::Node& amount) {
  if (!r.is_map(amount, "amount")) return std::nullopt;
  r.check_keys(amount, "amount", {"formula", "rounding", "period", "description"}, {"formula"});
  AmountDecl a;
  a.formula = r.expression(amount["formula"], "amount formula");
  a.period = r.scalar(amount["period"], "amount 'period'");
  if (const YAML::Node rounding = amount["rounding"]; rounding && r.is_map(rounding, "rounding")) {
    r.check_keys(rounding, "rounding", {"unit", "mode"}, {"unit", "mode"});
    a.rounding_unit = r.scalar(rounding["unit"], "rounding unit");
    a.rounding_mode = r.scalar(rounding["mode"], "rounding mode");
  }
  return a;
}

void read_relation(const FileReader& r, const YAML::Node& item, Declarations& out) {
  if (!r.is_map(item, "a relation")) return;
  r.check_keys(item, "relation", {"id", "kind", "programmes", "keep", "programme", "requires", "per", "description", "source"},
               {"id", "kind"});
  RelationDecl decl;
  decl.id = r.required_scalar(item, "id", "relation");
  decl.kind = r.required_scalar(item, "kind", "relation");
  decl.programmes = r.text_list(item["programmes"], "programmes");
  if (auto keep = r.scalar(item["keep"], "keep")) decl.keep = *keep;
  else decl.keep = {"first_listed", r.pos(item)};
  decl.programme = r.scalar(item["programme"], "programme");
  decl.requires_programmes = r.text_list(item["requires"], "requires");
  decl.description = r.plain(item, "description", "relation");
  decl.source = r.plain(item, "source", "relation");
  decl.per = r.scalar(item["per"], "per");
  out.relations.push_back(std::move(decl));
}

}  // namespace ssis::detail
