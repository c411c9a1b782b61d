"""The report's Power section: sizing bars, a year of power balance, a global dust storm.

A 10 kW load on the lunar equator: the sizing bars split each family's mass into arrays, storage and
reactors (the battery's 4,802 kWh at 150 Wh/kg weigh 32.0 t; two 6 t reactors, 12 t); a lunar site's
section has the sizing chart and one year of twelve lunations:

>>> from marsplan.power.analysis import analyse
>>> from marsplan.power.environments import LoadProfile
>>> from marsplan.report.power_section import plot_sizing, power_section
>>> from marsplan.scenario import load_scenario
>>> moon = analyse("lunar-equator", LoadProfile(10.0), runs=1)
>>> bars = [round(float(bar.get_width()), 1) for bar in plot_sizing(moon).patches]
>>> bars[4:8], bars[8:]                               # storage, then reactors, per family
([32.0, 10.5, 0.0, 0.0], [0.0, 0.0, 12.0, 12.0])
>>> section = power_section(moon, load_scenario())
>>> section.title, section.body_html.count("<img")
('Power', 2)
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import clear_legend, figure_to_data_uri

__all__ = ["plot_power_year", "plot_sizing", "power_section"]


def plot_sizing(analysis, ax=None):
    """Delivered mass of each family, split into arrays, storage and reactors."""
    if ax is None:
        ax = Figure(figsize=(8.0, 4.2), layout="constrained").add_subplot()
    names, arrays, storage, reactors = [], [], [], []
    for s in analysis.families:
        if not s.feasible:
            continue
        names.append(s.family)
        st = s.storage_kwh / s.storage_spec.specific_energy_wh_kg if s.storage_spec and s.storage_kwh else 0.0
        r = s.reactors * s.reactor_spec.mass_kg / 1000 if s.reactor_spec else 0.0
        a = max(s.mass_kg / 1000 - st - r, 0.0)  # the rest of the delivered mass is arrays
        arrays.append(a)
        storage.append(st)
        reactors.append(r)
    y = np.arange(len(names))
    ax.barh(y, arrays, color="#f1c40f", label="arrays")
    ax.barh(y, storage, left=arrays, color="#3498db", label="storage")
    ax.barh(y, reactors, left=np.add(arrays, storage), color="#8e44ad", label="reactors")
    ax.set_yticks(y, names)
    ax.set_xlabel("delivered mass (t)")
    ax.set_title(f"Lightest system of each family: {analysis.load.mean_kw:,.0f} kW at {analysis.site.name}, "
                 f"reliability {analysis.reliability:g}", fontsize=9)
    clear_legend(ax, fontsize=8)
    ax.grid(alpha=0.3, axis="x")
    return ax


_STYLES = ("-", "--", "-.", ":")


def plot_power_year(analysis, traces: dict, title: str, fig=None):
    """What differs between the families over a year, by day: the load left unmet (top, kW) and the
    storage's lowest state of charge (bottom, % of its capacity); families without storage (fission)
    have no bottom line.  Line styles as well as colours tell families apart (greyscale)."""
    fig = fig or Figure(figsize=(10.0, 5.5), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    capacity = {s.family: s.storage_kwh for s in analysis.families}
    load = analysis.load.base_kw
    for n, (family, series) in enumerate(analysis.daily(traces).items()):
        style = _STYLES[n % len(_STYLES)]
        unmet = np.maximum(load - series["served_kw"], 0.0)
        top.plot(unmet, lw=1.4, ls=style, label=family)
        if capacity.get(family, 0.0) > 0:
            bottom.plot(100.0 * series["storage_min_kwh"] / capacity[family], lw=1.4, ls=style, label=family)
    top.set_ylabel("firm load not served (kW,\ndaily mean)")
    top.set_ylim(bottom=0)
    clear_legend(top, fontsize=8, ncol=2, title="family", title_fontsize=8)
    top.set_title(title, fontsize=10)
    bottom.set_ylabel("lowest storage charge\n(% of capacity)")
    bottom.set_ylim(0, 105)
    bottom.set_xlabel("sol of the Mars year (from Ls 0)" if analysis.site.body == "mars" else "day of 12 lunations")
    if bottom.get_legend_handles_labels()[0]:
        clear_legend(bottom, fontsize=8, ncol=2)
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    return fig


def _storm_caption(analysis: Any) -> str:
    """The storm figure's caption, from the simulated storm year itself: how long each family leaves load unmet."""
    parts = []
    for family, result in analysis.storm_results.items():
        hours = float(result.unmet_steps[0]) * analysis.step_h
        unmet = float(result.unmet_kwh[0])
        parts.append(f"{family} {'carries the whole load' if hours == 0 else f'leaves load unmet {hours:,.0f} h'}"
                     + (f" ({unmet / 1000:,.1f} MWh)" if hours else ""))
    return ("A planet-encircling storm, over the simulated storm year: " + "; ".join(parts) + ". The storage "
            "lines show how far each solar family draws its batteries or fuel cells down; fission has none.")


def power_section(analysis, scenario) -> Section:
    data = analysis.to_dict()
    p = scenario.power
    load = analysis.load
    parts = [f"<p>Firm load {load.base_kw:g} kW (life support and habitat) plus a deferrable {load.isru_kw:,.0f} kW "
             f"on average for the ISRU propellant plant, at {html.escape(analysis.site.name)}. The firm load is sized "
             f"for a loss-of-load probability of at most {1 - analysis.reliability:.3g} over {analysis.runs} sampled "
             f"dust years (seed {analysis.seed}); the plant can pause through storms and run at up to "
             f"{load.isru_peak_factor:g} times its mean, and needs its yearly energy on average and at least "
             f"{1 - load.isru_buffer_fraction:.0%} of it in every year (its product store covers the rest). "
             f"'Firm only' is the same family sized without the plant. "
             f"Reactor: {html.escape(p.partner_reactor.name if p.partner_reactor else 'NASA FSP 40 kWe')}."
             f" Surface irradiance from Appelbaum &amp; Flood (1990); storms and solar longitude as documented in "
             f"marsplan.power.</p>"]
    rows = []
    for row in data["families"]:
        firm = row["firm_only"]
        firm_t = "-" if firm is None else ("not feasible" if firm["mass_kg"] is None else
                                           f"{firm['mass_kg'] / 1000:,.1f}")
        if not row["feasible"]:
            rows.append((row["family"], "not feasible", firm_t, "", "", "", "", "", row["note"]))
            continue
        rows.append((row["family"], f"{row['mass_kg'] / 1000:,.1f}", firm_t, f"{row['array_area_m2']:,.0f}",
                     f"{row['storage_kwh']:,.0f}", row["reactors"], f"{row['loss_of_load_probability']:.4f}",
                     f"{(row['worst_storm_unmet_kwh'] or 0) / 1000:,.1f}", row["starship_landings"]))
    parts.append(table_html(["family", "mass with plant (t)", "firm only (t)", "array (m²)", "storage (kWh)",
                             "reactors", "LOLP (firm)", "unmet in a 2018-like storm year (MWh)", "Starship landings"],
                            rows, caption="Sizing comparison"))
    parts.append(figure_html(figure_to_data_uri(plot_sizing(analysis).figure),
                             "Delivered mass by family: the shortest bar is the lightest system carrying the load."))
    if analysis.site.body == "mars":
        parts.append(figure_html(figure_to_data_uri(plot_power_year(
            analysis, analysis.clear_traces, "A year without a global storm")),
            "Look for any family whose unmet load leaves zero (top) or whose storage runs down to empty (bottom): "
            "with regional storms only, every sized family carries the load."))
        parts.append(figure_html(figure_to_data_uri(plot_power_year(
            analysis, analysis.storm_traces, "A year with a 2018-like global dust storm (peak tau 10.8 at Ls 185)")),
            _storm_caption(analysis)))
    else:
        parts.append(figure_html(figure_to_data_uri(plot_power_year(analysis, analysis.clear_traces,
                                                                    "Twelve lunations")),
                                 "Unmet load and storage through the lunar nights."))
    return Section("Power", "".join(parts))

