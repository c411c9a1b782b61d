"""The nonlinear programme behind :func:`marsplan.trajectory.lowthrust.optimize_transfer`: the decision vector
(departure date, flight time, excess velocities, final mass, throttles), its bounds, objective, constraints and
their Jacobians in canonical units, the counted evaluation budget, and DE440 boundary states tabulated daily
and interpolated.  Private: the public API and its conventions are in ``lowthrust``."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from marsplan.constants import AU_KM
from marsplan.errors import ConvergenceError, InputError
from marsplan.trajectory._lowthrust_kernels import mismatch, mismatch_jacobian

if TYPE_CHECKING:
    from marsplan.trajectory.lowthrust import LowThrustSpacecraft

DEFAULT_MAX_EVALUATIONS = 20_000
"""Default evaluation budget of one solve, all starts together (see :func:`optimize_transfer`).  The bundled
cases need at most about 7,900 (pykep's zero-order-hold case, 10 starts), the scenario's Zeus trip about
1,400, a cell of the plan's tug trade at most about 6,000 (an infeasible flight time, 3 starts of up to 400
iterations): none of them meets it, so they end where the iteration limit or SLSQP's convergence ends them."""
FEASIBILITY_TOL = 1e-6
"""Largest canonical mismatch of a feasible transfer: 1e-6 au (150 km), 1e-6 of the orbital speed unit
(3 cm/s), 1e-6 of the initial mass; the tolerance pykep's notebooks use."""
THROTTLE_TOL = 1e-5
"""Largest violation of 1 - |u|^2 >= 0 (a throttle 5 parts per million above full) and of the excess-speed bounds."""
FD_STEP = 1e-7

States = Callable[[str, float], tuple[np.ndarray, np.ndarray]]

def de440_states(body: str, tdb_jd: float) -> tuple[np.ndarray, np.ndarray]:
    from marsplan.astro.ephemeris import state

    st = state(body, float(tdb_jd))
    return np.asarray(st.r_km, dtype=float).reshape(3), np.asarray(st.v_km_s, dtype=float).reshape(3)


class Tabulated:
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
            return de440_states(body, tdb_jd)
        nodes, r, v = self.tables[body]
        i = int((tdb_jd - nodes[0]) // self.STEP_DAYS)
        if not 0 <= i < nodes.size - 1:
            return de440_states(body, tdb_jd)
        h = self.STEP_DAYS * 86400.0
        t = (tdb_jd - nodes[i]) / self.STEP_DAYS
        t2, t3 = t * t, t * t * t
        h00, h10, h01, h11 = 2 * t3 - 3 * t2 + 1, t3 - 2 * t2 + t, -2 * t3 + 3 * t2, t3 - t2
        d00, d10, d01, d11 = 6 * t2 - 6 * t, 3 * t2 - 4 * t + 1, -6 * t2 + 6 * t, 3 * t2 - 2 * t
        pos = h00 * r[i] + h10 * h * v[i] + h01 * r[i + 1] + h11 * h * v[i + 1]
        vel = (d00 * r[i] + d01 * r[i + 1]) / h + d10 * v[i] + d11 * v[i + 1]
        return pos, vel


def bounds_of(value, name: str, lo: float, hi: float) -> tuple[float, float]:
    """One value or a (min, max) pair as bounds within [lo, hi].

    >>> bounds_of(400, "tof_days", 1.0, 5000.0), bounds_of((200, 500), "tof_days", 1.0, 5000.0)
    ((400.0, 400.0), (200.0, 500.0))
    """
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2:
        raise InputError(f"{name} = {value!r}: give one value or (min, max)")
    a, b = float(pair[0]), float(pair[1])
    if not (math.isfinite(a) and math.isfinite(b) and lo <= a <= b <= hi):
        raise InputError(f"{name} = {value!r}: need {lo:g} <= min <= max <= {hi:g}")
    return a, b


@dataclass
class Problem:
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
            raise OutOfBudget
        if self.deadline < math.inf and time.monotonic() > self.deadline:
            raise ConvergenceError(
                f"the low-thrust optimisation was stopped by its {self.safety_s:g} s safety time limit after "
                f"{self.evaluations:,} of its {self.max_evaluations:,} evaluations (an answer cut there would "
                "depend on the machine's speed): raise time_limit_s, or lower max_evaluations, starts "
                "or segments", param=("time_limit_s", "max_evaluations", "starts", "segments"))
        self.evaluations += 1

    def mismatch(self, x) -> np.ndarray:
        self.count()
        s0, s1, dt, _ = self.ends(x)
        out = np.empty(7)
        mismatch(self.zoh, s0, s1, self.throttles(x), dt, self.thrust, self.ve, self.n_fwd, self.substeps, out)
        return out

    def mismatch_jacobian(self, x) -> np.ndarray:
        self.count()
        s0, s1, dt, (r0, v0, r1, v1) = self.ends(x)
        n = self.segments
        raw = np.empty((7, 14 + 3 * n))
        mismatch_jacobian(self.zoh, s0, s1, self.throttles(x), dt, self.thrust, self.ve, self.n_fwd,
                           self.substeps, FD_STEP, raw)
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


class OutOfBudget(Exception):
    pass
