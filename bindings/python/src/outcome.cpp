#include "outcome.hpp"

#include <pybind11/stl.h>

#include "python_values.hpp"
#include "ssis/outcome_text.hpp"
#include "ssis/questions.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

py::object optional_text(const std::string& text) { return text.empty() ? py::none() : py::object(py::str(text)); }

std::string_view knowledge_name(Knowledge knowledge) {
  switch (knowledge) {
    case Knowledge::known: return "known";
    case Knowledge::unknown: return "unknown";
    case Knowledge::error: return "error";
  }
  return "?";
}

py::dict criterion_data(const CriterionOutcome& c) {
  return py::dict(py::arg("id") = c.criterion->id, py::arg("description") = c.criterion->description,
                  py::arg("decided_by") = c.criterion->decided_by, py::arg("value") = to_python(c.value),
                  py::arg("knowledge") = knowledge_name(c.value.knowledge));
}

py::list criteria_data(const std::vector<CriterionOutcome>& criteria) {
  py::list out;
  for (const auto& c : criteria) out.append(criterion_data(c));
  return out;
}

// A member's decision of a programme assessed per member.
py::dict unit_data(const UnitOutcome& u) {
  return py::dict(py::arg("member") = u.member, py::arg("status") = std::string(to_string(u.status)),
                  py::arg("amount") = to_python(u.amount), py::arg("criteria") = criteria_data(u.criteria),
                  py::arg("missing") = u.missing, py::arg("excluded_by") = optional_text(u.excluded_by),
                  py::arg("kept_instead") = optional_text(u.kept_instead), py::arg("requires") = optional_text(u.required_missing),
                  py::arg("error") = optional_text(u.error));
}

// The criteria left to people, what the rules could not encode, the parameters used past
// their `valid_until` and the facts older than their `max_age` (docs/audit.md).
void add_audit_notes(const ProgrammeOutcome& p, py::dict& data) {
  py::list left_to;
  for (const CriterionInfo& c : p.programme->criteria)
    if (c.decided_by != "data") left_to.append(py::make_tuple(c.id, c.decided_by));
  py::list stale;
  for (const ParameterInfo* parameter : p.stale_parameters)
    stale.append(py::make_tuple(parameter->name, to_python_date(*parameter->valid_until)));
  data["left_to"] = py::tuple(left_to);
  data["not_encoded"] = py::tuple(py::cast(p.programme->not_encoded));
  data["stale_parameters"] = py::tuple(stale);
  py::list facts;
  for (const StaleFact& fact : p.stale_facts)
    facts.append(py::make_tuple(std::string(fact.path), to_python_date(fact.as_of), fact.field->max_age->text));
  data["stale_facts"] = py::tuple(facts);
}

py::dict programme_data(const ProgrammeOutcome& p) {
  const py::list criteria = criteria_data(p.criteria);
  py::list units;
  for (const auto& u : p.units) units.append(unit_data(u));
  py::dict data;
  data["id"] = p.programme->id;
  data["name"] = p.programme->display_name();
  data["names"] = p.programme->name;
  data["ministry"] = p.programme->display_ministry();
  data["status"] = std::string(to_string(p.status));
  data["in_force"] = p.in_force;
  data["amount"] = to_python(p.amount);
  data["period"] = p.programme->amount_period ? py::object(py::str(std::string(to_string(*p.programme->amount_period)))) : py::none();
  data["criteria"] = criteria;
  data["missing"] = p.missing;
  data["excluded_by"] = optional_text(p.excluded_by);
  data["kept_instead"] = optional_text(p.kept_instead);
  data["requires"] = optional_text(p.required_missing);
  data["error"] = optional_text(p.error);
  data["unit"] = std::string(to_string(p.programme->unit));
  data["units"] = units;
  add_audit_notes(p, data);
  return data;
}

py::dict outcome_data(const NativeOutcome& native) {
  const HouseholdOutcome& o = native.outcome;
  py::list programmes;
  for (const auto& p : o.programmes) programmes.append(programme_data(p));
  return py::dict(py::arg("household") = o.household_id, py::arg("rule_set") = o.receipt.rule_set,
                  py::arg("version") = o.receipt.version, py::arg("fingerprint") = o.receipt.fingerprint,
                  py::arg("date") = to_python_date(o.receipt.date), py::arg("input") = o.receipt.input,
                  py::arg("explained") = o.explained, py::arg("missing_named") = o.missing_named,
                  py::arg("programmes") = programmes);
}

}  // namespace

void bind_outcome(py::module_& module) {
  py::class_<NativeOutcome, std::shared_ptr<NativeOutcome>>(module, "Outcome", "One household's outcome (native).")
      .def("data", &outcome_data, "Every programme's outcome as plain data.")
      .def(
          "text",
          [](const NativeOutcome& o, const std::string& language, std::size_t width, bool all) {
            return to_text(o.rules, o.outcome, next_questions(o.rules, o.outcome),
                           {.language = language, .width = width, .all = all});
          },
          py::arg("language") = "en", py::arg("width") = 80, py::arg("all") = false,
          "The caseworker's text, with explanations when they were computed.")
      .def(
          "json",
          [](const NativeOutcome& o, const std::string& language) {
            return to_json(o.rules, o.outcome, next_questions(o.rules, o.outcome), language);
          },
          py::arg("language") = "en",
          "The outcome as a JSON object, as `ssis eval --format json` writes it (the next questions included).");
}

}  // namespace ssis::python
