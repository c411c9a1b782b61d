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
from matplotlib.text import Text

from marsplan.astro.time import tdb_jd_to_utc
from marsplan.report.plots import clear_legend, root_figure

__all__ = ["plot_porkchop", "plot_survey", "porkchop_levels"]

_C3_LEVELS = np.array([6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 25, 30, 40, 50, 60, 80, 100])
_VINF_LEVELS = np.array([2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0])
_MARKERS = {"I": "o", "II": "s"}

if TYPE_CHECKING:
    from marsplan.trajectory.grid import TransferPoint


def porkchop_levels(datasets: Sequence[xr.Dataset], max_c3: float | None = None) -> np.ndarray | None:
    """C3 contour levels (km^2/s^2) for porkchops drawn side by side on one colour scale: from the lowest C3 of
    any of them up to ``max_c3`` (None: the highest of each grid's own 60th percentile, at most 60); None when no
    grid holds a transfer."""
    finite = [ds["c3_km2_s2"].values[np.isfinite(ds["c3_km2_s2"].values)] for ds in datasets]
    finite = [f for f in finite if f.size]
    if not finite:
        return None
    low = min(float(f.min()) for f in finite)
    top = max_c3 if max_c3 is not None else max(min(float(np.percentile(f, 60)), 60.0) for f in finite)
    levels = _C3_LEVELS[(_C3_LEVELS >= np.floor(low)) & (_C3_LEVELS <= max(top, low + 4))]
    return levels if levels.size >= 3 else np.linspace(low, low + 10, 6)


def plot_porkchop(ds: xr.Dataset, optima: Sequence[tuple[str, TransferPoint | None]] = (), ax: Axes | None = None,
                  max_c3: float | None = None, levels: np.ndarray | None = None) -> Axes:
    """The classic porkchop: C3 filled, arrival v-infinity lines, constant arrival dates.

    ``optima`` are (label, TransferPoint) pairs drawn as labelled markers; ``levels`` the C3 contour levels
    (:func:`porkchop_levels`, to share one colour scale between porkchops; None: this grid's own).
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
    if levels is None:
        levels = porkchop_levels([ds], max_c3)
    x = mdates.date2num(dep.astype("datetime64[ms]").astype(object))
    filled = ax.contourf(x, tof, np.where(np.isfinite(c3), c3, np.inf), levels=levels, cmap="viridis_r",
                         extend="max")
    ax.figure.colorbar(filled, ax=ax, label="departure C3 (km²/s²)")
    v_labels: list = []
    arrival_labels: list = []
    vinf_levels = _VINF_LEVELS[(_VINF_LEVELS > np.nanmin(vinf)) & (_VINF_LEVELS < np.nanpercentile(vinf, 70))]
    if vinf_levels.size:
        lines = ax.contour(x, tof, vinf, levels=vinf_levels, colors="#c0392b", linewidths=0.9)
        # labels over the line on a light patch (not cut into it), so that one in the way can be dropped cleanly
        v_labels = list(ax.clabel(lines, fmt="%.1f km/s", fontsize=7, inline=False))
        for text in v_labels:
            text.set_bbox({"boxstyle": "round,pad=0.1", "fc": "white", "alpha": 0.6, "lw": 0})
    # lines of constant arrival date, on the first of every other month
    arrival_first = (dep[0] + np.timedelta64(int(tof[0]), "D")).astype("datetime64[M]")
    arrival_last = (dep[-1] + np.timedelta64(int(tof[-1]), "D")).astype("datetime64[M]")
    months = np.arange(arrival_first, arrival_last + 1, 2).astype("datetime64[D]")
    span = tof[-1] - tof[0]
    for month in months:
        y = (month - dep.astype("datetime64[D]")).astype(float)
        inside = (y >= tof[0]) & (y <= tof[-1])
        if inside.sum() < 2:
            continue
        ax.plot(x[inside], y[inside], color="0.35", lw=0.5, ls="--")
        # the label on the line, well inside the frame (clear of the axes and their tick labels)
        clear = np.nonzero(inside & (y >= tof[0] + 0.06 * span) & (y <= tof[-1] - 0.12 * span)
                           & (np.arange(x.size) <= 0.8 * x.size) & (np.arange(x.size) >= 0.04 * x.size))[0]
        if clear.size:
            k = clear[clear.size // 5]
            arrival_labels.append(ax.text(x[k], y[k], f"arr. {str(month)[:7]}", fontsize=6.5, color="0.2",
                                          ha="left", va="center",
                                          bbox={"boxstyle": "round,pad=0.1", "fc": "white", "alpha": 0.6, "lw": 0}))
    optimum_labels = []
    for label, point in optima:
        if point is None:
            continue
        px = mdates.date2num(tdb_jd_to_utc(point.departure_tdb_jd).astype(object))
        ax.plot(px, point.tof_days, _MARKERS.get(point.type, "o"), ms=8, mfc="white", mec="k", mew=1.3)
        optimum_labels.append(ax.annotate(
                    f"{label}\nC3 {point['c3_km2_s2']:.2f}, v∞ {point['vinf_arrival_km_s']:.2f}",
                    (px, point.tof_days), xytext=(8, 6), textcoords="offset points", fontsize=7.5,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.85, "lw": 0.3}))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    _drop_crowded_labels(ax, optimum_labels, v_labels, arrival_labels)
    ax.set_xlabel("departure date (UTC)")
    ax.set_ylabel("time of flight (days)")
    ax.set_title(f"{ds.attrs.get('origin', '').title()} → {ds.attrs.get('target', '').title()}: "
                 f"C3 (filled), arrival v∞ (red, km/s), arrival dates (dashed)", fontsize=10)
    ax.grid(alpha=0.2)
    return ax


def _drop_crowded_labels(ax: Axes, *ranked: list) -> None:
    """Remove each label that overlaps one of a higher rank (earlier list) or an earlier one of its own rank, or
    that does not lie wholly inside the axes: the first list's (the optima's) all stay, contour and date labels
    make way."""
    root_figure(ax).draw_without_rendering()
    frame = ax.get_window_extent()
    kept = [Text.get_window_extent(label) for label in ranked[0]]  # the optima's: always shown
    for labels in ranked[1:]:
        for label in labels:
            box = Text.get_window_extent(label)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in kept):
                kept.append(box)
            else:
                label.remove()


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
    clear_legend(ax, fontsize=7.5, framealpha=0.9)
    return ax
