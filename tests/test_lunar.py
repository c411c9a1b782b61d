"""Earth-Moon transfers (issue 15, part 1): the arc reaches the Moon, the energy is right, and the published
two-impulse optimum is reproduced within what a patched conic on the real ephemeris can give."""

import numpy as np
import pytest
from typer.testing import CliRunner

from marsplan.astro.bodies import mu_km3_s2
from marsplan.astro.kepler import propagate
from marsplan.astro.time import utc_to_tdb_jd
from marsplan.cli import app
from marsplan.trajectory.lunar import moon_transfer_grid, moon_transfers

runner = CliRunner()
DAYS = utc_to_tdb_jd("2026-03-01") + np.arange(0.0, 27.5, 0.25)  # one sidereal month, every 6 hours


def test_the_arc_propagated_lands_on_the_moons_de440_position():
    grid = moon_transfer_grid(DAYS[::8], [3.0, 4.5, 6.0], leo_alt_km=300.0, leo_inc_deg=51.64)
    ok = grid["status"] == 0
    assert ok.sum() >= 0.8 * ok.size
    r, _ = propagate(grid["r1_km"][ok], grid["v1_km_s"][ok], np.broadcast_to([3.0, 4.5, 6.0], ok.shape)[ok] * 86400,
                     mu_km3_s2("earth"))
    assert np.max(np.linalg.norm(r - grid["r2_km"][ok], axis=-1)) < 1.0  # km
    # the departure is on the parking orbit: radius and inclination of the plane
    assert np.allclose(np.linalg.norm(grid["r1_km"][ok], axis=-1), 6378.1366 + 300.0)
    h = np.cross(grid["r1_km"][ok], grid["v1_km_s"][ok])
    inc = np.degrees(np.arccos(h[:, 2] / np.linalg.norm(h, axis=-1)))
    assert np.allclose(inc, 51.64, atol=0.05)


def test_a_five_day_transfer_from_200_km_needs_3_0_to_3_2_km_s():
    # vis-viva by hand: from r = 6578 km to the Moon's distance (about 384,000 km) the Hohmann-like burn is
    # sqrt(2 mu / r - 2 mu / (r + 384,400)) - sqrt(mu / r) = 3.13 km/s; five days is close to it
    mu, r = 398_600.435507, 6378.1366 + 200.0
    hohmann = np.sqrt(2 * mu / r - 2 * mu / (r + 384_400.0)) - np.sqrt(mu / r)
    grid = moon_transfer_grid(DAYS, [5.0], leo_alt_km=200.0)
    tli = grid["tli_dv_km_s"][grid["status"] == 0]
    assert 3.0 < tli.min() and tli.max() < 3.2
    assert abs(np.median(tli) - hohmann) < 0.03


def test_published_two_impulse_optimum():
    # da Silva Fernandes & Porto Marinho, Mathematical Problems in Engineering 2012, art. 971983, Table 8:
    # LEO 463 km to LMO 200 km, 3.0658 + 0.7976 km/s in 4.571 days.  Their Moon moves on a circle; DE440's
    # goes from 356,000 to 407,000 km, so over a month the cheapest cell sits near their figure, and the
    # zero-radius sphere of influence moves LOI by a few per cent: TLI within 0.5 %, LOI within 2 %.
    grid = moon_transfer_grid(DAYS, [4.571], leo_alt_km=463.0, llo_alt_km=200.0, leo_inc_deg=28.5)
    best = np.nanargmin(grid["total_dv_km_s"][:, 0])
    assert grid["tli_dv_km_s"][best, 0] == pytest.approx(3.0658, rel=0.005)
    assert grid["loi_dv_km_s"][best, 0] == pytest.approx(0.7976, rel=0.02)
    # LOI by hand from the v-infinity: sqrt(v^2 + 2 mu / r) - sqrt(mu / r) at r = 1737.4 + 200 km
    mu, r = 4902.800118, 1737.4 + 200.0
    v = grid["vinf_moon_km_s"][best, 0]
    assert grid["loi_dv_km_s"][best, 0] == pytest.approx(np.sqrt(v * v + 2 * mu / r) - np.sqrt(mu / r), rel=1e-12)


def test_a_parking_orbit_below_the_moons_declination_cannot_depart_in_plane():
    grid = moon_transfer_grid(DAYS, [4.0], leo_inc_deg=2.0)
    assert (grid["status"] == 1).sum() > 0.5 * grid["status"].size  # the Moon is mostly beyond +-2 deg
    assert np.all(np.isnan(grid["tli_dv_km_s"][grid["status"] == 1]))


def test_days_give_the_cheapest_cell_of_each_day():
    days = moon_transfers("2026-03-01", "2026-03-04", tof_days=(3.0, 6.0))
    assert len(days) == 4 and all(d is not None for d in days)
    for d in days:
        assert 3.0 <= d.tof_days <= 6.0 and d.total_dv_km_s == pytest.approx(d.tli_dv_km_s + d.loi_dv_km_s)


@pytest.mark.parametrize(("args", "words"), [
    (["--from", "2700-01-01", "--to", "2700-01-02"], "DE440"),
    (["--from", "2026-03-05", "--to", "2026-03-01"], "after"),
    (["--leo-alt", "-5"], "--leo-alt"),
    (["--llo-alt", "nan"], "--llo-alt"),
    (["--tof", "7:2"], "--tof"),
    (["--from", "2026-01-01", "--to", "2028-01-01"], "400"),
])
def test_bad_moon_inputs_are_one_line(args, words):
    result = runner.invoke(app, ["moon", "transfers", *args])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1 and words in lines[0], result.stderr


# ---------------------------------------------------------------- delivering a payload (issue 15, part 2)

def test_lander_by_the_rocket_equation_by_hand():
    from marsplan.vehicles.lunar import moon_catalog, size_lander

    lander = moon_catalog().landers[0]
    # by hand: Apollo descent-stage ratio a = 2034 / 8248, R - 1 = exp(3.0 / (9.80665e-3 * 311)) - 1
    a = 2034.0 / 8248.0
    growth = np.exp(3.0 / (9.80665e-3 * 311.0)) - 1.0
    propellant = 1000.0 * growth / (1.0 - a * growth)
    sized = size_lander(1000.0, 3.0, lander)
    assert sized.propellant_kg == pytest.approx(propellant, rel=1e-12)
    assert sized.mass_at_tli_kg == pytest.approx(1000.0 + (1 + a) * propellant, rel=1e-12)
    # the rocket equation holds for the sized lander: ln(m0 / m1) * g0 Isp = dv
    m0, m1 = sized.mass_at_tli_kg, sized.mass_at_tli_kg - sized.propellant_kg
    assert np.log(m0 / m1) * 9.80665e-3 * 311.0 == pytest.approx(3.0, rel=1e-12)
    assert not size_lander(1000.0, 12.0, lander).feasible  # dry mass outgrows its propellant


def test_long_march_5_cannot_land_a_6_t_reactor_in_one_launch():
    from marsplan.vehicles.lunar import deliver_to_moon

    (lm5,) = deliver_to_moon(6000.0, loi_dv_km_s=0.81, vehicles=["long-march-5"])
    assert not lm5.feasible and lm5.tli_payload_kg == 8200.0  # Chang'e-5 flew 8.2 t
    (small,) = deliver_to_moon(1500.0, loi_dv_km_s=0.81, vehicles=["long-march-5"])
    assert small.feasible and small.launches == 1


def test_launcher_model_against_nasas_sls_figure():
    # marsplan's launcher model at C3 = -2 against NASA's published "more than 27 t" to TLI for SLS Block 1:
    # the model, calibrated on LEO figures, is within 15 % (it is not used for SLS, whose figure is published)
    from marsplan.vehicles.catalog import get_vehicle
    from marsplan.vehicles.launchers import launcher_payload_kg

    assert float(launcher_payload_kg(get_vehicle("sls-block-1"), -2.0)) == pytest.approx(27_000, rel=0.15)


def test_the_delivery_claim_flips_with_the_reactor_mass():
    from marsplan.claims import check_claims
    from marsplan.scenario import load_scenario

    sc = load_scenario()
    delivered = [c for c in sc.claims if c.test == "lunar_reactor_delivered_by"]
    assert {c.mass_t for c in delivered} == {1.5, 6.0}
    small_only = sc.model_copy(update={"claims": delivered})
    verdicts = {v.text: v.verdict for v in check_claims(small_only, None, None, None, None, None)}
    by_mass = {c.mass_t: verdicts[c.text] for c in delivered}
    assert by_mass == {1.5: "supported", 6.0: "not supported"}
    # with a refilled Starship among the vehicles the 6 t unit can be landed
    heavy = delivered[1].model_copy(update={"vehicles": ["long-march-5", "starship"]})
    (verdict,) = check_claims(sc.model_copy(update={"claims": [heavy]}), None, None, None, None, None)
    assert verdict.verdict == "supported" and "tanker" in verdict.evidence


@pytest.mark.parametrize(("args", "words"), [
    (["--payload-t", "-1"], "--payload-t"),
    (["--payload-t", "1", "--site", "jezero"], "lunar site"),
    (["--payload-t", "1", "--site", "atlantis"], "atlantis"),
    (["--payload-t", "1", "--vehicle", "saturn-v"], "saturn-v"),
    (["--payload-t", "1", "--year", "2800"], "--year"),
])
def test_bad_delivery_inputs_are_one_line(args, words):
    result = runner.invoke(app, ["moon", "deliver", *args])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1 and words in lines[0], result.stderr
