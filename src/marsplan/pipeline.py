"""The main job: run the whole chain on a scenario and write the report.

``plan(scenario, out_dir)`` is what ``marsplan plan`` calls.  It computes
every section's data first, then renders, then writes ``report.html`` and
``summary.json`` into a temporary directory that replaces ``out_dir`` only
when everything succeeded.
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from marsplan import __version__
from marsplan.astro import ephemeris as _ephemeris
from marsplan.astro.frames import icrf_to_ecliptic
from marsplan.astro.time import utc_to_tdb_jd
from marsplan.astro.tracks import AU_KM, orbit_tracks
from marsplan.jsonio import strict_json
from marsplan.power import LoadProfile, analyse
from marsplan.report.fleet_section import fleet_section
from marsplan.report.html import Section, figure_html, render_report, table_html
from marsplan.report.output import atomic_output_dir, check_output_dir
from marsplan.report.plots import figure_to_data_uri, plot_orbits
from marsplan.report.power_section import power_section
from marsplan.report.settlement_section import settlement_section, summary_section
from marsplan.report.trajectory_section import trajectory_section
from marsplan.scenario import Scenario, load_scenario
from marsplan.settlement import settle, settle_json
from marsplan.settlement.claims import check_claims
from marsplan.trajectory.campaign import campaign_trajectory
from marsplan.vehicles.fleet import payload_c3_curves, plan_fleet, refilled_ship

__all__ = ["plan", "PlanResult"]

LIGHT_SPEED_KM_S = 299_792.458


class PlanResult(dict):
    """The summary (also written as summary.json), plus ``out_dir``."""

    out_dir: Path


def _milestone_rows(scenario: Scenario, eph: _ephemeris.Ephemeris) -> list[dict[str, Any]]:
    if not scenario.milestones:
        return []
    jd = utc_to_tdb_jd([m.date.isoformat() for m in scenario.milestones])
    origin = eph.state(scenario.campaign.origin, jd).r_km
    target = eph.state(scenario.campaign.destination, jd).r_km
    dist_km = np.linalg.norm(target - origin, axis=-1)
    rows = []
    for i, m in enumerate(scenario.milestones):
        rows.append({
            "name": m.name,
            "date": m.date.isoformat(),
            "note": m.note,
            "tdb_jd": float(jd[i]),
            "origin_r_km": origin[i].tolist(),
            "destination_r_km": target[i].tolist(),
            "distance_au": float(dist_km[i] / AU_KM),
            "light_time_min": float(dist_km[i] / LIGHT_SPEED_KM_S / 60.0),
        })
    return rows


def scenario_power(sc: Scenario, fleet_plan):
    """The scenario's power analysis: base load plus the ISRU plant for the return propellant.

    Unless the scenario sets ``isru_t_per_year``, the plant makes one returning ship's propellant
    per synodic period (2.135 Earth years).
    """
    from marsplan.vehicles.isru import isru_load_kw

    p = sc.power
    isru_t = p.isru_t_per_year
    ret = fleet_plan.return_dict()
    if isru_t is None:
        isru_t = (ret["propellant_isru_t"] / 2.135) if ret else 0.0
    isru_kw = isru_load_kw(isru_t, refilled_ship(sc.fleet, sc).ship.mixture_ratio)
    return analyse(p.site, LoadProfile(p.base_load_kw, isru_kw), runs=p.runs, seed=sc.campaign.seed,
                   reactor=p.partner_reactor)


def _scenario_section(scenario: Scenario) -> Section:
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


def _ephemeris_section(scenario: Scenario, eph: _ephemeris.Ephemeris,
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


def plan(scenario: Scenario | str | Path | None = None, out_dir: str | Path = "marsplan-report", *,
         ephemeris: str | Path | _ephemeris.Ephemeris | None = None,
         progress: Callable[[str], None] | None = None, cache: bool = True) -> PlanResult:
    """Run the chain on ``scenario`` (object, path or bundled name) and write the report.

    Returns the summary written to ``out_dir/summary.json``.  ``cache=False`` recomputes the window
    surveys instead of reading them from the disk cache (:mod:`marsplan.trajectory.cache`).
    """
    step = progress or (lambda _msg: None)
    step("Loading scenario")
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    check_output_dir(out_dir)
    eph = ephemeris if isinstance(ephemeris, _ephemeris.Ephemeris) else _ephemeris.load(ephemeris)
    step("Ephemeris")
    milestones = _milestone_rows(sc, eph)
    traj = campaign_trajectory(sc, ephemeris=eph, progress=step, cache=cache)
    step("Fleet")
    fleet_plan = plan_fleet(sc, traj)
    c3_grid = np.linspace(0.0, 60.0, 121)
    curves = payload_c3_curves(sc, c3_grid)
    step("Power")
    power = scenario_power(sc, fleet_plan)
    step("Settlement")
    settlement = settle(sc, traj)
    verdicts = check_claims(sc, traj, fleet_plan, refilled_ship(sc.fleet, sc), power, settlement)
    step("Drawing figures")
    headline = {
        "ships / launches (with tankers)": f"{fleet_plan.ships} / {fleet_plan.launches_total}",
        "P(self-sustaining by the horizon)": f"{settlement.p_self_sustaining:.2f}",
        "P(settlement lost)": f"{settlement.p_lost:.2f}",
    }
    sections = [summary_section(verdicts, sc, headline), _scenario_section(sc), trajectory_section(traj, sc),
                fleet_section(fleet_plan, sc, curves, c3_grid), power_section(power, sc),
                settlement_section(settlement, sc), _ephemeris_section(sc, eph, milestones)]
    summary = PlanResult(
        marsplan_version=__version__,
        scenario=sc.name,
        title=sc.campaign.title,
        span={"start": sc.campaign.start.isoformat(), "end": sc.campaign.end.isoformat()},
        ephemeris={"name": eph.name, "frame": eph.frame, "center": "sun", "file": str(eph.path)},
        missions=[m.model_dump() for m in sc.missions],
        milestones=milestones,
        trajectory=traj.to_dict(),
        fleet=fleet_plan.to_dict(),
        power=power.to_dict(),
        settlement=settle_json(sc, settlement),
        claims=[v.to_dict() for v in verdicts],
    )
    step("Writing report")
    generated = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = render_report(
        f"marsplan: {sc.campaign.title}",
        f"Scenario {sc.name}, {sc.campaign.start} to {sc.campaign.end}",
        sections,
        footer={"marsplan": __version__, "ephemeris": eph.name, "generated": generated},
    )
    with atomic_output_dir(out_dir) as tmp:
        (tmp / "report.html").write_text(page, encoding="utf-8")
        (tmp / "summary.json").write_text(strict_json(summary) + "\n", encoding="utf-8")
    summary.out_dir = Path(out_dir)
    return summary
