"""The study report: which assumptions decide each output, and what it takes to reach the target.

Figures take a study result's ``to_dict()`` data and an optional ``ax``: a tornado chart of total
Sobol' indices with their confidence intervals, Morris mu* against sigma, and the frontier of ships
sent against P(self-sustaining).  The continuous outputs come first; an output whose estimate is
degenerate (:mod:`marsplan.study._indices`) is shown as "degenerate (reason)" with what to change, never
as indices.

The Ishigami function's total indices (0.558, 0.442, 0.244; :mod:`marsplan.study._indices`) as a
tornado, largest at the top, and a two-point frontier against the target probability:

>>> from marsplan.report.study_section import plot_frontier, plot_tornado
>>> ishigami = {"x1": {"S1": 0.314, "ST": 0.558, "ST_conf": 0.08}, "x2": {"S1": 0.442, "ST": 0.442, "ST_conf": 0.04},
...             "x3": {"S1": 0.0, "ST": 0.244, "ST_conf": 0.02}}
>>> ax = plot_tornado(ishigami, "self_sufficiency_horizon")
>>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
('What decides self-sufficiency in the horizon year (mean over runs)', ['x3', 'x2', 'x1'])
>>> ax = plot_frontier([{"launches": 140, "p_self_sustaining": 0.2}, {"launches": 280, "p_self_sustaining": 0.93}],
...                    target=0.9)
>>> [t.get_text() for t in ax.get_legend().get_texts()]
['target P = 0.9']
"""

from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from marsplan import __version__
from marsplan.report.html import Section, figure_html, render_report, table_html
from marsplan.report.output import atomic_write_bytes
from marsplan.report.plots import clear_legend, figure_to_data_uri, separate_labels

__all__ = ["plot_frontier", "plot_morris", "plot_tornado", "study_sections", "verdicts_section",
           "write_study_report"]

_OUTPUT_LABELS = {"self_sufficiency_horizon": "self-sufficiency in the horizon year (mean over runs)",
                  "years_to_self_sustaining": "years to self-sustaining (restricted mean, never = horizon + 1)",
                  "mass_landed_t": "mass landed by the horizon (t)",
                  "p_self_sustaining": "P(self-sustaining by the horizon)", "p_lost": "P(settlement lost)"}
_ORDER = list(_OUTPUT_LABELS)  # continuous outputs first, then the probabilities
_VERDICTS = ["supported", "not supported", "depends"]  # shown first; any other verdict follows


def _label(output: str) -> str:
    return _OUTPUT_LABELS.get(output, output)


def _in_order(sensitivity: dict[str, Any]) -> list[tuple[str, Any]]:
    return sorted(sensitivity.items(), key=lambda kv: _ORDER.index(kv[0]) if kv[0] in _ORDER else len(_ORDER))


def _degenerate_html(output: str, entry: dict[str, Any]) -> str:
    return (f"<p><strong>{html.escape(_label(output))}</strong>: degenerate ({html.escape(entry['reason'])}); "
            f"no indices shown. What to change: {html.escape(entry['advice'])}.</p>")


def _axes(ax: Axes | None, width: float = 7.5, height: float = 4.5) -> Axes:
    return ax if ax is not None else Figure(figsize=(width, height), layout="constrained").add_subplot()


def plot_tornado(indices: dict[str, dict[str, float]], output: str, ax: Axes | None = None) -> Axes:
    """Total Sobol' index of each parameter (bars) with its 95 % interval, largest first."""
    ax = _axes(ax)
    names = sorted(indices, key=lambda n: indices[n]["ST"])
    st = np.array([indices[n]["ST"] for n in names])
    conf = np.array([indices[n]["ST_conf"] for n in names])
    s1 = np.array([indices[n]["S1"] for n in names])
    y = np.arange(len(names))
    ax.barh(y, st, xerr=conf, color="#0072B2", alpha=0.85, label="total (ST), 95 % interval", capsize=3)
    ax.plot(s1, y, "o", color="#E69F00", label="first order (S1)")
    ax.set_yticks(y, names)
    ax.set_xlabel("share of the output's variance")
    ax.set_title(f"What decides {_label(output)}", fontsize=10)
    ax.axvline(0.0, color="0.3", lw=0.6)
    clear_legend(ax, fontsize=8)
    ax.grid(alpha=0.3, axis="x")
    return ax


def plot_morris(indices: dict[str, dict[str, float]], output: str, ax: Axes | None = None) -> Axes:
    """Morris screening: mean absolute elementary effect (mu*, with its 95 % interval) against its spread
    (sigma)."""
    ax = _axes(ax, 6.5, 5.0)
    labels = []
    for name, values in indices.items():
        ax.errorbar(values["mu_star"], values["sigma"], xerr=values.get("mu_star_conf"), fmt="o", color="#0072B2",
                    capsize=2, lw=0.8)
        labels.append(ax.annotate(name, (values["mu_star"], values["sigma"]), xytext=(4, 3),
                                  textcoords="offset points", fontsize=8,
                                  arrowprops={"arrowstyle": "-", "lw": 0.4, "color": "0.55", "shrinkA": 0,
                                              "shrinkB": 3}))
    ax.set_xlabel("mu* (mean absolute effect)")
    ax.set_ylabel("sigma (spread: interactions, non-linearity)")
    ax.set_title(f"Morris screening of {_label(output)}", fontsize=10)
    ax.grid(alpha=0.3)
    ax.margins(y=0.12)
    separate_labels(ax, labels)
    return ax


def plot_frontier(frontier: list[dict[str, Any]], target: float, ax: Axes | None = None) -> Axes:
    """The cheapest campaign for each probability: ships sent against P(self-sustaining)."""
    ax = _axes(ax)
    launches = [f["launches"] for f in frontier]
    p = [f["p_self_sustaining"] for f in frontier]
    ax.step(launches, p, where="post", color="#009E73", lw=1.6)
    ax.plot(launches, p, "o", color="#009E73")
    ax.axhline(target, color="#D55E00", ls="--", lw=1.0, label=f"target P = {target:g}")
    ax.set_xlabel("launches over the campaign (ships and their tankers)")
    ax.set_ylabel("P(self-sustaining by the horizon)")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title("Pareto frontier of the study: fewest launches for each probability", fontsize=10)
    clear_legend(ax, fontsize=8)
    ax.grid(alpha=0.3)
    return ax


def study_sections(data: dict[str, Any]) -> list[Section]:
    """Report sections from a study's ``to_dict()``."""
    params = table_html(["parameter", "path", "low", "high", "kind", "role"],
                        [(p["name"], p["path"], f"{p['low']:g}", f"{p['high']:g}", p["kind"], p["role"])
                         for p in data["parameters"]], caption="Parameters")
    if data.get("common_random_numbers") and data["method"] != "sweep":
        streams = ("The points of one Saltelli block (or Morris trajectory) share their random stream, so the "
                   "difference between them is the parameters' effect, not Monte Carlo noise.")
    else:
        streams = ("Each point draws from its own random stream, so Monte Carlo noise adds a small share "
                   "(about 1/runs) to every index.")
    intro = (f"<p>{data['points']} points of {data['runs_per_point']} Monte Carlo runs each ({data['method']}, "
             f"seed {data['seed']}) on scenario {html.escape(data['scenario'])}. {streams}</p>")
    fixed = data.get("fixed") or {}
    if fixed:
        params += table_html(["path", "value"], [(path, f"{value:g}") for path, value in fixed.items()],
                             caption="Set at every point")
    sections = [Section("Study", intro + params)]
    body = []
    for output, entry in _in_order(data["sensitivity"]):
        if entry["degenerate"]:
            body.append(_degenerate_html(output, entry))
            continue
        indices = entry["indices"]
        first = next(iter(indices.values()))
        if "ST" in first:
            ax = plot_tornado(indices, output)
            caption = ("Bars: total Sobol' index with its 95 % bootstrap interval (an interval reaching zero means "
                       "the parameter does not matter); dots: first-order index.")
        else:
            ax = plot_morris(indices, output)
            caption = "Parameters far to the right decide the output; high up, they act through interactions."
        body.append(figure_html(figure_to_data_uri(ax.figure), caption))
    for output, pairs in (data.get("second_order") or {}).items():
        top = sorted(pairs.items(), key=lambda kv: -abs(kv[1]["S2"]))[:10]
        body.append(table_html(["pair", "S2", "95 % interval"],
                               [(pair, f"{v['S2']:.3f}", f"± {v['S2_conf']:.3f}") for pair, v in top],
                               caption=f"Second-order Sobol' indices of {_label(output)} "
                                       "(the largest ten): what two parameters decide together"))
    if body:
        sections.append(Section("What decides the outputs", "".join(body)))
    frontier = data["frontier"]
    wit = data["what_it_takes"] or {}
    parts = []
    if frontier:
        ax = plot_frontier(frontier, wit.get("target_probability", 0.9))
        parts.append(figure_html(figure_to_data_uri(ax.figure), "Each step is the cheapest point of the study "
                                 "that reaches a higher probability."))
    names = [p["name"] for p in data["parameters"]]
    if wit.get("point") is None:
        parts.append(f"<p>No point of the study reaches P &gt;= {wit.get('target_probability', 0):g}.</p>")
    else:
        parts.append(table_html(["point", "launches", "ships", "P(self-sustaining)", *names],
                                [(wit["point"], f"{wit['launches']:.0f}", f"{wit['ships']:.0f}",
                                  f"{wit['p_self_sustaining']:.2f}",
                                  *(f"{wit[n]:g}" for n in names))],
                                caption=f"What it takes: the cheapest point with P >= {wit['target_probability']:g}"))
    sections.append(Section("What it takes", "".join(parts)))
    if data.get("claims"):
        seen = {v for c in data["claims"].values() for v in c}
        verdicts = _VERDICTS + sorted(seen - set(_VERDICTS))
        sections.append(Section("Claims across the study", table_html(
            ["claim", *verdicts],
            [(text, *(c.get(v, 0) for v in verdicts)) for text, c in data["claims"].items()],
            caption=f"Points of the study (of {data['points']}) at which each verdict holds")))
    return sections


def verdicts_section(data: dict[str, Any]) -> Section:
    """"What decides the verdicts": the plan's small Morris screening, and how small it was."""
    intro = (f"<p>A Morris screening of {len(data['parameters'])} of marsplan's assumptions and failure rates "
             f"({data['points']} points of {data['runs_per_point']} Monte Carlo runs, seed {data['seed']}; "
             "the bundled study <code>city-2046-sensitivity</code> with <code>marsplan study</code> gives Sobol' "
             "indices with intervals). Parameters far to the right move the output most.</p>")
    params = table_html(["parameter", "path", "range"],
                        [(p["name"], p["path"], f"{p['low']:g} to {p['high']:g}") for p in data["parameters"]])
    body = [intro]
    for output, entry in _in_order(data["sensitivity"]):
        if output == "mass_landed_t":
            continue  # not a verdict's measure
        if entry["degenerate"]:
            body.append(_degenerate_html(output, entry))
            continue
        ax = plot_morris(entry["indices"], output)
        body.append(figure_html(figure_to_data_uri(ax.figure), f"Morris mu* and sigma of "
                                f"{_label(output)}: right, decides; up, through interactions."))
    return Section("What decides the verdicts", "".join(body) + params)


def write_study_report(data: dict[str, Any], out_dir: str | Path) -> Path:
    """Write ``out_dir/report.html`` for a study's ``to_dict()`` (atomically)."""
    generated = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    from marsplan.report.plots import report_style

    with report_style():
        sections = study_sections(data)
    page = render_report(f"marsplan study: {data['study']}", f"{data['method']} study of {data['scenario']}",
                         sections, footer={"marsplan": __version__, "generated": generated})
    path = Path(out_dir) / "report.html"
    atomic_write_bytes(path, page.encode("utf-8"))
    return path
