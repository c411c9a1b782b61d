"""The report's Trajectory section.

One cargo ship in the 2026 window: its row of the chosen departures (C3 9.18 km^2/s^2, 3.63 km/s from
a 250 km orbit, entering Mars's atmosphere at 5.63 km/s), the windows both ways, the survey timeline and the
window's porkchop:

>>> import re
>>> from marsplan.campaign.trajectory import campaign_trajectory
>>> from marsplan.report.trajectory_section import trajectory_section
>>> from marsplan.scenario import parse_scenario
>>> sc = parse_scenario('''
... [campaign]
... name = "one-ship"
... title = "One cargo Starship in the 2026 window"
... start = "2026-09-01"
... horizon_years = 1
... [[missions]]
... name = "Cargo 2026"
... opportunity = 2026
... kind = "cargo"
... ships = 1
... ''')
>>> section = trajectory_section(campaign_trajectory(sc, cache=False), sc)
>>> re.findall("<caption>([^<]*)</caption>", section.body_html), section.body_html.count("<img")
(['Chosen departures', 'Earth → Mars windows', 'Return windows, Mars → Earth'], 2)
>>> "<td>9.18</td><td>2.72</td><td>+23.7</td><td>3.63 (entry 5.63 km/s)</td>" in section.body_html
True
"""

from __future__ import annotations

import html

from marsplan.astro.time import tdb_jd_to_iso
from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import figure_to_data_uri
from marsplan.report.trajectory_plots import plot_porkchop, plot_survey, porkchop_levels

__all__ = ["trajectory_section"]


def _survey_table(survey, caption: str) -> str:
    rows = []
    for op in survey:
        best = op.best()
        span = op.below_threshold
        opened = (f"{tdb_jd_to_iso(span[0], unit='D')} to {tdb_jd_to_iso(span[1], unit='D')}"
                  if span else f"never below {survey.max_c3:g}")
        if best is None:
            rows.append((op.label, "-", "-", "-", "-", "-", "-", "-", opened))
            continue
        rows.append((op.label, best.type, best.departure[:10], best.arrival[:10], f"{best.tof_days:.0f}",
                     f"{best['c3_km2_s2']:.2f}", f"{best['vinf_arrival_km_s']:.2f}", f"{best['dla_deg']:+.1f}",
                     opened))
    return table_html(["window", "type", "departure", "arrival", "TOF (d)", "min C3 (km²/s²)", "v∞ arrival (km/s)",
                       "DLA (deg)", f"C3 ≤ {survey.max_c3:g} for departures"], rows, caption=caption)


def _free_return_table(rows: list[dict]) -> str:
    out = []
    for r in rows:
        flybys = ", ".join(f"{f['body'].title()} {f['utc'][:10]} ({f['altitude_km']:,.0f} km)" for f in r["flybys"])
        if r["ballistic"]:
            out.append((r["mission"], r["family"], r["launch_utc"][:10], f"{r['c3_km2_s2']:.1f}", flybys,
                        f"{r['duration_days']:.0f}", f"{r['entry_speed_km_s']:.2f}"))
        else:
            out.append((r["mission"], r["family"], "-", "-", f"none: the best needs {r['flyby_dv_km_s'] * 1000:,.0f} "
                        "m/s at its flybys", "-", "-"))
    return table_html(["crew mission", "family", "launch", "C3 (km²/s²)", "flybys (altitude)", "days",
                       "Earth entry (km/s)"], out,
                      caption="Free returns near the crews' departures (back to Earth without a burn)")


def _crew_table(crew: list) -> str:
    rows = []
    for w in crew:
        abort = w["abort"]
        rows.append((w["mission"], w["departure_utc"][:10], (w["return_arrival_utc"] or "-")[:10],
                     f"{w['dose_msv']:,.0f} ({w['dose_p05_msv']:,.0f}-{w['dose_p95_msv']:,.0f})",
                     f"{w['p_within_nasa_600']:.2f} / {w['p_within_esa_roscosmos_csa_1000']:.2f}",
                     f"{w['mars_entry_km_s']:.2f}", "-" if w["earth_entry_km_s"] is None else
                     f"{w['earth_entry_km_s']:.2f}",
                     "none within limits" if abort is None else f"{abort['kind']} {abort['launch_utc'][:10]}, "
                     f"{abort['duration_days']:.0f} d, entry {abort['entry_speed_km_s']:.2f} km/s",
                     w["verdict"]))
    return table_html(["crew", "leaves", "home", "dose mSv (5-95 %)", "P(≤600) / P(≤1000 mSv)",
                       "Mars entry (km/s)", "Earth entry (km/s)", "abort", "verdict"], rows,
                      caption="The crews: dose of the mission, entry speeds and abort")


def trajectory_section(traj, scenario, ephemeris_name: str = "DE440", free_returns: list | None = None,
                       crew: list | None = None) -> Section:
    c = scenario.campaign
    parts = [f"<p>Ballistic transfers between {html.escape(c.origin.title())} and "
             f"{html.escape(c.destination.title())} on JPL {html.escape(ephemeris_name)} ephemerides "
             f"(patched conics, Lambert arcs "
             f"solved with Izzo's algorithm), times of flight {scenario.trajectory.tof_days_min:g} to "
             f"{scenario.trajectory.tof_days_max:g} days. A window is open while some flight time keeps the "
             f"departure C3 at or below {scenario.trajectory.max_c3_km2_s2:g} km²/s². Arrival at "
             f"{html.escape(c.destination.title())} by {scenario.trajectory.capture}.</p>"]
    rows = []
    for d in traj.departures:
        p = d.point
        if p is None:
            rows.append((d.mission, d.kind, d.requested_opportunity, "-", "-", "-", "-", "-", "-", "-", "-", d.note))
            continue
        entry = p["entry_speed_km_s"]
        rows.append((d.mission, d.kind, d.opportunity, p.departure[:10], p.arrival[:10], f"{p.tof_days:.0f}",
                     p.type, f"{p['c3_km2_s2']:.2f}", f"{p['vinf_arrival_km_s']:.2f}", f"{p['dla_deg']:+.1f}",
                     f"{p['dv_total_km_s']:.2f}" + (f" (entry {entry:.2f} km/s)" if entry == entry else ""),
                     d.note))
    parts.append(table_html(["mission", "kind", "window", "departure", "arrival", "TOF (d)", "type",
                             "C3 (km²/s²)", "v∞ arrival (km/s)", "DLA (deg)", "Δv from LEO (km/s)", "choice"],
                            rows, caption="Chosen departures"))
    if free_returns:
        parts.append(_free_return_table(free_returns))
        parts.append("<p>Each crew's launch window (60 days either side of its chosen departure) searched for "
                     "free returns of each family: Mars and back in about 1.4 years (Inspiration Mars's), about "
                     "2.5 years, and with Venus before or after Mars; flybys ballistic within 5 m/s, at least 200 "
                     "km up (<code>marsplan freereturn</code>).</p>")
    if crew:
        parts.append(_crew_table(crew))
        parts.append("<p>Each crew's dose over its whole mission (out, the stay until the first return window, "
                     "back): galactic cosmic rays over the solar cycle, calibrated on MSL's RAD in cruise and at "
                     "Gale crater, and solar particle events drawn at random, with the model's uncertainty "
                     "(<code>marsplan crew</code>; sources in <code>marsplan/data/crew.toml</code>). Career "
                     "limits: NASA 600 mSv, ESA, Roscosmos and CSA 1,000 mSv. Entry limits: Starship's 7.5 km/s "
                     "at Mars; Stardust's 12.9 km/s, the fastest return to Earth, for the return and an "
                     "abort.</p>")
    parts.append(_survey_table(traj.outbound, f"{c.origin.title()} → {c.destination.title()} windows"))
    parts.append(figure_html(figure_to_data_uri(plot_survey(traj.outbound).figure),
                             "Lowest C3 of each departure day, type I and II, and each window's lowest "
                             "arrival v∞ (red diamonds, right axis): the dips, one every 26 months, are the "
                             "windows."))
    parts.append(_survey_table(traj.inbound, f"Return windows, {c.destination.title()} → {c.origin.title()}"))
    levels = porkchop_levels(list(traj.porkchops.values()))  # one colour scale: windows compare by eye
    for label, ds in traj.porkchops.items():
        ax = plot_porkchop(ds, traj.optima.get(label, ()), levels=levels)
        parts.append(figure_html(figure_to_data_uri(ax.figure),
                                 f"The {label} window: porkchop of departure C3 with type I and II minima; the "
                                 "brightest (yellow) region is where to leave; red lines are arrival v∞ (km/s). "
                                 "Every window's porkchop shares one colour scale."))
    return Section("Trajectory", "".join(parts))
