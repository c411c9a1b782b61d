"""The fleet a campaign needs: ships, tanker flights, launches, landed payload, return.

For each mission of a scenario, its ships leave on the departure chosen by
the trajectory stage (C3, DLA, arrival v-infinity); each ship is refilled
by as many tankers as its payload needs (:mod:`marsplan.vehicles.refill`),
launched from the scenario's site (a DLA beyond the site's reach adds a
plane change to the departure burn, :mod:`marsplan.vehicles.sites`), and
enters Mars's atmosphere at the speed its arrival v-infinity gives
(:mod:`marsplan.vehicles.arrival`).  The return leg uses the first return
window after the first crew lands (:mod:`marsplan.vehicles.isru`).

One Starship with 100 t to the 2026 window's C3 (9.18 km^2/s^2) from Starbase takes six tankers, seven
launches in all, and enters Mars's atmosphere at 5.63 km/s:

>>> from marsplan.vehicles.catalog import get_site
>>> from marsplan.vehicles.fleet import plan_ship
>>> from marsplan.vehicles.refill import refilled_from_catalog
>>> plan = plan_ship(refilled_from_catalog(), get_site("starbase"), 9.18, dla_deg=23.7, vinf_arrival_km_s=2.72,
...                  payload_kg=100_000.0, tof_days=292.0)
>>> plan.tankers, plan.launches, round(plan.entry_speed_km_s, 2), plan.entry_ok
(6, 7, 5.63, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from marsplan.errors import InputError
from marsplan.vehicles.arrival import arrive
from marsplan.vehicles.catalog import SiteSpec
from marsplan.vehicles.isru import ReturnLeg
from marsplan.vehicles.refill import RefilledShip
from marsplan.vehicles.sites import check_asymptote
from marsplan.vehicles.spec import VehicleSpec

__all__ = ["FleetPlan", "MissionFleet", "ShipPlan", "plan_ship"]



@dataclass(frozen=True)
class ShipPlan:
    """One ship's departure: what it carries, how many tankers, what lands."""

    vehicle: VehicleSpec
    site: SiteSpec
    c3_km2_s2: float
    dla_deg: float | None
    payload_kg: float
    tankers: int
    propellant_loaded_kg: float
    payload_landed_kg: float
    dla_reachable: bool
    plane_change_dv_km_s: float
    entry_speed_km_s: float | None
    entry_ok: bool

    @property
    def launches(self) -> int:
        return 1 + self.tankers

    def to_dict(self) -> dict[str, Any]:
        return {
            "vehicle": self.vehicle.id,
            "site": self.site.id,
            "c3_km2_s2": round(self.c3_km2_s2, 4),
            "dla_deg": None if self.dla_deg is None else round(self.dla_deg, 3),
            "payload_t": round(self.payload_kg / 1000, 3),
            "tankers_per_ship": self.tankers,
            "launches_per_ship": self.launches,
            "propellant_loaded_t": round(self.propellant_loaded_kg / 1000, 3),
            "payload_landed_t": round(self.payload_landed_kg / 1000, 3),
            "dla_reachable": self.dla_reachable,
            "plane_change_dv_km_s": round(self.plane_change_dv_km_s, 4),
            "entry_speed_km_s": None if self.entry_speed_km_s is None else round(self.entry_speed_km_s, 4),
            "entry_ok": self.entry_ok,
        }


def plan_ship(refilled: RefilledShip, site: SiteSpec, c3_km2_s2: float, *, dla_deg: float | None = None,
              vinf_arrival_km_s: float | None = None, payload_kg: float | None = None,
              tankers: int | None = None, tof_days: float = 0.0) -> ShipPlan:
    """Tankers for a payload, or (given ``tankers``) the payload they allow; ``tof_days`` is the transfer
    time over which the landing propellant boils off."""
    if (payload_kg is None) == (tankers is None):
        raise InputError("give either a payload or a number of tankers")
    if not (math.isfinite(c3_km2_s2) and -60.0 <= c3_km2_s2 <= 200.0):
        raise InputError(f"C3 {c3_km2_s2:g} km^2/s^2: allowed -60 to 200")
    if dla_deg is not None and not (math.isfinite(dla_deg) and -90.0 <= dla_deg <= 90.0):
        raise InputError(f"DLA {dla_deg:g} deg: allowed -90 to 90")
    if payload_kg is not None and not (math.isfinite(payload_kg) and 0 <= payload_kg <= 1e7):
        raise InputError(f"payload {payload_kg / 1000:g} t: allowed 0 to 10,000 t")
    if tankers is not None and not 0 <= tankers <= 200:
        raise InputError(f"tankers = {tankers}: allowed 0 to 200")
    check = check_asymptote(site, dla_deg if dla_deg is not None else 0.0, c3_km2_s2,
                            refilled.parking.periapsis_alt_km)
    extra = check.plane_change_dv_km_s
    if tankers is not None:
        if tankers < 0:
            raise InputError(f"tankers = {tankers}: must be >= 0")
        payload = float(refilled.max_payload_kg(c3_km2_s2, tankers, extra, tof_days))
        if payload < 0:
            raise InputError(
                f"{refilled.ship.name} cannot reach C3 {c3_km2_s2:g} km^2/s^2 even empty with {tankers} tanker(s)"
            )
        n = tankers
    else:
        assert payload_kg is not None  # exactly one of payload and tankers, checked above
        if payload_kg < 0:
            raise InputError(f"payload {payload_kg / 1000:g} t: must be >= 0")
        payload = float(payload_kg)
        n = refilled.tankers_needed(payload, c3_km2_s2, extra_dv_km_s=extra, tof_days=tof_days)
    loaded = float(refilled.propellant_needed_kg(payload, c3_km2_s2, extra, tof_days))
    entry, entry_ok = None, True
    if vinf_arrival_km_s is not None:
        arrival = arrive(refilled.ship, vinf_arrival_km_s, payload)
        entry, entry_ok = arrival.entry_speed_km_s, arrival.entry_ok
    return ShipPlan(refilled.ship, site, float(c3_km2_s2), dla_deg, payload, int(n), loaded,
                    payload if entry_ok else 0.0, check.reachable, extra, entry, entry_ok)


@dataclass
class MissionFleet:
    mission: str
    kind: str
    window: str | None
    ships: int
    crew: int
    departure: str | None
    arrival: str | None
    ship: ShipPlan | None

    @property
    def launches(self) -> int:
        return self.ships * self.ship.launches if self.ship else 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"mission": self.mission, "kind": self.kind, "window": self.window, "ships": self.ships,
               "crew": self.crew, "departure": self.departure, "arrival": self.arrival, "launches": self.launches}
        if self.ship is not None:
            out.update(self.ship.to_dict())
            out["payload_landed_total_t"] = round(self.ships * self.ship.payload_landed_kg / 1000, 3)
        return out


@dataclass
class FleetPlan:
    missions: list[MissionFleet] = field(default_factory=list)
    return_leg: ReturnLeg | None = None
    return_departure: str | None = None
    isru_range: dict[str, float] = field(default_factory=dict)

    @property
    def ships(self) -> int:
        return sum(m.ships for m in self.missions)

    @property
    def launches_total(self) -> int:
        return sum(m.launches for m in self.missions)

    def return_dict(self) -> dict[str, Any] | None:
        leg = self.return_leg
        if leg is None:
            return None
        return {
            "departure": self.return_departure,
            "c3_km2_s2": round(leg.c3_km2_s2, 4),
            "payload_t": round(leg.payload_kg / 1000, 3),
            "ascent_dv_km_s": leg.ascent_dv_km_s,
            "injection_dv_km_s": round(leg.injection_dv_km_s, 4),
            "propellant_isru_t": round(leg.propellant_kg / 1000, 3),
            "methane_t": round(leg.isru.methane_kg / 1000, 3),
            "oxygen_t": round(leg.isru.oxygen_kg / 1000, 3),
            "isru_energy_mwh": round(leg.isru.energy_kwh / 1000, 3),
            "isru_energy_kwh_per_kg": round(leg.isru.energy_kwh_per_kg, 3),
            "isru_energy_range_kwh_per_kg": {k: round(v, 3) for k, v in self.isru_range.items()},
            "feasible": leg.feasible,
            "max_return_payload_t": round(leg.max_payload_kg / 1000, 3),
        }

    def to_dict(self) -> dict[str, Any]:
        return {"ships": self.ships, "launches_total": self.launches_total,
                "missions": [m.to_dict() for m in self.missions], "return": self.return_dict()}
