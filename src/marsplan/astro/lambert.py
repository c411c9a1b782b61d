"""Lambert's problem: the Keplerian arc that joins r1 to r2 in a given time.

Algorithm: D. Izzo, "Revisiting Lambert's problem", Celestial Mechanics and
Dynamical Astronomy 121, 1-15 (2015).  The problem is reduced to one
non-dimensional unknown x (Lancaster & Blanchard's variable), with the
geometry in the single parameter lambda; the time-of-flight equation
T(x) is solved by Householder's fourth-order iterations from Izzo's initial
guesses, with Battin's hypergeometric series near the parabola.  For
N >= 1 revolutions, the minimum time of flight T_min is found first by
Halley iterations on dT/dx = 0; below it the problem has no solution.

The solver is compiled with numba and runs in parallel over cells; the
first call compiles it once and caches the machine code on disk.

Conventions
-----------
* ``prograde=True`` means the transfer turns counter-clockwise seen from
  the +z axis of the input frame (angular momentum with h_z >= 0); for
  heliocentric ICRF vectors that is the planets' sense of motion.
* For N >= 1 there are two solutions, on either side of the minimum of
  T(x).  ``low_path=True`` takes the one with the larger x (right branch),
  ``low_path=False`` the one with the smaller x (left branch).  These are
  the names and choices of Izzo (2015), pykep, poliastro and lamberthub,
  and reproduce the "low" and "high" solutions of Der (AMOS 2011).
* Status codes (``LambertResult.status``): 0 solved, 1 no N-revolution
  solution (time of flight below the minimum), 2 r1 and r2 colinear so
  the transfer plane is undefined, 3 the iteration did not converge,
  4 invalid input (non-finite values, zero radius, time of flight <= 0).

Precision: an arc solved here and propagated by :func:`marsplan.astro.kepler.propagate` reaches r2
within 1e-7 of its radius for radius ratios up to 200 and non-dimensional times up to 300 (typically
1e-9 to 1e-8; the worst cases are long arcs between very different radii); the tests hold it to that.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numba as nb
import numpy as np

from marsplan.errors import InputError, MarsplanError
from marsplan.threads import twin

__all__ = ["LambertError", "LambertResult", "lambert_warm_start", "solve", "STATUS_MESSAGES",
           # compiled building blocks, for kernels that solve Lambert problems side by side
           "arc_velocities", "first_x", "householder_step", "lambert_geometry"]

OK, NO_SOLUTION, COLINEAR, NOT_CONVERGED, BAD_INPUT = 0, 1, 2, 3, 4
STATUS_MESSAGES = {
    OK: "solved",
    NO_SOLUTION: "no solution with this many revolutions: the time of flight is below the minimum",
    COLINEAR: "r1 and r2 are colinear (transfer angle 0 or 180 degrees): the transfer plane is undefined",
    NOT_CONVERGED: "the iteration did not converge",
    BAD_INPUT: "invalid input: non-finite value, zero radius, time of flight <= 0 or beyond 1e12 in "
               "non-dimensional units (about 1e11 orbits)",
}

MAX_ITER = 35
"""Most iterations of one problem before it is given up (status 3)."""
_MAX_T = 1e12  # non-dimensional time of flight: beyond it the iteration's arithmetic overflows
MAX_REVS = 1000
_X_TOL = 1e-13
# Householder's iteration converges with order four: after a step smaller than
# this, the next would move x by about its fourth power (~1e-16, rounding level),
# so it is skipped (against a 1e-6 threshold the velocities agree to 8e-16 relative
# on 10^5 problems of the 2026 window, and to 2.4e-11 at worst on 2x10^5 random
# geometries from 1 day to 30 years; the solve is 9 % faster)
_X_STEP_DONE = 1e-4
# a step from a neighbouring cell's solution is already tiny; below this its
# error (~step^4 ~ 1e-16) is at rounding level
_X_STEP_DONE_WARM = 1e-4
# below this sine of the transfer angle the plane is taken as undefined
_COLINEAR_SIN = 1e-9
# Every kernel here is compiled with numpy's error model: a division by zero gives an infinity or NaN, which the
# iterations' finiteness checks turn into a status (3 or 4) with NaN velocities; numba's default (Python's model)
# raises ZeroDivisionError instead, which the parallel build cannot raise cleanly (a SystemError, "returned a
# result with an exception set": ``marsplan lambert --mu 1e-300`` did)


class LambertError(MarsplanError):
    """A single Lambert problem has no solution; the message says why."""


class _Velocities(NamedTuple):
    v1_km_s: np.ndarray
    v2_km_s: np.ndarray


class LambertResult(_Velocities):
    """A named ``(v1_km_s, v2_km_s)`` pair with the per-cell ``status`` and the ``failed`` count."""

    status: np.ndarray

    def __new__(cls, v1_km_s, v2_km_s, status):
        self = super().__new__(cls, v1_km_s, v2_km_s)
        self.status = status
        return self

    @property
    def failed(self) -> int:
        """Number of cells without a solution (their velocities are NaN)."""
        return int(np.count_nonzero(self.status))


# ratios of successive terms of 2F1(3, 1; 5/2; x) over x: (3 + k)(1 + k) / ((5/2 + k)(1 + k)) = (3 + k) / (5/2 + k)
_HYP2F1B_RATIO = np.array([(3.0 + k) / (2.5 + k) for k in range(256)])


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _hyp2f1b(x):
    """Gauss hypergeometric 2F1(3, 1; 5/2; x), by its series (|x| < 1 here; the terms' ratios are tabulated, so
    a term costs two multiplications: this series is a tenth of the window's time-of-flight evaluations)."""
    if x >= 1.0:
        return np.inf
    result = 1.0
    term = 1.0
    for k in range(_HYP2F1B_RATIO.shape[0]):
        term = term * _HYP2F1B_RATIO[k] * x
        previous = result
        result += term
        if result == previous:
            break
    return result


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _tof(x, y, lam, revs):
    """Non-dimensional time of flight T(x) (Izzo 2015, eqs. 18-20)."""
    if revs == 0 and 0.7745966692414834 < x < 1.1832159566199232:  # sqrt(0.6) < x < sqrt(1.4)
        eta = y - lam * x
        s1 = 0.5 * (1.0 - lam - x * eta)
        q = 4.0 / 3.0 * _hyp2f1b(s1)
        return 0.5 * (eta**3 * q + 4.0 * lam * eta)
    one_minus_x2 = 1.0 - x * x
    if x < 1.0:
        arg = x * y + lam * one_minus_x2
        arg = min(1.0, max(-1.0, arg))
        psi = math.acos(arg)
    else:
        psi = math.asinh((y - x * lam) * math.sqrt(x * x - 1.0))
    return ((psi + revs * math.pi) / math.sqrt(abs(one_minus_x2)) - x + lam * y) / one_minus_x2


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _derivatives(x, y, t, lam):
    """dT/dx, d2T/dx2, d3T/dx3 at x (Izzo 2015, eq. 22)."""
    return _derivatives_inv(x, 1.0 / (1.0 - x * x), 1.0 / y, t, lam)


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _derivatives_inv(x, inv, inv_y, t, lam):
    """As :func:`_derivatives`, given ``inv`` = 1 / (1 - x^2) and ``inv_y`` = 1 / y (a division costs several
    multiplications' time)."""
    inv_y3 = inv_y * inv_y * inv_y
    lam2 = lam * lam
    lam3 = lam2 * lam
    d1 = (3.0 * t * x - 2.0 + 2.0 * lam3 * x * inv_y) * inv
    d2 = (3.0 * t + 5.0 * x * d1 + 2.0 * (1.0 - lam2) * lam3 * inv_y3) * inv
    d3 = (7.0 * x * d2 + 8.0 * d1 - 6.0 * (1.0 - lam2) * lam2 * lam3 * x * inv_y3 * inv_y * inv_y) * inv
    return d1, d2, d3


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _tof_single(x, y, lam):
    """T(x) and its three derivatives for one revolution or none (:func:`_tof` and :func:`_derivatives` with their
    divisions shared: three per iterate)."""
    inv = 1.0 / (1.0 - x * x)
    if 0.7745966692414834 < x < 1.1832159566199232:
        t = _tof(x, y, lam, 0)
    elif x < 1.0:
        psi = math.acos(min(1.0, max(-1.0, x * y + lam * (1.0 - x * x))))
        t = (psi * math.sqrt(inv) - x + lam * y) * inv
    else:
        psi = math.asinh((y - x * lam) * math.sqrt(x * x - 1.0))
        t = (psi * math.sqrt(-inv) - x + lam * y) * inv
    d1, d2, d3 = _derivatives_inv(x, inv, 1.0 / y, t, lam)
    return t, d1, d2, d3


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _t_min(lam, revs):
    """Minimum non-dimensional time of flight with ``revs`` >= 1 revolutions (Halley)."""
    if lam == 1.0:
        return _tof(0.0, 1.0, lam, revs)
    x = 0.1
    for _ in range(MAX_ITER):
        y = math.sqrt(1.0 - lam * lam * (1.0 - x * x))
        t = _tof(x, y, lam, revs)
        d1, d2, d3 = _derivatives(x, y, t, lam)
        if d2 == 0.0:
            break
        x_new = x - 2.0 * d1 * d2 / (2.0 * d2 * d2 - d1 * d3)
        if not -1.0 < x_new < 1.0:
            x_new = 0.5 * (x + (1.0 if x_new >= 1.0 else -1.0))
        if abs(x_new - x) < _X_TOL:
            x = x_new
            break
        x = x_new
    y = math.sqrt(1.0 - lam * lam * (1.0 - x * x))
    return _tof(x, y, lam, revs)


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _initial_guess(t, lam, revs, low_path):
    if revs == 0:
        t0 = math.acos(lam) + lam * math.sqrt(1.0 - lam * lam)
        t1 = 2.0 / 3.0 * (1.0 - lam**3)
        # powers as exp(log): a guess needs no last-bit accuracy, and pow costs twice as much
        if t >= t0:
            return math.exp(2.0 / 3.0 * math.log(t0 / t)) - 1.0  # (t0 / t)^(2/3)
        if t < t1:
            return 2.5 * t1 / t * (t1 - t) / (1.0 - lam**5) + 1.0
        # interpolates x = 0 at T = T0 and x = 1 (the parabola) at T = T1
        return math.exp(math.log(t / t0) * (0.6931471805599453 / math.log(t1 / t0))) - 1.0
    a = ((revs * math.pi + math.pi) / (8.0 * t)) ** (2.0 / 3.0)
    x_left = (a - 1.0) / (a + 1.0)
    b = ((8.0 * t) / (revs * math.pi)) ** (2.0 / 3.0)
    x_right = (b - 1.0) / (b + 1.0)
    return max(x_left, x_right) if low_path else min(x_left, x_right)


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def householder_step(x, t, lam, lower, upper, done):
    """One Householder iteration on T(x) = t for one revolution or none, from x inside the bracket
    (lower, upper); returns (next x, lower, upper, converged)."""
    y = math.sqrt(1.0 - lam * lam * (1.0 - x * x))
    t_x, d1, d2, d3 = _tof_single(x, y, lam)
    f = t_x - t
    # T(x) falls monotonically with one revolution or none: each iterate brackets the root, so that a step thrown
    # the wrong way (far from the root, where T is steep) cannot walk towards x = -1, where T grows without bound
    # and the steps shrink until they look converged
    if f > 0.0:
        lower = max(lower, x)
    else:
        upper = min(upper, x)
    # Householder's fourth-order step
    step = f * (d1 * d1 - f * d2 / 2.0) / (d1 * (d1 * d1 - f * d2) + d3 * f * f / 6.0)
    x_new = x - step
    if math.isfinite(x_new) and abs(x_new - x) < done * max(1.0, abs(x_new)) and -1.0 < x_new:
        return x_new, lower, upper, True
    if not lower < x_new < upper or not math.isfinite(x_new):
        # keep the iterate inside the bracket: halve it
        x_new = 0.5 * (lower + upper) if math.isfinite(upper) else x + 0.5
    return x_new, lower, upper, False


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def first_x(t, lam, low_path, x_start):
    """Where the single-revolution iteration starts, and its step tolerance: ``x_start`` (a neighbouring cell's
    solution) when it is one, else Izzo's initial guess."""
    if math.isfinite(x_start) and x_start > -1.0:
        return x_start, _X_STEP_DONE_WARM
    return _initial_guess(t, lam, 0, low_path), _X_STEP_DONE


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _find_x(t, lam, revs, low_path, x_start):
    """Solve T(x) = t; returns (x, status).  ``x_start`` (single revolution only,
    NaN for none) replaces Izzo's initial guess, e.g. a neighbouring cell's x."""
    if revs == 0:
        x, done = first_x(t, lam, low_path, x_start)
        lower, upper = -1.0, np.inf
        for _ in range(MAX_ITER):
            x, lower, upper, converged = householder_step(x, t, lam, lower, upper, done)
            if converged:
                return x, OK
        return np.nan, NOT_CONVERGED
    if t < math.acos(lam) + lam * math.sqrt(1.0 - lam * lam) + revs * math.pi:
        if t < _t_min(lam, revs):
            return np.nan, NO_SOLUTION
    x = _initial_guess(t, lam, revs, low_path)
    for _ in range(MAX_ITER):
        y = math.sqrt(1.0 - lam * lam * (1.0 - x * x))
        t_x = _tof(x, y, lam, revs)
        d1, d2, d3 = _derivatives(x, y, t_x, lam)
        f = t_x - t
        step = f * (d1 * d1 - f * d2 / 2.0) / (d1 * (d1 * d1 - f * d2) + d3 * f * f / 6.0)
        x_new = x - step
        if math.isfinite(x_new) and abs(x_new - x) < _X_STEP_DONE * max(1.0, abs(x_new)) and -1.0 < x_new < 1.0:
            return x_new, OK
        if not -1.0 < x_new < 1.0 or not math.isfinite(x_new):
            # keep the iterate inside the domain of T(x): halve towards the side it left by
            x_new = 0.5 * (x + (-1.0 if x_new <= -1.0 else min(1.0, x + 1.0)))
        x = x_new
    return np.nan, NOT_CONVERGED


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def lambert_geometry(r1x, r1y, r1z, r2x, r2y, r2z, tof_s, mu, prograde):
    """The problem's invariants: (status, lambda, non-dimensional t, |r1|, |r2|, chord, semi-perimeter, and the unit
    normal h of the transfer plane, oriented so that h x r is the direction of motion)."""
    nan = np.nan
    r1n = math.sqrt(r1x * r1x + r1y * r1y + r1z * r1z)
    r2n = math.sqrt(r2x * r2x + r2y * r2y + r2z * r2z)
    if not (tof_s > 0.0 and r1n > 0.0 and r2n > 0.0 and mu > 0.0
            and math.isfinite(tof_s) and math.isfinite(r1n) and math.isfinite(r2n)):
        return BAD_INPUT, nan, nan, nan, nan, nan, nan, nan, nan, nan
    cx, cy, cz = r2x - r1x, r2y - r1y, r2z - r1z
    cn = math.sqrt(cx * cx + cy * cy + cz * cz)
    s = 0.5 * (r1n + r2n + cn)
    inv_r12 = 1.0 / (r1n * r2n)
    hx = (r1y * r2z - r1z * r2y) * inv_r12
    hy = (r1z * r2x - r1x * r2z) * inv_r12
    hz = (r1x * r2y - r1y * r2x) * inv_r12
    hn = math.sqrt(hx * hx + hy * hy + hz * hz)
    if hn < _COLINEAR_SIN:
        return COLINEAR, nan, nan, nan, nan, nan, nan, nan, nan, nan
    lam = math.sqrt(max(0.0, 1.0 - cn / s))
    inv_h = 1.0 / hn
    if hz < 0.0:
        # the short way turns clockwise: the prograde arc is the long way round
        lam = -lam
        inv_h = -inv_h
    if not prograde:
        lam = -lam
        inv_h = -inv_h
    t = math.sqrt(2.0 * mu / s**3) * tof_s
    if not t < _MAX_T:
        return BAD_INPUT, nan, nan, nan, nan, nan, nan, nan, nan, nan
    return OK, lam, t, r1n, r2n, cn, s, hx * inv_h, hy * inv_h, hz * inv_h


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def arc_velocities(r1x, r1y, r1z, r2x, r2y, r2z, mu, lam, r1n, r2n, cn, s, hx, hy, hz, x):
    """Velocities at both ends from the solution x (Izzo 2015, Algorithm 1's last lines)."""
    y = math.sqrt(1.0 - lam * lam * (1.0 - x * x))
    gamma = math.sqrt(mu * s / 2.0)
    rho = (r1n - r2n) / cn
    sigma = math.sqrt(max(0.0, 1.0 - rho * rho))
    inv_r1, inv_r2 = 1.0 / r1n, 1.0 / r2n
    u1x, u1y, u1z = r1x * inv_r1, r1y * inv_r1, r1z * inv_r1
    u2x, u2y, u2z = r2x * inv_r2, r2y * inv_r2, r2z * inv_r2
    vr1 = gamma * ((lam * y - x) - rho * (lam * y + x)) * inv_r1
    vr2 = -gamma * ((lam * y - x) + rho * (lam * y + x)) * inv_r2
    vt = gamma * sigma * (y + lam * x)
    vt1 = vt * inv_r1
    vt2 = vt * inv_r2
    # the directions of motion h x u at both ends
    return (
        vr1 * u1x + vt1 * (hy * u1z - hz * u1y), vr1 * u1y + vt1 * (hz * u1x - hx * u1z),
        vr1 * u1z + vt1 * (hx * u1y - hy * u1x),
        vr2 * u2x + vt2 * (hy * u2z - hz * u2y), vr2 * u2y + vt2 * (hz * u2x - hx * u2z),
        vr2 * u2z + vt2 * (hx * u2y - hy * u2x),
    )


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _lambert_one(r1x, r1y, r1z, r2x, r2y, r2z, tof_s, mu, revs, prograde, low_path):
    """One Lambert problem; returns (v1x, v1y, v1z, v2x, v2y, v2z, status)."""
    out = lambert_warm_start(r1x, r1y, r1z, r2x, r2y, r2z, tof_s, mu, revs, prograde, low_path, np.nan)
    return out[0], out[1], out[2], out[3], out[4], out[5], out[6]


@nb.njit(cache=True, nogil=True, error_model="numpy")
def lambert_warm_start(r1x, r1y, r1z, r2x, r2y, r2z, tof_s, mu, revs, prograde, low_path, x_start):
    """As :func:`_lambert_one`, starting from ``x_start`` (see :func:`_find_x`);
    also returns the solution's x, to warm-start a neighbouring cell."""
    nan = np.nan
    status, lam, t, r1n, r2n, cn, s, hx, hy, hz = lambert_geometry(r1x, r1y, r1z, r2x, r2y, r2z, tof_s, mu, prograde)
    if status == OK:
        x, status = _find_x(t, lam, revs, low_path, x_start)
    if status != OK:
        return nan, nan, nan, nan, nan, nan, status, nan
    v = arc_velocities(r1x, r1y, r1z, r2x, r2y, r2z, mu, lam, r1n, r2n, cn, s, hx, hy, hz, x)
    return v[0], v[1], v[2], v[3], v[4], v[5], OK, x


BATCH = 32
"""Single-revolution problems solved side by side (:func:`_solve_cells`)."""
MIN_PARALLEL_PROBLEMS = 200
"""Fewest Lambert problems for which a call runs the kernel's parallel build (:mod:`marsplan.threads`): below it the
serial build is faster even on an idle machine (idle 2-core machine: 0.032 ms serial, 0.028 ms parallel at 100
problems; 0.018 vs 0.019 ms at 30; ``make bench`` measures both across sizes)."""
MIN_PARALLEL_PROBLEMS_BUSY = 30_000
"""Fewest problems for the parallel build while other programs keep the cores busy: where the serial build
takes some 10 ms, long enough to hide a parallel call's wait for a core (measured under ``make bench``'s CPU
hog)."""


@twin(min_parallel_work=MIN_PARALLEL_PROBLEMS, min_parallel_work_busy=MIN_PARALLEL_PROBLEMS_BUSY, error_model="numpy")
def _solve_cells(r1, r2, tof_s, mu, revs, prograde, low_path, v1, v2, status):
    n = tof_s.shape[0]
    if revs > 0:
        for i in nb.prange(n):
            out = _lambert_one(r1[i, 0], r1[i, 1], r1[i, 2], r2[i, 0], r2[i, 1], r2[i, 2],
                               tof_s[i], mu, revs, prograde, low_path)
            v1[i, 0], v1[i, 1], v1[i, 2] = out[0], out[1], out[2]
            v2[i, 0], v2[i, 1], v2[i, 2] = out[3], out[4], out[5]
            status[i] = out[6]
        return
    # One revolution or none: BATCH problems at a time, in passes (the invariants and first guesses of all, then
    # one iteration of each problem not yet solved, and again, then the velocities).  One problem's iteration
    # waits on the one before; the iterations of different problems side by side in one short loop do not, so the
    # processor overlaps them (20 % faster than one problem after another; each problem's arithmetic, hence its
    # numbers, is the same as :func:`lambert_warm_start`'s, bitwise)
    for b in nb.prange((n + BATCH - 1) // BATCH):
        first = b * BATCH
        m = min(BATCH, n - first)
        # per problem: lambda, t, x, lower, upper, |r1|, |r2|, chord, s, h (3)
        work = np.empty((m, 12))
        pending = 0
        for k in range(m):
            i = first + k
            st, lam, t, r1n, r2n, cn, s, hx, hy, hz = lambert_geometry(
                r1[i, 0], r1[i, 1], r1[i, 2], r2[i, 0], r2[i, 1], r2[i, 2], tof_s[i], mu, prograde)
            status[i] = st
            if st == OK:
                status[i] = -1  # pending
                pending += 1
                w = work[k]
                w[0], w[1], w[2], w[3], w[4] = lam, t, _initial_guess(t, lam, 0, low_path), -1.0, np.inf
                w[5], w[6], w[7], w[8], w[9], w[10], w[11] = r1n, r2n, cn, s, hx, hy, hz
        for _ in range(MAX_ITER):
            if pending == 0:
                break
            for k in range(m):
                if status[first + k] == -1:
                    w = work[k]
                    x, lower, upper, converged = householder_step(w[2], w[1], w[0], w[3], w[4], _X_STEP_DONE)
                    w[2], w[3], w[4] = x, lower, upper
                    if converged:
                        status[first + k] = OK
                        pending -= 1
        for k in range(m):
            i = first + k
            if status[i] == -1:
                status[i] = NOT_CONVERGED
            if status[i] != OK:
                v1[i, 0] = v1[i, 1] = v1[i, 2] = v2[i, 0] = v2[i, 1] = v2[i, 2] = np.nan
                continue
            w = work[k]
            v = arc_velocities(r1[i, 0], r1[i, 1], r1[i, 2], r2[i, 0], r2[i, 1], r2[i, 2], mu,
                            w[0], w[5], w[6], w[7], w[8], w[9], w[10], w[11], w[2])
            v1[i, 0], v1[i, 1], v1[i, 2] = v[0], v[1], v[2]
            v2[i, 0], v2[i, 1], v2[i, 2] = v[3], v[4], v[5]


def solve(r1_km, r2_km, tof_s, mu_km3_s2, *, revs: int = 0, prograde: bool = True,
          low_path: bool = True) -> LambertResult:
    """Velocities at both ends of the Keplerian arc from ``r1_km`` to ``r2_km`` in ``tof_s``.

    ``r1_km`` and ``r2_km`` have shape ``(..., 3)`` and ``tof_s`` shape
    ``(...)``; they broadcast together.  ``revs`` is the number of complete
    revolutions N; ``prograde`` and ``low_path`` are described in the module
    docstring.  Returns ``(v1_km_s, v2_km_s)`` (a :class:`LambertResult`
    whose ``status`` array tells why a cell is NaN).  With a single problem
    (r1, r2 of shape (3,)) a failure raises :class:`LambertError` instead.

    >>> v1, v2 = solve([5000, 10000, 2100], [-14600, 2500, 7000], 3600, 398600)
    >>> v1.round(4)          # Curtis, Orbital Mechanics, Example 5.2
    array([-5.9925,  1.9254,  3.2456])
    """
    revs = int(revs)
    if not 0 <= revs <= MAX_REVS:
        raise InputError(f"revs = {revs}: allowed 0 to {MAX_REVS}")
    mu = float(mu_km3_s2)
    if not (math.isfinite(mu) and mu > 0.0):
        raise InputError(f"mu_km3_s2 = {mu}: must be finite and > 0")
    r1 = np.asarray(r1_km, dtype=np.float64)
    r2 = np.asarray(r2_km, dtype=np.float64)
    tof = np.asarray(tof_s, dtype=np.float64)
    n = tof.shape[0] if tof.ndim == 1 else -1
    if (r1.shape == r2.shape == (n, 3) and r1.flags.c_contiguous and r2.flags.c_contiguous
            and tof.flags.c_contiguous):  # n problems side by side, the common case: no broadcasting to do
        v1, v2 = np.empty((n, 3)), np.empty((n, 3))
        status = np.empty(n, dtype=np.int8)
        _solve_cells(r1, r2, tof, mu, revs, bool(prograde), bool(low_path), v1, v2, status, work=n)
        return LambertResult(v1, v2, status)
    if r1.shape[-1:] != (3,) or r2.shape[-1:] != (3,):
        raise InputError(f"r1_km and r2_km need 3 components on the last axis, got {r1.shape} and {r2.shape}")
    try:
        shape = np.broadcast_shapes(r1.shape[:-1], r2.shape[:-1], tof.shape)
    except ValueError:
        raise InputError(
            f"shapes do not broadcast: r1 {r1.shape}, r2 {r2.shape}, tof {tof.shape}"
        ) from None
    n = math.prod(shape)
    r1f = np.ascontiguousarray(np.broadcast_to(r1, shape + (3,)).reshape(n, 3))
    r2f = np.ascontiguousarray(np.broadcast_to(r2, shape + (3,)).reshape(n, 3))
    tf = np.ascontiguousarray(np.broadcast_to(tof, shape).reshape(n))
    v1 = np.empty((n, 3))
    v2 = np.empty((n, 3))
    status = np.empty(n, dtype=np.int8)
    _solve_cells(r1f, r2f, tf, mu, revs, bool(prograde), bool(low_path), v1, v2, status, work=tf.shape[0])
    if shape == ():
        if status[0] != OK:
            raise LambertError(f"Lambert problem not solved: {STATUS_MESSAGES[int(status[0])]}")
        return LambertResult(v1[0], v2[0], status.reshape(()))
    return LambertResult(v1.reshape(shape + (3,)), v2.reshape(shape + (3,)), status.reshape(shape))
