"""Porkchops through a flyby: departure x arrival grids for a fixed three-body sequence (Earth-Venus-Mars), each
cell with its best flyby date.

Each cell (departure t0, arrival t2) is the MGA transfer of :mod:`marsplan.trajectory.mga` (two Lambert arcs, a
powered flyby with the body's lowest periapsis) whose flyby epoch t1 minimises the cell's total delta-v
(departure v-infinity + the flyby's burn + arrival v-infinity): scanned every ``scan_days`` between the two ends
(each leg at least ``min_leg_days``), then each local minimum of the scan refined by golden-section search to
:data:`T1_TOL_DAYS` (the dates' basins are separated by cliffs where a leg's arc flips across 180 degrees).
The flyby body's state at any t1 is a cubic Hermite interpolant of its DE440 states every :data:`LATTICE_DAYS`
(error below 0.1 km for Venus), so the whole grid is one compiled call.  Like the direct
porkchop it is solved in the ecliptic frame (prograde = the planets' sense) and reported with UTC coordinates.
"""

from __future__ import annotations

import math
from typing import Any

import numba as nb
import numpy as np
import xarray as xr

from marsplan.astro.lambert import lambert_warm_start
from marsplan.errors import InputError
from marsplan.threads import twin
from marsplan.trajectory.flyby import powered_flyby_one

__all__ = ["FLYBY_VARIABLES", "LATTICE_DAYS", "T1_TOL_DAYS", "flyby_porkchop"]

LATTICE_DAYS = 0.5
T1_TOL_DAYS = 1e-3
FLYBY_VARIABLES = ("total_dv_km_s", "c3_km2_s2", "vinf_arrival_km_s", "flyby_dv_km_s", "flyby_tdb_jd",
                   "flyby_periapsis_km")
MAX_CELLS = 2_000_000
_GOLDEN = 0.3819660112501051
MIN_PARALLEL_CELLS = 64


@nb.njit(cache=True, nogil=True, inline="always")
def _hermite(t, t0, step, lat_r, lat_v):
    """Position and velocity at TDB JD t from lattice states every ``step`` days from ``t0`` (cubic Hermite)."""
    x = (t - t0) / step
    k = min(max(int(math.floor(x)), 0), lat_r.shape[0] - 2)
    s = x - k
    h = step * 86400.0
    s2, s3 = s * s, s * s * s
    h00, h10, h01, h11 = 2 * s3 - 3 * s2 + 1, s3 - 2 * s2 + s, -2 * s3 + 3 * s2, s3 - s2
    d00, d10, d01, d11 = (6 * s2 - 6 * s) / h, 3 * s2 - 4 * s + 1, (-6 * s2 + 6 * s) / h, 3 * s2 - 2 * s
    r = np.empty(3)
    v = np.empty(3)
    for c in range(3):
        r[c] = h00 * lat_r[k, c] + h10 * h * lat_v[k, c] + h01 * lat_r[k + 1, c] + h11 * h * lat_v[k + 1, c]
        v[c] = d00 * lat_r[k, c] + d10 * lat_v[k, c] + d01 * lat_r[k + 1, c] + d11 * lat_v[k + 1, c]
    return r, v


@nb.njit(cache=True, nogil=True)
def _cell_cost(t1, t0, t2, r0, v0, r2, v2, lat_t0, lat_step, lat_r, lat_v, mu_sun, mu_fb, rp_min, out):
    """Total delta-v through a flyby at t1; fills ``out`` with the cell's variables when asked."""
    rf, vf = _hermite(t1, lat_t0, lat_step, lat_r, lat_v)
    a1x, a1y, a1z, b1x, b1y, b1z, s1, _ = lambert_warm_start(r0[0], r0[1], r0[2], rf[0], rf[1], rf[2],
                                                             (t1 - t0) * 86400.0, mu_sun, 0, True, True, np.nan)
    a2x, a2y, a2z, b2x, b2y, b2z, s2, _ = lambert_warm_start(rf[0], rf[1], rf[2], r2[0], r2[1], r2[2],
                                                             (t2 - t1) * 86400.0, mu_sun, 0, True, True, np.nan)
    if s1 != 0 or s2 != 0:
        return np.inf
    dx, dy, dz = a1x - v0[0], a1y - v0[1], a1z - v0[2]
    c3 = dx * dx + dy * dy + dz * dz
    dv, rp, _, _ = powered_flyby_one(b1x - vf[0], b1y - vf[1], b1z - vf[2], a2x - vf[0], a2y - vf[1], a2z - vf[2],
                                     mu_fb, rp_min)
    ax, ay, az = b2x - v2[0], b2y - v2[1], b2z - v2[2]
    vinf_arr = math.sqrt(ax * ax + ay * ay + az * az)
    total = math.sqrt(c3) + dv + vinf_arr
    out[0], out[1], out[2], out[3], out[4], out[5] = total, c3, vinf_arr, dv, t1, rp
    return total


@nb.njit(cache=True, nogil=True)
def _refine(a, b, t0, t2, r0, v0, r2, v2, lat_t0, lat_step, lat_r, lat_v, mu_sun, mu_fb, rp_min, buf):
    """Golden-section search of the flyby date in [a, b]: (best date, its cost)."""
    c, d = a + _GOLDEN * (b - a), b - _GOLDEN * (b - a)
    fc = _cell_cost(c, t0, t2, r0, v0, r2, v2, lat_t0, lat_step, lat_r, lat_v, mu_sun, mu_fb, rp_min, buf)
    fd = _cell_cost(d, t0, t2, r0, v0, r2, v2, lat_t0, lat_step, lat_r, lat_v, mu_sun, mu_fb, rp_min, buf)
    while b - a > T1_TOL_DAYS:
        if fc < fd:
            b, d, fd = d, c, fc
            c = a + _GOLDEN * (b - a)
            fc = _cell_cost(c, t0, t2, r0, v0, r2, v2, lat_t0, lat_step, lat_r, lat_v, mu_sun, mu_fb, rp_min, buf)
        else:
            a, c, fc = c, d, fd
            d = b - _GOLDEN * (b - a)
            fd = _cell_cost(d, t0, t2, r0, v0, r2, v2, lat_t0, lat_step, lat_r, lat_v, mu_sun, mu_fb, rp_min, buf)
    return (c, fc) if fc <= fd else (d, fd)


@twin(min_parallel_work=MIN_PARALLEL_CELLS)
def _grid(dep_jd, arr_jd, r_dep, v_dep, r_arr, v_arr, lat_t0, lat_step, lat_r, lat_v, mu_sun, mu_fb, rp_min,
          min_leg, scan, out):
    n_out = out.shape[0]
    most = int((arr_jd[-1] - dep_jd[0]) / scan) + 3
    for i in nb.prange(dep_jd.shape[0]):
        buf = np.empty(n_out)
        cost = np.empty(most)
        times = np.empty(most)
        for j in range(arr_jd.shape[0]):
            t0, t2 = dep_jd[i], arr_jd[j]
            for m in range(n_out):
                out[m, i, j] = np.nan
            lo, hi = t0 + min_leg, t2 - min_leg
            if hi < lo:
                continue
            steps = min(int((hi - lo) / scan) + 2, most)
            for k in range(steps):
                times[k] = min(lo + k * scan, hi)
                cost[k] = _cell_cost(times[k], t0, t2, r_dep[i], v_dep[i], r_arr[j], v_arr[j], lat_t0, lat_step,
                                     lat_r, lat_v, mu_sun, mu_fb, rp_min, buf)
            # the scan's local minima, each refined: the basins of the flyby date are separated by cliffs (a leg's
            # arc flips across 180 degrees), so the best scan point need not lie in the best basin
            best, best_t = np.inf, np.nan
            for k in range(steps):
                if not math.isfinite(cost[k]):
                    continue
                if (k > 0 and cost[k - 1] < cost[k]) or (k < steps - 1 and cost[k + 1] < cost[k]):
                    continue
                t1, f = _refine(max(lo, times[k] - scan), min(hi, times[k] + scan), t0, t2, r_dep[i], v_dep[i],
                                r_arr[j], v_arr[j], lat_t0, lat_step, lat_r, lat_v, mu_sun, mu_fb, rp_min, buf)
                if cost[k] < f:
                    t1, f = times[k], cost[k]
                if f < best:
                    best, best_t = f, t1
            if not math.isfinite(best):
                continue
            _cell_cost(best_t, t0, t2, r_dep[i], v_dep[i], r_arr[j], v_arr[j], lat_t0, lat_step, lat_r, lat_v, mu_sun,
                       mu_fb, rp_min, buf)
            for m in range(n_out):
                out[m, i, j] = buf[m]


def flyby_porkchop(sequence: tuple[str, str, str], departure_utc: tuple[str, str], arrival_utc: tuple[str, str], *,
                   step_days: float = 2.0, min_leg_days: float = 40.0, scan_days: float = 4.0,
                   max_cells: int = MAX_CELLS) -> xr.Dataset:
    """Departure x arrival grid (two (first, last) UTC date ranges, ends included, stepped by ``step_days``) through
    the middle body of ``sequence``; a Dataset of :data:`FLYBY_VARIABLES` (NaN where no flyby date joins two
    arcs), with UTC coordinates and their TDB Julian dates.

    >>> ds = flyby_porkchop(("earth", "venus", "mars"), ("2026-03-01", "2026-04-30"), ("2027-05-01", "2027-06-30"),
    ...                     step_days=10)
    >>> best = ds.total_dv_km_s.where(ds.total_dv_km_s == ds.total_dv_km_s.min(), drop=True)
    >>> str(best.departure.values[0])[:10], str(best.arrival.values[0])[:10], round(float(best.values.item()), 2)
    ('2026-03-31', '2027-06-10', 12.16)
    """
    from marsplan.astro import ephemeris
    from marsplan.astro.bodies import check_body, min_flyby_radius_km, mu_km3_s2
    from marsplan.astro.frames import icrf_to_ecliptic
    from marsplan.astro.time import utc_to_tdb_jd

    bodies = tuple(check_body(b) for b in sequence)
    if len(bodies) != 3 or "sun" in bodies:
        raise InputError(f"sequence {'-'.join(bodies)}: three bodies, the flyby in the middle", param="sequence")
    for name, value, lo, hi in (("step_days", step_days, 0.1, 60.0), ("min_leg_days", min_leg_days, 1.0, 2_000.0),
                                ("scan_days", scan_days, 0.5, 100.0)):
        if not (math.isfinite(value) and lo <= value <= hi):
            raise InputError(f"{name} = {value}: allowed {lo:g} to {hi:g}", param=name)
    (d0, d1), (a0, a1) = (tuple(float(utc_to_tdb_jd(str(x))) for x in r) for r in (departure_utc, arrival_utc))
    if not (d1 >= d0 and a1 >= a0):
        raise InputError("departure and arrival ranges: START <= END", param=("departure_utc", "arrival_utc"))
    dep = d0 + step_days * np.arange(int((d1 - d0) / step_days + 1e-9) + 1)
    arr = a0 + step_days * np.arange(int((a1 - a0) / step_days + 1e-9) + 1)
    if dep.size * arr.size > max_cells:
        raise InputError(f"{dep.size:,} x {arr.size:,} cells: allowed at most {max_cells:,}", param="step_days")

    def states(body: str, jd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r, v = ephemeris.state(body, jd)
        return np.ascontiguousarray(icrf_to_ecliptic(r)), np.ascontiguousarray(icrf_to_ecliptic(v))

    r_dep, v_dep = states(bodies[0], dep)
    r_arr, v_arr = states(bodies[2], arr)
    lattice = d0 + LATTICE_DAYS * np.arange(int((a1 - d0) / LATTICE_DAYS) + 3)
    lat_r, lat_v = states(bodies[1], lattice)
    out = np.empty((len(FLYBY_VARIABLES), dep.size, arr.size))
    _grid(dep, arr, r_dep, v_dep, r_arr, v_arr, float(lattice[0]), LATTICE_DAYS, lat_r, lat_v, mu_km3_s2("sun"),
          mu_km3_s2(bodies[1]), min_flyby_radius_km(bodies[1]), float(min_leg_days), float(scan_days), out,
          work=dep.size * arr.size)
    dims = ("departure", "arrival")
    data: dict[str, Any] = {name: (dims, out[m]) for m, name in enumerate(FLYBY_VARIABLES)}
    # UTC coordinates on the calendar grid asked for (the physics runs at the matching TDB epochs)
    day_ms = np.round(np.arange(max(dep.size, arr.size)) * step_days * 86400e3).astype("timedelta64[ms]")
    coords = {"departure": np.datetime64(str(departure_utc[0]), "ms") + day_ms[:dep.size],
              "arrival": np.datetime64(str(arrival_utc[0]), "ms") + day_ms[:arr.size],
              "departure_tdb_jd": ("departure", dep), "arrival_tdb_jd": ("arrival", arr)}
    return xr.Dataset(data, coords=coords, attrs={"sequence": "-".join(bodies), "step_days": step_days,
                                                  "min_leg_days": min_leg_days, "scan_days": scan_days,
                                                  "ephemeris": "DE440"})
