#include "questions.hpp"

#include <pybind11/stl.h>

#include "outcome.hpp"
#include "python_values.hpp"
#include "ssis/questions.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

py::dict question_data(const RuleSet& rules, const Question& q, const std::string& language) {
  py::dict data;
  data["path"] = std::string(q.path);
  data["member"] = q.member ? py::object(py::int_(*q.member)) : py::none();
  data["field"] = q.field->name;
  data["question"] = question_label(rules, q, language);
  data["source"] = q.fetch() ? py::object(py::dict(py::arg("agency") = q.field->source_agency, py::arg("data") = q.field->source_data))
                             : py::none();
  data["programmes"] = q.programmes;
  data["settles"] = q.settles;
  data["expected"] = q.expected;
  data["amount_at_stake"] = to_python(q.amount_at_stake);
  return data;
}

}  // namespace

void bind_questions(py::module_& module) {
  module.def(
      "next_questions",
      [](const NativeOutcome& native, const std::string& language) {
        py::list out;
        for (const Question& q : next_questions(native.rules, native.outcome)) out.append(question_data(native.rules, q, language));
        return out;
      },
      py::arg("outcome"), py::arg("language") = "en", "The next questions of an outcome, best first, as plain data.");
}

}  // namespace ssis::python
