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

// Criterion c's outcome; `texts` are those of the programme's criteria.
py::dict criterion_data(const CriterionOutcome& c, const RuleSetTexts::Criterion& texts) {
  return py::dict(py::arg("id") = texts.id, py::arg("description") = texts.description, py::arg("decided_by") = texts.decided_by,
                  py::arg("value") = to_python(c.value), py::arg("knowledge") = knowledge_name(c.value.knowledge));
}

py::list criteria_data(const std::vector<CriterionOutcome>& criteria, const RuleSetTexts::Programme& texts) {
  py::list out;
  for (std::size_t c = 0; c < criteria.size(); ++c) out.append(criterion_data(criteria[c], texts.criteria[c]));
  return out;
}

// A member's decision of a programme assessed per member.
py::dict unit_data(const UnitOutcome& u, const RuleSetTexts::Programme& texts) {
  return py::dict(py::arg("member") = u.member, py::arg("status") = std::string(to_string(u.status)),
                  py::arg("amount") = to_python(u.amount), py::arg("criteria") = criteria_data(u.criteria, texts),
                  py::arg("missing") = u.missing, py::arg("excluded_by") = optional_text(u.excluded_by),
                  py::arg("kept_instead") = optional_text(u.kept_instead), py::arg("requires") = optional_text(u.required_missing),
                  py::arg("error") = optional_text(u.error));
}

// The criteria left to people, what the rules could not encode, the parameters used past
// their `valid_until` and the facts older than their `max_age` (docs/audit.md).
void add_audit_notes(const ProgrammeOutcome& p, const RuleSetTexts::Programme& texts, py::dict& data) {
  py::list stale;
  for (const ParameterInfo* parameter : p.stale_parameters)
    stale.append(py::make_tuple(parameter->name, to_python_date(*parameter->valid_until)));
  data["left_to"] = texts.left_to;
  data["not_encoded"] = texts.not_encoded;
  data["stale_parameters"] = py::tuple(stale);
  py::list facts;
  for (const StaleFact& fact : p.stale_facts)
    facts.append(py::make_tuple(std::string(fact.path), to_python_date(fact.as_of), fact.field->max_age->text));
  data["stale_facts"] = py::tuple(facts);
}

py::dict programme_data(const ProgrammeOutcome& p, const RuleSetTexts::Programme& texts) {
  const py::list criteria = criteria_data(p.criteria, texts);
  py::list units;
  for (const auto& u : p.units) units.append(unit_data(u, texts));
  py::dict data;
  data["id"] = texts.id;
  data["name"] = texts.name;
  data["names"] = texts.names.attr("copy")();  // a dict of each outcome's own
  data["ministry"] = texts.ministry;
  data["status"] = std::string(to_string(p.status));
  data["in_force"] = p.in_force;
  data["amount"] = to_python(p.amount);
  data["period"] = texts.period;
  data["criteria"] = criteria;
  data["missing"] = p.missing;
  data["excluded_by"] = optional_text(p.excluded_by);
  data["kept_instead"] = optional_text(p.kept_instead);
  data["requires"] = optional_text(p.required_missing);
  data["error"] = optional_text(p.error);
  data["unit"] = texts.unit;
  data["units"] = units;
  add_audit_notes(p, texts, data);
  return data;
}

py::dict outcome_data(const NativeOutcome& native) {
  const HouseholdOutcome& o = native.outcome;
  py::list programmes;
  for (std::size_t p = 0; p < o.programmes.size(); ++p) programmes.append(programme_data(o.programmes[p], native.texts->programmes[p]));
  return py::dict(py::arg("household") = o.household_id, py::arg("rule_set") = o.receipt.rule_set,
                  py::arg("version") = o.receipt.version, py::arg("fingerprint") = o.receipt.fingerprint,
                  py::arg("date") = to_python_date(o.receipt.date), py::arg("input") = o.receipt.input,
                  py::arg("explained") = o.explained, py::arg("missing_named") = o.missing_named,
                  py::arg("programmes") = programmes);
}

}  // namespace

std::shared_ptr<const RuleSetTexts> rule_set_texts(const RuleSet& rules) {
  auto texts = std::make_shared<RuleSetTexts>();
  for (const ProgrammeInfo& info : rules.programmes()) {
    RuleSetTexts::Programme& p = texts->programmes.emplace_back();
    p.id = py::str(info.id);
    p.name = py::str(info.display_name());
    p.names = py::cast(info.name);
    p.ministry = py::str(info.display_ministry());
    p.period = info.amount_period ? py::object(py::str(std::string(to_string(*info.amount_period)))) : py::none();
    p.unit = py::str(std::string(to_string(info.unit)));
    py::list left_to;
    for (const CriterionInfo& c : info.criteria) {
      if (c.decided_by != "data") left_to.append(py::make_tuple(c.id, c.decided_by));
      p.criteria.push_back({py::str(c.id), py::str(c.description), py::str(c.decided_by)});
    }
    p.left_to = py::tuple(left_to);
    p.not_encoded = py::tuple(py::cast(info.not_encoded));
  }
  return texts;
}

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
