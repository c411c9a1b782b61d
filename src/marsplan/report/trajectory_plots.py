"""Trajectory figures: the porkchop plot and the window-survey timeline.

The 2026 window's porkchop, its lowest-C3 transfer labelled (C3 9.18 km^2/s^2, arrival v_inf 2.72 km/s),
and the 2026 and 2028 windows on the survey's timeline:

>>> from marsplan.report.trajectory_plots import plot_porkchop, plot_survey
>>> from marsplan.trajectory.grid import optimum, porkchop
>>> from marsplan.trajectory.survey import windows
>>> ds = porkchop("earth", "mars", ("2026-09-01", "2027-01-31"), (100, 450), step_days=5.0)
>>> ax = plot_porkchop(ds, [("min C3", optimum(ds, "c3"))])
>>> ax.texts[-1].get_text()
'min C3\\nC3 9.18, v∞ 2.72'
>>> ax = plot_survey(windows("earth", "mars", "2026-01-01", "2030-01-01", step_days=2.0))
>>> ax.get_title(), [t.get_text() for t in ax.texts]
('Earth → Mars launch opportunities', ['2026', '2028'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib.dates as mdates
import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from marsplan.astro.time import tdb_jd_to_utc

__all__ = ["plot_porkchop", "plot_survey"]

_C3_LEVELS = np.array([6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 25, 30, 40, 50, 60, 80, 100])
_VINF_LEVELS = np.array([2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0])
_MARKERS = {"I": "o", "II": "s"}

if TYPE_CHECKING:
    from marsplan.trajectory.grid import TransferPoint


def plot_porkchop(ds: xr.Dataset, optima: Sequence[tuple[str, TransferPoint | None]] = (), ax: Axes | None = None,
                  max_c3: float | None = None) -> Axes:
    """The classic porkchop: C3 filled, arrival v-infinity lines, constant arrival dates.

    ``optima`` are (label, TransferPoint) pairs drawn as labelled markers.
    Axes: departure date (x) against time of flight (y).
    """
    if ax is None:
        fig = Figure(figsize=(9.0, 6.5), layout="constrained")
        ax = fig.add_subplot()
    dep = ds["departure"].values
    tof = ds["tof_days"].values
    c3 = ds["c3_km2_s2"].values.T
    vinf = ds["vinf_arrival_km_s"].values.T
    finite = c3[np.isfinite(c3)]
    if finite.size == 0:
        ax.text(0.5, 0.5, "no transfer in this grid", transform=ax.transAxes, ha="center")
        return ax
    top = max_c3 if max_c3 is not None else min(float(np.nanpercentile(finite, 60)), 60.0)
    levels = _C3_LEVELS[(_C3_LEVELS >= np.floor(finite.min())) & (_C3_LEVELS <= max(top, finite.min() + 4))]
    if levels.size < 3:
        levels = np.linspace(finite.min(), finite.min() + 10, 6)
    x = mdates.date2num(dep.astype("datetime64[ms]").astype(object))
    filled = ax.contourf(x, tof, np.where(np.isfinite(c3), c3, np.inf), levels=levels, cmap="viridis_r",
                         extend="max")
    ax.figure.colorbar(filled, ax=ax, label="departure C3 (km²/s²)")
    vinf_levels = _VINF_LEVELS[(_VINF_LEVELS > np.nanmin(vinf)) & (_VINF_LEVELS < np.nanpercentile(vinf, 70))]
    if vinf_levels.size:
        lines = ax.contour(x, tof, vinf, levels=vinf_levels, colors="#c0392b", linewidths=0.9)
        ax.clabel(lines, fmt="%.1f km/s", fontsize=7)
    # lines of constant arrival date, on the first of every other month
    arrival_first = (dep[0] + np.timedelta64(int(tof[0]), "D")).astype("datetime64[M]")
    arrival_last = (dep[-1] + np.timedelta64(int(tof[-1]), "D")).astype("datetime64[M]")
    months = np.arange(arrival_first, arrival_last + 1, 2).astype("datetime64[D]")
    for month in months:
        y = (month - dep.astype("datetime64[D]")).astype(float)
        inside = (y >= tof[0]) & (y <= tof[-1])
        if inside.sum() < 2:
            continue
        ax.plot(x[inside], y[inside], color="0.35", lw=0.5, ls="--")
        k = np.nonzero(inside)[0][-1]
        ax.annotate(f"arr. {str(month)[:7]}", (x[k], y[k]), fontsize=6.5, color="0.25",
                    xytext=(2, 0), textcoords="offset points", va="center")
    for label, point in optima:
        if point is None:
            continue
        px = mdates.date2num(tdb_jd_to_utc(point.departure_tdb_jd).astype(object))
        ax.plot(px, point.tof_days, _MARKERS.get(point.type, "o"), ms=8, mfc="white", mec="k", mew=1.3)
        ax.annotate(f"{label}\nC3 {point['c3_km2_s2']:.2f}, v∞ {point['vinf_arrival_km_s']:.2f}",
                    (px, point.tof_days), xytext=(8, 6), textcoords="offset points", fontsize=7.5,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.85, "lw": 0.3})
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.set_xlabel("departure date (UTC)")
    ax.set_ylabel("time of flight (days)")
    ax.set_title(f"{ds.attrs.get('origin', '').title()} → {ds.attrs.get('target', '').title()}: "
                 f"C3 (filled), arrival v∞ (red, km/s), arrival dates (dashed)", fontsize=10)
    ax.grid(alpha=0.2)
    return ax


def plot_survey(survey, ax: Axes | None = None, ceiling_c3: float = 60.0) -> Axes:
    """Each opportunity's daily minimum C3 (type I and II) against departure date."""
    if ax is None:
        fig = Figure(figsize=(10.0, 4.8), layout="constrained")
        ax = fig.add_subplot()
    daily = survey.daily
    dates = mdates.date2num(tdb_jd_to_utc(daily.departure_tdb_jd).astype(object))
    for t, (kind, color) in enumerate((("I", "#1f77b4"), ("II", "#ff7f0e"))):
        c3 = np.where(daily.best[0, :, t] <= ceiling_c3, daily.best[0, :, t], np.nan)
        ax.plot(dates, c3, lw=1.0, color=color, label=f"type {kind}: lowest C3 of the day")
    ax.axhline(survey.max_c3, color="0.3", ls=":", lw=1, label=f"C3 = {survey.max_c3:g} km²/s²")
    twin = ax.twinx()
    for op in survey:
        best = op.best()
        if best is None:
            continue
        x = mdates.date2num(tdb_jd_to_utc(best.departure_tdb_jd).astype(object))
        ax.plot(x, best["c3_km2_s2"], "v", color="k", ms=5)
        ax.annotate(op.label, (x, best["c3_km2_s2"]), xytext=(0, -13), textcoords="offset points",
                    ha="center", fontsize=7.5)
        vbest = op.best("min_vinf_arrival")
        if vbest is not None:
            twin.plot(mdates.date2num(tdb_jd_to_utc(vbest.departure_tdb_jd).astype(object)),
                      vbest["vinf_arrival_km_s"], "D", color="#c0392b", ms=4)
    twin.set_ylabel("lowest arrival v∞ of the window (km/s, red)", color="#c0392b")
    twin.tick_params(axis="y", colors="#c0392b")
    twin.set_ylim(0, None)
    ax.set_ylim(0, ceiling_c3)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("departure date")
    ax.set_ylabel("C3 (km²/s²)")
    ax.set_title(f"{survey.origin.title()} → {survey.target.title()} launch opportunities", fontsize=10)
    ax.grid(alpha=0.25)
    ax.legend(loc="upper right", fontsize=7.5, framealpha=0.9)
    return ax
