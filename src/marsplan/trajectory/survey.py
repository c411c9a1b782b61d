"""Launch-window survey: every synodic opportunity between two bodies over a span.

The span's departure days are cut into independent chunks (each a pure
function of its inputs, so they can run on a Dask cluster unchanged).  For
every departure day a compiled kernel sweeps all times of flight and keeps
only the per-day minima of C3 and of arrival v-infinity for type I and
type II transfers, so memory stays proportional to the number of days, not
cells.  Opportunities are the valleys of the daily minimum-C3 curve,
separated by at least half the synodic period; in each, the four minima
(type I/II x C3/v-infinity) are refined below the grid step with the same
local optimizer as :func:`marsplan.trajectory.optimum`.

Earth-Mars windows recur about every synodic period, 1 / (1/365.26 - 1/686.98) = 780 days; in 2026-2029
there are two, their lowest-C3 departures 760 days apart:

>>> from marsplan.trajectory.survey import windows
>>> survey = windows("earth", "mars", "2026-01-01", "2030-01-01", step_days=2.0)
>>> [(op.label, op.best().departure[:10], round(op.best()["c3_km2_s2"], 2)) for op in survey]
[('2026', '2026-10-31', 9.18), ('2028', '2028-11-29', 9.0)]
>>> round(survey[1].best().departure_tdb_jd - survey[0].best().departure_tdb_jd)
760
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.astro.kepler import elements
from marsplan.astro.time import tdb_jd_to_iso, utc_to_tdb_jd
from marsplan.errors import InputError
from marsplan.trajectory.grid import (
    RIDGE_HALF_WIDTH_DEG,
    TransferPoint,
    check_grid,
    date_text,
    grid_steps,
    limits_of,
    parse_range,
    refine,
    with_interior,
)
from marsplan.trajectory.transfer import TransferModel, transfer_minima

__all__ = ["DEFAULT_MAX_C3", "DailyMinima", "Opportunity", "WindowSurvey", "daily_minima", "synodic_period_days",
           "windows"]

DEFAULT_MAX_C3 = 20.0
MAX_SURVEY_CELLS = 100_000_000
"""Largest window survey (departure days x times of flight) unless ``max_cells`` says otherwise: it runs in
chunks, so memory stays small; this bounds the time (about 30 s on two cores)."""
_QUANTITY = {"min_c3": ("c3_km2_s2", 0), "min_vinf_arrival": ("vinf_arrival_km_s", 1)}
_TYPES = ("I", "II")


@dataclass(frozen=True)
class DailyMinima:
    """Per departure epoch i and type t (0: I, 1: II): the minimum over the
    time-of-flight grid of C3 (``best[0, i, t]``) and of arrival v-infinity
    (``best[1, i, t]``), with the time of flight where each occurs."""

    departure_tdb_jd: np.ndarray
    best: np.ndarray
    best_tof_days: np.ndarray

    @staticmethod
    def concatenate(parts: list[DailyMinima]) -> DailyMinima:
        return DailyMinima(
            np.concatenate([p.departure_tdb_jd for p in parts]),
            np.concatenate([p.best for p in parts], axis=1),
            np.concatenate([p.best_tof_days for p in parts], axis=1),
        )


def daily_minima(model: TransferModel, departure_tdb_jd: np.ndarray, tof_days: np.ndarray,
                 step_days: float, *, exclude_near_180_deg: float = RIDGE_HALF_WIDTH_DEG) -> DailyMinima:
    """One chunk of the survey: departures on a regular ``step_days`` grid."""
    dep = np.ascontiguousarray(departure_tdb_jd, dtype=np.float64)
    tof = np.ascontiguousarray(tof_days, dtype=np.float64)
    arr = dep[0] + tof[0] + step_days * np.arange(dep.size + tof.size - 1)
    r_dep, v_dep = model.states(model.origin, dep)
    r_arr, v_arr = model.states(model.target, arr)
    best, best_j = transfer_minima(model, r_dep, v_dep, r_arr, v_arr, tof * 86400.0, exclude_near_180_deg)
    best_tof = np.where(best_j >= 0, tof[np.maximum(best_j, 0)], np.nan)
    return DailyMinima(dep, best, best_tof)


def synodic_period_days(model: TransferModel, tdb_jd: float) -> float:
    """Synodic period of origin and target from their osculating semi-major axes."""
    from marsplan.astro.bodies import mu_km3_s2

    periods = []
    for body in (model.origin, model.target):
        r, v = model.ephemeris.state(body, tdb_jd)
        a = float(elements(r, v, mu_km3_s2("sun")).a_km)
        periods.append(2 * math.pi * math.sqrt(a**3 / mu_km3_s2("sun")) / 86400.0)
    return 1.0 / abs(1.0 / periods[0] - 1.0 / periods[1])


def _valleys(profile: np.ndarray, half_width: int) -> list[int]:
    """Indices where ``profile`` is lowest within +-``half_width`` samples (first of ties)."""
    values = np.where(np.isfinite(profile), profile, np.inf)
    chosen: list[int] = []
    for i in np.argsort(values, kind="stable"):
        if not np.isfinite(values[i]):
            break
        lo, hi = max(0, i - half_width), min(values.size, i + half_width + 1)
        if values[i] <= values[lo:hi].min() and all(abs(int(i) - c) > half_width for c in chosen):
            chosen.append(int(i))
    return sorted(chosen)


def _segments(profile: np.ndarray, valleys: list[int]) -> list[tuple[int, int]]:
    """[start, end) of each valley's stretch, cut at the highest point between valleys."""
    bounds = [0]
    for a, b in zip(valleys[:-1], valleys[1:], strict=True):
        between = profile[a:b + 1]
        cut = a + int(np.argmax(np.where(np.isfinite(between), between, np.inf)))
        bounds.append(cut)
    bounds.append(profile.size)
    return list(zip(bounds[:-1], bounds[1:], strict=True))


@dataclass
class Opportunity:
    """One synodic opportunity of a survey."""

    label: str
    first_departure_tdb_jd: float
    last_departure_tdb_jd: float
    minima: dict[str, dict[str, TransferPoint | None]]
    below_threshold: tuple[float, float] | None
    threshold_c3: float
    partial: bool
    # which ends of the below-threshold span are the searched range's ("start", "end"): the window may open
    # earlier or close later than shown
    cut: tuple[str, ...] = ()

    def best(self, quantity: str = "min_c3") -> TransferPoint | None:
        """The lower of the type I and type II minima of ``quantity``."""
        points = [p for p in (self.minima[t][quantity] for t in ("type_I", "type_II")) if p is not None]
        name = _QUANTITY[quantity][0]
        return min(points, key=lambda p: p[name]) if points else None

    def to_dict(self) -> dict[str, Any]:
        below: dict[str, Any]
        if self.below_threshold is not None:
            below = {
                "first_departure": str(tdb_jd_to_iso(self.below_threshold[0], unit="D")),
                "last_departure": str(tdb_jd_to_iso(self.below_threshold[1], unit="D")),
            }
        else:
            below = {"first_departure": None, "last_departure": None}
        below["max_c3_km2_s2"] = self.threshold_c3
        below["cut_by_range"] = list(self.cut)
        return {
            "opportunity": self.label,
            **{kind: {q: (p.to_dict(brief=True) if p is not None else None) for q, p in self.minima[kind].items()}
               for kind in ("type_I", "type_II")},
            "c3_below_threshold": below,
            "partial": self.partial,
        }


class WindowSurvey(list):
    """The opportunities of a survey (a list), plus the daily minima they came from."""

    def __init__(self, opportunities, *, daily: DailyMinima, origin: str, target: str, max_c3: float):
        super().__init__(opportunities)
        self.daily = daily
        self.origin = origin
        self.target = target
        self.max_c3 = max_c3
        self.venus: dict[str, dict[str, Any]] = {}  # opportunity label -> its Venus-flyby alternative, when asked

    def to_dict(self) -> list[dict[str, Any]]:
        """The documented JSON form: one object per opportunity (with ``venus_flyby`` when the alternatives were
        asked for: :func:`marsplan.trajectory.freereturn.venus_alternative`)."""
        return [{**op.to_dict(), **({"venus_flyby": self.venus[op.label]} if op.label in self.venus else {})}
                for op in self]

    def _repr_html_(self) -> str:
        """Each opportunity's lowest-C3 transfer of each type, as a notebook shows it."""
        from marsplan.tables import TRANSFER_POINT, Column, html_rows

        rows = [{**op.minima[kind]["min_c3"].to_dict(brief=True), "window": op.label, "type": kind[5:]}
                for op in self for kind in ("type_I", "type_II") if op.minima[kind]["min_c3"] is not None]
        spec = [Column("window", lambda r: r["window"]), Column("type", lambda r: r["type"]), *TRANSFER_POINT]
        return html_rows(spec, rows, f"{self.origin.title()} -> {self.target.title()} windows (lowest C3)")

    def find(self, year: int | str) -> Opportunity | None:
        """The opportunity labelled ``year`` (its lowest-C3 departure year), if any."""
        return next((op for op in self if op.label == str(year)), None)


def windows(origin: str, target: str, start, end, *, max_c3: float = DEFAULT_MAX_C3,
            tof_days=(100.0, 450.0), step_days: float = 1.0, revs: int = 0, departure_orbit=None,
            arrival_orbit=None, capture: str = "propulsive", ephemeris=None, chunk_days: float = 800.0,
            exclude_near_180_deg: float = RIDGE_HALF_WIDTH_DEG, refine_minima: bool = True,
            progress: Callable[[int, int], None] | None = None, max_cells: int = MAX_SURVEY_CELLS) -> WindowSurvey:
    """Every opportunity from ``origin`` to ``target`` with departure between ``start`` and ``end``.

    For each: the type I and type II minima of C3 and of arrival v-infinity
    (refined below the grid step), and the first and last departure days on
    which some time of flight keeps C3 at or below ``max_c3``.  An
    opportunity whose lowest C3 lies on the edge of the span is marked
    ``partial``.  ``progress(done, total)`` is called after each chunk.
    """
    if not (math.isfinite(max_c3) and 0 < max_c3 <= 1000):
        raise InputError(f"max C3 {max_c3:g}: allowed > 0 to 1000 km^2/s^2")
    tof_min, tof_max = parse_range(tof_days, "tof_days", dates=False)
    start_jd, end_jd = (float(utc_to_tdb_jd(date_text(d))) for d in (start, end))
    if end_jd <= start_jd:
        raise InputError(f"span {date_text(start)} to {date_text(end)}: the end is not after the start")
    check_grid(end_jd - start_jd, tof_min, tof_max, step_days, max_cells, "window survey")
    model = TransferModel(origin, target, revs=revs, departure_orbit=departure_orbit,
                          arrival_orbit=arrival_orbit, capture=capture, ephemeris=ephemeris)
    # both ends of the span (and the latest arrival) must be inside the ephemeris
    model.ephemeris.state(model.target, np.array([start_jd + tof_min, end_jd + tof_max]))
    dep = grid_steps(start_jd, end_jd, step_days)
    tof = grid_steps(tof_min, tof_max, step_days)
    per_chunk = max(1, int(chunk_days / step_days))
    chunks = [dep[k:k + per_chunk] for k in range(0, dep.size, per_chunk)]
    parts = []
    for n, chunk in enumerate(chunks, start=1):
        parts.append(daily_minima(model, chunk, tof, step_days, exclude_near_180_deg=exclude_near_180_deg))
        if progress is not None:
            progress(n, len(chunks))
    daily = DailyMinima.concatenate(parts)
    found = _opportunities(model, daily, tof, step_days, max_c3, exclude_near_180_deg, refine_minima)
    return WindowSurvey(found, daily=daily, origin=model.origin, target=model.target, max_c3=float(max_c3))


def _opportunities(model, daily: DailyMinima, tof, step_days, max_c3, ridge, refine_minima) -> list[Opportunity]:
    dep = daily.departure_tdb_jd
    c3_any = np.min(daily.best[0], axis=1)
    synodic = synodic_period_days(model, float(dep[dep.size // 2]))
    valleys = _valleys(c3_any, max(1, int(0.5 * synodic / step_days)))
    result = []
    for valley, (a, b) in zip(valleys, _segments(c3_any, valleys), strict=True):
        minima: dict[str, dict[str, TransferPoint | None]] = {}
        for t, kind in enumerate(_TYPES):
            minima[f"type_{kind}"] = {}
            for quantity, (variable, q) in _QUANTITY.items():
                values = daily.best[q, a:b, t]
                point = None
                if np.isfinite(values).any():
                    i = a + int(np.argmin(np.where(np.isfinite(values), values, np.inf)))
                    on_cut = (i == a and a > 0) or (i == b - 1 and b < dep.size)
                    if not on_cut:
                        point = _polish(model, variable, kind, dep, i, daily.best_tof_days[q, i, t], tof,
                                        (float(dep[a]), float(dep[b - 1])),
                                        step_days, ridge, refine_minima)
                minima[f"type_{kind}"][quantity] = point
        below = np.nonzero(c3_any[a:b] <= max_c3)[0]
        span = (float(dep[a + below[0]]), float(dep[a + below[-1]])) if below.size else None
        cut = tuple(end for end, hit in (("start", below.size and a + below[0] == 0),
                                         ("end", below.size and a + below[-1] == dep.size - 1)) if hit)
        best_jd = float(dep[valley])
        result.append(Opportunity(
            label=str(tdb_jd_to_iso(best_jd, unit="D"))[:4],
            first_departure_tdb_jd=float(dep[a]),
            last_departure_tdb_jd=float(dep[b - 1]),
            minima=minima,
            below_threshold=span,
            threshold_c3=float(max_c3),
            partial=valley in (0, dep.size - 1),
            cut=cut,
        ))
    return result


def _polish(model, variable, kind, dep, i, tof_best, tof, window, step_days, ridge, refine_minima):
    constraints = {"transfer_type": kind, "exclude_near_180_deg": ridge}
    ranges = ((float(dep[0]), float(dep[-1])), (float(tof[0]), float(tof[-1])))
    if not refine_minima:
        from marsplan.trajectory.transfer import evaluate

        values = evaluate(model, dep[i], tof_best)
        vals = {k: float(v) for k, v in values.items() if k != "lambert_status"}
        return limits_of(TransferPoint(float(dep[i]), float(tof_best), vals, kind, refined=False), constraints,
                         *ranges)
    bounds = ((max(dep[0], dep[i] - step_days), min(dep[-1], dep[i] + step_days)),
              (max(tof[0], tof_best - step_days), min(tof[-1], tof_best + step_days)))
    point = limits_of(refine(model, variable, float(dep[i]), float(tof_best), step_days=step_days, bounds=bounds,
                             constraints=constraints), constraints, *ranges)
    return with_interior(point, model, variable, constraints, window, ranges[1], step_days)
