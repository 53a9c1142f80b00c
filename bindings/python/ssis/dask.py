"""ssis on a dask cluster: populations partitioned into many CSV files are evaluated or
re-verified partition by partition on the workers, and the results are written beside them,
partition by partition, with a manifest that lets an interrupted run continue.

A population is a pair of partitioned tables: households (one row per household) and members
(one row per member), both with the household id column. Partition i of the members holds
the members of exactly the households of partition i of the households: write file i of
each from the same households (docs/cluster.md). A member whose household is not in its
partition, or a household id found in two partitions, is an InputError naming the files,
never a partial evaluation.

    import ssis, ssis.dask
    from distributed import Client
    client = Client("tcp://scheduler:8786")
    rules = ssis.load("kr")          # bundled: each worker loads its own installed copy
    population = ssis.dask.read_csv("data/households-*.csv", "data/members-*.csv", rules)
    run = ssis.dask.evaluate(population, rules, "2025-09-24", "results/", layout="wide")
"""
from __future__ import annotations

import glob
import os
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import dask
import dask.dataframe as dd
import pandas as pd
from distributed import Client, default_client

from . import _ssis
from ._population_files import read_column, read_header, read_table, schema_dtypes, write_eval_batch_csv, write_partitioned_csv
from ._run_directory import RunDirectory, file_identity, temporary_name, write_atomically, write_record
from ._worker_rules import LoadRuleSet, RuleSetSpec
from .batch import _columns
from .rule_set import DateLike, RuleSet, _date_text, load

__all__ = ["Population", "RunResult", "check_partitioning", "evaluate", "evaluate_frame", "read_csv", "reverify",
           "summary_table", "write_eval_batch_csv", "write_partitioned_csv"]

RuleSetLike = Union[RuleSet, str, os.PathLike]
"""A loaded rule set, or what ``ssis.load`` takes: a bundled rule set's name ("kr") or a
rule-set directory."""

Files = Union[str, Sequence[str]]
"""A glob pattern ("data/households-*.csv") or a list of paths; matched files are sorted by name."""


@dataclass(frozen=True)
class _PartitionFile:
    """A partition's CSV file, read by the task that uses it."""

    path: str
    dtypes: Dict[str, str]

    def read(self) -> pd.DataFrame:
        return read_table(self.path, self.dtypes)


@dataclass(frozen=True)
class _FileReading:
    """What read_csv made a population's frames from: the frames' graph names (a frame
    transformed afterwards has another) and the dtypes of the files' columns."""

    households_name: str
    members_name: str
    dtypes: Dict[str, str]


@dataclass(frozen=True)
class Population:
    """Households and members as dask DataFrames of the same number of partitions; with the
    files they were read from (one partition per file), when they were read from files."""

    households: dd.DataFrame
    members: dd.DataFrame
    id_column: str = "household_id"
    households_files: Tuple[str, ...] = ()
    members_files: Tuple[str, ...] = ()
    file_reading: Optional[_FileReading] = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.households.npartitions != self.members.npartitions:
            raise ValueError(f"households have {self.households.npartitions} partitions and members "
                             f"{self.members.npartitions}: partition i of each must hold the same households")
        for name, frame in (("households", self.households), ("members", self.members)):
            if self.id_column not in frame.columns:
                raise ValueError(f"{name} have no '{self.id_column}' column")

    @property
    def npartitions(self) -> int:
        return self.households.npartitions

    def partition_names(self, i: int) -> Tuple[str, str]:
        """How partition i's two tables are named in errors: their files, when known."""
        if self.households_files:
            return self.households_files[i], self.members_files[i]
        return f"households partition {i}", f"members partition {i}"

    def partition_tables(self) -> List[Tuple[Any, Any]]:
        """Per partition, its households and members as a task takes them (`_table`): the
        files themselves while the frames are those read_csv made from them, so each task
        reads its own two files where it runs; else the frames' partitions."""
        reading = self.file_reading
        if reading and (reading.households_name, reading.members_name) == (self.households._name, self.members._name):
            return [(_PartitionFile(h, reading.dtypes), _PartitionFile(m, reading.dtypes))
                    for h, m in zip(self.households_files, self.members_files)]
        return list(zip(self.households.to_delayed(), self.members.to_delayed()))

    def household_ids(self) -> dd.Series:
        """The id column of the households, read alone from the files when there are files."""
        if not self.households_files:
            return self.households[self.id_column]
        meta = pd.Series(dtype="object", name=self.id_column)
        return dd.from_delayed([dask.delayed(read_column)(path, self.id_column) for path in self.households_files], meta=meta,
                               verify_meta=False)

    def partition_identity(self, i: int) -> Dict[str, Any]:
        """What identifies partition i's input, for restarting: its files."""
        if not self.households_files:
            raise ValueError("a run written to a directory needs a population read from files (ssis.dask.read_csv), "
                             "whose identity the manifest records")
        return {"households": file_identity(self.households_files[i]), "members": file_identity(self.members_files[i])}


def read_csv(households: Files, members: Files, rules: RuleSetLike, id_column: str = "household_id") -> Population:
    """The population in the CSV files `households` and `members` (one partition per file;
    file i of each sorted list is partition i), each file read on the worker that uses it.
    Each column is read with the type of its schema field (true/false, whole numbers,
    numbers; dates, enumerations and the id as text) and only an empty cell is a missing
    fact, as `ssis eval-batch` reads them; a cell of another type is an InputError naming
    the file, data row and column."""
    rules = _rule_set(rules)
    households_files, members_files = _files(households, "households"), _files(members, "members")
    if len(households_files) != len(members_files):
        raise ValueError(f"{len(households_files)} households files and {len(members_files)} members files: "
                         "each households file needs the members file of the same households")
    dtypes = schema_dtypes(rules.schema, id_column)
    households_frame, members_frame = _read_tables(households_files, dtypes), _read_tables(members_files, dtypes)
    return Population(households_frame, members_frame, id_column, households_files, members_files,
                      _FileReading(households_frame._name, members_frame._name, dtypes))


def _rule_set(rules: RuleSetLike) -> RuleSet:
    return rules if isinstance(rules, RuleSet) else load(rules)


def _read_tables(files: Sequence[str], dtypes: Dict[str, str]) -> dd.DataFrame:
    """One partition per file, each read where it is used (on a worker), with the schema's dtypes."""
    header = read_header(files[0])
    meta = pd.DataFrame({name: pd.Series(dtype=dtypes.get(name, "object")) for name in header})
    return dd.from_delayed([dask.delayed(read_table)(path, dtypes) for path in files], meta=meta, verify_meta=False)


def check_partitioning(population: Population) -> None:
    """Raises InputError when a household id is in more than one row of the households
    files (the members of each partition are checked where it is evaluated). Runs on the
    cluster: the ids' 64-bit hashes are counted (a distributed value_counts), and the ids
    of the hashes counted more than once are then looked up and named."""
    ids = population.household_ids()
    counts = ids.map_partitions(_hashes, meta=pd.Series(dtype="uint64")).value_counts()
    repeated = counts[counts > 1].head(5, npartitions=-1)
    if len(repeated) == 0:
        return
    places = dask.compute(*[dask.delayed(_positions)(part, list(repeated.index), i) for i, part in enumerate(ids.to_delayed())])
    rows: Dict[str, int] = {}
    where: Dict[str, List[str]] = {}
    for found in places:
        for household, i, count in found:
            name = population.partition_names(i)[0]
            rows[household] = rows.get(household, 0) + count
            where.setdefault(household, []).append(name if count == 1 else f"{name} ({count} rows)")
    described = "; ".join(f"household {h} is in {', '.join(where[h])}" for h in where if rows[h] > 1)
    if described:  # else different ids of the same hash
        raise _ssis.InputError(f"{described}: each household must be in exactly one partition (with its members)")


def _hashes(ids: pd.Series) -> pd.Series:
    return pd.util.hash_pandas_object(ids.astype(str), index=False)


def _positions(ids: pd.Series, hashes: List[int], i: int) -> List[Tuple[str, int, int]]:
    """(household, i, rows) for each household of partition i whose hash is one of `hashes`."""
    found = ids[_hashes(ids).isin(hashes).to_numpy()].astype(str).value_counts(sort=False)
    return [(household, i, int(count)) for household, count in found.items()]


@dataclass
class RunResult:
    """What a run did."""

    directory: Path
    partitions: int
    written: int
    """Partitions evaluated by this run; the others were written by an earlier attempt."""
    households: int
    seconds: float
    summary: pd.DataFrame = field(repr=False)


def evaluate(
    population: Population,
    rules: RuleSetLike,
    date: DateLike,
    out: os.PathLike,
    layout: str = "long",
    threads: int = 1,
    client: Optional[Client] = None,
    ship_rules: bool = False,
    overwrite: bool = False,
) -> RunResult:
    """Evaluates every partition on the cluster and writes, per partition, `part-NNNNN.csv`
    (the CSV of `ssis eval-batch`, layout "long" or "wide"; its `line` column is the
    household's row in its partition) and `part-NNNNN.json` (its counts), then `summary.csv`
    (eligible and undetermined households per programme, and their sums per ministry) and
    `manifest.json`. Run again after an interruption, it evaluates only the partitions not
    yet written. `threads`: evaluation threads per task (give workers one thread per core
    and leave this at 1). `ship_rules`: send the rule files to the workers instead of
    loading them from the rule set's path on each machine. `overwrite`: when `out` holds the
    output of another run, remove every file in it and start over (else ValueError).
    """
    rules = _rule_set(rules)
    if layout not in ("long", "wide"):
        raise ValueError(f"layout must be 'long' or 'wide', not {layout!r}")
    date_text = _date_text(date)
    job = _Job(RuleSetSpec(rules), population.id_column, date_text, threads, Path(out).absolute())
    identity = {"command": "evaluate", "layout": layout, **_run_identity(population, rules, date_text)}
    return _run(population, rules, job, identity, client, ship_rules, overwrite, _evaluate_partition, "part", (layout,),
                _evaluate_summary(rules))


def evaluate_frame(population: Population, rules: RuleSetLike, date: DateLike, layout: str = "wide",
                   threads: int = 1) -> dd.DataFrame:
    """The results as a dask DataFrame, partition i from partition i of the population, as
    RuleSet.evaluate_batch lays them out ("long" or "wide"; amounts as raw millionths,
    nullable Int64). Nothing is written; the rule set is loaded once per worker process."""
    rules = _rule_set(rules)
    if layout not in ("long", "wide"):
        raise ValueError(f"layout must be 'long' or 'wide', not {layout!r}")
    spec = RuleSetSpec(rules)
    date_text = _date_text(date)
    sample = rules.evaluate_batch(population.households._meta, population.members._meta, date_text,
                                  id_column=population.id_column, layout=layout, amounts="raw")
    parts = [dask.delayed(_frame_partition)(h, m, spec, population.id_column, population.partition_names(i), date_text, layout,
                                            threads)
             for i, (h, m) in enumerate(population.partition_tables())]
    return dd.from_delayed(parts, meta=sample)


def reverify(
    population: Population,
    benefits: Files,
    rules: RuleSetLike,
    date: DateLike,
    out: os.PathLike,
    households_file: str,
    benefits_file: str,
    language: str = "en",
    threads: int = 1,
    client: Optional[Client] = None,
    ship_rules: bool = False,
    overwrite: bool = False,
) -> RunResult:
    """`ssis reverify` on the cluster: benefits file i (a benefits CSV as `ssis reverify`
    reads it) holds the benefits of the households of partition i. Writes detail.csv,
    summary.csv and report.md as `ssis reverify` does, the same bytes for the same
    households and benefits in the same order; `households_file` and `benefits_file` are
    the names report.md gives the inputs. Per partition, `detail-NNNNN.csv` and
    `detail-NNNNN.json` let an interrupted run continue.
    """
    rules = _rule_set(rules)
    benefits_files = _files(benefits, "benefits")
    if len(benefits_files) != population.npartitions:
        raise ValueError(f"{len(benefits_files)} benefits files for {population.npartitions} partitions: "
                         "benefits file i holds the benefits of the households of partition i")
    date_text = _date_text(date)
    job = _Job(RuleSetSpec(rules), population.id_column, date_text, threads, Path(out).absolute())
    identity = {"command": "reverify", "language": language, "benefits": [file_identity(f) for f in benefits_files],
                "households_file": households_file, "benefits_file": benefits_file,
                **_run_identity(population, rules, date_text)}

    def summarise(run: RunDirectory, records: List[Dict[str, Any]], client: Client) -> Tuple[pd.DataFrame, Dict[str, Any]]:
        totals = client.submit(_add_totals, [r["totals"] for r in records]).result()
        summary_csv, report_md = rules._native.reverify_outputs(totals, date_text, households_file, benefits_file, language)
        client.submit(_assemble_detail, str(run.root), records).result()
        write_atomically(run.root / "summary.csv", summary_csv)
        write_atomically(run.root / "report.md", report_md)
        counts = {"households_read": totals.households_read, "households_evaluated": totals.households_evaluated,
                  "benefits_read": totals.benefits_read}
        return pd.read_csv(run.root / "summary.csv", keep_default_na=False), counts

    return _run(population, rules, job, identity, client, ship_rules, overwrite, _reverify_partition, "detail",
                (benefits_files, language), summarise)


@dataclass(frozen=True)
class _Job:
    """What every task of a run needs."""

    rules: RuleSetSpec
    id_column: str
    date: str
    threads: int
    out: Path


def _run(population, rules, job, identity, client, ship_rules, overwrite, task, prefix, arguments, summarise) -> RunResult:
    """Runs `task` on every partition not yet written (whose files are named `prefix`-NNNNN),
    then `summarise` on the records of all of them."""
    client = client or default_client()
    start = time.perf_counter()
    run = RunDirectory(job.out, identity, overwrite)
    check_partitioning(population)
    client.register_worker_plugin(LoadRuleSet(rules, ship_rules), name=f"ssis-rules-{rules.fingerprint}")
    records: List[Optional[Dict[str, Any]]] = [run.completed(_part_name(prefix, i), identity["partitions"][i])
                                               for i in range(population.npartitions)]
    pending = [i for i, record in enumerate(records) if record is None]
    tables = population.partition_tables()
    tasks = [dask.delayed(task, pure=False)(*tables[i], job, i, population.partition_names(i), identity["partitions"][i],
                                            *arguments) for i in pending]
    for i, record in zip(pending, client.gather(client.compute(tasks))):
        records[i] = record
    summary, counts = summarise(run, records, client)
    run.finish({"partitions": len(records), **counts})
    return RunResult(run.root, len(records), len(pending), counts.get("households", counts.get("households_read", 0)),
                     time.perf_counter() - start, summary)


def _part_name(prefix: str, i: int) -> str:
    return f"{prefix}-{i:05d}"


def _run_identity(population: Population, rules: RuleSet, date: str) -> Dict[str, Any]:
    return {"rules": {"id": rules.id, "fingerprint": rules.fingerprint}, "date": date, "id_column": population.id_column,
            "partitions": [population.partition_identity(i) for i in range(population.npartitions)]}


def _table(source: Union[pd.DataFrame, _PartitionFile]) -> pd.DataFrame:
    """A partition's table as Population.partition_tables gives it to a task."""
    return source.read() if isinstance(source, _PartitionFile) else source


def _write_partition(prefix: str, households: Any, members: Any, job: _Job, i: int,
                     names: Tuple[str, str], partition: Dict[str, Any], write) -> Dict[str, Any]:
    """Runs on a worker: `write(native rule set, households, members, path)` writes partition
    i's CSV under a temporary name and returns what it found; the CSV is renamed to
    prefix-NNNNN.csv, then the partition's record (with what was found) is written."""
    name = _part_name(prefix, i)
    target = job.out / f"{name}.csv"
    temporary = temporary_name(target)
    households, members = _table(households), _table(members)
    with _located(names):
        _check_members(households, members, job.id_column, names)
        content = write(job.rules.rules()._native, _columns(households, "households"), _columns(members, "members"),
                        str(temporary))
    os.replace(temporary, target)
    write_record(job.out, name, partition, [target.name], content)
    return content


def _evaluate_partition(households: Any, members: Any, job: _Job, i: int, names: Tuple[str, str],
                        partition: Dict[str, Any], layout: str) -> Dict[str, Any]:
    """Partition i to part-NNNNN.csv, with its counts."""
    def write(native, household_columns, member_columns, path: str) -> Dict[str, Any]:
        return {"counts": native.write_partition_csv(household_columns, member_columns, job.id_column, job.date, job.threads,
                                                     layout == "wide", path)}
    return _write_partition("part", households, members, job, i, names, partition, write)


def _reverify_partition(households: Any, members: Any, job: _Job, i: int, names: Tuple[str, str],
                        partition: Dict[str, Any], benefits_files: Sequence[str], language: str) -> Dict[str, Any]:
    """Partition i and benefits file i to detail-NNNNN.csv, with the byte ranges of its sections and its totals."""
    def write(native, household_columns, member_columns, path: str) -> Dict[str, Any]:
        result = native.reverify_partition(household_columns, member_columns, job.id_column, job.date, benefits_files[i],
                                           names[0], path, job.threads, language)
        return {"sections": result["sections"], "totals": result["totals"].__getstate__()}
    return _write_partition("detail", households, members, job, i, names, partition, write)


def _frame_partition(households: Any, members: Any, spec: RuleSetSpec, id_column: str,
                     names: Tuple[str, str], date: str, layout: str, threads: int) -> pd.DataFrame:
    households, members = _table(households), _table(members)
    with _located(names):
        _check_members(households, members, id_column, names)
        return spec.rules().evaluate_batch(households, members, date, id_column=id_column, layout=layout, threads=threads,
                                           amounts="raw")


def _check_members(households: pd.DataFrame, members: pd.DataFrame, id_column: str, names: Tuple[str, str]) -> None:
    """Raises InputError for the first member without a household id, or whose household is
    not in the partition."""
    ids = members[id_column]
    outside = ids.isna() | ~ids.isin(households[id_column])
    if outside.any():
        row = int(outside.to_numpy().nonzero()[0][0])
        if pd.isna(ids.iloc[row]):
            raise _ssis.InputError(f"{names[1]}: data row {row + 1}: no household id")
        raise _ssis.InputError(
            f"{names[1]}: data row {row + 1}: household {ids.iloc[row]} is not in {names[0]}: a household's "
            "members must be in the members file of its own partition")


class _located:
    """Prefixes the files of a partition to an InputError raised for it."""

    def __init__(self, names: Tuple[str, str]) -> None:
        self.names = names

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if isinstance(error, _ssis.InputError) and not str(error).startswith(self.names):
            raise _ssis.InputError(f"{' and '.join(self.names)}: {error}") from error
        return False


def _evaluate_summary(rules: RuleSet):
    def summarise(run: RunDirectory, records: List[Dict[str, Any]], client: Client) -> Tuple[pd.DataFrame, Dict[str, Any]]:
        """summary.csv from the partitions' counts, added up on the cluster."""
        counts = client.submit(_add_counts, [r["counts"] for r in records]).result()
        summary = summary_table(rules, counts)
        write_atomically(run.root / "summary.csv", summary.to_csv(index=False, lineterminator="\n").encode())
        return summary, {k: counts[k] for k in ("households", "evaluated", "input_errors")}
    return summarise


def summary_table(rules: RuleSet, counts: Mapping[str, Any]) -> pd.DataFrame:
    """Per programme (rule-set order): the households eligible and undetermined and the sum
    of the eligible amounts; then per ministry (by name): the sums over its programmes."""
    programmes = pd.DataFrame({
        "level": "programme",
        "programme": [p.id for p in rules.programmes],
        "ministry": [p.ministry for p in rules.programmes],
        "eligible": counts["eligible"],
        "undetermined": counts["undetermined"],
        "eligible_amount_sum": [Decimal(raw).scaleb(-6).normalize() for raw in counts["eligible_amounts"]],
    })
    ministries = programmes.groupby("ministry", sort=True, as_index=False).agg(
        eligible=("eligible", "sum"), undetermined=("undetermined", "sum"), eligible_amount_sum=("eligible_amount_sum", "sum"))
    ministries.insert(0, "programme", "")
    ministries.insert(0, "level", "ministry")
    table = pd.concat([programmes, ministries[programmes.columns]], ignore_index=True)
    table["eligible_amount_sum"] = [f"{amount.normalize():f}" for amount in table["eligible_amount_sum"]]
    return table


def _add_counts(counts: List[Mapping[str, Any]]) -> Dict[str, Any]:
    total: Dict[str, Any] = {}
    for part in counts:
        for key, value in part.items():
            if key not in total:
                total[key] = list(value) if isinstance(value, list) else value
            elif isinstance(value, list):
                total[key] = [a + b for a, b in zip(total[key], value)]
            else:
                total[key] += value
    return total


def _add_totals(states: List[tuple]) -> Any:
    parts = []
    for state in states:
        totals = _ssis.ReverifyTotals.__new__(_ssis.ReverifyTotals)
        totals.__setstate__(tuple(state))
        parts.append(totals)
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _assemble_detail(root: str, records: List[Mapping[str, Any]]) -> None:
    """detail.csv from the partitions' detail files, in the order of `ssis reverify`: every
    error of the benefits files, every household's findings, every benefit of an absent household."""
    directory = Path(root)
    target = directory / "detail.csv"
    temporary = temporary_name(target)
    # (partition, start, end): the header once, then each section of every partition in turn.
    pieces = [(0, 0, records[0]["sections"][0])]
    pieces += [(i, record["sections"][section], record["sections"][section + 1])
               for section in range(3) for i, record in enumerate(records)]
    with open(temporary, "wb") as out:
        for i, start, end in pieces:
            with open(directory / f"{_part_name('detail', i)}.csv", "rb") as part:
                part.seek(start)
                _copy(part, out, end - start)
    os.replace(temporary, target)


def _copy(source, target, size: int) -> None:
    while size > 0:
        chunk = source.read(min(size, 1 << 20))
        if not chunk:
            raise OSError(f"{source.name}: shorter than its record says")
        target.write(chunk)
        size -= len(chunk)


def _files(pattern: Files, what: str) -> Tuple[str, ...]:
    """The files, as absolute paths: the workers may run in other directories."""
    files = sorted(glob.glob(pattern)) if isinstance(pattern, str) else list(pattern)
    if not files:
        raise ValueError(f"no {what} files match {pattern!r}")
    return tuple(os.path.abspath(path) for path in files)
