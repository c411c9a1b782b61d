"""The Aldrin cycler on DE440 (issue 25) against the published real-ephemeris figures of Byrnes, Longuski & Aldrin
(J. Spacecraft and Rockets 30(3), 1993, Tables 1-2: 1995-2010, transits 147-170 days, v-infinity 5.4-6.2 km/s at
Earth and 6.1-11.7 km/s at Mars) and Russell & Ocampo's circular model (2004: 146 days, 6.5 and 9.7 km/s)."""

import numpy as np
import pytest

from marsplan.astro.bodies import min_flyby_radius_km, radius_km
from marsplan.errors import InputError
from marsplan.trajectory.cycler import SYNODIC_DAYS, aldrin_cycler


@pytest.fixture(scope="module")
def cycler_2026():
    return aldrin_cycler("2026-01-01", "2033-06-01", generations=300)


def test_aldrin_cycler_2026_2033_matches_the_published_ranges(cycler_2026):
    c = cycler_2026.to_dict()
    assert c["cycles"] == 3 and [e["body"] for e in c["encounters"]] == ["earth", "mars"] * 3 + ["earth"]
    lo, hi = c["transit_days_min_max"]
    assert 140.0 <= lo and hi <= 175.0
    earth = [e["vinf_km_s"] for e in c["encounters"] if e["body"] == "earth"]
    mars = [e["vinf_km_s"] for e in c["encounters"] if e["body"] == "mars"]
    assert all(5.0 <= v <= 6.6 for v in earth), earth
    assert all(6.0 <= v <= 12.0 for v in mars), mars
    # one synodic period per cycle, give or take the real orbits' eccentricity
    assert abs(c["mean_period_days"] - SYNODIC_DAYS) < 40.0


def test_the_cycler_flies_above_each_bodys_lowest_periapsis(cycler_2026):
    for body, altitude, burn in zip(cycler_2026.bodies[1:-1], cycler_2026.altitudes_km, cycler_2026.burns_km_s,
                                    strict=True):
        assert altitude >= min_flyby_radius_km(body) - radius_km(body) - 1e-6
        assert burn >= 0.0
    assert cycler_2026.total_burn_km_s == pytest.approx(float(np.sum(cycler_2026.burns_km_s)))


def test_bad_cycler_spans():
    with pytest.raises(InputError, match="synodic"):
        aldrin_cycler("2026-01-01", "2027-01-01")
    with pytest.raises(InputError, match="direction"):
        aldrin_cycler("2026-01-01", "2031-01-01", direction="sideways")
