"""Receipts (version, SHA-256 fingerprint, input hash), what each programme leaves to people
or does not encode, and parameters past their valid_until (docs/audit.md)."""
import datetime
import json
import subprocess
from decimal import Decimal

from conftest import ROOT

import ssis

HOUSEHOLD = {
    "id": "h1",
    "region": "capital",
    "members": [{"birth_date": "1950-01-01", "earned_income": 500000}, {"birth_date": "1955-03-02"}],
}


def test_receipt_is_the_one_the_command_gives(mini, tmp_path):
    outcome = mini.evaluate(HOUSEHOLD, date="2025-06-01")
    assert outcome.version == ""
    assert outcome.fingerprint.startswith("sha256:") and len(outcome.fingerprint) == 7 + 64
    assert outcome.input.startswith("sha256:") and len(outcome.input) == 7 + 64
    path = tmp_path / "household.json"
    path.write_text(json.dumps(HOUSEHOLD))
    command = subprocess.run([str(ROOT / "build/ssis"), "eval", str(ROOT / "tests/data/mini"), str(path), "--format", "json",
                              "--date", "2025-06-01"], capture_output=True, text=True)
    if command.returncode == 0:  # the command is built beside the module
        receipt = json.loads(command.stdout)["receipt"]
        assert receipt == {"rule_set": "mini", "version": "", "fingerprint": outcome.fingerprint, "date": "2025-06-01",
                           "input": outcome.input}
    assert json.loads(outcome.to_json())["receipt"]["input"] == outcome.input


def test_input_hash_ignores_key_order_and_number_spelling(mini):
    reordered = {"members": [{"earned_income": Decimal("500000.0"), "birth_date": datetime.date(1950, 1, 1)}, {"birth_date": "1955-03-02"}],
                 "region": "capital", "id": "h1"}
    assert mini.evaluate(reordered, date="2025-06-01").input == mini.evaluate(HOUSEHOLD, date="2025-06-01").input
    changed = {**HOUSEHOLD, "region": "city"}
    assert mini.evaluate(changed, date="2025-06-01").input != mini.evaluate(HOUSEHOLD, date="2025-06-01").input


def test_left_to_people_and_not_encoded(kr, example_households):
    outcome = kr.evaluate(next(iter(example_households.values())), date="2025-09-24")
    livelihood = outcome.programme("nbls_livelihood")
    info = kr.programme("nbls_livelihood")
    assert livelihood.not_encoded == tuple(info.not_encoded) and livelihood.not_encoded
    assert livelihood.left_to == tuple((c.id, c.decided_by) for c in info.criteria if c.decided_by != "data")
    assert livelihood.stale_parameters == ()
    assert kr.version == "1"


def test_stale_parameters_after_valid_until(kr, example_households):
    household = next(iter(example_households.values()))
    later = kr.evaluate(household, date="2027-01-01")
    stale = [p for p in later.programmes if p.stale_parameters]
    assert stale, "no programme reads standard_median_income"
    assert all(p.stale_parameters == (("standard_median_income", datetime.date(2026, 12, 31)),) for p in stale)
    assert not any(p.stale_parameters for p in kr.evaluate(household, date="2026-12-31").programmes)
