"""The low-thrust commands: ``lowthrust`` (one optimised transfer) and ``lowthrust trade`` (a tug over power x
specific mass).

The trade's grids are parsed once, as the faces give them (``A,B,C`` or ``MIN:MAX:N``); a request too large
is refused before any optimisation runs:

>>> from marsplan.commands import lowthrust_trade
>>> lowthrust_trade(powers_kwe="100:5000:30", tofs_days="200:600:20")
Traceback (most recent call last):
...
marsplan.errors.InputError: 30 powers x 20 flight times = 600 optimisations: at most 400
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from marsplan.commands.params import (
    Choice,
    DateOrRange,
    Flag,
    Float,
    GridValues,
    Int,
    Opt,
    SchedulerAddress,
    Text,
    ValueOrRange,
    command,
    flag,
)
from marsplan.commands.trajectory import ORIGIN, TARGET
from marsplan.constants import MU_SUN_KM3_S2
from marsplan.errors import ConvergenceError, InputError, MarsplanError

__all__ = ["LowThrustReport", "LowThrustTrade", "MAX_TRADE_OPTIMISATIONS", "lowthrust", "lowthrust_trade"]

MAX_TRADE_OPTIMISATIONS = 400
"""Powers x flight times one trade may ask for (each a seeded optimisation)."""

SEED = Int(0, 2**32 - 1)
MAX_EVALUATIONS = Int(1, 10_000_000)
WORKERS_HELP = "Run on a local Dask cluster of N worker processes."
SCHEDULER_HELP = "Run on an existing Dask cluster (tcp://HOST:PORT)."
SCHEDULER = SchedulerAddress()


@dataclass
class LowThrustReport:
    """An optimised low-thrust transfer, with the impulsive (Lambert) delta-v of the same dates beside it."""

    transfer: Any
    lambert_delta_v_km_s: float | None

    def to_dict(self) -> dict[str, Any]:
        import numpy as np

        from marsplan.astro.ephemeris import state
        from marsplan.astro.frames import icrf_to_ecliptic
        from marsplan.constants import AU_KM

        tr = self.transfer
        out: dict[str, Any] = tr.to_dict()
        sc = tr.spacecraft
        out["lambert_delta_v_km_s"] = self.lambert_delta_v_km_s
        out["power_system_kg"] = sc.power_system_kg
        final = out["final_mass_kg"]
        out["net_mass_kg"] = None if final is None or sc.power_system_kg is None else final - sc.power_system_kg

        # for plots: the path (4 points a segment) and both orbits over the flight, ecliptic J2000, au
        def au(r_km: Any) -> list[list[float]]:
            rounded: list[list[float]] = np.round(icrf_to_ecliptic(np.asarray(r_km)) / AU_KM, 6).tolist()
            return rounded

        days = np.linspace(tr.departure_tdb_jd - 200.0, tr.arrival_tdb_jd + 200.0, 120)
        out["path_ecliptic_au"] = au(tr.path_km(points_per_segment=4))
        out["earth_orbit_au"] = au(state(tr.origin, days).r_km)
        out["target_orbit_au"] = au(state(tr.target, days).r_km)
        out["segment_midpoint_days"] = [round(float(d), 3) for d in tr.segment_midpoints_tdb_jd - tr.departure_tdb_jd]
        return out


def _tdb(departure: str | tuple[str, str]) -> float | tuple[float, float]:
    from marsplan.astro.time import utc_to_tdb_jd

    if isinstance(departure, str):
        return float(utc_to_tdb_jd(departure))
    return float(utc_to_tdb_jd(departure[0])), float(utc_to_tdb_jd(departure[1]))


@command("lowthrust", heavy=True)
def lowthrust(
    origin: Annotated[str, Opt("--origin", Text(), ORIGIN)] = "earth",
    target: Annotated[str, Opt("--target", Text(), TARGET)] = "mars",
    departure: Annotated[str | tuple[str, str], Opt("--depart", DateOrRange(1800, 2399), "Departure date, or a window "
                                                    "START:END (UTC); the optimiser picks the day.")] = (
        "2033-01-01", "2034-01-01"),
    tof_days: Annotated[float | tuple[float, float], Opt("--tof", ValueOrRange(1.0, 5000.0, "days"), "Flight time "
                                                         "in days: N, or MIN:MAX (free within).")] = (200.0, 500.0),
    mass_kg: Annotated[float, Opt("--mass-kg", Float(1.0, 1e7, "kg"), "Mass at departure (kg).")] = 20_000.0,
    power_kwe: Annotated[float | None, Opt("--power-kwe", Float(0.001, 1e6, "kWe"), "Electric power to the "
                                           "thrusters (kWe); thrust T = 2 eta P / (g0 Isp).")] = None,
    thrust_n: Annotated[float | None, Opt("--thrust-n", Float(1e-6, 1e5, "N"), "Thrust (N), instead of "
                                          "--power-kwe.")] = None,
    isp_s: Annotated[float, Opt("--isp-s", Float(100.0, 100_000.0, "s"), "Specific impulse (s).")] = 5_000.0,
    efficiency: Annotated[float, Opt("--efficiency", Float(0.0, 1.0, open_lo=True), "Thruster efficiency (jet "
                                     "power / electric power).")] = 0.6,
    alpha_kg_per_kwe: Annotated[float | None, Opt("--alpha-kg-per-kwe", Float(0.0, 1000.0, "kg/kWe"), "Specific "
                                                  "mass of the power and propulsion system (kg/kWe): reports the "
                                                  "net mass.")] = None,
    segments: Annotated[int, Opt("--segments", Int(1, 200), "Segments of the transcription.")] = 30,
    method: Annotated[str, Opt("--method", Choice(("sims-flanagan", "zoh")), "sims-flanagan (impulses "
                               "mid-segment) or zoh (constant thrust per segment).")] = "sims-flanagan",
    vinf_departure_km_s: Annotated[float, Opt("--vinf-dep", Float(0.0, 20.0, "km/s"), "Hyperbolic excess the "
                                              "launcher gives (km/s, at most).")] = 0.0,
    vinf_arrival_km_s: Annotated[float, Opt("--vinf-arr", Float(0.0, 20.0, "km/s"), "Arrival excess allowed "
                                            "(km/s, at most).")] = 0.0,
    flyby: Annotated[bool, Flag("--flyby", "Fly by the target (any arrival velocity).")] = False,
    starts: Annotated[int, Opt("--starts", Int(1, 100), "Seeded starts of the optimiser.")] = 4,
    seed: Annotated[int, Opt("--seed", SEED, "Random seed of the starts.")] = 0,
    max_evaluations: Annotated[int, Opt("--max-evaluations", MAX_EVALUATIONS, "Evaluation budget of the search, "
                                        "all starts together (constraint values and Jacobians): where the search "
                                        "stops, so the answer is the same on any machine.")] = 20_000,
    time_limit_s: Annotated[float, Opt("--time-limit-s", Float(1.0, 86_400.0, "s"), "Safety net only (s): a "
                                       "search still running after this much wall-clock time stops with an "
                                       "error, never with a result; bound the work with --max-evaluations."
                                       )] = 600.0,
) -> LowThrustReport:
    """The most mass-efficient low-thrust transfer between two bodies (Sims-Flanagan or zero-order hold, SLSQP).

    Thrust from ``power_kwe`` (T = 2 eta P / (g0 Isp)) or given as ``thrust_n``.  The search stops on its
    iteration limits and ``max_evaluations`` (the same answer on any machine); ``time_limit_s`` is a safety
    net that raises :class:`~marsplan.errors.ConvergenceError`.  No feasible transfer is an error that says
    how close the best attempt came and what to change."""
    import numpy as np

    from marsplan.astro.ephemeris import state
    from marsplan.astro.lambert import solve
    from marsplan.trajectory.lowthrust import LowThrustSpacecraft, NoFeasibleTransfer, optimize_transfer

    if (power_kwe is None) == (thrust_n is None):
        raise InputError(f"give {flag('power_kwe')} (thrust from power, Isp and efficiency) or {flag('thrust_n')}, "
                         "not both")
    if power_kwe is not None:
        craft = LowThrustSpacecraft.electric(mass_kg, power_kwe * 1e3, isp_s, efficiency, alpha_kg_per_kwe)
    else:
        assert thrust_n is not None  # one of the two was given
        craft = LowThrustSpacecraft(float(mass_kg), float(thrust_n), float(isp_s), None, None, alpha_kg_per_kwe)
    tr = optimize_transfer(origin, target, _tdb(departure), tof_days, craft, segments=segments, method=method,
                           vinf_departure_km_s=vinf_departure_km_s, vinf_arrival_km_s=vinf_arrival_km_s,
                           rendezvous=not flyby, starts=starts, seed=seed, max_evaluations=max_evaluations,
                           time_limit_s=time_limit_s)
    if not tr.feasible:
        mis = tr.mismatch_si
        shown = departure if isinstance(departure, str) else ":".join(departure)
        tof = f"{tof_days:g}" if isinstance(tof_days, float | int) else f"{tof_days[0]:g}:{tof_days[1]:g}"
        what = (f"no feasible low-thrust transfer {origin} -> {target} for {flag('departure')} {shown} "
                f"{flag('tof_days')} {tof} with {tr.spacecraft.thrust_n:.3g} N on {tr.spacecraft.mass_kg:,.0f} kg "
                f"({tr.status}: {tr.message}; closest miss {mis['position_km']:,.0f} km, "
                f"{mis['velocity_m_s']:,.1f} m/s)")
        if tr.status == "budget":
            raise ConvergenceError(f"{what}: raise {flag('max_evaluations')} (now {max_evaluations:,}), or allow a "
                                   f"longer {flag('tof_days')} or more thrust")
        raise NoFeasibleTransfer(f"{what}: allow a longer {flag('tof_days')}, more thrust or more {flag('starts')}")
    lambert_dv: float | None = None
    try:
        r1, v1 = state(tr.origin, tr.departure_tdb_jd)
        r2, v2 = state(tr.target, tr.arrival_tdb_jd)
        arc = solve(r1, r2, tr.tof_days * 86400.0, MU_SUN_KM3_S2)
        dv = max(float(np.linalg.norm(arc.v1_km_s - v1)) - vinf_departure_km_s, 0.0)
        if not flyby:
            dv += max(float(np.linalg.norm(v2 - arc.v2_km_s)) - vinf_arrival_km_s, 0.0)
        lambert_dv = dv
    except MarsplanError:
        lambert_dv = None
    return LowThrustReport(tr, lambert_dv)


@dataclass
class LowThrustTrade:
    """A nuclear-electric tug's cargo and trip time over power and specific mass, against a refilled Starship to
    the same Mars orbit."""

    trade: Any
    tug: str
    year: int
    starship: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"tug": self.tug, "escape_year": self.year, **self.trade.to_dict(),
                "starship": {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                             for k, v in self.starship.items()}}


@command("lowthrust trade", heavy=True)
def lowthrust_trade(
    tug: Annotated[str, Opt("--tug", Text(), "Catalog tug (zeus, tem-1mwe, nasa-nep-cargo): Isp, efficiency, "
                            "activation orbit, tanks.")] = "zeus",
    powers_kwe: Annotated[Sequence[float] | str, Opt("--powers-kwe", GridValues(1.0, 1e6, log=True), "Electric "
                                                     "powers (kWe): A,B,C or MIN:MAX:N (geometric).")] = (
        "100:5000:8"),
    alphas_kg_per_kwe: Annotated[Sequence[float] | str, Opt("--alphas", GridValues(0.0, 1000.0), "Specific masses "
                                                            "(kg/kWe): A,B,C or MIN:MAX:N.")] = "2:30:8",
    stack_t: Annotated[float, Opt("--stack-t", Float(0.1, 10_000.0, "t"), "Tug + propellant + cargo at the "
                                  "activation orbit (t).")] = 60.0,
    year: Annotated[int, Opt("--year", Int(1990, 2200), "Year the tug leaves Earth's sphere of influence.")] = 2033,
    tofs_days: Annotated[Sequence[float] | str, Opt("--tofs", GridValues(20.0, 3000.0), "Heliocentric flight times "
                                                    "(days): A,B,C or MIN:MAX:N.")] = "250:550:3",
    isp_s: Annotated[float | None, Opt("--isp-s", Float(500.0, 100_000.0, "s"), "Override the tug's specific "
                                       "impulse (s).")] = None,
    efficiency: Annotated[float | None, Opt("--efficiency", Float(0.001, 1.0), "Override the tug's "
                                            "efficiency.")] = None,
    mars_orbit_alt_km: Annotated[float, Opt("--mars-orbit-alt", Float(100.0, 100_000.0, "km"), "Circular Mars "
                                            "orbit the cargo is left in (km).")] = 500.0,
    min_payload_t: Annotated[float, Opt("--min-payload-t", Float(0.0, 10_000.0, "t"), "Cargo the fastest trip must "
                                        "still deliver (t).")] = 0.0,
    segments: Annotated[int, Opt("--segments", Int(2, 60), "Segments per optimisation.")] = 10,
    seed: Annotated[int, Opt("--seed", SEED, "Random seed of the starts.")] = 0,
    max_evaluations: Annotated[int, Opt("--max-evaluations", MAX_EVALUATIONS, "Evaluation budget of each "
                                        "optimisation (constraint values and Jacobians, its starts together): "
                                        "where it stops, so every cell is the same on any machine.")] = 20_000,
    workers: Annotated[int | None, Opt("--workers", Int(1, 256), WORKERS_HELP, http=False)] = None,
    scheduler: Annotated[str | None, Opt("--scheduler", SCHEDULER, SCHEDULER_HELP, http=False)] = None,
    scenario: str = "mars-2026",
    progress: Callable[[int, int], None] | None = None,
) -> LowThrustTrade:
    """A nuclear-electric tug's cargo and trip time over power x specific mass; the break-even against a
    refilled Starship to the same Mars orbit.

    :func:`marsplan.vehicles.tugs.tug_trade` for a catalog tug's Isp, efficiency, activation orbit and tanks
    (``isp_s``/``efficiency`` override them), the stack lifted by the scenario's ship as a cargo launcher, and
    the scenario's refilled Starship for the break-even.  Each optimisation stops on its iteration limit and
    ``max_evaluations`` (the same cells on any machine)."""
    import dataclasses

    from marsplan.campaign.nuclear import cargo_launcher_leo_kg, escape_window_tdb_jd, starship_to_mars_orbit
    from marsplan.scenario import load_scenario
    from marsplan.vehicles.tugs import get_tug, tug_trade

    spec = get_tug(tug)
    design = spec.design()
    if isp_s is not None or efficiency is not None:
        design = dataclasses.replace(design, isp_s=design.isp_s if isp_s is None else isp_s,
                                     efficiency=design.efficiency if efficiency is None else efficiency)
    powers, alphas, tofs = ([float(v) for v in values] for values in (powers_kwe, alphas_kg_per_kwe, tofs_days))
    if len(powers) * len(tofs) > MAX_TRADE_OPTIMISATIONS:
        raise InputError(f"{len(powers)} powers x {len(tofs)} flight times = {len(powers) * len(tofs)} optimisations: "
                         f"at most {MAX_TRADE_OPTIMISATIONS}")
    sc = load_scenario(scenario)
    leo = cargo_launcher_leo_kg(sc)
    starship = starship_to_mars_orbit(sc, year, mars_orbit_alt_km)
    trade = tug_trade(design, powers, alphas, stack_t * 1e3, escape_window_tdb_jd(year), tofs,
                      mars_orbit_altitude_km=mars_orbit_alt_km, launcher_leo_kg=leo,
                      min_payload_kg=min_payload_t * 1e3, starship_tonnes_per_launch=starship["tonnes_per_launch"],
                      segments=segments, seed=seed, max_evaluations=max_evaluations, workers=workers,
                      scheduler=scheduler, progress=progress)
    return LowThrustTrade(trade, spec.name, year, starship)
