"""Multiple gravity assists with one deep-space manoeuvre per leg (MGA-1DSM), the model of ESA's GTOP Cassini2,
Rosetta and Messenger problems.

Model (D. Izzo, "Global optimization and space pruning for spacecraft trajectory design", in *Spacecraft
Trajectory Optimization*, Cambridge UP 2010; GTOP's ``MGA_DSM``): the decision vector is

    x = [t0, V_inf, u, v, T1..Tn-1, eta1..etan-1, rp1..rpn-2, gamma1..gamman-2]

(n bodies).  The spacecraft leaves the first body with hyperbolic excess V_inf (km/s) in the direction
theta = 2 pi u, phi = acos(2 v - 1) - pi/2 of the body's velocity frame (i along its velocity, k along its
orbital angular momentum, j = k x i); on leg k it coasts (two-body motion about the Sun) for eta_k T_k days, burns
once (the deep-space manoeuvre, DSM) onto the Lambert arc that reaches the next body after the remaining
(1 - eta_k) T_k days; at each intermediate body it flies by unpowered at periapsis rp_k (in the body's radii) with
B-plane angle gamma_k (:func:`marsplan.trajectory.flyby.unpowered_flyby`).  The objective, km/s, is

    V_inf + the DSMs + the arrival term (the arrival v-infinity, or the burn into a :class:`Capture` orbit,
    or nothing for a flyby),

as GTOP counts it for a rendezvous.  The periapsis bounds are the flybys' limits (no penalty is needed).

GTOP's Cassini2 at the trajectory Tudat's tests quote with GTOP's value (8385.15784516116 m/s):

>>> from marsplan.trajectory.gtop import cassini2, CASSINI2_BEST_X
>>> round(float(cassini2().objective(CASSINI2_BEST_X)), 5)
8.38515
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numba as nb
import numpy as np

from marsplan.astro.kepler import kepler_step
from marsplan.astro.lambert import lambert_warm_start
from marsplan.errors import InputError
from marsplan.threads import twin
from marsplan.trajectory.flyby import unpowered_flyby_one
from marsplan.trajectory.mga import ARRIVAL_MODES, FAILED_LEG_KM_S, Capture, arrival_args, check_epochs, planet_states

__all__ = ["MGA1DSMProblem"]

MIN_PARALLEL_CANDIDATES = 400


@dataclass(frozen=True)
class MGA1DSMProblem:
    """An MGA-1DSM transfer to optimise (module docstring).  Bounds: ``departure_bounds`` (days after
    ``epoch_origin_tdb_jd``; TDB JD by default), ``vinf_bounds_km_s``, ``tof_bounds_days`` and ``eta_bounds`` per
    leg, ``rp_bounds`` per flyby (in the body's radii); ``planets`` ``"de440"`` or ``"gtop"``."""

    sequence: tuple[str, ...]
    departure_bounds: tuple[float, float]
    vinf_bounds_km_s: tuple[float, float]
    tof_bounds_days: tuple[tuple[float, float], ...]
    eta_bounds: tuple[tuple[float, float], ...]
    rp_bounds: tuple[tuple[float, float], ...]
    arrival: Capture | str = "vinf"
    count_vinf: bool = True
    planets: str = "de440"
    epoch_origin_tdb_jd: float = 0.0
    constants: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from marsplan.astro import bodies

        seq = tuple(bodies.check_body(b) for b in self.sequence)
        object.__setattr__(self, "sequence", seq)
        n = len(seq)
        if not 2 <= n <= 12 or "sun" in seq:
            raise InputError(f"sequence {'-'.join(seq)}: 2 to 12 bodies, not the Sun", param="sequence")
        for name, pairs, count in (("tof_bounds_days", self.tof_bounds_days, n - 1), ("eta_bounds", self.eta_bounds,
                                   n - 1), ("rp_bounds", self.rp_bounds, n - 2)):
            if len(pairs) != count:
                raise InputError(f"{name}: {len(pairs)} pairs for {count}", param=name)
            for a, b in pairs:
                if not (math.isfinite(a) and math.isfinite(b) and a <= b):
                    raise InputError(f"{name}: {a}:{b} needs finite MIN <= MAX", param=name)
        if any(not (0.0 <= a and b <= 1.0) for a, b in self.eta_bounds):
            raise InputError("eta_bounds: allowed 0 to 1", param="eta_bounds")
        if any(a < 1.0 for a, _ in self.rp_bounds):
            raise InputError("rp_bounds: a flyby's periapsis is at least 1 radius", param="rp_bounds")
        if any(a <= 0.0 for a, _ in self.tof_bounds_days):
            raise InputError("tof_bounds_days: must be > 0", param="tof_bounds_days")
        if not 0.0 <= self.vinf_bounds_km_s[0] <= self.vinf_bounds_km_s[1] <= 30.0:
            raise InputError("vinf_bounds_km_s: allowed 0 to 30, MIN <= MAX", param="vinf_bounds_km_s")
        if not isinstance(self.arrival, Capture) and self.arrival not in ARRIVAL_MODES:
            raise InputError(f"arrival = {self.arrival!r}", param="arrival")
        if self.planets == "gtop":
            from marsplan.trajectory import gtop

            if any(b not in gtop.GTOP_BODIES for b in seq):
                raise InputError(f"GTOP's planet model has {', '.join(gtop.GTOP_BODIES)}", param="sequence")
            mu = [gtop.GTOP_DSM_MU_KM3_S2[b] for b in seq]
            radius = [gtop.GTOP_DSM_RADIUS_KM[b] for b in seq]
            mu_sun = gtop.GTOP_MU_SUN_KM3_S2
        elif self.planets == "de440":
            mu = [bodies.mu_km3_s2(b) for b in seq]
            radius = [bodies.radius_km(b) for b in seq]
            mu_sun = bodies.mu_km3_s2("sun")
        else:
            raise InputError(f"planets = {self.planets!r}: choose de440 or gtop", param="planets")
        object.__setattr__(self, "constants", {"mu": np.array(mu), "radius": np.array(radius), "mu_sun": mu_sun})
        check_epochs(self.planets, self.epoch_origin_tdb_jd + self.departure_bounds[0],
                     self.epoch_origin_tdb_jd + self.departure_bounds[1] + sum(b for _, b in self.tof_bounds_days))

    @property
    def dimension(self) -> int:
        return 4 * len(self.sequence) - 2

    @property
    def bounds(self) -> list[tuple[float, float]]:
        return [(self.departure_bounds[0], self.departure_bounds[1]),
                (self.vinf_bounds_km_s[0], self.vinf_bounds_km_s[1]), (0.0, 1.0), (0.0, 1.0),
                *self.tof_bounds_days, *self.eta_bounds, *self.rp_bounds,
                *[(-math.pi, math.pi)] * (len(self.sequence) - 2)]

    def epochs_tdb_jd(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        n = len(self.sequence)
        t0 = x[..., :1]
        return self.epoch_origin_tdb_jd + np.concatenate([t0, t0 + np.cumsum(x[..., 4:4 + n - 1], axis=-1)], axis=-1)

    def states(self, epochs_tdb_jd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return planet_states(self.sequence, self.planets, epochs_tdb_jd)

    def batch(self, x) -> np.ndarray:
        """Per candidate (rows of x): [total km/s, V_inf, arrival v_inf, arrival term, status (0 flown, 1 a leg has
        no arc), then each leg's DSM (km/s)]."""
        x = np.ascontiguousarray(np.atleast_2d(np.asarray(x, dtype=float)))
        if x.shape[1] != self.dimension:
            raise InputError(f"candidates of {x.shape[1]} values: this problem has {self.dimension}", param="x")
        r, v = self.states(self.epochs_tdb_jd(x))
        c = self.constants
        n = len(self.sequence)
        out = np.empty((x.shape[0], 5 + n - 1))
        _dsm_cells(x, r, v, c["mu_sun"], c["mu"], c["radius"], self.count_vinf, *arrival_args(self.arrival), out,
                   work=x.shape[0])
        return out

    def objective(self, x) -> np.ndarray:
        values = self.batch(x)[:, 0]
        return values[0] if np.ndim(x) == 1 else values


@twin(min_parallel_work=MIN_PARALLEL_CANDIDATES)
def _dsm_cells(x, r, v, mu_sun, mu, radius, count_vinf, arrival_mode, cap_rp, cap_e, out):
    n = r.shape[1]
    legs = n - 1
    for p in nb.prange(x.shape[0]):
        vinf = x[p, 1]
        theta = 2.0 * math.pi * x[p, 2]
        phi = math.acos(2.0 * x[p, 3] - 1.0) - 0.5 * math.pi
        # the first body's velocity frame: i along v, k along r x v, j = k x i
        vx, vy, vz = v[p, 0, 0], v[p, 0, 1], v[p, 0, 2]
        vn = math.sqrt(vx * vx + vy * vy + vz * vz)
        ix, iy, iz = vx / vn, vy / vn, vz / vn
        kx = r[p, 0, 1] * vz - r[p, 0, 2] * vy
        ky = r[p, 0, 2] * vx - r[p, 0, 0] * vz
        kz = r[p, 0, 0] * vy - r[p, 0, 1] * vx
        kn = math.sqrt(kx * kx + ky * ky + kz * kz)
        kx, ky, kz = kx / kn, ky / kn, kz / kn
        jx, jy, jz = ky * iz - kz * iy, kz * ix - kx * iz, kx * iy - ky * ix
        a, b, c = math.cos(theta) * math.cos(phi), math.sin(theta) * math.cos(phi), math.sin(phi)
        sx = vx + vinf * (a * ix + b * jx + c * kx)
        sy = vy + vinf * (a * iy + b * jy + c * ky)
        sz = vz + vinf * (a * iz + b * jz + c * kz)
        total = vinf if count_vinf else 0.0
        failed = False
        for leg in range(legs):
            tof = x[p, 4 + leg] * 86400.0
            eta = x[p, 4 + legs + leg]
            # coast to the manoeuvre, then the Lambert arc to the next body
            dx, dy, dz, ux, uy, uz = kepler_step(r[p, leg, 0], r[p, leg, 1], r[p, leg, 2], sx, sy, sz,
                                                 eta * tof, mu_sun)
            l1x, l1y, l1z, l2x, l2y, l2z, status, _ = lambert_warm_start(
                dx, dy, dz, r[p, leg + 1, 0], r[p, leg + 1, 1], r[p, leg + 1, 2], (1.0 - eta) * tof, mu_sun, 0,
                True, True, np.nan)
            if status != 0:
                failed = True
                break
            dsm = math.sqrt((l1x - ux) ** 2 + (l1y - uy) ** 2 + (l1z - uz) ** 2)
            out[p, 5 + leg] = dsm
            total += dsm
            sx, sy, sz = l2x, l2y, l2z
            if leg < legs - 1:
                k = leg + 1
                rp = x[p, 4 + 2 * legs + leg] * radius[k]
                beta = x[p, 4 + 2 * legs + (n - 2) + leg]
                sx, sy, sz = unpowered_flyby_one(sx, sy, sz, v[p, k, 0], v[p, k, 1], v[p, k, 2], rp, beta, mu[k])
        if failed:
            out[p, 0] = FAILED_LEG_KM_S
            out[p, 1:] = np.nan
            out[p, 4] = 1.0
            continue
        ax, ay, az = sx - v[p, n - 1, 0], sy - v[p, n - 1, 1], sz - v[p, n - 1, 2]
        arr = math.sqrt(ax * ax + ay * ay + az * az)
        if arrival_mode == 0:
            term = arr
        elif arrival_mode == 1:
            term = 0.0
        else:
            m = mu[n - 1]
            term = abs(math.sqrt(arr * arr + 2.0 * m / cap_rp) - math.sqrt(m * (1.0 + cap_e) / cap_rp))
        out[p, 0] = total + term
        out[p, 1] = vinf
        out[p, 2] = arr
        out[p, 3] = term
        out[p, 4] = 0.0
