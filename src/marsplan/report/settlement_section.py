"""The report's Summary (claims and verdicts) and Settlement sections."""

from __future__ import annotations

import html

from matplotlib.figure import Figure

from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import figure_to_data_uri

__all__ = ["plot_settlement", "settlement_section", "summary_section"]

_COLOURS = {"supported": "#1e8449", "not supported": "#c0392b", "depends": "#b9770e"}


def summary_section(verdicts, scenario, headline: dict) -> Section:
    rows = "".join(
        f'<tr><td>{html.escape(v.text)}<br><small>{html.escape(v.source)}</small></td>'
        f'<td style="color:{_COLOURS.get(v.verdict, "#000")};font-weight:700">{html.escape(v.verdict)}</td>'
        f"<td>{html.escape(v.evidence)}</td></tr>"
        for v in verdicts
    )
    facts = table_html(["headline", "value"], [(k, v) for k, v in headline.items()])
    return Section("Summary", f"<p>{html.escape(scenario.campaign.title)}: the public claims, put to the "
                              f"numbers of this report.</p><table><thead><tr><th>claim</th><th>verdict</th>"
                              f"<th>evidence</th></tr></thead><tbody>{rows}</tbody></table>{facts}")


def plot_settlement(result, fig=None):
    """P10-P90 bands and medians of population, self-sufficiency, power and mass delivered."""
    fig = fig or Figure(figsize=(10.0, 6.0), layout="constrained")
    axes = fig.subplots(2, 2, sharex=True).ravel()
    series = result.series()
    years = series["year"]
    for ax, key, label in zip(axes, ("population", "self_sufficiency", "power_kw", "mass_delivered_t"),
                              ("people", "share of yearly mass needs made locally", "installed power (kW)",
                               "mass landed, cumulative (t)"), strict=True):
        s = series[key]
        ax.fill_between(years, s["p10"], s["p90"], alpha=0.3, label="P10-P90")
        ax.plot(years, s["p50"], lw=1.6, label="median")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[1].set_ylim(0, 1.05)
    axes[0].legend(fontsize=8)
    for ax in axes[2:]:
        ax.set_xlabel("year (end of)")
    fig.suptitle(f"Settlement Monte Carlo: {result.runs} runs, seed {result.seed}", fontsize=10)
    return fig


def settlement_section(result, scenario) -> Section:
    pct = result.year_percentiles()
    rows = [("P(self-sustaining by the horizon)", f"{result.p_self_sustaining:.3f}"),
            ("P(settlement lost)", f"{result.p_lost:.3f}"),
            ("year self-sustaining P10 / P50 / P90", " / ".join(str(pct[k] or "never") for k in ("p10", "p50", "p90"))),
            ("people at the horizon (median)", f"{float(sorted(result.population[:, -1])[result.runs // 2]):,.0f}"),
            ("methane/oxygen made on Mars by the horizon (median)",
             f"{float(sorted(result.propellant_t[:, -1])[result.runs // 2]):,.0f} t"),
            ("crew sent / arrived / lost in landings (median)",
             f"{result.crew_sent.mean():,.0f} / {float(sorted(result.crew_arrived)[result.runs // 2]):,.0f} / "
             f"{float(sorted(result.crew_lost)[result.runs // 2]):,.0f}")]
    s = scenario.settlement
    text = (f"<p>Self-sustaining means: at least {s.self_sufficiency_threshold:.0%} of the settlement's yearly "
            f"mass needs (oxygen, water and food after recycling, spares for wear) made locally, stocks that "
            f"cover the rest for {s.survival_test_years:g} years if ships stop coming, landed habitat for "
            f"everyone, and at least "
            f"{s.min_population} people (Salotti, Scientific Reports 10, 9700, 2020). Needs per person from "
            f"NASA's Baseline Values and Assumptions Document (Hanford 2004).</p>")
    return Section("Settlement", text + table_html(["quantity", "value"], rows)
                   + figure_html(figure_to_data_uri(plot_settlement(result)),
                                 "Medians and P10-P90 bands over the Monte Carlo runs."))
