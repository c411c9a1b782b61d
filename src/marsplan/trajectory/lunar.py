"""Direct Earth-Moon transfers: from a circular Earth parking orbit to a circular low lunar orbit.

Model (a patched conic with a sphere of influence of zero radius, e.g. Bate, Mueller & White,
*Fundamentals of Astrodynamics*, 1971, ch. 7.4, and Curtis, *Orbital Mechanics*, ch. 8): the
geocentric arc is a Keplerian (Lambert) arc from the parking orbit to the Moon's centre at arrival,
the Moon's position and velocity from JPL DE440 (geocentric, ICRF, whose equator is the Earth's to
within the precession since J2000, 0.3 deg by 2030).  The transfer leaves in the parking orbit's plane,
which must contain the Moon's arrival position: for an inclination i that is one of two planes (the Moon
reached going north or south) and only when the Moon's declination is within +-i; otherwise the cell is
NaN with a status.  The plane and the departure point in it are those, among the two planes and transfer
angles of 100 to 260 degrees (every degree, and 179.5 and 180.5: 180 itself leaves the solver's plane
undefined), that need the least total of the trans-lunar injection (TLI) burn from circular speed and the
insertion burn below (the two planes need the same TLI, mirror images about the Moon's direction, but meet
the Moon at different speeds); the arc is solved by Lambert (Izzo 2015).  At the Moon, the arrival
velocity less the Moon's is the hyperbolic excess; lunar orbit insertion (LOI) brings that hyperbola's
periselene to a circular orbit of the given altitude: dv = sqrt(v_inf^2 + 2 mu/r) - sqrt(mu/r) (any
inclination of the low lunar orbit is reached by the aim point, at no cost in this model).

What the zero-radius sphere of influence leaves out (the Moon's pull over the last ~66,000 km, the
Sun's) moves TLI by about 1 % and LOI by several per cent against full patched conics or the
restricted three-body problem; the tests state their tolerances.

The cheapest transfer of the first week of 2030 from a 200 km, 28.5 deg orbit: its TLI is near the
Hohmann burn to the Moon's mean distance (sqrt(2 mu ra / (rp (ra + rp))) - sqrt(mu / rp) = 3.13 km/s for
rp = 6578 km, ra = 384,400 km), and its LOI is sqrt(v_inf^2 + 2 mu / r) - sqrt(mu / r) at r = 1837.4 km:

>>> from marsplan.trajectory.lunar import first_week_transfer
>>> t = first_week_transfer(2030)
>>> t.departure_utc, t.tof_days, round(t.tli_dv_km_s, 2), round(t.tli_c3_km2_s2, 2)
('2030-01-07T06:00', 5.25, 3.14, -1.94)
>>> round(t.vinf_moon_km_s, 3), round(t.loi_dv_km_s, 3)
(0.79, 0.808)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.astro.bodies import mu_km3_s2, radius_km
from marsplan.errors import InputError

__all__ = ["LunarTransfer", "STATUS", "first_week_transfer", "moon_transfer_grid", "moon_transfers"]

DAY_S = 86_400.0
STATUS = {0: "ok", 1: "the Moon's declination is beyond the parking orbit's inclination",
          2: "no Lambert solution in the transfer-angle range"}
# transfer angles searched: 180 deg itself leaves Lambert's plane undefined (ours is known, but the solver
# takes it from r1 x r2), so the search stops half a degree short of it on either side
_ANGLES_DEG = np.concatenate([np.arange(100.0, 179.01, 1.0), [179.5, 180.5], np.arange(181.0, 260.01, 1.0)])


def _moon_geocentric(tdb_jd: np.ndarray, ephemeris: Any = None) -> tuple[np.ndarray, np.ndarray]:
    from marsplan.astro.ephemeris import state

    moon = state("moon", tdb_jd, ephemeris=ephemeris)
    earth = state("earth", tdb_jd, ephemeris=ephemeris)
    return np.asarray(moon.r_km) - np.asarray(earth.r_km), np.asarray(moon.v_km_s) - np.asarray(earth.v_km_s)


def _check(leo_alt_km: float, leo_inc_deg: float, llo_alt_km: float) -> None:
    if not (math.isfinite(leo_alt_km) and 100.0 <= leo_alt_km <= 40_000.0):
        raise InputError(f"leo_alt_km {leo_alt_km:g}: allowed 100 to 40,000 km", param="leo_alt_km")
    if not (math.isfinite(leo_inc_deg) and 0.0 <= leo_inc_deg <= 180.0):
        raise InputError(f"leo_inc_deg {leo_inc_deg:g}: allowed 0 to 180 degrees", param="leo_inc_deg")
    if not (math.isfinite(llo_alt_km) and 10.0 <= llo_alt_km <= 10_000.0):
        raise InputError(f"llo_alt_km {llo_alt_km:g}: allowed 10 to 10,000 km", param="llo_alt_km")


def moon_transfer_grid(departure_tdb_jd: Any, tof_days: Any, *, leo_alt_km: float = 200.0, leo_inc_deg: float = 28.5,
                       llo_alt_km: float = 100.0, ephemeris: Any = None) -> dict[str, np.ndarray]:
    """Every (departure, time of flight) cell: arrays of shape (departures, flight times).

    Keys: ``tli_dv_km_s``, ``tli_c3_km2_s2`` (geocentric energy of the arc, x2), ``vinf_moon_km_s``,
    ``loi_dv_km_s``, ``total_dv_km_s``, ``transfer_angle_deg``, ``status`` (see :data:`STATUS`), and
    the departure state ``r1_km``, ``v1_km_s`` and the Moon's arrival position ``r2_km`` (shape (..., 3)).
    """
    from marsplan.astro.lambert import solve

    _check(leo_alt_km, leo_inc_deg, llo_alt_km)
    dep = np.atleast_1d(np.asarray(departure_tdb_jd, dtype=float))
    tof = np.atleast_1d(np.asarray(tof_days, dtype=float))
    if not (np.all(np.isfinite(tof)) and tof.min() >= 0.5 and tof.max() <= 30.0):
        raise InputError("time of flight: allowed 0.5 to 30 days")
    mu_e, mu_m = mu_km3_s2("earth"), mu_km3_s2("moon")
    rp = radius_km("earth") + leo_alt_km
    r_llo = radius_km("moon") + llo_alt_km
    arrive = dep[:, None] + tof[None, :]
    r2, v_moon = _moon_geocentric(arrive.ravel(), ephemeris)
    r2, v_moon = r2.reshape(*arrive.shape, 3), v_moon.reshape(*arrive.shape, 3)
    e1 = r2 / np.linalg.norm(r2, axis=-1, keepdims=True)
    inc = math.radians(leo_inc_deg)
    # planes of inclination i through the Moon: normal n = (sin i sin W, -sin i cos W, cos i), n . e1 = 0
    alpha = np.arctan2(e1[..., 1], e1[..., 0])
    rho = np.hypot(e1[..., 0], e1[..., 1])
    ratio = np.where(rho > 0, -e1[..., 2] * math.cos(inc) / (np.maximum(rho, 1e-300) * max(math.sin(inc), 1e-300)),
                     np.inf)
    reachable = np.abs(ratio) <= 1.0
    base = np.arcsin(np.clip(ratio, -1.0, 1.0))
    best: dict[str, np.ndarray] = {}
    for node in (alpha + base, alpha + math.pi - base):
        n = np.stack([math.sin(inc) * np.sin(node), -math.sin(inc) * np.cos(node),
                      np.full_like(node, math.cos(inc))], axis=-1)
        e2 = np.cross(n, e1)  # direction of motion at arrival
        th = np.radians(_ANGLES_DEG)
        r1_hat = np.cos(th)[:, None, None, None] * e1 - np.sin(th)[:, None, None, None] * e2
        t1_hat = np.sin(th)[:, None, None, None] * e1 + np.cos(th)[:, None, None, None] * e2
        r1 = rp * r1_hat
        with np.errstate(invalid="ignore"):
            v1, v2 = solve(r1, np.broadcast_to(r2, r1.shape), np.broadcast_to(tof * DAY_S, r1.shape[:-1]), mu_e,
                           prograde=leo_inc_deg <= 90.0)
        # a retrograde parking orbit moves the other way round the plane
        sign = 1.0 if leo_inc_deg <= 90.0 else -1.0
        tli = np.linalg.norm(v1 - sign * math.sqrt(mu_e / rp) * t1_hat, axis=-1)
        # the burn pair of least total: the two planes through the Moon give the same TLI (mirror images of
        # one another about the Moon's direction, equal to rounding) but meet the Moon at different v-infinity
        loi = np.sqrt(np.sum((v2 - v_moon) ** 2, axis=-1) + 2 * mu_m / r_llo) - math.sqrt(mu_m / r_llo)
        total = np.where(np.isfinite(tli + loi), tli + loi, np.inf)
        k = np.argmin(total, axis=0)
        candidate = {"total": _pick(total, k), "tli_dv_km_s": _pick(tli, k), "r1_km": _pick(r1, k),
                     "v1_km_s": _pick(v1, k), "v2_km_s": _pick(v2, k), "transfer_angle_deg": _ANGLES_DEG[k]}
        if not best:
            best = candidate
        else:
            better = candidate["total"] < best["total"]
            best = {key: np.where(better[..., None] if value.ndim == 3 else better, candidate[key], value)
                    for key, value in best.items()}
    tli = np.where(reachable & np.isfinite(best["total"]), best["tli_dv_km_s"], np.nan)
    status = np.where(~reachable, 1, np.where(np.isfinite(tli), 0, 2)).astype(np.int8)
    v1 = best["v1_km_s"]
    vinf = np.linalg.norm(best["v2_km_s"] - v_moon, axis=-1)
    vinf = np.where(status == 0, vinf, np.nan)
    loi = np.sqrt(vinf**2 + 2 * mu_m / r_llo) - math.sqrt(mu_m / r_llo)
    c3 = np.where(status == 0, np.sum(v1 * v1, axis=-1) - 2 * mu_e / rp, np.nan)
    return {"tli_dv_km_s": tli, "tli_c3_km2_s2": c3, "vinf_moon_km_s": vinf, "loi_dv_km_s": loi,
            "total_dv_km_s": tli + loi, "transfer_angle_deg": np.where(status == 0, best["transfer_angle_deg"], np.nan),
            "status": status, "r1_km": best["r1_km"], "v1_km_s": v1, "r2_km": r2}


def _pick(values: np.ndarray, k: np.ndarray) -> np.ndarray:
    """``values`` (angles first) at the angle index ``k`` of each cell."""
    index = k[None, ..., None] if values.ndim == k.ndim + 2 else k[None]
    return np.take_along_axis(values, index, axis=0)[0]


@dataclass
class LunarTransfer:
    """The cheapest transfer of one day (or of a whole span)."""

    departure_utc: str
    arrival_utc: str
    tof_days: float
    tli_dv_km_s: float
    tli_c3_km2_s2: float
    vinf_moon_km_s: float
    loi_dv_km_s: float
    total_dv_km_s: float
    transfer_angle_deg: float

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def moon_transfers(start_utc: str, end_utc: str, *, leo_alt_km: float = 200.0, leo_inc_deg: float = 28.5,
                   llo_alt_km: float = 100.0, tof_days: tuple[float, float] = (2.0, 7.0), step_hours: float = 2.0,
                   tof_step_days: float = 0.25, ephemeris: Any = None) -> list[LunarTransfer | None]:
    """For each UTC day from ``start_utc`` to ``end_utc`` (inclusive, at most 400 days): the transfer of least
    total delta-v (TLI + LOI) leaving that day, over departures every ``step_hours`` and flight times of
    ``tof_days`` (2 to 7 days by default); None for a day with no coplanar departure."""
    from marsplan.astro.isodate import parse_utc
    from marsplan.astro.time import tdb_jd_to_iso, utc_to_tdb_jd

    parse_utc(start_utc)
    parse_utc(end_utc)
    first, last = float(utc_to_tdb_jd(start_utc[:10])), float(utc_to_tdb_jd(end_utc[:10]))
    days = int(round(last - first)) + 1
    if days < 1:
        raise InputError(f"start_utc {start_utc} is after end_utc {end_utc}", param=("start_utc", "end_utc"))
    if days > 400:
        raise InputError(f"start_utc {start_utc} end_utc {end_utc}: {days} days, allowed at most 400",
                         param=("start_utc", "end_utc"))
    lo, hi = tof_days
    if not (0.5 <= lo < hi <= 30.0):
        raise InputError(f"tof_days {lo:g}:{hi:g}: allowed 0.5 to 30 days, MIN < MAX", param="tof_days")
    if not 0.25 <= step_hours <= 24.0:
        raise InputError(f"step_hours = {step_hours:g}: allowed 0.25 to 24")
    per_day = int(round(24.0 / step_hours))
    dep = first + np.arange(days * per_day) * (step_hours / 24.0)
    tof = np.arange(lo, hi + 1e-9, tof_step_days)
    out: list[LunarTransfer | None] = []
    # a few days at a time: every cell is its own problem (the same numbers whatever the chunk), and the grid's
    # trial departure points stay some 100 MB however many days are asked (all 400 at once took 3.4 GB)
    for d0 in range(0, days, _DAYS_PER_CHUNK):
        d1 = min(days, d0 + _DAYS_PER_CHUNK)
        part = dep[d0 * per_day:d1 * per_day]
        grid = moon_transfer_grid(part, tof, leo_alt_km=leo_alt_km, leo_inc_deg=leo_inc_deg,
                                  llo_alt_km=llo_alt_km, ephemeris=ephemeris)
        total = np.where(np.isfinite(grid["total_dv_km_s"]), grid["total_dv_km_s"], np.inf).reshape(
            d1 - d0, per_day, -1)
        for d in range(d1 - d0):
            flat = int(np.argmin(total[d]))
            h, k = divmod(flat, tof.size)
            if not np.isfinite(total[d, h, k]):
                out.append(None)
                continue
            i = d * per_day + h
            cell = {key: float(grid[key][i, k]) for key in ("tli_dv_km_s", "tli_c3_km2_s2", "vinf_moon_km_s",
                                                            "loi_dv_km_s", "total_dv_km_s", "transfer_angle_deg")}
            out.append(LunarTransfer(str(tdb_jd_to_iso(float(part[i]), "m")),
                                     str(tdb_jd_to_iso(float(part[i] + tof[k]), "m")), float(tof[k]), **cell))
    return out


_DAYS_PER_CHUNK = 16


@functools.lru_cache(maxsize=64)
def first_week_transfer(year: int, leo_alt_km: float = 200.0, leo_inc_deg: float = 28.5,
                        llo_alt_km: float = 100.0) -> LunarTransfer:
    """The cheapest transfer of the first week of ``year`` (kept per process: claims and studies ask for it
    again and again); what delivery estimates use for insertion."""
    days = [d for d in moon_transfers(f"{year}-01-01", f"{year}-01-07", leo_alt_km=leo_alt_km,
                                      leo_inc_deg=leo_inc_deg, llo_alt_km=llo_alt_km) if d is not None]
    if not days:
        raise InputError(f"year {year}: no coplanar Earth-Moon transfer in its first week from a "
                         f"{leo_inc_deg:g} deg parking orbit")
    return min(days, key=lambda d: d.total_dv_km_s)

