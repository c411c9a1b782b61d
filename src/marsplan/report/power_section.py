"""The report's Power section: sizing bars, a year of power balance, a global dust storm."""

from __future__ import annotations

import html

import numpy as np
from matplotlib.figure import Figure

from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import figure_to_data_uri

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
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, axis="x")
    return ax


def plot_power_year(analysis, traces: dict, title: str, fig=None):
    """For each family: generation, served load (top) and state of charge (bottom) over a year, by day."""
    fig = fig or Figure(figsize=(10.0, 5.5), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    for family, series in analysis.daily(traces).items():
        gen, served, soc = series["generated_kw"], series["served_kw"], series["storage_min_kwh"]
        line = top.plot(np.maximum(gen, 0.1), lw=1.0, label=f"{family}: generated")[0]
        top.plot(np.maximum(served, 0.1), lw=1.0, ls="--", color=line.get_color())
        bottom.plot(soc, lw=1.0, color=line.get_color(), label=family)
    top.axhline(analysis.load.mean_kw, color="k", lw=0.8, ls=":", label="mean load")
    top.set_ylabel("daily mean (kW); dashed: served")
    top.set_yscale("log")
    top.legend(fontsize=7, ncol=2)
    top.set_title(title, fontsize=10)
    bottom.set_ylabel("lowest storage (kWh)")
    bottom.set_xlabel("sol of the Mars year (from Ls 0)" if analysis.site.body == "mars" else "day of 12 lunations")
    bottom.legend(fontsize=7)
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    return fig


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
    parts.append(figure_html(figure_to_data_uri(plot_sizing(analysis).figure), "Delivered mass by family."))
    if analysis.site.body == "mars":
        parts.append(figure_html(figure_to_data_uri(plot_power_year(
            analysis, analysis.clear_traces, "A year without a global storm")),
            "Power balance and storage over a Mars year with regional storms only."))
        parts.append(figure_html(figure_to_data_uri(plot_power_year(
            analysis, analysis.storm_traces, "A year with a 2018-like global dust storm (peak tau 10.8 at Ls 185)")),
            "What a planet-encircling storm does to each family: generation collapses for weeks."))
    else:
        parts.append(figure_html(figure_to_data_uri(plot_power_year(analysis, analysis.clear_traces,
                                                                    "Twelve lunations")), "Power balance."))
    return Section("Power", "".join(parts))

