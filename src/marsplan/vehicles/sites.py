"""Launch sites: reachable parking-orbit inclinations and the departure asymptote.

A direct launch at azimuth A from latitude L reaches inclination i with
cos(i) = cos(L) sin(A) (Vallado, *Fundamentals of Astrodynamics and
Applications*, 4th ed. 2013, eq. 6-21).  A departure hyperbola whose
asymptote has declination DLA can leave from a circular parking orbit
without a plane change if the orbit's inclination i satisfies
|DLA| <= min(i, 180 - i): the asymptote then lies in the orbit plane, and
the launch time sets the node (Kemble, *Interplanetary Mission Analysis
and Design*, 2006, section 3.5).  Otherwise the departure burn also turns
the plane by the missing angle theta; the combined impulse is
``sqrt(vc^2 + vp^2 - 2 vc vp cos(theta))`` instead of ``vp - vc``, where vc
is the circular speed and vp the hyperbola's periapsis speed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from marsplan.astro.bodies import mu_km3_s2, radius_km
from marsplan.vehicles.catalog import SiteSpec

__all__ = ["AsymptoteCheck", "check_asymptote", "inclination_ranges_deg", "max_asymptote_declination_deg"]


def _sin_extremes(a1_deg: float, a2_deg: float) -> tuple[float, float]:
    """min and max of sin(A) for A in [a1, a2] (degrees, a2 >= a1)."""
    lo_rad, hi_rad = math.radians(a1_deg), math.radians(a2_deg)
    values = [math.sin(lo_rad), math.sin(hi_rad)]
    for peak in (90.0, 270.0, 450.0, -90.0):
        if a1_deg <= peak <= a2_deg:
            values.append(math.sin(math.radians(peak)))
    return min(values), max(values)


def inclination_ranges_deg(site: SiteSpec) -> list[tuple[float, float]]:
    """The (lowest, highest) inclination of each of the site's azimuth ranges."""
    cos_lat = math.cos(math.radians(site.latitude_deg))
    ranges = []
    for a1, a2 in site.azimuth_ranges_deg:
        s_min, s_max = _sin_extremes(min(a1, a2), max(a1, a2))
        i_low = math.degrees(math.acos(max(-1.0, min(1.0, cos_lat * s_max))))
        i_high = math.degrees(math.acos(max(-1.0, min(1.0, cos_lat * s_min))))
        ranges.append((i_low, i_high))
    return ranges


def max_asymptote_declination_deg(site: SiteSpec) -> float:
    """The largest |DLA| reachable from the site without a plane change."""
    best = 0.0
    for lo, hi in inclination_ranges_deg(site):
        reach = 90.0 if lo <= 90.0 <= hi else max(min(lo, 180.0 - lo), min(hi, 180.0 - hi))
        best = max(best, reach)
    return best


@dataclass(frozen=True)
class AsymptoteCheck:
    site: str
    dla_deg: float
    reachable: bool
    max_dla_deg: float
    plane_change_deg: float
    plane_change_dv_km_s: float
    inclination_ranges_deg: list[tuple[float, float]]


def check_asymptote(site: SiteSpec, dla_deg: float, c3_km2_s2: float, parking_alt_km: float = 250.0,
                    body: str = "earth") -> AsymptoteCheck:
    """Whether the site reaches a departure asymptote of declination ``dla_deg``, and the
    extra delta-v of turning the plane during the departure burn if not."""
    reach = max_asymptote_declination_deg(site)
    theta_deg = max(0.0, abs(dla_deg) - reach)
    mu, r = mu_km3_s2(body), radius_km(body) + parking_alt_km
    vc = math.sqrt(mu / r)
    vp = math.sqrt(max(c3_km2_s2, 0.0) + 2 * mu / r)
    theta = math.radians(theta_deg)
    combined = math.sqrt(vc * vc + vp * vp - 2 * vc * vp * math.cos(theta))
    penalty = max(0.0, combined - (vp - vc)) if theta_deg > 0 else 0.0
    return AsymptoteCheck(site.id, float(dla_deg), theta_deg == 0.0, reach, theta_deg, penalty,
                          inclination_ranges_deg(site))
