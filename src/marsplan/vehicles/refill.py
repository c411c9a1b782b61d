"""A ship refilled in Earth orbit by tankers, then sent on a departure hyperbola.

Model (impulsive, gravity-loss-free; see :mod:`marsplan.vehicles.rocket`):
the ship (dry mass D, payload P) waits in a parking orbit while n tankers
each deliver their propellant, less a transfer loss fraction; propellant
aboard boils off at a fixed fraction per day until departure.  Tankers
arrive evenly spaced from the first, ``days_in_orbit`` before departure.
At departure the ship burns at the parking orbit's periapsis to reach the
window's C3, and keeps back the propellant for its landing burn at the
destination.  With a = dv_land / ve and b = dv_departure / ve, the
propellant the ship needs is ``(D + P) (exp(a + b) - 1)``, which gives
closed forms for the largest payload and the reachable C3.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from marsplan.errors import InputError
from marsplan.scenario.schema import VehicleSpec
from marsplan.trajectory.orbits import Orbit
from marsplan.vehicles.rocket import exhaust_velocity_km_s

__all__ = ["ImpossibleRequest", "RefilledShip", "departure_dv_km_s"]


class ImpossibleRequest(InputError):
    """A payload or C3 beyond what the ship can do with any number of tankers."""


def departure_dv_km_s(c3_km2_s2, orbit: Orbit):
    """Impulsive burn at the orbit's periapsis onto a hyperbola of energy C3."""
    c3 = np.asarray(c3_km2_s2, dtype=float)
    return np.sqrt(c3 + 2 * orbit.mu_km3_s2 / orbit.rp_km) - orbit.periapsis_speed_km_s


@dataclass(frozen=True)
class RefilledShip:
    """A ship, its tankers, and the conditions of refilling."""

    ship: VehicleSpec
    tanker: VehicleSpec
    parking: Orbit
    boiloff_fraction_per_day: float = 0.001
    days_in_orbit: float = 60.0
    transfer_loss_fraction: float = 0.02
    landing_dv_km_s: float | None = None

    def __post_init__(self):
        if self.ship.role != "ship":
            raise InputError(f"vehicle {self.ship.id!r} is a {self.ship.role}, not a ship")
        if self.tanker.role != "tanker":
            raise InputError(f"vehicle {self.tanker.id!r} is a {self.tanker.role}, not a tanker")
        if not 0 <= self.transfer_loss_fraction < 1:
            raise InputError(f"transfer_loss_fraction = {self.transfer_loss_fraction}: allowed 0 to < 1")
        if not 0 <= self.boiloff_fraction_per_day <= 0.1:
            raise InputError(f"boiloff_fraction_per_day = {self.boiloff_fraction_per_day}: allowed 0 to 0.1")
        if self.days_in_orbit < 0:
            raise InputError(f"days_in_orbit = {self.days_in_orbit}: must be >= 0")

    @property
    def ve_km_s(self) -> float:
        return float(exhaust_velocity_km_s(self.ship.isp_vac_s))

    @property
    def landing_km_s(self) -> float:
        return self.ship.mars_landing_dv_km_s if self.landing_dv_km_s is None else self.landing_dv_km_s

    @property
    def payload_limit_kg(self) -> float:
        return self.ship.payload_limit_kg

    def _growth(self, c3_km2_s2, extra_dv_km_s=0.0) -> np.ndarray:
        """exp(a + b) - 1: propellant needed per kg of (dry mass + payload)."""
        dv = departure_dv_km_s(c3_km2_s2, self.parking) + extra_dv_km_s + self.landing_km_s
        return np.expm1(dv / self.ve_km_s)

    def propellant_needed_kg(self, payload_kg, c3_km2_s2, extra_dv_km_s=0.0) -> np.ndarray:
        """Propellant aboard at departure for ``payload_kg`` to this C3 and a landing;
        ``extra_dv_km_s`` adds to the departure burn (e.g. a plane change)."""
        return (self.ship.dry_mass_kg + np.asarray(payload_kg, dtype=float)) * self._growth(c3_km2_s2, extra_dv_km_s)

    def propellant_delivered_kg(self, tankers) -> np.ndarray:
        """Propellant aboard at departure after ``tankers`` flights (capped by the tanks)."""
        n = np.atleast_1d(np.asarray(tankers, dtype=float))
        keep = 1.0 - self.boiloff_fraction_per_day
        per_tanker = self.tanker.payload_to_leo_kg * (1.0 - self.transfer_loss_fraction)
        out = np.empty_like(n)
        for k, count in enumerate(n):
            count_i = int(count)
            if count_i < 0:
                raise InputError(f"tankers = {count_i}: must be >= 0")
            own = self.ship.propellant_at_leo_kg * keep ** self.days_in_orbit
            if count_i:
                # tanker j arrives days_in_orbit * j / n after the first; it then waits until departure
                waits = self.days_in_orbit * (1.0 - np.arange(count_i) / count_i)
                own += per_tanker * np.sum(keep ** waits)
            out[k] = min(own, self.ship.propellant_capacity_kg)
        return out.reshape(np.shape(tankers))

    def tankers_needed(self, payload_kg: float, c3_km2_s2: float, max_tankers: int = 200,
                       extra_dv_km_s: float = 0.0) -> int:
        """The fewest tanker flights that send ``payload_kg`` to ``c3_km2_s2``."""
        need = float(self.propellant_needed_kg(payload_kg, c3_km2_s2, extra_dv_km_s))
        best = float(self.max_payload_kg(c3_km2_s2, max_tankers, extra_dv_km_s))
        if payload_kg > self.payload_limit_kg or need > float(self.propellant_delivered_kg(max_tankers)) + 1e-6:
            why = (f"over {self.ship.name}'s payload limit" if payload_kg > self.payload_limit_kg
                   else "beyond what any number of tankers allows")
            raise ImpossibleRequest(
                f"payload {payload_kg / 1000:g} t to C3 {c3_km2_s2:g} km^2/s^2 is {why}: the largest possible "
                f"payload is {max(best, 0.0) / 1000:.1f} t"
            )
        for n in range(max_tankers + 1):
            if float(self.propellant_delivered_kg(n)) >= need - 1e-6:
                return n
        raise ImpossibleRequest("unreachable")  # pragma: no cover - guarded above

    def max_payload_kg(self, c3_km2_s2, tankers, extra_dv_km_s=0.0) -> np.ndarray:
        """Largest payload for this C3 with ``tankers`` flights (negative: not even the empty ship)."""
        available = self.propellant_delivered_kg(tankers)
        payload = available / self._growth(c3_km2_s2, extra_dv_km_s) - self.ship.dry_mass_kg
        return np.minimum(payload, self.payload_limit_kg)

    def reachable_c3(self, payload_kg, tankers) -> np.ndarray:
        """Highest C3 the ship reaches with ``payload_kg`` after ``tankers`` flights (NaN: none)."""
        available = self.propellant_delivered_kg(tankers)
        total_dv = self.ve_km_s * np.log1p(available / (self.ship.dry_mass_kg + np.asarray(payload_kg, float)))
        dv_dep = total_dv - self.landing_km_s
        vp = dv_dep + self.parking.periapsis_speed_km_s
        c3 = vp**2 - 2 * self.parking.mu_km3_s2 / self.parking.rp_km
        return np.where(dv_dep >= 0, c3, np.nan)
