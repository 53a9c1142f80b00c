"""ssis: evaluate households against every social-benefit programme of a rule set.

>>> import ssis
>>> rules = ssis.load("kr")   # a bundled rule set (ssis.bundled_rule_sets()), or a directory
>>> outcome = rules.evaluate({"property_region": "seoul", "members": [{"birth_date": "1950-01-01"}]},
...                          date="2025-09-24")
>>> [p.id for p in outcome.programmes if p.status == "eligible"]

Amounts are exact ``decimal.Decimal`` values. ``RuleSet.evaluate_batch`` evaluates pandas
tables of households and members on every core and returns a DataFrame.

Errors: :class:`RuleError` (a rule set that cannot be loaded; ``.diagnostics``) and
:class:`InputError` (a household that does not fit the schema; ``.path``, and for batch
tables ``.table``, ``.column`` and ``.row``).
"""
from ._ssis import Diagnostic, InputError, RuleError, __version__
from .bundled import bundled_rule_sets
from .catalogue import Criterion, Parameter, ParameterValue, Programme, ProgrammeSource, Relation, Variable
from .outcome import CriterionOutcome, Outcome, ProgrammeOutcome, UnitOutcome
from .questions import Question
from .batch import BatchArrays
from .rule_set import RuleSet, load
from .schema import Enum, Field, Schema

__all__ = [
    "BatchArrays",
    "Criterion",
    "CriterionOutcome",
    "Diagnostic",
    "Enum",
    "Field",
    "InputError",
    "Outcome",
    "Parameter",
    "ParameterValue",
    "Programme",
    "ProgrammeOutcome",
    "ProgrammeSource",
    "Question",
    "Relation",
    "RuleError",
    "RuleSet",
    "Schema",
    "UnitOutcome",
    "Variable",
    "__version__",
    "bundled_rule_sets",
    "load",
]
