"""Patched-conic flybys (issue 25): a textbook case, published cycler figures, invariants and brute force."""

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from marsplan.astro.bodies import min_flyby_radius_km, mu_km3_s2, radius_km
from marsplan.errors import InputError
from marsplan.trajectory.flyby import max_turn_angle_deg, powered_flyby, turn_angle_deg, unpowered_flyby

MU_VENUS_CURTIS = 324_900.0


def test_curtis_example_8_6_venus_flyby():
    # Curtis, Orbital Mechanics for Engineering Students, 2nd ed. (2009), Example 8.6: Venus at 35.02 km/s,
    # the spacecraft at (37.51, 2.782) km/s (transverse, radial), periapsis 300 km above a 6052 km Venus.
    # Published: turn 103.6 deg; after the flyby (31.73, 1.766) km/s from the dark side, (37.14, -3.074) from the
    # sunlit side.
    v_planet = np.array([35.02, 0.0, 0.0])
    v_in = np.array([37.51, 2.782, 0.0])
    rp = 6052.0 + 300.0
    assert float(turn_angle_deg(np.linalg.norm(v_in - v_planet), rp, MU_VENUS_CURTIS)) == pytest.approx(103.6,
                                                                                                        abs=0.05)
    # in the orbit plane the B-plane angle is +-90 degrees (GTOP's convention: 0 turns out of the plane)
    dark = unpowered_flyby(v_in, v_planet, rp, math.pi / 2, MU_VENUS_CURTIS)
    sunlit = unpowered_flyby(v_in, v_planet, rp, -math.pi / 2, MU_VENUS_CURTIS)
    np.testing.assert_allclose(dark[:2], [31.73, 1.766], atol=0.005)
    np.testing.assert_allclose(sunlit[:2], [37.14, -3.074], atol=0.005)


def test_aldrin_cycler_earth_flyby_needs_a_periapsis_below_the_surface():
    # Byrnes, Longuski & Aldrin, J. Spacecraft & Rockets 30(3), 1993: the Aldrin cycler's Earth flyby turns a
    # 6.54 km/s v-infinity by 83.8 deg, which needs a 4640 km periapsis radius (below the Earth's surface)
    mu = mu_km3_s2("earth")
    v = 6.54
    vin = np.array([v, 0.0, 0.0])
    a = math.radians(83.8)
    vout = v * np.array([math.cos(a), math.sin(a), 0.0])
    r = powered_flyby(vin, vout, mu, min_flyby_radius_km("earth"))
    assert float(r.rp_needed_km) == pytest.approx(4640.0, abs=10.0)
    assert float(r.rp_needed_km) < radius_km("earth")
    assert int(r.status) == 1 and float(r.rp_km) == min_flyby_radius_km("earth")
    # the most Earth can turn it, at its 200 km minimum: less than the 83.8 deg needed
    assert float(max_turn_angle_deg(v, "earth")) < 83.8


def _random_flybys(n, seed):
    rng = np.random.default_rng(seed)
    v_in = rng.normal(size=(n, 3)) * rng.uniform(1.0, 15.0, (n, 1))
    v_planet = rng.normal(size=(n, 3)) * 20.0
    rp = rng.uniform(3_500.0, 80_000.0, n)
    beta = rng.uniform(-math.pi, math.pi, n)
    return v_in, v_planet, rp, beta


def test_unpowered_flyby_keeps_vinf_and_turns_by_the_formula():
    mu = mu_km3_s2("earth")
    v_in, v_planet, rp, beta = _random_flybys(2_000, 1)
    v_out = unpowered_flyby(v_in, v_planet, rp, beta, mu)
    a, b = v_in - v_planet, v_out - v_planet
    na, nb = np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1)
    np.testing.assert_allclose(nb, na, rtol=1e-13)
    turn = np.degrees(np.arccos(np.clip(np.sum(a * b, axis=1) / (na * nb), -1, 1)))
    np.testing.assert_allclose(turn, np.degrees(2 * np.arcsin(1 / (1 + rp * na**2 / mu))), atol=1e-6)


def test_powered_flyby_undoes_an_unpowered_one():
    """A flyby flown unpowered at rp: the powered-flyby solver finds that rp again and no burn."""
    mu = mu_km3_s2("earth")
    v_in, v_planet, rp, beta = _random_flybys(2_000, 2)
    v_out = unpowered_flyby(v_in, v_planet, rp, beta, mu)
    r = powered_flyby(v_in - v_planet, v_out - v_planet, mu, 1_000.0)
    assert np.all(r.status == 0)
    np.testing.assert_allclose(r.rp_needed_km, rp, rtol=1e-8)
    np.testing.assert_allclose(r.dv_km_s, 0.0, atol=1e-9)


def test_powered_flyby_against_a_root_found_here():
    """Different speeds in and out: the periapsis solves asin(1/e_in) + asin(1/e_out) = alpha (brentq here) and
    the burn is the difference of the periapsis speeds; below the minimum, the rest of the turn costs
    2 v_out sin(rest / 2)."""
    mu = mu_km3_s2("mars")
    rng = np.random.default_rng(3)
    n = 300
    vin = rng.normal(size=(n, 3)) * rng.uniform(1.0, 8.0, (n, 1))
    vout = rng.normal(size=(n, 3)) * rng.uniform(1.0, 8.0, (n, 1))
    rp_min = min_flyby_radius_km("mars")
    r = powered_flyby(vin, vout, mu, rp_min)
    for i in range(n):
        a, b = np.linalg.norm(vin[i]), np.linalg.norm(vout[i])
        alpha = math.acos(np.clip(vin[i] @ vout[i] / (a * b), -1, 1))

        def half_turns(rp, a=a, b=b):
            return math.asin(1 / (1 + rp * a * a / mu)) + math.asin(1 / (1 + rp * b * b / mu))

        root = brentq(lambda rp, alpha=alpha: half_turns(rp) - alpha, 1e-9, 1e12, xtol=1e-12, rtol=1e-14)
        assert r.rp_needed_km[i] == pytest.approx(root, rel=1e-9)
        flown = max(root, rp_min)
        burn = abs(math.sqrt(b * b + 2 * mu / flown) - math.sqrt(a * a + 2 * mu / flown))
        if root >= rp_min:
            assert r.status[i] == 0 and r.dv_km_s[i] == pytest.approx(burn, rel=1e-9, abs=1e-12)
        else:
            rest = alpha - half_turns(rp_min)
            assert r.status[i] == 1
            assert r.dv_km_s[i] == pytest.approx(burn + 2 * b * math.sin(rest / 2), rel=1e-9)


def test_bad_flybys_are_nan_with_a_status_or_a_clear_error():
    r = powered_flyby([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]], [[1.0, 0.0, 0.0], [np.nan, 0.0, 0.0]], 398600.0, 6578.0)
    assert list(r.status) == [2, 2] and np.all(np.isnan(r.dv_km_s))
    with pytest.raises(InputError):
        powered_flyby([1.0, 2.0], [1.0, 0.0, 0.0], 398600.0, 6578.0)
    with pytest.raises(InputError):
        unpowered_flyby([1.0, 0.0, 0.0], [0.0, 0.0, 0.0], -1.0, 0.0, 398600.0)
    with pytest.raises(InputError, match="Sun"):
        min_flyby_radius_km("sun")


def test_turns_near_zero_and_a_full_reversal_stay_finite():
    """Found by the Cassini1 search: v-infinity turned by pi (to rounding) made the root's slope divide by zero."""
    mu = mu_km3_s2("earth")
    for angle in (0.0, 1e-300, 1e-12, 1e-6, math.pi - 1e-6, math.pi - 1e-12, math.pi):
        for speed_out in (5.0, 5.0 + 1e-12, 7.0):
            out = speed_out * np.array([math.cos(angle), math.sin(angle), 0.0])
            r = powered_flyby([5.0, 0.0, 0.0], out, mu, 6_578.0)
            assert np.isfinite(r.dv_km_s) and r.status in (0, 1), (angle, speed_out, r)
