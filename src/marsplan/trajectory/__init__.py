"""Trajectory layer: porkchop grids, optimum search, launch-window surveys, low-thrust transfers and spirals.

>>> from marsplan.trajectory import porkchop, optimum
>>> ds = porkchop("earth", "mars", ("2026-09-01", "2027-01-31"), (100, 450))   # doctest: +SKIP
>>> optimum(ds, "c3").to_dict()                                               # doctest: +SKIP
"""

from marsplan.trajectory.grid import TransferPoint, optimum, porkchop
from marsplan.trajectory.lowthrust import LowThrustSpacecraft, LowThrustTransfer, optimize_transfer
from marsplan.trajectory.orbits import Orbit, default_capture_orbit, default_parking_orbit
from marsplan.trajectory.spiral import Spiral, edelbaum_delta_v_km_s, spiral
from marsplan.trajectory.survey import Opportunity, WindowSurvey, windows
from marsplan.trajectory.transfer import VARIABLES, TransferModel, evaluate

__all__ = [
    "LowThrustSpacecraft",
    "LowThrustTransfer",
    "Spiral",
    "VARIABLES",
    "WindowSurvey",
    "Opportunity",
    "Orbit",
    "TransferModel",
    "TransferPoint",
    "default_capture_orbit",
    "default_parking_orbit",
    "edelbaum_delta_v_km_s",
    "evaluate",
    "optimize_transfer",
    "optimum",
    "porkchop",
    "spiral",
    "windows",
]
