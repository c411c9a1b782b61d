"""Rotations between the ICRF (Earth mean equator of J2000) and the ecliptic.

The obliquity of the ecliptic at J2000 is the IAU 2006 value,
84381.406 arcsec (Capitaine, Wallace & Chapront 2003, adopted by IAU 2006
Resolution B1).  The ICRF and the J2000 mean equator differ by under 0.1
arcsec (frame bias), which marsplan neglects.

The ecliptic pole lies 23.439 deg (the obliquity) from the celestial pole, so
the ICRF z axis seen in ecliptic axes is (0, sin 23.439 deg, cos 23.439 deg):

>>> from marsplan.astro.frames import icrf_to_ecliptic
>>> icrf_to_ecliptic([0.0, 0.0, 1.0]).round(6).tolist()
[0.0, 0.397777, 0.917482]
"""

from __future__ import annotations

import numpy as np

__all__ = ["ICRF_TO_ECLIPTIC", "OBLIQUITY_J2000_RAD", "icrf_to_ecliptic", "ecliptic_to_icrf"]

OBLIQUITY_J2000_RAD = np.deg2rad(84381.406 / 3600.0)
_C, _S = np.cos(OBLIQUITY_J2000_RAD), np.sin(OBLIQUITY_J2000_RAD)
# rotation about x by the obliquity; rows give ecliptic axes in ICRF components
ICRF_TO_ECLIPTIC = np.array([[1.0, 0.0, 0.0], [0.0, _C, _S], [0.0, -_S, _C]])


def icrf_to_ecliptic(vec) -> np.ndarray:
    """Vectors of shape (..., 3) from ICRF to the ecliptic and equinox of J2000."""
    return np.asarray(vec, dtype=np.float64) @ ICRF_TO_ECLIPTIC.T


def ecliptic_to_icrf(vec) -> np.ndarray:
    """Inverse of :func:`icrf_to_ecliptic`."""
    return np.asarray(vec, dtype=np.float64) @ ICRF_TO_ECLIPTIC
