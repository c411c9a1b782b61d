"""A ship refilled in Earth orbit by tankers, then sent on a departure hyperbola.

Model (impulsive, gravity-loss-free; see :mod:`marsplan.vehicles.rocket`):
the ship (dry mass D, payload P) waits in a parking orbit while n tankers
each deliver their propellant, less a transfer loss fraction; propellant
aboard boils off at a fixed fraction per day until departure.  Tankers
arrive evenly spaced from the first, ``days_in_orbit`` before departure;
with a tanker cadence (one launch every ``tanker_cadence_days``, as a
depot campaign flies them: :mod:`marsplan.vehicles.depot`) the wait grows
with the number of tankers, n times the cadence.
At departure the ship burns at the parking orbit's periapsis to reach the
window's C3, and keeps back the propellant for its landing burn at the
destination.  That landing propellant boils off at the same daily
fraction during the ``tof_days`` of the transfer, so the ship must leave
with ``L / k_t`` of it, k_t = (1 - boil-off)^tof.  With a = dv_land / ve
and b = dv_departure / ve, the propellant aboard at departure is

    (D + P) g,    g = (1 + (exp(a) - 1) / k_t) exp(b) - 1

(with no boil-off g = exp(a + b) - 1), which gives closed forms for the
largest payload and the reachable C3.

Launch site.  Each vehicle's published LEO payload holds for its catalog
``reference_site`` and ``reference_inclination_deg``; from a site whose
launch gets less eastward speed from Earth's rotation the final stage
pays the difference (:func:`marsplan.vehicles.sites.rotation_gain_km_s`),
so it reaches orbit with ``(dry + load) exp(-d / ve) - dry`` of its load:
tankers deliver less and the ship's payload limit falls.

A high parking orbit (apoapsis above periapsis).  Every vehicle reaches a
circular orbit at the parking periapsis altitude and must raise its
apoapsis there (``dv_r = v_p - v_c`` at periapsis), out of what it carries.
A tanker arrives with ``(dry + load) exp(-dv_r / ve) - dry``; if that is
not positive it cannot deliver and the request is refused.  The ship must
be filled in the low orbit before it can raise itself: the first ``n_A``
tankers deliver there, the ship raises with all it holds, and the other
``n - n_A`` deliver in the high orbit; the split that leaves the most
propellant at departure is used.  Boil-off counts each tanker's load from
its arrival to departure, and the raise is costed on what the low-orbit
loads are worth at departure (a small approximation).  Reusable tankers
deorbit from the high orbit by lowering their perigee into the
atmosphere, which marsplan does not cost.

From a 250 km circular orbit (r = 6628.1 km) the 2026 window's C3 of 9.18 km^2/s^2 takes
sqrt(9.18 + 2 mu / r) - sqrt(mu / r) = 3.62 km/s, and a Starship with 100 t of payload needs six
tanker flights for it:

>>> from marsplan.trajectory.orbits import Orbit
>>> from marsplan.vehicles.refill import departure_dv_km_s, refilled_from_catalog
>>> round(float(departure_dv_km_s(9.18, Orbit.circular("earth", 250.0))), 2)
3.62
>>> ship = refilled_from_catalog("starship", "starship-tanker", "starbase")
>>> ship.tankers_needed(100_000.0, 9.18)
6
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from marsplan.errors import InputError
from marsplan.lru import LRUCache
from marsplan.trajectory.orbits import Orbit
from marsplan.vehicles.rocket import exhaust_velocity_km_s
from marsplan.vehicles.spec import VehicleSpec

__all__ = ["ImpossibleRequest", "RefilledShip", "departure_dv_km_s", "refilled_from_catalog"]


class ImpossibleRequest(InputError):
    """A payload or C3 beyond what the ship can do with any number of tankers."""


def departure_dv_km_s(c3_km2_s2, orbit: Orbit):
    """Impulsive burn at the orbit's periapsis onto a hyperbola of energy C3."""
    c3 = np.asarray(c3_km2_s2, dtype=float)
    return np.sqrt(c3 + 2 * orbit.mu_km3_s2 / orbit.rp_km) - orbit.periapsis_speed_km_s


def _reached(dry_kg: float, load_kg: float, dv_km_s: float, ve_km_s: float) -> float:
    """Load left after a stage of ``dry_kg`` carrying ``load_kg`` of propellant spends ``dv_km_s``."""
    return (dry_kg + load_kg) * math.exp(-dv_km_s / ve_km_s) - dry_kg


@dataclass(frozen=True)
class RefilledShip:
    """A ship, its tankers, and the conditions of refilling."""

    ship: VehicleSpec
    tanker: VehicleSpec
    parking: Orbit
    boiloff_fraction_per_day: float = 0.001
    days_in_orbit: float = 60.0
    tanker_cadence_days: float | None = None  # days between tanker launches; None: days_in_orbit for any count
    transfer_loss_fraction: float = 0.02
    landing_dv_km_s: float | None = None
    ascent_penalty_km_s: float = 0.0  # extra ascent delta-v of the launch site against the catalog's reference

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
        if self.tanker_cadence_days is not None and not 0 <= self.tanker_cadence_days <= 365:
            raise InputError(f"tanker_cadence_days = {self.tanker_cadence_days}: allowed 0 to 365")
        if not (math.isfinite(self.ascent_penalty_km_s) and -2.0 <= self.ascent_penalty_km_s <= 2.0):
            raise InputError(f"ascent_penalty_km_s = {self.ascent_penalty_km_s}: allowed -2 to 2")

    @functools.cached_property  # the ship is frozen: computed once
    def ve_km_s(self) -> float:
        return float(exhaust_velocity_km_s(self.ship.isp_vac_s))

    @property
    def landing_km_s(self) -> float:
        return self.ship.mars_landing_dv_km_s if self.landing_dv_km_s is None else self.landing_dv_km_s

    @functools.cached_property
    def raise_dv_km_s(self) -> float:
        """Burn at periapsis from the circular orbit there to the parking orbit (0 for a circular one)."""
        circular = math.sqrt(self.parking.mu_km3_s2 / self.parking.rp_km)
        return max(self.parking.periapsis_speed_km_s - circular, 0.0)

    @functools.cached_property
    def payload_limit_kg(self) -> float:
        """The ship's structural limit, and its LEO payload from this site."""
        ship = self.ship
        limit = ship.payload_limit_kg
        if ship.payload_to_leo_kg and self.ascent_penalty_km_s:
            leo = _reached(ship.dry_mass_kg, ship.payload_to_leo_kg, self.ascent_penalty_km_s, self.ve_km_s)
            limit = min(limit, max(leo, 0.0))
        return limit

    @functools.cached_property
    def tanker_load_in_low_orbit_kg(self) -> float:
        """Propellant a tanker brings to the low orbit from this site."""
        t = self.tanker
        ve = float(exhaust_velocity_km_s(t.isp_vac_s))
        load = _reached(t.dry_mass_kg, t.payload_to_leo_kg, self.ascent_penalty_km_s, ve)
        if load <= 0:
            raise ImpossibleRequest(f"{t.name} reaches low orbit from this site with no propellant to deliver "
                                    f"(the site costs {self.ascent_penalty_km_s * 1000:.0f} m/s more than its "
                                    f"reference site)")
        return load

    @property
    def delivered_in_low_orbit_kg(self) -> float:
        """Propellant one tanker hands over in low orbit, at its own altitude (after the transfer loss): what a
        depot there receives."""
        return self.tanker_load_in_low_orbit_kg * (1.0 - self.transfer_loss_fraction)

    @functools.cached_property
    def tanker_delivery_kg(self) -> float:
        """Propellant one tanker hands over in the parking orbit (after its raise and the transfer loss)."""
        t = self.tanker
        load = self.tanker_load_in_low_orbit_kg
        if self.raise_dv_km_s > 0:
            ve = float(exhaust_velocity_km_s(t.isp_vac_s))
            left = _reached(t.dry_mass_kg, load, self.raise_dv_km_s, ve)
            if left <= 0:
                raise ImpossibleRequest(
                    f"{t.name} cannot deliver to the {self.parking.periapsis_alt_km:g} x "
                    f"{self.parking.apoapsis_alt_km:g} km parking orbit: raising {t.dry_mass_kg / 1000:g} t dry "
                    f"with {load / 1000:.1f} t of propellant by {self.raise_dv_km_s:.2f} km/s burns "
                    f"{(load - left) / 1000:.1f} t, more than it carries"
                )
            load = left
        return load * (1.0 - self.transfer_loss_fraction)

    def days_waiting(self, tankers: int) -> float:
        """Days the ship waits in orbit for ``tankers`` flights: fixed, or their number times the cadence."""
        if self.tanker_cadence_days is None:
            return self.days_in_orbit
        return self.tanker_cadence_days * tankers

    def _keep(self, days) -> np.ndarray:
        return (1.0 - self.boiloff_fraction_per_day) ** np.asarray(days, dtype=float)

    def _growth(self, c3_km2_s2, extra_dv_km_s=0.0, tof_days=0.0) -> np.ndarray:
        """g of the module docstring: propellant at departure per kg of (dry mass + payload)."""
        b = (departure_dv_km_s(c3_km2_s2, self.parking) + extra_dv_km_s) / self.ve_km_s
        landing = math.expm1(self.landing_km_s / self.ve_km_s) / self._keep(tof_days)
        return (1.0 + landing) * np.exp(b) - 1.0

    def propellant_needed_kg(self, payload_kg, c3_km2_s2, extra_dv_km_s=0.0, tof_days=0.0) -> np.ndarray:
        """Propellant aboard at departure for ``payload_kg`` to this C3 and a landing ``tof_days`` later;
        ``extra_dv_km_s`` adds to the departure burn (e.g. a plane change)."""
        return (self.ship.dry_mass_kg + np.asarray(payload_kg, dtype=float)) * self._growth(
            c3_km2_s2, extra_dv_km_s, tof_days)

    def _delivered(self, tankers: int, payload_kg: float) -> float:
        if tankers < 0:
            raise InputError(f"tankers = {tankers}: must be >= 0")
        ship = self.ship
        per_tanker = self.tanker_delivery_kg
        waiting = self.days_waiting(tankers)
        keep_all = float(self._keep(waiting))
        own = ship.propellant_at_leo_kg * keep_all
        # tanker j arrives days_in_orbit * j / n after the first; it then waits until departure
        keeps = self._keep(waiting * (1.0 - np.arange(tankers) / tankers)) if tankers else np.zeros(0)
        cap = ship.propellant_capacity_kg
        if self.raise_dv_km_s == 0:
            return float(min(own + per_tanker * keeps.sum(), cap))
        low = self.delivered_in_low_orbit_kg
        k_raise = math.exp(-self.raise_dv_km_s / self.ve_km_s)
        carried = ship.dry_mass_kg + payload_kg
        before = np.concatenate([[0.0], np.cumsum(keeps)])  # sum of keeps of the first n_A tankers
        in_low = np.minimum(own + low * before, cap)
        after_raise = (carried + in_low) * k_raise - carried
        in_high = per_tanker * (before[-1] - before)
        total = np.where(after_raise >= 0, np.minimum(after_raise + in_high, cap), after_raise)
        return float(total.max())

    def propellant_delivered_kg(self, tankers, payload_kg: float = 0.0) -> np.ndarray:
        """Propellant aboard at departure after ``tankers`` flights (capped by the tanks); with a high
        parking orbit it depends on the payload the ship raises (negative: it cannot raise itself)."""
        n = np.atleast_1d(np.asarray(tankers))
        out = np.array([self._delivered(int(count), float(payload_kg)) for count in n.ravel()])
        return out.reshape(np.shape(tankers))

    @functools.cached_property
    def _identity(self) -> str:
        return repr(self)

    def tankers_needed(self, payload_kg: float, c3_km2_s2: float, max_tankers: int = 200,
                       extra_dv_km_s: float = 0.0, tof_days: float = 0.0) -> int:
        """The fewest tanker flights that send ``payload_kg`` to ``c3_km2_s2`` and land it ``tof_days`` later."""
        # studies rebuild the same ship for every point and ask the same questions: answers are kept per process
        key = (self._identity, float(payload_kg), float(c3_km2_s2), int(max_tankers), float(extra_dv_km_s),
               float(tof_days))
        return _TANKERS.get_or_compute(
            key, lambda: self._tankers_needed(payload_kg, c3_km2_s2, max_tankers, extra_dv_km_s, tof_days))

    def _tankers_needed(self, payload_kg: float, c3_km2_s2: float, max_tankers: int, extra_dv_km_s: float,
                        tof_days: float) -> int:
        need = float(self.propellant_needed_kg(payload_kg, c3_km2_s2, extra_dv_km_s, tof_days))
        if payload_kg <= self.payload_limit_kg:
            for n in range(max_tankers + 1):
                if self._delivered(n, payload_kg) >= need - 1e-6:
                    return n
        best = float(self.max_payload_kg(c3_km2_s2, max_tankers, extra_dv_km_s, tof_days))
        why = (f"over {self.ship.name}'s payload limit of {self.payload_limit_kg / 1000:.1f} t"
               if payload_kg > self.payload_limit_kg else "beyond what any number of tankers allows")
        raise ImpossibleRequest(
            f"payload {payload_kg / 1000:g} t to C3 {c3_km2_s2:g} km^2/s^2 is {why}: the largest possible "
            f"payload is {max(best, 0.0) / 1000:.1f} t"
        )

    def _max_payload_one(self, c3: float, tankers: int, extra: float, tof: float) -> float:
        g = float(self._growth(c3, extra, tof))
        dry, limit = self.ship.dry_mass_kg, self.payload_limit_kg
        if self.raise_dv_km_s == 0:
            return min(self._delivered(tankers, 0.0) / g - dry, limit)

        def margin(p):
            return self._delivered(tankers, p) - (dry + p) * g

        if margin(0.0) < 0:
            return -1.0
        hi = limit if math.isfinite(limit) else self.ship.propellant_capacity_kg
        if margin(hi) >= 0:
            return hi
        lo = 0.0
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if margin(mid) >= 0 else (lo, mid)
        return lo

    def max_payload_kg(self, c3_km2_s2, tankers, extra_dv_km_s=0.0, tof_days=0.0) -> np.ndarray:
        """Largest payload for this C3 with ``tankers`` flights (negative: not even the empty ship)."""
        c3 = np.atleast_1d(np.asarray(c3_km2_s2, dtype=float))
        out = np.array([self._max_payload_one(float(x), int(tankers), float(extra_dv_km_s), float(tof_days))
                        for x in c3.ravel()])
        return out.reshape(np.shape(c3_km2_s2))

    def reachable_c3(self, payload_kg, tankers, tof_days=0.0) -> np.ndarray:
        """Highest C3 the ship reaches with ``payload_kg`` after ``tankers`` flights (NaN: none)."""
        carried = self.ship.dry_mass_kg + float(payload_kg)
        available = self._delivered(int(tankers), float(payload_kg))
        if available < 0:
            return np.asarray(np.nan)
        landing = math.expm1(self.landing_km_s / self.ve_km_s) / float(self._keep(tof_days))
        dv_dep = self.ve_km_s * math.log((1.0 + available / carried) / (1.0 + landing))
        vp = dv_dep + self.parking.periapsis_speed_km_s
        c3 = vp**2 - 2 * self.parking.mu_km3_s2 / self.parking.rp_km
        return np.asarray(c3 if dv_dep >= 0 else np.nan)


_TANKERS: LRUCache[int] = LRUCache(20_000)


def refilled_from_catalog(ship_id: str = "starship", tanker_id: str = "starship-tanker", site_id: str = "starbase",
                          *, own: tuple[VehicleSpec, ...] | list[VehicleSpec] = (), parking_alt_km: float = 250.0,
                          apoapsis_alt_km: float | None = None, boiloff_fraction_per_day: float = 0.001,
                          days_in_orbit: float = 60.0, transfer_loss_fraction: float = 0.02,
                          tanker_cadence_days: float | None = None) -> RefilledShip:
    """A refilled ship from the vehicle and site catalogs (``own`` vehicles beside them): the ship and tanker by
    id, launched from ``site_id`` (Earth's rotation there against the ship's reference site), parked in a
    circular orbit at ``parking_alt_km`` (or an ellipse up to ``apoapsis_alt_km``)."""
    from marsplan.vehicles.catalog import get_site, get_vehicle
    from marsplan.vehicles.sites import site_ascent_penalty_km_s

    ship = get_vehicle(ship_id, own, role="ship")
    tanker = get_vehicle(tanker_id, own, role="tanker")
    site = get_site(site_id)
    reference = get_site(ship.reference_site) if ship.reference_site else None
    penalty = site_ascent_penalty_km_s(site, reference, ship.reference_inclination_deg)
    parking = (Orbit.circular("earth", parking_alt_km) if apoapsis_alt_km is None
               else Orbit("earth", parking_alt_km, apoapsis_alt_km))
    return RefilledShip(ship, tanker, parking, boiloff_fraction_per_day=boiloff_fraction_per_day,
                        days_in_orbit=days_in_orbit, transfer_loss_fraction=transfer_loss_fraction,
                        ascent_penalty_km_s=penalty, tanker_cadence_days=tanker_cadence_days)
