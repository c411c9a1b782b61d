"""Expendable launchers: payload against departure C3.

A launcher is described by its published payload to low Earth orbit and
its final stage (dry mass, propellant, Isp).  Two cases:

* ``kick_stage = true`` (Fregat, Briz-M, ICPS): the lower stages put the
  fuelled kick stage and the payload in LEO, together at most the
  published LEO mass; the kick stage then burns from LEO.
* ``kick_stage = false`` (Falcon second stage, Long March 5 H18): the
  final stage itself reaches LEO.  The delta-v it spends getting there, D,
  is calibrated so that it arrives with the published LEO payload and no
  propellant left; carrying payload P to C3 then needs
  ``ve ln((m_dry + m_prop + P)/(m_dry + P)) >= D + dv_departure(C3)``.

Some launchers' published LEO payload is set by the structure of the
stage or adapter, not by propellant (Falcon Heavy: 63.8 t to LEO, yet
26.7 t to GTO).  For those the catalog also gives ``payload_to_gto_kg``
and D is calibrated on it instead: the stage arrives in a geostationary
transfer orbit (perigee at the parking orbit, apogee at 35,786 km) with
the published GTO payload and no propellant left.  The LEO figure stays
the cap on payload.

Both are impulsive models that ignore how payload mass slows the lower
stages, so they hold best near the calibration point; tests compare them
with published escape payloads.

SpaceX publishes 4,020 kg to Mars for an expendable Falcon 9 and 16,800 kg for Falcon Heavy; at a
good window's C3 of 9 km^2/s^2 the model gives, in tonnes:

>>> from marsplan.vehicles.catalog import get_vehicle
>>> from marsplan.vehicles.launchers import launcher_payload_kg
>>> [round(float(launcher_payload_kg(get_vehicle(v), 9.0)) / 1000.0, 2) for v in ("falcon-9", "falcon-heavy")]
[3.99, 16.09]
"""

from __future__ import annotations

import numpy as np

from marsplan.errors import InputError
from marsplan.trajectory.orbits import Orbit, default_parking_orbit
from marsplan.vehicles.refill import departure_dv_km_s
from marsplan.vehicles.rocket import exhaust_velocity_km_s
from marsplan.vehicles.spec import VehicleSpec

__all__ = ["launcher_payload_kg"]


def _solve_payload(fn, hi: float) -> float:
    """Largest P in [0, hi] with fn(P) >= 0 (fn decreasing), or -1 if none."""
    if fn(0.0) < 0:
        return -1.0
    if fn(hi) >= 0:
        return hi
    lo = 0.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if fn(mid) >= 0:
            lo = mid
        else:
            hi = mid
    return lo


GEO_ALTITUDE_KM = 35_786.0


def _ascent_dv_km_s(vehicle: VehicleSpec, ve: float, parking: Orbit) -> float:
    """Delta-v the final stage spends reaching the parking orbit (the D of the module docstring)."""
    dry, cap = vehicle.dry_mass_kg, vehicle.propellant_capacity_kg
    if vehicle.payload_to_c3_kg > 0 and vehicle.calibration_c3_km2_s2 is not None:
        p = vehicle.payload_to_c3_kg
        escape = float(departure_dv_km_s(vehicle.calibration_c3_km2_s2, parking))
        return ve * np.log((dry + cap + p) / (dry + p)) - escape
    if vehicle.payload_to_gto_kg > 0:
        gto = Orbit("earth", parking.periapsis_alt_km, GEO_ALTITUDE_KM)
        perigee_burn = gto.periapsis_speed_km_s - parking.periapsis_speed_km_s
        gto_kg = vehicle.payload_to_gto_kg
        return ve * np.log((dry + cap + gto_kg) / (dry + gto_kg)) - perigee_burn
    leo = vehicle.payload_to_leo_kg
    return ve * np.log((dry + cap + leo) / (dry + leo))


def launcher_payload_kg(vehicle: VehicleSpec, c3_km2_s2, parking: Orbit | None = None, *,
                        ascent_penalty_km_s: float = 0.0) -> np.ndarray:
    """Payload (kg) an expendable launcher sends to each C3 (negative where it cannot);
    ``ascent_penalty_km_s`` is the site's loss of Earth-rotation speed against the reference site
    (:func:`marsplan.vehicles.sites.site_ascent_penalty_km_s`)."""
    if vehicle.role != "launcher":
        raise InputError(f"vehicle {vehicle.id!r} is a {vehicle.role}, not an expendable launcher")
    parking = parking or default_parking_orbit("earth")
    ve = float(exhaust_velocity_km_s(vehicle.isp_vac_s))
    dry, cap, leo = vehicle.dry_mass_kg, vehicle.propellant_capacity_kg, vehicle.payload_to_leo_kg
    c3 = np.atleast_1d(np.asarray(c3_km2_s2, dtype=float))
    dv = departure_dv_km_s(c3, parking)
    ascent = _ascent_dv_km_s(vehicle, ve, parking)
    if vehicle.kick_stage:
        leo = leo * float(np.exp(-ascent_penalty_km_s / ve))
    else:
        ascent += ascent_penalty_km_s
    out = np.empty_like(c3)
    for k, need in enumerate(dv):
        if vehicle.kick_stage:
            def margin(p, need=need):
                prop = min(cap, leo - dry - p)
                return -1.0 if prop < 0 else ve * np.log((dry + prop + p) / (dry + p)) - need
            out[k] = _solve_payload(margin, leo - dry)
        else:
            def margin(p, need=need + ascent):
                return ve * np.log((dry + cap + p) / (dry + p)) - need
            out[k] = _solve_payload(margin, leo)
    return out.reshape(np.shape(c3_km2_s2))
