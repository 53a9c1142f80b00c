"""ssis.dask on a 2-worker LocalCluster: the files a run writes against `ssis eval-batch` and
`ssis reverify` on the same households, restarts after a killed run and a lost worker, and
the input errors of a badly partitioned population."""
import dataclasses
import filecmp
import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client, LocalCluster, WorkerPlugin

import ssis
import ssis.dask
from ssis._population_files import read_table
from conftest import DATE, ROOT

sys.path.insert(0, str(ROOT / "examples/python"))
from population import synthetic_population  # noqa: E402

PARTITIONS = 6
SSIS = os.environ.get("SSIS_COMMAND", str(ROOT / "build/ssis"))

pytestmark = pytest.mark.skipif(not Path(SSIS).exists(), reason="the ssis command is not built")


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def tables():
    households, members = synthetic_population(240, seed=11)
    households["household_id"] = "H" + households["household_id"].astype(str)
    members["household_id"] = "H" + members["household_id"].astype(str)
    return households, members


@pytest.fixture(scope="module")
def files(tables, kr, tmp_path_factory) -> Path:
    """The population as partition files (in/), as one eval-batch CSV (all.csv), and
    benefits drawn from eval-batch's decisions, per partition and in one file."""
    directory = tmp_path_factory.mktemp("population")
    households, members = tables
    ssis.dask.write_partitioned_csv(households, members, directory / "in", PARTITIONS)
    ssis.dask.write_eval_batch_csv(households, members, directory / "all.csv")
    decisions = eval_batch(directory / "all.csv", directory / "all-long.csv")
    benefits = received_benefits(decisions, kr)
    benefits.to_csv(directory / "benefits.csv", index=False, lineterminator="\n")
    for i in range(PARTITIONS):
        ids = pd.read_csv(directory / f"in/households-{i:05d}.csv", dtype=str)["household_id"]
        benefits[benefits["household_id"].isin(ids)].to_csv(directory / f"in/benefits-{i:05d}.csv", index=False,
                                                            lineterminator="\n")
    return directory


def eval_batch(input_csv: Path, output: Path, *options: str) -> pd.DataFrame:
    subprocess.run([SSIS, "eval-batch", "rules/kr", str(input_csv), "--date", DATE, "--out", str(output), *options],
                   cwd=ROOT, check=True, capture_output=True)
    return pd.read_csv(output, dtype=str, keep_default_na=False)


def received_benefits(decisions: pd.DataFrame, kr: ssis.RuleSet) -> pd.DataFrame:
    """Benefits of every kind of finding: eligible ones paid as computed, more or less, and
    ineligible and undetermined ones paid anyway; a programme assessed per member is
    received by members (its members' rows, not the household's)."""
    per_member = {p.id for p in kr.programmes if p.unit == "member"}
    decisions = decisions[(decisions["member"] != "") | ~decisions["programme"].isin(per_member)]
    rows = []
    for n, (household, outcome) in enumerate(decisions.groupby("household_id", sort=False)):
        for kind, status in enumerate(("eligible", "ineligible", "undetermined")):
            chosen = outcome[outcome["status"] == status].head(2 if status == "eligible" else 1)
            for _, decision in chosen.iterrows():
                if status != "eligible" and (n + kind) % 5:
                    continue
                amount = int(float(decision["amount"] or 100000))
                amount = amount + 5000 * ((n % 3) - 1) if status == "eligible" else amount
                rows.append({"household_id": household, "programme": decision["programme"], "monthly_amount": amount,
                             "since": "2024-03-01", "member": decision["member"]})
    return pd.DataFrame(rows)


def population(files: Path, kr: ssis.RuleSet, directory: str = "in") -> ssis.dask.Population:
    return ssis.dask.read_csv(str(files / directory / "households-*.csv"), str(files / directory / "members-*.csv"), kr)


def written(directory: Path, pattern: str = "part-*.csv") -> pd.DataFrame:
    return pd.concat([pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(directory.glob(pattern))],
                     ignore_index=True)


@pytest.fixture(scope="module")
def long_run(client, files, kr, tmp_path_factory) -> ssis.dask.RunResult:
    return ssis.dask.evaluate(population(files, kr), kr, DATE, tmp_path_factory.mktemp("long"), layout="long")


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_the_partitions_written_are_eval_batch_row_for_row(client, files, kr, layout, long_run, tmp_path) -> None:
    run = long_run if layout == "long" else ssis.dask.evaluate(population(files, kr), kr, DATE, tmp_path, layout=layout)
    expected = eval_batch(files / "all.csv", tmp_path / "expected.csv", *(["--wide"] if layout == "wide" else []))
    actual = written(run.directory)
    assert run.partitions == run.written == PARTITIONS and run.households == 240
    assert list(actual.columns) == list(expected.columns)
    # `line` is the household's line in the input: in all.csv for eval-batch, its row in its partition here.
    pd.testing.assert_frame_equal(actual.drop(columns="line"), expected.drop(columns="line"))
    assert set(actual["status" if layout == "long" else actual.columns[3]]) <= {"eligible", "ineligible", "undetermined"}


def test_the_summary_counts_what_eval_batch_decided(files, kr, long_run, tmp_path) -> None:
    decisions = eval_batch(files / "all.csv", tmp_path / "expected.csv")
    decisions = decisions[decisions["member"] == ""]  # the households' rows, not those of members
    summary = pd.read_csv(long_run.directory / "summary.csv", keep_default_na=False)
    programmes = summary[summary["level"] == "programme"].set_index("programme")
    for status in ("eligible", "undetermined"):
        counted = decisions[decisions["status"] == status].groupby("programme").size()
        assert programmes[status].to_dict() == counted.reindex(programmes.index, fill_value=0).to_dict()
    ministries = summary[summary["level"] == "ministry"].set_index("ministry")
    assert ministries["eligible"].to_dict() == programmes.groupby("ministry")["eligible"].sum().to_dict()
    assert programmes["eligible"].sum() > 0
    manifest = json.loads((long_run.directory / "manifest.json").read_text())
    assert manifest["complete"] and manifest["summary"]["households"] == 240
    assert manifest["run"]["rules"]["fingerprint"] == kr.fingerprint and manifest["run"]["date"] == DATE


def test_the_rule_set_is_loaded_once_per_worker(client, long_run) -> None:
    from ssis._worker_rules import load_count
    assert list(client.run(load_count).values()) == [1, 1]


def test_evaluate_frame_is_evaluate_batch_of_the_whole_population(client, files, kr, tables) -> None:
    frame = ssis.dask.evaluate_frame(population(files, kr), kr, DATE, layout="wide")
    assert frame.npartitions == PARTITIONS
    actual = frame.compute().reset_index(drop=True)
    households, members = tables
    expected = kr.evaluate_batch(households, members, DATE, layout="wide", amounts="raw")
    pd.testing.assert_frame_equal(actual, expected)


def test_each_task_reads_its_own_files(files, kr) -> None:
    frame = ssis.dask.evaluate_frame(population(files, kr), kr, DATE, layout="wide")
    keys = [str(key) for key in dict(frame.__dask_graph__())]
    assert len(keys) >= PARTITIONS and not any("read_table" in key for key in keys)


def test_a_population_changed_after_reading_is_evaluated_as_changed(client, files, kr, tables) -> None:
    def kept(frame):  # a pandas or a dask frame without the households whose id ends in 7
        return frame[frame["household_id"].str[-1] != "7"]

    read = population(files, kr)
    changed = dataclasses.replace(read, households=kept(read.households), members=kept(read.members))
    actual = ssis.dask.evaluate_frame(changed, kr, DATE, layout="wide").compute().reset_index(drop=True)
    households, members = tables
    expected = kr.evaluate_batch(kept(households), kept(members), DATE, layout="wide", amounts="raw")
    assert 0 < len(actual) < len(households)
    pd.testing.assert_frame_equal(actual, expected.reset_index(drop=True))


def test_shipped_rule_files_give_the_same_results(client, files, kr, long_run, tmp_path) -> None:
    run = ssis.dask.evaluate(population(files, kr), kr, DATE, tmp_path, ship_rules=True)
    for path in sorted(long_run.directory.glob("part-*")):
        assert filecmp.cmp(path, run.directory / path.name, shallow=False), path.name


def test_a_bundled_rule_set_by_name_gives_the_same_results(client, files, kr, long_run, tmp_path) -> None:
    run = ssis.dask.evaluate(population(files, "kr"), "kr", DATE, tmp_path, layout="long")
    for path in sorted(long_run.directory.glob("part-*")):
        assert filecmp.cmp(path, run.directory / path.name, shallow=False), path.name
    # A worker loads a bundled rule set from its own installation, whatever the client's path.
    from ssis.rule_set import _load
    loaded = client.run(lambda: _load("/nonexistent/kr", "kr", None).fingerprint)
    assert list(loaded.values()) == [kr.fingerprint, kr.fingerprint]


def same_files(a: Path, b: Path) -> None:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert filecmp.cmp(a / name, b / name, shallow=False), name


RUN_SCRIPT = textwrap.dedent("""
    import logging, sys
    from distributed import Client, LocalCluster
    import ssis, ssis.dask
    if __name__ == "__main__":
        rules = ssis.load("rules/kr")
        with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR) as cluster, \\
                Client(cluster):
            population = ssis.dask.read_csv(sys.argv[1] + "/households-*.csv", sys.argv[1] + "/members-*.csv", rules)
            ssis.dask.evaluate(population, rules, sys.argv[3], sys.argv[2], layout="long")
""")


def test_a_run_killed_half_way_ends_with_the_files_of_an_uninterrupted_one(client, tables, kr, tmp_path) -> None:
    households, members = synthetic_population(1200, seed=5)
    ssis.dask.write_partitioned_csv(households, members, tmp_path / "in", 24)
    complete = ssis.dask.evaluate(population(tmp_path, kr), kr, DATE, tmp_path / "complete")
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-c", RUN_SCRIPT, str(tmp_path / "in"), str(out), DATE], cwd=ROOT,
                           start_new_session=True, env=os.environ)
    deadline = time.monotonic() + 120
    while len(list(out.glob("part-*.json"))) < 4 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    done = len(list(out.glob("part-*.json")))
    assert 4 <= done < 24 and not json.loads((out / "manifest.json").read_text())["complete"]

    again = ssis.dask.evaluate(population(tmp_path, kr), kr, DATE, out)
    assert again.written <= 24 - done
    same_files(complete.directory, out)


class LoseAWorker(WorkerPlugin):
    """Ends the worker process when its second partition task starts, once in the cluster."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.started = 0

    def transition(self, key, start, finish, **kwargs) -> None:
        name = key if isinstance(key, str) else key[0]
        if finish == "executing" and name.startswith("_evaluate_partition"):
            self.started += 1
            if self.started == 2 and not os.path.exists(self.marker):
                Path(self.marker).touch()
                os._exit(1)


def test_a_lost_worker_is_retried_without_duplicated_or_missing_households(client, files, kr, long_run, tmp_path) -> None:
    client.register_worker_plugin(LoseAWorker(str(tmp_path / "lost")), name="lose-a-worker")
    try:
        run = ssis.dask.evaluate(population(files, kr), kr, DATE, tmp_path / "out")
    finally:
        client.unregister_worker_plugin("lose-a-worker")
    assert (tmp_path / "lost").exists()
    same_files(long_run.directory, run.directory)


def test_a_directory_of_another_run_is_refused(client, files, kr, long_run) -> None:
    with pytest.raises(ValueError, match=r"another run.*\n  date: 2025-09-24 then, 2025-10-01 now"):
        ssis.dask.evaluate(population(files, kr), kr, "2025-10-01", long_run.directory)


def test_an_unreadable_manifest_is_refused(client, files, kr, tmp_path) -> None:
    (tmp_path / "manifest.json").write_text('{"run": {"date"')
    with pytest.raises(ValueError, match=r"overwrite=True to start over:\n  manifest.json cannot be read: "):
        ssis.dask.evaluate(population(files, kr), kr, DATE, tmp_path)
    run = ssis.dask.evaluate(population(files, kr), kr, DATE, tmp_path, layout="wide", overwrite=True)
    assert run.written == PARTITIONS and json.loads((tmp_path / "manifest.json").read_text())["complete"]


def test_a_member_in_another_partition_is_an_input_error(client, files, kr, tmp_path) -> None:
    for path in (files / "in").glob("*-0000[01].csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    moved = (tmp_path / "members-00000.csv").read_text().splitlines()
    (tmp_path / "members-00000.csv").write_text("\n".join(moved[:-1]) + "\n")
    with open(tmp_path / "members-00001.csv", "a") as members:
        members.write(moved[-1] + "\n")
    with pytest.raises(ssis.InputError, match=r"members-00001.csv: data row \d+: household H\d+ is not in .*households-00001.csv"):
        ssis.dask.evaluate(population(tmp_path, kr, "."), kr, DATE, tmp_path / "out")


def test_a_member_without_a_household_id_is_an_input_error(client, files, kr, tmp_path) -> None:
    partition_copy(files, tmp_path)
    lines = (tmp_path / "members-00000.csv").read_text().splitlines()
    lines[4] = "," + lines[4].split(",", 1)[1]
    (tmp_path / "members-00000.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(ssis.InputError, match=r"members-00000.csv: data row 4: no household id"):
        ssis.dask.evaluate(population(tmp_path, kr, "."), kr, DATE, tmp_path / "out")


def test_a_household_in_two_partitions_is_an_input_error(client, files, kr, tmp_path) -> None:
    for path in (files / "in").glob("*-0000[01].csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    first = (tmp_path / "households-00000.csv").read_text().splitlines()[1]
    with open(tmp_path / "households-00001.csv", "a") as households:
        households.write(first + "\n")
    with pytest.raises(ssis.InputError, match=r"household H1 is in .*households-00000.csv, .*households-00001.csv"):
        ssis.dask.evaluate(population(tmp_path, kr, "."), kr, DATE, tmp_path / "out")


@pytest.mark.parametrize("column, cell, expected", [
    ("monthly_rent", "12x", "is not a number"),
    ("has_support_obligor", "yes", "is not true or false"),
    ("has_support_obligor", " true", "is not true or false"),
])
def test_a_cell_of_the_wrong_type_names_file_row_and_column(client, files, kr, tmp_path, column, cell, expected) -> None:
    for path in (files / "in").glob("*-00000.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    lines = (tmp_path / "households-00000.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index(column)] = cell
    lines[3] = ",".join(cells)
    (tmp_path / "households-00000.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(ssis.InputError, match=rf"households-00000.csv: data row 3, column '{column}': '{cell}' {expected}"):
        ssis.dask.evaluate(population(tmp_path, kr, "."), kr, DATE, tmp_path / "out")


def test_boolean_cells_are_read_as_pandas_reads_them(tmp_path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("household_id,flag\nh1,true\nh2,FALSE\nh3,\nh4,1\nh5,0.0\nh6,True\n")
    table = read_table(str(path), {"household_id": "object", "flag": "boolean"})
    assert str(table["flag"].dtype) == "boolean"
    assert table["flag"].tolist() == [True, False, pd.NA, True, False, True]


def test_reverify_on_the_cluster_writes_the_bytes_of_ssis_reverify(client, files, kr, tmp_path) -> None:
    subprocess.run([SSIS, "reverify", "rules/kr", "--households", str(files / "all.csv"), "--benefits",
                    str(files / "benefits.csv"), "--out", str(tmp_path / "cli"), "--date", DATE],
                   cwd=ROOT, check=True, capture_output=True)
    run = ssis.dask.reverify(population(files, kr), str(files / "in/benefits-*.csv"), kr, DATE, tmp_path / "cluster",
                             households_file=str(files / "all.csv"), benefits_file=str(files / "benefits.csv"))
    for name in ("detail.csv", "summary.csv", "report.md"):
        assert (tmp_path / "cli" / name).read_bytes() == (run.directory / name).read_bytes(), name
    detail = pd.read_csv(run.directory / "detail.csv", keep_default_na=False)
    assert {"confirmed", "overpaid", "underpaid", "no_longer_eligible", "blind_spot"} <= set(detail["finding"])

    # As after an interruption: one partition without its record, another without its rows.
    (run.directory / "detail-00002.json").unlink()
    (run.directory / "detail-00004.csv").write_bytes(b"")
    again = ssis.dask.reverify(population(files, kr), str(files / "in/benefits-*.csv"), kr, DATE, tmp_path / "cluster",
                               households_file=str(files / "all.csv"), benefits_file=str(files / "benefits.csv"))
    assert again.written == 2
    for name in ("detail.csv", "summary.csv", "report.md"):
        assert (tmp_path / "cli" / name).read_bytes() == (run.directory / name).read_bytes(), name


def test_reverify_puts_the_errors_where_ssis_reverify_puts_them(client, files, kr, tmp_path) -> None:
    """Bad benefit rows first, then the households, then the benefits of absent households;
    the errors name the partition's benefits file where `ssis reverify` names its one file."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in (files / "in").glob("*"):
        (inputs / path.name).write_bytes(path.read_bytes())
    for i in (0, PARTITIONS - 1):
        with open(inputs / f"benefits-{i:05d}.csv", "a") as benefits:
            benefits.write(f"H1,no_such_programme_{i},1000,2024-01-01,\nH99999{i},basic_pension,1000,2024-01-01,0\n")
    combined = pd.concat([pd.read_csv(inputs / f"benefits-{i:05d}.csv", dtype=str) for i in range(PARTITIONS)])
    combined.to_csv(tmp_path / "benefits.csv", index=False, lineterminator="\n")
    subprocess.run([SSIS, "reverify", "rules/kr", "--households", str(files / "all.csv"), "--benefits",
                    str(tmp_path / "benefits.csv"), "--out", str(tmp_path / "cli"), "--date", DATE],
                   cwd=ROOT, check=True, capture_output=True)
    run = ssis.dask.reverify(population(tmp_path, kr), str(inputs / "benefits-*.csv"), kr, DATE, tmp_path / "cluster",
                             households_file="all.csv", benefits_file="benefits.csv")
    expected = pd.read_csv(tmp_path / "cli/detail.csv", keep_default_na=False)
    actual = pd.read_csv(run.directory / "detail.csv", keep_default_na=False)
    pd.testing.assert_frame_equal(actual.drop(columns="reasons"), expected.drop(columns="reasons"))
    errors = actual[actual["finding"] == "input_error"]
    assert len(errors) == 4 and errors.index[0] == 0 and errors.index[-1] == len(actual) - 1
    assert errors["reasons"].str.contains("benefits-0000[05].csv:").all()
    assert (tmp_path / "cli/summary.csv").read_bytes() == (run.directory / "summary.csv").read_bytes()


def partition_copy(files: Path, directory: Path) -> Path:
    """Partition 0 of the test population, alone, in `directory`."""
    for path in (files / "in").glob("*-00000.csv"):
        (directory / path.name).write_bytes(path.read_bytes())
    return directory


@pytest.mark.parametrize("damage, message", [
    (lambda text: text[:-20], r"households-00000.csv: the last line has no line break: the file was cut short"),
    (lambda text: b"", r"households-00000.csv: empty"),
    (lambda text: text.replace(b"seoul", "s\xe9oul".encode("latin-1"), 1), r"households-00000.csv: not UTF-8"),
    (lambda text: text.replace(b"false\n", b"false,extra\n", 1), r"households-00000.csv: a row .* more fields than the header"),
    (lambda text: text.replace(b"false\n", b"false,extra\n", 2).replace(b",extra", b"", 1),
     r"households-00000.csv: .*Expected 11 fields in line 3, saw 12"),
    (lambda text: text + text.split(b"\n", 2)[1] + b"\n", r"household H1 is in .*households-00000.csv \(2 rows\)"),
    (lambda text: text.replace(b"monthly_rent", b"monthly_rnet", 1), r"households-00000.csv and .*members-00000.csv: .*monthly_rnet"),
])
def test_a_damaged_file_is_an_input_error_naming_it(client, files, kr, tmp_path, damage, message) -> None:
    path = partition_copy(files, tmp_path) / "households-00000.csv"
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(ssis.InputError, match=message):
        ssis.dask.evaluate(population(tmp_path, kr, "."), kr, DATE, tmp_path / "out")


def test_a_byte_order_mark_and_an_empty_partition_are_read(client, files, kr, tmp_path) -> None:
    partition_copy(files, tmp_path)
    path = tmp_path / "households-00000.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    for name in ("households", "members"):
        header = (tmp_path / f"{name}-00000.csv").read_text(encoding="utf-8-sig").split("\n", 1)[0]
        (tmp_path / f"{name}-00001.csv").write_text(header + "\n")
    run = ssis.dask.evaluate(population(tmp_path, kr, "."), kr, DATE, tmp_path / "out")
    assert run.households == 40 and (tmp_path / "out/part-00001.csv").read_text().count("\n") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_partition_that_cannot_be_written_names_the_file_and_the_reason(tables, kr) -> None:
    """A partition's CSV is written on a thread of its own; a failed write still fails the
    partition, naming the file and the reason."""
    from ssis.batch import _columns
    households, members = tables
    with pytest.raises(ValueError, match="/dev/full: write failed: No space left on device"):
        kr._native.write_partition_csv(_columns(households, "households"), _columns(members, "members"), "household_id", DATE,
                                       1, True, "/dev/full")
