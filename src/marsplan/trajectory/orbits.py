"""Parking and capture orbits, and the impulsive burns between them and hyperbolas.

Departure and capture burns are single impulses at periapsis, tangential,
with no gravity or steering losses (the patched-conic model of Bate,
Mueller & White 1971, ch. 8; Curtis 2014, section 8.9): from an orbit with
periapsis radius rp and semi-major axis a, leaving on a hyperbola with
excess speed v_inf costs ``sqrt(v_inf^2 + 2 mu / rp) - sqrt(mu (2/rp - 1/a))``.

Aerocapture: the atmosphere removes the hyperbolic excess on the first pass
and leaves the ship on an ellipse with the capture orbit's apoapsis and a
periapsis at the entry interface; one burn at apoapsis then raises the
periapsis to the capture orbit's.  The entry interface altitude is 125 km at
Mars, the value used for the MSL and Mars 2020 entries (Steltzner et al.,
"Mars Science Laboratory Entry, Descent, and Landing System Development
Challenges", J. Spacecraft and Rockets 51(4), 2014).

Mars's solar day (sol) is 88,775.244 s (Allison & McEwen, "A post-Pathfinder
evaluation of areocentric solar coordinates", Planet. Space Sci. 48, 2000).

A 400 km circular Earth orbit takes 2 pi sqrt(a^3 / mu) = 92.6 minutes at 7.67 km/s, and Mars's
one-sol capture orbit, a = (mu T^2 / 4 pi^2)^(1/3) = 20,448 km, reaches 33,854 km at apoapsis:

>>> from marsplan.trajectory.orbits import Orbit, default_capture_orbit
>>> leo = Orbit.circular("earth", 400.0)
>>> leo.label(), round(leo.period_s / 60.0, 1), round(leo.periapsis_speed_km_s, 2)
('400 km circular orbit of Earth', 92.6, 7.67)
>>> capture = default_capture_orbit("mars")
>>> capture.label(), round(capture.a_km)
('250 x 33,854 km orbit of Mars', 20448)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from marsplan.astro.bodies import check_body, mu_km3_s2, radius_km
from marsplan.errors import InputError

__all__ = [
    "ENTRY_INTERFACE_ALT_KM",
    "MARS_SOL_S",
    "Orbit",
    "default_capture_orbit",
    "default_parking_orbit",
]

MARS_SOL_S = 88_775.244
ENTRY_INTERFACE_ALT_KM = {"mars": 125.0, "earth": 122.0, "venus": 200.0}
"""Conventional entry interface altitudes: Mars (MSL/Mars 2020), Earth (Apollo/Orion, 400,000 ft)."""


@dataclass(frozen=True)
class Orbit:
    """An orbit around ``body`` given by its periapsis and apoapsis altitudes (km)."""

    body: str
    periapsis_alt_km: float
    apoapsis_alt_km: float

    def __post_init__(self):
        object.__setattr__(self, "body", check_body(self.body))
        if not self.periapsis_alt_km > 0:
            raise InputError(f"periapsis_alt_km = {self.periapsis_alt_km}: must be > 0")
        if not self.apoapsis_alt_km >= self.periapsis_alt_km:
            raise InputError(
                f"apoapsis_alt_km = {self.apoapsis_alt_km}: must be >= periapsis_alt_km ({self.periapsis_alt_km})"
            )

    @classmethod
    def circular(cls, body: str, alt_km: float) -> Orbit:
        return cls(body, alt_km, alt_km)

    @classmethod
    def with_period(cls, body: str, periapsis_alt_km: float, period_s: float) -> Orbit:
        """An ellipse with the given periapsis altitude and orbital period."""
        mu = mu_km3_s2(body)
        a = (mu * (period_s / (2 * math.pi)) ** 2) ** (1 / 3)
        rp = radius_km(body) + periapsis_alt_km
        ra = 2 * a - rp
        if ra < rp:
            raise InputError(f"period_s = {period_s}: too short for a {periapsis_alt_km} km periapsis at {body}")
        return cls(body, periapsis_alt_km, ra - radius_km(body))

    @property
    def mu_km3_s2(self) -> float:
        return mu_km3_s2(self.body)

    @property
    def rp_km(self) -> float:
        return radius_km(self.body) + self.periapsis_alt_km

    @property
    def ra_km(self) -> float:
        return radius_km(self.body) + self.apoapsis_alt_km

    @property
    def a_km(self) -> float:
        return 0.5 * (self.rp_km + self.ra_km)

    @property
    def periapsis_speed_km_s(self) -> float:
        return math.sqrt(self.mu_km3_s2 * (2.0 / self.rp_km - 1.0 / self.a_km))

    @property
    def period_s(self) -> float:
        return 2 * math.pi * math.sqrt(self.a_km**3 / self.mu_km3_s2)

    def label(self) -> str:
        if self.apoapsis_alt_km == self.periapsis_alt_km:
            return f"{self.periapsis_alt_km:g} km circular orbit of {self.body.title()}"
        return f"{self.periapsis_alt_km:g} x {self.apoapsis_alt_km:,.0f} km orbit of {self.body.title()}"

    def periapsis_raise_km_s(self, from_periapsis_alt_km: float) -> float:
        """Burn at apoapsis that lifts the periapsis from ``from_periapsis_alt_km`` to this orbit's."""
        mu, ra = self.mu_km3_s2, self.ra_km
        rp_old = radius_km(self.body) + from_periapsis_alt_km
        return math.sqrt(2 * mu * self.rp_km / (ra * (ra + self.rp_km))) - math.sqrt(
            2 * mu * rp_old / (ra * (ra + rp_old))
        )


def default_parking_orbit(body: str) -> Orbit:
    """Departure parking orbit: 250 km circular."""
    return Orbit.circular(body, 250.0)


def default_capture_orbit(body: str) -> Orbit:
    """Capture orbit: 250 km x 1 sol at Mars; 250 km circular elsewhere."""
    body = check_body(body)
    if body == "mars":
        return Orbit.with_period("mars", 250.0, MARS_SOL_S)
    return Orbit.circular(body, 250.0)
