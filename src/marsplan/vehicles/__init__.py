"""Vehicles and logistics: rocket equation, catalog, refilling, launch sites, arrival, return.

The impulsive, gravity-loss-free model is used throughout (see
:mod:`marsplan.vehicles.rocket`).
"""

from marsplan.vehicles.arrival import Arrival, arrive
from marsplan.vehicles.catalog import CatalogError, get_site, get_vehicle, load_sites, load_vehicles, vehicles_for
from marsplan.vehicles.fleet import FleetPlan, ShipPlan, plan_fleet, plan_ship, refilled_ship
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
    "plan_fleet",
    "plan_ship",
    "propellant_for_delta_v_kg",
    "refilled_ship",
    "return_leg",
    "stack_delta_v_km_s",
    "vehicles_for",
]
