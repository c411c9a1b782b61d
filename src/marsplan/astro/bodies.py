"""Physical constants of the bodies marsplan knows.

Gravitational parameters (GM, km^3/s^2) are those fitted with the JPL
planetary ephemeris DE440: Park, R. S., Folkner, W. M., Williams, J. G.,
Boggs, D. H., "The JPL Planetary and Lunar Ephemerides DE440 and DE441",
The Astronomical Journal 161:105 (2021), Table 8 (the values also stand in
the header of ``de440.bsp``'s companion constants file).  Planetary values
are for the planet's system (planet plus moons) except Earth and Moon,
which are given separately.

Radii (km) are equatorial radii from the IAU Working Group on Cartographic
Coordinates and Rotational Elements: Archinal, B. A. et al., "Report of the
IAU WGCCRE: 2015", Celestial Mechanics and Dynamical Astronomy 130:22
(2018), Tables 1-5; the Sun's is the IAU 2015 Resolution B3 nominal radius.

Mars's equatorial radius is 3396.19 km (Archinal et al. 2018, Table 1), and
vis-viva, v = sqrt(GM / r), gives the 7.67 km/s of a circular orbit 400 km
above the Earth (the ISS's speed):

>>> import math
>>> from marsplan.astro.bodies import mu_km3_s2, radius_km
>>> radius_km("Mars")
3396.19
>>> round(math.sqrt(mu_km3_s2("earth") / (radius_km("earth") + 400.0)), 2)
7.67
"""

from __future__ import annotations

from marsplan.constants import MU_SUN_KM3_S2
from marsplan.errors import InputError

__all__ = ["BODIES", "check_body", "min_flyby_radius_km", "mu_km3_s2", "radius_km"]

# name: (GM km^3/s^2 [Park et al. 2021], equatorial radius km [Archinal et al. 2018])
_CONSTANTS: dict[str, tuple[float, float]] = {
    "sun": (MU_SUN_KM3_S2, 695_700.0),
    "mercury": (22_031.868551, 2_440.53),
    "venus": (324_858.592, 6_051.8),
    "earth": (398_600.435507, 6_378.1366),
    "moon": (4_902.800118, 1_737.4),
    "mars": (42_828.375816, 3_396.19),
    "jupiter": (126_712_764.1, 71_492.0),
    "saturn": (37_940_584.8418, 60_268.0),
    "uranus": (5_794_556.4, 25_559.0),
    "neptune": (6_836_527.10058, 24_764.0),
}

BODIES: tuple[str, ...] = tuple(_CONSTANTS)


def check_body(body: str) -> str:
    """Return the canonical (lower-case) body name, or raise :class:`InputError`."""
    name = str(body).strip().lower()
    if name not in _CONSTANTS:
        raise InputError(f"unknown body {body!r}: choose one of {', '.join(BODIES)}")
    return name


def mu_km3_s2(body: str) -> float:
    """Gravitational parameter GM of ``body`` in km^3/s^2 (DE440)."""
    return _CONSTANTS[check_body(body)][0]


def radius_km(body: str) -> float:
    """Equatorial radius of ``body`` in km (IAU WGCCRE 2015)."""
    return _CONSTANTS[check_body(body)][1]


# Lowest periapsis altitude of a planned flyby (km).  Venus, Earth, Mars: 200 km, the minimum of the STOUR searches
# for the Inspiration Mars free returns (Hughes, Longuski, Tito et al., AIAA 2014-4109) and of Russell & Ocampo's
# cycler turn ratios (J. Guidance 2004); Mercury 200 km, marsplan's assumption by the same rule (MESSENGER flew
# 200 km).  Jupiter 9 radii (about 643,000 km: its radiation belts), pykep's and kep3's jpl_lp default and close to
# GTOP's 600,000 km; Saturn, Uranus, Neptune and the Moon 0.1 radii, pykep's 1.1-radius default (marsplan's
# assumption; plausible range 0.05-1 radii).
_MIN_FLYBY_ALT_KM: dict[str, float] = {
    "mercury": 200.0,
    "venus": 200.0,
    "earth": 200.0,
    "moon": 0.1 * 1_737.4,
    "mars": 200.0,
    "jupiter": 8.0 * 71_492.0,
    "saturn": 0.1 * 60_268.0,
    "uranus": 0.1 * 25_559.0,
    "neptune": 0.1 * 24_764.0,
}


def min_flyby_radius_km(body: str) -> float:
    """Lowest periapsis radius of a planned flyby of ``body`` (km from its centre; the sources are in this module).

    >>> min_flyby_radius_km("mars")
    3596.19
    """
    name = check_body(body)
    if name not in _MIN_FLYBY_ALT_KM:
        raise InputError(f"{body}: no flyby of the Sun", param="body")
    return radius_km(name) + _MIN_FLYBY_ALT_KM[name]
