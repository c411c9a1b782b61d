"""Physical constants, each once, with its unit in its name and its source.

Defined values (the au, standard gravity, the speed of light) are exact; the Sun's GM is the one the
project's ephemeris, JPL DE440, was fitted with (and :mod:`marsplan.astro.bodies` lists with the planets').
This module imports nothing from marsplan, so that every layer may import it."""

from __future__ import annotations

__all__ = ["AU_KM", "G0_KM_S2", "G0_M_S2", "LIGHT_SPEED_KM_S", "MU_SUN_KM3_S2"]

AU_KM = 149_597_870.7
"""The astronomical unit, km: exact by definition (IAU 2012 Resolution B2, "on the re-definition of the
astronomical unit of length")."""

G0_M_S2 = 9.80665
"""Standard acceleration of gravity g0, m/s^2: exact by definition (3rd CGPM, 1901; ISO 80000-3:2019, item
3-9.1; CODATA's "standard acceleration of gravity").  It turns specific impulse (s) into exhaust velocity."""

G0_KM_S2 = G0_M_S2 / 1000.0
"""Standard acceleration of gravity g0 in km/s^2 (9.80665e-3, the same double as that literal)."""

LIGHT_SPEED_KM_S = 299_792.458
"""Speed of light in vacuum, km/s: exact by definition of the metre (17th CGPM, 1983; CODATA 2018)."""

MU_SUN_KM3_S2 = 1.32712440041279419e11
"""Heliocentric gravitational constant GM of the Sun, km^3/s^2, as fitted with the JPL planetary ephemeris
DE440: Park, R. S., Folkner, W. M., Williams, J. G., Boggs, D. H., "The JPL Planetary and Lunar Ephemerides
DE440 and DE441", The Astronomical Journal 161:105 (2021), Table 8."""
