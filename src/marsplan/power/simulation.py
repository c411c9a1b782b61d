"""Hour-by-hour power balance of a surface power system over many sampled years.

Each step the system's generation (arrays plus available reactors) meets
the firm load; a surplus charges storage (at the one-way efficiency
sqrt(round trip)), then runs the deferrable load (the propellant plant, up
to its peak power) and what neither takes is curtailed; a deficit is
drawn from storage down to its depth-of-discharge limit, and what remains
is unmet.  Every sampled year starts with full storage and runs
independently, in parallel (numba), so Monte Carlo years are one
vectorized call.  Per year it returns energy generated, served (firm),
delivered to the deferrable load, unmet, curtailed and lost in storage,
hours with unmet firm load and the lowest state of charge; by construction
``generated + storage_drawdown = served + deferrable + curtailed +
storage_losses`` and ``served + unmet = demand``.  The deferrable load
never draws on storage, which is kept for the firm load.

Time steps: a Mars year is 668.6 sols of 24 Mars hours (1/24 sol =
3,699 s); a lunar run is 12 synodic months of Earth hours.

On the lunar equator a 10 kW reactor of availability 0.95, down for one block of 5 % of the year,
misses its 10 kW load 5 % of the hours, and arrays without storage miss it every night (half the hours,
a little more with the Sun low):

>>> from marsplan.power.catalog import get_power_site, power_catalog
>>> from marsplan.power.environments import LoadProfile, environment
>>> from marsplan.power.simulation import System, simulate
>>> env = environment(get_power_site("lunar-equator"), power_catalog()["arrays"]["triple-junction"],
...                   LoadProfile(10.0), years=1, seed=1)
>>> round(simulate(env, System(reactors=((10.0, 0.95),))).loss_of_load_probability, 3)
0.05
>>> round(simulate(env, System(array_area_m2=1000.0)).loss_of_load_probability, 2)
0.51
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numba as nb
import numpy as np

from marsplan.errors import InputError
from marsplan.threads import twin

__all__ = ["Environment", "SimulationResult", "System", "simulate"]


@dataclass(frozen=True)
class System:
    """What is installed: array area, usable storage, and per-year reactor output."""

    array_area_m2: float = 0.0
    storage_usable_kwh: float = 0.0
    round_trip_efficiency: float = 0.9
    reactors: tuple[tuple[float, float], ...] = ()  # (power_kwe, availability) per unit

    def __post_init__(self):
        if self.array_area_m2 < 0 or self.storage_usable_kwh < 0:
            raise InputError("array area and storage must be >= 0")
        if not 0 < self.round_trip_efficiency <= 1:
            raise InputError(f"round_trip_efficiency = {self.round_trip_efficiency}: allowed > 0 to 1")


@dataclass
class Environment:
    """Per-year, per-step array output per m^2 and load: what a site and a load give.

    ``pv_kw_m2`` has shape (years, steps); ``load_kw`` (steps,) is the firm load; ``step_h`` the step in
    hours; ``daylight`` (steps,) marks steps with the Sun up (for day/night loads and plots).  The
    deferrable load needs ``deferrable_kw`` on average (its yearly energy target) and can take up to
    ``deferrable_peak_kw`` at any step.
    """

    body: str
    site: str
    pv_kw_m2: np.ndarray
    load_kw: np.ndarray
    step_h: float
    daylight: np.ndarray
    has_global_storm: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    seed: int = 0
    deferrable_kw: float = 0.0
    deferrable_peak_kw: float = 0.0
    deferrable_buffer_fraction: float = 0.0

    @property
    def deferrable_target_kwh(self) -> float:
        """Yearly energy the deferrable load needs."""
        return self.deferrable_kw * self.steps * self.step_h

    @property
    def years(self) -> int:
        return self.pv_kw_m2.shape[0]

    @property
    def steps(self) -> int:
        return self.pv_kw_m2.shape[1]

    def reactor_kw(self, reactors: tuple[tuple[float, float], ...]) -> np.ndarray:
        """Reactor output (years, steps): each unit has one forced-outage block per year whose
        length is (1 - availability) of the year, starting at a random step (seeded)."""
        out = np.zeros((self.years, self.steps), dtype=np.float32)
        if not reactors:
            return out
        rng = np.random.default_rng(self.seed + 7919)
        idx = np.arange(self.steps)
        for power, availability in reactors:
            outage = int(round((1.0 - availability) * self.steps))
            starts = rng.integers(0, self.steps, size=self.years)
            down = ((idx[None, :] - starts[:, None]) % self.steps) < outage
            out += np.where(down, 0.0, power).astype(np.float32)
        return out


MIN_PARALLEL_YEARS = 2
"""Fewest sampled years (each some 16,000 steps) for which a call runs the kernel's parallel build
(:mod:`marsplan.threads`): below it the serial build is faster even on an idle machine (idle 2-core machine: 0.17 ms
serial, 0.10 ms parallel for 2 years; one year cannot be shared; ``make bench`` measures both across sizes)."""
MIN_PARALLEL_YEARS_BUSY = 120
"""Fewest years for the parallel build while other programs keep the cores busy: where the serial build
takes some 10 ms, long enough to hide a parallel call's wait for a core (measured under ``make bench``'s CPU
hog)."""


@twin(min_parallel_work=MIN_PARALLEL_YEARS, min_parallel_work_busy=MIN_PARALLEL_YEARS_BUSY)
def _dispatch(pv_kw_m2, reactor_kw, load_kw, area, capacity, eta, step_h, deferrable_peak_kw, stats, trace,
              trace_year):
    years, steps = pv_kw_m2.shape
    for y in nb.prange(years):
        soc = capacity
        min_soc = capacity
        gen_e = served = unmet = curtailed = losses = deferred = 0.0
        unmet_steps = 0
        for t in range(steps):
            gen = pv_kw_m2[y, t] * area + reactor_kw[y, t]
            load = load_kw[t]
            if gen >= load:
                surplus = (gen - load) * step_h
                room = capacity - soc
                stored = min(surplus * eta, room)
                soc += stored
                taken = stored / eta if eta > 0 else 0.0
                losses += taken - stored
                to_plant = min(surplus - taken, deferrable_peak_kw * step_h)
                deferred += to_plant
                curtailed += surplus - taken - to_plant
                served_t = load * step_h
                unmet_t = 0.0
            else:
                deficit = (load - gen) * step_h
                delivered = min(deficit, soc * eta)
                drawn = delivered / eta if eta > 0 else 0.0
                soc = max(soc - drawn, 0.0)
                losses += drawn - delivered
                served_t = gen * step_h + delivered
                unmet_t = deficit - delivered
                if unmet_t > 1e-9 * max(1.0, load * step_h):
                    unmet_steps += 1
                else:
                    unmet_t = 0.0
            gen_e += gen * step_h
            served += served_t
            unmet += unmet_t
            if soc < min_soc:
                min_soc = soc
            if y == trace_year:
                trace[0, t] = gen
                trace[1, t] = served_t / step_h
                trace[2, t] = soc
        stats[y, 0] = gen_e
        stats[y, 1] = served
        stats[y, 2] = unmet
        stats[y, 3] = curtailed
        stats[y, 4] = losses
        stats[y, 5] = unmet_steps
        stats[y, 6] = min_soc / capacity if capacity > 0 else 0.0
        stats[y, 7] = capacity - soc
        stats[y, 8] = deferred


@dataclass
class SimulationResult:
    """Per-year statistics (arrays of length years) and an optional trace of one year."""

    generated_kwh: np.ndarray
    served_kwh: np.ndarray
    unmet_kwh: np.ndarray
    curtailed_kwh: np.ndarray
    storage_loss_kwh: np.ndarray
    unmet_steps: np.ndarray
    min_soc_fraction: np.ndarray
    storage_drawdown_kwh: np.ndarray
    demand_kwh: float
    steps: int
    trace: np.ndarray | None = None
    deferrable_kwh: np.ndarray | None = None  # energy delivered to the deferrable load, per year

    @property
    def loss_of_load_probability(self) -> float:
        """Fraction of all simulated steps with unmet load."""
        return float(self.unmet_steps.sum() / (self.steps * self.unmet_steps.size))

    @property
    def unmet_energy_fraction(self) -> float:
        return float(self.unmet_kwh.sum() / (self.demand_kwh * self.unmet_kwh.size)) if self.demand_kwh else 0.0


def simulate(env: Environment, system: System, *, trace_year: int = -1,
             reactor_kw: np.ndarray | None = None) -> SimulationResult:
    """Run ``system`` through every sampled year of ``env``."""
    eta = math.sqrt(system.round_trip_efficiency)
    reactors = env.reactor_kw(system.reactors) if reactor_kw is None else reactor_kw
    stats = np.zeros((env.years, 9))
    trace = np.zeros((3, env.steps if trace_year >= 0 else 1))
    _dispatch(env.pv_kw_m2, reactors, env.load_kw, float(system.array_area_m2), float(system.storage_usable_kwh),
              eta, env.step_h, float(env.deferrable_peak_kw), stats, trace, int(trace_year), work=env.years)
    return SimulationResult(stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3], stats[:, 4], stats[:, 5],
                            stats[:, 6], stats[:, 7], float(env.load_kw.sum() * env.step_h), env.steps,
                            trace if trace_year >= 0 else None, stats[:, 8])
