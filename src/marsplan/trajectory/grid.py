"""Porkchop grids and optimum search.

:func:`porkchop` evaluates every (departure date, time of flight) cell of a
grid in one compiled call and returns an :class:`xarray.Dataset`;
:func:`optimum` finds the best cell under constraints and refines it below
the grid step with a local optimizer (scipy's bounded Nelder-Mead on the
same physics), so the answer does not depend on the grid resolution.  An optimum held by a limit (the exclusion
around 180 degrees, a range or constraint bound) says so and carries the interior minimum beside it, if any.

Why one module: the grid, its optimum, the limits an optimum can sit on and the interior minimum beside it share
one evaluation model and one set of constraint rules; apart they would each repeat them.

The late-2026 Earth-Mars window on a coarse 5-day grid: its lowest-C3 transfer, refined, is the one a
1-day grid finds too (departure 2026-10-31, 292.3 days, C3 9.18 km^2/s^2, v_inf = sqrt(C3) = 3.03 km/s):

>>> from marsplan.trajectory.grid import optimum, porkchop
>>> ds = porkchop("earth", "mars", ("2026-09-01", "2027-01-31"), (100, 450), step_days=5.0)
>>> dict(ds.sizes)
{'departure': 31, 'tof_days': 71}
>>> best = optimum(ds, "c3")
>>> best.departure[:10], best.type, round(best.tof_days, 1), round(best["c3_km2_s2"], 2)
('2026-10-31', 'II', 292.3, 9.18)
>>> round(best["vinf_departure_km_s"], 2)
3.03
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import xarray as xr
from scipy.optimize import minimize

from marsplan.astro.isodate import parse_utc
from marsplan.astro.time import tdb_jd_to_iso, utc_to_tdb_jd
from marsplan.errors import InputError
from marsplan.jsonio import finite
from marsplan.memory import check_memory
from marsplan.trajectory.orbits import Orbit
from marsplan.trajectory.transfer import VARIABLES, TransferModel, evaluate, transfer_grid

__all__ = ["MAX_GRID_CELLS", "RIDGE_HALF_WIDTH_DEG", "TransferPoint", "check_grid", "date_text", "grid_cells",
           "grid_steps", "interior_minimum", "limits_of", "optimum", "parse_range", "porkchop", "porkchop_to_dict",
           "with_interior"]

MAX_GRID_CELLS = 2_000_000
"""Largest porkchop grid (departures x times of flight) computed in one call unless ``max_cells`` says
otherwise: about 1 GB of results (JPL's small-body mission-design tool caps its API at 1.5 million)."""
GRID_BYTES_PER_CELL = 300
"""Peak memory of a porkchop per cell (its variables, dates, types and the kernel's output; measured: 210 bytes a
cell on a million-cell grid, with a margin)."""
JSON_BYTES_PER_CELL = 2_400
"""Peak memory of a porkchop's JSON per cell (every variable as a Python number, then the text; measured: about
2,050 bytes a cell on a million-cell grid, with a margin)."""
MAX_STEP_DAYS = 30.0
MIN_STEP_DAYS = 0.01
MAX_TOF_DAYS = 5000.0
MAX_REVS = 50
RIDGE_HALF_WIDTH_DEG = 2.5
"""Optimum and window searches skip transfers this close to 180 degrees: there the
transfer plane is ill-defined, C3 forms a ridge, and razor-thin dips along it
(when the 180-degree geometry meets the target's line of nodes) would be
reported as minima that no real trajectory could fly."""
_MINIMIZE = {"c3": "c3_km2_s2", "vinf_arrival": "vinf_arrival_km_s", "dv_total": "dv_total_km_s"}


def parse_range(value: Any, name: str, *, dates: bool) -> tuple[Any, Any]:
    """A (start, end) pair (UTC date strings or TDB Julian dates with ``dates``, else numbers) checked for
    shape; strings like ``"A:B"`` are parsed by the command layer, not here."""
    try:
        if isinstance(value, str):
            raise TypeError
        start, end = value
    except (TypeError, ValueError):
        raise InputError(f"{name} {value!r}: expected a (start, end) pair", param=name) from None
    if not dates:
        try:
            start, end = float(start), float(end)
        except (TypeError, ValueError):
            raise InputError(f"{name} {value!r}: expected numbers", param=name) from None
    return start, end


def grid_cells(span_days: float, tof_min: float, tof_max: float, step_days: float) -> int:
    """Cells of a grid of departures over ``span_days`` and flight times ``tof_min`` to ``tof_max``, both stepped
    by ``step_days`` (ends included)."""
    return (int(span_days / step_days + 1e-9) + 1) * (int((tof_max - tof_min) / step_days + 1e-9) + 1)


def check_grid(span_days: float, tof_min: float, tof_max: float, step_days: float, max_cells: int,
               what: str = "grid") -> int:
    """Check a grid's step, times of flight and size before anything is allocated; its cell count.

    The step must be within 0.01 to 30 days, times of flight finite with 0 < min <= max <= 5,000 days, and
    the cells (departures x times of flight) at most ``max_cells``.
    """
    if not (math.isfinite(step_days) and MIN_STEP_DAYS <= step_days <= MAX_STEP_DAYS):
        raise InputError(f"step_days {step_days:g}: allowed {MIN_STEP_DAYS:g} to {MAX_STEP_DAYS:g} days",
                         param="step_days")
    if not (math.isfinite(tof_min) and math.isfinite(tof_max) and 0 < tof_min <= tof_max <= MAX_TOF_DAYS):
        raise InputError(f"tof_days {tof_min:g}:{tof_max:g}: need 0 < start <= end <= {MAX_TOF_DAYS:g} days",
                         param="tof_days")
    if not (math.isfinite(span_days) and span_days >= 0):
        raise InputError(f"departure span of {span_days:g} days: the end is before the start")
    cells = grid_cells(span_days, tof_min, tof_max, step_days)
    if cells > max_cells:
        raise InputError(f"{what} of {cells:,} cells is over the limit of {max_cells:,}: use a coarser step or a "
                         f"shorter span, or raise max_cells", param="max_cells")
    return cells


def grid_steps(start: float, end: float, step: float) -> np.ndarray:
    """start, start+step, ... up to end inclusive (end included when on the grid)."""
    n = int(math.floor((end - start) / step + 1e-9)) + 1
    return start + step * np.arange(n)


def _model(origin, target, revs, low_path, departure_orbit, arrival_orbit, capture, ephemeris) -> TransferModel:
    return TransferModel(origin, target, revs=revs, low_path=low_path, departure_orbit=departure_orbit,
                         arrival_orbit=arrival_orbit, capture=capture, ephemeris=ephemeris)


def porkchop(origin: str, target: str, departure, tof_days, *, step_days: float = 1.0, revs: int = 0,
             low_path: bool = True, departure_orbit: Orbit | None = None, arrival_orbit: Orbit | None = None,
             capture: str = "propulsive", ephemeris=None, max_cells: int = MAX_GRID_CELLS) -> xr.Dataset:
    """A grid of transfers from ``origin`` to ``target``.

    ``departure`` is a (first, last) pair of UTC dates, ``tof_days`` a (shortest, longest) pair; both ranges
    include their ends and are stepped by ``step_days``.  Returns a Dataset
    with dims (departure, tof_days) holding the variables of
    :data:`marsplan.trajectory.transfer.VARIABLES`, ``arrival`` (UTC),
    ``type`` ("I" below 180 degrees, "II" above, "" where no arc exists)
    and ``lambert_status``.
    """
    dep_start, dep_end = parse_range(departure, "departure", dates=True)
    tof_min, tof_max = parse_range(tof_days, "tof_days", dates=False)
    start_jd, end_jd = (float(utc_to_tdb_jd(date_text(d))) for d in (dep_start, dep_end))
    if end_jd < start_jd:
        raise InputError(f"departure range {date_text(dep_start)}:{date_text(dep_end)}: the end is before the start")
    cells = check_grid(end_jd - start_jd, tof_min, tof_max, step_days, max_cells, "porkchop grid")
    check_memory(cells * GRID_BYTES_PER_CELL, f"a porkchop grid of {cells:,} cells", param="step_days",
                 hint="use a coarser step_days or a shorter span")
    if not 0 <= int(revs) <= MAX_REVS:
        raise InputError(f"revs = {revs}: allowed 0 to {MAX_REVS}")
    model = _model(origin, target, revs, low_path, departure_orbit, arrival_orbit, capture, ephemeris)
    dep_jd = grid_steps(start_jd, end_jd, step_days)
    start_utc = _utc_datetime64(utc_date_text(dep_start))
    tof = grid_steps(tof_min, tof_max, step_days)
    return _porkchop_dataset(model, dep_jd, tof, step_days, start_utc)


def date_text(value: Any) -> str:
    """ISO text of a date-like value (str, date, datetime or numpy datetime64)."""
    if isinstance(value, _dt.date | _dt.datetime):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return str(value)
    return str(value)


def _utc_datetime64(text: str) -> np.datetime64:
    """A UTC date-time as numpy's datetime64 (which has no leap seconds: 23:59:60 becomes the next midnight)."""
    if "T" not in text and " " not in text:
        return np.datetime64(text, "ms")
    y, mo, d, h, mi, s = parse_utc(text)
    base = np.datetime64(f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}", "ms")
    return base + np.timedelta64(int(round(s * 1e3)), "ms")


def utc_date_text(value: Any) -> str:
    """ISO text of a date-like value, without a trailing 'Z'."""
    return date_text(value).strip().removesuffix("Z").removesuffix("UTC").strip()


_TYPE_NAMES = np.array(["", "I", "II"], dtype="<U2")


def _porkchop_dataset(model: TransferModel, dep_jd: np.ndarray, tof: np.ndarray, step_days: float,
                      start_utc: np.datetime64) -> xr.Dataset:
    # every arrival epoch is departure[0] + tof[0] + k * step: states once per distinct epoch
    arr_jd = dep_jd[0] + tof[0] + step_days * np.arange(dep_jd.size + tof.size - 1)
    r_dep, v_dep = model.states(model.origin, dep_jd)
    r_arr, v_arr = model.states(model.target, arr_jd)
    out, status = transfer_grid(model, r_dep, v_dep, r_arr, v_arr, tof * 86400.0)
    # the departure coordinate is the UTC calendar grid the user asked for; the physics runs at
    # the matching TDB epochs (uniform in TDB, so it differs from UTC steps only by leap seconds)
    # milliseconds: exact over DE440's whole span (nanoseconds wrap before 1678 and after 2261)
    departure_utc = start_utc + np.round((dep_jd - dep_jd[0]) * 86400e3).astype("timedelta64[ms]")
    arrival_utc = departure_utc[:, None] + np.round(tof * 86400e3).astype("timedelta64[ms]")[None, :]
    angle = out[VARIABLES.index("transfer_angle_deg")]
    # "" where no arc exists, "I" below 180 degrees, "II" above (a lookup: 0.1 ms on 53,703 cells)
    kind = _TYPE_NAMES[np.where(np.isnan(angle), 0, np.where(angle < 180.0, 1, 2))]
    dims = ("departure", "tof_days")
    units = {"c3_km2_s2": "km2/s2", "dla_deg": "deg", "rla_deg": "deg", "transfer_angle_deg": "deg"}
    # Variables built directly (their arrays are already of the right types): a tenth of the Dataset's cost
    data: dict[str, Any] = {name: xr.Variable(dims, out[m], {"units": units.get(name, "km/s")}, fastpath=True)
                            for m, name in enumerate(VARIABLES)}
    # netCDF3 has no int64: dates are stored as float days
    date_encoding = {"units": "days since 2000-01-01 00:00:00", "dtype": "float64"}
    data.update(arrival=xr.Variable(dims, arrival_utc, encoding=date_encoding, fastpath=True),
                type=xr.Variable(dims, kind, fastpath=True), lambert_status=xr.Variable(dims, status, fastpath=True))
    coords = xr.Coordinates({
        "departure": xr.IndexVariable("departure", departure_utc, encoding=date_encoding),
        "tof_days": xr.IndexVariable("tof_days", tof, {"units": "days"}),
        "departure_tdb_jd": xr.Variable("departure", dep_jd, fastpath=True),
    })
    dep_orbit, arr_orbit = model.departure_orbit, model.arrival_orbit
    assert dep_orbit is not None and arr_orbit is not None  # set by TransferModel
    ds = xr.Dataset(
        data,
        coords=coords,
        attrs={
            "title": f"{model.origin.title()} to {model.target.title()} transfers",
            "origin": model.origin,
            "target": model.target,
            "revs": int(model.revs),
            "low_path": int(model.low_path),
            "capture": model.capture,
            "departure_orbit": dep_orbit.label(),
            "departure_orbit_alt_km": [dep_orbit.periapsis_alt_km, dep_orbit.apoapsis_alt_km],
            "arrival_orbit": arr_orbit.label(),
            "arrival_orbit_alt_km": [arr_orbit.periapsis_alt_km, arr_orbit.apoapsis_alt_km],
            "step_days": float(step_days),
            "ephemeris": model.ephemeris_name,
            "conventions": "departure and arrival in UTC; DLA/RLA on the Earth equator of J2000 (ICRF); "
                           "impulsive patched-conic burns; type I below 180 degrees of transfer angle",
        },
    )
    return ds


def model_from_dataset(ds: xr.Dataset, ephemeris=None) -> TransferModel:
    """The transfer model a porkchop Dataset was computed with."""
    a = ds.attrs
    dep_alt = [float(x) for x in np.atleast_1d(a["departure_orbit_alt_km"])]
    arr_alt = [float(x) for x in np.atleast_1d(a["arrival_orbit_alt_km"])]
    return TransferModel(
        a["origin"], a["target"], revs=int(a["revs"]), low_path=bool(a["low_path"]),
        departure_orbit=Orbit(a["origin"], *dep_alt), arrival_orbit=Orbit(a["target"], *arr_alt),
        capture=a["capture"], ephemeris=ephemeris,
    )


@dataclass(frozen=True)
class TransferPoint:
    """One transfer: its dates (TDB JD and UTC ISO) and every transfer variable."""

    departure_tdb_jd: float
    tof_days: float
    values: dict[str, float]
    type: str
    refined: bool
    # what holds the optimum where it is when it is not an interior minimum (:func:`limits_of`): "the 177.5-degree
    # exclusion around 180 deg", "the flight-time range", ...; empty for a true minimum
    limited_by: tuple[str, ...] = ()
    # for a limited optimum: the lowest interior local minimum of the same quantity in the same search, None where
    # the quantity has none there (it falls all the way to the limit)
    interior: TransferPoint | None = None

    @property
    def arrival_tdb_jd(self) -> float:
        return self.departure_tdb_jd + self.tof_days

    @property
    def departure(self) -> str:
        return str(tdb_jd_to_iso(self.departure_tdb_jd, unit="m"))

    @property
    def arrival(self) -> str:
        return str(tdb_jd_to_iso(self.arrival_tdb_jd, unit="m"))

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def to_dict(self, *, brief: bool = False) -> dict[str, Any]:
        """Every variable of the transfer; ``brief``: dates, time of flight, C3, v-infinities and DLA, rounded."""
        limits: dict[str, Any] = {}
        if self.limited_by:
            limits = {"limited_by": list(self.limited_by),
                      "interior_minimum": None if self.interior is None else self.interior.to_dict(brief=brief)}
        if brief:
            return {"departure": self.departure, "arrival": self.arrival, "tof_days": round(self.tof_days, 3),
                    "c3_km2_s2": round(self["c3_km2_s2"], 4),
                    "vinf_departure_km_s": round(self["vinf_departure_km_s"], 4),
                    "vinf_arrival_km_s": round(self["vinf_arrival_km_s"], 4), "dla_deg": round(self["dla_deg"], 3),
                    **limits}
        return {"departure": self.departure, "arrival": self.arrival, "tof_days": self.tof_days,
                "type": self.type, **self.values, **limits}

    def _repr_html_(self) -> str:
        from marsplan.tables import html_fields

        return html_fields(f"Transfer, type {self.type}", self.to_dict(brief=True).items())


def _constraint_violation(values: dict[str, float], tof: float, constraints: dict[str, Any]) -> float:
    """0 when every constraint holds, else a positive measure of how far off."""
    excess = 0.0
    if not math.isfinite(values["c3_km2_s2"]):
        return math.inf
    if constraints.get("max_c3") is not None:
        excess += max(0.0, values["c3_km2_s2"] - constraints["max_c3"])
    if constraints.get("max_vinf_arrival") is not None:
        excess += max(0.0, values["vinf_arrival_km_s"] - constraints["max_vinf_arrival"])
    if constraints.get("max_tof_days") is not None:
        excess += max(0.0, tof - constraints["max_tof_days"]) / 10.0
    if constraints.get("max_abs_dla_deg") is not None:
        excess += max(0.0, abs(values["dla_deg"]) - constraints["max_abs_dla_deg"]) / 10.0
    angle = values["transfer_angle_deg"] % 360.0
    kind = constraints.get("transfer_type")
    if kind is not None and (kind == "I") != (angle < 180.0):
        excess += abs(angle - 180.0) / 10.0 + 1.0
    ridge = constraints.get("exclude_near_180_deg", RIDGE_HALF_WIDTH_DEG)
    if abs(angle - 180.0) < ridge:
        excess += (ridge - abs(angle - 180.0)) / 10.0 + 1.0
    return excess


def _check_constraints(minimize_what: str, constraints: dict[str, Any]) -> str:
    allowed = {"max_c3", "max_vinf_arrival", "max_tof_days", "max_abs_dla_deg", "transfer_type",
               "exclude_near_180_deg"}
    unknown = set(constraints) - allowed
    if unknown:
        raise InputError(f"unknown constraint(s) {', '.join(sorted(unknown))}: allowed {', '.join(sorted(allowed))}")
    if constraints.get("transfer_type") not in (None, "I", "II"):
        raise InputError(f"transfer_type = {constraints['transfer_type']!r}: choose 'I' or 'II'")
    if minimize_what not in _MINIMIZE:
        raise InputError(f"minimize = {minimize_what!r}: choose one of {', '.join(_MINIMIZE)}")
    return _MINIMIZE[minimize_what]


def refine(model: TransferModel, variable: str, dep_jd: float, tof: float, *, step_days: float,
           bounds: tuple[tuple[float, float], tuple[float, float]], constraints: dict[str, Any]) -> TransferPoint:
    """Polish a grid optimum with bounded Nelder-Mead on the continuous problem."""

    def values_at(x):
        v = evaluate(model, x[0], x[1])
        return {k: float(v[k]) for k in VARIABLES}

    def objective(x):
        vals = values_at(x)
        value = vals[variable]
        if not math.isfinite(value):
            return 1e12
        violation = _constraint_violation(vals, x[1], constraints)
        return value + 1e3 * violation

    x0 = np.array([dep_jd, tof])
    f0 = objective(x0)
    h = 0.5 * step_days
    # simplex edges point into the bounded box
    hd = h if x0[0] + h <= bounds[0][1] else -h
    ht = h if x0[1] + h <= bounds[1][1] else -h
    simplex = np.array([x0, x0 + [hd, 0.0], x0 + [0.0, ht]])
    res = minimize(objective, x0, method="Nelder-Mead", bounds=bounds,
                   options={"initial_simplex": simplex, "xatol": 1e-4, "fatol": 1e-9, "maxiter": 600})
    x = res.x if res.fun <= f0 else x0
    vals = values_at(x)
    return TransferPoint(float(x[0]), float(x[1]), vals, "I" if vals["transfer_angle_deg"] < 180 else "II",
                         refined=bool(res.fun <= f0))


_LIMIT_TOL = 1e-3  # degrees, days, km^2/s^2 or km/s: an optimum this close to a limit is held there by it


def limits_of(point: TransferPoint, constraints: dict[str, Any], departure_range: tuple[float, float],
              tof_range: tuple[float, float]) -> TransferPoint:
    """``point`` with :attr:`~TransferPoint.limited_by` naming every limit it sits on (the exclusion around 180
    degrees, the searched departure or flight-time range, a C3, arrival v-infinity or flight-time constraint):
    there the optimum is the limit's, not an interior minimum of the quantity."""
    held = []
    ridge = constraints.get("exclude_near_180_deg", RIDGE_HALF_WIDTH_DEG)
    angle = abs(point["transfer_angle_deg"] % 360.0 - 180.0)
    if ridge > 0 and abs(angle - ridge) < _LIMIT_TOL:
        held.append(f"the {ridge:g}-degree exclusion around 180 deg (transfer angle "
                    f"{point['transfer_angle_deg']:.1f} deg)")
    if min(abs(point.departure_tdb_jd - departure_range[0]), abs(point.departure_tdb_jd - departure_range[1])) \
            < _LIMIT_TOL:
        held.append("the departure range searched")
    if min(abs(point.tof_days - tof_range[0]), abs(point.tof_days - tof_range[1])) < _LIMIT_TOL:
        held.append("the flight-time range searched")
    for key, name in (("max_c3", "c3_km2_s2"), ("max_vinf_arrival", "vinf_arrival_km_s")):
        if constraints.get(key) is not None and abs(point[name] - constraints[key]) < _LIMIT_TOL:
            held.append(f"the {key.replace('_', ' ')} limit {constraints[key]:g}")
    if constraints.get("max_tof_days") is not None and abs(point.tof_days - constraints["max_tof_days"]) < _LIMIT_TOL:
        held.append(f"the max flight time {constraints['max_tof_days']:g} days")
    return replace(point, limited_by=tuple(held)) if held else point


def interior_minimum(model: TransferModel, variable: str, constraints: dict[str, Any],
                     departure_range: tuple[float, float], tof_range: tuple[float, float],
                     step_days: float) -> TransferPoint | None:
    """The lowest local minimum of ``variable`` strictly inside the allowed region (TDB JD departures, days of
    flight), refined; None where there is none (the quantity falls all the way to a limit).

    A cell counts when it and its eight neighbours all satisfy the constraints, with a margin of half a degree
    beyond the exclusion around 180 degrees, and none of its neighbours is lower; the refined point must not
    sit on any limit (:func:`limits_of`)."""
    dep = grid_steps(departure_range[0], departure_range[1], step_days)
    tof = grid_steps(tof_range[0], tof_range[1], step_days)
    if dep.size < 3 or tof.size < 3:
        return None
    arr = dep[0] + tof[0] + step_days * np.arange(dep.size + tof.size - 1)
    r_dep, v_dep = model.states(model.origin, dep)
    r_arr, v_arr = model.states(model.target, arr)
    out, _ = transfer_grid(model, r_dep, v_dep, r_arr, v_arr, tof * 86400.0)
    grid = {name: out[m] for m, name in enumerate(VARIABLES)}
    values = grid[variable]
    angle = grid["transfer_angle_deg"] % 360.0
    ok = np.isfinite(values)
    ridge = constraints.get("exclude_near_180_deg", RIDGE_HALF_WIDTH_DEG)
    with np.errstate(invalid="ignore"):
        ok &= np.abs(angle - 180.0) >= ridge + 0.5
        if constraints.get("transfer_type") is not None:
            ok &= (angle < 180.0) == (constraints["transfer_type"] == "I")
        for key, name in (("max_c3", "c3_km2_s2"), ("max_vinf_arrival", "vinf_arrival_km_s")):
            if constraints.get(key) is not None:
                ok &= grid[name] <= constraints[key]
        if constraints.get("max_tof_days") is not None:
            ok &= tof[None, :] <= constraints["max_tof_days"]
        if constraints.get("max_abs_dla_deg") is not None:
            ok &= np.abs(grid["dla_deg"]) <= constraints["max_abs_dla_deg"]
    masked = np.pad(np.where(ok, values, np.inf), 1, constant_values=np.inf)
    centre = masked[1:-1, 1:-1]
    interior = np.isfinite(centre)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                neighbour = masked[1 + di:masked.shape[0] - 1 + di, 1 + dj:masked.shape[1] - 1 + dj]
                interior &= np.isfinite(neighbour) & (neighbour >= centre)
    if not interior.any():
        return None
    i, j = np.unravel_index(np.argmin(np.where(interior, centre, np.inf)), centre.shape)
    bounds = ((dep[i] - step_days, dep[i] + step_days), (tof[j] - step_days, tof[j] + step_days))
    point = limits_of(refine(model, variable, float(dep[i]), float(tof[j]), step_days=step_days, bounds=bounds,
                             constraints=constraints), constraints, departure_range, tof_range)
    return None if point.limited_by else point


def with_interior(point: TransferPoint, model: TransferModel, variable: str, constraints: dict[str, Any],
                  departure_range: tuple[float, float], tof_range: tuple[float, float],
                  step_days: float) -> TransferPoint:
    """``point``, and where a limit holds it, the interior minimum beside it (:func:`interior_minimum`)."""
    if not point.limited_by:
        return point
    return replace(point, interior=interior_minimum(model, variable, constraints, departure_range, tof_range,
                                                    step_days))


def optimum(ds: xr.Dataset, minimize: str = "c3", *, refine_step: bool = True, ephemeris=None,
            **constraints) -> TransferPoint | None:
    """The best transfer of a porkchop grid, refined below the grid step.

    ``minimize`` is "c3", "vinf_arrival" or "dv_total"; constraints are
    ``max_c3`` (km^2/s^2), ``max_vinf_arrival`` (km/s), ``max_tof_days``,
    ``max_abs_dla_deg``, ``transfer_type`` ("I" or "II") and
    ``exclude_near_180_deg`` (default :data:`RIDGE_HALF_WIDTH_DEG`).  Returns None
    when no cell satisfies the constraints.  ``ephemeris`` must be given
    when the grid was computed with a non-default ephemeris object.
    """
    variable = _check_constraints(minimize, constraints)
    values = ds[variable].values
    ok = np.isfinite(values)
    if constraints.get("max_c3") is not None:
        ok &= ds["c3_km2_s2"].values <= constraints["max_c3"]
    if constraints.get("max_vinf_arrival") is not None:
        ok &= ds["vinf_arrival_km_s"].values <= constraints["max_vinf_arrival"]
    if constraints.get("max_tof_days") is not None:
        ok &= ds["tof_days"].values[None, :] <= constraints["max_tof_days"]
    if constraints.get("max_abs_dla_deg") is not None:
        ok &= np.abs(ds["dla_deg"].values) <= constraints["max_abs_dla_deg"]
    if constraints.get("transfer_type") is not None:
        ok &= ds["type"].values == constraints["transfer_type"]
    ridge = constraints.get("exclude_near_180_deg", RIDGE_HALF_WIDTH_DEG)
    ok &= np.abs(ds["transfer_angle_deg"].values % 360.0 - 180.0) >= ridge
    if not ok.any():
        return None
    i, j = np.unravel_index(np.argmin(np.where(ok, values, np.inf)), values.shape)
    dep = ds["departure_tdb_jd"].values
    tof = ds["tof_days"].values
    step = float(ds.attrs.get("step_days", 1.0))
    model = model_from_dataset(ds, ephemeris)
    ranges = ((float(dep[0]), float(dep[-1])), (float(tof[0]), float(tof[-1])))
    if not refine_step:
        vals = {k: float(ds[k].values[i, j]) for k in VARIABLES}
        return limits_of(TransferPoint(float(dep[i]), float(tof[j]), vals, str(ds["type"].values[i, j]),
                                       refined=False), constraints, *ranges)
    bounds = ((max(dep[0], dep[i] - step), min(dep[-1], dep[i] + step)),
              (max(tof[0], tof[j] - step), min(tof[-1], tof[j] + step)))
    point = limits_of(refine(model, variable, float(dep[i]), float(tof[j]), step_days=step, bounds=bounds,
                             constraints=constraints), constraints, *ranges)
    return with_interior(point, model, variable, constraints, *ranges, step)


def porkchop_to_dict(ds: xr.Dataset, optima: Sequence[tuple[str, TransferPoint | None]] = ()) -> dict[str, Any]:
    """A porkchop Dataset (and its labelled optima) as JSON-ready data: every grid variable named as in the
    Dataset, NaN cells as None (``marsplan porkchop --format json``)."""
    def clean(values):
        array = np.asarray(values, dtype=float)
        out = np.round(array, 6).astype(object)
        out[~np.isfinite(array)] = None
        return out.tolist()

    cells = int(ds.sizes["departure"] * ds.sizes["tof_days"])
    check_memory(cells * JSON_BYTES_PER_CELL, f"the JSON of a {cells:,}-cell porkchop", param="step_days",
                 hint="use a coarser step_days or a shorter span")
    data: dict[str, Any] = {key: (value if not isinstance(value, np.ndarray) else value.tolist())
                            for key, value in ds.attrs.items()}
    data["departure"] = [str(d)[:19] for d in ds["departure"].values.astype("datetime64[s]")]
    data["tof_days"] = ds["tof_days"].values.tolist()
    for variable in ds.data_vars:
        name = str(variable)
        values = ds[name].values
        if name == "arrival":
            data[name] = np.datetime_as_string(values.astype("datetime64[s]")).tolist()
        elif values.dtype.kind in "US":
            data[name] = values.tolist()
        elif name == "lambert_status":
            data[name] = values.astype(int).tolist()
        else:
            data[name] = clean(values)
    data["optima"] = finite({label: (p.to_dict() if p else None) for label, p in optima})
    return data
