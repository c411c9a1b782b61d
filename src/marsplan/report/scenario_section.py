"""Report sections about the scenario itself: its facts and missions, and the bodies at its key dates.

The bundled scenario's first key date: Mars is 1.316 au from the Earth, and light takes
1.316 x 499.0 s = 10.9 minutes to cross (one au of light is 499.0 s):

>>> from marsplan.astro.ephemeris import load
>>> from marsplan.campaign.trajectory import milestone_rows
>>> from marsplan.report.scenario_section import ephemeris_section, scenario_section
>>> from marsplan.scenario import load_scenario
>>> sc = load_scenario()
>>> facts = scenario_section(sc)
>>> facts.title, facts.body_html.count("<table"), "Partner reactor" in facts.body_html
('Scenario', 3, True)
>>> rows = milestone_rows(sc, load())
>>> rows[0]["name"], rows[0]["date"], round(rows[0]["distance_au"], 3), round(rows[0]["light_time_min"], 1)
('Cargo departs', '2026-11-15', 1.316, 10.9)
>>> ephemeris_section(sc, load(), rows[:2]).body_html.count("<img")
1
"""

from __future__ import annotations

import html
from typing import Any

from marsplan.astro import ephemeris as _ephemeris
from marsplan.astro.frames import icrf_to_ecliptic
from marsplan.astro.time import utc_to_tdb_jd
from marsplan.astro.tracks import orbit_tracks
from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import figure_to_data_uri, plot_orbits
from marsplan.scenario import Scenario

__all__ = ["ephemeris_section", "scenario_section"]


def scenario_section(scenario: Scenario) -> Section:
    c = scenario.campaign
    facts = table_html(
        ["field", "value"],
        [
            ("name", c.name),
            ("origin -> destination", f"{c.origin} -> {c.destination}"),
            ("span", f"{c.start} to {c.end} ({c.horizon_years} years)"),
            ("seed", c.seed),
            ("power site", scenario.power.site),
            ("base load", f"{scenario.power.base_load_kw:g} kW"),
            ("alternative to fission", scenario.power.alternative),
        ],
    )
    missions = table_html(
        ["mission", "window", "kind", "ships", "crew/ship", "payload/ship (t)", "note"],
        [(m.name, m.opportunity, m.kind, m.ships, m.crew_per_ship, f"{m.payload_t_per_ship:g}", m.note)
         for m in scenario.missions],
        caption="Missions",
    )
    reactor = ""
    r = scenario.power.partner_reactor
    if r is not None:
        reactor = table_html(
            ["reactor", "power (kWe)", "mass (kg)", "lifetime (years)", "availability", "source"],
            [(r.name, f"{r.power_kwe:g}", f"{r.mass_kg:g}", f"{r.lifetime_years:g}", f"{r.availability:g}", r.source)],
            caption="Partner reactor",
        )
    desc = f"<p>{html.escape(c.description.strip())}</p>" if c.description.strip() else ""
    return Section("Scenario", desc + facts + missions + reactor)


def ephemeris_section(scenario: Scenario, eph: _ephemeris.Ephemeris,
                       milestones: list[dict[str, Any]]) -> Section:
    c = scenario.campaign
    start_jd = float(utc_to_tdb_jd(c.start.isoformat()))
    # one orbit of the slower body is enough to draw both orbits closed
    tracks = orbit_tracks([c.origin, c.destination], start_jd, start_jd + 700.0, step_days=2.0, ephemeris=eph)
    markers = [
        {
            "label": f"{m['name']} ({m['date']})",
            "positions": {
                c.origin: tuple(icrf_to_ecliptic(m["origin_r_km"])[:2]),
                c.destination: tuple(icrf_to_ecliptic(m["destination_r_km"])[:2]),
            },
        }
        for m in milestones
    ]
    ax = plot_orbits(tracks, markers, title=f"{c.origin.title()} and {c.destination.title()} at the key dates")
    uri = figure_to_data_uri(ax.figure)
    fig = figure_html(uri, f"Heliocentric orbits from {eph.name} seen from ecliptic north; "
                           "numbered dots are the bodies' positions at the scenario's key dates.")
    table = table_html(
        ["#", "key date", "date (UTC)", f"{c.origin}-{c.destination} distance (au)", "one-way light time (min)",
         "note"],
        [(i, m["name"], m["date"], f"{m['distance_au']:.3f}", f"{m['light_time_min']:.1f}", m["note"])
         for i, m in enumerate(milestones, start=1)],
        caption="Key dates",
    )
    return Section("Ephemeris", fig + table)
