"""Two-body (Keplerian) motion: propagation and classical orbital elements.

Propagation uses the universal variable chi with Stumpff functions c2, c3
(Bate, Mueller & White, *Fundamentals of Astrodynamics*, 1971, ch. 4;
Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. 2013,
Algorithm 8), so one formula covers ellipses, parabolas and hyperbolas,
forward and backward in time.  Kepler's equation in chi is solved with the
Laguerre-Conway iteration (Conway, "An improved algorithm due to Laguerre
for the solution of Kepler's equation", Celestial Mechanics 39, 1986),
which converges from any starting point; elliptic times are first reduced
modulo the period.  Compiled with numba, parallel over states.

Elements follow Vallado (2013), Algorithms 9 (RV2COE) and 10 (COE2RV),
angles in radians; ``p_km`` (semi-latus rectum) is the size parameter so
that parabolas are covered.  For circular orbits the argument of periapsis
is 0 and the true anomaly is measured from the ascending node; for
equatorial orbits the node is taken on the x axis.

Vallado (2013), Example 2-4: an Earth orbit propagated 40 minutes lands at
r = (-4219.7527, 4363.0292, -3958.7666) km, v = (3.689866, -1.916735, -6.112511) km/s:

>>> import math
>>> from marsplan.astro.kepler import elements, propagate
>>> r, v = propagate([1131.340, -2282.343, 6672.423], [-5.64305, 4.30333, 2.42879], 40 * 60.0, 398600.4418)
>>> r.round(3).tolist(), v.round(6).tolist()
([-4219.753, 4363.029, -3958.767], [3.689866, -1.916735, -6.112511])

and Example 2-5: the state below has p = 11067.790 km, e = 0.83285 and i = 87.87 deg:

>>> el = elements([6524.834, 6862.875, 6448.296], [4.901327, 5.533756, -1.976341], 398600.4418)
>>> round(float(el.p_km), 1), round(float(el.ecc), 5), round(math.degrees(el.inc_rad), 2)
(11067.8, 0.83285, 87.87)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numba as nb
import numpy as np

from marsplan.errors import InputError
from marsplan.threads import twin

__all__ = ["Elements", "elements", "from_elements", "kepler_step", "propagate"]

_MAX_ITER = 60


@nb.njit(cache=True, nogil=True, inline="always")
def _stumpff(psi):
    """Stumpff functions c2(psi), c3(psi)."""
    if psi > 1e-6:
        sq = math.sqrt(psi)
        return (1.0 - math.cos(sq)) / psi, (sq - math.sin(sq)) / (sq * psi)
    if psi < -1e-6:
        sq = math.sqrt(-psi)
        return (1.0 - math.cosh(sq)) / psi, (math.sinh(sq) - sq) / (sq * -psi)
    # series: c2 = 1/2 - psi/24 + psi^2/720, c3 = 1/6 - psi/120 + psi^2/5040
    return 0.5 - psi / 24.0 + psi * psi / 720.0, 1.0 / 6.0 - psi / 120.0 + psi * psi / 5040.0


@nb.njit(cache=True, nogil=True)
def _propagate_one(rx, ry, rz, vx, vy, vz, dt, mu):
    r0 = math.sqrt(rx * rx + ry * ry + rz * rz)
    v2 = vx * vx + vy * vy + vz * vz
    sqmu = math.sqrt(mu)
    rdotv = rx * vx + ry * vy + rz * vz
    sigma0 = rdotv / sqmu
    alpha = 2.0 / r0 - v2 / mu  # 1/a
    if alpha > 1e-12:
        period = 2.0 * math.pi / (sqmu * alpha**1.5)
        dt = dt - period * math.floor(dt / period + 0.5)  # elliptic motion repeats
    if dt == 0.0:
        return rx, ry, rz, vx, vy, vz
    # starting guesses (Vallado 2013, Algorithm 8); Laguerre converges from any of them
    chi = sqmu * dt / r0  # first order in dt: short arcs, parabolas
    if alpha > 1e-12:
        chi = sqmu * dt * alpha
    elif alpha < -1e-12 and abs(chi) * math.sqrt(-alpha) > 1.0:
        # long hyperbolic arcs: Vallado's logarithmic guess
        a = 1.0 / alpha
        sgn = 1.0 if dt > 0 else -1.0
        den = rdotv + sgn * math.sqrt(-mu * a) * (1.0 - r0 * alpha)
        arg = -2.0 * mu * alpha * dt / den if den != 0.0 else 0.0
        if arg > 1.0:
            chi = sgn * math.sqrt(-a) * math.log(arg)
    one_minus_ar0 = 1.0 - alpha * r0
    target = sqmu * dt
    n = 5.0
    for _ in range(_MAX_ITER):
        psi = chi * chi * alpha
        c2, c3 = _stumpff(psi)
        chi2 = chi * chi
        f = sigma0 * chi2 * c2 + one_minus_ar0 * chi2 * chi * c3 + r0 * chi - target
        df = sigma0 * chi * (1.0 - psi * c3) + one_minus_ar0 * chi2 * c2 + r0  # = r
        ddf = sigma0 * (1.0 - psi * c2) + one_minus_ar0 * chi * (1.0 - psi * c3)
        disc = abs((n - 1.0) ** 2 * df * df - n * (n - 1.0) * f * ddf)
        den = df + math.copysign(math.sqrt(disc), df)
        step = n * f / den
        chi -= step
        if abs(step) <= 1e-14 * max(1.0, abs(chi)):
            break
    psi = chi * chi * alpha
    c2, c3 = _stumpff(psi)
    chi2 = chi * chi
    r = sigma0 * chi * (1.0 - psi * c3) + one_minus_ar0 * chi2 * c2 + r0
    f = 1.0 - chi2 / r0 * c2
    g = dt - chi2 * chi / sqmu * c3
    gdot = 1.0 - chi2 / r * c2
    fdot = sqmu / (r * r0) * chi * (psi * c3 - 1.0)
    return (
        f * rx + g * vx, f * ry + g * vy, f * rz + g * vz,
        fdot * rx + gdot * vx, fdot * ry + gdot * vy, fdot * rz + gdot * vz,
    )


kepler_step = _propagate_one
"""Compiled two-body step for other numba kernels: ``kepler_step(rx, ry, rz, vx, vy, vz, dt, mu)`` returns
the six components ``dt`` later (any consistent units)."""


MIN_PARALLEL_STATES = 200
"""Fewest states for which a call runs the kernel's parallel build (:mod:`marsplan.threads`): below it the serial build
is faster even on an idle machine (idle 2-core machine: 0.035 ms serial, 0.027 ms parallel at 100 states; 0.018 vs
0.019 ms at 30; ``make bench`` measures both across sizes)."""
MIN_PARALLEL_STATES_BUSY = 40_000
"""Fewest states for the parallel build while other programs keep the cores busy: where the serial build
takes some 10 ms, long enough to hide a parallel call's wait for a core (measured under ``make bench``'s CPU
hog)."""


@twin(min_parallel_work=MIN_PARALLEL_STATES, min_parallel_work_busy=MIN_PARALLEL_STATES_BUSY)
def _propagate_cells(r, v, dt, mu, r_out, v_out):
    for i in nb.prange(dt.shape[0]):
        out = _propagate_one(r[i, 0], r[i, 1], r[i, 2], v[i, 0], v[i, 1], v[i, 2], dt[i], mu)
        r_out[i, 0], r_out[i, 1], r_out[i, 2] = out[0], out[1], out[2]
        v_out[i, 0], v_out[i, 1], v_out[i, 2] = out[3], out[4], out[5]


def _mu(mu_km3_s2) -> float:
    mu = float(mu_km3_s2)
    if not mu > 0.0:
        raise InputError(f"mu_km3_s2 = {mu}: must be > 0")
    return mu


def propagate(r_km, v_km_s, dt_s, mu_km3_s2):
    """Two-body state ``dt_s`` seconds later (negative: earlier).

    ``r_km`` and ``v_km_s`` have shape ``(..., 3)``, ``dt_s`` shape ``(...)``;
    they broadcast.  Returns ``(r_km, v_km_s)`` of the broadcast shape.
    """
    mu = _mu(mu_km3_s2)
    r = np.asarray(r_km, dtype=np.float64)
    v = np.asarray(v_km_s, dtype=np.float64)
    dt = np.asarray(dt_s, dtype=np.float64)
    if r.shape[-1:] != (3,) or v.shape[-1:] != (3,):
        raise InputError(f"r_km and v_km_s need 3 components on the last axis, got {r.shape} and {v.shape}")
    try:
        shape = np.broadcast_shapes(r.shape[:-1], v.shape[:-1], dt.shape)
    except ValueError:
        raise InputError(f"shapes do not broadcast: r {r.shape}, v {v.shape}, dt {dt.shape}") from None
    n = math.prod(shape)
    rf = np.ascontiguousarray(np.broadcast_to(r, shape + (3,)).reshape(n, 3))
    vf = np.ascontiguousarray(np.broadcast_to(v, shape + (3,)).reshape(n, 3))
    dtf = np.ascontiguousarray(np.broadcast_to(dt, shape).reshape(n))
    r_out = np.empty((n, 3))
    v_out = np.empty((n, 3))
    _propagate_cells(rf, vf, dtf, mu, r_out, v_out, work=dtf.shape[0])
    return r_out.reshape(shape + (3,)), v_out.reshape(shape + (3,))


class Elements(NamedTuple):
    """Classical orbital elements (angles in radians); arrays broadcast like the input."""

    p_km: np.ndarray
    a_km: np.ndarray  # inf for a parabola, negative for a hyperbola
    ecc: np.ndarray
    inc_rad: np.ndarray
    raan_rad: np.ndarray
    argp_rad: np.ndarray
    nu_rad: np.ndarray


_EPS = 1e-11


def elements(r_km, v_km_s, mu_km3_s2) -> Elements:
    """Classical elements of Cartesian states (Vallado 2013, Algorithm 9)."""
    mu = _mu(mu_km3_s2)
    r = np.asarray(r_km, dtype=np.float64)
    v = np.asarray(v_km_s, dtype=np.float64)
    h = np.cross(r, v)
    hn = np.linalg.norm(h, axis=-1)
    rn = np.linalg.norm(r, axis=-1)
    vn2 = np.sum(v * v, axis=-1)
    node = np.stack([-h[..., 1], h[..., 0], np.zeros_like(hn)], axis=-1)
    nn = np.linalg.norm(node, axis=-1)
    e_vec = ((vn2 - mu / rn)[..., None] * r - np.sum(r * v, axis=-1)[..., None] * v) / mu
    ecc = np.linalg.norm(e_vec, axis=-1)
    p = hn * hn / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(np.abs(1.0 - ecc) > _EPS, p / (1.0 - ecc * ecc), np.inf)
        inc = np.arccos(np.clip(h[..., 2] / hn, -1.0, 1.0))
        equatorial = nn < _EPS * hn
        circular = ecc < _EPS
        raan = np.where(equatorial, 0.0, np.arctan2(node[..., 1], node[..., 0]) % (2 * np.pi))
        # the reference direction in the orbit plane: the node, or x for equatorial orbits
        ref = np.where(equatorial[..., None], np.array([1.0, 0.0, 0.0]), node / np.where(nn > 0, nn, 1.0)[..., None])
        h_unit = h / hn[..., None]
        ref_perp = np.cross(h_unit, ref)

        def angle_from_ref(vec):
            return np.arctan2(np.sum(vec * ref_perp, -1), np.sum(vec * ref, -1)) % (2 * np.pi)

        argp = np.where(circular, 0.0, angle_from_ref(e_vec))
        u = angle_from_ref(r)  # argument of latitude (or true longitude if equatorial)
        nu = np.where(circular, u, (u - argp) % (2 * np.pi))
    return Elements(p, a, ecc, inc, raan, argp, nu)


def from_elements(p_km, ecc, inc_rad, raan_rad, argp_rad, nu_rad, mu_km3_s2):
    """Cartesian ``(r_km, v_km_s)`` of classical elements (Vallado 2013, Algorithm 10)."""
    mu = _mu(mu_km3_s2)
    p, e, i, raan, argp, nu = np.broadcast_arrays(
        *(np.asarray(x, dtype=np.float64) for x in (p_km, ecc, inc_rad, raan_rad, argp_rad, nu_rad))
    )
    if np.any(p <= 0) or np.any(e < 0):
        raise InputError("p_km must be > 0 and ecc >= 0")
    r_pf = p / (1.0 + e * np.cos(nu))
    r_perifocal = np.stack([r_pf * np.cos(nu), r_pf * np.sin(nu), np.zeros_like(nu)], axis=-1)
    sq = np.sqrt(mu / p)
    v_perifocal = np.stack([-sq * np.sin(nu), sq * (e + np.cos(nu)), np.zeros_like(nu)], axis=-1)
    co, so = np.cos(raan), np.sin(raan)
    cw, sw = np.cos(argp), np.sin(argp)
    ci, si = np.cos(i), np.sin(i)
    rot = np.stack([
        np.stack([co * cw - so * sw * ci, -co * sw - so * cw * ci, so * si], axis=-1),
        np.stack([so * cw + co * sw * ci, -so * sw + co * cw * ci, -co * si], axis=-1),
        np.stack([sw * si, cw * si, ci], axis=-1),
    ], axis=-2)
    r = np.einsum("...ij,...j->...i", rot, r_perifocal)
    v = np.einsum("...ij,...j->...i", rot, v_perifocal)
    return r, v
