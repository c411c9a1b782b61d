"""Low-thrust spirals about a planet: from a circular orbit to escape, or between two circular orbits.

Two ways, both offered, named in every result:

* **Edelbaum's approximation** (T. N. Edelbaum, "Propulsion requirements for controllable
  satellites", ARS Journal 31(8), 1961; the form of Kechichian, JGCD 20(3), 1997): for a
  quasi-circular spiral with continuous thrust, ``dv = sqrt(v0^2 - 2 v0 v1 cos(pi/2 di) + v1^2)``
  (``|v0 - v1|`` in one plane); an escape is the limit v1 -> 0, dv = v0.
* **Integration**: planar two-body motion with the thrust along the velocity, constant thrust,
  the mass falling as ``m' = -T / ve``, integrated by classical Runge-Kutta with a step of a fixed
  fraction of the local orbital period, until the orbit's energy reaches that of the target circle
  (or zero: escape).  Tangential thrust is near the best steering for such spirals, and an escape
  spiral spends a little less than Edelbaum's v0, since the last revolutions are no longer circular.

Flight time at constant thrust follows from the mass spent: ``t = m0 ve / T (1 - exp(-dv / ve))``.
Units: km, km/s, s, kg; thrust in N.

A 60 t stack pushed by 18 N at 7,000 s escapes from an 800 km orbit: Edelbaum's cost is the circular
speed there, sqrt(398600.4 / 7178.1) = 7.45 km/s, the integrated spiral a little less; between circular
orbits of 7.726 and 3.075 km/s (low Earth orbit to geostationary) Edelbaum gives |v0 - v1| in one plane:

>>> from marsplan.trajectory.spiral import edelbaum_delta_v_km_s, spiral
>>> mu, r0 = 398600.435507, 6378.1366 + 800.0
>>> [round(spiral(mu, r0, thrust_n=18.0, mass_kg=60_000.0, isp_s=7000.0, method=m).delta_v_km_s, 2)
...  for m in ("edelbaum", "integrate")]
[7.45, 6.97]
>>> round(spiral(mu, r0, thrust_n=18.0, mass_kg=60_000.0, isp_s=7000.0).time_days)
256
>>> round(float(edelbaum_delta_v_km_s(7.726, 3.075)), 3), round(float(edelbaum_delta_v_km_s(7.726, 3.075, 28.5)), 2)
(4.651, 5.95)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numba as nb
import numpy as np

from marsplan.constants import G0_M_S2
from marsplan.errors import InputError

__all__ = ["Spiral", "edelbaum_delta_v_km_s", "spiral"]

_STEPS_PER_REV = 200
_MAX_STEPS = 50_000_000


def edelbaum_delta_v_km_s(v0_km_s, v1_km_s, delta_inclination_deg=0.0):
    """Edelbaum's delta-v between circular orbits of speeds v0 and v1 with a plane change (deg)."""
    v0, v1 = np.asarray(v0_km_s, dtype=float), np.asarray(v1_km_s, dtype=float)
    di = np.radians(np.asarray(delta_inclination_deg, dtype=float))
    return np.sqrt(np.maximum(v0 * v0 - 2.0 * v0 * v1 * np.cos(0.5 * np.pi * di) + v1 * v1, 0.0))


@nb.njit(cache=True, nogil=True)
def _integrate(mu, r0, target_energy, accel0, mdot_per_m0, steps_per_rev, max_steps):
    """Tangential-thrust spiral from a circle of radius r0 (mass 1) until the specific energy
    reaches ``target_energy``; ``accel0`` = T / m0 (km/s^2), ``mdot_per_m0`` = T / (ve m0) (1/s).
    Returns time (s), mass fraction left, revolutions, steps, whether it finished."""
    x, y = r0, 0.0
    vx, vy = 0.0, math.sqrt(mu / r0)
    m = 1.0
    t = 0.0
    angle = 0.0
    s = np.empty(5)
    k = np.empty((4, 5))
    for n in range(max_steps):
        r = math.sqrt(x * x + y * y)
        v2 = vx * vx + vy * vy
        energy = 0.5 * v2 - mu / r
        if energy >= target_energy:
            return t, m, angle / (2 * math.pi), n, True
        if m <= 1e-6:
            return t, m, angle / (2 * math.pi), n, False
        a_semi = -mu / (2 * energy)
        period = 2 * math.pi * math.sqrt(a_semi ** 3 / mu)
        h = period / steps_per_rev
        # do not overshoot the target energy by much on the last step
        de_dt = accel0 / m * math.sqrt(v2)
        h = min(h, max((target_energy - energy) / de_dt, period / (20 * steps_per_rev)) * 1.0001)
        s[0], s[1], s[2], s[3], s[4] = x, y, vx, vy, m
        for stage in range(4):
            if stage == 0:
                px, py, pvx, pvy, pm = s[0], s[1], s[2], s[3], s[4]
            else:
                f = 0.5 if stage < 3 else 1.0
                px = s[0] + f * h * k[stage - 1, 0]
                py = s[1] + f * h * k[stage - 1, 1]
                pvx = s[2] + f * h * k[stage - 1, 2]
                pvy = s[3] + f * h * k[stage - 1, 3]
                pm = s[4] + f * h * k[stage - 1, 4]
            pr = math.sqrt(px * px + py * py)
            pv = math.sqrt(pvx * pvx + pvy * pvy)
            g = -mu / (pr * pr * pr)
            a_t = accel0 / pm / pv
            k[stage, 0] = pvx
            k[stage, 1] = pvy
            k[stage, 2] = g * px + a_t * pvx
            k[stage, 3] = g * py + a_t * pvy
            k[stage, 4] = -mdot_per_m0
        nx = x + h / 6 * (k[0, 0] + 2 * k[1, 0] + 2 * k[2, 0] + k[3, 0])
        ny = y + h / 6 * (k[0, 1] + 2 * k[1, 1] + 2 * k[2, 1] + k[3, 1])
        vx += h / 6 * (k[0, 2] + 2 * k[1, 2] + 2 * k[2, 2] + k[3, 2])
        vy += h / 6 * (k[0, 3] + 2 * k[1, 3] + 2 * k[2, 3] + k[3, 3])
        m += h / 6 * (k[0, 4] + 2 * k[1, 4] + 2 * k[2, 4] + k[3, 4])
        d_angle = math.atan2(x * ny - y * nx, x * nx + y * ny)
        angle += d_angle
        x, y = nx, ny
        t += h
    return t, m, angle / (2 * math.pi), max_steps, False


@dataclass(frozen=True)
class Spiral:
    """A spiral's cost: delta-v, time, mass left, revolutions (integration only)."""

    method: str
    delta_v_km_s: float
    time_days: float
    final_mass_kg: float
    initial_mass_kg: float
    revolutions: float | None
    from_radius_km: float
    to_radius_km: float | None  # None: escape

    @property
    def propellant_kg(self) -> float:
        return self.initial_mass_kg - self.final_mass_kg

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "delta_v_km_s": self.delta_v_km_s, "time_days": self.time_days,
                "initial_mass_kg": self.initial_mass_kg, "final_mass_kg": self.final_mass_kg,
                "propellant_kg": self.propellant_kg, "revolutions": self.revolutions,
                "from_radius_km": self.from_radius_km, "to_radius_km": self.to_radius_km}


def spiral(mu_km3_s2: float, r0_km: float, *, thrust_n: float, mass_kg: float, isp_s: float,
           r1_km: float | None = None, method: str = "integrate", steps_per_rev: int = _STEPS_PER_REV) -> Spiral:
    """Spiral from the circle of radius ``r0_km`` to the circle of radius ``r1_km``, or to escape when
    it is None, starting with ``mass_kg``.  An inward spiral (``r1_km < r0_km``; a capture from
    escape down to a circle is this function's escape from that circle) is costed as the outward one
    between the same orbits with the same starting mass: a slow spiral's delta-v hardly depends on how
    its acceleration changes, and its time follows from the delta-v and the starting mass."""
    if method not in ("integrate", "edelbaum"):
        raise InputError(f"method = {method!r}: choose integrate or edelbaum")
    for name, value in (("mu_km3_s2", mu_km3_s2), ("r0_km", r0_km), ("thrust_n", thrust_n), ("mass_kg", mass_kg),
                        ("isp_s", isp_s)):
        if not (math.isfinite(value) and value > 0):
            raise InputError(f"{name} = {value}: must be > 0")
    if r1_km is not None and not (math.isfinite(r1_km) and r1_km > 0):
        raise InputError(f"r1_km = {r1_km}: must be > 0")
    ve_km_s = isp_s * G0_M_S2 / 1000.0
    accel0 = thrust_n / mass_kg / 1000.0  # km/s^2
    lo: float = r0_km
    hi: float | None = r1_km
    if r1_km is not None and r1_km < r0_km:  # inward: costed as the outward spiral between the same circles
        lo, hi = r1_km, r0_km
    v0 = math.sqrt(mu_km3_s2 / lo)
    if method == "edelbaum":
        v1 = 0.0 if hi is None else math.sqrt(mu_km3_s2 / hi)
        dv = float(edelbaum_delta_v_km_s(v0, v1))
        mass_ratio = math.exp(-dv / ve_km_s)
        t = mass_kg * ve_km_s / (thrust_n / 1000.0) * (1 - mass_ratio)
        return Spiral("edelbaum", dv, t / 86400.0, mass_kg * mass_ratio, mass_kg, None, r0_km, r1_km)
    target = 0.0 if hi is None else -mu_km3_s2 / (2 * hi)
    t, frac, revs, _steps, done = _integrate(mu_km3_s2, lo, target, accel0, accel0 / ve_km_s, steps_per_rev,
                                             _MAX_STEPS)
    if not done:
        raise InputError(f"the spiral did not finish within {_MAX_STEPS:,} steps (thrust {thrust_n:g} N on "
                         f"{mass_kg:g} kg is too weak for this integration)")
    dv = ve_km_s * math.log(1.0 / frac)
    return Spiral("integrate", dv, t / 86400.0, mass_kg * frac, mass_kg, revs, r0_km, r1_km)
