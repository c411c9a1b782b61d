"""A depot in the space station's plane (issue 15, part 3): nodal regression, launch opportunities, boil-off."""

import math

import pytest
from click.testing import CliRunner

from marsplan.cli import app
from marsplan.vehicles.catalog import SiteSpec, get_site
from marsplan.vehicles.depot import (
    depot_campaign,
    launch_opportunities,
    nodal_regression_deg_per_day,
    plane_change_dv_km_s,
)

runner = CliRunner()


def test_nodal_regression_of_the_space_stations_orbit():
    # the formula with its constants written out: -3/2 n J2 (R/a)^2 cos i, circular, 400 km, 51.64 deg
    mu, j2, r = 398_600.435507, 1.08262668e-3, 6378.137
    a = r + 400.0
    by_hand = -1.5 * math.sqrt(mu / a**3) * j2 * (r / a) ** 2 * math.cos(math.radians(51.64))
    assert nodal_regression_deg_per_day(400.0, 51.64) == pytest.approx(math.degrees(by_hand) * 86400, rel=1e-12)
    assert nodal_regression_deg_per_day(400.0, 51.64) == pytest.approx(-5.0, abs=0.05)
    # published: 380 km, 51.6 deg regresses -5.06 deg/day (R. Matson, SeeSat-L, 4 Dec 2003), and the plane comes
    # back to the same angle to the Sun every 60 days or so (J. Oberg, sci.space, 5 Dec 2000)
    assert nodal_regression_deg_per_day(380.0, 51.6) == pytest.approx(-5.06, abs=0.02)
    assert 360.0 / (abs(nodal_regression_deg_per_day(400.0, 51.64)) + 0.9856) == pytest.approx(60.0, abs=2.0)
    assert nodal_regression_deg_per_day(400.0, 90.0) == pytest.approx(0.0, abs=1e-12)  # polar: no drift


@pytest.mark.parametrize("site_id", ["baikonur", "kennedy"])
def test_baikonur_and_kennedy_reach_the_plane_once_or_twice_a_day(site_id):
    site = get_site(site_id)
    seen = launch_opportunities(site, 51.64, 400.0, days=3.0)
    assert seen.per_day in (1, 2) and seen.plane_change_dv_km_s == 0.0
    # the in-plane azimuth: cos(i) = cos(latitude) sin(azimuth), Vallado eq. 6-21
    for azimuth in seen.azimuths_deg:
        cos_i = math.cos(math.radians(site.latitude_deg)) * math.sin(math.radians(azimuth))
        assert math.degrees(math.acos(cos_i)) == pytest.approx(51.64, abs=1e-9)
    # one pass per azimuth per day, each about 20-25 minutes earlier the next day (sidereal day and the drift)
    assert len(seen.times_utc) in (3 * seen.per_day, 3 * seen.per_day + 1)


def test_a_site_whose_limits_exclude_the_plane_gets_none_and_a_plane_change():
    site = SiteSpec(id="five-north", name="a site at 5 N launching east only", latitude_deg=5.0, longitude_deg=0.0,
                    azimuth_ranges_deg=[(85.0, 100.0)], source="test")
    seen = launch_opportunities(site, 51.64, 400.0)
    assert seen.per_day == 0 and not seen.times_utc
    highest = math.degrees(math.acos(math.cos(math.radians(5.0)) * math.sin(math.radians(100.0))))
    assert seen.reached_inclination_deg == pytest.approx(highest, abs=1e-9)
    assert seen.plane_change_dv_km_s == pytest.approx(plane_change_dv_km_s(400.0, 51.64 - highest), rel=1e-12)
    v = math.sqrt(398_600.435507 / (6378.137 + 400.0))
    assert seen.plane_change_dv_km_s == pytest.approx(2 * v * math.sin(math.radians(51.64 - highest) / 2), rel=1e-9)


def test_boiloff_over_a_tanker_campaign_by_hand():
    camp = depot_campaign(3, 10.0, 100_000.0, 0.001)
    by_hand = 100_000.0 * (0.999**20 + 0.999**10 + 1.0)
    assert camp.held_at_departure_kg == pytest.approx(by_hand, rel=1e-12)
    assert camp.extra_tankers == 1  # 3 loads' worth needs a fourth tanker
    assert depot_campaign(3, 10.0, 100_000.0, 0.0).extra_tankers == 0


@pytest.mark.parametrize(("args", "words"), [
    (["--inclination", "200"], "--inclination"),
    (["--alt", "-5"], "--alt"),
    (["--site", "atlantis"], "atlantis"),
    (["--cooling", "cold"], "--cooling"),
    (["--start", "2026-13-01"], "month 13"),
    (["--site", "vostochny", "--no-plane-change"], "vostochny"),  # 51.9 N, above the 51.64 deg plane
])
def test_bad_depot_inputs_are_one_line(args, words):
    result = runner.invoke(app, ["depot", *args])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1 and words in lines[0], result.stderr


def test_the_fleets_refilling_uses_the_depot_cadence_and_storage():
    from marsplan.campaign.stages import refilled_ship
    from marsplan.scenario import load_scenario
    from marsplan.vehicles.depot import BOILOFF_PER_DAY

    sc = load_scenario()
    cadenced = sc.model_copy(update={"fleet": sc.fleet.model_copy(update={"tanker_cadence_days": 10.0,
                                                                           "storage": "passive"})})
    ship = refilled_ship(cadenced)
    assert ship.boiloff_fraction_per_day == BOILOFF_PER_DAY["passive"]
    # six tankers one every 10 days: the same propellant as a fixed 60-day wait, by construction of the model
    fixed = refilled_ship(sc.model_copy(update={"fleet": sc.fleet.model_copy(update={"days_in_orbit": 60.0})}))
    assert ship.propellant_delivered_kg(6) == pytest.approx(fixed.propellant_delivered_kg(6), rel=1e-12)
    # three tankers wait 30 days, not 60: the same as a fixed 30-day wait, more than a fixed 60-day one
    thirty = refilled_ship(sc.model_copy(update={"fleet": sc.fleet.model_copy(update={"days_in_orbit": 30.0})}))
    assert ship.propellant_delivered_kg(3) == pytest.approx(thirty.propellant_delivered_kg(3), rel=1e-12)
    assert ship.propellant_delivered_kg(3) > fixed.propellant_delivered_kg(3)
    active = sc.model_copy(update={"fleet": sc.fleet.model_copy(update={"tanker_cadence_days": 10.0,
                                                                         "storage": "active"})})
    assert refilled_ship(active).propellant_delivered_kg(8) > ship.propellant_delivered_kg(8)
