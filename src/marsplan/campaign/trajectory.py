"""The trajectory stage of a campaign: the ephemeris at the key dates, the window surveys, porkchops and
each mission's chosen transfer (crews under their entry-speed, flight-time and C3 limits).

A crew entering at most at Starship's 7.5 km/s less the 0.1 km/s margin may arrive with v_inf up to
sqrt(7.4^2 - 2 x 42828.4 / 3521.19) = 5.52 km/s; one cargo ship in the 2026 window takes its lowest C3:

>>> from marsplan.campaign.trajectory import campaign_trajectory, entry_speed_km_s, vinf_for_entry
>>> from marsplan.scenario import parse_scenario
>>> round(vinf_for_entry(7.4), 2), round(entry_speed_km_s(vinf_for_entry(7.4)), 2)
(5.52, 7.4)
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
>>> (cargo,) = campaign_trajectory(sc, cache=False).to_dict()["departures"]      # no disk cache here
>>> cargo["departure"][:10], round(cargo["c3_km2_s2"], 2), round(cargo["entry_speed_km_s"], 2), cargo["note"]
('2026-10-31', 9.18, 5.63, 'lowest C3 of the window')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from marsplan.astro import ephemeris as _ephemeris
from marsplan.astro.time import tdb_jd_to_iso, utc_to_tdb_jd
from marsplan.constants import AU_KM, LIGHT_SPEED_KM_S
from marsplan.scenario import Scenario
from marsplan.scenario.schema import Mission
from marsplan.trajectory.cache import cached
from marsplan.trajectory.campaign import CampaignTrajectory, ChosenDeparture
from marsplan.trajectory.grid import TransferPoint, porkchop
from marsplan.trajectory.orbits import Orbit
from marsplan.trajectory.survey import Opportunity, WindowSurvey, windows
from marsplan.vehicles.catalog import get_vehicle

__all__ = ["campaign_trajectory", "choose_transfer", "crew_free_returns", "entry_speed_km_s", "milestone_rows",
           "vinf_for_entry"]

FREE_RETURN_HALF_WINDOW_DAYS = 60.0
"""A crew's free returns are searched among launches this many days either side of its chosen departure."""

PORKCHOP_MARGIN_DAYS = 20.0  # porkchops span the C3 window and this much either side


def milestone_rows(scenario: Scenario, eph: _ephemeris.Ephemeris) -> list[dict[str, Any]]:
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


# ---- trajectory: the scenario's windows and chosen departures

def _nearest(survey: WindowSurvey, year: int) -> Opportunity | None:
    exact = survey.find(year)
    if exact is not None:
        return exact
    candidates: list[Opportunity] = [op for op in survey if op.best() is not None]
    if not candidates:
        return None
    nearest: Opportunity = min(candidates, key=lambda op: abs(int(op.label) - year))
    return nearest


def _entry_escape2(body: str) -> float:
    from marsplan.astro.bodies import mu_km3_s2, radius_km
    from marsplan.trajectory.orbits import ENTRY_INTERFACE_ALT_KM

    return 2.0 * mu_km3_s2(body) / (radius_km(body) + ENTRY_INTERFACE_ALT_KM.get(body, 125.0))


def entry_speed_km_s(vinf_km_s: float, body: str = "mars") -> float:
    """Speed at the entry interface for an arrival v-infinity (as :func:`marsplan.vehicles.arrival.arrive`)."""
    return float(np.sqrt(vinf_km_s**2 + _entry_escape2(body)))


def vinf_for_entry(entry_km_s: float, body: str = "mars") -> float:
    """The arrival v-infinity that meets the atmosphere at ``entry_km_s`` (inverse of :func:`entry_speed_km_s`)."""
    return float(np.sqrt(max(entry_km_s**2 - _entry_escape2(body), 0.0)))


def choose_transfer(mission: Mission, op: Opportunity, sc: Scenario, ds: Any = None, ephemeris: Any = None
            ) -> tuple[TransferPoint | None, str]:
    """A mission's transfer in its window.  Cargo: the lowest C3.  Crew: per transfer type the lowest-C3
    transfer (over the window's porkchop ``ds``) within the C3 limit, the crew's flight-time limit and the
    ship's entry-speed limit less the crew's entry margin; of those, the scenario's ``crew_transfer`` rule
    picks (default: the faster type)."""
    best = op.best()
    t = sc.trajectory
    if mission.kind != "crew" or ds is None:
        return best, "lowest C3 of the window"
    from marsplan.trajectory.grid import optimum

    ship = get_vehicle(sc.fleet.ship, sc.vehicles, role="ship")
    limit = ship.max_entry_speed_km_s
    body = sc.campaign.destination
    constraints: dict[str, Any] = {"max_c3": t.max_c3_km2_s2}
    if limit is not None and body in ("mars", "earth", "venus") and t.capture == "aerocapture":
        constraints["max_vinf_arrival"] = vinf_for_entry(limit - t.crew_entry_margin_km_s, body)
    if t.crew_max_tof_days is not None:
        constraints["max_tof_days"] = t.crew_max_tof_days
    typed = [p for p in (optimum(ds, "c3", transfer_type=k, ephemeris=ephemeris, **constraints) for k in ("I", "II"))
             if p is not None]
    if not typed:
        return best, ("crew: no transfer of the window meets the crew's limits (C3, entry speed, flight time); "
                      "lowest C3 taken")
    if t.crew_transfer == "fastest-type":
        chosen = min(typed, key=lambda p: p.tof_days)
        why = "the faster type"
    elif t.crew_transfer == "min-c3":
        chosen = min(typed, key=lambda p: p["c3_km2_s2"])
        why = "the lowest C3"
    else:
        chosen = min(typed, key=lambda p: (p["vinf_arrival_km_s"], p.tof_days))
        why = "the largest entry-speed margin"
    note = f"crew: type {chosen.type}, {why} within the crew's limits"
    if limit is not None and t.capture == "aerocapture":
        entry = entry_speed_km_s(chosen["vinf_arrival_km_s"], body)
        note += (f" (entry {entry:.2f} km/s against {limit:g}: margin {limit - entry:.2f} km/s, at least "
                 f"{t.crew_entry_margin_km_s:g} required)")
    return chosen, note


def campaign_trajectory(sc: Scenario, *, ephemeris: Any = None, progress: Callable[[str], None] | None = None,
                        cache: bool = True, survey_step_days: float = 1.0) -> CampaignTrajectory:
    """Windows, porkchops and chosen departures for every mission of ``sc``.

    The two window surveys (on a ``survey_step_days`` grid) are kept in the disk cache of
    :mod:`marsplan.trajectory.cache` unless ``cache`` is false.
    """
    step = progress or (lambda _msg: None)
    c, t = sc.campaign, sc.trajectory
    tof = (t.tof_days_min, t.tof_days_max)
    parking = Orbit.circular(c.origin, t.parking_alt_km)
    capture = t.capture if c.destination in ("mars", "earth", "venus") else "propulsive"
    start, end = c.start.isoformat(), c.end.isoformat()
    eph = _ephemeris.load(ephemeris) if not isinstance(ephemeris, _ephemeris.Ephemeris) else ephemeris
    key = {"start": start, "end": end, "max_c3": t.max_c3_km2_s2, "tof": tof,
           **({"step_days": survey_step_days} if survey_step_days != 1.0 else {})}
    step("Surveying outbound windows")
    outbound = cached("survey", {**key, "origin": c.origin, "target": c.destination, "parking_km": t.parking_alt_km,
                                 "capture": capture}, eph,
                      lambda: windows(c.origin, c.destination, start, end, max_c3=t.max_c3_km2_s2, tof_days=tof,
                                      step_days=survey_step_days, departure_orbit=parking, capture=capture,
                                      ephemeris=eph), enabled=cache)
    step("Surveying return windows")
    inbound = cached("survey", {**key, "origin": c.destination, "target": c.origin}, eph,
                     lambda: windows(c.destination, c.origin, start, end, max_c3=t.max_c3_km2_s2, tof_days=tof,
                                     step_days=survey_step_days, ephemeris=eph), enabled=cache)
    ephemeris = eph
    result = CampaignTrajectory(outbound, inbound)
    for mission in sc.missions:
        op = _nearest(outbound, mission.opportunity)
        if op is None:
            result.departures.append(ChosenDeparture(mission.name, mission.kind, mission.opportunity, None, None,
                                                     "no opportunity in the campaign span"))
            continue
        if op.label not in result.porkchops:
            step(f"Porkchop {op.label}")
            lo, hi = op.below_threshold or (op.first_departure_tdb_jd, op.last_departure_tdb_jd)
            lo = max(op.first_departure_tdb_jd, lo - PORKCHOP_MARGIN_DAYS)
            hi = min(op.last_departure_tdb_jd, hi + PORKCHOP_MARGIN_DAYS)
            ds = porkchop(c.origin, c.destination, (tdb_jd_to_iso(lo, unit="D"), tdb_jd_to_iso(hi, unit="D")),
                          tof, departure_orbit=parking, capture=capture, ephemeris=ephemeris)
            result.porkchops[op.label] = ds
            result.optima[op.label] = [(f"type {k} min C3", op.minima[f"type_{k}"]["min_c3"]) for k in ("I", "II")]
        point, note = choose_transfer(mission, op, sc, result.porkchops.get(op.label), ephemeris)
        if op.label != str(mission.opportunity):
            note += f"; no {mission.opportunity} window, nearest is {op.label}"
        result.departures.append(ChosenDeparture(mission.name, mission.kind, mission.opportunity, op.label,
                                                 point, note))
    return result


def crew_free_returns(traj: CampaignTrajectory, *, seed: int = 0) -> list[dict[str, Any]]:
    """For each crew mission with a chosen departure: the least-C3 free return of each family
    (:mod:`marsplan.trajectory.freereturn`) launching within :data:`FREE_RETURN_HALF_WINDOW_DAYS` of it, ballistic
    or not (its ``ballistic`` flag says), as JSON-ready rows."""
    from marsplan.trajectory.freereturn import FAMILIES, free_return

    rows: list[dict[str, Any]] = []
    for d in traj.departures:
        if d.kind != "crew" or d.point is None:
            continue
        centre = float(utc_to_tdb_jd(d.point.departure))
        window = (centre - FREE_RETURN_HALF_WINDOW_DAYS, centre + FREE_RETURN_HALF_WINDOW_DAYS)
        for family in FAMILIES:
            rows.append({"mission": d.mission, **free_return(family, window, seed=seed).to_dict()})
    return rows

