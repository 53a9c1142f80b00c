#pragma once
// One household's outcome as returned to Python: plain data for the package's
// dataclasses, and the library's text and JSON renderings.
#include <pybind11/pybind11.h>

#include <memory>
#include <vector>

#include "ssis/outcome.hpp"
#include "ssis/rule_set.hpp"

namespace ssis::python {

/// A rule set's texts in every outcome's data (each programme's id, names, ministry,
/// period, unit, what it leaves to people and does not encode, each criterion's id,
/// description and decided_by), as Python objects made once: the same in every outcome.
/// Made and released with the GIL held.
struct RuleSetTexts {
  struct Criterion {
    pybind11::object id, description, decided_by;
  };
  struct Programme {
    pybind11::object id, name, names, ministry, period, unit, left_to, not_encoded;
    std::vector<Criterion> criteria;
  };
  std::vector<Programme> programmes;  ///< in rule-set order
};
std::shared_ptr<const RuleSetTexts> rule_set_texts(const RuleSet& rules);

struct NativeOutcome {
  RuleSet rules;  ///< keeps the programme and criterion descriptions the outcome points to
  HouseholdOutcome outcome;
  std::shared_ptr<const RuleSetTexts> texts;  ///< of `rules`
};

void bind_outcome(pybind11::module_& module);

}  // namespace ssis::python
