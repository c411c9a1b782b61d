"""Size the lightest power system of each family for a load and a reliability target.

Families: solar + battery, solar + regenerative fuel cell, fission, and
fission + solar hybrid (reactors carry part of the load, arrays and
batteries the rest).  Loads come in two parts (see
:class:`~marsplan.power.environments.LoadProfile`):

* the *firm* load must meet the reliability target, as a loss-of-load
  probability (LOLP): the fraction of all simulated steps, over every
  sampled year, in which some firm load goes unmet; 0.999 means
  LOLP <= 0.001;
* the *deferrable* load (the propellant plant) must receive its yearly
  energy on average over the sampled years, and at least
  ``1 - buffer`` of it in every year (its product store covers the rest).

Solar families: for an array area the smallest storage that meets the
firm target is found by bisection (LOLP never rises as storage grows); the
pair is feasible if the deferrable energy is met too.  Areas are scanned
geometrically upward from the least area that covers the mean load, with
no fixed upper factor: the scan stops once even the lightest possible
system of a larger area (its arrays plus the least storage any area needs,
the storage found for a very large array) outweighs the best found, so no
lighter feasible system is left unexamined; the best is then refined by a
golden-section search between its grid neighbours.  Where no area up to
2,000 times the least meets the target, the family is reported infeasible.

Fission: the units are independent, each up with probability equal to
its availability, so the number up is binomial.  The firm load is lost
when fewer units are up than it needs, and the count is the smallest n
with ``P(up < needed) <= LOLP``: an exact sum, the same for every seed.
The deferrable load gets the expected surplus of the units up (up to the
plant's peak), which must cover its yearly energy.

Delivered mass counts arrays (areal mass), storage (nameplate energy over
specific energy, nameplate = usable / depth of discharge) and reactors
(unit mass); it is converted into Starship landings at the ship's payload.

NASA's Fission Surface Power unit (40 kWe, 6 t; availability 0.97, marsplan's assumption) misses a
40 kW load with probability 0.03 alone, and 0.03^2 = 0.0009 <= 0.001 with a spare, so a reliability of
0.999 takes two units:

>>> from marsplan.power.catalog import get_power_site, power_catalog
>>> from marsplan.power.environments import LoadProfile, environment
>>> from marsplan.power.sizing import fission_outage_probability, size_family
>>> round(fission_outage_probability(2, 0.97, 1), 6)
0.0009
>>> cat = power_catalog()
>>> env = environment(get_power_site("lunar-equator"), cat["arrays"]["triple-junction"], LoadProfile(40.0), 1, 1)
>>> fsp = size_family("fission", env, array=cat["arrays"]["triple-junction"], battery=cat["storage"]["li-ion"],
...                   fuel_cell=cat["storage"]["rfc"], reactor=cat["reactors"]["fsp-40"], reliability=0.999)
>>> fsp.reactors, fsp.mass_kg
(2, 12000.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from marsplan.errors import InputError
from marsplan.power.catalog import ArraySpec, ReactorSpec, StorageSpec
from marsplan.power.simulation import Environment, SimulationResult, System, simulate

__all__ = ["FAMILIES", "SizedSystem", "fission_outage_probability", "size_all", "size_family"]

FAMILIES = ("solar+battery", "solar+fuel-cell", "fission", "fission+solar")
_MAX_REACTORS = 400
_MAX_AREA_FACTOR = 2000.0
_AREA_STEP = 1.25


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


def _deferrable_met(env: Environment, delivered_kwh: np.ndarray | None) -> bool:
    target = env.deferrable_target_kwh
    if target <= 0:
        return True
    if delivered_kwh is None:
        return False
    return bool(delivered_kwh.mean() >= target * (1 - 1e-9)
                and delivered_kwh.min() >= (1.0 - env.deferrable_buffer_fraction) * target * (1 - 1e-9))


def _solar_with_storage(env: Environment, array: ArraySpec, storage: StorageSpec, lolp: float,
                        reactor_kw: np.ndarray, base_reactors: int, reactor: ReactorSpec | None,
                        family: str) -> SizedSystem:
    mean_need = float(env.load_kw.mean()) + env.deferrable_kw
    residual_mean = max(mean_need - (float(reactor_kw.mean()) if reactor_kw.size else 0.0), 0.0)
    annual_yield = float(env.pv_kw_m2.mean())  # kW per m^2, averaged over the year and years
    if annual_yield <= 0:
        return SizedSystem(family, False, math.inf, 0, 0, base_reactors, None, reactor, storage, "no sunlight")
    eta = storage.round_trip_efficiency
    # the array must at least cover the mean load (with storage losses on the share stored)
    area_min = max(residual_mean / annual_yield, 1e-6)
    hours = env.steps * env.step_h
    worst_night = max(1.0, hours / 2)
    e_cap = max(float(env.load_kw.max()) * worst_night * 4, 1.0)
    kg_per_usable_kwh = 1000.0 / storage.specific_energy_wh_kg / storage.depth_of_discharge

    def simulate_at(area, usable):
        return simulate(env, System(area, usable, eta), reactor_kw=reactor_kw)

    def min_storage(area):
        """Least usable storage meeting the firm target with this array (inf: none), and its result."""
        if simulate_at(area, e_cap).loss_of_load_probability > lolp:
            return math.inf, None
        empty = simulate_at(area, 0.0)
        if empty.loss_of_load_probability <= lolp:
            return 0.0, empty
        lo, hi = 0.0, e_cap
        for _ in range(40):
            mid = 0.5 * (lo + hi)
            if simulate_at(area, mid).loss_of_load_probability <= lolp:
                hi = mid
            else:
                lo = mid
            if hi - lo < max(0.5, 1e-2 * hi):
                break
        return hi, simulate_at(area, hi)

    masses: dict[float, tuple[float, float, Any]] = {}

    def mass_of(area):
        if area not in masses:  # the search below meets some areas twice
            masses[area] = _mass_of(area)
        return masses[area]

    def _mass_of(area):
        usable, res = min_storage(area)
        if not math.isfinite(usable) or not _deferrable_met(env, res.deferrable_kwh):
            return math.inf, usable, res
        return _mass(area, usable / storage.depth_of_discharge, base_reactors, array, storage, reactor), usable, res

    area_max = area_min * _MAX_AREA_FACTOR
    floor_usable, _ = min_storage(area_max)
    if not math.isfinite(floor_usable):
        return SizedSystem(family, False, math.inf, 0.0, 0.0, base_reactors, None, reactor, storage,
                           f"no array up to {_MAX_AREA_FACTOR:g}x the mean load with any storage meets the target")
    fixed = _mass(0.0, 0.0, base_reactors, array, None, reactor)
    best = (math.inf, 0.0, 0.0, None)
    tried: list[tuple[float, float]] = []
    area = area_min / eta
    while area <= area_max:
        m, usable, res = mass_of(area)
        tried.append((area, m))
        if m < best[0]:
            best = (m, area, usable, res)
        # every larger array weighs at least its own mass plus the least storage any array needs
        if fixed + area * _AREA_STEP * array.areal_mass_kg_m2 + floor_usable * kg_per_usable_kwh >= best[0]:
            break
        area *= _AREA_STEP
    if not math.isfinite(best[0]):
        return SizedSystem(family, False, math.inf, 0.0, 0.0, base_reactors, None, reactor, storage,
                           f"no array up to {area / area_min:,.0f}x the mean load meets the target")
    i = [a for a, _ in tried].index(best[1])
    lo = tried[max(i - 1, 0)][0]
    hi = tried[min(i + 1, len(tried) - 1)][0] if i + 1 < len(tried) else best[1] * _AREA_STEP
    g = (math.sqrt(5) - 1) / 2
    a1, a2 = hi - g * (hi - lo), lo + g * (hi - lo)
    m1, m2 = mass_of(a1)[0], mass_of(a2)[0]
    for _ in range(10):  # golden section: one new evaluation per step, the other point carried over
        if m1 <= m2:
            hi = a2
            a2, m2 = a1, m1
            a1 = hi - g * (hi - lo)
            m1 = mass_of(a1)[0]
        else:
            lo = a1
            a1, m1 = a2, m2
            a2 = lo + g * (hi - lo)
            m2 = mass_of(a2)[0]
    for a in (lo, hi, 0.5 * (lo + hi)):
        m, usable, res = mass_of(a)
        if m < best[0]:
            best = (m, a, usable, res)
    mass, area, usable, res = best
    return SizedSystem(family, True, mass, area, usable / storage.depth_of_discharge, base_reactors, res,
                       reactor, storage, extra={"areas_tried": len(tried), "area_factor": area / area_min})


def fission_outage_probability(units: int, availability: float, needed: int) -> float:
    """P(fewer than ``needed`` of ``units`` independent reactors are up): the binomial lower tail."""
    if needed <= 0:
        return 0.0
    if units < needed:
        return 1.0
    a = availability
    return float(sum(math.comb(units, j) * a**j * (1 - a) ** (units - j) for j in range(needed)))


def _expected_deferrable_kwh(env: Environment, units: int, reactor: ReactorSpec) -> float:
    """Yearly energy the units' expected surplus gives the deferrable load (up to its peak)."""
    a = reactor.availability
    pmf = np.array([math.comb(units, j) * a**j * (1 - a) ** (units - j) for j in range(units + 1)])
    up_kw = np.arange(units + 1) * reactor.power_kwe
    levels, counts = np.unique(env.load_kw, return_counts=True)
    per_level = [(pmf * np.clip(up_kw - firm, 0.0, env.deferrable_peak_kw)).sum() for firm in levels]
    return float(np.dot(per_level, counts) * env.step_h)


def _fission(env: Environment, reactor: ReactorSpec, lolp: float) -> SizedSystem:
    peak = float(env.load_kw.max())
    needed = max(1, math.ceil(peak / reactor.power_kwe - 1e-12))
    for n in range(needed, _MAX_REACTORS + 1):
        outage = fission_outage_probability(n, reactor.availability, needed)
        if outage > lolp:
            continue
        if env.deferrable_kw > 0 and _expected_deferrable_kwh(env, n, reactor) < env.deferrable_target_kwh:
            continue
        r = simulate(env, System(0.0, 0.0, 1.0, ((reactor.power_kwe, reactor.availability),) * n))
        return SizedSystem("fission", True, n * reactor.mass_kg, 0.0, 0.0, n, r, reactor, None,
                           extra={"outage_probability": outage})
    return SizedSystem("fission", False, math.inf, 0.0, 0.0, _MAX_REACTORS, None, reactor, None,
                       f"more than {_MAX_REACTORS} reactors")


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
                               battery, "fission alone is lightest", dict(pure.extra))
        return best
    raise InputError(f"family {family!r}: choose one of {', '.join(FAMILIES)}")


def size_all(env: Environment, **kwargs) -> list[SizedSystem]:
    """Every family, in :data:`FAMILIES` order."""
    return [size_family(f, env, **kwargs) for f in FAMILIES]
