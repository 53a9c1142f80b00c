"""Charts of sweeps and of population impact, drawn with matplotlib on its Agg canvas
(no window, no pyplot state): the cliff chart, cost by ministry, winners and losers by
income decile. Each function returns a matplotlib Figure; :func:`save` writes it as PNG
and SVG. The values plotted are those of the table given, converted to float.
"""
from __future__ import annotations

import os
import textwrap
from typing import Any, Mapping, Optional, Tuple

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

NET_INCOME = "net income"
BENEFITS = "benefits"
OWN_INCOME = "own income"
CLIFFS = "cliffs"


def _figure(width: float = 9.0, height: float = 5.5) -> Tuple[Figure, Any]:
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _floats(values: pd.Series) -> list:
    return [float("nan") if v is None else float(v) for v in values]


def sweep_line(sweep: pd.DataFrame, at: Optional[Mapping[str, Any]] = None) -> pd.DataFrame:
    """The rows of a sweep along its first input: all of them for one input; for a grid, those
    where the other inputs take the values in `at` (by default their first values)."""
    axes = sweep.attrs.get("axes") or [sweep.columns[0]]
    rows = sweep
    for other in axes[1:]:
        value = (at or {}).get(other, sweep[other].iloc[0])
        rows = rows[rows[other] == value]
    if rows.empty:
        raise ValueError(f"no point of the sweep has {dict(at or {})}")
    return rows


def cliff_chart(sweep: pd.DataFrame, at: Optional[Mapping[str, Any]] = None, title: Optional[str] = None) -> Figure:
    """Benefits, own income and net income per month against the first varied input of a
    sweep (RuleSet.sweep), with each cliff marked and named by the programme that causes
    it most, and what net income leaves out written under the chart."""
    rows = sweep_line(sweep, at)
    axis = (sweep.attrs.get("axes") or [sweep.columns[0]])[0]
    x = _floats(rows[axis])
    figure, ax = _figure()
    ax.plot(x, _floats(rows["net_income"]), label=NET_INCOME, color="tab:blue", linewidth=2)
    ax.plot(x, _floats(rows["benefits"]), label=BENEFITS, color="tab:green")
    ax.plot(x, _floats(rows["own_income"]), label=OWN_INCOME, color="tab:gray", linestyle="--")
    cliffs = rows[rows["cliff"]]
    if not cliffs.empty:
        ax.scatter(_floats(cliffs[axis]), _floats(cliffs["net_income"]), label=CLIFFS, color="tab:red", zorder=3)
        for _, row in cliffs.iterrows():
            responsible = row["cliff_programmes"].split(";")[0]
            ax.annotate(responsible, (float(row[axis]), float(row["net_income"])), textcoords="offset points",
                        xytext=(4, 8), fontsize=7, color="tab:red")
    ax.set_xlabel(axis)
    ax.set_ylabel("per month")
    ax.set_title(title or f"Benefits and net income as {axis} varies")
    ax.legend(loc="best")
    ax.grid(alpha=0.3)
    leaves_out = sweep.attrs.get("net_income_leaves_out", "")
    if leaves_out:
        figure.text(0.01, 0.005, textwrap.fill("Net income leaves out: " + leaves_out, 150), fontsize=7, va="bottom")
        figure.get_layout_engine().set(rect=(0, 0.06, 1, 0.94))
    return figure


def ministry_costs(summary: pd.DataFrame) -> pd.DataFrame:
    """The ministries of an impact summary whose yearly cost changes, largest change first."""
    rows = summary[(summary["level"] == "ministry") & summary["yearly_cost_change"].map(lambda v: v is not None and v != 0)]
    return rows.sort_values("yearly_cost_change", key=lambda s: s.map(abs), ascending=True)


def cost_by_ministry_chart(summary: pd.DataFrame, title: str = "Change in yearly cost by ministry") -> Figure:
    """Horizontal bars of the change in yearly cost of each ministry whose cost changes,
    from the summary of RuleSet.impact."""
    rows = ministry_costs(summary)
    figure, ax = _figure(9.0, max(2.5, 0.45 * len(rows) + 1.5))
    values = _floats(rows["yearly_cost_change"])
    ax.barh(list(rows["id"]), values, color=["tab:red" if v > 0 else "tab:green" for v in values])
    ax.set_xlabel("yearly cost change (weighted, taken up)")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return figure


def deciles_chart(deciles: pd.DataFrame, title: str = "Winners and losers by income decile") -> Figure:
    """Winners (up) and losers (down), weighted households, per income decile, from the
    deciles of RuleSet.impact."""
    labels = [str(d) for d in deciles["decile"]]
    figure, ax = _figure(9.0, 5.0)
    ax.bar(labels, _floats(deciles["winners"]), label="winners", color="tab:green")
    ax.bar(labels, [-v for v in _floats(deciles["losers"])], label="losers", color="tab:red")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel("income decile")
    ax.set_ylabel("households (weighted)")
    ax.set_title(title)
    ax.legend(loc="best")
    return figure


def save(figure: Figure, path: "str | os.PathLike") -> Tuple[str, str]:
    """Writes `figure` to PATH.png and PATH.svg; returns both paths."""
    base = os.fspath(path)
    written = (base + ".png", base + ".svg")
    figure.savefig(written[0], dpi=120)
    figure.savefig(written[1])
    return written
