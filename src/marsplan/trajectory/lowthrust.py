"""Low-thrust (electric propulsion) heliocentric transfers between bodies, optimised for delivered mass.

The optimal-control problem (leave body A at t0 with hyperbolic excess v_d, reach body B at t0 + tof
with excess v_a, thrust at most T, maximise the final mass) is transcribed in one of two established
ways and solved as a nonlinear programme:

* **Sims-Flanagan** (Sims & Flanagan, "Preliminary design of low-thrust interplanetary missions",
  AAS 99-338, 1999; the form used by ESA's pykep, Izzo 2012): the flight is cut into N equal
  segments of length dt; each carries one impulse at its middle, ``dv_i = (T dt / m) u_i`` with
  the throttle ``|u_i| <= 1``, and the mass changes by ``exp(-|dv_i| / ve)`` across it; the arcs
  between impulses are Keplerian (:func:`marsplan.astro.kepler.kepler_step`).  As in pykep, m is
  the mass the shooting meets first: before the impulse on the forward half, after it on the
  backward half (a difference of order dt that a forward propagation must respect to meet the
  target; :meth:`LowThrustTransfer.path_km` does).
* **Zero-order hold**: the thrust vector ``T u_i`` is held constant over each segment and the
  motion ``r'' = -mu r / |r|^3 + T u / m``, ``m' = -T |u| / ve`` is integrated (classical
  Runge-Kutta, fixed substeps per segment).

Both shoot from the two ends (forward from departure over the first ``cut`` of the segments,
backward from arrival over the rest); the seven mismatches of position, velocity and mass where
they meet are equality constraints, ``1 - |u_i|^2 >= 0`` and ``|v_d| <= v_d,max`` inequalities.
The NLP is solved by SLSQP (Kraft, "A software package for sequential quadratic programming",
DFVLR-FB 88-28, 1988) as shipped in SciPy, with the constraint Jacobian by central differences in
one compiled call.  SciPy is chosen over IPOPT (cyipopt) or pygmo/pykep because it installs as a
plain wheel everywhere the project runs; pykep 3.0.1's wheel does not import (a missing data file)
and brings 0.5 GB of libraries.  Every solve has several seeded starts (the best feasible one is
kept), an iteration limit per start and an evaluation budget over all of them
(:data:`DEFAULT_MAX_EVALUATIONS`): where it stops depends on the problem and the seed only, never on the
machine's speed, its load or its thread count.  A wall-clock limit remains as a safety net only: when it
is reached the solve raises :class:`~marsplan.errors.ConvergenceError` instead of returning an answer
that a faster machine would have improved.

Electric propulsion: thrust follows from the electric power P, the thruster efficiency eta and the
specific impulse, ``T = 2 eta P / (g0 Isp)`` (jet power = eta P).

Why one module (about 550 lines): the public API and the conventions of both transcriptions, stated once;
the compiled kernels live in ``_lowthrust_kernels`` and the optimisation problem in ``_lowthrust_problem``.

Units inside the kernels are canonical: length 1 au, the Sun's GM = 1, mass = the initial mass.
Results are SI-style floats named with their units.  Boundary states come from DE440 by default
(:func:`marsplan.astro.ephemeris.state`), or from any ``states(body, tdb_jd) -> (r_km, v_km_s)``.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.astro import bodies
from marsplan.constants import AU_KM, G0_M_S2, MU_SUN_KM3_S2
from marsplan.errors import InputError, MarsplanError
from marsplan.trajectory import _lowthrust_kernels as kernels
from marsplan.trajectory._lowthrust_problem import (
    DEFAULT_MAX_EVALUATIONS,
    OutOfBudget,
    Problem,
    States,
    Tabulated,
    bounds_of,
    de440_states,
)

__all__ = [
    "AU_KM", "DEFAULT_MAX_EVALUATIONS", "DEFAULT_SAFETY_TIME_LIMIT_S", "G0_M_S2", "METHODS", "STATUSES",
    "LowThrustSpacecraft", "LowThrustTransfer", "NoFeasibleTransfer", "leg_mismatch", "optimize_transfer",
    "thrust_from_power_n",
]

METHODS = ("sims-flanagan", "zoh")
STATUSES = ("optimal", "feasible", "infeasible", "budget")
"""A solve's outcome: optimal (feasible, SLSQP's optimality test passed), feasible (the constraints met, stopped
by the iteration limit or the evaluation budget before that test), infeasible (every start ended without
meeting the constraints), budget (the evaluation budget ended the search before any start met them)."""
MAX_EVALUATIONS_LIMIT = 10_000_000
DEFAULT_SAFETY_TIME_LIMIT_S = 600.0
"""Default wall-clock safety net of one solve (s): reaching it raises, it never shapes a result."""
ZOH_SUBSTEPS = 40
class NoFeasibleTransfer(MarsplanError):
    """No transfer meets the bounds (too short a flight for the thrust, or too small an evaluation budget)."""


def thrust_from_power_n(power_w, isp_s, efficiency):
    """Thrust (N) of an electric thruster: T = 2 eta P / (g0 Isp)."""
    return 2.0 * np.asarray(efficiency, dtype=float) * np.asarray(power_w, dtype=float) / (
        G0_M_S2 * np.asarray(isp_s, dtype=float))


@dataclass(frozen=True)
class LowThrustSpacecraft:
    """What the optimiser needs of a spacecraft: its mass at departure, thrust and specific impulse.

    Build it from the engine's thrust directly, or from electric power with :meth:`electric`, which
    also records the power and the specific mass ``alpha`` (kg of power and propulsion system per kWe).
    """

    mass_kg: float
    thrust_n: float
    isp_s: float
    power_w: float | None = None
    efficiency: float | None = None
    alpha_kg_per_kw: float | None = None

    def __post_init__(self):
        for name, lo, hi in (("mass_kg", 1.0, 1e7), ("thrust_n", 1e-6, 1e6), ("isp_s", 100.0, 100_000.0)):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and lo <= value <= hi):
                raise InputError(f"{name} = {value}: allowed {lo:g} to {hi:g}", param=name)
        if self.efficiency is not None and not 0 < self.efficiency <= 1:
            raise InputError(f"efficiency = {self.efficiency}: allowed > 0 to 1", param="efficiency")
        if self.alpha_kg_per_kw is not None and not 0 <= self.alpha_kg_per_kw <= 1000:
            raise InputError(f"alpha_kg_per_kw = {self.alpha_kg_per_kw}: allowed 0 to 1000")

    @classmethod
    def electric(cls, mass_kg: float, power_w: float, isp_s: float, efficiency: float,
                 alpha_kg_per_kw: float | None = None) -> LowThrustSpacecraft:
        """A spacecraft whose thrust comes from ``power_w`` of electric power (T = 2 eta P / (g0 Isp)).

        100 kWe at 60 % into a 4,000 s thruster: 2 x 0.6 x 1e5 W / (9.80665 m/s^2 x 4000 s) = 3.06 N

        >>> round(LowThrustSpacecraft.electric(10_000, 100e3, 4000, 0.6).thrust_n, 3)
        3.059
        """
        if not (math.isfinite(power_w) and 1.0 <= power_w <= 1e9):
            raise InputError(f"power_w = {power_w}: allowed 1 W to 1 GW")
        if not 0 < efficiency <= 1:
            raise InputError(f"efficiency = {efficiency}: allowed > 0 to 1")
        return cls(float(mass_kg), float(thrust_from_power_n(power_w, isp_s, efficiency)), float(isp_s),
                   float(power_w), float(efficiency), alpha_kg_per_kw)

    @property
    def ve_m_s(self) -> float:
        """Exhaust speed, m/s."""
        return self.isp_s * G0_M_S2

    @property
    def power_system_kg(self) -> float | None:
        """Mass of the power and propulsion system, alpha P (None without both)."""
        if self.alpha_kg_per_kw is None or self.power_w is None:
            return None
        return self.alpha_kg_per_kw * self.power_w / 1000.0


def _vector3(value: Any) -> np.ndarray:
    if isinstance(value, np.ndarray) and value.dtype == np.float64 and value.shape == (3,):
        return value
    return np.asarray(value, dtype=float).reshape(3)


_SUN_UNITS = (math.sqrt(MU_SUN_KM3_S2 / AU_KM), AU_KM / math.sqrt(MU_SUN_KM3_S2 / AU_KM))
"""Canonical velocity (km/s) and time (s) units about the Sun: 1 au and the Sun's GM = 1."""


def leg_mismatch(r0_km, v0_km_s, m0_kg, r1_km, v1_km_s, m1_kg, throttles, tof_s: float, thrust_n: float,
                 isp_s: float, *, cut: float = 0.6, method: str = "sims-flanagan", substeps: int = ZOH_SUBSTEPS,
                 mu_km3_s2: float | None = None) -> np.ndarray:
    """The seven mismatches (km, km/s, kg) where a leg's forward and backward halves meet: from (r0, v0, m0)
    with ``throttles`` ((N, 3), |u| <= 1) over ``tof_s`` to (r1, v1, m1) about the Sun (or ``mu_km3_s2``);
    zero for a leg that connects.  pykep's ``leg.sims_flanagan.compute_mismatch_constraints`` in SI units."""
    if method not in METHODS:
        raise InputError(f"method = {method!r}: choose one of {', '.join(METHODS)}")
    # what an optimiser calls thousands of times: the canonical units of the Sun computed once, no array built
    # that can be filled in place (the kernel itself is some 7 us of the call)
    if mu_km3_s2 is None:
        vu, tu = _SUN_UNITS
    else:
        vu = math.sqrt(float(mu_km3_s2) / AU_KM)
        tu = AU_KM / vu
    u = throttles
    if not (isinstance(u, np.ndarray) and u.dtype == np.float64 and u.ndim == 2 and u.shape[1] == 3
            and u.flags.c_contiguous):
        u = np.ascontiguousarray(np.asarray(throttles, dtype=float).reshape(-1, 3))
    out = np.empty(7)
    thrust = thrust_n / m0_kg / (vu * 1000.0 / tu)
    ve = isp_s * G0_M_S2 / (vu * 1000.0)
    kernels.leg(method == "zoh", _vector3(r0_km), _vector3(v0_km_s), _vector3(r1_km), _vector3(v1_km_s), m1_kg / m0_kg,
                u, tof_s / tu / u.shape[0], thrust, ve, int(u.shape[0] * cut), substeps, AU_KM, vu, float(m0_kg), out)
    return out


# --- the result ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LowThrustTransfer:
    """An optimised low-thrust transfer (or the best attempt, with its status)."""

    method: str
    origin: str
    target: str
    departure_tdb_jd: float
    tof_days: float
    spacecraft: LowThrustSpacecraft
    final_mass_kg: float
    throttles: np.ndarray  # (segments, 3), |u| <= 1, in the ICRF frame
    vinf_departure_km_s: np.ndarray
    vinf_arrival_km_s: np.ndarray
    mismatch: np.ndarray  # canonical: au, orbital-speed units, initial masses
    status: str  # one of STATUSES: optimal | feasible (constraints met, optimality not proven) | infeasible | budget
    message: str
    iterations: int
    starts: int
    evaluations: int  # of the equality constraints, value or Jacobian, by the search (see optimize_transfer)
    cut: float
    mu_km3_s2: float

    @property
    def feasible(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def arrival_tdb_jd(self) -> float:
        return self.departure_tdb_jd + self.tof_days

    @property
    def segments(self) -> int:
        return int(self.throttles.shape[0])

    @property
    def propellant_kg(self) -> float:
        return self.spacecraft.mass_kg - self.final_mass_kg

    @property
    def delta_v_km_s(self) -> float:
        """Low-thrust delta-v, ve ln(m0 / mf)."""
        if not self.final_mass_kg > 0:
            return math.nan
        return self.spacecraft.ve_m_s / 1000.0 * math.log(self.spacecraft.mass_kg / self.final_mass_kg)

    @property
    def throttle_magnitudes(self) -> np.ndarray:
        return np.linalg.norm(self.throttles, axis=1)

    @property
    def segment_midpoints_tdb_jd(self) -> np.ndarray:
        dt = self.tof_days / self.segments
        return self.departure_tdb_jd + dt * (np.arange(self.segments) + 0.5)

    @property
    def mismatch_si(self) -> dict[str, float]:
        vu = math.sqrt(self.mu_km3_s2 / AU_KM)
        return {"position_km": float(np.linalg.norm(self.mismatch[:3]) * AU_KM),
                "velocity_m_s": float(np.linalg.norm(self.mismatch[3:6]) * vu * 1000.0),
                "mass_kg": float(abs(self.mismatch[6]) * self.spacecraft.mass_kg)}

    def path_km(self, states: States | None = None, points_per_segment: int = 8) -> np.ndarray:
        """Heliocentric positions (km) along the transfer, propagated forward from departure through
        every segment ((segments * points_per_segment + 1, 3)); Sims-Flanagan impulses, or the
        zero-order-hold thrust integrated."""
        states = states or de440_states
        vu = math.sqrt(self.mu_km3_s2 / AU_KM)
        tu_days = AU_KM / vu / 86400.0
        r0, v0 = states(self.origin, self.departure_tdb_jd)
        s = np.concatenate([np.asarray(r0) / AU_KM, (np.asarray(v0) + self.vinf_departure_km_s) / vu, [1.0]])
        dt = self.tof_days / tu_days / self.segments
        thrust = self.spacecraft.thrust_n / self.spacecraft.mass_kg / (vu * 1000.0 / (AU_KM / vu))
        ve = self.spacecraft.ve_m_s / (vu * 1000.0)
        if self.method == "zoh":
            out = np.empty((self.segments * points_per_segment + 1, 3))
            out[0] = s[:3]
            for i in range(self.segments):
                for p in range(points_per_segment):
                    kernels.zoh_half(s, self.throttles[i:i + 1], 0, 1, 1, dt / points_per_segment, thrust, ve,
                              max(ZOH_SUBSTEPS // points_per_segment, 4))
                    out[1 + i * points_per_segment + p] = s[:3]
            return out * AU_KM
        out = np.empty((self.segments * points_per_segment + 1, 3))
        kernels.sf_path(s, np.ascontiguousarray(self.throttles), dt, thrust, ve, int(self.segments * self.cut),
                 points_per_segment, out)
        return out * AU_KM

    def to_dict(self) -> dict[str, Any]:
        from marsplan.astro.time import tdb_jd_to_iso

        def num(v: float) -> float | None:
            return float(v) if math.isfinite(v) else None

        sc = self.spacecraft
        return {
            "method": self.method, "origin": self.origin, "target": self.target, "status": self.status,
            "message": self.message,
            "departure_utc": tdb_jd_to_iso(self.departure_tdb_jd), "arrival_utc": tdb_jd_to_iso(self.arrival_tdb_jd),
            "departure_tdb_jd": self.departure_tdb_jd, "tof_days": self.tof_days,
            "initial_mass_kg": sc.mass_kg, "final_mass_kg": num(self.final_mass_kg),
            "propellant_kg": num(self.propellant_kg), "delta_v_km_s": num(self.delta_v_km_s),
            "thrust_n": sc.thrust_n, "isp_s": sc.isp_s, "power_kwe": None if sc.power_w is None else sc.power_w / 1e3,
            "efficiency": sc.efficiency, "alpha_kg_per_kwe": sc.alpha_kg_per_kw,
            "segments": self.segments, "cut": self.cut,
            "vinf_departure_km_s": float(np.linalg.norm(self.vinf_departure_km_s)),
            "vinf_arrival_km_s": float(np.linalg.norm(self.vinf_arrival_km_s)),
            "throttle": [float(v) for v in self.throttle_magnitudes],
            "throttle_vectors": [[float(c) for c in row] for row in self.throttles],
            "mismatch": self.mismatch_si, "iterations": self.iterations, "starts": self.starts,
            "evaluations": self.evaluations,
        }


# --- the solver ----------------------------------------------------------------------------------

def optimize_transfer(origin: str, target: str, departure_tdb_jd, tof_days, spacecraft: LowThrustSpacecraft, *,
                      segments: int = 30, method: str = "sims-flanagan", vinf_departure_km_s: float = 0.0,
                      vinf_arrival_km_s: float = 0.0, rendezvous: bool = True, cut: float | None = None,
                      starts: int = 4, seed: int = 0, max_iterations: int = 400,
                      max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
                      time_limit_s: float | None = DEFAULT_SAFETY_TIME_LIMIT_S,
                      min_final_mass_fraction: float = 0.1, states: States | None = None,
                      initial_guess: LowThrustTransfer | None = None,
                      substeps: int = ZOH_SUBSTEPS) -> LowThrustTransfer:
    """The most mass-efficient low-thrust transfer from ``origin`` to ``target``.

    ``departure_tdb_jd`` and ``tof_days`` are a value (fixed) or a ``(min, max)`` pair (free within).
    ``vinf_*_km_s`` bound the hyperbolic excess the launcher (or capture) provides at each end (0: the
    spacecraft starts and ends on the body's heliocentric orbit).  ``rendezvous=False`` makes it a
    flyby (any arrival velocity).  ``starts`` seeded starts (the first from a Lambert estimate, or from
    ``initial_guess``) run one after the other; each SLSQP run stops after ``max_iterations`` iterations.

    Budget: ``max_evaluations`` counts the evaluations of the seven equality constraints that SLSQP asks
    for, their value or their Jacobian (one each; the objective, linear, is free; the judging of each
    start's result is not counted), over all starts together.  When it is spent the running start ends at
    its last iterate, which is judged like a finished start's, and no further start runs; the count, and so
    the result, depends only on the problem, the seed and the floating-point arithmetic, never on the
    machine's speed, load or thread count.  The default, :data:`DEFAULT_MAX_EVALUATIONS`, is over twice
    what any bundled case needs.

    ``time_limit_s`` is a safety net only (None: none): a solve still running after that many seconds of
    wall-clock time raises :class:`~marsplan.errors.ConvergenceError` and returns nothing.

    Never raises for an infeasible request: the result's ``status`` (:data:`STATUSES`) says so, "budget"
    when the evaluation budget ended the search before any start met the constraints.
    """
    if method not in METHODS:
        raise InputError(f"method = {method!r}: choose one of {', '.join(METHODS)}")
    origin, target = bodies.check_body(origin), bodies.check_body(target)
    if origin == target:
        raise InputError("origin and target are the same body")
    if not (isinstance(segments, int) and 1 <= segments <= 200):
        raise InputError(f"segments = {segments}: allowed 1 to 200")
    jd = bounds_of(departure_tdb_jd, "departure_tdb_jd", 2_378_497.0, 2_597_641.0)  # 1800-2399, inside DE440
    tof = bounds_of(tof_days, "tof_days", 1.0, 5_000.0)
    for name, value, hi in (("vinf_departure_km_s", vinf_departure_km_s, 20.0),
                            ("vinf_arrival_km_s", vinf_arrival_km_s, 20.0)):
        if not (math.isfinite(value) and 0 <= value <= hi):
            raise InputError(f"{name} = {value}: allowed 0 to {hi:g}")
    if time_limit_s is not None and not (math.isfinite(time_limit_s) and 0 < time_limit_s <= 86_400.0):
        raise InputError(f"time_limit_s = {time_limit_s}: allowed > 0 to 86,400 s (a safety net), or None")
    if not (isinstance(max_evaluations, int) and 1 <= max_evaluations <= MAX_EVALUATIONS_LIMIT):
        raise InputError(f"max_evaluations = {max_evaluations}: allowed 1 to {MAX_EVALUATIONS_LIMIT:,}")
    if not (isinstance(starts, int) and 1 <= starts <= 100):
        raise InputError(f"starts = {starts}: allowed 1 to 100")
    if not (isinstance(max_iterations, int) and 1 <= max_iterations <= 10_000):
        raise InputError(f"max_iterations = {max_iterations}: allowed 1 to 10,000")
    if not 0 < min_final_mass_fraction < 1:
        raise InputError(f"min_final_mass_fraction = {min_final_mass_fraction}: allowed > 0 to < 1")
    zoh = method == "zoh"
    cut = (0.5 if zoh else 0.6) if cut is None else cut
    if not 0 <= cut <= 1:
        raise InputError(f"cut = {cut}: allowed 0 to 1")
    mu = bodies.mu_km3_s2("sun")
    vu = math.sqrt(mu / AU_KM)
    va_max = vinf_arrival_km_s / vu if rendezvous else 30.0 / vu
    if states is None:
        states = Tabulated({origin: jd, target: (jd[0] + tof[0], jd[1] + tof[1])})
    prob = Problem(zoh, origin, target, jd, tof, spacecraft, segments, int(segments * cut),
                    vinf_departure_km_s / vu, va_max, rendezvous, states,
                    min_final_mass_fraction, substeps, mu, max_evaluations, time_limit_s)
    return _solve(prob, method, starts, seed, max_iterations, initial_guess, cut)


_BLAS_LOCK = threading.Lock()
_BLAS_STATE: dict[str, Any] = {"users": 0, "saved": [], "controls": None}


def _openblas_controls() -> list[tuple[Callable[[], int], Callable[[int], None]]]:
    """(get, set) of the thread count of every OpenBLAS library loaded in this process (SciPy's among
    them), from the process's memory map (Linux)."""
    controls: list[tuple[Callable[[], int], Callable[[int], None]]] = []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = sorted({line.split(None, 5)[5].strip() for line in maps
                            if line.count(" ") >= 5 and "openblas" in line.rsplit("/", 1)[-1].lower()})
    except (OSError, IndexError):
        return controls
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("", "64_", "_64_"):
                getter = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                setter = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                if getter is not None and setter is not None:
                    getter.restype, setter.restype = ctypes.c_int, None
                    setter.argtypes = [ctypes.c_int]
                    controls.append((getter, setter))
                    break
            else:
                continue
            break
    return controls


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """SLSQP's linear algebra (SciPy's LAPACK and BLAS) on one thread while any solve runs.

    OpenBLAS splits its sums over its threads, so the rounding, and from it every iterate, depends on the
    thread count: Zeus's trip with the flight time fixed at 400 days took 6,690 evaluations on 1 thread and
    6,903 on 2, and its cargo differed by a gram; and a solve run from a worker thread (the server's) took
    411 evaluations where the main thread took 505 unless OpenBLAS's own setter was called.  One thread
    makes the answer the same on every machine and thread (on these small matrices threads cost more than
    they save: that trip took 3 s on 1 thread and 66 s on 2 of a loaded 2-core machine).  The setting is
    process-wide: the first solve to start sets it, the last to end restores it.  The libraries are found
    in the process's memory map (Linux) and set through their own ``*_set_num_threads``; elsewhere through
    threadpoolctl (which, on Linux, left the worker-thread difference in place: tested)."""
    with _BLAS_LOCK:
        if _BLAS_STATE["controls"] is None:
            _BLAS_STATE["controls"] = _openblas_controls()
        if _BLAS_STATE["users"] == 0:
            if _BLAS_STATE["controls"]:
                _BLAS_STATE["saved"] = [(setter, getter()) for getter, setter in _BLAS_STATE["controls"]]
                for setter, _ in _BLAS_STATE["saved"]:
                    setter(1)
            else:
                from threadpoolctl import threadpool_limits

                _BLAS_STATE["saved"] = [threadpool_limits(limits=1, user_api="blas")]
        _BLAS_STATE["users"] += 1
    try:
        yield
    finally:
        with _BLAS_LOCK:
            _BLAS_STATE["users"] -= 1
            if _BLAS_STATE["users"] == 0:
                for saved in _BLAS_STATE["saved"]:
                    if isinstance(saved, tuple):
                        setter, count = saved
                        setter(count)
                    else:
                        saved.restore_original_limits()
                _BLAS_STATE["saved"] = []


def _solve(prob: Problem, method: str, starts: int, seed: int, max_iterations: int,
           initial_guess: LowThrustTransfer | None, cut: float) -> LowThrustTransfer:
    import scipy.optimize  # noqa: F401 - loads SciPy's BLAS before _one_blas_thread looks for it

    with _one_blas_thread():
        return _solve_here(prob, method, starts, seed, max_iterations, initial_guess, cut)


def _solve_here(prob: Problem, method: str, starts: int, seed: int, max_iterations: int,
                initial_guess: LowThrustTransfer | None, cut: float) -> LowThrustTransfer:
    from scipy.optimize import minimize

    if prob.safety_s is not None:
        prob.deadline = time.monotonic() + prob.safety_s
    prob.evaluations = 0
    rng = np.random.default_rng(seed)
    best_x: np.ndarray | None = None
    best_feasible = False
    best_converged = False
    best_stop = ""
    budget = f"the evaluation budget ({prob.max_evaluations:,})"
    best_key = (-math.inf, -math.inf)
    iterations = 0
    ran = 0
    spent = False
    last_message = ""
    previous = _encode(prob, initial_guess) if initial_guess is not None else None
    bounds = prob.bounds()
    size = prob.size

    def objective(x):
        grad = np.zeros(size)
        grad[prob.i_mf] = -1.0
        return -x[prob.i_mf], grad

    constraints = [{"type": "eq", "fun": prob.mismatch, "jac": prob.mismatch_jacobian},
                   {"type": "ineq", "fun": prob.inequalities, "jac": prob.inequality_jacobian}]
    for k in range(starts):
        # with a previous solution it is the first start, then the usual sequence
        x0 = prob.guess(rng, previous, 0) if (previous is not None and k == 0) else prob.guess(
            rng, None, k - (previous is not None))
        seen: list[np.ndarray] = []
        ran += 1
        prob.searching = True
        try:
            res = minimize(objective, x0, jac=True, method="SLSQP", bounds=bounds, constraints=constraints,
                           options={"maxiter": max_iterations, "ftol": 1e-8},
                           callback=lambda xk, seen=seen: seen.append(np.array(xk)))
            candidates = [res.x]
            converged = bool(res.success)
            iterations += int(res.nit)
            last_message = str(res.message)
            stop = "the iteration limit" if int(res.status) == 9 else f"SLSQP's exit ({last_message})"
        except OutOfBudget:
            spent = True
            candidates = seen[-1:]  # the start's last iterate
            converged = False
            iterations += len(seen)
            stop = budget
        finally:
            prob.searching = False  # judging candidates is not searching
        for x in candidates:
            viol = prob.violation(x)
            feasible = viol <= 1.0
            key = (1.0 if feasible else -viol, x[prob.i_mf] if feasible else 0.0)
            if key > best_key:
                best_key, best_x, best_feasible, best_converged, best_stop = key, x, feasible, converged, stop
        if spent:
            break
    if best_x is None:
        best_x = prob.guess(rng)
    if best_feasible:
        status = "optimal" if best_converged else "feasible"
        parts = [f"best of {ran} start(s)"]
        if not best_converged:
            parts.append(f"the best start met the constraints but stopped at {best_stop} before SLSQP's "
                         "optimality test")
        if spent and (best_converged or best_stop != budget):
            parts.append(f"{budget} ended the search")
        message = "; ".join(parts)
    else:
        status = "budget" if spent else "infeasible"
        message = (f"no transfer met the constraints in {ran} start(s) ("
                   + (f"did not converge within {prob.max_evaluations:,} evaluations; raise max_evaluations"
                      if spent else f"SLSQP: {last_message}") + ")")
    return _decode(prob, best_x, method, status, message, iterations, ran, cut)


def _encode(prob: Problem, tr: LowThrustTransfer) -> np.ndarray | None:
    if tr.segments != prob.segments:
        return None
    x = np.zeros(prob.size)
    if prob.free_t0:
        x[prob.i_t0] = (tr.departure_tdb_jd - prob.jd_bounds[0]) / prob.tu_days
    if prob.free_tof:
        x[prob.i_tof] = tr.tof_days / prob.tu_days
    x[prob.i_mf] = tr.final_mass_kg / tr.spacecraft.mass_kg
    if prob.free_vd:
        x[prob.i_vd:prob.i_vd + 3] = tr.vinf_departure_km_s / prob.vu_km_s
    if prob.free_va:
        x[prob.i_va:prob.i_va + 3] = tr.vinf_arrival_km_s / prob.vu_km_s
    # the same impulses with another thrust: scale the throttles (clipped to the unit ball)
    u = tr.throttles * tr.spacecraft.thrust_n / prob.sc.thrust_n * prob.sc.mass_kg / tr.spacecraft.mass_kg
    norm = np.maximum(np.linalg.norm(u, axis=1, keepdims=True), 1.0)
    x[prob.i_u:] = (u / norm).ravel()
    return x


def _decode(prob: Problem, x: np.ndarray, method: str, status: str, message: str, iterations: int, starts: int,
            cut: float) -> LowThrustTransfer:
    t0, tof = prob.t0_tof(x)
    mismatch = prob.mismatch(x)
    feasible = status in ("optimal", "feasible")
    return LowThrustTransfer(
        method=method, origin=prob.origin, target=prob.target, departure_tdb_jd=float(t0), tof_days=float(tof),
        spacecraft=prob.sc, final_mass_kg=float(x[prob.i_mf] * prob.sc.mass_kg) if feasible else math.nan,
        throttles=prob.throttles(x).copy(), vinf_departure_km_s=np.array(prob.vd(x)) * prob.vu_km_s,
        vinf_arrival_km_s=np.array(prob.va(x)) * prob.vu_km_s, mismatch=mismatch, status=status, message=message,
        iterations=iterations, starts=starts, evaluations=prob.evaluations, cut=cut, mu_km3_s2=prob.mu_km3_s2)
