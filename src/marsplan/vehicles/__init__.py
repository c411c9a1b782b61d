"""Vehicles and logistics: rocket equation, catalog, refilling, launch sites, arrival, return.

The impulsive, gravity-loss-free model is used throughout (see
:mod:`marsplan.vehicles.rocket`).

Every name loads its module on first use; Falcon 9 puts 22.8 t in low Earth orbit (SpaceX), and the
rocket equation gives a Starship (375 s) burning from 1,420 t down to 220 t 3.678 ln(1420 / 220) = 6.86 km/s:

>>> from marsplan import vehicles
>>> vehicles.get_vehicle("falcon-9").payload_to_leo_kg
22800.0
>>> round(float(vehicles.delta_v_km_s(375.0, 1_420_000.0, 220_000.0)), 2)
6.86
"""

from typing import TYPE_CHECKING

from marsplan.lazy import lazy_getattr

if TYPE_CHECKING:  # the lazy names below, typed for type checkers and IDEs (tests/test_docs.py keeps both in step)
    from marsplan.vehicles.arrival import Arrival, arrive
    from marsplan.vehicles.catalog import CatalogError, get_site, get_vehicle, load_sites, load_vehicles, vehicles_for
    from marsplan.vehicles.fleet import FleetPlan, ShipPlan, plan_ship
    from marsplan.vehicles.isru import isru_balance, return_leg
    from marsplan.vehicles.launchers import launcher_payload_kg
    from marsplan.vehicles.refill import ImpossibleRequest, RefilledShip, departure_dv_km_s
    from marsplan.vehicles.rocket import (
        G0_KM_S2,
        Stage,
        delta_v_km_s,
        exhaust_velocity_km_s,
        final_mass_kg,
        propellant_for_delta_v_kg,
        stack_delta_v_km_s,
    )
    from marsplan.vehicles.sites import check_asymptote, inclination_ranges_deg, max_asymptote_declination_deg

# names load their modules on first use (PEP 562): the scenario schema imports marsplan.vehicles.spec
# without pulling in the fleet, the trajectory layer and numba
_LAZY = {
    "Arrival": "marsplan.vehicles.arrival",
    "CatalogError": "marsplan.vehicles.catalog",
    "FleetPlan": "marsplan.vehicles.fleet",
    "G0_KM_S2": "marsplan.vehicles.rocket",
    "ImpossibleRequest": "marsplan.vehicles.refill",
    "RefilledShip": "marsplan.vehicles.refill",
    "ShipPlan": "marsplan.vehicles.fleet",
    "Stage": "marsplan.vehicles.rocket",
    "arrive": "marsplan.vehicles.arrival",
    "check_asymptote": "marsplan.vehicles.sites",
    "delta_v_km_s": "marsplan.vehicles.rocket",
    "departure_dv_km_s": "marsplan.vehicles.refill",
    "exhaust_velocity_km_s": "marsplan.vehicles.rocket",
    "final_mass_kg": "marsplan.vehicles.rocket",
    "get_site": "marsplan.vehicles.catalog",
    "get_vehicle": "marsplan.vehicles.catalog",
    "inclination_ranges_deg": "marsplan.vehicles.sites",
    "isru_balance": "marsplan.vehicles.isru",
    "launcher_payload_kg": "marsplan.vehicles.launchers",
    "load_sites": "marsplan.vehicles.catalog",
    "load_vehicles": "marsplan.vehicles.catalog",
    "max_asymptote_declination_deg": "marsplan.vehicles.sites",
    "plan_ship": "marsplan.vehicles.fleet",
    "propellant_for_delta_v_kg": "marsplan.vehicles.rocket",
    "return_leg": "marsplan.vehicles.isru",
    "stack_delta_v_km_s": "marsplan.vehicles.rocket",
    "vehicles_for": "marsplan.vehicles.catalog",
}


__getattr__ = lazy_getattr("marsplan.vehicles", globals(), _LAZY)


__all__ = [
    "G0_KM_S2",
    "Arrival",
    "CatalogError",
    "FleetPlan",
    "ImpossibleRequest",
    "RefilledShip",
    "ShipPlan",
    "Stage",
    "arrive",
    "check_asymptote",
    "delta_v_km_s",
    "departure_dv_km_s",
    "exhaust_velocity_km_s",
    "final_mass_kg",
    "get_site",
    "get_vehicle",
    "inclination_ranges_deg",
    "isru_balance",
    "launcher_payload_kg",
    "load_sites",
    "load_vehicles",
    "max_asymptote_declination_deg",
    "plan_ship",
    "propellant_for_delta_v_kg",
    "return_leg",
    "stack_delta_v_km_s",
    "vehicles_for",
]
