"""Plots of marsplan's results, for notebooks and scripts: each takes the data a function of marsplan returned and
an optional matplotlib ``ax`` (None: a new figure), and returns the axes it drew on; nothing is computed here
(compute apart from plot).

A porkchop from :func:`marsplan.trajectory.porkchop`'s Dataset, with its lowest-C3 transfer marked:

>>> from marsplan.trajectory import optimum, porkchop as grid
>>> from marsplan.plot import porkchop
>>> ds = grid("earth", "mars", ("2026-09-01", "2026-12-31"), (150, 400), step_days=5)
>>> ax = porkchop(ds, [("min C3", optimum(ds, "c3"))])
>>> ax.get_xlabel(), ax.get_ylabel()
('departure date (UTC)', 'time of flight (days)')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["porkchop", "porkchop_levels", "survey"]


def porkchop(ds: Any, optima: Sequence[tuple[str, Any]] = (), ax: Axes | None = None,
             max_c3: float | None = None, levels: Any = None) -> Axes:
    """A porkchop Dataset (:func:`marsplan.trajectory.porkchop`) drawn: departure C3 filled up to ``max_c3``
    (None: a scale from the grid's own minimum), arrival v-infinity contours, and ``optima`` ((label,
    :class:`~marsplan.trajectory.grid.TransferPoint`) pairs) marked.  ``levels``: C3 contour levels shared with
    other porkchops (:func:`porkchop_levels`), so that their colours compare."""
    from marsplan.report.trajectory_plots import plot_porkchop

    return plot_porkchop(ds, optima, ax=ax, max_c3=max_c3, levels=levels)


def porkchop_levels(datasets: Sequence[Any], max_c3: float | None = None) -> Any:
    """C3 contour levels (km^2/s^2) covering several porkchop Datasets, for :func:`porkchop`'s ``levels``."""
    from marsplan.report.trajectory_plots import porkchop_levels as levels_of

    return levels_of(datasets, max_c3)


def survey(result: Any, ax: Axes | None = None) -> Axes:
    """A window survey (:func:`marsplan.trajectory.windows`) drawn: each departure day's lowest C3 of each type,
    and each window's lowest arrival v-infinity."""
    from marsplan.report.trajectory_plots import plot_survey

    return plot_survey(result, ax=ax)
