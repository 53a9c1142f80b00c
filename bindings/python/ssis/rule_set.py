"""A loaded rule set: what it declares, and the evaluation of households against it."""
from __future__ import annotations

import datetime
import functools
import os
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _ssis
from .batch import Amounts, BatchArrays, Layout, Table, evaluate_tables
from .catalogue import Parameter, Programme, Relation, Variable
from .outcome import Outcome
from .reverify import reverify_tables
from .schema import Schema
from .whatif import Number, Range, impact_tables, sweep_frame

DateLike = Union[str, datetime.date]


def load(path: Union[str, os.PathLike], reform: Optional[Union[str, os.PathLike]] = None) -> RuleSet:
    """Loads, checks and compiles the rule-set directory at `path`, with the reform file
    `reform` applied when one is given (docs/what-if.md).

    Raises RuleError carrying every diagnostic (code, file, line, column, message) when the
    rule files or the reform have errors.
    """
    path = os.fspath(path)
    reform_path = None if reform is None else os.fspath(reform)
    return RuleSet(_ssis.RuleSet.load(path, reform_path or ""), path, reform_path)


class RuleSet:
    """A loaded rule set. Immutable; may be used from any number of threads at once.

    Pickles as its path: unpickling loads the rule set again (as dask workers do).
    """

    def __init__(self, native: _ssis.RuleSet, path: str, reform: Optional[str] = None) -> None:
        self._native = native
        self._path = path
        self._reform = reform

    def __reduce__(self) -> Tuple[Any, Tuple[str, Optional[str]]]:
        return load, (self._path, self._reform)

    def __repr__(self) -> str:
        return f"<ssis.RuleSet {self.id} from {self._path!r}: {len(self.programmes)} programmes>"

    @property
    def path(self) -> str:
        """The directory the rule set was loaded from."""
        return self._path

    @property
    def reform(self) -> Optional[str]:
        """The reform file applied to the rule set, or None."""
        return self._reform

    def with_reform(self, reform: Union[str, os.PathLike]) -> RuleSet:
        """The same rule-set directory with the reform file `reform` applied (docs/what-if.md).
        Raises RuleError with the diagnostics of the reform (file, line, column)."""
        return load(self._path, reform)

    def sweep(
        self,
        household: Mapping[str, Any],
        vary: Mapping[str, Range],
        date: Any,
        income: Sequence[str] = (),
        threads: int = 0,
        programmes: bool = True,
    ) -> pd.DataFrame:
        """Evaluates `household` while the inputs of `vary` change, on the columnar engine.

        `vary` maps a field path ("members[0].earned_income", "monthly_rent") to
        (from, to, step) or "from:to:step"; two or more make a grid (the first varies
        fastest). `income` names the money fields that make up the household's own income
        (default: the first varied field). One row per point: the varied values, own_income,
        benefits, net_income (per month, Decimal), marginal_effective_tax_rate (along the
        first input; None at its first step), cliff, cliff_programmes, eligible, undetermined,
        uncounted, then with `programmes` "<id>.status" and "<id>.amount" per programme.
        ``frame.attrs["net_income_leaves_out"]`` says what net income does not count.
        Raises InputError naming the path of a bad input or range.
        """
        return sweep_frame(self._native, [p.id for p in self.programmes], household, vary, _date_text(date), income,
                           threads, programmes)

    def impact(
        self,
        reform: RuleSet,
        households: Union[str, os.PathLike],
        date: Any,
        income: Sequence[str],
        weight: str = "weight",
        take_up: Mapping[str, Number] = {},
        out: Optional[Union[str, os.PathLike]] = None,
        input_format: Optional[str] = None,
        threads: int = 0,
        block_size: int = 8192,
    ) -> Dict[str, Any]:
        """The impact of `reform` (a RuleSet, e.g. from with_reform) on the households of a
        file (CSV, one row per member, or JSON lines, as `ssis eval-batch` reads them), streamed
        in blocks. `weight` names the weight column or key (1 where absent); `take_up` maps
        programme ids to the share of the eligible who claim (cost only); `income` the money
        fields that rank households into deciles.

        Returns {"summary": DataFrame (per programme, ministry and the total: eligibility
        gained and lost, costs per period, month and year), "deciles": DataFrame (winners and
        losers by income decile), "report": markdown text, "households_read", "evaluated",
        "input_errors"}; amounts are exact Decimal. With `out`, also writes summary.csv,
        deciles.csv, detail.csv and report.md into that directory.
        """
        return impact_tables(self._native, reform._native, households, _date_text(date), income, weight, take_up, threads,
                             block_size, out, input_format)

    @property
    def id(self) -> str:
        return self._native.id

    @property
    def currency(self) -> str:
        return self._native.currency

    @property
    def version(self) -> str:
        """The rule set's `version:` in ruleset.yaml ("" when it states none)."""
        return self._native.version

    @property
    def fingerprint(self) -> str:
        """The SHA-256 of the rule set's canonical content ("sha256:...", docs/audit.md)."""
        return self._native.fingerprint

    @property
    def warnings(self) -> Tuple[_ssis.Diagnostic, ...]:
        """Diagnostics of severity warning found while loading."""
        return tuple(self._native.warnings)

    @functools.cached_property
    def programmes(self) -> Tuple[Programme, ...]:
        """Every programme, in rule-set order (the order of outcomes)."""
        return tuple(Programme.from_data(p) for p in self._native.programmes())

    @functools.cached_property
    def parameters(self) -> Tuple[Parameter, ...]:
        """Every parameter with its dated values."""
        return tuple(Parameter.from_data(p) for p in self._native.parameters())

    @functools.cached_property
    def variables(self) -> Tuple[Variable, ...]:
        return tuple(Variable(**v) for v in self._native.variables())

    @functools.cached_property
    def relations(self) -> Tuple[Relation, ...]:
        return tuple(Relation.from_data(r) for r in self._native.relations())

    @functools.cached_property
    def schema(self) -> Schema:
        """The household and member fields the rule set reads."""
        return Schema.from_data(self._native.schema())

    def programme(self, programme_id: str) -> Programme:
        """The programme called `programme_id`; KeyError if there is none."""
        for programme in self.programmes:
            if programme.id == programme_id:
                return programme
        raise KeyError(programme_id)

    def evaluate(self, household: Mapping[str, Any], date: DateLike, explain: bool = False) -> Outcome:
        """Every programme's outcome for one household on `date` ("YYYY-MM-DD" or a date).

        `household` is shaped like the JSON households: household fields, an optional "id"
        and "members", a list of dicts of member fields. Values are bool, int, str
        (enumeration values, "YYYY-MM-DD" dates), decimal.Decimal, datetime.date, or None
        for a fact that is not known. `explain` records the values behind each criterion.
        Raises InputError naming the field path when the household does not fit the schema.
        """
        return Outcome.from_native(self._native.evaluate(household, _date_text(date), explain))

    def evaluate_batch(
        self,
        households: Table,
        members: Table,
        date: DateLike,
        id_column: str = "household_id",
        layout: Layout = "long",
        threads: int = 0,
        amounts: Amounts = "decimal",
    ) -> Union[pd.DataFrame, BatchArrays]:
        """Evaluates tables of households on every core (`threads`=0) without holding the GIL.

        `households` has one row per household, `members` one row per member; both are
        DataFrames (or dicts of columns) whose columns are `id_column` and schema fields,
        each once. NaN, NaT, None, pandas' NA and masked cells are facts that are not known.
        Numeric, boolean, datetime64 and Categorical columns are read as whole arrays, never
        cell by cell (bindings/python/README.md lists the dtypes).

        Returns, households in input order: layout="long": a DataFrame of one row per
        household and programme with `id_column`, programme, status, amount, missing ("a;b"),
        excluded_by and error; when the rule set has programmes assessed per member, also a
        `member` column (nullable Int64) and, before each such programme's row (whose member
        is empty), one row per member it assesses with that member's decision.
        layout="wide": a DataFrame of one row per household with a status column and an
        "<id>_amount" column per programme, and after a programme assessed per member a
        "<id>_members" column ("0:eligible:248000;1:ineligible": each member assessed as
        MEMBER:STATUS[:AMOUNT], separated by ';'). layout="arrays": a BatchArrays of numpy
        arrays (households x programmes, and members x member programmes for the members'
        decisions). "wide" and "arrays" run on the
        columnar engine (no record per household, no strings per decision) and are several
        times faster. Statuses are Categorical (eligible, ineligible, undetermined, error).
        amounts="decimal": amounts are decimal.Decimal (None where there is none);
        amounts="raw": int64 millionths of the currency unit (a nullable Int64 column, or
        with layout="arrays" an int64 array and the `amount_known` mask), the fastest.

        Raises InputError naming the table, column and row of the first cell that does not
        fit the schema (unknown or repeated column, wrong type, impossible value).
        """
        return evaluate_tables(
            self._native,
            [p.id for p in self.programmes],
            households,
            members,
            date=_date_text(date),
            id_column=id_column,
            layout=layout,
            amounts=amounts,
            threads=threads,
        )

    def reverify(
        self,
        households: Table,
        members: Table,
        benefits: Table,
        date: DateLike,
        id_column: str = "household_id",
        threads: int = 0,
        language: str = "en",
    ) -> Dict[str, pd.DataFrame]:
        """Re-verifies current beneficiaries: evaluates every household on `date` and compares
        it with the benefits it receives.

        `households` and `members` are as for evaluate_batch. `benefits` has one row per
        benefit received, with the columns household_id, programme (a programme id),
        monthly_amount (Decimal, int or str; exact) and since (a date or "YYYY-MM-DD"), and
        member (the member's index in the household, from 0) for benefits of programmes
        assessed per member (empty for the others; the column may be left out).

        Returns {"detail": DataFrame, "summary": DataFrame}. detail has one row per finding:
        household_id, programme, member (nullable Int64, only when the rule set has
        programmes assessed per member: the member a finding is about), ministry, finding (confirmed, no_longer_eligible,
        undetermined, overpaid, underpaid, overlap, blind_spot, input_error), paid_monthly,
        computed_monthly, difference (paid - computed; Decimal or None) and reasons (failing
        criteria, missing facts, the relation and the programme kept, or where an input error
        is: "benefits row 3, column monthly_amount"). summary has counts per finding and the
        monthly sums by programme, then by ministry, then the total (column "level").

        Raises InputError for a households or members cell that does not fit the schema, or a
        benefits table whose columns are not the ones above.
        """
        return reverify_tables(
            self._native,
            households,
            members,
            benefits,
            date=_date_text(date),
            id_column=id_column,
            threads=threads,
            language=language,
        )


def _date_text(date: DateLike) -> str:
    if isinstance(date, datetime.datetime):
        date = date.date()
    if isinstance(date, datetime.date):
        return date.isoformat()
    if isinstance(date, str):
        return date
    raise TypeError(f"date must be a str (YYYY-MM-DD) or a datetime.date, not {type(date).__name__}")

