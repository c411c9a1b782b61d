"""Figures.  Each plot function takes data and an optional ``ax`` and returns the axes.

Earth and Mars from above the ecliptic, the view spanning 1.08 times Mars's greatest x or y (1.65 au),
and the figure as a ``data:`` URI for the HTML page:

>>> from marsplan.astro.time import utc_to_tdb_jd
>>> from marsplan.astro.tracks import orbit_tracks
>>> from marsplan.report.plots import figure_to_data_uri, plot_orbits
>>> tracks = orbit_tracks(["earth", "mars"], utc_to_tdb_jd("2026-01-01"), utc_to_tdb_jd("2027-11-01"), step_days=5.0)
>>> ax = plot_orbits(tracks, title="Earth and Mars")
>>> [t.get_text() for t in ax.get_legend().get_texts()], round(float(ax.get_xlim()[1]), 2)
(['Earth', 'Mars'], 1.78)
>>> figure_to_data_uri(ax.figure)[:22]
'data:image/png;base64,'
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text

from marsplan.constants import AU_KM

# Okabe & Ito (2008), "Color Universal Design": told apart by the common colour-vision deficiencies
COLOURBLIND_SAFE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442")


REPORT_DPI = 110
"""Resolution of the report's embedded figures (a quick plan's are coarser: ``report_style(dpi=...)``)."""


def report_style(dpi: int = REPORT_DPI):
    """A context in which figures draw with the colour-blind-safe cycle and embed at ``dpi`` (the report's
    figures are made in it)."""
    import matplotlib as mpl
    from cycler import cycler

    return mpl.rc_context({"axes.prop_cycle": cycler(color=list(COLOURBLIND_SAFE)), "savefig.dpi": dpi})

__all__ = ["COLOURBLIND_SAFE", "REPORT_DPI", "clear_legend", "figure_to_data_uri", "new_axes", "plot_orbits",
           "report_style", "root_figure", "separate_labels"]

_COLORS = {"earth": "#2b6cb0", "mars": "#c0392b", "moon": "#7f8c8d", "venus": "#d4a017"}


def new_axes(width_in: float = 7.0, height_in: float = 6.0) -> Axes:
    """A fresh axes on its own figure (no pyplot global state)."""
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    return fig.add_subplot()


def root_figure(ax: Axes) -> Figure:
    """The figure an axes draws on, through any subfigure (matplotlib 3.8 has no ``get_figure(root=True)``)."""
    fig = ax.figure
    while isinstance(fig, SubFigure):
        fig = fig.figure
    assert isinstance(fig, Figure)
    return fig


def _data_points(ax: Axes) -> np.ndarray:
    """Display coordinates of every drawn data point and text of ``ax`` and of the axes overlaid on it (a
    twin); call after a draw."""
    chunks = [np.empty((0, 2))]
    for other in ax.figure.axes:
        if other.get_position().bounds != ax.get_position().bounds:
            continue
        for line in other.get_lines():
            xy = np.asarray(line.get_xydata(), dtype=float)
            if len(xy) > 1 and line.get_linestyle() not in ("None", ""):
                # points along each segment too: a line crossing a box between two vertices covers it
                t = np.linspace(0.0, 1.0, 8)[:, None, None]
                xy = (xy[:-1][None] * (1 - t) + xy[1:][None] * t).reshape(-1, 2)
            if xy.size:
                chunks.append(line.get_transform().transform(xy[np.isfinite(xy).all(axis=1)]))
        for collection in other.collections:
            offsets = np.asarray(collection.get_offsets(), dtype=float)
            if offsets.size:
                chunks.append(collection.get_offset_transform().transform(offsets[np.isfinite(offsets).all(axis=1)]))
        for text in other.texts:  # labels and annotations: their corners and centre
            box = text.get_window_extent()
            chunks.append(np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x0, box.y1], [box.x1, box.y1],
                                    [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]]))
    return np.concatenate(chunks)


def clear_legend(ax: Axes, **kwargs):
    """A legend where it hides no data point or text of ``ax``: the first clear corner or side inside the axes,
    else in room made for it above the data (matplotlib's ``loc="best"`` only minimises the overlap)."""
    points = None
    for loc in ("upper right", "upper left", "lower right", "lower left", "center right", "center left",
                "upper center", "lower center"):
        legend = ax.legend(loc=loc, **kwargs)
        root_figure(ax).draw_without_rendering()
        if points is None:
            points = _data_points(ax)
        box = legend.get_window_extent()
        inside = ((points[:, 0] >= box.x0) & (points[:, 0] <= box.x1) & (points[:, 1] >= box.y0)
                  & (points[:, 1] <= box.y1))
        if not inside.any():
            return legend
    twins = [other for other in ax.figure.axes if other.get_position().bounds == ax.get_position().bounds]
    if any(other.get_yscale() != "linear" for other in twins):
        return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **kwargs)
    # no clear place: raise the top of the axes (and of a twin) by the legend's height, and put it there
    legend = ax.legend(loc="upper right", **kwargs)
    root_figure(ax).draw_without_rendering()
    share = min(0.6, legend.get_window_extent().height / ax.get_window_extent().height + 0.04)
    for other in twins:
        low, high = other.get_ylim()
        other.set_ylim(low, high + (high - low) * share / (1.0 - share))
    return legend


def separate_labels(ax: Axes, labels: Sequence) -> None:
    """Lift overlapping annotations (made with ``textcoords="offset points"``) until none overlaps another: the
    lowest stays, each one above it moves up just clear of those it hit (give them ``arrowprops`` to keep a line
    to their point)."""
    if len(labels) < 2:
        return
    root_figure(ax).draw_without_rendering()
    # x0, y0, x1, y1 in pixels: the words only, not an annotation's leader line
    boxes = np.array([Text.get_window_extent(label).extents for label in labels])
    lift = np.zeros(len(labels))
    order = np.argsort(boxes[:, 1], kind="stable")
    for n, k in enumerate(order):
        for _ in range(len(labels)):
            low, high = boxes[k, 1] + lift[k], boxes[k, 3] + lift[k]
            clash = [m for m in order[:n] if boxes[m, 0] < boxes[k, 2] and boxes[k, 0] < boxes[m, 2]
                     and boxes[m, 1] + lift[m] < high and low < boxes[m, 3] + lift[m]]
            if not clash:
                break
            lift[k] = max(boxes[m, 3] + lift[m] for m in clash) + 1.0 - boxes[k, 1]
    points_per_pixel = 72.0 / ax.figure.dpi
    for label, up in zip(labels, lift, strict=True):
        if up:
            x, y = label.xyann
            label.xyann = (x, y + up * points_per_pixel)


def figure_to_data_uri(fig: Figure | SubFigure, fmt: str = "png", dpi: int | None = None) -> str:
    """The figure as a ``data:`` URI, to embed in a self-contained HTML page (at ``dpi``, by default the
    :func:`report_style` in force, else :data:`REPORT_DPI`)."""
    import matplotlib as mpl

    styled = mpl.rcParams["savefig.dpi"]
    buf = io.BytesIO()
    fig.figure.savefig(buf, format=fmt, dpi=dpi if dpi is not None else styled if isinstance(styled, int | float)
                       else REPORT_DPI)  # a subfigure saves through its parent figure
    mime = "image/svg+xml" if fmt == "svg" else f"image/{fmt}"
    return f"data:{mime};base64,{base64.b64encode(buf.getvalue()).decode('ascii')}"


def plot_orbits(tracks: xr.Dataset, markers: Sequence[dict] = (), ax: Axes | None = None,
                title: str | None = None) -> Axes:
    """Top view (ecliptic plane) of the tracks from :func:`marsplan.astro.tracks.orbit_tracks`.

    ``markers`` are dicts with ``label`` and, per body, ``{"earth": (x_km, y_km), ...}``
    under ``positions``; each is drawn as numbered points with a legend entry.
    """
    ax = ax if ax is not None else new_axes()
    ax.plot(0, 0, marker="o", ms=12, color="#f5b041", zorder=3)
    ax.annotate("Sun", (0, 0), textcoords="offset points", xytext=(8, -12), fontsize=9)
    for body in tracks["body"].values:
        xy = tracks["r_ecl_km"].sel(body=body).values[:, :2] / AU_KM
        ax.plot(xy[:, 0], xy[:, 1], lw=1.2, color=_COLORS.get(str(body), None), label=str(body).title())
    for i, marker in enumerate(markers, start=1):
        for body, (x_km, y_km) in marker["positions"].items():
            color = _COLORS.get(body, "k")
            ax.plot(x_km / AU_KM, y_km / AU_KM, "o", ms=6, color=color, mec="k", mew=0.6, zorder=4)
            ax.annotate(str(i), (x_km / AU_KM, y_km / AU_KM), textcoords="offset points",
                        xytext=(4, 4), fontsize=9, weight="bold")
        ax.plot([], [], " ", label=f"{i}: {marker['label']}")
    lim = float(np.abs(tracks["r_ecl_km"].values[..., :2]).max() / AU_KM) * 1.08
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("x, ecliptic J2000 (au)")
    ax.set_ylabel("y, ecliptic J2000 (au)")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9, bbox_to_anchor=(1.02, 1.0))
    if title:
        ax.set_title(title)
    return ax
