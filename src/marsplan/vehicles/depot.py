"""A propellant depot in Earth orbit: its plane's drift, the launches that reach it, and boil-off.

Nodal regression of a circular orbit from Earth's J2 (Vallado, *Fundamentals of Astrodynamics and
Applications*, 4th ed. 2013, eq. 9-41): dOmega/dt = -3/2 n J2 (R/a)^2 cos(i) / (1 - e^2)^2, with
J2 = 1.08262668e-3 and R = 6,378.137 km (EGM2008 / WGS-84).

Launch opportunities: a site at latitude L lies under a plane of inclination i >= |L| twice a sidereal
day, once on the orbit's ascending half (launch azimuth A = asin(cos i / cos L), north-east) and once on
its descending half (180 - A, south-east); each counts only if that azimuth is within the site's range
limits (``sites.toml``).  A site at |L| = i sees the plane once a day; one with |L| > i, or whose limits
allow neither azimuth, never reaches the plane directly: it launches to its nearest reachable inclination
and changes plane in orbit, 2 v sin(di / 2) (Vallado 2013, eq. 6-4), at the node.  The times are those
when the site's sidereal angle (GMST + longitude, UT1 taken as UTC) meets the plane's right ascension at
the site's latitude, with the plane drifting as above from its node at the start.

Boil-off: cryogenic propellant held in the depot loses a fraction per day (:data:`BOILOFF_PER_DAY` from
``marsplan/data/depot.toml``: passive storage and active cooling, both marsplan's assumptions).  With N
tankers arriving every D days and the ship leaving when the last one has docked, tanker k's load is held
(N - 1 - k) D days.

The space station's plane (400 km, 51.64 deg) drifts west by about 5 deg a day; Baikonur (45.92 deg
north) reaches it once a day, launching north-east at asin(cos 51.64 / cos 45.92) = 63.1 deg; and four
100 t tankers ten days apart, losing 0.1 % a day, leave 100 (1 + 0.999^10 + 0.999^20 + 0.999^30) = 394.07 t:

>>> from marsplan.vehicles.catalog import get_site
>>> from marsplan.vehicles.depot import depot_campaign, launch_opportunities, nodal_regression_deg_per_day
>>> round(nodal_regression_deg_per_day(400.0, 51.64), 2)
-5.0
>>> site = launch_opportunities(get_site("baikonur"), 51.64, 400.0)
>>> site.per_day, round(site.azimuths_deg[0], 1)
(1, 63.1)
>>> depot = depot_campaign(4, 10.0, 100_000.0, 0.001)
>>> round(depot.held_at_departure_kg / 1000.0, 2), depot.extra_tankers
(394.07, 1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from marsplan.astro.bodies import mu_km3_s2
from marsplan.errors import InputError
from marsplan.vehicles.catalog import SiteSpec

__all__ = ["BOILOFF_PER_DAY", "J2_EARTH", "DepotCampaign", "SiteOpportunities", "depot_campaign",
           "launch_opportunities", "nodal_regression_deg_per_day", "plane_change_dv_km_s"]

J2_EARTH = 1.08262668e-3  # EGM2008 (Pavlis et al. 2012), unnormalised
R_EARTH_KM = 6378.137  # WGS-84 equatorial radius
SIDEREAL_DEG_PER_DAY = 360.98564736629  # Earth's rotation relative to the equinox (IERS)

def _boiloff_rates() -> dict[str, float]:
    from marsplan.data import read_toml

    rates = read_toml("depot.toml")["boiloff_per_day"]
    out = {k: float(v) for k, v in rates.items() if k != "source"}
    if not all(0.0 <= v < 0.1 for v in out.values()) or set(out) != {"passive", "active"}:
        raise InputError("depot.toml: boiloff_per_day needs passive and active, each within 0 and 0.1")
    return out


BOILOFF_PER_DAY = _boiloff_rates()
"""Boil-off per day of stored propellant by storage (``marsplan/data/depot.toml``; marsplan's assumptions)."""


def nodal_regression_deg_per_day(alt_km: float, inclination_deg: float, ecc: float = 0.0) -> float:
    """J2 drift of the ascending node (deg/day; negative: westward for a prograde orbit)."""
    if not (math.isfinite(alt_km) and 100.0 <= alt_km <= 100_000.0):
        raise InputError(f"alt_km {alt_km:g}: allowed 100 to 100,000 km", param="alt_km")
    if not (math.isfinite(inclination_deg) and 0.0 <= inclination_deg <= 180.0):
        raise InputError(f"inclination_deg {inclination_deg:g}: allowed 0 to 180 degrees", param="inclination_deg")
    a = R_EARTH_KM + alt_km
    n_rad_s = math.sqrt(mu_km3_s2("earth") / a**3)
    rate = -1.5 * n_rad_s * J2_EARTH * (R_EARTH_KM / a) ** 2 * math.cos(math.radians(inclination_deg)) / (
        1.0 - ecc * ecc) ** 2
    return math.degrees(rate) * 86_400.0


def plane_change_dv_km_s(alt_km: float, delta_inclination_deg: float) -> float:
    """A plane change of ``delta_inclination_deg`` in a circular orbit, at the node: 2 v sin(di / 2)."""
    v = math.sqrt(mu_km3_s2("earth") / (R_EARTH_KM + alt_km))
    return 2.0 * v * math.sin(math.radians(abs(delta_inclination_deg)) / 2.0)


def _allowed(site: SiteSpec, azimuth_deg: float) -> bool:
    az = azimuth_deg % 360.0
    return any(min(a1, a2) - 1e-9 <= az <= max(a1, a2) + 1e-9 for a1, a2 in site.azimuth_ranges_deg)


@dataclass
class SiteOpportunities:
    """When a site can launch into the depot's plane, or what it costs when it cannot."""

    site: str
    latitude_deg: float
    per_day: int
    azimuths_deg: list[float]
    plane_change_dv_km_s: float
    reached_inclination_deg: float | None
    times_utc: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site, "latitude_deg": self.latitude_deg, "per_day": self.per_day,
                "azimuths_deg": [round(a, 2) for a in self.azimuths_deg],
                "plane_change_dv_km_s": round(self.plane_change_dv_km_s, 4),
                "reached_inclination_deg": None if self.reached_inclination_deg is None
                else round(self.reached_inclination_deg, 3), "times_utc": self.times_utc}


def launch_opportunities(site: SiteSpec, inclination_deg: float, alt_km: float = 400.0, *,
                         start_utc: str = "2030-01-01", raan_deg: float = 0.0, days: float = 2.0) -> SiteOpportunities:
    """The site's in-plane launches into the plane (node ``raan_deg`` at ``start_utc``) over ``days``."""
    from marsplan.vehicles.sites import inclination_ranges_deg

    drift = nodal_regression_deg_per_day(alt_km, inclination_deg)
    lat = site.latitude_deg
    i = inclination_deg
    passes: list[tuple[float, float]] = []  # (azimuth, right ascension offset of the site's latitude from the node)
    if abs(lat) <= min(i, 180.0 - i) + 1e-9:
        u = math.asin(max(-1.0, min(1.0, math.sin(math.radians(lat)) / math.sin(math.radians(i)))))
        cos_a = math.cos(math.radians(i)) / math.cos(math.radians(lat))
        az = math.degrees(math.asin(max(-1.0, min(1.0, cos_a))))
        for arg, azimuth in ((u, az), (math.pi - u, 180.0 - az)):
            offset = math.degrees(math.atan2(math.cos(math.radians(i)) * math.sin(arg), math.cos(arg)))
            if _allowed(site, azimuth) and all(abs(azimuth - p[0]) > 1e-6 for p in passes):
                passes.append((azimuth, offset))
    if passes:
        times = _pass_times(site, passes, drift, start_utc, raan_deg, days)
        return SiteOpportunities(site.id, lat, len(passes), [p[0] for p in passes], 0.0, i, times)
    ranges = inclination_ranges_deg(site)
    nearest = min((max(lo, min(hi, i)) for lo, hi in ranges), key=lambda x: abs(x - i))
    return SiteOpportunities(site.id, lat, 0, [], plane_change_dv_km_s(alt_km, i - nearest), nearest, [])


def _pass_times(site: SiteSpec, passes: list[tuple[float, float]], drift_deg_day: float, start_utc: str,
                raan_deg: float, days: float) -> list[str]:
    import erfa

    from marsplan.astro.isodate import parse_utc
    from marsplan.astro.time import tdb_jd_to_iso, tt_minus_utc_s, utc_to_tdb_jd

    parse_utc(start_utc)
    tdb = float(utc_to_tdb_jd(start_utc))
    tt_utc_days = float(tt_minus_utc_s(start_utc)) / 86_400.0
    jd_utc = tdb - tt_utc_days  # TDB - TT is below 2 ms: UTC from TT - UTC
    gmst = math.degrees(float(erfa.gmst06(jd_utc, 0.0, jd_utc + tt_utc_days, 0.0)))
    rate = SIDEREAL_DEG_PER_DAY - drift_deg_day
    out = []
    for _azimuth, offset in passes:
        phase = (gmst + site.longitude_deg - raan_deg - offset) % 360.0  # site ahead of the pass point
        first = ((-phase) % 360.0) / rate
        k = 0
        while first + k * 360.0 / rate <= days:
            out.append(first + k * 360.0 / rate)
            k += 1
    return [str(tdb_jd_to_iso(tdb + t, "m")) for t in sorted(out)]


@dataclass
class DepotCampaign:
    """A tanker campaign into the depot: what arrives, what is left at departure, the flights boil-off adds."""

    tankers: int
    cadence_days: float
    load_per_tanker_kg: float
    boiloff_per_day: float
    delivered_kg: float
    held_at_departure_kg: float
    extra_tankers: int

    def to_dict(self) -> dict[str, Any]:
        return {"tankers": self.tankers, "cadence_days": self.cadence_days,
                "load_per_tanker_t": round(self.load_per_tanker_kg / 1000.0, 3),
                "boiloff_per_day": self.boiloff_per_day, "delivered_t": round(self.delivered_kg / 1000.0, 3),
                "held_at_departure_t": round(self.held_at_departure_kg / 1000.0, 3),
                "lost_to_boiloff_t": round((self.delivered_kg - self.held_at_departure_kg) / 1000.0, 3),
                "extra_tankers_for_boiloff": self.extra_tankers}


def _held(count: int, cadence_days: float, load_kg: float, rate: float) -> float:
    return sum(load_kg * (1.0 - rate) ** ((count - 1 - k) * cadence_days) for k in range(count))


def depot_campaign(tankers: int, cadence_days: float, load_per_tanker_kg: float, boiloff_per_day: float
                   ) -> DepotCampaign:
    """N tankers every D days (module docstring); extra tankers until the depot holds N loads at departure."""
    if not 1 <= tankers <= 200:
        raise InputError(f"tankers {tankers}: allowed 1 to 200", param="tankers")
    if not (math.isfinite(cadence_days) and 0.0 <= cadence_days <= 365.0):
        raise InputError(f"cadence_days {cadence_days:g}: allowed 0 to 365", param="cadence_days")
    if not 0.0 <= boiloff_per_day < 0.1:
        raise InputError(f"boil-off {boiloff_per_day:g} per day: allowed 0 to 0.1")
    held = _held(tankers, cadence_days, load_per_tanker_kg, boiloff_per_day)
    target = tankers * load_per_tanker_kg
    extra = 0
    while _held(tankers + extra, cadence_days, load_per_tanker_kg, boiloff_per_day) < target - 1e-6:
        extra += 1
        if extra > 1000:
            break
    return DepotCampaign(tankers, cadence_days, load_per_tanker_kg, boiloff_per_day, target, held, extra)
