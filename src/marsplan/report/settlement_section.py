"""The report's Summary (claims and verdicts) and Settlement sections.

Ten cargo ships and no crew: no run is ever self-sustaining; and a verdict in the Summary links to the
section holding its evidence:

>>> from marsplan.campaign.verdict import Verdict
>>> from marsplan.report.settlement_section import settlement_section, summary_section
>>> from marsplan.scenario import load_scenario
>>> from marsplan.settlement.model import ShipWave, run_campaign
>>> cargo = {"habitat": 0.25, "power": 0.2, "isru": 0.15, "life_support": 0.1, "industry": 0.15,
...          "consumables": 0.15}
>>> result = run_campaign([ShipWave("Cargo 2026", "cargo", 10, 0, 100.0, arrival_month=19, manifest=cargo)],
...                       start_year=2026, years=4, runs=50, seed=1, p_launch=0.0, p_land=0.0,
...                       power_kw_per_t=40 / 6, threshold=0.9, survival_years=4.3)
>>> sc = load_scenario()
>>> section = settlement_section(result, sc)
>>> section.title, "<td>P(self-sustaining by the horizon)</td><td>0.000</td>" in section.body_html
('Settlement', True)
>>> leaves = Verdict(sc.claims[0].text, "supported", "1 of 1 ships leave", margin="7 launches, 18 slots")
>>> summary = summary_section([leaves], sc, {"ships": 21})
>>> summary.title, '<a href="#trajectory">(see trajectory)</a>' in summary.body_html
('Summary', True)
"""

from __future__ import annotations

import html

from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter, MaxNLocator

from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import clear_legend, figure_to_data_uri

__all__ = ["plot_settlement", "settlement_section", "summary_section"]

_COLOURS = {"supported": "#1e8449", "not supported": "#c0392b", "depends": "#b9770e", "marginal": "#6c3483"}


def summary_section(verdicts, scenario, headline: dict) -> Section:
    """Each claim with its verdict, the number that decided it, and a link to the section with the evidence."""
    from marsplan.campaign.claims import EVIDENCE_SECTION

    tests = [c.test for c in scenario.claims]
    rows = "".join(
        f'<tr><td>{html.escape(v.text)}<br><small>{html.escape(v.source)}</small></td>'
        f'<td><span style="color:{_COLOURS.get(v.verdict, "#000")};font-weight:700">{html.escape(v.verdict)}</span>'
        f'<br><small class="margin">{html.escape(v.margin)}</small>'
        + (f'<br><small class="decision">{html.escape(v.decision.text())}</small>' if v.decision else "") + "</td>"
        f"<td>{html.escape(v.evidence)}"
        + (f' <a href="#{EVIDENCE_SECTION[t]}">(see {EVIDENCE_SECTION[t].replace("-", " ")})</a>'
           if t in EVIDENCE_SECTION else "") + "</td></tr>"
        for v, t in zip(verdicts, tests + [""] * (len(verdicts) - len(tests)), strict=False)
    )
    facts = table_html(["headline", "value"], [(k, v) for k, v in headline.items()])
    convention = ("<p><small>Each verdict is decided by one number against a threshold, with the margin's "
                  "uncertainty (two Monte Carlo standard errors, or a stated model uncertainty). A margin inside its "
                  "uncertainty is <b>marginal</b>; a probability claim is supported from P = 0.9, not supported below "
                  "0.1, and depends in between.</small></p>")
    return Section("Summary", f"<p>{html.escape(scenario.campaign.title)}: the public claims, put to the "
                              f"numbers of this report.</p>{convention}<table><thead><tr><th>claim</th>"
                              f"<th>verdict (what decided it)</th>"
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
    clear_legend(axes[0], fontsize=8)
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.xaxis.set_major_formatter(FormatStrFormatter("%d"))
    for ax in axes[2:]:
        ax.set_xlabel("year (end of)")
    fig.suptitle(f"Settlement Monte Carlo: {result.runs} runs, seed {result.seed}", fontsize=10)
    return fig


def settlement_section(result, scenario) -> Section:
    pct = result.year_percentiles()
    h = result.at_horizon()
    rows = [("P(self-sustaining by the horizon)", f"{result.p_self_sustaining:.3f}"),
            ("P(settlement lost)", f"{result.p_lost:.3f}"),
            ("year self-sustaining P10 / P50 / P90", " / ".join(str(pct[k] or "never") for k in ("p10", "p50", "p90"))),
            ("people at the horizon (median, P10-P90)",
             f"{h['people']['p50']:,.0f} ({h['people']['p10']:,.0f}-{h['people']['p90']:,.0f})"),
            ("methane/oxygen made on Mars by the horizon (median)", f"{h['propellant_made_t']['p50']:,.0f} t"),
            ("crew sent / arrived / lost in landings (mean per run)",
             f"{h['crew_sent']['mean']:,.1f} / {h['crew_arrived']['mean']:,.1f} / {h['crew_lost']['mean']:,.1f}")]
    s = scenario.settlement
    text = (f"<p>Self-sustaining means: at least {s.self_sufficiency_threshold:.0%} of the settlement's yearly "
            f"mass needs (oxygen, water and food after recycling, spares for wear) made locally, stocks that "
            f"cover the rest for {s.survival_test_years:g} years if ships stop coming, landed habitat for "
            f"everyone, and at least "
            f"{s.min_population} people (Salotti, Scientific Reports 10, 9700, 2020). Needs per person from "
            f"NASA's Baseline Values and Assumptions Document (Hanford 2004).</p>")
    return Section("Settlement", text + table_html(["quantity", "value"], rows)
                   + figure_html(figure_to_data_uri(plot_settlement(result)),
                                 "Medians (lines) and P10-P90 bands (shaded) over the Monte Carlo runs: the "
                                 "settlement is self-sustaining once the self-sufficiency panel stays above the "
                                 "threshold to the horizon."))
