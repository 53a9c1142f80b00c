"""A loaded rule set: what it declares, and the evaluation of households against it."""
from __future__ import annotations

import datetime
import functools
import os
from typing import Any, Dict, FrozenSet, Literal, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _ssis
from .bundled import bundled_directory, bundled_name
from .batch import Amounts, BatchArrays, Layout, Table, evaluate_tables
from .catalogue import Parameter, Programme, Relation, Variable
from .outcome import Outcome
from .reverify import reverify_tables
from .schema import Schema
from .whatif import Number, Range, impact_tables, sweep_frame

DateLike = Union[str, datetime.date, np.datetime64]
"""A date: "YYYY-MM-DD", a datetime.date (a datetime or pandas Timestamp at midnight) or a
numpy datetime64 at midnight."""


def load(rules: Union[str, os.PathLike], reform: Optional[Union[str, os.PathLike]] = None) -> RuleSet:
    """Loads, checks and compiles a rule set, with the reform file `reform` applied when one
    is given (docs/what-if.md).

    `rules` is a rule-set directory, or the name of a rule set bundled with the package
    (``"kr"``, ``"vn"``: :func:`ssis.bundled_rule_sets`) when no file or directory of that
    name exists.

    Raises RuleError carrying every diagnostic (code, file, line, column, message) when the
    rule files or the reform have errors, or when `rules` is neither a directory nor a
    bundled rule set.
    """
    path = os.fspath(rules)
    return _load(path, bundled_name(path), None if reform is None else os.fspath(reform))


def _load(path: str, bundled: Optional[str], reform: Optional[str]) -> RuleSet:
    if bundled is not None:
        path = str(bundled_directory(bundled))  # this installation's copy, wherever it is
    return RuleSet(_ssis.RuleSet.load(path, reform or ""), path, reform, bundled)


class RuleSet:
    """A loaded rule set. Immutable; may be used from any number of threads at once.

    Pickles as its path, or as its name for a bundled rule set: unpickling loads the rule
    set again (as dask workers do), a bundled one from the unpickling installation's copy.
    """

    def __init__(self, native: _ssis.RuleSet, path: str, reform: Optional[str] = None,
                 bundled: Optional[str] = None) -> None:
        self._native = native
        self._path = path
        self._reform = reform
        self._bundled = bundled

    def __reduce__(self) -> Tuple[Any, Tuple[str, Optional[str], Optional[str]]]:
        return _load, (self._path, self._bundled, self._reform)

    def __repr__(self) -> str:
        return f"<ssis.RuleSet {self.id} from {self._path!r}: {len(self.programmes)} programmes>"

    @property
    def path(self) -> str:
        """The directory the rule set was loaded from."""
        return self._path

    @property
    def bundled(self) -> Optional[str]:
        """The name of the bundled rule set this is (``"kr"``), or None for a rule set loaded
        from a directory."""
        return self._bundled

    @property
    def reform(self) -> Optional[str]:
        """The reform file applied to the rule set, or None."""
        return self._reform

    def with_reform(self, reform: Union[str, os.PathLike]) -> RuleSet:
        """The same rule-set directory with the reform file `reform` applied (docs/what-if.md).
        Raises RuleError with the diagnostics of the reform (file, line, column)."""
        return _load(self._path, self._bundled, os.fspath(reform))

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
        """The rule set's id (``ruleset.id`` in its ruleset.yaml, e.g. "kr")."""
        return self._native.id

    @property
    def currency(self) -> str:
        """The currency of every amount (ISO 4217, e.g. "KRW")."""
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
        """Every variable (household and member level), in rule-set order."""
        return tuple(Variable(**v) for v in self._native.variables())

    @functools.cached_property
    def relations(self) -> Tuple[Relation, ...]:
        """Every relation between programmes (exclusive groups, requirements)."""
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

    def evaluate(
        self,
        household: Mapping[str, Any],
        date: DateLike,
        explain: bool = False,
        known_on: Optional[DateLike] = None,
        missing_facts: bool = True,
    ) -> Outcome:
        """Every programme's outcome for one household on `date` ("YYYY-MM-DD" or a date).

        `household` is shaped like the JSON households: household fields, an optional "id"
        and "members", a list of dicts of member fields. Values are bool, int, str
        (enumeration values, "YYYY-MM-DD" dates), decimal.Decimal, datetime.date, or None
        for a fact that is not known; "as_of" dates facts (docs/audit.md, "Facts with a date").
        `explain` records the values behind each criterion. `known_on` evaluates the household
        as known on that day: a fact dated after it is taken as not known. `missing_facts=False`
        decides every programme as before without working out the facts that would settle the
        undetermined ones (about half the time on rules/kr): `Outcome.missing_named` is then
        False, every `missing` empty and there are no questions.
        Raises InputError naming the field path when the household does not fit the schema.
        """
        known = "" if known_on is None else _date_text(known_on)
        native = self._native.evaluate(household, _date_text(date), explain, known, missing_facts)
        return Outcome.from_native(native, self.currency)

    def calculate(self, household: Mapping[str, Any], variable: str, date: Optional[DateLike] = None) -> Any:
        """The value of the household-level variable `variable` for one household on `date`
        (default: today, by the system clock in UTC, as `ssis eval`): bool, int, Decimal,
        datetime.date or an enumeration value (str); None when the household's inputs do
        not settle it. `household` is as for evaluate.

        Raises KeyError for a name that is no household-level variable of the rule set
        (the member variables are not calculated alone), InputError naming the field path
        when the household does not fit the schema.
        """
        known = {v.name: v for v in self.variables}
        if variable not in known:
            raise KeyError(f"no variable {variable!r} in rule set {self.id}")
        if known[variable].level != "household":
            raise KeyError(f"{variable!r} is a member variable; only household-level variables are calculated alone")
        when = datetime.datetime.now(datetime.timezone.utc).date() if date is None else date
        return self._native.calculate(household, _date_text(when), variable)

    def evaluate_batch(
        self,
        households: Table,
        members: Table,
        date: DateLike,
        id_column: str = "household_id",
        layout: Layout = "long",
        threads: int = 0,
        amounts: Amounts = "decimal",
        extra_columns: Literal["error", "ignore"] = "error",
        programmes: Optional[Sequence[str]] = None,
    ) -> Union[pd.DataFrame, BatchArrays]:
        """Evaluates tables of households on every core (`threads` 0) without holding the GIL.

        `households` has one row per household, `members` one row per member; both are
        DataFrames (or dicts of columns) whose columns are `id_column` and schema fields,
        each once. NaN, NaT, None, pandas' NA and masked cells are facts that are not known.
        Numeric, boolean, datetime64 and Categorical columns are read as whole arrays, never
        cell by cell (bindings/python/README.md lists the dtypes); date fields take
        datetime64 columns (each value a midnight), datetime.date objects or "YYYY-MM-DD".
        A DataFrame without an `id_column` column whose index is named `id_column` gives the
        ids from its index. extra_columns="ignore" leaves out the columns that are neither
        the id nor a schema field (with "error", the default, such a column is an InputError).

        Returns, households in input order: layout="long": a DataFrame of one row per
        household and programme with `id_column`, programme, ministry, period (of the
        amount: "month", "year", ...), status, amount, missing ("a;b"), excluded_by and error; when the rule set has programmes assessed per member, also a
        `member` column (nullable Int64) and, before each such programme's row (whose member
        is empty), one row per member it assesses with that member's decision.
        layout="wide": a DataFrame of one row per household with a status column and an
        "<id>_amount" column per programme, and after a programme assessed per member a
        "<id>_members" column ("0:eligible:248000;1:ineligible": each member assessed as
        MEMBER:STATUS[:AMOUNT], separated by ';'); its ``attrs["ministry"]`` and
        ``attrs["period"]`` map each programme to its ministry and period. layout="arrays": a
        BatchArrays of numpy arrays (households x programmes, and members x member programmes
        for the members' decisions) with each programme's ministry and period. "wide" and "arrays" run on the
        columnar engine (no record per household, no strings per decision) and are several
        times faster. Statuses are Categorical (eligible, ineligible, undetermined, error).
        amounts="decimal": amounts are decimal.Decimal (None where there is none), exact;
        amounts="minor": int64 minor units of the currency (whole won or dong), exact (an
        amount that is not a whole number of them is a ValueError); amounts="float":
        float64, NaN where there is none, so that ``.mean()`` and ``.sum()`` are numeric (a
        double holds amounts exactly up to 2^53 minor units); amounts="raw": int64
        millionths of the currency unit, the fastest. Integer amounts are a nullable Int64
        column (<NA> where there is none), or with layout="arrays" an int64 array and the
        `amount_known` mask.

        programmes=["nbls_housing_rent", ...] (layout="wide" or "arrays"): only those
        programmes are decided, with every programme their relations tie them to (an
        exclusive group, a requirement), each exactly as when all are; only what they depend
        on is computed, so a few programmes of a large rule set take a fraction of the time.
        The frame's columns (the arrays' `programmes`) are then those programmes, in
        rule-set order. An id that is not a programme of the rule set is a ValueError.

        Raises InputError naming the table, column and row of the first cell that does not
        fit the schema (unknown or repeated column, wrong type, impossible value).
        """
        return evaluate_tables(
            self._native,
            self.programmes,
            households,
            members,
            date=_date_text(date),
            id_column=id_column,
            layout=layout,
            amounts=amounts,
            threads=threads,
            currency=self.currency,
            fields=_extra_columns_rule(extra_columns, self.schema),
            selected=programmes,
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
        computed_monthly, difference (paid - computed; Decimal or None), months (nullable
        Int64: for a received benefit, the months from its since to `date`), paid_total,
        due_total and owed (paid_total - due_total; Decimal or None when a month is undetermined
        or its amount unknown) and reasons (failing criteria, missing facts, the relation and
        the programme kept, why the totals are unknown, or where an input error is: "benefits
        row 3, column monthly_amount"). summary has counts per finding, the monthly sums and
        the sums since each benefit started (paid_total, due_total, owed, totals_unknown) by
        programme, then by ministry, then the total (column "level").

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


def _extra_columns_rule(extra_columns: str, schema: Schema) -> Optional[FrozenSet[str]]:
    """The field names to keep columns of when extra columns are ignored; None: keep every column."""
    if extra_columns == "error":
        return None
    if extra_columns == "ignore":
        return frozenset(f.name for f in schema.household + schema.member)
    raise ValueError(f"extra_columns must be 'error' or 'ignore', not {extra_columns!r}")


def _date_text(date: DateLike) -> str:
    """The date as YYYY-MM-DD: from a str, a datetime.date (a datetime or pandas Timestamp
    at midnight) or a numpy datetime64 at midnight."""
    if isinstance(date, np.datetime64):
        if np.isnat(date):
            raise ValueError("the date is NaT (not a time)")
        day = date.astype("datetime64[D]")
        if day != date:
            raise ValueError(f"the date {date} has a time of day; give a date")
        return str(day)
    if isinstance(date, datetime.datetime):
        if date.time() != datetime.time(0):
            raise ValueError(f"the date {date} has a time of day; give a date")
        date = date.date()
    if isinstance(date, datetime.date):
        return date.isoformat()
    if isinstance(date, str):
        return date
    raise TypeError(f"date must be a str (YYYY-MM-DD), a datetime.date or a numpy.datetime64, not {type(date).__name__}")

