"""The rocket equation, with staging.

Tsiolkovsky: a stage of specific impulse Isp changes velocity by
``dv = Isp * g0 * ln(m0 / mf)``.  Everything here is the *impulsive,
gravity-loss-free* model: burns are instantaneous changes of velocity, so
gravity and steering losses must be added to the delta-v by the caller
(marsplan adds them only where a cited figure includes them, e.g. the Mars
ascent delta-v).  g0 is the standard gravity 9.80665 m/s^2 (3rd CGPM, 1901).

A mass ratio of e gives exactly the exhaust velocity, Isp * g0 (300 s: 2.942 km/s), and a
Starship-like 220 t (dry mass and payload) needs 220 * (exp(3.6 / 3.677) - 1) = 366 t of propellant
for 3.6 km/s at 375 s:

>>> import math
>>> from marsplan.vehicles.rocket import Stage, delta_v_km_s, propellant_for_delta_v_kg, stack_delta_v_km_s
>>> round(float(delta_v_km_s(300.0, math.e * 1000.0, 1000.0)), 4)
2.942
>>> round(float(propellant_for_delta_v_kg(3.6, 375.0, 220_000.0)) / 1000.0, 1)
365.6
>>> [round(dv, 3) for dv in stack_delta_v_km_s([Stage(10_000, 90_000, 300), Stage(1_000, 9_000, 350)], 1_000)]
[4.898, 5.851]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from marsplan.constants import G0_KM_S2
from marsplan.errors import InputError

__all__ = [
    "G0_KM_S2",
    "Stage",
    "delta_v_km_s",
    "exhaust_velocity_km_s",
    "final_mass_kg",
    "propellant_for_delta_v_kg",
    "stack_delta_v_km_s",
]


def exhaust_velocity_km_s(isp_s):
    """Effective exhaust velocity Isp * g0 (km/s)."""
    isp = np.asarray(isp_s, dtype=float)
    if np.any(~(isp > 0)):
        raise InputError(f"isp_s = {isp_s}: must be > 0 s")
    return isp * G0_KM_S2


def delta_v_km_s(isp_s, initial_mass_kg, final_mass_kg):
    """Delta-v of a burn from ``initial_mass_kg`` down to ``final_mass_kg``."""
    m0 = np.asarray(initial_mass_kg, dtype=float)
    mf = np.asarray(final_mass_kg, dtype=float)
    if np.any(~(mf > 0)) or np.any(m0 < mf):
        raise InputError("masses must satisfy initial_mass_kg >= final_mass_kg > 0")
    return exhaust_velocity_km_s(isp_s) * np.log(m0 / mf)


def propellant_for_delta_v_kg(delta_v, isp_s, final_mass_kg):
    """Propellant that gives ``delta_v`` (km/s) to a vehicle ending at ``final_mass_kg``."""
    dv = np.asarray(delta_v, dtype=float)
    if np.any(dv < 0):
        raise InputError(f"delta_v = {delta_v}: must be >= 0 km/s")
    return np.asarray(final_mass_kg, dtype=float) * np.expm1(dv / exhaust_velocity_km_s(isp_s))


def final_mass_kg(delta_v, isp_s, initial_mass_kg):
    """Mass left after a burn of ``delta_v`` (km/s) from ``initial_mass_kg``."""
    return np.asarray(initial_mass_kg, dtype=float) * np.exp(-np.asarray(delta_v, dtype=float)
                                                              / exhaust_velocity_km_s(isp_s))


@dataclass(frozen=True)
class Stage:
    """A rocket stage: inert (dry) mass, propellant burned, specific impulse."""

    dry_mass_kg: float
    propellant_kg: float
    isp_s: float

    def __post_init__(self):
        if not self.dry_mass_kg > 0:
            raise InputError(f"dry_mass_kg = {self.dry_mass_kg}: must be > 0")
        if not self.propellant_kg >= 0:
            raise InputError(f"propellant_kg = {self.propellant_kg}: must be >= 0")
        if not self.isp_s > 0:
            raise InputError(f"isp_s = {self.isp_s}: must be > 0")


def stack_delta_v_km_s(stages: Sequence[Stage], payload_kg: float) -> list[float]:
    """Delta-v of each stage of a serial stack (first stage first) carrying ``payload_kg``.

    Each stage burns all its propellant while pushing every stage above it
    and the payload, then drops its dry mass.
    """
    if payload_kg < 0:
        raise InputError(f"payload_kg = {payload_kg}: must be >= 0")
    above = payload_kg
    masses = []
    for stage in reversed(stages):
        masses.append(above)
        above += stage.dry_mass_kg + stage.propellant_kg
    dvs = []
    for stage, upper in zip(stages, reversed(masses), strict=True):
        m0 = upper + stage.dry_mass_kg + stage.propellant_kg
        mf = upper + stage.dry_mass_kg
        dvs.append(float(stage.isp_s * G0_KM_S2 * math.log(m0 / mf)))
    return dvs
