"""The trajectory stage of a campaign: its windows, porkchops and chosen departures.

For a scenario: the survey of outbound (origin -> destination) and return
windows over the campaign span, a porkchop grid of each window a mission
uses, and one chosen transfer per mission.  Cargo takes the transfer of
lowest C3 in its window.  Crew, by default (``crew_transfer =
"fastest-type"``), takes the lowest-C3 transfer of the shorter of the two
types when it stays under the C3 threshold, trading launch energy for time
in deep space; ``"min-c3"`` treats crew like cargo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xarray as xr

from marsplan.astro import ephemeris as _ephemeris
from marsplan.astro.time import tdb_jd_to_iso
from marsplan.scenario.schema import Mission, Scenario
from marsplan.trajectory.cache import cached
from marsplan.trajectory.grid import TransferPoint, porkchop
from marsplan.trajectory.orbits import Orbit
from marsplan.trajectory.survey import Opportunity, WindowSurvey, windows

__all__ = ["CampaignTrajectory", "ChosenDeparture", "campaign_trajectory"]

_MARGIN_DAYS = 20.0


@dataclass(frozen=True)
class ChosenDeparture:
    mission: str
    kind: str
    requested_opportunity: int
    opportunity: str | None
    point: TransferPoint | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        p = self.point
        out: dict[str, Any] = {"mission": self.mission, "kind": self.kind,
                               "requested_opportunity": self.requested_opportunity,
                               "opportunity": self.opportunity, "note": self.note}
        if p is not None:
            out.update(departure=p.departure, arrival=p.arrival, tof_days=round(p.tof_days, 3), type=p.type,
                       **{k: (round(v, 5) if np.isfinite(v) else None) for k, v in p.values.items()})
        return out


@dataclass
class CampaignTrajectory:
    outbound: WindowSurvey
    inbound: WindowSurvey
    porkchops: dict[str, xr.Dataset] = field(default_factory=dict)
    optima: dict[str, list[tuple[str, TransferPoint | None]]] = field(default_factory=dict)
    departures: list[ChosenDeparture] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "windows": {"outbound": self.outbound.to_dict(), "return": self.inbound.to_dict()},
            "departures": [d.to_dict() for d in self.departures],
        }


def _nearest(survey: WindowSurvey, year: int) -> Opportunity | None:
    exact = survey.find(year)
    if exact is not None:
        return exact
    candidates = [op for op in survey if op.best() is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda op: abs(int(op.label) - year))


def _choose(mission: Mission, op: Opportunity, sc: Scenario) -> tuple[TransferPoint | None, str]:
    best = op.best()
    if mission.kind == "crew" and sc.trajectory.crew_transfer == "fastest-type":
        typed = [p for p in (op.minima[t]["min_c3"] for t in ("type_I", "type_II"))
                 if p is not None and p["c3_km2_s2"] <= sc.trajectory.max_c3_km2_s2]
        if typed:
            fastest = min(typed, key=lambda p: p.tof_days)
            return fastest, f"crew: lowest-C3 transfer of the faster type (type {fastest.type})"
    return best, "lowest C3 of the window"


def campaign_trajectory(sc: Scenario, *, ephemeris=None, progress: Callable[[str], None] | None = None,
                        cache: bool = True) -> CampaignTrajectory:
    """Windows, porkchops and chosen departures for every mission of ``sc``.

    The two window surveys are kept in the disk cache of :mod:`marsplan.trajectory.cache` unless
    ``cache`` is false.
    """
    step = progress or (lambda _msg: None)
    c, t = sc.campaign, sc.trajectory
    tof = (t.tof_days_min, t.tof_days_max)
    parking = Orbit.circular(c.origin, t.parking_alt_km)
    capture = t.capture if c.destination in ("mars", "earth", "venus") else "propulsive"
    start, end = c.start.isoformat(), c.end.isoformat()
    eph = _ephemeris.load(ephemeris) if not isinstance(ephemeris, _ephemeris.Ephemeris) else ephemeris
    key = {"start": start, "end": end, "max_c3": t.max_c3_km2_s2, "tof": tof}
    step("Surveying outbound windows")
    outbound = cached("survey", {**key, "origin": c.origin, "target": c.destination, "parking_km": t.parking_alt_km,
                                 "capture": capture}, eph,
                      lambda: windows(c.origin, c.destination, start, end, max_c3=t.max_c3_km2_s2, tof_days=tof,
                                      departure_orbit=parking, capture=capture, ephemeris=eph), enabled=cache)
    step("Surveying return windows")
    inbound = cached("survey", {**key, "origin": c.destination, "target": c.origin}, eph,
                     lambda: windows(c.destination, c.origin, start, end, max_c3=t.max_c3_km2_s2, tof_days=tof,
                                     ephemeris=eph), enabled=cache)
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
            lo = max(op.first_departure_tdb_jd, lo - _MARGIN_DAYS)
            hi = min(op.last_departure_tdb_jd, hi + _MARGIN_DAYS)
            ds = porkchop(c.origin, c.destination, (tdb_jd_to_iso(lo, unit="D"), tdb_jd_to_iso(hi, unit="D")),
                          tof, departure_orbit=parking, capture=capture, ephemeris=ephemeris)
            result.porkchops[op.label] = ds
            result.optima[op.label] = [(f"type {k} min C3", op.minima[f"type_{k}"]["min_c3"]) for k in ("I", "II")]
        point, note = _choose(mission, op, sc)
        if op.label != str(mission.opportunity):
            note += f"; no {mission.opportunity} window, nearest is {op.label}"
        result.departures.append(ChosenDeparture(mission.name, mission.kind, mission.opportunity, op.label,
                                                 point, note))
    return result
