"""Patched-conic planetary flybys: the turn a planet's gravity gives a spacecraft, and the burn a flyby needs.

Model (patched conics, e.g. Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed. 2014, sec. 8.9):
inside the planet's sphere of influence (taken as a point) the spacecraft flies a hyperbola about the planet;
the hyperbolic excess velocity v_inf = v - v_planet is turned by

    delta = 2 asin(1 / e),   e = 1 + r_p v_inf^2 / mu

for a periapsis radius r_p, and keeps its magnitude (an unpowered flyby).

A *powered* flyby joins a given incoming and outgoing v_inf (of different magnitudes, an angle alpha apart)
with one tangential burn at periapsis: the two half-hyperbolas, of eccentricities e_in = 1 + r_p v_in^2 / mu
and e_out = 1 + r_p v_out^2 / mu, turn the velocity by asin(1 / e_in) + asin(1 / e_out), which falls
monotonically from pi at r_p = 0 to 0 as r_p grows; the one r_p where it equals alpha is found by
safeguarded Newton iterations, and the burn is

    dv = | sqrt(v_out^2 + 2 mu / r_p) - sqrt(v_in^2 + 2 mu / r_p) |

(Izzo's and ESA's GTOP formulation of multiple-gravity-assist transfers, the "PowSwingByInv" of its code,
and Gauss's earlier treatment of the periapsis burn).  Below the body's minimum flyby radius
(:func:`marsplan.astro.bodies.min_flyby_radius_km`) the turn cannot be had: the flyby passes at the minimum,
and the rest of the turn is bought with a second burn after the flyby, 2 v_out sin(rest / 2) (status 1;
an upper bound: a real design would spread it).

Vectors are any frame's, as long as both velocities of a call are in the same one; speeds km/s, radii km.
The B-plane angle ``beta`` of an unpowered flyby is measured as in GTOP's and pykep's MGA-1DSM codes: about
the incoming v_inf, from the direction of v_inf x v_planet.

>>> import numpy as np
>>> from marsplan.trajectory.flyby import turn_angle_deg, powered_flyby
>>> round(float(turn_angle_deg(5.0, 6_378.0 + 500.0, 398_600.4)), 2)   # an Earth flyby at 500 km
88.63
>>> r = powered_flyby([5.0, 0.0, 0.0], [0.0, 5.0, 0.0], 398_600.4, 6_378.0 + 200.0)
>>> round(float(r.dv_km_s), 9), round(float(r.rp_km), 1), int(r.status)   # 90 degrees at one speed: no burn
(0.0, 6604.2, 0)
>>> r = powered_flyby([5.0, 0.0, 0.0], [0.0, 5.0, 0.0], 398_600.4, 6_378.0 + 300.0)
>>> round(float(r.dv_km_s), 3), int(r.status)   # the turn needs 226 km: at 300 km a burn turns the rest
(0.033, 1)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numba as nb
import numpy as np

from marsplan.errors import InputError
from marsplan.threads import twin

__all__ = ["FlybyResult", "STATUS_MESSAGES", "flyby_periapsis", "max_turn_angle_deg", "powered_flyby",
           "turn_angle_deg", "unpowered_flyby",
           # compiled building blocks, for kernels that chain flybys
           "powered_flyby_one", "unpowered_flyby_one"]

OK, TURN_LIMITED, BAD_INPUT = 0, 1, 2
STATUS_MESSAGES = {
    OK: "flown",
    TURN_LIMITED: "the turn needs a periapsis below the body's minimum: flown at the minimum, the rest of the "
                  "turn bought with a burn after the flyby",
    BAD_INPUT: "invalid input: non-finite or zero speed, or a radius or mu <= 0",
}
_MAX_ITER = 60
_RP_TOL = 1e-13  # relative


def turn_angle_deg(vinf_km_s, rp_km, mu_km3_s2) -> np.ndarray:
    """Turn of v-infinity in an unpowered flyby: 2 asin(1 / (1 + rp v_inf^2 / mu)), degrees (arrays broadcast)."""
    v = np.asarray(vinf_km_s, dtype=float)
    rp = np.asarray(rp_km, dtype=float)
    return np.degrees(2.0 * np.arcsin(1.0 / (1.0 + rp * v * v / float(mu_km3_s2))))


def max_turn_angle_deg(vinf_km_s, body: str) -> np.ndarray:
    """The largest turn ``body`` can give a v-infinity in an unpowered flyby (at its minimum flyby radius)."""
    from marsplan.astro.bodies import min_flyby_radius_km, mu_km3_s2

    return turn_angle_deg(vinf_km_s, min_flyby_radius_km(body), mu_km3_s2(body))


@nb.njit(cache=True, nogil=True, inline="always")
def _half_turns(rp, a, b):
    """asin(1 / e_in) + asin(1 / e_out) and its derivative in rp, with a = v_in^2 / mu, b = v_out^2 / mu."""
    e_a = 1.0 + rp * a
    e_b = 1.0 + rp * b
    turn = math.asin(1.0 / e_a) + math.asin(1.0 / e_b)
    # e^2 - 1 as (e - 1)(e + 1) = rp a (2 + rp a): exact where e rounds to 1
    slope = -a / (e_a * math.sqrt(rp * a * (2.0 + rp * a))) - b / (e_b * math.sqrt(rp * b * (2.0 + rp * b)))
    return turn, slope


@nb.njit(cache=True, nogil=True)
def flyby_periapsis(v_in, v_out, alpha, mu):
    """The periapsis radius at which a flyby turns v_inf by ``alpha`` (rad) while its speed goes from ``v_in`` to
    ``v_out`` (km/s) with one periapsis burn; inf for alpha = 0, NaN for invalid input."""
    if not (v_in > 0.0 and v_out > 0.0 and mu > 0.0 and 0.0 <= alpha <= math.pi and math.isfinite(v_in)
            and math.isfinite(v_out)):
        return np.nan
    if alpha == 0.0:
        return np.inf
    if alpha == math.pi:
        return 0.0
    a = v_in * v_in / mu
    b = v_out * v_out / mu
    # the turn of one speed, 2 asin(1 / (1 + rp v^2 / mu)), brackets the root between the two speeds'
    scale = 1.0 / math.sin(0.5 * alpha) - 1.0
    lo = scale / max(a, b)
    hi = scale / min(a, b)
    if not lo > 0.0:  # alpha rounds to a full reversal: a pass through the centre
        return 0.0
    rp = 0.5 * (lo + hi)
    for _ in range(_MAX_ITER):
        turn, slope = _half_turns(rp, a, b)
        f = turn - alpha
        if f > 0.0:  # turns too much: periapsis too low
            lo = rp
        else:
            hi = rp
        step = f / slope
        rp_new = rp - step
        if not lo < rp_new < hi:
            rp_new = 0.5 * (lo + hi)
        if abs(rp_new - rp) <= _RP_TOL * rp_new or hi - lo <= _RP_TOL * hi:
            return rp_new
        rp = rp_new
    return rp


@nb.njit(cache=True, nogil=True, inline="always")
def powered_flyby_one(ix, iy, iz, ox, oy, oz, mu, rp_min):
    """One powered flyby from incoming v_inf (ix, iy, iz) to outgoing (ox, oy, oz): (dv, rp flown, rp needed,
    status)."""
    v_in = math.sqrt(ix * ix + iy * iy + iz * iz)
    v_out = math.sqrt(ox * ox + oy * oy + oz * oz)
    if not (v_in > 0.0 and v_out > 0.0 and mu > 0.0 and rp_min > 0.0 and math.isfinite(v_in)
            and math.isfinite(v_out)):
        return np.nan, np.nan, np.nan, BAD_INPUT
    cos_alpha = (ix * ox + iy * oy + iz * oz) / (v_in * v_out)
    alpha = math.acos(min(1.0, max(-1.0, cos_alpha)))
    rp = flyby_periapsis(v_in, v_out, alpha, mu)
    if rp >= rp_min:
        if math.isinf(rp):
            return abs(v_out - v_in), rp, rp, OK
        return abs(math.sqrt(v_out * v_out + 2.0 * mu / rp) - math.sqrt(v_in * v_in + 2.0 * mu / rp)), rp, rp, OK
    # at the minimum radius the flyby turns less than alpha: a burn after it turns the rest
    a = v_in * v_in / mu
    b = v_out * v_out / mu
    turn, _ = _half_turns(rp_min, a, b)
    rest = alpha - turn
    dv = abs(math.sqrt(v_out * v_out + 2.0 * mu / rp_min) - math.sqrt(v_in * v_in + 2.0 * mu / rp_min))
    return dv + 2.0 * v_out * math.sin(0.5 * rest), rp_min, rp, TURN_LIMITED


@nb.njit(cache=True, nogil=True, inline="always")
def unpowered_flyby_one(vx, vy, vz, px, py, pz, rp, beta, mu):
    """Heliocentric velocity after an unpowered flyby: incoming heliocentric (vx, vy, vz), the planet's (px, py,
    pz), periapsis radius ``rp``, B-plane angle ``beta`` (GTOP's convention, module docstring)."""
    ix, iy, iz = vx - px, vy - py, vz - pz
    v = math.sqrt(ix * ix + iy * iy + iz * iz)
    e = 1.0 + rp * v * v / mu
    delta = 2.0 * math.asin(1.0 / e)
    i1, i2, i3 = ix / v, iy / v, iz / v
    j1, j2, j3 = i2 * pz - i3 * py, i3 * px - i1 * pz, i1 * py - i2 * px
    jn = math.sqrt(j1 * j1 + j2 * j2 + j3 * j3)
    j1, j2, j3 = j1 / jn, j2 / jn, j3 / jn
    k1, k2, k3 = i2 * j3 - i3 * j2, i3 * j1 - i1 * j3, i1 * j2 - i2 * j1
    c, s = math.cos(delta), math.sin(delta)
    cb, sb = math.cos(beta), math.sin(beta)
    return (px + v * (c * i1 + cb * s * j1 + sb * s * k1),
            py + v * (c * i2 + cb * s * j2 + sb * s * k2),
            pz + v * (c * i3 + cb * s * j3 + sb * s * k3))


MIN_PARALLEL_FLYBYS = 20_000
"""Fewest flybys for the parallel build (:mod:`marsplan.threads`): a flyby is some 0.1 us of arithmetic."""


@twin(min_parallel_work=MIN_PARALLEL_FLYBYS)
def _powered_cells(vin, vout, mu, rp_min, dv, rp, rp_needed, status):
    for i in nb.prange(vin.shape[0]):
        out = powered_flyby_one(vin[i, 0], vin[i, 1], vin[i, 2], vout[i, 0], vout[i, 1], vout[i, 2], mu[i],
                                rp_min[i])
        dv[i], rp[i], rp_needed[i], status[i] = out[0], out[1], out[2], out[3]


@twin(min_parallel_work=MIN_PARALLEL_FLYBYS)
def _unpowered_cells(v, vp, rp, beta, mu, out):
    for i in nb.prange(v.shape[0]):
        o = unpowered_flyby_one(v[i, 0], v[i, 1], v[i, 2], vp[i, 0], vp[i, 1], vp[i, 2], rp[i], beta[i], mu[i])
        out[i, 0], out[i, 1], out[i, 2] = o[0], o[1], o[2]


class FlybyResult(NamedTuple):
    """Powered flybys, arrays of the calls' broadcast shape: ``dv_km_s`` (NaN with status 2), ``rp_km`` (the
    periapsis flown), ``rp_needed_km`` (where the turn would need it), ``status`` (0 flown, 1 turn-limited,
    2 invalid)."""

    dv_km_s: np.ndarray
    rp_km: np.ndarray
    rp_needed_km: np.ndarray
    status: np.ndarray


def _vectors(name: str, value) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if array.shape[-1:] != (3,):
        raise InputError(f"{name} needs 3 components on its last axis, got shape {array.shape}", param=name)
    return array


def powered_flyby(vinf_in_km_s, vinf_out_km_s, mu_km3_s2, rp_min_km) -> FlybyResult:
    """The periapsis burn that turns the incoming v-infinity (vectors, km/s, shape (..., 3)) into the outgoing
    one, and the periapsis it needs (module docstring); ``mu_km3_s2`` and ``rp_min_km`` broadcast with them."""
    vin = _vectors("vinf_in_km_s", vinf_in_km_s)
    vout = _vectors("vinf_out_km_s", vinf_out_km_s)
    mu = np.asarray(mu_km3_s2, dtype=float)
    rp_min = np.asarray(rp_min_km, dtype=float)
    try:
        shape = np.broadcast_shapes(vin.shape[:-1], vout.shape[:-1], mu.shape, rp_min.shape)
    except ValueError:
        raise InputError(f"shapes do not broadcast: {vin.shape}, {vout.shape}, {mu.shape}, {rp_min.shape}") from None
    n = math.prod(shape)
    flat = [np.ascontiguousarray(np.broadcast_to(a, shape + (3,)).reshape(n, 3)) for a in (vin, vout)]
    scalars = [np.ascontiguousarray(np.broadcast_to(a, shape).reshape(n)) for a in (mu, rp_min)]
    dv, rp, needed = np.empty(n), np.empty(n), np.empty(n)
    status = np.empty(n, dtype=np.int8)
    _powered_cells(*flat, *scalars, dv, rp, needed, status, work=n)
    return FlybyResult(dv.reshape(shape), rp.reshape(shape), needed.reshape(shape), status.reshape(shape))


def unpowered_flyby(v_in_km_s, v_planet_km_s, rp_km, beta_rad, mu_km3_s2) -> np.ndarray:
    """Heliocentric velocity after an unpowered flyby (shape (..., 3)): incoming heliocentric velocity, the
    planet's velocity, periapsis radius and B-plane angle (module docstring); the magnitude of v - v_planet
    is kept, its direction turned by :func:`turn_angle_deg`."""
    v = _vectors("v_in_km_s", v_in_km_s)
    vp = _vectors("v_planet_km_s", v_planet_km_s)
    rp, beta, mu = (np.asarray(a, dtype=float) for a in (rp_km, beta_rad, mu_km3_s2))
    if np.any(~(rp > 0)) or np.any(~(mu > 0)):
        raise InputError("rp_km and mu_km3_s2 must be > 0", param=("rp_km", "mu_km3_s2"))
    try:
        shape = np.broadcast_shapes(v.shape[:-1], vp.shape[:-1], rp.shape, beta.shape, mu.shape)
    except ValueError:
        raise InputError("shapes do not broadcast") from None
    n = math.prod(shape)
    flat = [np.ascontiguousarray(np.broadcast_to(a, shape + (3,)).reshape(n, 3)) for a in (v, vp)]
    scalars = [np.ascontiguousarray(np.broadcast_to(a, shape).reshape(n)) for a in (rp, beta, mu)]
    out = np.empty((n, 3))
    _unpowered_cells(*flat, *scalars, out, work=n)
    return out.reshape(shape + (3,))
