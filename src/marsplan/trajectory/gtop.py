"""ESA's GTOP benchmark problems on their own planet model, to validate marsplan's gravity-assist optimiser.

GTOP (Global Trajectory Optimisation Problems, ESA Advanced Concepts Team; D. Izzo, "Global optimization and
space pruning for spacecraft trajectory design", in *Spacecraft Trajectory Optimization*, Cambridge UP 2010;
T. Vinko, D. Izzo, "Global optimisation heuristics and test problems for preliminary spacecraft trajectory
design", ACT technical report GOHTPPSTD, 2008) defines each problem on an analytic planet model: mean orbital
elements given as polynomials in the Julian centuries T = (MJD2000 + 36525) / 36525 (the classic elements of
the Explanatory Supplement, counted from 1900 January 0.5), moved to the epoch and converted to a heliocentric
ecliptic state by two-body motion with the Sun's GM 1.32712428e11 km^3/s^2 (``Pl_Eph_An`` in the problems' C++
code, distributed in ESA's pagmo).  A result can only be compared with GTOP's best known values on this model:
the real planets (DE440) move the optimum.

Conventions of GTOP's problems, kept here: epochs in MJD2000 (days from 2000-01-01 00:00, TDB JD - 2451544.5);
every leg a single-revolution prograde Lambert arc; the launch counts the whole departure v-infinity.

The best known Cassini1 trajectory (GTOP's, as quoted in Tudat's unit tests: 4930.72686847243 m/s) evaluated
on this model:

>>> from marsplan.trajectory.gtop import cassini1, CASSINI1_BEST_X
>>> round(float(cassini1().objective(CASSINI1_BEST_X)), 4)
4.9307
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numba as nb
import numpy as np

from marsplan.errors import InputError

if TYPE_CHECKING:
    from marsplan.trajectory.mga import MGAProblem
    from marsplan.trajectory.mga_dsm import MGA1DSMProblem

__all__ = ["CASSINI1_BEST_KM_S", "CASSINI1_BEST_X", "CASSINI1_DECEPTIVE_KM_S", "CASSINI2_BEST_KM_S", "CASSINI2_BEST_X",
           "GTOP_AU_KM", "GTOP_BODIES", "GTOP_MU_SUN_KM3_S2", "MESSENGER_BEST_KM_S", "MJD2000_TDB_JD", "cassini1",
           "cassini2", "gtop_state", "messenger"]

MJD2000_TDB_JD = 2_451_544.5
"""JD of MJD2000 = 0 (2000-01-01 00:00)."""
GTOP_AU_KM = 149_597_870.66
GTOP_MU_SUN_KM3_S2 = 1.32712428e11
GTOP_BODIES = ("mercury", "venus", "earth", "mars", "jupiter", "saturn")

# Per body, polynomial coefficients in T (constant, T, T^2, T^3) of: a (au), e, i, node, argument of perihelion
# (deg), the mean motion XM (deg per century), and the mean anomaly at T = 0 (deg): M = M0 + XM T.
# GTOP's Pl_Eph_An, cases 1-6 (ESA pagmo, src/AstroToolbox/Pl_Eph_An.cpp).
_ELEMENTS = np.array([
    # Mercury
    [[0.38709860, 0, 0, 0],
     [0.205614210, 0.000020460, -0.000000030, 0],
     [7.002880555555555560, 1.86083333333333333e-3, -1.83333333333333333e-5, 0],
     [4.71459444444444444e+1, 1.185208333333333330, 1.73888888888888889e-4, 0],
     [2.87537527777777778e+1, 3.70280555555555556e-1, 1.20833333333333333e-4, 0],
     [1.49472515288888889e+5, 6.38888888888888889e-6, 0, 0],
     [1.02279380555555556e2, 0, 0, 0]],
    # Venus
    [[0.72333160, 0, 0, 0],
     [0.006820690, -0.000047740, 0.0000000910, 0],
     [3.393630555555555560, 1.00583333333333333e-3, -9.72222222222222222e-7, 0],
     [7.57796472222222222e+1, 8.9985e-1, 4.1e-4, 0],
     [5.43841861111111111e+1, 5.08186111111111111e-1, -1.38638888888888889e-3, 0],
     [5.8517803875e+4, 1.28605555555555556e-3, 0, 0],
     [2.12603219444444444e2, 0, 0, 0]],
    # Earth
    [[1.000000230, 0, 0, 0],
     [0.016751040, -0.000041800, -0.0000001260, 0],
     [0, 0, 0, 0],
     [0, 0, 0, 0],
     [1.01220833333333333e+2, 1.7191750, 4.52777777777777778e-4, 3.33333333333333333e-6],
     [3.599904975e+4, -1.50277777777777778e-4, -3.33333333333333333e-6, 0],
     [3.58475844444444444e2, 0, 0, 0]],
    # Mars
    [[1.5236883990, 0, 0, 0],
     [0.093312900, 0.0000920640, -0.0000000770, 0],
     [1.850333333333333330, -6.75e-4, 1.26111111111111111e-5, 0],
     [4.87864416666666667e+1, 7.70991666666666667e-1, -1.38888888888888889e-6, -5.33333333333333333e-6],
     [2.85431761111111111e+2, 1.069766666666666670, 1.3125e-4, 4.13888888888888889e-6],
     [1.91398585e+4, 1.80805555555555556e-4, 1.19444444444444444e-6, 0],
     [3.19529425e2, 0, 0, 0]],
    # Jupiter
    [[5.2025610, 0, 0, 0],
     [0.048334750, 0.000164180, -0.00000046760, -0.00000000170],
     [1.308736111111111110, -5.69611111111111111e-3, 3.88888888888888889e-6, 0],
     [9.94433861111111111e+1, 1.010530, 3.52222222222222222e-4, -8.51111111111111111e-6],
     [2.73277541666666667e+2, 5.99431666666666667e-1, 7.0405e-4, 5.07777777777777778e-6],
     [3.03469202388888889e+3, -7.21588888888888889e-4, 1.78444444444444444e-6, 0],
     [2.25328327777777778e2, 0, 0, 0]],
    # Saturn
    [[9.5547470, 0, 0, 0],
     [0.055892320, -0.00034550, -0.0000007280, 0.000000000740],
     [2.492519444444444440, -3.91888888888888889e-3, -1.54888888888888889e-5, 4.44444444444444444e-8],
     [1.12790388888888889e+2, 8.73195138888888889e-1, -1.52180555555555556e-4, -5.30555555555555556e-6],
     [3.38307772222222222e+2, 1.085220694444444440, 9.78541666666666667e-4, 9.91666666666666667e-6],
     [1.22155146777777778e+3, -5.01819444444444444e-4, -5.19444444444444444e-6, 0],
     [1.75466216666666667e2, 0, 0, 0]],
])

# GTOP's MGA constants (pagmo src/AstroToolbox/mga.cpp): GM (km^3/s^2), the lowest periapsis radius (km) and the
# penalty (km/s per km below it) of a flyby
GTOP_MU_KM3_S2 = {"mercury": 22_321.0, "venus": 324_860.0, "earth": 398_601.19, "mars": 42_828.3,
                  "jupiter": 126.7e6, "saturn": 37.9e6}
GTOP_RP_MIN_KM = {"mercury": 0.0, "venus": 6_351.8, "earth": 6_778.1, "mars": 6_000.0, "jupiter": 600_000.0,
                  "saturn": 70_000.0}
GTOP_PENALTY_KM_S_PER_KM = {"mercury": 0.0, "venus": 0.01, "earth": 0.01, "mars": 0.01, "jupiter": 0.001,
                            "saturn": 0.01}

# GTOP's MGA-1DSM constants (pagmo src/AstroToolbox/mga_dsm.cpp): GM (km^3/s^2) and radius (km) of each body
GTOP_DSM_MU_KM3_S2 = {"mercury": 22_321.0, "venus": 324_860.0, "earth": 398_601.19, "mars": 42_828.3,
                      "jupiter": 126.7e6, "saturn": 0.37939519708830e8}
GTOP_DSM_RADIUS_KM = {"mercury": 2_440.0, "venus": 6_052.0, "earth": 6_378.0, "mars": 3_397.0, "jupiter": 71_492.0,
                      "saturn": 60_330.0}

CASSINI1_BEST_KM_S = 4.9307
"""GTOP's best known Cassini1 value (km/s), 'rounded to the fourth digit'; the problem is 'considered solved'."""
CASSINI1_DECEPTIVE_KM_S = 5.303
"""Cassini1's deceptive local minimum (km/s), GTOP's description of the problem."""
CASSINI1_BEST_X = (-789.8117, 158.302027105278, 449.385873819743, 54.7489684339665, 1024.36205846918,
                   4552.30796805542)
"""The best known Cassini1 trajectory, [t0 (MJD2000), T1..T5 (days)], as GTOP's software models it (Tudat's unit
test of its transfer-trajectory module quotes it with GTOP's value, 4930.72686847243 m/s)."""


@nb.njit(cache=True, nogil=True)
def _poly(c, t):
    return c[0] + t * (c[1] + t * (c[2] + t * c[3]))


@nb.njit(cache=True, nogil=True)
def gtop_state_one(body, mjd2000, out):
    """Heliocentric ecliptic state (km, km/s) of GTOP body index ``body`` (0 Mercury .. 5 Saturn) into ``out``."""
    el = _ELEMENTS[body]
    t = (mjd2000 + 36525.0) / 36525.0
    a = _poly(el[0], t) * GTOP_AU_KM
    e = _poly(el[1], t)
    deg = math.pi / 180.0
    inc = _poly(el[2], t) * deg
    node = _poly(el[3], t) * deg
    argp = _poly(el[4], t) * deg
    mean = np.fmod((el[6, 0] + _poly(el[5], t) * t) * deg, 2.0 * math.pi)
    # Kepler's equation by Newton from M + e cos M (GTOP's Mean2Eccentric)
    ecc_anom = mean + e * math.cos(mean)
    for _ in range(100):
        step = (ecc_anom - e * math.sin(ecc_anom) - mean) / (1.0 - e * math.cos(ecc_anom))
        ecc_anom -= step
        if abs(step) <= 1e-13:
            break
    b = a * math.sqrt(1.0 - e * e)
    n = math.sqrt(GTOP_MU_SUN_KM3_S2 / (a * a * a))
    ce, se = math.cos(ecc_anom), math.sin(ecc_anom)
    den = 1.0 - e * ce
    xp, yp = a * (ce - e), b * se
    vxp, vyp = -a * n * se / den, b * n * ce / den
    co, so = math.cos(node), math.sin(node)
    cw, sw = math.cos(argp), math.sin(argp)
    ci, si = math.cos(inc), math.sin(inc)
    r11, r12 = co * cw - so * sw * ci, -co * sw - so * cw * ci
    r21, r22 = so * cw + co * sw * ci, -so * sw + co * cw * ci
    r31, r32 = sw * si, cw * si
    out[0], out[1], out[2] = r11 * xp + r12 * yp, r21 * xp + r22 * yp, r31 * xp + r32 * yp
    out[3], out[4], out[5] = r11 * vxp + r12 * vyp, r21 * vxp + r22 * vyp, r31 * vxp + r32 * vyp


@nb.njit(cache=True, nogil=True)
def _states(body, mjd2000, out):
    for k in range(mjd2000.shape[0]):
        gtop_state_one(body, mjd2000[k], out[k])


@nb.njit(cache=True, nogil=True)
def _sequence_states(codes, mjd2000, out):
    for p in range(mjd2000.shape[0]):
        for k in range(codes.shape[0]):
            gtop_state_one(codes[k], mjd2000[p, k], out[p, k])


def gtop_sequence_states(bodies, mjd2000) -> tuple[np.ndarray, np.ndarray]:
    """States (P, n, 3) of a sequence of n bodies at epochs (P, n), MJD2000, in one compiled call."""
    codes = np.array([GTOP_BODIES.index(b) for b in bodies], dtype=np.int64)
    epochs = np.ascontiguousarray(mjd2000, dtype=float)
    out = np.empty(epochs.shape + (6,))
    _sequence_states(codes, epochs, out)
    return out[..., :3], out[..., 3:]


def gtop_state(body: str, mjd2000) -> tuple[np.ndarray, np.ndarray]:
    """Heliocentric ecliptic (r_km, v_km_s) of ``body`` on GTOP's planet model at MJD2000 epochs (shape (..., 3))."""
    name = str(body).strip().lower()
    if name not in GTOP_BODIES:
        raise InputError(f"body {body!r}: GTOP's planet model has {', '.join(GTOP_BODIES)}", param="body")
    t = np.asarray(mjd2000, dtype=float)
    flat = np.ascontiguousarray(t.reshape(-1))
    out = np.empty((flat.size, 6))
    _states(GTOP_BODIES.index(name), flat, out)
    return out[:, :3].reshape(t.shape + (3,)), out[:, 3:].reshape(t.shape + (3,))

MESSENGER_BEST_KM_S = 8.6299
"""The best known value for Messenger (reduced version), km/s: GTOPX's (M. Schlueter et al., "GTOPX space mission
benchmarks", SoftwareX 2021, arXiv:2010.07517, as D. Wolz's fcmaes tabulates it); GTOP's own page lists 8.631 km/s
(B. Addis, A. Cassioli, M. Locatelli, F. Schoen, May 2008) after 8.703 km/s (T. Vinko, D. Izzo, March 2008)."""

CASSINI2_BEST_KM_S = 8.383
"""GTOP's best known Cassini2 value (km/s), as its pagmo problem's documentation gives it."""
CASSINI2_BEST_X = (-779.046753814506, 3.25911446832345, 0.525976214695235, 0.38086496458657,
                   167.378952534645, 424.028254165204, 53.2897409769205, 589.766954923325, 2200.0,
                   0.769483451363201, 0.513289529822621, 0.0274175362264024, 0.263985256705873, 0.599984695281461,
                   1.34877968657176, 1.05, 1.30730278372017, 69.8090142993495,
                   -1.5937371121191, -1.95952512232447, -1.55498859283059, -1.5134625299674)
"""A Cassini2 trajectory as GTOP's software models it, in GTOP's order (Tudat's unit test of its transfer-trajectory
module, with GTOP's value 8385.15784516116 m/s; 0.02 % above the best known)."""


def cassini1() -> MGAProblem:
    """GTOP's Cassini1: Earth-Venus-Venus-Earth-Jupiter-Saturn, powered flybys, launch v-infinity counted in full,
    insertion into a Saturn orbit of periapsis 108,950 km and eccentricity 0.98; x = [t0 (MJD2000) in
    [-1000, 0], T1 in [30, 400], T2 in [100, 470], T3 in [30, 400], T4 in [400, 2000], T5 in [1000, 6000] days]
    (pagmo src/problem/cassini_1.cpp).  Best known 4.9307 km/s; deceptive minimum 5.303 km/s."""
    from marsplan.trajectory.mga import Capture, MGAProblem

    return MGAProblem(
        sequence=("earth", "venus", "venus", "earth", "jupiter", "saturn"),
        departure_bounds=(-1000.0, 0.0),
        tof_bounds_days=((30.0, 400.0), (100.0, 470.0), (30.0, 400.0), (400.0, 2000.0), (1000.0, 6000.0)),
        arrival=Capture(periapsis_km=108_950.0, eccentricity=0.98),
        planets="gtop", epoch_origin_tdb_jd=MJD2000_TDB_JD,
    )


def cassini2() -> MGA1DSMProblem:
    """GTOP's Cassini2: Earth-Venus-Venus-Earth-Jupiter-Saturn with one deep-space manoeuvre per leg, unpowered
    flybys, a rendezvous with Saturn (its arrival v-infinity counted) and the launch v-infinity counted;
    x = [t0 in [-1000, 0] MJD2000, V_inf in [3, 5] km/s, u, v in [0, 1], T in [100, 400], [100, 500], [30, 300],
    [400, 1600], [800, 2200] days, eta in [0.01, 0.9], rp in [1.05, 6], [1.05, 6], [1.15, 6.5], [1.7, 291] radii,
    gamma in [-pi, pi]] (pagmo src/problem/cassini_2.cpp).  Best known 8.383 km/s."""
    from marsplan.trajectory.mga_dsm import MGA1DSMProblem

    return MGA1DSMProblem(
        sequence=("earth", "venus", "venus", "earth", "jupiter", "saturn"),
        departure_bounds=(-1000.0, 0.0), vinf_bounds_km_s=(3.0, 5.0),
        tof_bounds_days=((100.0, 400.0), (100.0, 500.0), (30.0, 300.0), (400.0, 1600.0), (800.0, 2200.0)),
        eta_bounds=((0.01, 0.9),) * 5,
        rp_bounds=((1.05, 6.0), (1.05, 6.0), (1.15, 6.5), (1.7, 291.0)),
        arrival="vinf", planets="gtop", epoch_origin_tdb_jd=MJD2000_TDB_JD,
    )


def messenger() -> MGA1DSMProblem:
    """GTOP's Messenger (reduced version): Earth-Earth-Venus-Venus-Mercury with one deep-space manoeuvre per leg,
    unpowered flybys, a rendezvous with Mercury (its arrival v-infinity counted) and the launch v-infinity counted;
    x = [t0 in [1000, 4000] MJD2000, V_inf in [1, 5] km/s, u, v in [0, 1], T in [200, 400], [30, 400], [30, 400],
    [30, 400] days, eta in [0.01, 0.99], rp in [1.1, 6] radii, gamma in [-pi, pi]] (GTOP's problem page; pagmo
    src/problem/messenger.cpp).  Best known :data:`MESSENGER_BEST_KM_S`."""
    from marsplan.trajectory.mga_dsm import MGA1DSMProblem

    return MGA1DSMProblem(
        sequence=("earth", "earth", "venus", "venus", "mercury"),
        departure_bounds=(1000.0, 4000.0), vinf_bounds_km_s=(1.0, 5.0),
        tof_bounds_days=((200.0, 400.0), (30.0, 400.0), (30.0, 400.0), (30.0, 400.0)),
        eta_bounds=((0.01, 0.99),) * 4,
        rp_bounds=((1.1, 6.0),) * 3,
        arrival="vinf", planets="gtop", epoch_origin_tdb_jd=MJD2000_TDB_JD,
    )
