"""The rule sets bundled with the package, loaded by name (ssis/bundled.py), and the version."""
import os
import pickle
import re
import shutil

import pytest

import ssis
from ssis.rule_set import _load
from conftest import DATE, ROOT


def test_the_version_is_the_cmake_projects() -> None:
    cmake = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    assert ssis.__version__ == re.search(r"project\(ssis VERSION ([0-9.]+)", cmake).group(1)


def test_the_repositorys_rule_sets_are_bundled() -> None:
    assert ssis.bundled_rule_sets() == ("kr", "vn")


@pytest.mark.parametrize("name", ["kr", "vn"])
def test_a_bundled_rule_set_loads_by_name_as_by_path(name: str) -> None:
    by_name, by_path = ssis.load(name), ssis.load(ROOT / "rules" / name)
    assert by_name.bundled == name and by_path.bundled is None
    assert by_name.fingerprint == by_path.fingerprint
    assert [p.id for p in by_name.programmes] == [p.id for p in by_path.programmes]


def test_an_existing_directory_is_never_taken_for_a_name(tmp_path, monkeypatch) -> None:
    shutil.copytree(ROOT / "tests/data/mini", tmp_path / "kr")
    monkeypatch.chdir(tmp_path)
    rules = ssis.load("kr")
    assert rules.bundled is None and rules.fingerprint == ssis.load(ROOT / "tests/data/mini").fingerprint


def test_an_unknown_name_is_a_rule_error_naming_it(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ssis.RuleError, match="xx"):
        ssis.load("xx")


def test_a_bundled_rule_set_pickles_as_its_name() -> None:
    kr = ssis.load("kr")
    assert pickle.loads(pickle.dumps(kr)).bundled == "kr"
    # The recorded path does not matter: another installation loads its own copy.
    elsewhere = _load(os.path.join("/nonexistent", "kr"), "kr", None)
    assert elsewhere.fingerprint == kr.fingerprint


def test_a_reform_of_a_bundled_rule_set_stays_bundled() -> None:
    reform = ROOT / "examples/reforms/kr_livelihood_ratio_35.yaml"
    reformed = ssis.load("kr").with_reform(reform)
    assert reformed.bundled == "kr" and reformed.reform == str(reform)
    assert reformed.fingerprint == ssis.load(ROOT / "rules/kr", reform).fingerprint
    assert pickle.loads(pickle.dumps(reformed)).fingerprint == reformed.fingerprint


def test_an_evaluation_with_a_bundled_rule_set(example_households) -> None:
    household = next(iter(example_households.values()))
    by_name = ssis.load("kr").evaluate(household, DATE)
    by_path = ssis.load(ROOT / "rules/kr").evaluate(household, DATE)
    assert [(p.id, p.status, p.amount) for p in by_name.programmes] == \
        [(p.id, p.status, p.amount) for p in by_path.programmes]
