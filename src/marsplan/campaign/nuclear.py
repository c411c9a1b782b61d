"""The nuclear-electric stage: the scenario's tug on its trip, a trade around it, and a refilled Starship to
the same Mars orbit.

The Starship the tug is compared with, in 2028, to a 500 km circular Mars orbit: its capture burn from
v_inf = 2.97 km/s is sqrt(2.97^2 + 2 mu / r) - sqrt(mu / r) = 2.23 km/s at r = 3896.2 km, and with nine
tankers it carries 98 t, 9.8 t per Earth launch (the ship's and its tankers'); the escape window is
the whole (leap) year:

>>> from marsplan.campaign.nuclear import escape_window_tdb_jd, starship_to_mars_orbit
>>> ship = starship_to_mars_orbit(None, 2028, 500.0)
>>> ship["departure_utc"][:10], round(ship["vinf_arrival_km_s"], 2), round(ship["capture_dv_km_s"], 2)
('2028-11-23', 2.97, 2.23)
>>> ship["tankers"], round(ship["payload_t"], 1), round(ship["tonnes_per_launch"], 1)
(9, 98.0, 9.8)
>>> first, last = escape_window_tdb_jd(2028)
>>> round(last - first)
366
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.astro.time import utc_to_tdb_jd
from marsplan.campaign.fleet import REFILL_FIELDS, refilled_ship
from marsplan.lru import LRUCache
from marsplan.scenario import Scenario
from marsplan.vehicles.catalog import get_vehicle

__all__ = ["DEFAULT_CARGO_LEO_KG", "NuclearElectric", "cargo_launcher_leo_kg", "escape_window_tdb_jd",
           "nuclear_electric", "remember_tug_trips",
           "remembered_tug_trips", "starship_to_mars_orbit", "tug_trip"]



# ---- nuclear-electric cargo

REPORT_POWERS_KWE = (500.0, 1000.0, 2000.0, 4000.0)
REPORT_ALPHAS_KG_PER_KWE = tuple(float(a) for a in np.linspace(2.0, 60.0, 30))


def escape_window_tdb_jd(year: int) -> tuple[float, float]:
    """The heliocentric departure window of a year: 1 January to 1 January, TDB."""
    return float(utc_to_tdb_jd(f"{year}-01-01")), float(utc_to_tdb_jd(f"{year + 1}-01-01"))


def starship_to_mars_orbit(sc: Scenario | None, year: int, mars_orbit_alt_km: float) -> dict[str, Any]:
    """A refilled Starship (the scenario's fleet options) sent on the year's transfer of least total delta-v
    to a circular Mars orbit at ``mars_orbit_alt_km`` (departure burn from its parking orbit plus propulsive
    capture; :func:`marsplan.vehicles.tugs.starship_transfer`, which says why that is the transfer of the most
    tonnes per launch): tonnes to that orbit per Earth launch, its tankers, its burns and the transfer."""
    from marsplan.vehicles.tugs import starship_tonnes_per_launch, starship_transfer

    refilled = refilled_ship(sc)
    best = starship_transfer(refilled, year, mars_orbit_alt_km)
    if best is None:
        nan = float("nan")
        return {"tonnes_per_launch": nan, "tankers": nan, "payload_t": nan, "capture_dv_km_s": nan,
                "departure_dv_km_s": nan, "total_dv_km_s": nan, "c3_km2_s2": nan, "vinf_arrival_km_s": nan,
                "tof_days": nan, "type": None, "departure_utc": None, "arrival_utc": None}
    out: dict[str, Any] = starship_tonnes_per_launch(refilled, best["c3_km2_s2"], best["vinf_arrival_km_s"],
                                                     mars_orbit_alt_km)
    out.update(c3_km2_s2=float(best["c3_km2_s2"]), vinf_arrival_km_s=float(best["vinf_arrival_km_s"]),
               tof_days=float(best.tof_days), type=best.type, departure_utc=best.departure,
               arrival_utc=best.arrival)
    return out


@dataclass(frozen=True)
class NuclearElectric:
    """The plan's nuclear-electric cargo section: the scenario's tug on its trip, a small trade around it,
    and a refilled Starship to the same orbit for comparison."""

    tug: Any
    delivery: Any
    trade: Any
    starship: dict[str, Any]
    year: int


_NUCLEAR_ELECTRIC: LRUCache[NuclearElectric] = LRUCache(16)
_TUG_TRIPS: LRUCache[Any] = LRUCache(64)


DEFAULT_CARGO_LEO_KG = 100_000.0
"""Cargo to low Earth orbit assumed for a scenario ship whose catalog entry gives none (Starship's stated 100 t
class; marsplan's assumption where the catalog is silent)."""


def cargo_launcher_leo_kg(sc: Scenario) -> float:
    """What the scenario's ship lifts to low Earth orbit as a cargo launcher (for a tug's stack): its catalog
    figure, or :data:`DEFAULT_CARGO_LEO_KG`."""
    return float(get_vehicle(sc.fleet.ship, sc.vehicles).payload_to_leo_kg or DEFAULT_CARGO_LEO_KG)


def tug_trip(sc: Scenario) -> Any:
    """The scenario's tug on its trip to Mars orbit (a :class:`~marsplan.vehicles.tugs.TugDelivery`; None
    without a [tug]); computed once per tug plan and launcher in a process, whatever else a study changes."""
    if sc.tug is None:
        return None
    from marsplan.vehicles.tugs import get_tug, tug_delivery

    plan = sc.tug
    leo = cargo_launcher_leo_kg(sc)
    return _TUG_TRIPS.get_or_compute(
        (plan.model_dump_json(), leo),
        lambda: tug_delivery(get_tug(plan.id).design(), plan.stack_t * 1e3, escape_window_tdb_jd(plan.escape_year),
                             plan.tof_days, mars_orbit_altitude_km=plan.mars_orbit_alt_km, launcher_leo_kg=leo))


def remembered_tug_trips() -> dict[Any, Any]:
    """The tug trips this process has computed (to ship to workers that would otherwise repeat them)."""
    return dict(_TUG_TRIPS.items())


def remember_tug_trips(trips: dict[Any, Any]) -> None:
    """Take tug trips computed elsewhere (:func:`remembered_tug_trips` of another process)."""
    for key, trip in trips.items():
        _TUG_TRIPS.put(key, trip)


def nuclear_electric(sc: Scenario, *, powers_kwe: tuple[float, ...] | None = None,
                     trip_tof_only: bool = False) -> NuclearElectric | None:
    """The scenario's [tug] (None without one): its trip, a trade of power and specific mass around it, and a
    refilled Starship to the same orbit; kept per process (bounded) by what it depends on: the tug plan, the
    ship's launcher and what makes the refilled Starship.  ``powers_kwe``: the trade's powers (default
    :data:`REPORT_POWERS_KWE`); ``trip_tof_only``: the trade flies only the trip's flight time (a quick plan),
    not also the plan's shortest and longest."""
    if sc.tug is None:
        return None
    powers = REPORT_POWERS_KWE if powers_kwe is None else tuple(powers_kwe)
    key = (sc.tug.model_dump_json(), sc.fleet.model_dump_json(include=REFILL_FIELDS), sc.trajectory.parking_alt_km,
           "|".join(v.model_dump_json() for v in sc.vehicles), powers, trip_tof_only)
    return _NUCLEAR_ELECTRIC.get_or_compute(key, lambda: _nuclear_electric(sc, powers, trip_tof_only))


def _nuclear_electric(sc: Scenario, powers: tuple[float, ...], trip_tof_only: bool) -> NuclearElectric:
    from marsplan.vehicles.tugs import get_tug, tug_trade

    assert sc.tug is not None

    plan = sc.tug
    tug = get_tug(plan.id)
    delivery = tug_trip(sc)
    starship = starship_to_mars_orbit(sc, plan.escape_year, plan.mars_orbit_alt_km)
    lo, hi = plan.tof_days
    trip = {round(delivery.transfer.tof_days)} if delivery.feasible else set()
    tofs = sorted(trip or {lo}) if trip_tof_only else sorted({lo, hi} | trip)
    trade = tug_trade(tug.design(), powers, REPORT_ALPHAS_KG_PER_KWE, plan.stack_t * 1e3,
                      escape_window_tdb_jd(plan.escape_year), tofs,
                      mars_orbit_altitude_km=plan.mars_orbit_alt_km, launcher_leo_kg=delivery.launcher_leo_kg,
                      starship_tonnes_per_launch=starship["tonnes_per_launch"])
    return NuclearElectric(tug, delivery, trade, starship, plan.escape_year)
