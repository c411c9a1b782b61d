"""Two-body propagation and orbital elements."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsplan.astro.kepler import elements, from_elements, propagate
from marsplan.errors import InputError

MU_EARTH = 398_600.4418


def test_vallado_example_2_4_kepler():
    # Vallado (2013), Example 2-4: r0 = 1131.340 I - 2282.343 J + 6672.423 K km,
    # v0 = -5.64305 I + 4.30333 J + 2.42879 K km/s, 40 min later:
    # r = -4219.7527 I + 4363.0292 J - 3958.7666 K km, v = 3.689866 I - 1.916735 J - 6.112511 K km/s
    r, v = propagate([1131.340, -2282.343, 6672.423], [-5.64305, 4.30333, 2.42879], 40 * 60.0, MU_EARTH)
    np.testing.assert_allclose(r, [-4219.7527, 4363.0292, -3958.7666], atol=2e-3)
    np.testing.assert_allclose(v, [3.689866, -1.916735, -6.112511], atol=2e-6)


def test_hyperbolic_orbit_conserves_energy_and_momentum():
    # 12 km/s at 7000 km exceeds Earth's escape speed there (10.67 km/s): a hyperbola
    r0 = np.array([7000.0, 0.0, 0.0])
    v0 = np.array([0.0, 12.0, 1.0])
    r, v = propagate(r0, v0, np.linspace(-86400, 86400, 49), MU_EARTH)
    energy = np.sum(v * v, -1) / 2 - MU_EARTH / np.linalg.norm(r, axis=-1)
    assert np.all(energy > 0)
    np.testing.assert_allclose(energy, v0 @ v0 / 2 - MU_EARTH / 7000.0, rtol=1e-11)
    h0 = np.cross(r0, v0)
    assert np.abs(np.cross(r, v) - h0).max() <= 1e-11 * np.linalg.norm(h0)


def test_circular_orbit_moves_at_constant_rate():
    a = 7000.0
    n = np.sqrt(MU_EARTH / a**3)
    t = np.linspace(-3e5, 3e5, 101)
    r, _ = propagate([a, 0, 0], [0, np.sqrt(MU_EARTH / a), 0], t, MU_EARTH)
    np.testing.assert_allclose(r[:, 0], a * np.cos(n * t), atol=1e-6 * a)
    np.testing.assert_allclose(r[:, 1], a * np.sin(n * t), atol=1e-6 * a)


state = st.tuples(*[st.floats(-1, 1)] * 6)


@settings(max_examples=300, deadline=None)
@given(
    s=state,
    radius=st.floats(6600.0, 400_000.0),
    speed_factor=st.floats(0.2, 4.0),
    dt=st.floats(-3e6, 3e6),
)
def test_property_forward_then_back_and_conservation(s, radius, speed_factor, dt):
    r0 = np.array(s[:3]) + [1e-3, 0, 0]
    v0 = np.array(s[3:]) + [0, 1e-3, 0]
    r0 = r0 / np.linalg.norm(r0) * radius
    v0 = v0 / np.linalg.norm(v0) * speed_factor * np.sqrt(MU_EARTH / radius)
    r1, v1 = propagate(r0, v0, dt, MU_EARTH)
    r2, v2 = propagate(r1, v1, -dt, MU_EARTH)
    scale = max(np.linalg.norm(r0), np.linalg.norm(r1))
    assert np.linalg.norm(r2 - r0) <= 1e-8 * scale
    e0 = v0 @ v0 / 2 - MU_EARTH / np.linalg.norm(r0)
    e1 = v1 @ v1 / 2 - MU_EARTH / np.linalg.norm(r1)
    assert abs(e1 - e0) <= 1e-9 * (abs(e0) + MU_EARTH / np.linalg.norm(r0))
    h0, h1 = np.cross(r0, v0), np.cross(r1, v1)
    assert np.linalg.norm(h1 - h0) <= 1e-9 * np.linalg.norm(r0) * np.linalg.norm(v0)


def test_elements_of_a_known_orbit():
    # Curtis (2014), Example 4.3: r = -6045 I - 3490 J + 2500 K km, v = -3.457 I + 6.618 J + 2.533 K km/s
    # gives h = 58310 km^2/s, i = 153.2 deg, RAAN = 255.3 deg, e = 0.1712, argp = 20.07 deg, nu = 28.45 deg
    el = elements([-6045.0, -3490.0, 2500.0], [-3.457, 6.618, 2.533], 398_600.0)
    assert np.sqrt(el.p_km * 398_600.0) == pytest.approx(58_310, rel=1e-4)  # printed to 4 figures
    assert np.degrees(el.inc_rad) == pytest.approx(153.2, abs=0.05)
    assert np.degrees(el.raan_rad) == pytest.approx(255.3, abs=0.05)
    assert el.ecc == pytest.approx(0.1712, abs=5e-5)
    assert np.degrees(el.argp_rad) == pytest.approx(20.07, abs=0.01)
    assert np.degrees(el.nu_rad) == pytest.approx(28.45, abs=0.01)


def test_elements_round_trip_including_singular_cases():
    rng = np.random.default_rng(3)
    n = 2000
    p = rng.uniform(7000, 50000, n)
    ecc = np.concatenate([rng.uniform(0, 3, n - 4), [0.0, 0.0, 0.5, 1.0]])
    inc = np.concatenate([rng.uniform(0, np.pi, n - 4), [0.0, 0.7, 0.0, 0.3]])
    raan, argp = rng.uniform(0, 2 * np.pi, (2, n))
    nu = rng.uniform(-1.5, 1.5, n)  # stays inside the hyperbolic asymptotes for e < 3
    r, v = from_elements(p, ecc, inc, raan, argp, nu, MU_EARTH)
    el = elements(r, v, MU_EARTH)
    r2, v2 = from_elements(el.p_km, el.ecc, el.inc_rad, el.raan_rad, el.argp_rad, el.nu_rad, MU_EARTH)
    np.testing.assert_allclose(r2, r, atol=1e-6 * np.abs(r).max())
    np.testing.assert_allclose(v2, v, atol=1e-9 * np.abs(v).max())
    np.testing.assert_allclose(el.ecc, ecc, atol=1e-9)


def test_bad_inputs():
    with pytest.raises(InputError):
        propagate([1, 0], [0, 1, 0], 1.0, MU_EARTH)
    with pytest.raises(InputError):
        propagate([7000, 0, 0], [0, 7, 0], 1.0, 0.0)
