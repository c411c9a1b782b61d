"""Issue 11: the verdicts physics decides, each against a value computed here, in the test, or published."""

import itertools
import math

import numpy as np
import pytest
from scipy.optimize import least_squares

from marsplan.astro.time import utc_to_tdb_jd
from marsplan.campaign.claims import check_claims, launch_slots
from marsplan.campaign.stages import plan_fleet, refilled_ship, settle
from marsplan.errors import InputError
from marsplan.power import LoadProfile, System, environment, get_power_site, power_catalog, simulate, size_family
from marsplan.power.sizing import fission_outage_probability
from marsplan.scenario import load_scenario
from marsplan.settlement import ShipWave, run_campaign, settlement_parameters
from marsplan.trajectory import TransferModel, evaluate
from marsplan.trajectory.orbits import Orbit
from marsplan.vehicles import ImpossibleRequest, RefilledShip, get_site, launcher_payload_kg, load_vehicles
from marsplan.vehicles.isru import co2_compression_kwh_per_kg, isru_balance, isru_energy_range_kwh_per_kg
from marsplan.vehicles.sites import (
    EARTH_ROTATION_SPEED_KM_S,
    single_burn_departure_dv_km_s,
    site_ascent_penalty_km_s,
)
from variants import bundled_variant

MU_EARTH = 398600.4418
R_PARK = 6378.137 + 250.0
CAT = power_catalog()
ARRAY = CAT["arrays"]["triple-junction"]
KW = dict(array=ARRAY, battery=CAT["storage"]["li-ion"], fuel_cell=CAT["storage"]["rfc"],
          reactor=CAT["reactors"]["fsp-40"])


# ---------------------------------------------------------------- fleet -------------------------------------------


def _brute_force_single_burn(c3, dla_deg, incl_deg):
    """The cheapest single impulse from a circular orbit of inclination ``incl_deg`` onto the hyperbola whose
    outgoing asymptote has declination ``dla_deg``: search over the node and the burn point; at each point the
    velocity (speed fixed by C3) is solved numerically so that the asymptote from the textbook formula
    (eccentricity and angular-momentum vectors, Vallado 2013 eq. 2-29) points at S."""
    d = math.radians(dla_deg)
    s = np.array([math.cos(d), 0.0, math.sin(d)])
    vp = math.sqrt(c3 + 2 * MU_EARTH / R_PARK)
    vc = math.sqrt(MU_EARTH / R_PARK)
    inc = math.radians(incl_deg)

    def asymptote(r, v):
        h = np.cross(r, v)
        e_vec = ((v @ v - MU_EARTH / R_PARK) * r - (r @ v) * v) / MU_EARTH
        e = np.linalg.norm(e_vec)
        p_hat, h_hat = e_vec / e, h / np.linalg.norm(h)
        return -p_hat / e + math.sqrt(1 - 1 / e**2) * np.cross(h_hat, p_hat)

    def burn(node, u):
        n = np.array([math.sin(inc) * math.sin(node), -math.sin(inc) * math.cos(node), math.cos(inc)])
        ex = np.array([math.cos(node), math.sin(node), 0.0])
        ey = np.cross(n, ex)
        r_hat = math.cos(u) * ex + math.sin(u) * ey
        t_hat = -math.sin(u) * ex + math.cos(u) * ey
        best = math.inf
        for guess in (0.0, 0.5):
            def miss(x, r_hat=r_hat, t_hat=t_hat, n=n):
                direction = math.cos(x[0]) * (math.cos(x[1]) * t_hat + math.sin(x[1]) * n) + math.sin(x[0]) * r_hat
                return asymptote(R_PARK * r_hat, vp * direction) - s
            sol = least_squares(miss, [0.3, guess], xtol=1e-13, ftol=1e-13)
            if np.linalg.norm(sol.fun) < 1e-8:
                a, b = sol.x
                direction = math.cos(a) * (math.cos(b) * t_hat + math.sin(b) * n) + math.sin(a) * r_hat
                best = min(best, float(np.linalg.norm(vp * direction - vc * t_hat)))
        return best

    grid = [(burn(node, u), node, u) for node in np.radians(np.arange(0, 360, 20))
            for u in np.radians(np.arange(0, 360, 20))]
    _, node, u = min(grid)
    step = math.radians(20)
    for _ in range(16):  # pattern search around the best grid point
        step /= 1.6
        for dn, du in itertools.product((-step, 0, step), repeat=2):
            value = burn(node + dn, u + du)
            if value < min(grid)[0]:
                grid.append((value, node + dn, u + du))
        _, node, u = min(grid)
    return min(grid)[0]


@pytest.mark.slow
def test_plane_change_matches_a_brute_force_single_burn():
    # the case: C3 9 km2/s2, DLA 50 deg from a 34.8 deg parking orbit; best single burn about 1.57 km/s
    # more than the coplanar vp - vc (the old |DLA| - i formula gave 0.77)
    vp, vc = math.sqrt(9 + 2 * MU_EARTH / R_PARK), math.sqrt(MU_EARTH / R_PARK)
    brute = _brute_force_single_burn(9.0, 50.0, 34.8)
    ours = single_burn_departure_dv_km_s(9.0, 50.0 - 34.8, R_PARK, MU_EARTH)
    assert ours == pytest.approx(brute, abs=0.01)
    assert ours - (vp - vc) == pytest.approx(1.57, abs=0.02)
    assert single_burn_departure_dv_km_s(9.0, 0.0, R_PARK, MU_EARTH) == pytest.approx(vp - vc, rel=1e-12)


def test_earth_rotation_penalises_high_latitude_sites():
    # omega R cos(i) for a direct launch into inclination i (cos i = cos L sin A; Vallado 2013 eq. 6-21)
    baikonur, starbase = get_site("baikonur"), get_site("starbase")
    by_hand = 0.46510 * (math.cos(math.radians(25.997)) - math.cos(math.radians(45.920))
                         * math.sin(math.radians(63.3)))
    assert EARTH_ROTATION_SPEED_KM_S == pytest.approx(0.46510, abs=1e-5)
    assert site_ascent_penalty_km_s(baikonur, starbase) == pytest.approx(by_hand, abs=1e-4)
    sc = load_scenario()
    near, far = refilled_ship(sc), refilled_ship(sc, site_id="baikonur")
    tanker = far.tanker
    ve = tanker.isp_vac_s * 9.80665e-3
    load = (tanker.dry_mass_kg + tanker.payload_to_leo_kg) * math.exp(-by_hand / ve) - tanker.dry_mass_kg
    assert far.tanker_delivery_kg == pytest.approx(load * 0.98, rel=1e-3)
    assert near.tanker_delivery_kg == pytest.approx(100_000 * 0.98)
    assert far.payload_limit_kg < near.payload_limit_kg
    # Khrunichev (2019): an Angara A5 from Vostochny lifts about 0.5 t more to LEO than from Plesetsk
    angara = load_vehicles()["angara-a5"]
    gain = site_ascent_penalty_km_s(get_site("vostochny"), get_site("plesetsk"), 63.0, 51.8)
    more = angara.payload_to_leo_kg * (math.exp(-gain / (angara.isp_vac_s * 9.80665e-3)) - 1)
    assert more == pytest.approx(500, abs=200)


def test_high_elliptic_parking_orbit_pays_the_raise():
    catalog = load_vehicles()
    heo = Orbit("earth", 250.0, 35_786.0)
    raise_dv = math.sqrt(MU_EARTH * (2 / R_PARK - 2 / (R_PARK + 6378.137 + 35_786.0))) - math.sqrt(MU_EARTH / R_PARK)
    assert raise_dv == pytest.approx(2.44, abs=0.01)
    default = RefilledShip(catalog["starship"], catalog["starship-tanker"], heo)
    # a Starship tanker (110 t dry, 100 t of propellant) burns 210 (1 - exp(-2.44 / 3.677)) = 101.8 t to raise
    with pytest.raises(ImpossibleRequest, match="cannot deliver"):
        default.tankers_needed(80_000, 9.0)
    # a lighter tanker can deliver: count the flights by hand (no boil-off, no transfer loss)
    light = catalog["starship-tanker"].model_copy(update={"dry_mass_kg": 50_000.0, "propellant_capacity_kg": 1.2e6,
                                                          "payload_to_leo_kg": 150_000.0})
    ship = catalog["starship"].model_copy(update={"payload_to_leo_kg": 150_000.0})
    refill = RefilledShip(ship, light, heo, boiloff_fraction_per_day=0.0, transfer_loss_fraction=0.0)
    ve = 375 * 9.80665e-3
    k = math.exp(-raise_dv / ve)
    per_high = (50_000 + 150_000) * k - 50_000
    vp_heo = math.sqrt(MU_EARTH * (2 / R_PARK - 2 / (R_PARK + 6378.137 + 35_786.0)))
    dv = math.sqrt(9.0 + 2 * MU_EARTH / R_PARK) - vp_heo
    payload, dry = 80_000.0, 120_000.0
    need = (dry + payload) * math.expm1((dv + 0.7) / ve)
    by_hand = None
    for n in range(60):
        for n_low in range(n + 1):
            low = min(n_low * 150_000.0, 1.2e6)
            after = (dry + payload + low) * k - (dry + payload)
            if after >= 0 and min(after + (n - n_low) * per_high, 1.2e6) >= need - 1e-6:
                by_hand = n
                break
        if by_hand is not None:
            break
    assert refill.tankers_needed(payload, 9.0) == by_hand
    # and in low orbit the same tankers deliver their whole load: fewer flights
    low_orbit = RefilledShip(ship, light, Orbit.circular("earth", 250.0), boiloff_fraction_per_day=0.0,
                             transfer_loss_fraction=0.0)
    assert low_orbit.tankers_needed(payload, 9.0) <= by_hand


def test_landing_propellant_boils_off_in_transit():
    catalog = load_vehicles()
    refill = RefilledShip(catalog["starship"], catalog["starship-tanker"], Orbit.circular("earth", 250.0))
    ve = 375 * 9.80665e-3
    dv_dep = math.sqrt(9 + 2 * MU_EARTH / R_PARK) - math.sqrt(MU_EARTH / R_PARK)
    keep = 0.999**250
    landing = (120_000 + 60_000) * math.expm1(0.7 / ve) / keep  # what must leave Earth to land 250 days later
    by_hand = (120_000 + 60_000 + landing) * math.exp(dv_dep / ve) - (120_000 + 60_000)
    assert float(refill.propellant_needed_kg(60_000, 9.0, tof_days=250)) == pytest.approx(by_hand, rel=1e-7)
    assert float(refill.max_payload_kg(9.0, 4, tof_days=250)) < float(refill.max_payload_kg(9.0, 4))
    assert float(refill.reachable_c3(60_000, 6, 250)) < float(refill.reachable_c3(60_000, 6))


def _flown_c3(departure_utc, arrival_utc):
    jd, ja = float(utc_to_tdb_jd(departure_utc)), float(utc_to_tdb_jd(arrival_utc))
    return float(evaluate(TransferModel("earth", "mars"), jd, ja - jd)["c3_km2_s2"])


@pytest.mark.parametrize(
    ("vehicle", "mission", "c3", "flown_kg", "low", "high"),
    [
        # Tianwen-1, about 5 t, Long March 5 Y4, 2020-07-23 to Mars orbit 2021-02-10 (CNSA / Xinhua, 2020);
        # C3 from DE440 for the flown dates. Calibrated on Chang'e-5 (8.2 t to TLI), so this is a prediction.
        ("long-march-5", "tianwen-1", ("2020-07-23T04:41", "2021-02-10T11:52"), 5000.0, -0.05, 0.15),
        # Chang'e-6, 8.35 t, Long March 5 Y8 direct to Earth-Moon transfer (CNSA, 2024), TLI C3 about -2
        ("long-march-5", "chang'e-6", -2.0, 8350.0, -0.05, 0.05),
        # ExoMars 2016, 4,332 kg, Proton-M/Briz-M, 2016-03-14 to Mars 2016-10-19 (ESA, 2016)
        ("proton-m-briz-m", "exomars-2016", ("2016-03-14T09:31", "2016-10-19T13:42"), 4332.0, -0.05, 0.15),
        # Luna-25, 1,750 kg, Soyuz-2.1b/Fregat from Vostochny to lunar transfer, 2023-08-10 (Roscosmos, 2023):
        # a flown mass is a lower bound of capability, so the model may exceed it (up to 30 %)
        ("soyuz-2.1b-fregat", "luna-25", -2.0, 1750.0, -0.05, 0.30),
    ],
)
def test_launchers_against_flown_escape_missions(vehicle, mission, c3, flown_kg, low, high):
    c3_value = _flown_c3(*c3) if isinstance(c3, tuple) else c3
    got = float(launcher_payload_kg(load_vehicles()[vehicle], c3_value))
    assert flown_kg * (1 + low) <= got <= flown_kg * (1 + high), (mission, c3_value, got)


def test_isru_energy_figures():
    # isothermal compression of CO2 from 0.6 to 100 kPa at 210 K: R T / M ln(100 / 0.6)
    by_hand = 8.314462618 * 210 / 0.044009 * math.log(100 / 0.6) / 3.6e6
    assert by_hand == pytest.approx(0.0564, abs=5e-4)
    assert co2_compression_kwh_per_kg(0.6, 100.0, 210.0, 1.0) == pytest.approx(by_hand, rel=1e-9)
    # NASA COMPASS (NTRS 20230018562): six 40 kWe reactors for 300 t in 20 months
    rng = isru_energy_range_kwh_per_kg(3.8)
    assert rng["high"] == pytest.approx(6 * 40 * 20 * 730.5 / 300_000, rel=1e-6)
    assert rng["high"] == pytest.approx(11.7, abs=0.05)
    floor = isru_balance(1000.0, 3.8).minimum_energy_kwh / 1000.0
    assert floor < rng["low"] < rng["baseline"] < rng["high"]


# ---------------------------------------------------------------- power --------------------------------------------


def test_fission_count_is_binomial_and_seed_free():
    # Jezero 40 kW with 40 kWe units at 97 % availability: 1 unit fails 3 % of the time; 2 units both fail
    # 0.03^2 = 0.0009 <= 0.001 of the time, so 2 units, whatever the seed
    for units, needed in ((4, 2), (6, 3)):
        brute = sum(math.prod(0.97 if up else 0.03 for up in state)
                    for state in itertools.product((True, False), repeat=units) if sum(state) < needed)
        assert fission_outage_probability(units, 0.97, needed) == pytest.approx(brute, rel=1e-12)
    site = get_power_site("jezero")
    counts = {size_family("fission", environment(site, ARRAY, LoadProfile(40.0), 10, seed), reliability=0.999,
                          **KW).reactors for seed in (1, 2, 3, 5)}
    assert counts == {2}


def test_deferrable_load_takes_surplus_and_never_storage():
    site = get_power_site("jezero")
    env = environment(site, ARRAY, LoadProfile(40.0, 20.0, isru_peak_factor=1.5), 3, 1)
    # two always-available 40 kWe units: 80 kW against 40 kW firm; the plant takes min(40, 30) = 30 kW
    r = simulate(env, System(0.0, 0.0, 1.0, ((40.0, 1.0), (40.0, 1.0))))
    hours = env.steps * env.step_h
    np.testing.assert_allclose(r.deferrable_kwh, 30.0 * hours, rtol=1e-9)
    np.testing.assert_allclose(r.curtailed_kwh, 10.0 * hours, rtol=1e-9)
    # solar + storage: conservation with the deferrable term, and storage only ever serves the firm load
    r = simulate(env, System(6000.0, 500.0, 0.9))
    lhs = r.generated_kwh + r.storage_drawdown_kwh
    rhs = r.served_kwh + r.deferrable_kwh + r.curtailed_kwh + r.storage_loss_kwh
    np.testing.assert_allclose(lhs, rhs, rtol=1e-9)


def test_propellant_plant_is_sized_for_its_energy_not_for_storms():
    site = get_power_site("arcadia-planitia")
    load = LoadProfile(40.0, 260.0)
    env = environment(site, ARRAY, load, 12, 1)
    sized = size_family("solar+battery", env, reliability=0.999, **KW)
    firm = size_family("solar+battery", environment(site, ARRAY, load.firm_only, 12, 1), reliability=0.999, **KW)
    assert sized.feasible and sized.result.loss_of_load_probability <= 0.001
    target = 260.0 * env.steps * env.step_h
    assert sized.result.deferrable_kwh.mean() >= target * (1 - 1e-9)
    assert sized.result.deferrable_kwh.min() >= 0.75 * target * (1 - 1e-9)
    # sized as a firm 300 kW load it needed about 680 t (issue 11); as a deferrable load it adds little to
    # the array the firm load needs for storms anyway
    assert sized.mass_kg < 2.0 * firm.mass_kg < 300_000


def test_array_search_finds_the_brute_force_optimum():
    # Arcadia 40 kW: the lightest array is past 12 times the minimum area (issue 11: 16x at 70.6 t)
    site = get_power_site("arcadia-planitia")
    env = environment(site, ARRAY, LoadProfile(40.0), 8, 1)
    battery = CAT["storage"]["li-ion"]
    sized = size_family("solar+battery", env, reliability=0.999, **KW)
    none = np.zeros((env.years, env.steps), dtype=np.float32)

    def least_storage(area):
        lo, hi = 0.0, 40.0 * env.steps * env.step_h
        if simulate(env, System(area, hi, 0.9), reactor_kw=none).loss_of_load_probability > 0.001:
            return math.inf
        for _ in range(30):
            mid = 0.5 * (lo + hi)
            ok = simulate(env, System(area, mid, 0.9), reactor_kw=none).loss_of_load_probability <= 0.001
            lo, hi = (lo, mid) if ok else (mid, hi)
        return hi

    area_min = 40.0 / float(env.pv_kw_m2.mean())
    masses = []
    for factor in np.geomspace(1.0, 40.0, 36):
        usable = least_storage(area_min * factor)
        masses.append(area_min * factor * ARRAY.areal_mass_kg_m2
                      + usable / battery.depth_of_discharge * 1000 / battery.specific_energy_wh_kg)
    best = min(masses)
    assert sized.mass_kg <= best * 1.01
    assert sized.array_area_m2 > 12 * area_min


# ---------------------------------------------------------------- settlement ---------------------------------------

FULL = {"habitat": 0.25, "power": 0.3, "isru": 0.1, "life_support": 0.1, "industry": 0.15, "consumables": 0.1}


SMALL_CAMPAIGN = dict(start_year=2026, years=10, runs=200, seed=4, p_launch=0.0, p_land=0.0, power_kw_per_t=6.67,
                      threshold=0.9, survival_years=0.0, min_population=0)


def _run(waves, **kw):
    return run_campaign(waves, **{**SMALL_CAMPAIGN, **kw})


def test_self_sustaining_must_hold_to_the_horizon():
    # a settlement that qualifies in its first years, then receives a crew it cannot feed, is lost: it never
    # counts as self-sustaining, although its early years qualified
    good = ShipWave("base", "crew", 10, 2, 100.0, 1, FULL)
    starving = ShipWave("crowd", "crew", 1, 200, 1.0, 60, {"consumables": 1.0})
    r = _run([good, starving], threshold=0.2)
    assert r.qualifies[:, 1:4].all()
    assert r.p_lost == 1.0 and r.p_self_sustaining == 0.0
    alone = _run([good], threshold=0.2)
    assert alone.p_self_sustaining == 1.0 and alone.p_lost == 0.0


def test_shipped_food_counts_its_as_shipped_mass():
    # one crew of 10 with nothing but shipped consumables (35 % food): food runs out after
    # stock / (10 x 1.83 kg x 30.44 d) months (BVAD 2018: packaged food about 1.8 kg per crewmember-day)
    needs = settlement_parameters()["needs"]
    ratio = needs["food_as_shipped_kg_per_person_day"] / needs["food_dry_kg_per_person_day"]
    assert ratio == pytest.approx(3, rel=0.02)
    only = {"consumables": 1.0}
    r = _run([ShipWave("one", "crew", 1, 10, 20.0, 3, only)], runs=5, survival_years=4.0)
    month = 365.25 / 12
    per_month = {"food": 10 * 1.83 * month / 1000, "oxygen": 10 * 0.835 * month / 1000,
                 "water": 10 * 9.909 * month / 1000}
    split = {"food": 0.35, "water": 0.25, "oxygen": 0.15}
    predicted = 3 + min(math.ceil(20.0 * split[k] / per_month[k]) - 1 for k in split)
    assert np.all(r.lost_month == predicted)
    # food energy: 20 kWe per person fed, over 0.617 kg of dry food a day
    prod = settlement_parameters()["production"]
    assert prod["food_kwe_per_person"] * 8766 / (0.617 * 365.25) == pytest.approx(778, rel=0.01)


def test_crew_landing_probability_follows_the_gate():
    # five cargo ships, then two crew ships that fly only if at least 4 of the 5 landed
    q = 0.98 * 0.95
    gate = sum(math.comb(5, k) * q**k * (1 - q) ** (5 - k) for k in (4, 5))
    by_hand = gate * (1 - (1 - q) ** 2)
    waves = [ShipWave("cargo", "cargo", 5, 0, 100.0, 10, FULL, window="2026", departure_month=0),
             ShipWave("crew", "crew", 2, 6, 50.0, 40, FULL, window="2028", departure_month=30)]
    r = _run(waves, p_launch=0.02, p_land=0.05, runs=20_000, crew_gate_landed_fraction=0.8, seed=11)
    p = r.p_crew_lands_in(2026 + 40 // 12)
    assert p == pytest.approx(by_hand, abs=3 * math.sqrt(by_hand * (1 - by_hand) / 20_000))
    # a ship whose entry is too fast never lands its crew
    blocked = [waves[0], ShipWave("crew", "crew", 2, 6, 50.0, 40, FULL, window="2028", departure_month=30,
                                  can_land=False)]
    assert _run(blocked, p_launch=0.02, p_land=0.05, runs=500).p_crew_lands_in(2029) == 0.0


_variant = bundled_variant




CARGO = ("[settlement.cargo_manifest]\nhabitat = 0.25\npower = 0.2\nisru = 0.15\nlife_support = 0.1\n"
         "industry = 0.2\nconsumables = 0.1")


def test_the_city_verdict_moves_with_the_campaign(default_campaign):
    sc, traj, _ = default_campaign
    base = settle(sc, traj, runs=400)
    # more ships (each window twice the one before) carrying more power and spares, and the pads to launch them
    # (40 a site: about 2,600 launches a year): the threshold (0.9), the survival years (4.3) and the minimum
    # population (110) are unchanged
    bigger = _variant([("growth_factor = 1.5", "growth_factor = 2.0"),
                       ('unlaunched = "wait"', 'unlaunched = "wait"\npads = 40'),
                       (CARGO, CARGO.replace("habitat = 0.25\npower = 0.2\nisru = 0.15", "habitat = 0.2\npower = 0.3\n"
                                             "isru = 0.05").replace("industry = 0.2\nconsumables = 0.1",
                                                                    "industry = 0.15\nconsumables = 0.25")
                        .replace("life_support = 0.1", "life_support = 0.05"))])
    assert bigger.settlement.self_sufficiency_threshold == 0.9 and bigger.settlement.min_population == 110
    more = settle(bigger, traj, runs=400)
    assert base.p_self_sustaining < 0.1 < 0.5 < more.p_self_sustaining
    # the same manifest with the default growth does not get there: scale matters, not the mix alone
    same_growth = _variant([(CARGO, CARGO.replace("habitat = 0.25\npower = 0.2\nisru = 0.15", "habitat = 0.2\n"
                                                  "power = 0.3\nisru = 0.05").replace(
        "industry = 0.2\nconsumables = 0.1", "industry = 0.15\nconsumables = 0.25").replace("life_support = 0.1",
                                                                                            "life_support = 0.05"))])
    assert settle(same_growth, traj, runs=400).p_self_sustaining < more.p_self_sustaining


# ---------------------------------------------------------------- claims -------------------------------------------


def _verdicts(sc, traj, runs=400):
    fleet = plan_fleet(sc, traj)
    result = settle(sc, traj, runs=runs)
    return {v.text: v for v in check_claims(sc, traj, fleet, refilled_ship(sc), None, result)}


LUNAR = "A reactor on the Moon (Russia and China, 2033-2035) can power a lunar settlement"
DEPART = "Starship leaves for Mars at the end of 2026"
EARLY = "Human landings on Mars could happen as early as 2029"
LIKELIER = "Human landings on Mars in 2031 are more likely"


def test_lunar_claim_uses_its_site(default_campaign):
    sc, traj, _ = default_campaign
    pole = _verdicts(sc, traj, runs=50)[LUNAR]
    assert "150-hour longest darkness" in pole.evidence
    equator = _variant([('site = "lunar-south-pole"', 'site = "lunar-equator"')])
    at_equator = _verdicts(equator, traj, runs=50)[LUNAR]
    assert "354-hour" in at_equator.evidence
    # the reactor's advantage over the lightest solar system grows with the night (tests/test_lunar.py)
    assert at_equator.decision is not None and pole.decision is not None
    with pytest.raises(InputError, match="needs site"):
        _variant([('site = "lunar-south-pole"', "")])


def test_crew_claims_come_from_the_monte_carlo(default_campaign):
    sc, traj, _ = default_campaign
    v = _verdicts(sc, traj, runs=2000)
    assert "P(a crew lands in 2029)" in v[EARLY].evidence
    # the launch schedule lets 2 of the 5 cargo ships of 2026 leave; crews fly in 2028 only if 80 % of them (both)
    # landed, and a crew lands if at least one of its 2 ships does: P = q^2 (1 - (1 - q)^2), q = 0.98 x 0.95
    q = 0.98 * 0.95
    by_hand = q**2 * (1 - (1 - q) ** 2)
    landing = v[EARLY].details["landing"]
    assert landing["decision"]["value"] == pytest.approx(by_hand, abs=3 * math.sqrt(by_hand * (1 - by_hand) / 2000))
    assert landing["verdict"] == "depends"  # 0.86, below 0.9 by more than two standard errors
    # the claim itself is decided by the crew's dose (issue 26): a round trip toward the 2030 solar minimum
    assert v[EARLY].verdict == "not supported" and v[EARLY].decision.quantity == "P(dose <= 600 mSv)"
    assert v[LIKELIER].verdict in ("supported", "marginal", "not supported", "depends")
    # under a career limit the dose meets, the landing probability decides again
    lenient = _variant([("mars_orbit_alt_km = 500.0",
                         "mars_orbit_alt_km = 500.0\n\n[crew]\ncareer_limit_msv = 5000.0")])
    assert _verdicts(lenient, traj, runs=2000)[EARLY].verdict == "depends"
    # if the first landings usually fail, crews rarely go in 2028-29
    risky = _variant([('unlaunched = "wait"', 'unlaunched = "wait"\nlanding_failure_probability = 0.4')])
    rv = _verdicts(risky, traj, runs=2000)
    assert rv[EARLY].verdict in ("not supported", "depends")
    q = 0.98 * 0.6
    assert rv[EARLY].details["landing"]["decision"]["value"] == pytest.approx(q**2 * (1 - (1 - q) ** 2), abs=0.04)


def test_departure_claim_counts_launches(default_campaign):
    sc, traj, _ = default_campaign
    # one pad, a launch every 14.6 days (FAA, 2025: up to 25 Starship launches a year from Starbase)
    assert launch_slots(100.0, 60.0, 1, 14.6) == math.floor(160 / 14.6) + 1
    assert launch_slots(0.0, 0.0, 3, 14.6) == 3
    v = _verdicts(sc, traj, runs=50)[DEPART]
    assert v.verdict == "depends" and "35 launches needed, 18 slots" in v.margin
    four = _variant([('unlaunched = "wait"', 'unlaunched = "wait"\npads = 4')])
    assert _verdicts(four, traj, runs=50)[DEPART].verdict == "supported"
    early = _variant([('date = "2026-12-31"', 'date = "2026-04-30"')])
    assert _verdicts(early, traj, runs=50)[DEPART].verdict == "not supported"
