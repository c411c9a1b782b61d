"""Planet states from JPL's approximate Keplerian elements, as ESA's pykep computes them (test helper).

Elements and rates per Julian century are Table 1 (valid 1800-2050) of E. M. Standish,
"Keplerian Elements for Approximate Positions of the Major Planets" (JPL Solar System Dynamics),
the table behind pykep's ``udpla.jpl_lp``.  Frame: ecliptic and equinox of J2000.  pykep's notebook
``udp_sf_pl2pl`` freezes the osculating orbit at MJD2000 5000 (``planet_to_keplerian``) and moves the
planet on it by two-body motion with the Sun's GM; :func:`keplerian_from` does the same.  Written
here from the published table and textbook formulae, to pose pykep's published test problems.
"""

from __future__ import annotations

import math

import numpy as np

from marsplan.astro.kepler import propagate

AU_KM = 149_597_870.7
MU_SUN_KM3_S2 = 1.32712440041279419e11  # pykep 3's MU_SUN (1.3271244004127942e20 m^3/s^2)
MJD2000_JD = 2_451_544.5

# a (au), e, I (deg), L (deg), long. peri (deg), long. node (deg); then rates per century
TABLE_1 = {
    "earth": ((1.00000261, 0.01671123, -0.00001531, 100.46457166, 102.93768193, 0.0),
              (0.00000562, -0.00004392, -0.01294668, 35999.37244981, 0.32327364, 0.0)),
    "mars": ((1.52371034, 0.09339410, 1.84969142, -4.55343205, -23.94362959, 49.55953891),
             (0.00001847, 0.00007882, -0.00813131, 19140.30268499, 0.44441088, -0.29257343)),
}


def jpl_lp(body: str, mjd2000: float) -> tuple[np.ndarray, np.ndarray]:
    """Heliocentric ecliptic state (km, km/s) from the approximate elements at ``mjd2000``."""
    el, rate = TABLE_1[body]
    t = (mjd2000 + MJD2000_JD - 2_451_545.0) / 36_525.0
    a, e, inc, mean_lon, peri, node = (x + r * t for x, r in zip(el, rate, strict=True))
    a *= AU_KM
    inc, mean_lon, peri, node = (math.radians(x) for x in (inc, mean_lon, peri, node))
    omega = peri - node
    mean_anomaly = (mean_lon - peri + math.pi) % (2 * math.pi) - math.pi
    ecc_anomaly = mean_anomaly
    for _ in range(50):
        ecc_anomaly -= (ecc_anomaly - e * math.sin(ecc_anomaly) - mean_anomaly) / (1 - e * math.cos(ecc_anomaly))
    p = a * (1 - e * e)
    nu = 2 * math.atan2(math.sqrt(1 + e) * math.sin(ecc_anomaly / 2), math.sqrt(1 - e) * math.cos(ecc_anomaly / 2))
    r = p / (1 + e * math.cos(nu))
    r_pf = np.array([r * math.cos(nu), r * math.sin(nu), 0.0])
    v_pf = math.sqrt(MU_SUN_KM3_S2 / p) * np.array([-math.sin(nu), e + math.cos(nu), 0.0])
    co, so, ci, si, cw, sw = (math.cos(node), math.sin(node), math.cos(inc), math.sin(inc), math.cos(omega),
                              math.sin(omega))
    rot = np.array([[co * cw - so * sw * ci, -co * sw - so * cw * ci, so * si],
                    [so * cw + co * sw * ci, -so * sw + co * cw * ci, -co * si],
                    [sw * si, cw * si, ci]])
    return rot @ r_pf, rot @ v_pf


def keplerian_from(epoch_mjd2000: float):
    """``states(body, tdb_jd)`` moving each planet on its osculating orbit of ``epoch_mjd2000``."""
    def states(body: str, tdb_jd: float):
        r0, v0 = jpl_lp(body, epoch_mjd2000)
        dt_s = (tdb_jd - MJD2000_JD - epoch_mjd2000) * 86_400.0
        r, v = propagate(r0, v0, dt_s, MU_SUN_KM3_S2)
        return np.asarray(r, float).reshape(3), np.asarray(v, float).reshape(3)
    return states


def approximate(body: str, tdb_jd: float):
    """``states(body, tdb_jd)`` straight from the approximate elements (pykep's ``jpl_lp``)."""
    return jpl_lp(body, tdb_jd - MJD2000_JD)
