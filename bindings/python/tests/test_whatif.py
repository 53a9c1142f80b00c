"""Reforms, sweeps, population impact and their charts from Python."""
import decimal
import json
import math

import pandas as pd
import pytest

import ssis
import ssis.plot
from conftest import ROOT

REFORMS = ROOT / "tests/data/reforms"
DAY = "2025-03-01"


@pytest.fixture(scope="module")
def bonus(mini):
    return mini.with_reform(REFORMS / "mini_flat_bonus.yaml")


@pytest.fixture(scope="module")
def couple():
    return json.loads((ROOT / "tests/data/mini_household.json").read_text())


@pytest.fixture(scope="module")
def population(tmp_path_factory):
    path = tmp_path_factory.mktemp("population") / "households.jsonl"
    lines = []
    for i in range(30):
        weight = f'"weight": {1 + i % 3}.5, ' if i % 2 else ""
        lines.append(f'{{"id": "h{i}", "region": "capital", {weight}"members": [{{"birth_date": "1980-01-01", '
                     f'"earned_income": {i * 40000}}}]}}')
    path.write_text("\n".join(lines) + "\n")
    return path


def test_with_reform_changes_outcomes_and_fingerprint(mini, bonus):
    raised = mini.with_reform(REFORMS / "mini_raise_ratio.yaml")
    assert raised.fingerprint != mini.fingerprint
    assert raised.reform.endswith("mini_raise_ratio.yaml")
    household = {"region": "capital", "members": [{"birth_date": "1980-01-01", "earned_income": 800000}]}
    assert mini.evaluate(household, DAY).programme("income_support").status == "ineligible"
    support = raised.evaluate(household, DAY).programme("income_support")
    assert support.status == "eligible" and support.amount == decimal.Decimal(156800)
    assert "flat_bonus" in [p.id for p in bonus.programmes]
    import pickle
    assert pickle.loads(pickle.dumps(raised)).fingerprint == raised.fingerprint


def test_a_bad_reform_raises_rule_error_with_positions(mini):
    with pytest.raises(ssis.RuleError) as error:
        mini.with_reform(REFORMS / "mini_bad.yaml")
    places = {(d.line, d.column) for d in error.value.diagnostics}
    assert (4, 3) in places and (17, 32) in places
    assert all(d.file.endswith("mini_bad.yaml") for d in error.value.diagnostics)


def test_sweep_returns_the_table_with_cliffs(bonus, couple):
    frame = bonus.sweep(couple, {"members[0].earned_income": (0, 1000000, 250000)}, date=DAY)
    assert list(frame["members[0].earned_income"]) == [decimal.Decimal(v) for v in (0, 250000, 500000, 750000, 1000000)]
    assert list(frame["benefits"]) == [decimal.Decimal(v) for v in (1559450, 1309450, 1059450, 509450, 259450)]
    assert list(frame["cliff"]) == [False, False, False, True, False]
    assert frame["cliff_programmes"][3] == "flat_bonus;income_support"
    assert frame["marginal_effective_tax_rate"][3] == decimal.Decimal("2.2")
    assert frame["marginal_effective_tax_rate"][0] is None
    assert list(frame["flat_bonus.status"]) == ["eligible"] * 3 + ["ineligible"] * 2
    assert frame["flat_bonus.amount"][0] == decimal.Decimal(300000)
    assert "taxes" in frame.attrs["net_income_leaves_out"]
    grid = bonus.sweep(couple, {"members[0].earned_income": "0:1000000:500000", "monthly_rent": (0, 100000, 50000)},
                       date=DAY, programmes=False)
    assert len(grid) == 9 and list(grid.columns[:2]) == ["members[0].earned_income", "monthly_rent"]
    assert list(grid["monthly_rent"]) == [decimal.Decimal(v) for v in (0, 0, 0, 50000, 50000, 50000, 100000, 100000, 100000)]


def test_bad_sweeps_raise_input_error_naming_the_path(bonus, couple):
    with pytest.raises(ssis.InputError) as error:
        bonus.sweep(couple, {"members[0].earned_incme": (0, 10, 1)}, date=DAY)
    assert error.value.path == "members[0].earned_incme"
    with pytest.raises(ssis.InputError, match="not FROM:TO:STEP"):
        bonus.sweep(couple, {"members[0].earned_income": "0:10"}, date=DAY)
    with pytest.raises(ValueError):
        bonus.sweep(couple, {}, date=DAY)
    with pytest.raises(TypeError):
        bonus.sweep(couple, {"members[0].earned_income": (0.0, 10, 1)}, date=DAY)


def test_impact_returns_exact_tables_and_writes_files(mini, tmp_path, population):
    raised = mini.with_reform(REFORMS / "mini_raise_ratio.yaml")
    result = mini.impact(raised, population, date=DAY, income=["earned_income"], take_up={"income_support": "0.5"},
                         out=tmp_path / "impact")
    assert result["households_read"] == 30 and result["evaluated"] == 30 and result["input_errors"] == 0
    summary, deciles = result["summary"], result["deciles"]
    support = summary[(summary["level"] == "programme") & (summary["id"] == "income_support")].iloc[0]
    assert support["take_up"] == decimal.Decimal("0.5")
    assert support["gaining"] > 0 and support["losing"] == 0
    assert support["yearly_cost_change"] == support["monthly_cost_change"] * 12
    total = summary[summary["level"] == "total"].iloc[0]
    weights = sum(decimal.Decimal(1) if i % 2 == 0 else decimal.Decimal(1 + i % 3) + decimal.Decimal("0.5") for i in range(30))
    assert total["baseline_eligible"] == weights
    assert sum(deciles["households"]) == weights
    for name in ("summary.csv", "deciles.csv", "detail.csv", "report.md"):
        assert (tmp_path / "impact" / name).stat().st_size > 0
    assert "# Impact of a reform" in result["report"]


def _line(figure, label):
    return next(line for line in figure.axes[0].lines if line.get_label() == label)


def test_cliff_chart_plots_the_sweep_table(bonus, couple, tmp_path):
    frame = bonus.sweep(couple, {"members[0].earned_income": (0, 1000000, 125000)}, date=DAY)
    figure = ssis.plot.cliff_chart(frame)
    x = [float(v) for v in frame["members[0].earned_income"]]
    for label, column in ((ssis.plot.NET_INCOME, "net_income"), (ssis.plot.BENEFITS, "benefits"),
                          (ssis.plot.OWN_INCOME, "own_income")):
        line = _line(figure, label)
        assert list(line.get_xdata()) == x
        assert list(line.get_ydata()) == [float(v) for v in frame[column]]
    cliffs = next(c for c in figure.axes[0].collections if c.get_label() == ssis.plot.CLIFFS)
    marked = frame[frame["cliff"]]
    assert [tuple(p) for p in cliffs.get_offsets()] == [(float(a), float(b)) for a, b in
                                                         zip(marked["members[0].earned_income"], marked["net_income"])]
    assert any("Net income leaves out" in t.get_text() for t in figure.texts)
    png, svg = ssis.plot.save(figure, tmp_path / "cliff")
    assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in open(svg).read(2000)


def test_impact_charts_plot_the_impact_tables(mini, population, tmp_path):
    raised = mini.with_reform(REFORMS / "mini_raise_ratio.yaml")
    result = mini.impact(raised, population, date=DAY, income=["earned_income"])
    figure = ssis.plot.cost_by_ministry_chart(result["summary"])
    rows = ssis.plot.ministry_costs(result["summary"])
    assert len(rows) == 1
    assert [p.get_width() for p in figure.axes[0].patches] == [float(v) for v in rows["yearly_cost_change"]]
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == list(rows["id"])
    figure = ssis.plot.deciles_chart(result["deciles"])
    heights = [p.get_height() for p in figure.axes[0].patches]
    winners = [float(v) for v in result["deciles"]["winners"]]
    losers = [-float(v) for v in result["deciles"]["losers"]]
    assert heights == winners + losers
    for chart in ("ministries", "deciles"):
        png, svg = ssis.plot.save(figure, tmp_path / chart)
        assert math.isfinite(len(open(png, "rb").read())) and open(svg).read().startswith("<?xml")
