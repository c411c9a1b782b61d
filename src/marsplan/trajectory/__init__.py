"""Trajectory layer: porkchop grids, optimum search and launch-window surveys.

>>> from marsplan.trajectory import porkchop, optimum
>>> ds = porkchop("earth", "mars", ("2026-09-01", "2027-01-31"), (100, 450))   # doctest: +SKIP
>>> optimum(ds, "c3").to_dict()                                               # doctest: +SKIP
"""

from marsplan.trajectory.grid import TransferPoint, optimum, porkchop
from marsplan.trajectory.orbits import Orbit, default_capture_orbit, default_parking_orbit
from marsplan.trajectory.survey import Opportunity, WindowSurvey, windows
from marsplan.trajectory.transfer import VARIABLES, TransferModel, evaluate

__all__ = [
    "VARIABLES",
    "WindowSurvey",
    "Opportunity",
    "Orbit",
    "TransferModel",
    "TransferPoint",
    "default_capture_orbit",
    "default_parking_orbit",
    "evaluate",
    "optimum",
    "porkchop",
    "windows",
]
