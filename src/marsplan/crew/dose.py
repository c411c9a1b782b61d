"""Radiation dose of a crew in deep space and on Mars, over the solar cycle, with its uncertainty.

Model (figures and sources in ``marsplan/data/crew.toml``):

* **Solar cycle.**  The Sun's activity s(t) runs from 0 at a minimum to 1 at a maximum as half a cosine on the
  rise and half a cosine on the decline, between the minima and maxima of cycles 24 and 25 (December 2008, April
  2014, December 2019, the maximum NASA and NOAA announced in October 2024); before and after them cycles are
  projected with an 11-year length and a 4.8-year rise (marsplan's assumption), so the next minimum falls near
  the end of 2030 and the 2029-2031 crews fly toward it.
* **Galactic cosmic rays.**  The dose-equivalent rate falls linearly with activity, R(s) = R_min (1 - a s), with
  a = 1 - 1 / (R_min / R_max): on the surface R_min / R_max = 1.5 (MSL/RAD saw Gale's dose rise by about 50 %
  from the cycle-24 maximum to the cycle-25 minimum; Guo et al., Astron. Astrophys. Rev. 29, 8, 2021), in deep
  space 2.0 (assumption, 1.5 to 3.5).  R_min is calibrated on RAD: 1.84 +- 0.33 mSv/day in the MSL cruise stage
  in 2011-12 (Zeitlin et al., Science 340, 1080, 2013) and 0.64 +- 0.12 mSv/day at Gale in 2012-13 (Hassler et
  al., Science 343, 1244797, 2014), each at the activity of its time.  A ship's shielding other than the MSL
  cruise stage's scales the deep-space rate by exp(-(x - x_RAD) / lambda), lambda = 300 g/cm^2 (assumption: GCR
  dose equivalent falls only slowly with shielding).
* **Solar particle events.**  A Poisson process whose rate follows the activity (Richardson, von Rosenvinge &
  Cane, Adv. Space Res. 60, 755, 2017), each event's dose log-normal (median 3 mSv behind the ship, log-spread
  1.5: RAD's cruise expects some 23 mSv of them, about 5 % of its total, and the tail reaches the ~1 Sv of the
  worst events); a storm shelter, and on Mars the atmosphere, keep a quarter (assumptions).
* **Uncertainty.**  A mission's dose is drawn ``samples`` times, seeded: RAD's calibrations within their
  published errors (normal), each assumption over its range (triangular about its central value), the SPEs as
  above; the dose's percentiles and the probability of staying under a limit come from the draws.

NASA's published round trip (PIA17601: 180 days out, 500 on Mars, 180 back, "about 1 sievert, with roughly
equal contributions from the three stages", at RAD's 2011-13 rates), recomputed from RAD's own time (the way home
falls at the 2014 maximum, hence its smaller share):

>>> from marsplan.crew.dose import Phase, mission_dose, year_to_tdb_jd
>>> t0 = year_to_tdb_jd(2012.0)
>>> d = mission_dose([Phase("cruise", t0, 180), Phase("surface", t0 + 180, 500), Phase("cruise", t0 + 680, 180)])
>>> round(d.central_msv), [round(p) for p in d.phase_central_msv]
(916, [331, 331, 254])

At the coming solar minimum the same mission takes about half as much again:

>>> t1 = year_to_tdb_jd(2030.0)
>>> round(mission_dose([Phase("cruise", t1, 180), Phase("surface", t1 + 180, 500),
...                     Phase("cruise", t1 + 680, 180)]).central_msv)
1397
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from marsplan.errors import InputError

__all__ = ["DAYS_PER_YEAR", "MAX_SAMPLES", "MissionDose", "Phase", "cruise_dose_msv", "gcr_rate_msv_per_day",
           "mission_dose", "parameters", "porkchop_cruise_dose_msv", "solar_activity", "spe_events_per_year",
           "year_to_tdb_jd"]

DAYS_PER_YEAR = 365.25
_J2000_TDB_JD = 2_451_545.0
MAX_SAMPLES = 200_000
"""The most Monte Carlo draws a dose may ask for (memory: one float per draw and phase)."""
_PHASES = ("cruise", "surface")


def parameters() -> dict[str, Any]:
    """The crew model's figures (``marsplan/data/crew.toml``; read-only)."""
    from marsplan.data import read_toml

    return read_toml("crew.toml")


def year_to_tdb_jd(year: Any) -> Any:
    """A decimal year (Julian years from J2000.0) as a TDB Julian date."""
    return _J2000_TDB_JD + (np.asarray(year, dtype=float) - 2000.0) * DAYS_PER_YEAR


def _tdb_jd_to_year(jd: Any) -> np.ndarray:
    return 2000.0 + (np.asarray(jd, dtype=float) - _J2000_TDB_JD) / DAYS_PER_YEAR


def _extrema() -> tuple[np.ndarray, np.ndarray]:
    """Minima and maxima (decimal years), the known ones and the projected cycles 1900-2200."""
    sc = parameters()["solar_cycle"]
    minima = list(sc["minima_year"])
    maxima = list(sc["maxima_year"])  # maxima[k] lies between minima[k] and minima[k + 1]
    length, rise = sc["mean_cycle_years"], sc["mean_rise_years"]
    while minima[0] > 1900.0:
        minima.insert(0, minima[0] - length)
        maxima.insert(0, minima[0] + rise)
    while minima[-1] < 2200.0:
        minima.append(minima[-1] + length)
        maxima.append(minima[-1] + rise)
    return np.array(minima), np.array(maxima)


def solar_activity(year: Any) -> np.ndarray:
    """The Sun's activity at decimal years ``year``: 0 at a solar minimum, 1 at a maximum (module docstring).

    >>> [round(float(solar_activity(y)), 2) for y in (2008.96, 2014.29, 2019.96, 2024.79, 2030.96)]
    [0.0, 1.0, 0.0, 1.0, 0.0]
    """
    t = np.asarray(year, dtype=float)
    minima, maxima = _extrema()
    if np.any((t < minima[0]) | (t >= minima[-1])):
        raise InputError(f"year outside {minima[0]:.0f}-{minima[-1]:.0f}, the solar cycles marsplan models",
                         param="year")
    k = np.searchsorted(minima, t, side="right") - 1
    lo, top, hi = minima[k], maxima[k], minima[np.minimum(k + 1, minima.size - 1)]
    rising = t < top
    rise = 0.5 * (1.0 - np.cos(np.pi * (t - lo) / (top - lo)))
    fall = 0.5 * (1.0 + np.cos(np.pi * (t - top) / (hi - top)))
    return np.where(rising, rise, fall)


def _slope(min_over_max: Any) -> Any:
    return 1.0 - 1.0 / np.asarray(min_over_max, dtype=float)


def gcr_rate_msv_per_day(tdb_jd: Any, where: str = "cruise", *, shielding_g_cm2: float | None = None,
                         min_over_max: Any = None, efold_g_cm2: Any = None, calibration: Any = 1.0) -> np.ndarray:
    """Galactic-cosmic-ray dose-equivalent rate (mSv/day) at epochs ``tdb_jd``, in deep space (``"cruise"``,
    behind ``shielding_g_cm2``, default the crew deck of ``crew.toml``) or on Mars's surface (``"surface"``, as
    RAD at Gale).  ``min_over_max``, ``efold_g_cm2`` and ``calibration`` (a factor on RAD's rate) default to
    the central values; arrays broadcast against ``tdb_jd``."""
    if where not in _PHASES:
        raise InputError(f"where = {where!r}: choose cruise or surface", param="where")
    p = parameters()
    g = p["gcr"]
    s = solar_activity(_tdb_jd_to_year(tdb_jd))
    if where == "surface":
        ratio = g["surface_min_over_max"] if min_over_max is None else min_over_max
        s_ref = solar_activity(g["surface_mid_year"])
        rate = g["surface_msv_per_day"] / (1.0 - _slope(ratio) * s_ref) * (1.0 - _slope(ratio) * s)
        return np.asarray(rate * calibration, dtype=float)
    ratio = g["space_min_over_max"] if min_over_max is None else min_over_max
    shield = p["shielding"]
    x = shield["ship_default_g_cm2"] if shielding_g_cm2 is None else float(shielding_g_cm2)
    if not 0.0 <= x <= 1_000.0:
        raise InputError(f"shielding_g_cm2 = {x}: allowed 0 to 1,000 g/cm2", param="shielding_g_cm2")
    efold = shield["gcr_efold_g_cm2"] if efold_g_cm2 is None else efold_g_cm2
    s_ref = solar_activity(g["cruise_mid_year"])
    rate = g["cruise_msv_per_day"] / (1.0 - _slope(ratio) * s_ref) * (1.0 - _slope(ratio) * s)
    rate = rate * np.exp(-(x - shield["rad_cruise_g_cm2"]) / np.asarray(efold, dtype=float))
    return np.asarray(rate * calibration, dtype=float)


def spe_events_per_year(tdb_jd: Any) -> np.ndarray:
    """Expected solar particle events a year at epochs ``tdb_jd`` (linear in the activity)."""
    e = parameters()["spe"]
    s = solar_activity(_tdb_jd_to_year(tdb_jd))
    return np.asarray(e["events_per_year_min"] + (e["events_per_year_max"] - e["events_per_year_min"]) * s)


def _cumulative(fn: Any, first: float, last: float) -> tuple[np.ndarray, np.ndarray]:
    """Daily nodes from ``first`` to ``last`` and the running integral of ``fn`` over them (trapezoids)."""
    nodes = np.arange(math.floor(first), math.ceil(last) + 1.0)
    values = np.asarray(fn(nodes), dtype=float)
    return nodes, np.concatenate([[0.0], np.cumsum(0.5 * (values[1:] + values[:-1]))])


def _integral(fn: Any, start_tdb_jd: Any, days: Any) -> np.ndarray:
    """The integral of ``fn`` over [start, start + days] per element (days), from a daily table."""
    start = np.asarray(start_tdb_jd, dtype=float)
    end = start + np.asarray(days, dtype=float)
    finite = np.isfinite(start) & np.isfinite(end)
    if not finite.any():
        return np.full(np.broadcast(start, end).shape, np.nan)
    first = float(np.min(np.where(finite, np.minimum(start, end), np.inf)))
    last = float(np.max(np.where(finite, np.maximum(start, end), -np.inf)))
    if last - first > 400 * DAYS_PER_YEAR:
        raise InputError("a dose over more than 400 years was asked for", param="days")
    nodes, cum = _cumulative(fn, first, last)
    out = np.interp(np.where(finite, end, first), nodes, cum) - np.interp(np.where(finite, start, first), nodes, cum)
    return np.where(finite, out, np.nan)


def cruise_dose_msv(departure_tdb_jd: Any, tof_days: Any, *, shielding_g_cm2: float | None = None) -> np.ndarray:
    """Central galactic-cosmic-ray dose (mSv) of flights leaving at ``departure_tdb_jd`` for ``tof_days``
    (arrays broadcast; NaN where either is NaN): what a porkchop shows per cell.

    >>> from marsplan.crew.dose import cruise_dose_msv, year_to_tdb_jd
    >>> [round(float(cruise_dose_msv(year_to_tdb_jd(y), 180.0))) for y in (2024.8, 2030.9)]
    [249, 494]
    """
    return _integral(lambda jd: gcr_rate_msv_per_day(jd, "cruise", shielding_g_cm2=shielding_g_cm2),
                     departure_tdb_jd, tof_days)


def porkchop_cruise_dose_msv(departure_tdb_jd: Any, tof_days: Any, *,
                             shielding_g_cm2: float | None = None) -> np.ndarray:
    """The cruise dose (mSv) of every cell of a porkchop grid, shape (departures, flight times): a function of
    the date and the flight time only; NaN where the flight leaves the solar cycles modelled."""
    dep = np.asarray(departure_tdb_jd, dtype=float)[:, None]
    tof = np.asarray(tof_days, dtype=float)[None, :]
    minima, _ = _extrema()
    lo, hi = year_to_tdb_jd(minima[0]), year_to_tdb_jd(minima[-1])
    inside = (dep >= lo) & (dep + tof < hi)
    if not inside.any():
        return np.full(np.broadcast(dep, tof).shape, np.nan)
    return np.asarray(cruise_dose_msv(np.where(inside, dep, np.nan), np.where(inside, tof, np.nan),
                                      shielding_g_cm2=shielding_g_cm2))


@dataclass(frozen=True)
class Phase:
    """A stretch of a mission: ``kind`` ``"cruise"`` (deep space) or ``"surface"`` (on Mars), from
    ``start_tdb_jd`` for ``days``."""

    kind: str
    start_tdb_jd: float
    days: float

    def __post_init__(self) -> None:
        if self.kind not in _PHASES:
            raise InputError(f"phase kind {self.kind!r}: choose cruise or surface", param="kind")
        if not (math.isfinite(self.days) and 0.0 <= self.days <= 20 * DAYS_PER_YEAR):
            raise InputError(f"phase of {self.days} days: allowed 0 to 20 years", param="days")


@dataclass(frozen=True)
class MissionDose:
    """A mission's dose: the central value (central assumptions, expected SPEs), per phase, and ``samples``
    draws over the uncertainties (module docstring)."""

    phases: tuple[Phase, ...]
    central_msv: float
    phase_central_msv: tuple[float, ...]
    draws_msv: np.ndarray = field(repr=False)
    seed: int
    shielding_g_cm2: float
    storm_shelter: bool

    def percentile_msv(self, q: float) -> float:
        return float(np.percentile(self.draws_msv, q))

    def p_within(self, limit_msv: float) -> float:
        """Probability that the dose stays at or under ``limit_msv``."""
        return float(np.mean(self.draws_msv <= limit_msv))

    def to_dict(self, limits_msv: dict[str, float] | None = None) -> dict[str, Any]:
        from marsplan.astro.time import tdb_jd_to_iso

        out: dict[str, Any] = {
            "dose_msv": round(self.central_msv, 1),
            "dose_p05_msv": round(self.percentile_msv(5), 1), "dose_p95_msv": round(self.percentile_msv(95), 1),
            "phases": [{"kind": p.kind, "start_utc": str(tdb_jd_to_iso(p.start_tdb_jd, "D")), "days": round(p.days, 1),
                        "dose_msv": round(d, 1)} for p, d in zip(self.phases, self.phase_central_msv, strict=True)],
            "shielding_g_cm2": self.shielding_g_cm2, "storm_shelter": self.storm_shelter,
            "samples": int(self.draws_msv.size), "seed": self.seed}
        for name, limit in (limits_msv or {}).items():
            out[f"p_within_{name}"] = round(self.p_within(limit), 4)
        return out

    def _repr_html_(self) -> str:
        from marsplan.tables import html_fields

        return html_fields("Mission dose (mSv)", [("central", self.central_msv), ("5 %", self.percentile_msv(5)),
                                                   ("95 %", self.percentile_msv(95)),
                                                   *[(f"{p.kind} {p.days:.0f} d", d) for p, d in
                                                     zip(self.phases, self.phase_central_msv, strict=True)]])


def _triangular(rng: np.random.Generator, low: float, mode: float, high: float, n: int) -> np.ndarray:
    return rng.triangular(low, mode, high, n) if high > low else np.full(n, mode)


def mission_dose(phases: list[Phase] | tuple[Phase, ...], *, shielding_g_cm2: float | None = None,
                 storm_shelter: bool = True, samples: int = 4_000, seed: int = 0) -> MissionDose:
    """The dose of a mission made of ``phases`` (module docstring), with ``samples`` seeded draws of its
    uncertainty; ``storm_shelter``: the crew shelters during solar particle events in deep space."""
    if not (isinstance(samples, int) and 1 <= samples <= MAX_SAMPLES):
        raise InputError(f"samples = {samples}: allowed 1 to {MAX_SAMPLES:,}", param="samples")
    if not phases:
        raise InputError("a mission needs at least one phase", param="phases")
    p = parameters()
    g, sh, e = p["gcr"], p["shielding"], p["spe"]
    x = sh["ship_default_g_cm2"] if shielding_g_cm2 is None else float(shielding_g_cm2)
    spe_mean = e["median_msv"] * math.exp(0.5 * e["log_sigma"] ** 2)

    central = []
    for ph in phases:
        if ph.days <= 0:
            central.append(0.0)
            continue
        gcr = float(_integral(lambda jd, k=ph.kind: gcr_rate_msv_per_day(jd, k, shielding_g_cm2=x), ph.start_tdb_jd,
                              ph.days))
        events = float(_integral(spe_events_per_year, ph.start_tdb_jd, ph.days)) / DAYS_PER_YEAR
        # the Martian atmosphere (~20 g/cm^2) shields a surface crew as a storm shelter does
        kept = e["shelter_factor"] if (ph.kind == "surface" or storm_shelter) else 1.0
        central.append(gcr + events * spe_mean * kept)

    rng = np.random.default_rng(seed)
    n = samples
    cal_cruise = np.maximum(rng.normal(1.0, g["cruise_sigma_msv_per_day"] / g["cruise_msv_per_day"], n), 0.2)
    cal_surface = np.maximum(rng.normal(1.0, g["surface_sigma_msv_per_day"] / g["surface_msv_per_day"], n), 0.2)
    ratio = _triangular(rng, g["space_min_over_max_range"][0], g["space_min_over_max"],
                        g["space_min_over_max_range"][1], n)
    efold = _triangular(rng, sh["gcr_efold_g_cm2_range"][0], sh["gcr_efold_g_cm2"], sh["gcr_efold_g_cm2_range"][1], n)
    shelter = _triangular(rng, e["shelter_factor_range"][0], e["shelter_factor"], e["shelter_factor_range"][1], n)
    draws = np.zeros(n)
    for ph in phases:
        if ph.days <= 0:
            continue
        nodes = np.arange(math.floor(ph.start_tdb_jd), math.ceil(ph.start_tdb_jd + ph.days) + 1.0)
        inside = np.clip(np.minimum(nodes + 1.0, ph.start_tdb_jd + ph.days) - np.maximum(nodes, ph.start_tdb_jd),
                         0.0, 1.0)  # the days of each node's [node, node + 1) spent in the phase
        s = solar_activity(_tdb_jd_to_year(nodes + 0.5))
        if ph.kind == "surface":
            ref = solar_activity(g["surface_mid_year"])
            a = _slope(g["surface_min_over_max"])
            base = g["surface_msv_per_day"] / (1.0 - a * ref) * float(np.sum(inside * (1.0 - a * s)))
            draws += cal_surface * base
        else:
            ref = solar_activity(g["cruise_mid_year"])
            a = _slope(ratio)[:, None]
            per_day = g["cruise_msv_per_day"] / (1.0 - a * ref) * (1.0 - a * s[None, :])
            gcr = (per_day * inside[None, :]).sum(axis=1) * np.exp(-(x - sh["rad_cruise_g_cm2"]) / efold)
            draws += cal_cruise * gcr
        expected = float(np.sum(inside * spe_events_per_year(nodes + 0.5))) / DAYS_PER_YEAR
        counts = rng.poisson(expected, n)
        doses = rng.lognormal(math.log(e["median_msv"]), e["log_sigma"], int(counts.sum()))
        per_draw = np.bincount(np.repeat(np.arange(n), counts), weights=doses, minlength=n)
        draws += per_draw * (shelter if (ph.kind == "surface" or storm_shelter) else 1.0)
    return MissionDose(tuple(phases), float(sum(central)), tuple(central), draws, seed, x, storm_shelter)
