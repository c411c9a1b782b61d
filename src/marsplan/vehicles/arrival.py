"""Arrival at Mars: entry speed, capture and landing.

With aerocapture or direct entry the ship meets the atmosphere at the entry
interface (125 km) at ``sqrt(v_inf^2 + 2 mu / r_entry)``; its heat shield
sets the highest entry speed it survives (the vehicle's
``max_entry_speed_km_s``).  The propulsive landing burn is the vehicle's
``mars_landing_dv_km_s``, paid for with propellant kept back at departure
(see :mod:`marsplan.vehicles.refill`), so a ship that departs lands its
whole payload.

Arriving with v-infinity 2.72 km/s, Starship meets Mars's atmosphere at
sqrt(2.72^2 + 2 * 42828.4 / (3396.19 + 125)) = 5.63 km/s, inside its 7.5 km/s limit:

>>> from marsplan.vehicles.arrival import arrive
>>> from marsplan.vehicles.catalog import get_vehicle
>>> a = arrive(get_vehicle("starship"), 2.72, payload_kg=100_000.0)
>>> round(a.entry_speed_km_s, 2), a.entry_ok, a.payload_landed_kg
(5.63, True, 100000.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from marsplan.astro.bodies import mu_km3_s2, radius_km
from marsplan.trajectory.orbits import ENTRY_INTERFACE_ALT_KM
from marsplan.vehicles.spec import VehicleSpec

__all__ = ["Arrival", "arrive"]


@dataclass(frozen=True)
class Arrival:
    vinf_arrival_km_s: float
    entry_speed_km_s: float
    entry_ok: bool
    landing_dv_km_s: float
    payload_landed_kg: float


def arrive(ship: VehicleSpec, vinf_arrival_km_s: float, payload_kg: float, body: str = "mars") -> Arrival:
    """Entry speed and landed payload of ``ship`` arriving with this v-infinity."""
    r_entry = radius_km(body) + ENTRY_INTERFACE_ALT_KM.get(body, 125.0)
    entry = math.sqrt(vinf_arrival_km_s**2 + 2 * mu_km3_s2(body) / r_entry)
    ok = ship.max_entry_speed_km_s is None or entry <= ship.max_entry_speed_km_s
    return Arrival(vinf_arrival_km_s, entry, ok, ship.mars_landing_dv_km_s, payload_kg if ok else 0.0)
