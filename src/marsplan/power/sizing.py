"""Size the lightest power system of each family for a load and a reliability target.

Families: solar + battery, solar + regenerative fuel cell, fission, and
fission + solar hybrid (reactors carry part of the load, arrays and
batteries the rest).  Reliability is the loss-of-load probability (LOLP):
the fraction of all simulated steps, over every sampled year, in which
some load goes unmet; a system meets a target of 0.999 when LOLP <= 0.001.

For solar families, for each array area on a geometric grid the smallest
storage that meets the target is found by bisection (LOLP never rises as
storage grows), and the lightest (area, storage) pair wins, then the
area is refined around it.  Fission adds identical units until the target
holds.  Delivered mass counts arrays (areal mass), storage (nameplate
energy over specific energy, nameplate = usable / depth of discharge) and
reactors (unit mass); it is converted into Starship landings at the ship's
payload.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from marsplan.errors import InputError
from marsplan.power.catalog import ArraySpec, ReactorSpec, StorageSpec
from marsplan.power.simulate import Environment, SimulationResult, System, simulate

__all__ = ["FAMILIES", "SizedSystem", "size_all", "size_family"]

FAMILIES = ("solar+battery", "solar+fuel-cell", "fission", "fission+solar")
_MAX_REACTORS = 400


@dataclass
class SizedSystem:
    family: str
    feasible: bool
    mass_kg: float
    array_area_m2: float
    storage_kwh: float
    reactors: int
    result: SimulationResult | None
    reactor_spec: ReactorSpec | None = None
    storage_spec: StorageSpec | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def system(self) -> System:
        usable = self.storage_kwh * (self.storage_spec.depth_of_discharge if self.storage_spec else 1.0)
        eta = self.storage_spec.round_trip_efficiency if self.storage_spec else 1.0
        reactors = ((self.reactor_spec.power_kwe, self.reactor_spec.availability),) * self.reactors \
            if self.reactor_spec else ()
        return System(self.array_area_m2, usable, eta, reactors)


def _mass(area, storage_nameplate_kwh, reactors, array: ArraySpec, storage: StorageSpec | None,
          reactor: ReactorSpec | None) -> float:
    mass = area * array.areal_mass_kg_m2
    if storage is not None:
        mass += storage_nameplate_kwh * 1000.0 / storage.specific_energy_wh_kg
    if reactor is not None:
        mass += reactors * reactor.mass_kg
    return mass


def _solar_with_storage(env: Environment, array: ArraySpec, storage: StorageSpec, lolp: float,
                        reactor_kw: np.ndarray, base_reactors: int, reactor: ReactorSpec | None,
                        family: str) -> SizedSystem:
    residual_mean = max(float(env.load_kw.mean() - (reactor_kw.mean() if reactor_kw.size else 0.0)), 0.0)
    annual_yield = float(env.pv_kw_m2.mean())  # kW per m^2, averaged over the year and years
    if annual_yield <= 0:
        return SizedSystem(family, False, math.inf, 0, 0, base_reactors, None, reactor, storage, "no sunlight")
    eta = storage.round_trip_efficiency
    # the array must at least cover the mean load, with storage losses on the share stored
    area_min = max(residual_mean / annual_yield, 1e-6)
    hours = env.steps * env.step_h
    worst_night = max(1.0, hours / 2)
    e_cap = max(env.load_kw.max() * worst_night * 4, 1.0)

    def lolp_of(area, usable):
        sysm = System(area, usable, eta)
        r = simulate(env, sysm, reactor_kw=reactor_kw)
        return r.loss_of_load_probability, r

    def min_storage(area):
        ok, _ = lolp_of(area, e_cap)
        if ok > lolp:
            return math.inf, None
        lo, hi = 0.0, e_cap
        if lolp_of(area, 0.0)[0] <= lolp:
            return 0.0, lolp_of(area, 0.0)[1]
        for _ in range(30):
            mid = 0.5 * (lo + hi)
            if lolp_of(area, mid)[0] <= lolp:
                hi = mid
            else:
                lo = mid
            if hi - lo < max(0.5, 1e-2 * hi):
                break
        return hi, lolp_of(area, hi)[1]

    def mass_of(area):
        usable, res = min_storage(area)
        if not math.isfinite(usable):
            return math.inf, usable, res
        return _mass(area, usable / storage.depth_of_discharge, base_reactors, array, storage, reactor), usable, res

    factors = np.geomspace(1.0 / eta, 12.0, 12)
    best = (math.inf, 0.0, 0.0, None)
    tried = []
    for f in factors:
        m, usable, res = mass_of(area_min * f)
        tried.append((area_min * f, m))
        if m < best[0]:
            best = (m, area_min * f, usable, res)
    if not math.isfinite(best[0]):
        return SizedSystem(family, False, math.inf, 0.0, 0.0, base_reactors, None, reactor, storage,
                           "no array up to 12x the mean load meets the target")
    # golden-section refinement of the area between the grid neighbours of the best point
    i = [a for a, _ in tried].index(best[1])
    lo = tried[max(i - 1, 0)][0]
    hi = tried[min(i + 1, len(tried) - 1)][0]
    g = (math.sqrt(5) - 1) / 2
    for _ in range(8):
        a1, a2 = hi - g * (hi - lo), lo + g * (hi - lo)
        m1, m2 = mass_of(a1)[0], mass_of(a2)[0]
        if m1 <= m2:
            hi = a2
        else:
            lo = a1
    for a in (lo, hi, 0.5 * (lo + hi)):
        m, usable, res = mass_of(a)
        if m < best[0]:
            best = (m, a, usable, res)
    mass, area, usable, res = best
    return SizedSystem(family, True, mass, area, usable / storage.depth_of_discharge, base_reactors, res,
                       reactor, storage)


def _fission(env: Environment, reactor: ReactorSpec, lolp: float) -> SizedSystem:
    peak = float(env.load_kw.max())
    n = max(1, math.ceil(peak / reactor.power_kwe))
    while n <= _MAX_REACTORS:
        sysm = System(0.0, 0.0, 1.0, ((reactor.power_kwe, reactor.availability),) * n)
        r = simulate(env, sysm)
        if r.loss_of_load_probability <= lolp:
            return SizedSystem("fission", True, n * reactor.mass_kg, 0.0, 0.0, n, r, reactor, None)
        n += 1
    return SizedSystem("fission", False, math.inf, 0.0, 0.0, n, None, reactor, None, "too many reactors")


def size_family(family: str, env: Environment, *, array: ArraySpec, battery: StorageSpec, fuel_cell: StorageSpec,
                reactor: ReactorSpec, reliability: float) -> SizedSystem:
    """The lightest system of one family meeting ``reliability`` (e.g. 0.999)."""
    if not 0 < reliability < 1:
        raise InputError(f"reliability = {reliability}: allowed strictly between 0 and 1 (e.g. 0.999)")
    lolp = 1.0 - reliability
    none = np.zeros((env.years, env.steps), dtype=np.float32)
    if family == "solar+battery":
        return _solar_with_storage(env, array, battery, lolp, none, 0, None, family)
    if family == "solar+fuel-cell":
        return _solar_with_storage(env, array, fuel_cell, lolp, none, 0, None, family)
    if family == "fission":
        return _fission(env, reactor, lolp)
    if family == "fission+solar":
        pure = _fission(env, reactor, lolp)
        best = None
        # a hybrid replaces a few reactors at most; fewer would need arrays sized for the base load
        for k in range(max(1, pure.reactors - 3), max(pure.reactors, 1)):
            r_kw = env.reactor_kw(((reactor.power_kwe, reactor.availability),) * k)
            sized = _solar_with_storage(env, array, battery, lolp, r_kw, k, reactor, family)
            if sized.feasible and (best is None or sized.mass_kg < best.mass_kg):
                best = sized
        if best is None or (pure.feasible and pure.mass_kg <= best.mass_kg):
            # no hybrid beats fission alone: the hybrid degenerates to it
            return SizedSystem(family, pure.feasible, pure.mass_kg, 0.0, 0.0, pure.reactors, pure.result, reactor,
                               battery, "fission alone is lightest")
        return best
    raise InputError(f"family {family!r}: choose one of {', '.join(FAMILIES)}")


def size_all(env: Environment, **kwargs) -> list[SizedSystem]:
    """Every family, in :data:`FAMILIES` order."""
    return [size_family(f, env, **kwargs) for f in FAMILIES]
