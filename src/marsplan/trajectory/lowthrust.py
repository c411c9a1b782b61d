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
from dataclasses import dataclass, field
from typing import Any

import numba as nb
import numpy as np

from marsplan.astro import bodies
from marsplan.astro.kepler import kepler_step
from marsplan.errors import ConvergenceError, InputError, MarsplanError

__all__ = [
    "AU_KM", "DEFAULT_MAX_EVALUATIONS", "DEFAULT_SAFETY_TIME_LIMIT_S", "G0_M_S2", "METHODS", "STATUSES",
    "LowThrustSpacecraft", "LowThrustTransfer", "NoFeasibleTransfer", "leg_mismatch", "optimize_transfer",
    "thrust_from_power_n",
]

AU_KM = 149_597_870.7
"""The astronomical unit (IAU 2012 Resolution B2), km."""
G0_M_S2 = 9.80665
"""Standard gravity (used to turn specific impulse into exhaust speed), m/s^2."""
METHODS = ("sims-flanagan", "zoh")
STATUSES = ("optimal", "feasible", "infeasible", "budget")
"""A solve's outcome: optimal (feasible, SLSQP's optimality test passed), feasible (the constraints met, stopped
by the iteration limit or the evaluation budget before that test), infeasible (every start ended without
meeting the constraints), budget (the evaluation budget ended the search before any start met them)."""
DEFAULT_MAX_EVALUATIONS = 20_000
"""Default evaluation budget of one solve, all starts together (see :func:`optimize_transfer`).  The bundled
cases need at most about 7,900 (pykep's zero-order-hold case, 10 starts), the scenario's Zeus trip about
1,400, a cell of the plan's tug trade at most about 6,000 (an infeasible flight time, 3 starts of up to 400
iterations): none of them meets it, so they end where the iteration limit or SLSQP's convergence ends them."""
MAX_EVALUATIONS_LIMIT = 10_000_000
DEFAULT_SAFETY_TIME_LIMIT_S = 600.0
"""Default wall-clock safety net of one solve (s): reaching it raises, it never shapes a result."""
FEASIBILITY_TOL = 1e-6
"""Largest canonical mismatch of a feasible transfer: 1e-6 au (150 km), 1e-6 of the orbital speed unit
(3 cm/s), 1e-6 of the initial mass; the tolerance pykep's notebooks use."""
THROTTLE_TOL = 1e-5
"""Largest violation of 1 - |u|^2 >= 0 (a throttle 5 parts per million above full) and of the excess-speed bounds."""
ZOH_SUBSTEPS = 40
_FD_STEP = 1e-7
_MASS_FLOOR = 1e-9

States = Callable[[str, float], tuple[np.ndarray, np.ndarray]]


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
                raise InputError(f"{name} = {value}: allowed {lo:g} to {hi:g}")
        if self.efficiency is not None and not 0 < self.efficiency <= 1:
            raise InputError(f"efficiency = {self.efficiency}: allowed > 0 to 1")
        if self.alpha_kg_per_kw is not None and not 0 <= self.alpha_kg_per_kw <= 1000:
            raise InputError(f"alpha_kg_per_kw = {self.alpha_kg_per_kw}: allowed 0 to 1000")

    @classmethod
    def electric(cls, mass_kg: float, power_w: float, isp_s: float, efficiency: float,
                 alpha_kg_per_kw: float | None = None) -> LowThrustSpacecraft:
        """A spacecraft whose thrust comes from ``power_w`` of electric power (T = 2 eta P / (g0 Isp))."""
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


# --- compiled kernels (canonical units) -------------------------------------------------------------

@nb.njit(cache=True, nogil=True, inline="always")
def _step(s, dt):
    out = kepler_step(s[0], s[1], s[2], s[3], s[4], s[5], dt, 1.0)
    for k in range(6):
        s[k] = out[k]


@nb.njit(cache=True, nogil=True)
def _sf_half(s, u, first, count, sign, dt, thrust, ve):
    """Sims-Flanagan shooting over ``count`` segments from state ``s`` (r, v, m), forward (sign 1,
    segments first, first+1, ...) or backward (sign -1, segments first, first-1, ...)."""
    if count == 0:
        return
    _step(s, sign * dt / 2)
    for j in range(count):
        i = first + sign * j
        c = thrust * dt / max(s[6], _MASS_FLOOR)  # a start that burns everything must not divide by zero
        dvx, dvy, dvz = c * u[i, 0], c * u[i, 1], c * u[i, 2]
        s[3] += sign * dvx
        s[4] += sign * dvy
        s[5] += sign * dvz
        s[6] *= math.exp(max(-sign * math.sqrt(dvx * dvx + dvy * dvy + dvz * dvz) / ve, -700.0))
        _step(s, sign * (dt if j < count - 1 else dt / 2))


@nb.njit(cache=True, nogil=True, inline="always")
def _zoh_rate(s, ax, ay, az, mdot, out):
    r2 = s[0] * s[0] + s[1] * s[1] + s[2] * s[2]
    k = -1.0 / (r2 * math.sqrt(r2))
    m = max(s[6], _MASS_FLOOR)
    out[0], out[1], out[2] = s[3], s[4], s[5]
    out[3] = k * s[0] + ax / m
    out[4] = k * s[1] + ay / m
    out[5] = k * s[2] + az / m
    out[6] = mdot


@nb.njit(cache=True, nogil=True)
def _zoh_half(s, u, first, count, sign, dt, thrust, ve, substeps):
    """Zero-order-hold shooting: constant thrust over each segment, classical RK4 with fixed substeps."""
    k1 = np.empty(7)
    k2 = np.empty(7)
    k3 = np.empty(7)
    k4 = np.empty(7)
    tmp = np.empty(7)
    h = sign * dt / substeps
    for j in range(count):
        i = first + sign * j
        ax, ay, az = thrust * u[i, 0], thrust * u[i, 1], thrust * u[i, 2]
        mdot = -thrust * math.sqrt(u[i, 0] ** 2 + u[i, 1] ** 2 + u[i, 2] ** 2) / ve
        for _ in range(substeps):
            _zoh_rate(s, ax, ay, az, mdot, k1)
            for q in range(7):
                tmp[q] = s[q] + 0.5 * h * k1[q]
            _zoh_rate(tmp, ax, ay, az, mdot, k2)
            for q in range(7):
                tmp[q] = s[q] + 0.5 * h * k2[q]
            _zoh_rate(tmp, ax, ay, az, mdot, k3)
            for q in range(7):
                tmp[q] = s[q] + h * k3[q]
            _zoh_rate(tmp, ax, ay, az, mdot, k4)
            for q in range(7):
                s[q] += h / 6.0 * (k1[q] + 2.0 * k2[q] + 2.0 * k3[q] + k4[q])


@nb.njit(cache=True, nogil=True)
def _mismatch(zoh, s0, s1, u, dt, thrust, ve, n_fwd, substeps, out):
    """The seven mismatches (forward minus backward) at the meeting point."""
    n = u.shape[0]
    fwd = s0.copy()
    bck = s1.copy()
    if zoh:
        _zoh_half(fwd, u, 0, n_fwd, 1, dt, thrust, ve, substeps)
        _zoh_half(bck, u, n - 1, n - n_fwd, -1, dt, thrust, ve, substeps)
    else:
        _sf_half(fwd, u, 0, n_fwd, 1, dt, thrust, ve)
        _sf_half(bck, u, n - 1, n - n_fwd, -1, dt, thrust, ve)
    for k in range(7):
        out[k] = fwd[k] - bck[k]


@nb.njit(cache=True, nogil=True)
def _mismatch_jacobian(zoh, s0, s1, u, dt, thrust, ve, n_fwd, substeps, h, jac):
    """Central differences of the mismatch with respect to, by column: departure r, v (6); arrival
    r, v, m (7); the segment length dt (1); the throttles (3 n)."""
    plus = np.empty(7)
    minus = np.empty(7)
    n = u.shape[0]
    for col in range(14 + 3 * n):
        a = s0.copy()
        b = s1.copy()
        uu = u.copy()
        d = dt
        if col < 6:
            a[col] += h
        elif col < 13:
            b[col - 6] += h
        elif col == 13:
            d += h
        else:
            k = col - 14
            uu[k // 3, k % 3] += h
        _mismatch(zoh, a, b, uu, d, thrust, ve, n_fwd, substeps, plus)
        if col < 6:
            a[col] -= 2 * h
        elif col < 13:
            b[col - 6] -= 2 * h
        elif col == 13:
            d -= 2 * h
        else:
            uu[k // 3, k % 3] -= 2 * h
        _mismatch(zoh, a, b, uu, d, thrust, ve, n_fwd, substeps, minus)
        for q in range(7):
            jac[q, col] = (plus[q] - minus[q]) / (2 * h)


@nb.njit(cache=True, nogil=True)
def _sf_path(s, u, dt, thrust, ve, n_fwd, points_per_segment, out):
    """Forward propagation through every segment (for plots and checks): positions at
    ``points_per_segment`` evenly spaced times per segment, plus the final state in ``s``.  As the
    transcription does, the impulses of the backward half (segments ``n_fwd`` on) are sized on the mass
    after them, found here by fixed-point iteration of m' = m exp(-T dt |u| / (m' ve))."""
    n = u.shape[0]
    sub = dt / points_per_segment
    row = 0
    for i in range(n):
        for p in range(points_per_segment):
            out[row, 0], out[row, 1], out[row, 2] = s[0], s[1], s[2]
            row += 1
            t_here = p * sub
            t_next = (p + 1) * sub
            if t_here < dt / 2 <= t_next:  # the impulse falls in this sub-step
                _step(s, dt / 2 - t_here)
                norm_u = math.sqrt(u[i, 0] ** 2 + u[i, 1] ** 2 + u[i, 2] ** 2)
                m_sized = s[6]
                if i >= n_fwd:
                    for _ in range(60):
                        m_sized = s[6] * math.exp(-thrust * dt * norm_u / (max(m_sized, _MASS_FLOOR) * ve))
                c = thrust * dt / max(m_sized, _MASS_FLOOR)
                s[3] += c * u[i, 0]
                s[4] += c * u[i, 1]
                s[5] += c * u[i, 2]
                s[6] *= math.exp(max(-c * norm_u / ve, -700.0))
                _step(s, t_next - dt / 2)
            else:
                _step(s, sub)
    out[row, 0], out[row, 1], out[row, 2] = s[0], s[1], s[2]


def leg_mismatch(r0_km, v0_km_s, m0_kg, r1_km, v1_km_s, m1_kg, throttles, tof_s: float, thrust_n: float,
                 isp_s: float, *, cut: float = 0.6, method: str = "sims-flanagan", substeps: int = ZOH_SUBSTEPS,
                 mu_km3_s2: float | None = None) -> np.ndarray:
    """The seven mismatches (km, km/s, kg) where a leg's forward and backward halves meet: from (r0, v0, m0)
    with ``throttles`` ((N, 3), |u| <= 1) over ``tof_s`` to (r1, v1, m1) about the Sun (or ``mu_km3_s2``);
    zero for a leg that connects.  pykep's ``leg.sims_flanagan.compute_mismatch_constraints`` in SI units."""
    if method not in METHODS:
        raise InputError(f"method = {method!r}: choose one of {', '.join(METHODS)}")
    mu = bodies.mu_km3_s2("sun") if mu_km3_s2 is None else float(mu_km3_s2)
    vu = math.sqrt(mu / AU_KM)
    tu = AU_KM / vu
    u = np.ascontiguousarray(np.asarray(throttles, dtype=float).reshape(-1, 3))
    s0 = np.concatenate([np.asarray(r0_km, float) / AU_KM, np.asarray(v0_km_s, float) / vu, [1.0]])
    s1 = np.concatenate([np.asarray(r1_km, float) / AU_KM, np.asarray(v1_km_s, float) / vu, [m1_kg / m0_kg]])
    out = np.empty(7)
    thrust = thrust_n / m0_kg / (vu * 1000.0 / tu)
    ve = isp_s * G0_M_S2 / (vu * 1000.0)
    _mismatch(method == "zoh", s0, s1, u, tof_s / tu / u.shape[0], thrust, ve, int(u.shape[0] * cut), substeps, out)
    return np.concatenate([out[:3] * AU_KM, out[3:6] * vu, [out[6] * m0_kg]])


# --- the problem ---------------------------------------------------------------------------------

def _de440_states(body: str, tdb_jd: float) -> tuple[np.ndarray, np.ndarray]:
    from marsplan.astro.ephemeris import state

    st = state(body, float(tdb_jd))
    return np.asarray(st.r_km, dtype=float).reshape(3), np.asarray(st.v_km_s, dtype=float).reshape(3)


class _Tabulated:
    """DE440 states of bodies over date ranges, read once at daily nodes and interpolated by cubic
    Hermite polynomials on positions and velocities (error below a metre for planets at a one-day
    step); the optimiser asks for thousands of dates."""

    STEP_DAYS = 1.0

    def __init__(self, ranges: dict[str, tuple[float, float]]):
        from marsplan.astro.ephemeris import state

        self.tables = {}
        for body, (lo, hi) in ranges.items():
            nodes = np.arange(math.floor(lo) - 1, math.ceil(hi) + 2, self.STEP_DAYS)
            st = state(body, nodes)
            self.tables[body] = (nodes, np.asarray(st.r_km, float), np.asarray(st.v_km_s, float))

    def __call__(self, body: str, tdb_jd: float) -> tuple[np.ndarray, np.ndarray]:
        if body not in self.tables:
            return _de440_states(body, tdb_jd)
        nodes, r, v = self.tables[body]
        i = int((tdb_jd - nodes[0]) // self.STEP_DAYS)
        if not 0 <= i < nodes.size - 1:
            return _de440_states(body, tdb_jd)
        h = self.STEP_DAYS * 86400.0
        t = (tdb_jd - nodes[i]) / self.STEP_DAYS
        t2, t3 = t * t, t * t * t
        h00, h10, h01, h11 = 2 * t3 - 3 * t2 + 1, t3 - 2 * t2 + t, -2 * t3 + 3 * t2, t3 - t2
        d00, d10, d01, d11 = 6 * t2 - 6 * t, 3 * t2 - 4 * t + 1, -6 * t2 + 6 * t, 3 * t2 - 2 * t
        pos = h00 * r[i] + h10 * h * v[i] + h01 * r[i + 1] + h11 * h * v[i + 1]
        vel = (d00 * r[i] + d01 * r[i + 1]) / h + d10 * v[i] + d11 * v[i + 1]
        return pos, vel


def _bounds(value, name: str, lo: float, hi: float) -> tuple[float, float]:
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2:
        raise InputError(f"{name} = {value!r}: give one value or (min, max)")
    a, b = float(pair[0]), float(pair[1])
    if not (math.isfinite(a) and math.isfinite(b) and lo <= a <= b <= hi):
        raise InputError(f"{name} = {value!r}: need {lo:g} <= min <= max <= {hi:g}")
    return a, b


@dataclass
class _Problem:
    zoh: bool
    origin: str
    target: str
    jd_bounds: tuple[float, float]
    tof_bounds_days: tuple[float, float]
    sc: LowThrustSpacecraft
    segments: int
    n_fwd: int
    vd_max: float  # canonical
    va_max: float
    rendezvous: bool
    states: States
    mass_floor: float
    substeps: int
    mu_km3_s2: float
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS
    safety_s: float | None = None
    evaluations: int = 0
    searching: bool = False  # evaluations count (and the limits apply) only while SLSQP searches
    deadline: float = math.inf
    cache: dict = field(default_factory=dict)

    def __post_init__(self):
        self.vu_km_s = math.sqrt(self.mu_km3_s2 / AU_KM)
        self.tu_s = AU_KM / self.vu_km_s
        self.tu_days = self.tu_s / 86400.0
        acc_m_s2 = self.vu_km_s * 1000.0 / self.tu_s
        self.thrust = self.sc.thrust_n / self.sc.mass_kg / acc_m_s2
        self.ve = self.sc.ve_m_s / (self.vu_km_s * 1000.0)
        # decision vector: [t0?, tof?, mf, vd(3)?, va(3)?, u(3n)]
        self.free_t0 = self.jd_bounds[1] > self.jd_bounds[0]
        self.free_tof = self.tof_bounds_days[1] > self.tof_bounds_days[0]
        self.free_vd = self.vd_max > 0
        self.free_va = self.va_max > 0
        idx = 0
        self.i_t0 = idx if self.free_t0 else -1
        idx += self.free_t0
        self.i_tof = idx if self.free_tof else -1
        idx += self.free_tof
        self.i_mf = idx
        idx += 1
        self.i_vd = idx if self.free_vd else -1
        idx += 3 * self.free_vd
        self.i_va = idx if self.free_va else -1
        idx += 3 * self.free_va
        self.i_u = idx
        self.size = idx + 3 * self.segments

    # decoding
    def t0_tof(self, x) -> tuple[float, float]:
        """Departure (TDB JD) and flight time (days)."""
        t0 = self.jd_bounds[0] + (x[self.i_t0] * self.tu_days if self.free_t0 else 0.0)
        tof = x[self.i_tof] * self.tu_days if self.free_tof else self.tof_bounds_days[0]
        return t0, tof

    def vd(self, x) -> np.ndarray:
        return x[self.i_vd:self.i_vd + 3] if self.free_vd else np.zeros(3)

    def va(self, x) -> np.ndarray:
        return x[self.i_va:self.i_va + 3] if self.free_va else np.zeros(3)

    def throttles(self, x) -> np.ndarray:
        return np.ascontiguousarray(x[self.i_u:].reshape(self.segments, 3))

    def body_state(self, body: str, jd: float) -> tuple[np.ndarray, np.ndarray]:
        key = (body, jd)
        if key not in self.cache:
            if len(self.cache) > 4096:
                self.cache.clear()
            r, v = self.states(body, jd)
            self.cache[key] = (np.asarray(r, float) / AU_KM, np.asarray(v, float) / self.vu_km_s)
        return self.cache[key]

    def body_acceleration(self, body: str, jd: float) -> np.ndarray:
        """Canonical acceleration of ``body`` (central differences of its velocity over 0.01 day)."""
        h = 0.01
        return (self.body_state(body, jd + h)[1] - self.body_state(body, jd - h)[1]) / (2 * h / self.tu_days)

    def ends(self, x):
        t0, tof = self.t0_tof(x)
        r0, v0 = self.body_state(self.origin, t0)
        r1, v1 = self.body_state(self.target, t0 + tof)
        s0 = np.concatenate([r0, v0 + self.vd(x), [1.0]])
        s1 = np.concatenate([r1, v1 + self.va(x), [x[self.i_mf]]])
        return s0, s1, tof / self.tu_days / self.segments, (r0, v0, r1, v1)

    def count(self):
        """One evaluation of the equality constraints (their value or their Jacobian) for the search: the
        budget ends the search deterministically; the safety net raises."""
        if not self.searching:
            return
        if self.evaluations >= self.max_evaluations:
            raise _OutOfBudget
        if self.deadline < math.inf and time.monotonic() > self.deadline:
            raise ConvergenceError(
                f"the low-thrust optimisation was stopped by its {self.safety_s:g} s safety time limit after "
                f"{self.evaluations:,} of its {self.max_evaluations:,} evaluations (an answer cut there would "
                "depend on the machine's speed): raise --time-limit-s, or lower --max-evaluations, --starts "
                "or --segments")
        self.evaluations += 1

    def mismatch(self, x) -> np.ndarray:
        self.count()
        s0, s1, dt, _ = self.ends(x)
        out = np.empty(7)
        _mismatch(self.zoh, s0, s1, self.throttles(x), dt, self.thrust, self.ve, self.n_fwd, self.substeps, out)
        return out

    def mismatch_jacobian(self, x) -> np.ndarray:
        self.count()
        s0, s1, dt, (r0, v0, r1, v1) = self.ends(x)
        n = self.segments
        raw = np.empty((7, 14 + 3 * n))
        _mismatch_jacobian(self.zoh, s0, s1, self.throttles(x), dt, self.thrust, self.ve, self.n_fwd,
                           self.substeps, _FD_STEP, raw)
        jac = np.zeros((7, self.size))
        # the bodies move: d(r)/dt = v, and d(v)/dt by differences of the ephemeris (the Sun's pull
        # alone would miss the Moon's on the Earth, which the long arcs amplify)
        t0, tof = self.t0_tof(x)
        a0 = self.body_acceleration(self.origin, t0) if self.free_t0 else np.zeros(3)
        a1 = self.body_acceleration(self.target, t0 + tof) if (self.free_t0 or self.free_tof) else np.zeros(3)
        d_arrival = raw[:, 6:9] @ v1 + raw[:, 9:12] @ a1
        if self.free_t0:
            jac[:, self.i_t0] = raw[:, 0:3] @ v0 + raw[:, 3:6] @ a0 + d_arrival
        if self.free_tof:
            jac[:, self.i_tof] = d_arrival + raw[:, 13] / n
        jac[:, self.i_mf] = raw[:, 12]
        if self.free_vd:
            jac[:, self.i_vd:self.i_vd + 3] = raw[:, 3:6]
        if self.free_va:
            jac[:, self.i_va:self.i_va + 3] = raw[:, 9:12]
        jac[:, self.i_u:] = raw[:, 14:]
        return jac

    def inequalities(self, x) -> np.ndarray:
        u = self.throttles(x)
        parts = [1.0 - np.einsum("ij,ij->i", u, u)]
        if self.free_vd:
            parts.append([self.vd_max ** 2 - self.vd(x) @ self.vd(x)])
        if self.free_va and self.rendezvous:
            parts.append([self.va_max ** 2 - self.va(x) @ self.va(x)])
        return np.concatenate(parts)

    def inequality_jacobian(self, x) -> np.ndarray:
        n = self.segments
        rows = n + self.free_vd + (self.free_va and self.rendezvous)
        jac = np.zeros((rows, self.size))
        u = self.throttles(x)
        for i in range(n):
            jac[i, self.i_u + 3 * i:self.i_u + 3 * i + 3] = -2 * u[i]
        row = n
        if self.free_vd:
            jac[row, self.i_vd:self.i_vd + 3] = -2 * self.vd(x)
            row += 1
        if self.free_va and self.rendezvous:
            jac[row, self.i_va:self.i_va + 3] = -2 * self.va(x)
        return jac

    def bounds(self) -> list[tuple[float, float]]:
        b: list[tuple[float, float]] = []
        if self.free_t0:
            b.append((0.0, (self.jd_bounds[1] - self.jd_bounds[0]) / self.tu_days))
        if self.free_tof:
            b.append((self.tof_bounds_days[0] / self.tu_days, self.tof_bounds_days[1] / self.tu_days))
        b.append((self.mass_floor, 1.0))
        if self.free_vd:
            b += [(-self.vd_max, self.vd_max)] * 3
        if self.free_va:
            b += [(-self.va_max, self.va_max)] * 3
        b += [(-1.0, 1.0)] * (3 * self.segments)
        return b

    def violation(self, x) -> float:
        """The largest constraint violation, as a multiple of the tolerance it is held to (<= 1: feasible):
        the mismatches to FEASIBILITY_TOL, the throttles and excess speeds to THROTTLE_TOL."""
        worst = float(np.max(np.abs(self.mismatch(x)))) / FEASIBILITY_TOL
        return max(worst, float(np.max(-self.inequalities(x), initial=0.0)) / THROTTLE_TOL)

    def guess(self, rng: np.random.Generator, previous: np.ndarray | None = None, k: int = 0) -> np.ndarray:
        """Start ``k``: ``previous`` (clipped to the bounds); else 0: the dates of the cheapest two-impulse
        (Lambert) transfer in the bounds, its impulses spread over the first and last segments; 1: the
        same from the earliest departure (a low-thrust optimum often sits on the window's edge); other
        odd: from random dates; even: random throttles in the unit ball, final mass, dates and excess
        velocities in their bounds (as pykep's notebooks start)."""
        lo_hi = self.bounds()
        lo, hi = np.array([b[0] for b in lo_hi]), np.array([b[1] for b in lo_hi])
        if previous is not None:
            return np.clip(previous, lo, hi)
        x = rng.uniform(lo, hi)
        if k % 2 == 0 and k > 0:
            direction = rng.normal(size=(self.segments, 3))
            direction /= np.linalg.norm(direction, axis=1, keepdims=True)
            x[self.i_u:] = (direction * rng.uniform(0.0, 1.0, size=(self.segments, 1))).ravel()
            for i in (self.i_vd, self.i_va):
                if i >= 0:
                    x[i:i + 3] *= 1 / math.sqrt(3)  # inside the ball
            return x
        if k == 0:
            t0, tof = self._cheapest_dates()
            if self.free_t0:
                x[self.i_t0] = t0
            if self.free_tof:
                x[self.i_tof] = tof
        elif k == 1 and self.free_t0:
            x[self.i_t0] = lo[self.i_t0]
        return np.clip(self._lambert_seed(x), lo, hi)

    def _cheapest_dates(self) -> tuple[float, float]:
        """(t0, tof) variables of the cheapest two-impulse transfer on a grid over the bounds."""
        from marsplan.astro.lambert import solve

        lo_hi = self.bounds()
        t0s = np.linspace(lo_hi[self.i_t0][0], lo_hi[self.i_t0][1], 41) if self.free_t0 else np.zeros(1)
        tofs = (np.linspace(lo_hi[self.i_tof][0], lo_hi[self.i_tof][1], 9) if self.free_tof
                else np.array([self.tof_bounds_days[0] / self.tu_days]))
        x = np.zeros(self.size)
        r0, v0, r1, v1 = (np.empty((t0s.size, tofs.size, 3)) for _ in range(4))
        for i, t0 in enumerate(t0s):
            for j, tof in enumerate(tofs):
                if self.free_t0:
                    x[self.i_t0] = t0
                if self.free_tof:
                    x[self.i_tof] = tof
                a, b = self.t0_tof(x)
                r0[i, j], v0[i, j] = self.body_state(self.origin, a)
                r1[i, j], v1[i, j] = self.body_state(self.target, a + b)
        arc = solve(r0, r1, np.broadcast_to(tofs, (t0s.size, tofs.size)), 1.0)
        dv = np.maximum(np.linalg.norm(arc.v1_km_s - v0, axis=-1) - self.vd_max, 0.0)
        if self.rendezvous:
            dv = dv + np.maximum(np.linalg.norm(v1 - arc.v2_km_s, axis=-1) - self.va_max, 0.0)
        dv = np.where(np.isfinite(dv), dv, np.inf)
        i, j = (int(k) for k in np.unravel_index(int(np.argmin(dv)), dv.shape))
        return float(t0s[i]), float(tofs[j])

    def _lambert_seed(self, x: np.ndarray) -> np.ndarray:
        """Throttles that give the two impulses of the Lambert arc of x's dates, spread over as many
        segments at each end as the thrust needs; the final mass they would leave."""
        from marsplan.astro.lambert import solve

        t0, tof = self.t0_tof(x)
        r0, v0 = self.body_state(self.origin, t0)
        r1, v1 = self.body_state(self.target, t0 + tof)
        arc = solve(r0[None], r1[None], np.array([tof / self.tu_days]), 1.0)
        if arc.failed:
            return x
        dep = arc.v1_km_s[0] - v0
        vd = dep * min(1.0, self.vd_max / max(float(np.linalg.norm(dep)), 1e-300))
        arr = v1 - arc.v2_km_s[0]
        va = -arr * min(1.0, self.va_max / max(float(np.linalg.norm(arr)), 1e-300)) if self.rendezvous else -arr
        if self.free_vd:
            x[self.i_vd:self.i_vd + 3] = vd
        if self.free_va:
            x[self.i_va:self.i_va + 3] = va
        dep, arr = dep - vd, arr + va
        n = self.segments
        cap = 0.9 * self.thrust * tof / self.tu_days / n
        k_dep = max(1, math.ceil(np.linalg.norm(dep) / cap))
        k_arr = max(1, math.ceil(np.linalg.norm(arr) / cap)) if self.rendezvous else 0
        if k_dep + k_arr > n:
            scale = n / (k_dep + k_arr)
            k_dep = max(1, int(k_dep * scale))
            k_arr = n - k_dep if self.rendezvous else 0
        u = np.zeros((n, 3))
        u[:k_dep] = dep / (k_dep * cap / 0.9)
        if k_arr:
            u[n - k_arr:] = arr / (k_arr * cap / 0.9)
        norm = np.maximum(np.linalg.norm(u, axis=1, keepdims=True), 1.0)
        x[self.i_u:] = (u / norm).ravel()
        x[self.i_mf] = max(self.mass_floor, math.exp(-(np.linalg.norm(dep) + np.linalg.norm(arr)) / self.ve))
        return x


class _OutOfBudget(Exception):
    pass


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
        states = states or _de440_states
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
                    _zoh_half(s, self.throttles[i:i + 1], 0, 1, 1, dt / points_per_segment, thrust, ve,
                              max(ZOH_SUBSTEPS // points_per_segment, 4))
                    out[1 + i * points_per_segment + p] = s[:3]
            return out * AU_KM
        out = np.empty((self.segments * points_per_segment + 1, 3))
        _sf_path(s, np.ascontiguousarray(self.throttles), dt, thrust, ve, int(self.segments * self.cut),
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
    jd = _bounds(departure_tdb_jd, "departure_tdb_jd", 2_378_497.0, 2_597_641.0)  # 1800-2399, inside DE440
    tof = _bounds(tof_days, "tof_days", 1.0, 5_000.0)
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
        states = _Tabulated({origin: jd, target: (jd[0] + tof[0], jd[1] + tof[1])})
    prob = _Problem(zoh, origin, target, jd, tof, spacecraft, segments, int(segments * cut),
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


def _solve(prob: _Problem, method: str, starts: int, seed: int, max_iterations: int,
           initial_guess: LowThrustTransfer | None, cut: float) -> LowThrustTransfer:
    import scipy.optimize  # noqa: F401 - loads SciPy's BLAS before _one_blas_thread looks for it

    with _one_blas_thread():
        return _solve_here(prob, method, starts, seed, max_iterations, initial_guess, cut)


def _solve_here(prob: _Problem, method: str, starts: int, seed: int, max_iterations: int,
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
        except _OutOfBudget:
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
                   + (f"did not converge within {prob.max_evaluations:,} evaluations; raise --max-evaluations"
                      if spent else f"SLSQP: {last_message}") + ")")
    return _decode(prob, best_x, method, status, message, iterations, ran, cut)


def _encode(prob: _Problem, tr: LowThrustTransfer) -> np.ndarray | None:
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


def _decode(prob: _Problem, x: np.ndarray, method: str, status: str, message: str, iterations: int, starts: int,
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
