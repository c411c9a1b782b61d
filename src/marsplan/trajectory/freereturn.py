"""Free returns: trajectories that fly by Mars (and Venus) and come back to Earth without a burn.

A crew whose landing is called off comes home on a free return.  The published cases: Inspiration Mars
(Tito et al., "Feasibility analysis for a manned Mars free-return mission in 2018", IEEE Aerospace Conference
2013): launch 2018-01-05 at C3 38.8 km^2/s^2, Mars flyby 2018-08-20, Earth 2019-05-21, 501 days, entry at
14.2 km/s; and the Earth-Venus-Mars-Earth returns of Hughes, Longuski, Tito et al. (AIAA 2014-4109; 2021-11-22,
C3 20.3 km^2/s^2, 582 days, 12.9 km/s).

Model: an MGA transfer (:mod:`marsplan.trajectory.mga`) on DE440 whose flybys must be ballistic: the search
minimises the departure v-infinity plus :data:`FLYBY_WEIGHT` times the flybys' burns (powered-flyby burns, with
each body's lowest periapsis, :func:`marsplan.astro.bodies.min_flyby_radius_km`), and a result counts as a free
return when its flyby burns add up to at most :data:`BALLISTIC_KM_S` (what trajectory corrections absorb).  The
Earth entry speed is sqrt(v_inf^2 + 2 mu / r) at the 122 km entry interface.  Families (leg time bounds,
days; marsplan's choice to bracket the published cases): ``EME`` (Mars and back in about 1.4 years, the
Inspiration Mars family), ``EME-long`` (about 2.5 years), ``EVME`` (Venus first) and ``EMVE`` (Venus on the way
home).

Inspiration Mars's free return found again (a seeded search of about 50,000 candidates, under a second):

>>> from marsplan.astro.time import utc_to_tdb_jd
>>> from marsplan.trajectory.freereturn import free_return
>>> fr = free_return("EME", (float(utc_to_tdb_jd("2017-11-01")), float(utc_to_tdb_jd("2018-03-01"))))
>>> d = fr.to_dict()
>>> d["launch_utc"][:10], round(d["c3_km2_s2"], 1), round(d["duration_days"]), round(d["entry_speed_km_s"], 1)
('2018-01-06', 38.6, 501, 14.2)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.errors import InputError

__all__ = ["BALLISTIC_KM_S", "FAMILIES", "FLYBY_WEIGHT", "FlybyReturn", "FreeReturn", "flyby_return", "free_return",
           "free_returns",
           "venus_alternative"]

FLYBY_WEIGHT = 50.0
"""How much a km/s of flyby burn costs against a km/s of departure v-infinity in the search."""
BALLISTIC_KM_S = 0.005
"""Most flyby burn (km/s, all flybys together) for a trajectory to count as a free return."""
FAMILIES: dict[str, tuple[tuple[str, ...], tuple[tuple[float, float], ...]]] = {
    "EME": (("earth", "mars", "earth"), ((120.0, 320.0), (180.0, 450.0))),
    "EME-long": (("earth", "mars", "earth"), ((150.0, 400.0), (500.0, 1000.0))),
    "EVME": (("earth", "venus", "mars", "earth"), ((80.0, 250.0), (80.0, 350.0), (150.0, 450.0))),
    "EMVE": (("earth", "mars", "venus", "earth"), ((120.0, 350.0), (80.0, 350.0), (60.0, 300.0))),
}
MAX_WINDOW_DAYS = 2_000.0
MAX_SPAN_YEARS = 60


@dataclass(frozen=True)
class FreeReturn:
    """The cheapest free return of a family found in a launch window."""

    family: str
    launch_tdb_jd: float
    c3_km2_s2: float
    flybys: tuple[tuple[str, float, float], ...]  # (body, TDB JD, altitude km)
    flyby_dv_km_s: float
    duration_days: float
    vinf_return_km_s: float
    entry_speed_km_s: float
    evaluations: int

    @property
    def ballistic(self) -> bool:
        return self.flyby_dv_km_s <= BALLISTIC_KM_S

    @property
    def return_tdb_jd(self) -> float:
        return self.launch_tdb_jd + self.duration_days

    def to_dict(self) -> dict[str, Any]:
        from marsplan.astro.time import tdb_jd_to_iso

        return {"family": self.family, "launch_utc": str(tdb_jd_to_iso(self.launch_tdb_jd, "m")),
                "c3_km2_s2": self.c3_km2_s2,
                "flybys": [{"body": b, "utc": str(tdb_jd_to_iso(t, "m")), "altitude_km": alt}
                           for b, t, alt in self.flybys],
                "flyby_dv_km_s": self.flyby_dv_km_s, "ballistic": self.ballistic,
                "duration_days": self.duration_days, "return_utc": str(tdb_jd_to_iso(self.return_tdb_jd, "m")),
                "vinf_return_km_s": self.vinf_return_km_s, "entry_speed_km_s": self.entry_speed_km_s,
                "evaluations": self.evaluations}

    def _repr_html_(self) -> str:
        from marsplan.tables import html_fields

        d = self.to_dict()
        return html_fields(f"{self.family} free return", [(k, d[k]) for k in (
            "launch_utc", "c3_km2_s2", "duration_days", "return_utc", "entry_speed_km_s", "ballistic")])


def earth_entry_speed_km_s(vinf_km_s: float) -> float:
    """Speed at Earth's 122 km entry interface from a hyperbolic excess (vis-viva)."""
    from marsplan.astro.bodies import mu_km3_s2, radius_km
    from marsplan.trajectory.orbits import ENTRY_INTERFACE_ALT_KM

    return math.sqrt(vinf_km_s**2 + 2.0 * mu_km3_s2("earth") / (radius_km("earth") + ENTRY_INTERFACE_ALT_KM["earth"]))


def free_return(family: str, launch_tdb_jd: tuple[float, float], *, seed: int = 0, islands: int = 4,
                population: int = 20, generations: int = 200, polish_evaluations: int = 1_500,
                workers: int | None = None, scheduler: str | None = None) -> FreeReturn:
    """The least-C3 free return of ``family`` (:data:`FAMILIES`) launching within ``launch_tdb_jd`` (TDB JD
    bounds), by :func:`marsplan.trajectory.mga.optimize_mga` (seeded, stopped on its evaluation budget)."""
    from marsplan.astro.bodies import radius_km
    from marsplan.trajectory.mga import MGAProblem, optimize_mga

    if family not in FAMILIES:
        raise InputError(f"family {family!r}: choose one of {', '.join(FAMILIES)}", param="family")
    lo, hi = (float(v) for v in launch_tdb_jd)
    if not (math.isfinite(lo) and math.isfinite(hi) and 0.0 <= hi - lo <= MAX_WINDOW_DAYS):
        raise InputError(f"launch window of {hi - lo:g} days: allowed 0 to {MAX_WINDOW_DAYS:,.0f}",
                         param="launch_tdb_jd")
    sequence, tofs = FAMILIES[family]
    prob = MGAProblem(sequence, (lo, hi), tofs, arrival="flyby", flyby_weight=FLYBY_WEIGHT)
    res = optimize_mga(prob, seed=seed, islands=islands, population=population, generations=generations,
                       polish_evaluations=polish_evaluations, workers=workers, scheduler=scheduler)
    part = res.parts
    n = len(sequence)
    epochs = res.epochs_tdb_jd
    flybys = tuple((sequence[k], float(epochs[k]), float(part[5 + (n - 2) + k - 1]) - radius_km(sequence[k]))
                   for k in range(1, n - 1))
    flyby_dv = float(np.sum(part[5:5 + n - 2]))
    vinf_ret = float(part[2])
    return FreeReturn(family, float(epochs[0]), float(part[1]) ** 2, flybys, flyby_dv,
                      float(epochs[-1] - epochs[0]), vinf_ret, earth_entry_speed_km_s(vinf_ret), res.evaluations)


def free_returns(start_utc: str, end_utc: str, *, families: tuple[str, ...] = tuple(FAMILIES), seed: int = 0,
                 workers: int | None = None, scheduler: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> list[FreeReturn]:
    """Free returns of each family for every Mars window whose best direct departure lies between the two UTC
    dates: each searched over launches from 200 days before to 200 days after that departure (Venus families:
    a whole synodic period of Mars around it); the ballistic ones, in launch order."""
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.trajectory.survey import windows

    for f in families:
        if f not in FAMILIES:
            raise InputError(f"family {f!r}: choose one of {', '.join(FAMILIES)}", param="families")
    span_days = float(utc_to_tdb_jd(end_utc)) - float(utc_to_tdb_jd(start_utc))
    if span_days > MAX_SPAN_YEARS * 365.25:
        raise InputError(f"{start_utc} to {end_utc}: {span_days / 365.25:.0f} years, allowed at most {MAX_SPAN_YEARS} "
                         "(about 30 Mars windows; each takes some 2 s)", param=("start_utc", "end_utc"))
    survey = windows("earth", "mars", start_utc, end_utc, refine_minima=False)
    centres = []
    for op in survey.to_dict():
        best = [op[kind]["min_c3"] for kind in ("type_I", "type_II") if op.get(kind) and op[kind].get("min_c3")]
        if best:
            centres.append(float(utc_to_tdb_jd(min(best, key=lambda c: c["c3_km2_s2"])["departure"][:10])))
    tasks = [(family, centre) for centre in centres for family in families]
    found: list[FreeReturn] = []
    for done, (family, centre) in enumerate(tasks, start=1):
        half = 390.0 if "V" in family else 200.0
        fr = free_return(family, (centre - half, centre + half), seed=seed, workers=workers, scheduler=scheduler)
        if fr.ballistic:
            found.append(fr)
        if progress is not None:
            progress(done, len(tasks))
    return sorted(found, key=lambda f: (f.launch_tdb_jd, f.family))


def venus_alternative(departure_tdb_jd: float, *, seed: int = 0) -> dict[str, Any]:
    """An Earth-Venus-Mars transfer against the direct one for the Mars window whose best direct departure is
    ``departure_tdb_jd``: both optimised (:func:`marsplan.trajectory.mga.optimize_mga`) for the same objective,
    departure v-infinity + flyby burn + arrival v-infinity, over launches 300 days either side (Venus flybys come
    up to a year before the direct window); the flyby route's dates, its total and the direct one's."""
    from marsplan.trajectory.mga import MGAProblem, optimize_mga

    window = (departure_tdb_jd - 300.0, departure_tdb_jd + 300.0)
    direct = optimize_mga(MGAProblem(("earth", "mars"), window, ((100.0, 450.0),)), seed=seed, islands=2,
                          population=15, generations=100)
    venus = optimize_mga(MGAProblem(("earth", "venus", "mars"), window, ((80.0, 300.0), (80.0, 400.0))), seed=seed,
                         islands=4, population=15, generations=200)
    out = venus.to_dict()
    return {"direct_total_km_s": direct.total_dv_km_s, "venus_total_km_s": venus.total_dv_km_s,
            "beats_direct": venus.total_dv_km_s < direct.total_dv_km_s, "departure": out["legs"][0]["depart_utc"],
            "venus_flyby": out["flybys"][0], "arrival": out["legs"][-1]["arrive_utc"],
            "c3_km2_s2": out["c3_km2_s2"], "vinf_arrival_km_s": out["vinf_arrival_km_s"]}



@dataclass(frozen=True)
class FlybyReturn:
    """The way home from a fixed outbound transfer without stopping at the target: a powered flyby there onto the
    Lambert arc back (the abort of a crew whose landing is called off)."""

    flyby_tdb_jd: float
    return_tdb_jd: float
    flyby_dv_km_s: float
    altitude_km: float
    vinf_return_km_s: float
    entry_speed_km_s: float
    duration_days: float

    def to_dict(self) -> dict[str, Any]:
        from marsplan.astro.time import tdb_jd_to_iso

        return {"flyby_utc": str(tdb_jd_to_iso(self.flyby_tdb_jd, "m")),
                "return_utc": str(tdb_jd_to_iso(self.return_tdb_jd, "m")), "flyby_dv_km_s": self.flyby_dv_km_s,
                "altitude_km": self.altitude_km, "vinf_return_km_s": self.vinf_return_km_s,
                "entry_speed_km_s": self.entry_speed_km_s, "duration_days": self.duration_days}


def flyby_return(departure_tdb_jd: float, arrival_tdb_jd: float, *, origin: str = "earth", target: str = "mars",
                 back_days: tuple[float, float] = (100.0, 1_000.0), step_days: float = 1.0,
                 weight_days_per_km_s: float = 0.0) -> FlybyReturn | None:
    """Home from the single-revolution transfer ``departure_tdb_jd`` -> ``arrival_tdb_jd`` (TDB JD) by a powered
    flyby of ``target`` (:func:`marsplan.trajectory.flyby.powered_flyby`, above its lowest flyby periapsis) onto
    a prograde single-revolution arc back to ``origin`` taking ``back_days`` (every ``step_days``, then refined
    to a hundredth of a day): the return of least flyby burn (plus ``weight_days_per_km_s`` x the return's days
    when asked to prefer shorter ones); None when no arc back exists.  Vectorized: every return time is one
    Lambert call."""
    from scipy.optimize import minimize_scalar

    from marsplan.astro import bodies
    from marsplan.astro.lambert import solve
    from marsplan.trajectory.flyby import powered_flyby
    from marsplan.trajectory.mga import planet_states

    lo, hi = float(back_days[0]), float(back_days[1])
    if not (0.0 < lo < hi <= 5_000.0 and 0.01 <= step_days <= 30.0):
        raise InputError(f"back_days {lo:g}:{hi:g} (0 < MIN < MAX <= 5,000), step {step_days:g} (0.01 to 30)",
                         param="back_days")
    if not arrival_tdb_jd > departure_tdb_jd:
        raise InputError("the arrival must follow the departure", param="arrival_tdb_jd")
    seq = (origin, target)
    r, v = planet_states(seq, "de440", np.array([[departure_tdb_jd, arrival_tdb_jd]]))
    mu_sun = bodies.mu_km3_s2("sun")
    _, v_in = solve(r[0, 0], r[0, 1], (arrival_tdb_jd - departure_tdb_jd) * 86400.0, mu_sun)
    vinf_in = np.asarray(v_in) - v[0, 1]
    mu, rp_min = bodies.mu_km3_s2(target), bodies.min_flyby_radius_km(target)

    def legs(back: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        home_r, home_v = planet_states((origin,), "de440", (arrival_tdb_jd + back)[:, None])
        out = solve(np.broadcast_to(r[0, 1], (back.size, 3)), home_r[:, 0], back * 86400.0, mu_sun)
        fly = powered_flyby(vinf_in, np.asarray(out.v1_km_s) - v[0, 1], mu, rp_min)
        vinf_home = np.linalg.norm(np.asarray(out.v2_km_s) - home_v[:, 0], axis=-1)
        return np.asarray(fly.dv_km_s), np.asarray(fly.rp_km), vinf_home, np.asarray(out.status)

    grid = np.arange(lo, hi + 0.5 * step_days, step_days)
    dv, _, _, status = legs(grid)
    cost = np.where((status == 0) & np.isfinite(dv), dv + weight_days_per_km_s * grid, np.inf)
    if not np.isfinite(cost).any():
        return None
    k = int(np.argmin(cost))
    a, b = grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)]

    def objective(t: float) -> float:
        d, _, _, st = legs(np.array([t]))
        return float(d[0]) + weight_days_per_km_s * t if st[0] == 0 and np.isfinite(d[0]) else math.inf

    best = grid[k]
    if b > a:
        res = minimize_scalar(objective, bounds=(a, b), method="bounded", options={"xatol": 0.01})
        if res.fun <= objective(best):
            best = float(res.x)
    d, rp, vinf_home, _ = legs(np.array([best]))
    return FlybyReturn(arrival_tdb_jd, arrival_tdb_jd + best, float(d[0]), float(rp[0]) - bodies.radius_km(target),
                       float(vinf_home[0]), earth_entry_speed_km_s(float(vinf_home[0])),
                       arrival_tdb_jd + best - departure_tdb_jd)
