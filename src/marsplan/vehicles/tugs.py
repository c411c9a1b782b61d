"""Nuclear-electric cargo tugs: what a reactor-powered electric tug delivers to Mars orbit, and when.

A tug (reactor, power conversion, radiators, electric thrusters: dry mass ``alpha P``) starts with its
cargo and propellant (the *stack*) in a circular orbit at its activation altitude, spirals out to
Earth escape, flies a heliocentric low-thrust rendezvous with Mars, and spirals down to a circular
Mars orbit.  Thrust follows from power, ``T = 2 eta P / (g0 Isp)``.  The spirals are integrated
(:func:`marsplan.trajectory.spiral.spiral`); the heliocentric leg is optimised for mass, departure
free within the window, by :func:`marsplan.trajectory.lowthrust.optimize_transfer`, starting and
ending on the planets' heliocentric orbits (the spirals end and begin at escape).  The cargo is what
is left: ``final mass - alpha P - tankage x propellant``.

Launches: the tug's own (catalog ``own_launches``) plus enough launches of a heavy launcher
(``launcher_leo_kg`` each) for the propellant, tanks and cargo, all counted at the launcher's LEO
payload (the short raise to the activation orbit is not costed).  A tug is reusable; a first trip
is charged its own launches and later trips are not credited here.

Trade (:func:`tug_trade`): at a fixed stack mass the thrust, hence the trajectory, depends on the
power only, so each power level is one task (a Dask task when a cluster is given): the heliocentric
leg at each flight time, warm-started from the one before.  The specific mass then only splits the
final mass into tug and cargo, so the whole power x alpha grid follows.  Per cell: the most cargo
(over the flight times) and its trip, and the fastest trip that still delivers ``min_payload_kg``.
Against a refilled Starship the break-even specific mass is where both deliver the same tonnes to
Mars orbit per Earth launch; the Starship flies the year's transfer of least total impulsive delta-v to the
same orbit (:func:`starship_transfer`), which is the one that carries the most tonnes per launch.

The Keldysh Research Center's megawatt module publishes 18 N at 7,000 s from 1 MWe, which is
T = 2 x 0.618 x 1 MW / (g0 x 7,000 s); its 20,290 kg make 20.29 kg per kWe:

Why one module (about 520 lines): the catalog, a tug's design, its trip (spirals and heliocentric leg) and the
trade over power x specific mass share one set of conventions and data; the heavy lifting is in
:mod:`~marsplan.trajectory.lowthrust` and :mod:`~marsplan.trajectory.spiral`.

>>> from marsplan.vehicles.tugs import get_tug
>>> tem = get_tug("tem-1mwe").design()
>>> round(tem.thrust_n, 2), tem.alpha_kg_per_kwe, tem.dry_mass_kg
(18.01, 20.29, 20290.0)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
from pydantic import ConfigDict, Field

from marsplan.astro import bodies
from marsplan.errors import InputError
from marsplan.trajectory.lowthrust import (
    DEFAULT_MAX_EVALUATIONS,
    DEFAULT_SAFETY_TIME_LIMIT_S,
    LowThrustSpacecraft,
    LowThrustTransfer,
    optimize_transfer,
    thrust_from_power_n,
)
from marsplan.trajectory.spiral import Spiral, spiral
from marsplan.validation import StrictModel

__all__ = ["STARSHIP_MAX_C3_KM2_S2", "STARSHIP_TOF_DAYS", "TugDelivery", "TugDesign", "TugSpec", "TugTrade",
           "break_even_alpha", "get_tug", "load_tugs", "starship_tonnes_per_launch", "starship_transfer",
           "tug_delivery", "tug_trade"]


class _Strict(StrictModel):
    # catalog strings are kept as written: unlike the base, no whitespace stripping
    model_config = ConfigDict(str_strip_whitespace=False)


class TugSource(_Strict):
    field: Annotated[str, Field(min_length=1)]
    title: Annotated[str, Field(min_length=1)]
    organisation: Annotated[str, Field(min_length=1)]
    year: Annotated[int, Field(ge=1950, le=2100)]
    assumption: bool = False


class TugSpec(_Strict):
    """A catalog tug (``marsplan/data/tugs.toml``)."""

    id: Annotated[str, Field(min_length=1)]
    name: Annotated[str, Field(min_length=1)]
    power_kwe: Annotated[float, Field(gt=0.0, le=100_000.0)]
    dry_mass_kg: Annotated[float, Field(gt=0.0, le=1e7)]
    isp_s: Annotated[float, Field(ge=500.0, le=100_000.0)]
    efficiency: Annotated[float, Field(gt=0.0, le=1.0)]
    activation_altitude_km: Annotated[float, Field(ge=150.0, le=100_000.0)]
    lifetime_years: Annotated[float, Field(gt=0.0, le=100.0)]
    tankage_fraction: Annotated[float, Field(ge=0.0, le=1.0)]
    own_launches: Annotated[int, Field(ge=0, le=100)]
    sources: Annotated[list[TugSource], Field(min_length=1)]

    @property
    def alpha_kg_per_kwe(self) -> float:
        return self.dry_mass_kg / self.power_kwe

    def design(self) -> TugDesign:
        return TugDesign(self.power_kwe * 1e3, self.isp_s, self.efficiency, self.alpha_kg_per_kwe,
                         self.activation_altitude_km, self.tankage_fraction, self.own_launches, self.name)


class _TugFile(_Strict):
    tugs: list[TugSpec]


@functools.cache
def load_tugs() -> dict[str, TugSpec]:
    """The tug catalog by id."""
    from marsplan.vehicles.catalog import index_by_id, read_catalog

    return index_by_id(read_catalog("tugs.toml", _TugFile).tugs, "marsplan/data/tugs.toml")


def get_tug(tug_id: str) -> TugSpec:
    tugs = load_tugs()
    if tug_id not in tugs:
        raise InputError(f"unknown tug {tug_id!r} (tugs: {', '.join(tugs)}; marsplan/data/tugs.toml)")
    return tugs[tug_id]


@dataclass(frozen=True)
class TugDesign:
    """A tug by the numbers the physics needs (from the catalog, or given directly)."""

    power_w: float
    isp_s: float
    efficiency: float
    alpha_kg_per_kwe: float
    activation_altitude_km: float = 800.0
    tankage_fraction: float = 0.05
    own_launches: int = 1
    name: str = "nuclear-electric tug"

    def __post_init__(self):
        checks = (("power_w", self.power_w, 1e3, 1e9), ("isp_s", self.isp_s, 500.0, 100_000.0),
                  ("efficiency", self.efficiency, 1e-3, 1.0), ("alpha_kg_per_kwe", self.alpha_kg_per_kwe, 0.0, 1000.0),
                  ("activation_altitude_km", self.activation_altitude_km, 150.0, 100_000.0),
                  ("tankage_fraction", self.tankage_fraction, 0.0, 1.0))
        for name, value, lo, hi in checks:
            if not (math.isfinite(value) and lo <= value <= hi):
                raise InputError(f"{name} = {value}: allowed {lo:g} to {hi:g}", param=name)

    @property
    def dry_mass_kg(self) -> float:
        return self.alpha_kg_per_kwe * self.power_w / 1e3

    @property
    def thrust_n(self) -> float:
        return float(thrust_from_power_n(self.power_w, self.isp_s, self.efficiency))


@dataclass(frozen=True)
class TugDelivery:
    """One trip: spiral out, heliocentric leg, spiral down; what is left for cargo."""

    design: TugDesign
    stack_mass_kg: float
    earth_spiral: Spiral
    transfer: LowThrustTransfer
    mars_spiral: Spiral | None
    mars_orbit_altitude_km: float
    launcher_leo_kg: float

    @property
    def feasible(self) -> bool:
        return self.transfer.feasible and self.mars_spiral is not None

    @property
    def final_mass_kg(self) -> float:
        return self.mars_spiral.final_mass_kg if self.mars_spiral is not None else math.nan

    @property
    def propellant_kg(self) -> float:
        return self.stack_mass_kg - self.final_mass_kg

    @property
    def payload_kg(self) -> float:
        """Cargo delivered to Mars orbit (negative: the stack cannot carry its own tug; NaN: no transfer)."""
        return self.final_mass_kg - self.design.dry_mass_kg - self.design.tankage_fraction * self.propellant_kg

    @property
    def trip_days(self) -> float:
        if self.mars_spiral is None or not self.transfer.feasible:
            return math.nan
        return self.earth_spiral.time_days + self.transfer.tof_days + self.mars_spiral.time_days

    @property
    def launches(self) -> int:
        cargo = max(self.stack_mass_kg - self.design.dry_mass_kg, 0.0)
        return self.design.own_launches + math.ceil(cargo / self.launcher_leo_kg - 1e-9)

    @property
    def tonnes_per_launch(self) -> float:
        return self.payload_kg / 1e3 / self.launches if self.feasible and self.payload_kg > 0 else math.nan

    def to_dict(self) -> dict[str, Any]:
        from marsplan.astro.time import tdb_jd_to_iso

        def num(v: float) -> float | None:
            return float(v) if math.isfinite(v) else None

        d = self.design
        activation = self.transfer.departure_tdb_jd - self.earth_spiral.time_days
        return {
            "tug": d.name, "power_kwe": d.power_w / 1e3, "alpha_kg_per_kwe": d.alpha_kg_per_kwe,
            "tug_dry_mass_kg": d.dry_mass_kg, "thrust_n": d.thrust_n, "isp_s": d.isp_s, "efficiency": d.efficiency,
            "stack_mass_kg": self.stack_mass_kg, "activation_altitude_km": d.activation_altitude_km,
            "activation_utc": tdb_jd_to_iso(activation), "escape_utc": tdb_jd_to_iso(self.transfer.departure_tdb_jd),
            "mars_arrival_utc": tdb_jd_to_iso(self.transfer.arrival_tdb_jd),
            "mars_orbit_altitude_km": self.mars_orbit_altitude_km,
            "earth_spiral": self.earth_spiral.to_dict(), "heliocentric": self.transfer.to_dict(),
            "mars_spiral": None if self.mars_spiral is None else self.mars_spiral.to_dict(),
            "final_mass_kg": num(self.final_mass_kg), "propellant_kg": num(self.propellant_kg),
            "payload_kg": num(self.payload_kg), "trip_days": num(self.trip_days), "launches": self.launches,
            "tonnes_per_launch": num(self.tonnes_per_launch), "feasible": self.feasible,
            "status": self.transfer.status, "message": self.transfer.message,
        }


def _legs(design: TugDesign, stack_mass_kg: float, departure_tdb_jd, tof_days, mars_orbit_altitude_km: float, *,
          segments: int, starts: int, seed: int, max_iterations: int, max_evaluations: int,
          time_limit_s: float | None, guess: LowThrustTransfer | None,
          states: Callable | None) -> tuple[Spiral, LowThrustTransfer, Spiral | None]:
    thrust = design.thrust_n
    earth = spiral(bodies.mu_km3_s2("earth"), bodies.radius_km("earth") + design.activation_altitude_km,
                   thrust_n=thrust, mass_kg=stack_mass_kg, isp_s=design.isp_s)
    craft = LowThrustSpacecraft(earth.final_mass_kg, thrust, design.isp_s)
    transfer = optimize_transfer("earth", "mars", departure_tdb_jd, tof_days, craft, segments=segments,
                                 starts=starts, seed=seed, max_iterations=max_iterations,
                                 max_evaluations=max_evaluations, time_limit_s=time_limit_s, initial_guess=guess,
                                 states=states)
    mars = None
    if transfer.feasible:
        mars = spiral(bodies.mu_km3_s2("mars"), bodies.radius_km("mars") + mars_orbit_altitude_km,
                      thrust_n=thrust, mass_kg=transfer.final_mass_kg, isp_s=design.isp_s)
    return earth, transfer, mars


def tug_delivery(design: TugDesign, stack_mass_kg: float, departure_tdb_jd, tof_days, *,
                 mars_orbit_altitude_km: float = 500.0, launcher_leo_kg: float = 100_000.0, segments: int = 20,
                 starts: int = 4, seed: int = 0, max_iterations: int = 300,
                 max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
                 time_limit_s: float | None = DEFAULT_SAFETY_TIME_LIMIT_S,
                 states: Callable | None = None) -> TugDelivery:
    """One trip of ``design`` with a stack of ``stack_mass_kg`` (tug + propellant + cargo) starting at its
    activation orbit; ``departure_tdb_jd`` (value or window) is when the tug leaves Earth's sphere of
    influence, ``tof_days`` (value or range) the heliocentric flight time.  The heliocentric leg stops on
    its iteration limit and evaluation budget (``max_evaluations``), never on the clock: ``time_limit_s`` is
    a safety net that raises :class:`~marsplan.errors.ConvergenceError`
    (:func:`~marsplan.trajectory.lowthrust.optimize_transfer`)."""
    _check_trip(stack_mass_kg, mars_orbit_altitude_km, launcher_leo_kg)
    earth, transfer, mars = _legs(design, stack_mass_kg, departure_tdb_jd, tof_days, mars_orbit_altitude_km,
                                  segments=segments, starts=starts, seed=seed, max_iterations=max_iterations,
                                  max_evaluations=max_evaluations, time_limit_s=time_limit_s, guess=None,
                                  states=states)
    return TugDelivery(design, stack_mass_kg, earth, transfer, mars, mars_orbit_altitude_km, launcher_leo_kg)


def _check_trip(stack_mass_kg: float, mars_orbit_altitude_km: float, launcher_leo_kg: float) -> None:
    for name, value, lo, hi in (("stack_mass_kg", stack_mass_kg, 100.0, 1e7),
                                ("mars_orbit_altitude_km", mars_orbit_altitude_km, 100.0, 100_000.0),
                                ("launcher_leo_kg", launcher_leo_kg, 1_000.0, 1e6)):
        if not (math.isfinite(value) and lo <= value <= hi):
            raise InputError(f"{name} = {value}: allowed {lo:g} to {hi:g}", param=name)


# --- the trade ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _PowerTask:
    design: TugDesign  # alpha is irrelevant here: the stack mass is fixed
    stack_mass_kg: float
    window: tuple[float, float]
    tofs_days: tuple[float, ...]
    mars_orbit_altitude_km: float
    segments: int
    starts: int
    seed: int
    max_iterations: int
    max_evaluations: int
    time_limit_s: float | None


def _power_row(task: _PowerTask, item: tuple[int, float]) -> tuple[int, list[dict[str, Any]]]:
    """One power level: the trip at each flight time (warm-started from the next longer one)."""
    index, power_w = item
    d = task.design
    design = TugDesign(power_w, d.isp_s, d.efficiency, d.alpha_kg_per_kwe, d.activation_altitude_km,
                       d.tankage_fraction, d.own_launches, d.name)
    guess = None
    row: list[dict[str, Any]] = [{} for _ in task.tofs_days]
    # longest flight first: it is the likeliest to be feasible, and warm-starts the shorter ones
    for k in sorted(range(len(task.tofs_days)), key=lambda i: -task.tofs_days[i]):
        tof = task.tofs_days[k]
        earth, transfer, mars = _legs(design, task.stack_mass_kg, task.window, tof, task.mars_orbit_altitude_km,
                                      segments=task.segments, starts=task.starts, seed=task.seed + 1000 * index + k,
                                      max_iterations=task.max_iterations, max_evaluations=task.max_evaluations,
                                      time_limit_s=task.time_limit_s, guess=guess, states=None)
        if transfer.feasible:
            guess = transfer
        row[k] = {"final_mass_kg": mars.final_mass_kg if mars is not None else math.nan,
                  "trip_days": earth.time_days + tof + mars.time_days if mars is not None else math.nan,
                  "earth_spiral_days": earth.time_days, "departure_tdb_jd": transfer.departure_tdb_jd,
                  "status": transfer.status}
    return index, row


@dataclass(frozen=True)
class TugTrade:
    """Cargo and trip time over power x specific mass (and heliocentric flight time)."""

    powers_kwe: np.ndarray
    alphas_kg_per_kwe: np.ndarray
    tofs_days: np.ndarray
    stack_mass_kg: float
    final_mass_kg: np.ndarray  # (power, tof)
    trip_days: np.ndarray  # (power, tof)
    departure_tdb_jd: np.ndarray  # (power, tof)
    status: np.ndarray  # (power, tof) of str
    design: TugDesign
    launcher_leo_kg: float
    min_payload_kg: float
    starship_tonnes_per_launch: float | None

    def payload_kg(self) -> np.ndarray:
        """Cargo (power, alpha, tof): final mass - alpha P - tankage x propellant."""
        dry = self.alphas_kg_per_kwe[None, :, None] * self.powers_kwe[:, None, None]
        prop = self.stack_mass_kg - self.final_mass_kg[:, None, :]
        return self.final_mass_kg[:, None, :] - dry - self.design.tankage_fraction * prop

    def launches(self) -> np.ndarray:
        """(power, alpha): the tug's own launches plus those for propellant, tanks and cargo."""
        dry = self.alphas_kg_per_kwe[None, :] * self.powers_kwe[:, None]
        cargo = np.maximum(self.stack_mass_kg - dry, 0.0)
        return self.design.own_launches + np.ceil(cargo / self.launcher_leo_kg - 1e-9)

    def best(self) -> dict[str, np.ndarray]:
        """Per (power, alpha): the most cargo over the flight times and its trip; the fastest trip that
        delivers at least ``min_payload_kg``; tonnes per launch of the most-cargo choice."""
        pay = self.payload_kg()
        trips = np.broadcast_to(self.trip_days[:, None, :], pay.shape)
        usable = np.where(np.isfinite(pay) & (pay > 0), pay, -np.inf)
        k = np.argmax(usable, axis=2)
        best_pay = np.take_along_axis(usable, k[..., None], axis=2)[..., 0]
        best_trip = np.take_along_axis(trips, k[..., None], axis=2)[..., 0]
        none = ~np.isfinite(best_pay)
        best_pay = np.where(none, np.nan, best_pay)
        best_trip = np.where(none, np.nan, best_trip)
        enough = np.isfinite(pay) & (pay >= max(self.min_payload_kg, 1e-9))
        fastest = np.where(enough, trips, np.inf).min(axis=2)
        fastest = np.where(np.isfinite(fastest), fastest, np.nan)
        per_launch = best_pay / 1e3 / self.launches()
        return {"payload_kg": best_pay, "trip_days": best_trip, "fastest_trip_days": fastest,
                "tonnes_per_launch": per_launch}

    def break_even(self) -> np.ndarray:
        """Per power: the specific mass where the tug's tonnes per launch equal the refilled Starship's
        (NaN where they never cross on this grid, or without a Starship figure)."""
        if self.starship_tonnes_per_launch is None:
            return np.full(self.powers_kwe.shape, np.nan)
        per_launch = self.best()["tonnes_per_launch"]
        return np.array([break_even_alpha(self.alphas_kg_per_kwe, row, self.starship_tonnes_per_launch)
                         for row in per_launch])

    def dataset(self):
        import xarray as xr

        b = self.best()
        return xr.Dataset(
            {"payload_kg": (("power_kwe", "alpha_kg_per_kwe"), b["payload_kg"]),
             "trip_days": (("power_kwe", "alpha_kg_per_kwe"), b["trip_days"]),
             "fastest_trip_days": (("power_kwe", "alpha_kg_per_kwe"), b["fastest_trip_days"]),
             "tonnes_per_launch": (("power_kwe", "alpha_kg_per_kwe"), b["tonnes_per_launch"]),
             "final_mass_kg": (("power_kwe", "tof_days"), self.final_mass_kg),
             "leg_trip_days": (("power_kwe", "tof_days"), self.trip_days),
             "break_even_alpha_kg_per_kwe": (("power_kwe",), self.break_even())},
            coords={"power_kwe": self.powers_kwe, "alpha_kg_per_kwe": self.alphas_kg_per_kwe,
                    "tof_days": self.tofs_days},
            attrs={"stack_mass_kg": self.stack_mass_kg, "isp_s": self.design.isp_s,
                   "efficiency": self.design.efficiency, "min_payload_kg": self.min_payload_kg})

    def to_dict(self) -> dict[str, Any]:
        def grid(a: np.ndarray) -> list:
            return [[None if not np.isfinite(v) else float(v) for v in row] for row in np.atleast_2d(a)]

        b = self.best()
        return {
            "stack_mass_kg": self.stack_mass_kg, "isp_s": self.design.isp_s, "efficiency": self.design.efficiency,
            "activation_altitude_km": self.design.activation_altitude_km,
            "tankage_fraction": self.design.tankage_fraction, "launcher_leo_kg": self.launcher_leo_kg,
            "min_payload_kg": self.min_payload_kg, "powers_kwe": [float(p) for p in self.powers_kwe],
            "alphas_kg_per_kwe": [float(a) for a in self.alphas_kg_per_kwe],
            "tofs_days": [float(t) for t in self.tofs_days],
            "payload_kg": grid(b["payload_kg"]), "trip_days": grid(b["trip_days"]),
            "fastest_trip_days": grid(b["fastest_trip_days"]), "tonnes_per_launch": grid(b["tonnes_per_launch"]),
            "starship_tonnes_per_launch": self.starship_tonnes_per_launch,
            "break_even_alpha_kg_per_kwe": grid(self.break_even())[0],
            "legs": [[{"final_mass_kg": None if not np.isfinite(self.final_mass_kg[i, k])
                       else float(self.final_mass_kg[i, k]),
                       "trip_days": None if not np.isfinite(self.trip_days[i, k]) else float(self.trip_days[i, k]),
                       "status": str(self.status[i, k])} for k in range(len(self.tofs_days))]
                     for i in range(len(self.powers_kwe))],
        }


def break_even_alpha(alphas: np.ndarray, tug_tonnes_per_launch: np.ndarray, reference: float) -> float:
    """The specific mass where the tug's tonnes per launch falls to ``reference`` (linear between grid
    points; NaN if it is above at every alpha or below at every one)."""
    a = np.asarray(alphas, float)
    t = np.where(np.isfinite(tug_tonnes_per_launch), tug_tonnes_per_launch, -np.inf) - reference
    for i in range(len(a) - 1):
        if t[i] >= 0 > t[i + 1]:
            if not np.isfinite(t[i + 1]):
                return float(a[i])
            return float(a[i] + (a[i + 1] - a[i]) * t[i] / (t[i] - t[i + 1]))
    return math.nan


def tug_trade(design: TugDesign, powers_kwe: Sequence[float], alphas_kg_per_kwe: Sequence[float],
              stack_mass_kg: float, window_tdb_jd: tuple[float, float], tofs_days: Sequence[float], *,
              mars_orbit_altitude_km: float = 500.0, launcher_leo_kg: float = 100_000.0, min_payload_kg: float = 0.0,
              starship_tonnes_per_launch: float | None = None, segments: int = 10, starts: int = 3, seed: int = 0,
              max_iterations: int = 400, max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
              time_limit_s: float | None = DEFAULT_SAFETY_TIME_LIMIT_S, workers: int | None = None,
              scheduler: str | None = None, progress: Callable[[int, int], None] | None = None) -> TugTrade:
    """The power x specific-mass trade of the module docstring (``design`` gives Isp, efficiency,
    activation orbit, tankage and own launches).  Each optimisation stops on its iteration limit and its
    evaluation budget (``max_evaluations``, each), so every cell is the same on any machine and under any
    load; ``time_limit_s`` is only a safety net per optimisation, which raises
    :class:`~marsplan.errors.ConvergenceError` (the trade fails; no cell is left empty for lack of time)."""
    from marsplan.distribute import run_tasks

    _check_trip(stack_mass_kg, mars_orbit_altitude_km, launcher_leo_kg)
    powers = np.asarray(powers_kwe, dtype=float)
    alphas = np.asarray(alphas_kg_per_kwe, dtype=float)
    tofs = np.asarray(tofs_days, dtype=float)
    for name, values, lo, hi in (("powers_kwe", powers, 1.0, 1e6), ("alphas_kg_per_kwe", alphas, 0.0, 1000.0),
                                 ("tofs_days", tofs, 20.0, 3000.0)):
        if values.size == 0 or values.size > 100 or not np.all(np.isfinite(values)) or values.min() < lo \
                or values.max() > hi:
            raise InputError(f"{name}: give 1 to 100 values between {lo:g} and {hi:g}")
    task = _PowerTask(design, float(stack_mass_kg), (float(window_tdb_jd[0]), float(window_tdb_jd[1])),
                      tuple(float(t) for t in tofs), mars_orbit_altitude_km, segments, starts, seed, max_iterations,
                      max_evaluations, time_limit_s)
    rows: dict[int, list[dict[str, float]]] = {}

    def done(pair: tuple[int, list[dict[str, float]]]) -> None:
        rows[pair[0]] = pair[1]
        if progress is not None:
            progress(len(rows), len(powers))

    run_tasks(_power_row, task, [(i, p * 1e3) for i, p in enumerate(powers)], done, workers=workers,
              scheduler=scheduler)

    def field(name: str) -> np.ndarray:
        return np.array([[cell[name] for cell in rows[i]] for i in range(len(powers))])

    return TugTrade(powers, alphas, tofs, float(stack_mass_kg), field("final_mass_kg").astype(float),
                    field("trip_days").astype(float), field("departure_tdb_jd").astype(float), field("status"),
                    design, launcher_leo_kg, min_payload_kg, starship_tonnes_per_launch)


STARSHIP_TOF_DAYS = (100.0, 450.0)
"""Flight times (days) the Starship comparator's transfers are searched over (those of the window surveys)."""
STARSHIP_MAX_C3_KM2_S2 = 60.0
"""Largest departure C3 the comparator considers (that of the window surveys)."""


def starship_transfer(refilled: Any, year: int, mars_orbit_altitude_km: float = 500.0, *,
                      tof_days: tuple[float, float] = STARSHIP_TOF_DAYS, step_days: float = 1.0,
                      max_c3_km2_s2: float = STARSHIP_MAX_C3_KM2_S2) -> Any:
    """The Earth-Mars transfer a refilled ship flies to a circular Mars orbit of ``mars_orbit_altitude_km``
    in ``year``'s window: the least total impulsive delta-v, departure burn from the ship's parking orbit
    (``refilled.parking``: ``sqrt(C3 + 2 mu/r_p) - v_p``) plus propulsive capture into the circular orbit
    (``sqrt(vinf^2 + 2 mu_mars/r) - sqrt(mu_mars/r)``).  A :class:`~marsplan.trajectory.grid.TransferPoint`,
    or None when no cell qualifies.

    Searched over the cells of a porkchop grid (:func:`marsplan.trajectory.grid.porkchop`: departures from 1
    January of ``year`` to 1 January of the next, ``tof_days`` flight times, ``step_days`` apart; type I and
    type II alike; C3 at most ``max_c3_km2_s2``; the 180-degree ridge excluded as in every optimum of the
    grid), and taken at its best cell, not refined: a one-day step moves the total by a few m/s at most,
    and the cell is the same on every machine.

    Why the least delta-v and not the lowest C3: the comparison is in tonnes to Mars orbit per Earth
    launch, and with no boil-off counted in flight (as :func:`starship_tonnes_per_launch` counts it) the
    refilled ship's largest payload for any number of tankers depends on the two burns only through
    ``exp((dv_departure + dv_capture) / ve)`` (:mod:`marsplan.vehicles.refill`), falling as it grows.  The
    least total delta-v therefore carries the most tonnes per launch (maximising those directly gives the
    same figure, but a whole number of tankers makes many cells tie; the least delta-v is the one of them
    with the most margin).  The lowest-C3 transfer arrives fast and pays for it at capture."""
    from marsplan.trajectory.grid import optimum, porkchop
    from marsplan.trajectory.orbits import Orbit

    if not (isinstance(year, int) and 1990 <= year <= 2200):
        raise InputError(f"year = {year}: allowed 1990 to 2200")
    grid = porkchop("earth", "mars", (f"{year}-01-01", f"{year + 1}-01-01"), tof_days, step_days=step_days,
                    departure_orbit=refilled.parking,
                    arrival_orbit=Orbit.circular("mars", float(mars_orbit_altitude_km)), capture="propulsive")
    return optimum(grid, "dv_total", refine_step=False, max_c3=max_c3_km2_s2)


def starship_tonnes_per_launch(refilled: Any, c3_km2_s2: float, vinf_arrival_km_s: float,
                               mars_orbit_altitude_km: float = 500.0, max_tankers: int = 30) -> dict[str, float]:
    """A refilled Starship's best tonnes to a circular Mars orbit per Earth launch (ship + tankers) on a
    transfer of departure ``c3_km2_s2`` and arrival ``vinf_arrival_km_s``: the Mars landing burn replaced by
    a propulsive capture from ``vinf_arrival_km_s`` into the orbit.  With its burns (departure from the
    parking orbit, capture) and their sum."""
    import dataclasses

    from marsplan.vehicles.refill import departure_dv_km_s

    mu = bodies.mu_km3_s2("mars")
    r = bodies.radius_km("mars") + mars_orbit_altitude_km
    capture = math.sqrt(vinf_arrival_km_s ** 2 + 2 * mu / r) - math.sqrt(mu / r)
    departure = float(departure_dv_km_s(c3_km2_s2, refilled.parking))
    ship = dataclasses.replace(refilled, landing_dv_km_s=capture)
    burns = {"capture_dv_km_s": capture, "departure_dv_km_s": departure, "total_dv_km_s": departure + capture}
    best = {"tonnes_per_launch": math.nan, "tankers": math.nan, "payload_t": math.nan, **burns}
    for tankers in range(max_tankers + 1):
        payload = float(ship.max_payload_kg(c3_km2_s2, tankers))
        if payload <= 0:
            continue
        per_launch = payload / 1e3 / (1 + tankers)
        if math.isnan(best["tonnes_per_launch"]) or per_launch > best["tonnes_per_launch"]:
            best = {"tonnes_per_launch": per_launch, "tankers": tankers, "payload_t": payload / 1e3, **burns}
    return best
