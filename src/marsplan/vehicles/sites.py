"""Launch sites: reachable parking-orbit inclinations and the departure asymptote.

A direct launch at azimuth A from latitude L reaches inclination i with
cos(i) = cos(L) sin(A) (Vallado, *Fundamentals of Astrodynamics and
Applications*, 4th ed. 2013, eq. 6-21).  A departure hyperbola whose
asymptote has declination DLA can leave from a circular parking orbit
without a plane change if the orbit's inclination i satisfies
|DLA| <= min(i, 180 - i): the asymptote then lies in the orbit plane, and
the launch time sets the node (Kemble, *Interplanetary Mission Analysis
and Design*, 2006, section 3.5).

Otherwise the asymptote S lies at an angle beta = |DLA| - i_max out of the
best reachable parking plane, and one burn must both leave the circle and
turn the plane.  The turn is *not* beta: the hyperbola's plane must hold
the burn point r and S, and a hyperbola turns by theta_inf = acos(-1/e)
between periapsis and asymptote, so near periapsis the plane change is far
larger than beta.  With e1 the in-plane unit vector nearest S, n the
parking plane's normal, S = cos(beta) e1 + sin(beta) n, and the burn point
at angle phi from e1 along the orbit (prograde direction t):

* the angle Delta from r to S obeys cos(Delta) = cos(beta) cos(phi);
* the plane-change angle alpha at r obeys cos(alpha) = S.t / sin(Delta)
  = -cos(beta) sin(phi) / sin(Delta);
* the hyperbola of energy C3 through r whose outgoing asymptote lies
  Delta ahead of r has true anomaly nu = theta_inf(e) - Delta at r, with e
  the root of ``a (e^2 - 1) = r (1 + e cos(nu))`` (a = mu / C3; the conic
  equation, Vallado 2013 eq. 2-56, and the asymptote angle, eq. 2-29);
* its velocity at r has transverse part v_t = sqrt(mu p) / r in the new
  plane and radial part v_r = sqrt(mu / p) e sin(nu), so the burn is
  ``dv^2 = v_r^2 + v_t^2 + vc^2 - 2 vc v_t cos(alpha)`` (vc the circular
  speed; v_r^2 + v_t^2 = C3 + 2 mu / r).

The cheapest single burn is the minimum of dv over phi (a one-dimensional
search), with beta at its least because the launch time sets the node.
For beta = 0 it reduces to the tangential periapsis burn vp - vc.  This is
the single-impulse case of the non-coplanar departure problem treated by
Kemble (2006, section 3.5.4); two-burn departures with a plane change at
apoapsis of an intermediate ellipse can be cheaper and are not modelled.

Earth's rotation: a launch at azimuth A from geodetic latitude L starts
with the eastward ground speed ``omega R cos(L) sin(A)`` along the track
(omega R = 0.4651 km/s at the equator; Vallado 2013, section 6.5; Larson &
Wertz, *Space Mission Analysis and Design*, 3rd ed. 1999, eq. 18-1), so
a site and orbit that get less of it need that much more ascent delta-v.

Starbase (25.997 deg north, azimuths 90 to 114 deg) reaches inclinations from its latitude up to
acos(cos 25.997 sin 114) = 34.80 deg, so a departure asymptote at 40 deg declination costs a plane
change; a due-east launch from Kennedy (28.573 deg) gains 0.4651 cos 28.573 = 0.408 km/s from the
Earth's rotation:

>>> from marsplan.vehicles.catalog import get_site
>>> from marsplan.vehicles.sites import check_asymptote, inclination_ranges_deg, rotation_gain_km_s
>>> [(round(lo, 2), round(hi, 2)) for lo, hi in inclination_ranges_deg(get_site("starbase"))]
[(26.0, 34.8)]
>>> check = check_asymptote(get_site("starbase"), dla_deg=40.0, c3_km2_s2=9.0)
>>> check.reachable, round(check.plane_change_deg, 2), round(check.plane_change_dv_km_s, 3)
(False, 5.2, 0.321)
>>> round(rotation_gain_km_s(get_site("kennedy"), 28.573), 3)
0.408
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from marsplan.astro.bodies import mu_km3_s2, radius_km
from marsplan.errors import InputError
from marsplan.vehicles.catalog import SiteSpec

__all__ = [
    "EARTH_ROTATION_SPEED_KM_S",
    "AsymptoteCheck",
    "check_asymptote",
    "inclination_ranges_deg",
    "max_asymptote_declination_deg",
    "rotation_gain_km_s",
    "single_burn_departure_dv_km_s",
    "site_ascent_penalty_km_s",
]

# omega R: 7.292115e-5 rad/s (IERS Conventions 2010) times 6,378.137 km (WGS-84)
EARTH_ROTATION_SPEED_KM_S = 7.292115e-5 * 6378.137


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


def _eccentricity_through(r_km: float, a_km: float, delta: float) -> float:
    """e of the hyperbola (semi-major axis a) through radius r whose asymptote lies delta ahead."""
    def f(e):
        nu = math.acos(-1.0 / e) - delta
        return a_km * (e * e - 1.0) - r_km * (1.0 + e * math.cos(nu))

    lo, hi = 1.0 + 1e-12, 2.0
    while f(hi) < 0.0:
        hi *= 2.0
    for _ in range(200):  # bisection: f < 0 at e -> 1, f > 0 for large e
        mid = 0.5 * (lo + hi)
        if f(mid) < 0.0:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-14 * hi:
            break
    return 0.5 * (lo + hi)


def _burn_at(phi: float, beta: float, c3: float, r_km: float, mu: float) -> float:
    """Impulse of the single burn at angle phi (see the module docstring)."""
    vc = math.sqrt(mu / r_km)
    cos_delta = max(-1.0, min(1.0, math.cos(beta) * math.cos(phi)))
    delta = math.acos(cos_delta)
    sin_delta = math.sin(delta)
    if sin_delta < 1e-12:
        return math.inf
    cos_alpha = -math.cos(beta) * math.sin(phi) / sin_delta
    e = _eccentricity_through(r_km, mu / c3, delta)
    p = (mu / c3) * (e * e - 1.0)
    v_t = math.sqrt(mu * p) / r_km
    vp2 = c3 + 2.0 * mu / r_km
    return math.sqrt(max(vp2 + vc * vc - 2.0 * vc * v_t * cos_alpha, 0.0))


def single_burn_departure_dv_km_s(c3_km2_s2: float, out_of_plane_deg: float, r_km: float, mu_km3_s2: float) -> float:
    """Cheapest single impulse from a circular orbit of radius ``r_km`` onto a hyperbola of energy C3
    whose asymptote lies ``out_of_plane_deg`` out of the orbit's plane (see the module docstring)."""
    if not (math.isfinite(c3_km2_s2) and c3_km2_s2 > 0):
        raise InputError(f"c3_km2_s2 = {c3_km2_s2}: must be > 0 for a departure hyperbola")
    if not 0.0 <= out_of_plane_deg <= 90.0:
        raise InputError(f"out_of_plane_deg = {out_of_plane_deg}: allowed 0 to 90")
    vc = math.sqrt(mu_km3_s2 / r_km)
    vp = math.sqrt(c3_km2_s2 + 2.0 * mu_km3_s2 / r_km)
    if out_of_plane_deg == 0.0:
        return vp - vc
    beta = math.radians(out_of_plane_deg)
    # the burn point lies behind the asymptote (phi in (-pi, 0)); a grid, then golden-section refinement
    grid = np.linspace(-math.pi + 1e-3, -1e-3, 181)
    values = [_burn_at(phi, beta, c3_km2_s2, r_km, mu_km3_s2) for phi in grid]
    k = int(np.argmin(values))
    lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
    g = (math.sqrt(5.0) - 1.0) / 2.0
    for _ in range(60):
        a1, a2 = hi - g * (hi - lo), lo + g * (hi - lo)
        if _burn_at(a1, beta, c3_km2_s2, r_km, mu_km3_s2) <= _burn_at(a2, beta, c3_km2_s2, r_km, mu_km3_s2):
            hi = a2
        else:
            lo = a1
    return min(values[k], _burn_at(0.5 * (lo + hi), beta, c3_km2_s2, r_km, mu_km3_s2))


def _best_azimuth_sin(site: SiteSpec, inclination_deg: float | None) -> float:
    """sin(A) of the launch azimuth used: the most easterly allowed one, or the one reaching the inclination."""
    cos_lat = math.cos(math.radians(site.latitude_deg))
    if inclination_deg is None:
        return max(_sin_extremes(min(a1, a2), max(a1, a2))[1] for a1, a2 in site.azimuth_ranges_deg)
    if cos_lat < 1e-12:
        return 0.0
    return max(-1.0, min(1.0, math.cos(math.radians(inclination_deg)) / cos_lat))


def rotation_gain_km_s(site: SiteSpec, inclination_deg: float | None = None) -> float:
    """Eastward speed Earth's rotation gives a launch from ``site`` into ``inclination_deg`` (or, without one,
    along the site's most easterly allowed azimuth): ``omega R cos(latitude) sin(azimuth)``."""
    cos_lat = math.cos(math.radians(site.latitude_deg))
    return EARTH_ROTATION_SPEED_KM_S * cos_lat * _best_azimuth_sin(site, inclination_deg)


def site_ascent_penalty_km_s(site: SiteSpec, reference: SiteSpec | None, reference_inclination_deg: float | None = None,
                             inclination_deg: float | None = None) -> float:
    """Extra ascent delta-v from ``site`` against the site (and inclination) a vehicle's payload was published
    for; negative where the site helps more.  No reference: 0."""
    if reference is None:
        return 0.0
    return rotation_gain_km_s(reference, reference_inclination_deg) - rotation_gain_km_s(site, inclination_deg)


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
    extra delta-v of the cheapest single burn that also turns the plane if not (module docstring)."""
    reach = max_asymptote_declination_deg(site)
    theta_deg = max(0.0, abs(dla_deg) - reach)
    mu, r = mu_km3_s2(body), radius_km(body) + parking_alt_km
    penalty = 0.0
    if theta_deg > 0:
        vc = math.sqrt(mu / r)
        vp = math.sqrt(max(c3_km2_s2, 1e-9) + 2 * mu / r)
        penalty = max(0.0, single_burn_departure_dv_km_s(max(c3_km2_s2, 1e-9), theta_deg, r, mu) - (vp - vc))
    return AsymptoteCheck(site.id, float(dla_deg), theta_deg == 0.0, reach, theta_deg, penalty,
                          inclination_ranges_deg(site))
