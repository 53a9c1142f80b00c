"""Loading rule sets, and the diagnostics of rule sets that do not load."""
import pytest

import ssis
from conftest import ROOT


def test_load_reports_identity(mini):
    assert mini.id == "mini"
    assert mini.currency == "KRW"
    assert mini.fingerprint.startswith("sha256:") and len(mini.fingerprint) == len("sha256:") + 64
    assert mini.path.endswith("tests/data/mini")
    assert mini.warnings == ()


def test_rule_error_carries_every_diagnostic():
    with pytest.raises(ssis.RuleError) as caught:
        ssis.load(ROOT / "tests/golden/type_errors/rules")
    error = caught.value
    assert isinstance(error, Exception)
    codes = [(d.code, d.line, d.column) for d in error.diagnostics]
    assert codes == [("E040", 5, 14), ("E040", 11, 18), ("E021", 13, 28), ("E041", 15, 18), ("E040", 17, 18), ("E040", 19, 14)]
    first = error.diagnostics[0]
    assert first.file.endswith("programme.yaml")
    assert first.message == "money + decimal is not meaningful"
    assert first.name == "type-mismatch" and first.severity == "error"


def test_rule_error_str_is_the_formatted_report(monkeypatch):
    case = ROOT / "tests/golden/type_errors"
    monkeypatch.chdir(case)
    with pytest.raises(ssis.RuleError) as caught:
        ssis.load("rules")
    # What `ssis check rules` prints there (expected.txt adds a count and the exit status).
    expected = (case / "expected.txt").read_text().removesuffix("rules: 6 error(s); the rule set was not loaded\nexit 1\n")
    assert str(caught.value) == expected


def test_missing_directory_is_a_rule_error(tmp_path):
    with pytest.raises(ssis.RuleError) as caught:
        ssis.load(tmp_path / "absent")
    assert caught.value.diagnostics[0].code == "E001"
