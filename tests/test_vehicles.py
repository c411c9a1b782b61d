"""Vehicles and logistics: rocket equation, launchers, refilling, sites, arrival, return."""

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

from marsplan.cli import app
from marsplan.errors import InputError
from marsplan.scenario import parse_scenario
from marsplan.trajectory.orbits import Orbit
from marsplan.vehicles import (
    G0_KM_S2,
    ImpossibleRequest,
    RefilledShip,
    Stage,
    arrive,
    check_asymptote,
    delta_v_km_s,
    get_site,
    get_vehicle,
    inclination_ranges_deg,
    isru_balance,
    launcher_payload_kg,
    load_vehicles,
    propellant_for_delta_v_kg,
    return_leg,
    stack_delta_v_km_s,
)
from marsplan.vehicles.catalog import CatalogError, parse_vehicle_file

runner = CliRunner()


def test_rocket_equation_textbook_values():
    # Tsiolkovsky: a mass ratio of e gives dv = Isp g0 (Curtis 2014, eq. 11.30); 300 s -> 2.942 km/s
    assert float(delta_v_km_s(300.0, math.e, 1.0)) == pytest.approx(300 * 9.80665e-3, rel=1e-12)
    # and its inverse: the propellant for 2 km/s at Isp 300 s on a 1000 kg final mass
    prop = float(propellant_for_delta_v_kg(2.0, 300.0, 1000.0))
    assert prop == pytest.approx(1000.0 * (math.exp(2.0 / (300 * G0_KM_S2)) - 1), rel=1e-12)
    assert float(delta_v_km_s(300.0, 1000.0 + prop, 1000.0)) == pytest.approx(2.0, rel=1e-12)
    with pytest.raises(InputError):
        delta_v_km_s(0.0, 2.0, 1.0)
    with pytest.raises(InputError):
        delta_v_km_s(300.0, 1.0, 2.0)


def test_staging_matches_restricted_staging_formula():
    # Curtis (2014), section 11.6: N identical stages with structural ratio eps and payload
    # ratio pi each give dv = N Isp g0 ln(1 / (eps (1 - pi) + pi))
    isp, eps, pi_ratio, payload, n = 320.0, 0.1, 0.25, 1000.0, 3
    stages, upper = [], payload
    for _ in range(n):
        stage_mass = upper * (1 - pi_ratio) / pi_ratio
        stages.insert(0, Stage(eps * stage_mass, (1 - eps) * stage_mass, isp))
        upper += stage_mass
    dvs = stack_delta_v_km_s(stages, payload)
    expected = isp * G0_KM_S2 * math.log(1 / (eps * (1 - pi_ratio) + pi_ratio))
    assert dvs == pytest.approx([expected] * n, rel=1e-12)
    # unequal stages: each stage pushes everything above it, then drops its dry mass
    two = stack_delta_v_km_s([Stage(10_000, 90_000, 300), Stage(1_000, 9_000, 450)], 500.0)
    assert two[1] == pytest.approx(450 * G0_KM_S2 * math.log(10_500 / 1_500), rel=1e-12)
    assert two[0] == pytest.approx(300 * G0_KM_S2 * math.log(110_500 / 20_500), rel=1e-12)


@pytest.mark.parametrize(
    ("vehicle", "c3", "published_kg", "tolerance"),
    [
        # SpaceX (2023): Falcon 9 expendable sends 4,020 kg to Mars (at the ~9 km2/s2 C3 of a good window)
        ("falcon-9", 9.0, 4020.0, 0.10),
        # NASA SLS Reference Guide (2022): Block 1 sends 27 t to trans-lunar injection (C3 about -1.5)
        ("sls-block-1", -1.5, 27000.0, 0.15),
        # SpaceX (2023): Falcon Heavy expendable, 16,800 kg to Mars; its stage is calibrated on the published
        # 26,700 kg to GTO because its 63,800 kg to LEO is a structural limit
        ("falcon-heavy", 9.0, 16800.0, 0.05),
    ],
)
def test_published_escape_payloads(vehicle, c3, published_kg, tolerance):
    got = float(launcher_payload_kg(load_vehicles()[vehicle], c3))
    assert got == pytest.approx(published_kg, rel=tolerance)


@pytest.fixture(scope="module")
def refilled():
    catalog = load_vehicles()
    return RefilledShip(catalog["starship"], catalog["starship-tanker"], Orbit.circular("earth", 250.0))


def test_refill_closed_form_agrees_with_stepwise_rocket_equation(refilled):
    payload, c3 = 60_000.0, 10.0
    ship = refilled.ship
    landing = float(propellant_for_delta_v_kg(ship.mars_landing_dv_km_s, ship.isp_vac_s, ship.dry_mass_kg + payload))
    r = refilled.parking.rp_km
    mu = refilled.parking.mu_km3_s2
    dv_dep = math.sqrt(c3 + 2 * mu / r) - math.sqrt(mu / r)
    departure = float(propellant_for_delta_v_kg(dv_dep, ship.isp_vac_s, ship.dry_mass_kg + payload + landing))
    assert float(refilled.propellant_needed_kg(payload, c3)) == pytest.approx(landing + departure, rel=1e-12)


def test_monotonic_physics(refilled):
    c3 = np.linspace(0, 40, 41)
    payloads = np.array([refilled.max_payload_kg(c3, n) for n in range(16)])
    assert np.all(np.diff(payloads, axis=0) >= -1e-9)  # more tankers never lower payload
    assert np.all(np.diff(payloads, axis=1) <= 1e-9)  # higher C3 never raises payload
    lossy = RefilledShip(refilled.ship, refilled.tanker, refilled.parking, boiloff_fraction_per_day=0.005)
    tight = RefilledShip(refilled.ship, refilled.tanker, refilled.parking, boiloff_fraction_per_day=0.0)
    for n in (1, 4, 8):
        assert lossy.propellant_delivered_kg(n) < tight.propellant_delivered_kg(n)
    assert tight.propellant_delivered_kg(3) == pytest.approx(3 * 100_000 * 0.98)


def test_tankers_payload_and_c3_are_consistent(refilled):
    n = refilled.tankers_needed(80_000, 9.0)
    assert refilled.max_payload_kg(9.0, n) >= 80_000 - 1e-6
    assert refilled.max_payload_kg(9.0, n - 1) < 80_000
    assert float(refilled.reachable_c3(80_000, n)) >= 9.0 - 1e-9
    with pytest.raises(ImpossibleRequest, match="largest possible payload is 100.0 t"):
        refilled.tankers_needed(400_000, 9.0)


def test_sites_inclinations_and_asymptotes():
    baikonur, kennedy, starbase = get_site("baikonur"), get_site("kennedy"), get_site("starbase")
    # Baikonur's range safety keeps inclinations at or above ~51.6 deg; Kennedy starts at its latitude
    assert min(lo for lo, _ in inclination_ranges_deg(baikonur)) == pytest.approx(51.6, abs=0.1)
    assert min(lo for lo, _ in inclination_ranges_deg(kennedy)) == pytest.approx(28.57, abs=0.05)
    low, high = check_asymptote(kennedy, 20.0, 10.0), check_asymptote(kennedy, 65.0, 10.0)
    assert low.reachable and low.plane_change_dv_km_s == 0
    assert not high.reachable and high.plane_change_dv_km_s > 0
    assert check_asymptote(baikonur, 65.0, 10.0).reachable  # the 51.6-70 deg corridor holds the asymptote
    assert check_asymptote(baikonur, -20.0, 10.0).reachable
    assert not check_asymptote(starbase, 40.0, 10.0).reachable
    # the penalty grows with the missing angle
    assert check_asymptote(starbase, 50.0, 10.0).plane_change_dv_km_s > check_asymptote(
        starbase, 40.0, 10.0).plane_change_dv_km_s


def test_arrival_entry_speed_and_limit():
    ship = load_vehicles()["starship"]
    arrival = arrive(ship, 3.0, 100_000.0)
    # vis-viva at the 125 km entry interface of Mars (R = 3396.19 km, GM = 42828.38 km^3/s^2)
    assert arrival.entry_speed_km_s == pytest.approx(math.sqrt(9 + 2 * 42828.375816 / 3521.19), rel=1e-12)
    assert arrival.payload_landed_kg == 100_000.0
    too_fast = arrive(ship, 6.0, 100_000.0)
    assert not too_fast.entry_ok and too_fast.payload_landed_kg == 0.0


def test_isru_stoichiometry_and_thermodynamic_floor():
    stoich = 2 * 31.998 / 16.043  # CO2 + 2 H2O -> CH4 + 2 O2: O/F = 3.99 by mass
    balance = isru_balance(1000.0, stoich)
    assert balance.co2_kg + balance.water_kg == pytest.approx(balance.methane_kg + balance.oxygen_kg, rel=1e-4)
    # NIST: heat of combustion of methane 890.36 kJ/mol is the least energy to make CH4 + 2 O2
    floor_kwh = 1000.0 / ((16.043 + 2 * 31.998) * 1e-3) * 890.36 / 3600.0
    assert balance.minimum_energy_kwh == pytest.approx(floor_kwh, rel=1e-4)
    for ratio in (3.0, 3.6, 3.8, 4.5):
        b = isru_balance(1000.0, ratio)
        assert b.energy_kwh > b.minimum_energy_kwh
        assert b.methane_kg * ratio == pytest.approx(b.oxygen_kg)


def test_return_leg():
    ship = load_vehicles()["starship"]
    leg = return_leg(ship, 6.0, 50_000.0)
    mu, r = 42828.375816, 3396.19 + 250.0
    injection = math.sqrt(6.0 + 2 * mu / r) - math.sqrt(mu / r)
    dv = ship.mars_ascent_dv_km_s + injection
    assert leg.propellant_kg == pytest.approx((ship.dry_mass_kg + 50_000) * math.expm1(dv / (375 * G0_KM_S2)))
    assert leg.isru.methane_kg + leg.isru.oxygen_kg == pytest.approx(leg.propellant_kg)
    assert leg.feasible and leg.max_payload_kg > 50_000


BAD_VEHICLE = """
[[vehicles]]
id = "mine"
name = "My ship"
role = "ship"
dry_mass_kg = {dry}
propellant_capacity_kg = 1000.0
isp_vac_s = {isp}
propellant_at_leo_kg = {residual}
"""


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"dry": -5.0, "isp": 300.0, "residual": 0.0}, r"vehicles\[0\]\.dry_mass_kg = -5\.0: .*allowed > 0"),
        ({"dry": 5.0, "isp": 0.0, "residual": 0.0}, r"vehicles\[0\]\.isp_vac_s = 0\.0: .*allowed > 0"),
        ({"dry": 5.0, "isp": 300.0, "residual": 5000.0}, r"propellant_at_leo_kg = 5000 is over propellant_capacity_kg"),
    ],
)
def test_bad_vehicle_values_name_the_field(values, expected, tmp_path):
    text = BAD_VEHICLE.format(**values)
    with pytest.raises(CatalogError, match=expected):
        parse_vehicle_file(text, "my-catalog.toml")
    scenario = tmp_path / "s.toml"
    scenario.write_text('[campaign]\nname = "s"\ntitle = "t"\nstart = "2026-01-01"\n' + text)
    result = runner.invoke(app, ["fleet", str(scenario), "--c3", "10", "--payload-t", "1"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "s.toml" in result.stderr
    assert "vehicles[0]" in result.stderr


def test_gto_calibration_only_for_launchers_that_reach_orbit():
    ship = BAD_VEHICLE.format(dry=5.0, isp=300.0, residual=0.0) + "payload_to_gto_kg = 100.0\n"
    with pytest.raises(CatalogError, match="payload_to_gto_kg = 100: only for launchers"):
        parse_vehicle_file(ship, "my-catalog.toml")
    launcher = ship.replace('role = "ship"', 'role = "launcher"') + "payload_to_leo_kg = 50.0\n"
    with pytest.raises(CatalogError, match="payload_to_gto_kg = 100 must be below payload_to_leo_kg = 50"):
        parse_vehicle_file(launcher, "my-catalog.toml")


def test_scenario_vehicles_extend_the_catalog():
    sc = parse_scenario('[campaign]\nname = "s"\ntitle = "t"\nstart = "2026-01-01"\n'
                        + BAD_VEHICLE.format(dry=50_000.0, isp=360.0, residual=0.0))
    assert get_vehicle("mine", sc.vehicles).isp_vac_s == 360.0
    with pytest.raises(CatalogError, match="not in the catalog"):
        get_vehicle("mine")


def test_cli_fleet_json_and_impossible_request(short_scenario):
    result = runner.invoke(app, ["fleet", str(short_scenario), "--window", "2026", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("vehicle", "site", "c3_km2_s2", "payload_t", "tankers_per_ship", "propellant_loaded_t",
                "payload_landed_t", "dla_reachable", "plane_change_dv_km_s", "ships", "launches_total", "return"):
        assert key in data
    assert data["ships"] == 21 and data["launches_total"] >= data["ships"]
    assert set(data["return"]) >= {"c3_km2_s2", "propellant_isru_t", "isru_energy_mwh"}
    with_tankers = json.loads(runner.invoke(app, ["fleet", "--c3", "9", "--tankers", "8", "--format", "json"]).stdout)
    assert with_tankers["tankers_per_ship"] == 8 and with_tankers["payload_t"] > 0
    bad = runner.invoke(app, ["fleet", "--c3", "9", "--payload-t", "500"])
    assert bad.exit_code == 2 and "largest possible payload" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    nowindow = runner.invoke(app, ["fleet", "--window", "2027"])
    assert nowindow.exit_code == 2 and "no departure window" in nowindow.stderr
