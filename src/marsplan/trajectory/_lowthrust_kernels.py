"""The compiled kernels of :mod:`marsplan.trajectory.lowthrust` (canonical units: length 1 au, the Sun's GM = 1,
mass = the initial mass): Keplerian steps with Sims-Flanagan impulses, zero-order-hold thrust arcs by classical
Runge-Kutta, the two-sided shooting's seven mismatches and their central-difference Jacobian in one call, and the
path of a transfer for plotting.  Private: the public API and its conventions are in ``lowthrust``.

Two invariants: coasting (no thrust) four quarter-periods around the circular orbit of radius 1 returns to the
start (the period is 2 pi in canonical units), and one impulse dv costs the mass exp(-dv / ve) (Tsiolkovsky):

>>> import numpy as np
>>> s = np.array([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0])            # r, v, m
>>> sf_half(s, np.zeros((4, 3)), 0, 4, 1, np.pi / 2, 0.0, 1.0)
>>> np.round(s, 9) + 0.0
array([1., 0., 0., 0., 1., 0., 1.])
>>> s = np.array([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0])
>>> sf_half(s, np.array([[0.0, 1.0, 0.0]]), 0, 1, 1, 1e-3, 0.1, 1.0)   # dv = T dt / m = 1e-4
>>> bool(np.isclose(s[6], np.exp(-1e-4), rtol=1e-14))
True
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from marsplan.astro.kepler import kepler_step

MASS_FLOOR = 1e-9
"""Smallest canonical mass a kernel divides by: a start that burns everything must not divide by zero."""


@nb.njit(cache=True, nogil=True, inline="always")
def step(s, dt):
    out = kepler_step(s[0], s[1], s[2], s[3], s[4], s[5], dt, 1.0)
    for k in range(6):
        s[k] = out[k]


@nb.njit(cache=True, nogil=True)
def sf_half(s, u, first, count, sign, dt, thrust, ve):
    """Sims-Flanagan shooting over ``count`` segments from state ``s`` (r, v, m), forward (sign 1,
    segments first, first+1, ...) or backward (sign -1, segments first, first-1, ...)."""
    if count == 0:
        return
    step(s, sign * dt / 2)
    for j in range(count):
        i = first + sign * j
        c = thrust * dt / max(s[6], MASS_FLOOR)  # a start that burns everything must not divide by zero
        dvx, dvy, dvz = c * u[i, 0], c * u[i, 1], c * u[i, 2]
        s[3] += sign * dvx
        s[4] += sign * dvy
        s[5] += sign * dvz
        s[6] *= math.exp(max(-sign * math.sqrt(dvx * dvx + dvy * dvy + dvz * dvz) / ve, -700.0))
        step(s, sign * (dt if j < count - 1 else dt / 2))


@nb.njit(cache=True, nogil=True, inline="always")
def zoh_rate(s, ax, ay, az, mdot, out):
    r2 = s[0] * s[0] + s[1] * s[1] + s[2] * s[2]
    k = -1.0 / (r2 * math.sqrt(r2))
    m = max(s[6], MASS_FLOOR)
    out[0], out[1], out[2] = s[3], s[4], s[5]
    out[3] = k * s[0] + ax / m
    out[4] = k * s[1] + ay / m
    out[5] = k * s[2] + az / m
    out[6] = mdot


@nb.njit(cache=True, nogil=True)
def zoh_half(s, u, first, count, sign, dt, thrust, ve, substeps):
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
            zoh_rate(s, ax, ay, az, mdot, k1)
            for q in range(7):
                tmp[q] = s[q] + 0.5 * h * k1[q]
            zoh_rate(tmp, ax, ay, az, mdot, k2)
            for q in range(7):
                tmp[q] = s[q] + 0.5 * h * k2[q]
            zoh_rate(tmp, ax, ay, az, mdot, k3)
            for q in range(7):
                tmp[q] = s[q] + h * k3[q]
            zoh_rate(tmp, ax, ay, az, mdot, k4)
            for q in range(7):
                s[q] += h / 6.0 * (k1[q] + 2.0 * k2[q] + 2.0 * k3[q] + k4[q])


@nb.njit(cache=True, nogil=True)
def mismatch(zoh, s0, s1, u, dt, thrust, ve, n_fwd, substeps, out):
    """The seven mismatches (forward minus backward) at the meeting point."""
    n = u.shape[0]
    fwd = s0.copy()
    bck = s1.copy()
    if zoh:
        zoh_half(fwd, u, 0, n_fwd, 1, dt, thrust, ve, substeps)
        zoh_half(bck, u, n - 1, n - n_fwd, -1, dt, thrust, ve, substeps)
    else:
        sf_half(fwd, u, 0, n_fwd, 1, dt, thrust, ve)
        sf_half(bck, u, n - 1, n - n_fwd, -1, dt, thrust, ve)
    for k in range(7):
        out[k] = fwd[k] - bck[k]


@nb.njit(cache=True, nogil=True)
def leg(zoh, r0, v0, r1, v1, m_ratio, u, dt, thrust, ve, n_fwd, substeps, au, vu, m0, out):
    """:func:`mismatch` from states in km, km/s (and the final mass as a fraction ``m_ratio`` of the first),
    its result back in km, km/s and kg: one compiled call for what an optimiser asks thousands of times."""
    s0 = np.empty(7)
    s1 = np.empty(7)
    for k in range(3):
        s0[k] = r0[k] / au
        s0[3 + k] = v0[k] / vu
        s1[k] = r1[k] / au
        s1[3 + k] = v1[k] / vu
    s0[6] = 1.0
    s1[6] = m_ratio
    mismatch(zoh, s0, s1, u, dt, thrust, ve, n_fwd, substeps, out)
    for k in range(3):
        out[k] *= au
        out[3 + k] *= vu
    out[6] *= m0


@nb.njit(cache=True, nogil=True)
def mismatch_jacobian(zoh, s0, s1, u, dt, thrust, ve, n_fwd, substeps, h, jac):
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
        mismatch(zoh, a, b, uu, d, thrust, ve, n_fwd, substeps, plus)
        if col < 6:
            a[col] -= 2 * h
        elif col < 13:
            b[col - 6] -= 2 * h
        elif col == 13:
            d -= 2 * h
        else:
            uu[k // 3, k % 3] -= 2 * h
        mismatch(zoh, a, b, uu, d, thrust, ve, n_fwd, substeps, minus)
        for q in range(7):
            jac[q, col] = (plus[q] - minus[q]) / (2 * h)


@nb.njit(cache=True, nogil=True)
def sf_path(s, u, dt, thrust, ve, n_fwd, points_per_segment, out):
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
                step(s, dt / 2 - t_here)
                norm_u = math.sqrt(u[i, 0] ** 2 + u[i, 1] ** 2 + u[i, 2] ** 2)
                m_sized = s[6]
                if i >= n_fwd:
                    for _ in range(60):
                        m_sized = s[6] * math.exp(-thrust * dt * norm_u / (max(m_sized, MASS_FLOOR) * ve))
                c = thrust * dt / max(m_sized, MASS_FLOOR)
                s[3] += c * u[i, 0]
                s[4] += c * u[i, 1]
                s[5] += c * u[i, 2]
                s[6] *= math.exp(max(-c * norm_u / ve, -700.0))
                step(s, t_next - dt / 2)
            else:
                step(s, sub)
    out[row, 0], out[row, 1], out[row, 2] = s[0], s[1], s[2]
