#include "rule_info.hpp"

#include <algorithm>

#include <pybind11/stl.h>

#include "python_values.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

py::object optional_text(const std::string& text) { return text.empty() ? py::none() : py::object(py::str(text)); }

std::string_view level_name(Level level) { return level == Level::household ? "household" : "member"; }

py::dict criterion_data(const CriterionInfo& c) {
  return py::dict(py::arg("id") = c.id, py::arg("description") = c.description, py::arg("decided_by") = c.decided_by,
                  py::arg("condition") = c.condition);
}

py::dict programme_data(const ProgrammeInfo& p) {
  py::list criteria;
  for (const auto& c : p.criteria) criteria.append(criterion_data(c));
  py::dict source(py::arg("catalogue") = optional_text(p.catalogue_id), py::arg("catalogue_date") = optional_text(p.catalogue_date),
                  py::arg("url") = optional_text(p.url), py::arg("file") = p.file);
  py::dict data;
  data["id"] = p.id;
  data["names"] = p.name;
  data["ministries"] = p.ministry;
  data["name"] = p.display_name();
  data["ministry"] = p.display_ministry();
  data["department"] = optional_text(p.department);
  data["legal_basis"] = optional_text(p.legal_basis);
  data["source"] = source;
  data["support_cycle"] = optional_text(p.support_cycle);
  data["provision"] = p.provision;
  data["active_from"] = to_python_date(p.active_from);
  data["active_to"] = to_python_date(p.active_to);
  data["criteria"] = criteria;
  data["amount_formula"] = optional_text(p.amount_formula);
  data["rounding_unit"] = p.rounding_unit ? to_python_decimal(*p.rounding_unit) : py::none();
  data["rounding_mode"] = p.rounding_mode ? py::object(py::str(std::string(to_string(*p.rounding_mode)))) : py::none();
  data["period"] = p.amount_period ? py::object(py::str(std::string(to_string(*p.amount_period)))) : py::none();
  data["not_encoded"] = p.not_encoded;
  data["notes"] = p.notes;
  data["unit"] = std::string(to_string(p.unit));
  data["unit_where"] = p.unit_where.empty() ? py::object(py::none()) : py::object(py::str(p.unit_where));
  return data;
}

py::dict field_data(const FieldInfo& f, const Schema& schema) {
  auto bound = [&](const std::optional<std::int64_t>& raw) {
    if (!raw) return py::object(py::none());
    const std::vector<std::string>* names =
        f.type.kind == ValueKind::enumeration ? &schema.enums()[static_cast<std::size_t>(f.type.enum_index)].values : nullptr;
    return to_python(Value{f.type.kind, Knowledge::known, *raw, names});
  };
  py::object values = py::none();
  if (f.type.kind == ValueKind::enumeration) values = py::cast(schema.enums()[static_cast<std::size_t>(f.type.enum_index)].values);
  return py::dict(py::arg("name") = f.name, py::arg("level") = level_name(f.level), py::arg("type") = f.type_name,
                  py::arg("description") = f.description, py::arg("required") = f.required, py::arg("minimum") = bound(f.min_raw),
                  py::arg("maximum") = bound(f.max_raw), py::arg("default") = bound(f.default_raw), py::arg("values") = values);
}

std::string_view relation_kind_name(RelationKind kind) {
  switch (kind) {
    case RelationKind::exclusive: return "exclusive";
    case RelationKind::requires_eligibility: return "requires";
    case RelationKind::requires_any_eligibility: return "requires_any";
  }
  return "?";
}

}  // namespace

py::list programmes_data(const RuleSet& rules) {
  py::list out;
  for (const auto& p : rules.programmes()) out.append(programme_data(p));
  return out;
}

py::list parameters_data(const RuleSet& rules) {
  py::list out;
  for (const auto& p : rules.parameters()) {
    py::list values;
    for (const auto& v : p.values)
      values.append(py::dict(py::arg("start") = to_python_date(v.from), py::arg("in_force") = v.in_force,
                             py::arg("entries") = v.entries));
    out.append(py::dict(py::arg("name") = p.name, py::arg("description") = p.description, py::arg("type") = p.type_name,
                        py::arg("source") = optional_text(p.source), py::arg("confidence") = optional_text(p.confidence),
                        py::arg("keys") = p.key_names, py::arg("values") = values, py::arg("until") = to_python_date(p.until)));
  }
  return out;
}

py::list variables_data(const RuleSet& rules) {
  py::list out;
  for (const auto& v : rules.variables())
    out.append(py::dict(py::arg("name") = v.name, py::arg("description") = v.description, py::arg("level") = level_name(v.level),
                        py::arg("type") = v.type_name, py::arg("formula") = v.formula, py::arg("source") = optional_text(v.source)));
  return out;
}

py::list relations_data(const RuleSet& rules) {
  py::list out;
  for (const auto& r : rules.relations())
    out.append(py::dict(py::arg("id") = r.id, py::arg("kind") = relation_kind_name(r.kind), py::arg("programmes") = r.programmes,
                        py::arg("required") = r.required, py::arg("keep_highest_amount") = r.keep_highest_amount,
                        py::arg("description") = r.description, py::arg("source") = optional_text(r.source)));
  return out;
}

py::dict schema_data(const Schema& schema) {
  py::list household;
  py::list member;
  py::list enums;
  for (const auto& f : schema.household_fields()) household.append(field_data(f, schema));
  for (const auto& f : schema.member_fields()) member.append(field_data(f, schema));
  for (const auto& e : schema.enums())
    enums.append(py::dict(py::arg("name") = e.name, py::arg("description") = e.description, py::arg("values") = e.values));
  return py::dict(py::arg("household") = household, py::arg("member") = member, py::arg("enums") = enums);
}

bool has_member_programmes(const RuleSet& rules) {
  return std::any_of(rules.programmes().begin(), rules.programmes().end(),
                     [](const ProgrammeInfo& p) { return p.unit == ProgrammeUnit::member; });
}

}  // namespace ssis::python
