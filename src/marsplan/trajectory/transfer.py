"""Ballistic transfers between two bodies: the compiled per-cell physics.

A transfer leaves ``origin`` at a departure epoch and reaches ``target``
``tof`` days later on the heliocentric Lambert arc between the two bodies'
DE440 positions (patched conics: the planets' own gravity only enters
through the burns at each end, see :mod:`marsplan.trajectory.orbits`).

Per cell it gives: departure C3 and v-infinity, the declination and right
ascension of the departure asymptote (DLA, RLA) on the Earth equator of
J2000 (ICRF), arrival v-infinity, the transfer angle (type I below 180
degrees, type II above), the total impulsive delta-v from the parking orbit
to the capture orbit (or, with aerocapture, to a periapsis-raise burn), and
the atmospheric entry speed.

Lambert arcs are solved in the ecliptic-J2000 frame so that "prograde"
means the planets' sense of motion for every geometry, including the
highly inclined transfers near 180 degrees.  Everything is compiled (numba)
and runs in parallel over cells; ephemerides are evaluated once per
distinct epoch.

Perseverance (Mars 2020) left on 2020-07-30 at 11:50 UTC and landed on 2021-02-18 at 20:55 UTC after a
type I transfer (less than half a turn about the Sun); the same dates give, with C3 = v_inf^2:

>>> from marsplan.astro.time import utc_to_tdb_jd
>>> from marsplan.trajectory.transfer import TransferModel, evaluate
>>> launch, landing = utc_to_tdb_jd("2020-07-30T11:50"), utc_to_tdb_jd("2021-02-18T20:55")
>>> cell = evaluate(TransferModel("earth", "mars", capture="aerocapture"), launch, landing - launch)
>>> round(float(landing - launch), 1), round(float(cell["transfer_angle_deg"]), 1)
(203.4, 143.1)
>>> round(float(cell["c3_km2_s2"]), 2), round(float(cell["vinf_departure_km_s"]) ** 2, 2)
(14.57, 14.57)
>>> round(float(cell["vinf_arrival_km_s"]), 2), round(float(cell["entry_speed_km_s"]), 2)
(2.55, 5.55)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numba as nb
import numpy as np

from marsplan.astro import ephemeris as _ephemeris
from marsplan.astro.bodies import check_body, mu_km3_s2, radius_km
from marsplan.astro.frames import ICRF_TO_ECLIPTIC, icrf_to_ecliptic
from marsplan.astro.lambert import (
    MAX_ITER as LAMBERT_MAX_ITER,
)
from marsplan.astro.lambert import (
    NOT_CONVERGED as LAMBERT_NOT_CONVERGED,
)
from marsplan.astro.lambert import (
    arc_velocities,
    first_x,
    householder_step,
    lambert_geometry,
    lambert_warm_start,
)
from marsplan.errors import InputError
from marsplan.threads import twin
from marsplan.trajectory.orbits import (
    ENTRY_INTERFACE_ALT_KM,
    Orbit,
    default_capture_orbit,
    default_parking_orbit,
)

__all__ = ["TransferModel", "VARIABLES", "evaluate", "ECLIPTIC_TO_ICRF", "transfer_grid", "transfer_minima"]

ECLIPTIC_TO_ICRF = np.ascontiguousarray(ICRF_TO_ECLIPTIC.T)

# order of the kernel's outputs
VARIABLES = (
    "c3_km2_s2",
    "vinf_departure_km_s",
    "dla_deg",
    "rla_deg",
    "vinf_arrival_km_s",
    "transfer_angle_deg",
    "dv_departure_km_s",
    "dv_arrival_km_s",
    "dv_total_km_s",
    "entry_speed_km_s",
)
N_OUT = len(VARIABLES)
ROWS = 8
"""Grid rows solved side by side (:func:`_grid_kernel`)."""


@dataclass(frozen=True)
class TransferModel:
    """What a transfer cell needs besides the two epochs.

    ``capture`` is "propulsive" (a burn into ``arrival_orbit``) or
    "aerocapture" (only the periapsis-raise burn is counted, and
    ``entry_speed_km_s`` is reported at the entry interface).
    """

    origin: str
    target: str
    revs: int = 0
    low_path: bool = True
    departure_orbit: Orbit | None = None
    arrival_orbit: Orbit | None = None
    capture: str = "propulsive"
    ephemeris: Any = field(default=None, compare=False)

    def __post_init__(self):
        origin, target = check_body(self.origin), check_body(self.target)
        if origin == target:
            raise InputError(f"origin and target are both {origin}: choose two different bodies")
        if "sun" in (origin, target):
            raise InputError("the Sun cannot be an origin or target of a heliocentric transfer")
        object.__setattr__(self, "origin", origin)
        object.__setattr__(self, "target", target)
        if int(self.revs) < 0:
            raise InputError(f"revs = {self.revs}: must be >= 0")
        if self.capture not in ("propulsive", "aerocapture"):
            raise InputError(f"capture = {self.capture!r}: choose 'propulsive' or 'aerocapture'")
        if self.capture == "aerocapture" and target not in ENTRY_INTERFACE_ALT_KM:
            raise InputError(f"aerocapture needs an atmosphere: {target} has none in marsplan's data")
        if self.departure_orbit is None:
            object.__setattr__(self, "departure_orbit", default_parking_orbit(origin))
        if self.arrival_orbit is None:
            object.__setattr__(self, "arrival_orbit", default_capture_orbit(target))
        if self.departure_orbit.body != origin or self.arrival_orbit.body != target:
            raise InputError("departure_orbit must be around the origin and arrival_orbit around the target")
        eph = self.ephemeris if self.ephemeris is not None else _ephemeris.load()
        if isinstance(eph, str | bytes) or hasattr(eph, "__fspath__"):
            eph = _ephemeris.load(eph)
        object.__setattr__(self, "ephemeris", eph)

    @property
    def mu_sun_km3_s2(self) -> float:
        return mu_km3_s2("sun")

    def kernel_args(self) -> tuple:
        """The scalar parameters of the compiled kernels, in their order."""
        dep, arr = self.departure_orbit, self.arrival_orbit
        assert dep is not None and arr is not None  # set in __post_init__
        aero = self.capture == "aerocapture"
        entry_alt = ENTRY_INTERFACE_ALT_KM.get(self.target, 0.0)
        return (
            self.mu_sun_km3_s2, int(self.revs), bool(self.low_path), ECLIPTIC_TO_ICRF,
            dep.mu_km3_s2, dep.rp_km, dep.periapsis_speed_km_s,
            arr.mu_km3_s2, arr.rp_km, arr.periapsis_speed_km_s,
            radius_km(self.target) + entry_alt, aero,
            arr.periapsis_raise_km_s(entry_alt) if aero else 0.0,
        )

    def states(self, body: str, tdb_jd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Heliocentric ecliptic-J2000 position and velocity, contiguous (n, 3)."""
        r, v = self.ephemeris.state(body, np.ascontiguousarray(tdb_jd, dtype=np.float64))
        return (np.ascontiguousarray(icrf_to_ecliptic(r)), np.ascontiguousarray(icrf_to_ecliptic(v)))

    @property
    def ephemeris_name(self) -> str:
        return str(getattr(self.ephemeris, "name", type(self.ephemeris).__name__))


@nb.njit(cache=True, nogil=True, inline="always")
def _cell(r1x, r1y, r1z, o1x, o1y, o1z, r2x, r2y, r2z, t2x, t2y, t2z, tof_s,
          mu_sun, revs, low_path, rot, mu_o, rp_o, vpark_o, mu_t, rp_t, vcap_t,
          r_entry_t, aerocapture, dv_raise, out, x_start):
    """Fill ``out`` (N_OUT values) for one transfer; return the Lambert status and
    the solution's x (Lambert's variable), which can warm-start the next cell."""
    v1x, v1y, v1z, v2x, v2y, v2z, status, x = lambert_warm_start(
        r1x, r1y, r1z, r2x, r2y, r2z, tof_s, mu_sun, revs, True, low_path, x_start)
    if status != 0:
        for k in range(out.shape[0]):
            out[k] = np.nan
        return status, x
    _outputs(r1x, r1y, r1z, o1x, o1y, o1z, r2x, r2y, r2z, t2x, t2y, t2z, v1x, v1y, v1z, v2x, v2y, v2z,
             rot, mu_o, rp_o, vpark_o, mu_t, rp_t, vcap_t, r_entry_t, aerocapture, dv_raise, out)
    return status, x


@nb.njit(cache=True, nogil=True, inline="always")
def _outputs(r1x, r1y, r1z, o1x, o1y, o1z, r2x, r2y, r2z, t2x, t2y, t2z, v1x, v1y, v1z, v2x, v2y, v2z,
             rot, mu_o, rp_o, vpark_o, mu_t, rp_t, vcap_t, r_entry_t, aerocapture, dv_raise, out):
    """Fill ``out`` (N_OUT values) from a solved arc's end velocities."""
    dx, dy, dz = v1x - o1x, v1y - o1y, v1z - o1z
    c3 = dx * dx + dy * dy + dz * dz
    vinf_d = math.sqrt(c3)
    # departure asymptote on the Earth equator of J2000 (ICRF)
    ex = rot[0, 0] * dx + rot[0, 1] * dy + rot[0, 2] * dz
    ey = rot[1, 0] * dx + rot[1, 1] * dy + rot[1, 2] * dz
    ez = rot[2, 0] * dx + rot[2, 1] * dy + rot[2, 2] * dz
    dla = math.degrees(math.asin(max(-1.0, min(1.0, ez / vinf_d)))) if vinf_d > 0 else 0.0
    rla = math.degrees(math.atan2(ey, ex))
    if rla < 0.0:  # atan2's (-180, 180] onto [0, 360)
        rla += 360.0
    ax, ay, az = v2x - t2x, v2y - t2y, v2z - t2z
    vinf_a = math.sqrt(ax * ax + ay * ay + az * az)
    # transfer angle in the direction of motion (prograde about the ecliptic pole)
    r1n = math.sqrt(r1x * r1x + r1y * r1y + r1z * r1z)
    r2n = math.sqrt(r2x * r2x + r2y * r2y + r2z * r2z)
    cos_t = (r1x * r2x + r1y * r2y + r1z * r2z) / (r1n * r2n)
    angle = math.degrees(math.acos(max(-1.0, min(1.0, cos_t))))
    if r1x * r2y - r1y * r2x < 0.0:
        angle = 360.0 - angle
    dv_dep = math.sqrt(c3 + 2.0 * mu_o / rp_o) - vpark_o
    if aerocapture:
        dv_arr = dv_raise
        entry = math.sqrt(vinf_a * vinf_a + 2.0 * mu_t / r_entry_t)
    else:
        dv_arr = math.sqrt(vinf_a * vinf_a + 2.0 * mu_t / rp_t) - vcap_t
        entry = np.nan
    out[0] = c3
    out[1] = vinf_d
    out[2] = dla
    out[3] = rla
    out[4] = vinf_a
    out[5] = angle
    out[6] = dv_dep
    out[7] = dv_arr
    out[8] = dv_dep + dv_arr
    out[9] = entry


MIN_PARALLEL_CELLS = 1_000
"""Fewest grid cells for which a call runs the kernel's parallel build (:mod:`marsplan.threads`): below it the serial
build is faster even on an idle machine (idle 2-core machine: the same time up to 400 cells, 1.5x faster in parallel
from 1,600; ``make bench`` measures both across sizes)."""
MIN_PARALLEL_CELLS_BUSY = 60_000
"""Fewest cells for the parallel build while other programs keep the cores busy: where the serial build
takes some 10 ms, long enough to hide a parallel call's wait for a core (measured under ``make bench``'s CPU
hog)."""


@twin(min_parallel_work=MIN_PARALLEL_CELLS, min_parallel_work_busy=MIN_PARALLEL_CELLS_BUSY)
def _grid_kernel(r_dep, v_dep, r_arr, v_arr, tof_s, mu_sun, revs, low_path, rot, mu_o, rp_o, vpark_o,
                 mu_t, rp_t, vcap_t, r_entry_t, aerocapture, dv_raise, out, status):
    """Cells (i, j): departure epoch i, time of flight j, arrival epoch i + j."""
    n_dep = r_dep.shape[0]
    n_tof = tof_s.shape[0]
    if revs > 0:
        for i in nb.prange(n_dep):
            buf = np.empty(N_OUT)
            for j in range(n_tof):
                k = i + j
                status[i, j] = _cell(r_dep[i, 0], r_dep[i, 1], r_dep[i, 2], v_dep[i, 0], v_dep[i, 1], v_dep[i, 2],
                                     r_arr[k, 0], r_arr[k, 1], r_arr[k, 2], v_arr[k, 0], v_arr[k, 1], v_arr[k, 2],
                                     tof_s[j], mu_sun, revs, low_path, rot, mu_o, rp_o, vpark_o, mu_t, rp_t,
                                     vcap_t, r_entry_t, aerocapture, dv_raise, buf, np.nan)[0]
                for m in range(N_OUT):
                    out[m, i, j] = buf[m]
        return
    # One revolution or none: ROWS rows at a time, a column of cells at once, in passes (the invariants of the
    # column's cells, then one Householder iteration of each cell not yet solved, and again, then the outputs).
    # Along a row each cell starts from its neighbour's solution, so one row's iterations wait on one another;
    # the cells of different rows side by side in one short loop do not, and the processor overlaps them.  Each
    # cell's arithmetic is lambert_warm_start's, so the numbers are those of one cell after another, bitwise.
    for block in nb.prange((n_dep + ROWS - 1) // ROWS):
        first = block * ROWS
        rows = min(ROWS, n_dep - first)
        work = np.empty((rows, 13))  # lambda, t, x, lower, upper, |r1|, |r2|, chord, s, h (3), tolerance
        x_row = np.full(rows, np.nan)  # each row's last solution
        state = np.empty(rows, dtype=np.int64)
        buf = np.empty(N_OUT)
        for j in range(n_tof):
            pending = 0
            for q in range(rows):
                i = first + q
                k = i + j
                st, lam, t, r1n, r2n, cn, s, hx, hy, hz = lambert_geometry(
                    r_dep[i, 0], r_dep[i, 1], r_dep[i, 2], r_arr[k, 0], r_arr[k, 1], r_arr[k, 2], tof_s[j],
                    mu_sun, True)
                state[q] = st
                if st == 0:
                    state[q] = -1  # pending
                    pending += 1
                    x0, tolerance = first_x(t, lam, low_path, x_row[q])
                    w = work[q]
                    w[0], w[1], w[2], w[3], w[4] = lam, t, x0, -1.0, np.inf
                    w[5], w[6], w[7], w[8], w[9], w[10], w[11], w[12] = r1n, r2n, cn, s, hx, hy, hz, tolerance
            for _ in range(LAMBERT_MAX_ITER):
                if pending == 0:
                    break
                for q in range(rows):
                    if state[q] == -1:
                        w = work[q]
                        x, lower, upper, converged = householder_step(w[2], w[1], w[0], w[3], w[4], w[12])
                        w[2], w[3], w[4] = x, lower, upper
                        if converged:
                            state[q] = 0
                            pending -= 1
            for q in range(rows):
                i = first + q
                k = i + j
                if state[q] == -1:
                    state[q] = LAMBERT_NOT_CONVERGED
                status[i, j] = state[q]
                if state[q] != 0:
                    x_row[q] = np.nan
                    for m in range(N_OUT):
                        out[m, i, j] = np.nan
                    continue
                w = work[q]
                x_row[q] = w[2]
                v = arc_velocities(r_dep[i, 0], r_dep[i, 1], r_dep[i, 2], r_arr[k, 0], r_arr[k, 1], r_arr[k, 2],
                                   mu_sun, w[0], w[5], w[6], w[7], w[8], w[9], w[10], w[11], w[2])
                _outputs(r_dep[i, 0], r_dep[i, 1], r_dep[i, 2], v_dep[i, 0], v_dep[i, 1], v_dep[i, 2],
                         r_arr[k, 0], r_arr[k, 1], r_arr[k, 2], v_arr[k, 0], v_arr[k, 1], v_arr[k, 2],
                         v[0], v[1], v[2], v[3], v[4], v[5], rot, mu_o, rp_o, vpark_o, mu_t, rp_t, vcap_t,
                         r_entry_t, aerocapture, dv_raise, buf)
                for m in range(N_OUT):
                    out[m, i, j] = buf[m]


@twin(min_parallel_work=MIN_PARALLEL_CELLS, min_parallel_work_busy=MIN_PARALLEL_CELLS_BUSY)
def _point_kernel(r_dep, v_dep, r_arr, v_arr, tof_s, mu_sun, revs, low_path, rot, mu_o, rp_o, vpark_o,
                  mu_t, rp_t, vcap_t, r_entry_t, aerocapture, dv_raise, out, status):
    """Cells i: departure state i, arrival state i."""
    for i in nb.prange(tof_s.shape[0]):
        buf = np.empty(N_OUT)
        status[i] = _cell(r_dep[i, 0], r_dep[i, 1], r_dep[i, 2], v_dep[i, 0], v_dep[i, 1], v_dep[i, 2],
                          r_arr[i, 0], r_arr[i, 1], r_arr[i, 2], v_arr[i, 0], v_arr[i, 1], v_arr[i, 2],
                          tof_s[i], mu_sun, revs, low_path, rot, mu_o, rp_o, vpark_o, mu_t, rp_t,
                          vcap_t, r_entry_t, aerocapture, dv_raise, buf, np.nan)[0]
        for m in range(N_OUT):
            out[m, i] = buf[m]


@twin(min_parallel_work=MIN_PARALLEL_CELLS, min_parallel_work_busy=MIN_PARALLEL_CELLS_BUSY)
def _profile_kernel(r_dep, v_dep, r_arr, v_arr, tof_s, mu_sun, revs, low_path, rot, mu_o, rp_o, vpark_o,
                    mu_t, rp_t, vcap_t, r_entry_t, aerocapture, dv_raise, ridge_deg, best, best_j):
    """Per departure epoch and transfer type (0: I, 1: II), the minimum over
    times of flight of C3 (best[0]) and of arrival v-infinity (best[1]) and where
    they occur (best_j); cells within ``ridge_deg`` of 180 degrees are skipped.
    The grid itself is never stored."""
    n_dep = r_dep.shape[0]
    n_tof = tof_s.shape[0]
    for i in nb.prange(n_dep):
        buf = np.empty(N_OUT)
        for q in range(2):
            for t in range(2):
                best[q, i, t] = np.inf
                best_j[q, i, t] = -1
        x = np.nan
        for j in range(n_tof):
            k = i + j
            st, x = _cell(r_dep[i, 0], r_dep[i, 1], r_dep[i, 2], v_dep[i, 0], v_dep[i, 1], v_dep[i, 2],
                          r_arr[k, 0], r_arr[k, 1], r_arr[k, 2], v_arr[k, 0], v_arr[k, 1], v_arr[k, 2],
                          tof_s[j], mu_sun, revs, low_path, rot, mu_o, rp_o, vpark_o, mu_t, rp_t,
                          vcap_t, r_entry_t, aerocapture, dv_raise, buf, x)
            if st != 0 or abs(buf[5] % 360.0 - 180.0) < ridge_deg:
                continue
            t = 0 if buf[5] % 360.0 < 180.0 else 1
            if buf[0] < best[0, i, t]:
                best[0, i, t] = buf[0]
                best_j[0, i, t] = j
            if buf[4] < best[1, i, t]:
                best[1, i, t] = buf[4]
                best_j[1, i, t] = j


def transfer_grid(model: TransferModel, r_dep, v_dep, r_arr, v_arr, tof_s) -> tuple[np.ndarray, np.ndarray]:
    """Every transfer variable on a grid of departures i and times of flight j, compiled and parallel.

    States are heliocentric ecliptic (n, 3) arrays; arrival epochs lie on the same regular grid as the
    departures, so the arrival state of cell (i, j) is ``r_arr[i + j]``.  Returns ``out`` of shape
    ``(len(VARIABLES), n_dep, n_tof)`` (NaN where a cell has no solution) and the Lambert ``status``.
    """
    out = np.empty((N_OUT, r_dep.shape[0], tof_s.shape[0]))
    status = np.empty((r_dep.shape[0], tof_s.shape[0]), dtype=np.int8)
    _grid_kernel(r_dep, v_dep, r_arr, v_arr, np.ascontiguousarray(tof_s, dtype=np.float64),
                 *model.kernel_args(), out, status, work=r_dep.shape[0] * tof_s.shape[0])
    return out, status


def transfer_minima(model: TransferModel, r_dep, v_dep, r_arr, v_arr, tof_s, exclude_near_180_deg: float
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Per departure and transfer type (0: I, 1: II), the least C3 (``best[0]``) and arrival v-infinity
    (``best[1]``) over the times of flight, and the index where each occurs (-1: none), without storing
    the grid; cells within ``exclude_near_180_deg`` of a 180-degree transfer are skipped."""
    best = np.empty((2, r_dep.shape[0], 2))
    best_j = np.empty((2, r_dep.shape[0], 2), dtype=np.int64)
    _profile_kernel(r_dep, v_dep, r_arr, v_arr, np.ascontiguousarray(tof_s, dtype=np.float64),
                    *model.kernel_args(), float(exclude_near_180_deg), best, best_j,
                    work=r_dep.shape[0] * tof_s.shape[0])
    return best, best_j


def evaluate(model: TransferModel, departure_tdb_jd, tof_days) -> dict[str, np.ndarray]:
    """All transfer variables at arbitrary (departure, time of flight) points.

    Inputs broadcast; the result maps each name of :data:`VARIABLES` (plus
    ``lambert_status``) to an array of the broadcast shape.
    """
    dep, tof = np.broadcast_arrays(np.asarray(departure_tdb_jd, dtype=np.float64),
                                   np.asarray(tof_days, dtype=np.float64))
    shape = dep.shape
    dep_f = np.ascontiguousarray(dep.ravel())
    tof_f = np.ascontiguousarray(tof.ravel())
    if np.any(~(tof_f > 0)):
        raise InputError("tof_days must be > 0")
    r1, v1 = model.states(model.origin, dep_f)
    r2, v2 = model.states(model.target, dep_f + tof_f)
    out = np.empty((N_OUT, dep_f.size))
    status = np.empty(dep_f.size, dtype=np.int8)
    _point_kernel(r1, v1, r2, v2, tof_f * 86400.0, *model.kernel_args(), out, status, work=tof_f.shape[0])
    result = {name: out[m].reshape(shape) for m, name in enumerate(VARIABLES)}
    result["lambert_status"] = status.reshape(shape)
    return result
