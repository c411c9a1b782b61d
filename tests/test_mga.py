"""Gravity-assist transfers (issue 25): ESA's GTOP problems on their own planet model, the optimiser's
determinism, and agreement with marsplan's direct transfers."""

import numpy as np
import pytest

from marsplan.astro import ephemeris
from marsplan.astro.frames import icrf_to_ecliptic
from marsplan.errors import InputError
from marsplan.trajectory import gtop
from marsplan.trajectory.mga import Capture, MGAProblem, optimize_mga

# GTOP's own software at the published vectors, as Tudat's unit tests of its transfer-trajectory module quote it
# (Tudat/tudat, unitTestTrajectory.cpp): Cassini1 4930.72686847243 m/s, Cassini2 8385.15784516116 m/s
TUDAT_GTOP_CASSINI1_KM_S = 4.93072686847243
TUDAT_GTOP_CASSINI2_KM_S = 8.38515784516116
# GTOP's Messenger (reduced) page: Vinko & Izzo (ESA, March 2008), 8.703 km/s "to the precision of meters per
# second"; Addis, Cassioli, Locatelli & Schoen (May 2008), 8.631 km/s, whose vector Tudat's test quotes with GTOP's
# value 8630.83256199051 m/s
GTOP_MESSENGER_VINKO_IZZO_X = (2369.89, 1.67208, 0.380256, 0.499911, 400, 168.06, 224.695, 212.292, 0.237501,
                               0.0223169, 0.161132, 0.468419, 1.80818, 1.64195, 1.1, 1.29702, 2.80363, 1.57266)
GTOP_MESSENGER_ADDIS_X = (1171.64503236, 1.40899421278, 0.37992647165, 0.498004040298, 399.999999715,
                          178.372255301, 299.223139512, 180.510754824, 0.234594654679, 0.0964769387134,
                          0.829948744508, 0.317174785637, 1.80629232251, 3.04129845698, 1.10000000891, 1.35077257078,
                          1.09554368115, 1.34317576594)
TUDAT_GTOP_MESSENGER_KM_S = 8.63083256199051


def test_cassini1_best_known_trajectory_on_gtop_planets():
    prob = gtop.cassini1()
    parts = prob.batch(gtop.CASSINI1_BEST_X)[0]
    assert parts[0] == pytest.approx(TUDAT_GTOP_CASSINI1_KM_S, rel=1e-6)
    assert round(float(parts[0]), 4) == gtop.CASSINI1_BEST_KM_S
    # the best trajectory grazes the limits of its first Venus and its Earth flyby (GTOP: 6351.8 and 6778.1 km)
    rp = parts[5 + 4:5 + 8]
    assert rp[0] == pytest.approx(6351.8, abs=0.1) and rp[2] == pytest.approx(6778.1, abs=0.1)


def test_cassini2_mga_1dsm_trajectory_on_gtop_planets():
    prob = gtop.cassini2()
    assert prob.dimension == 22
    value = float(prob.objective(gtop.CASSINI2_BEST_X))
    assert value == pytest.approx(TUDAT_GTOP_CASSINI2_KM_S, rel=1e-6)
    assert value == pytest.approx(gtop.CASSINI2_BEST_KM_S, rel=5e-4)


def test_messenger_mga_1dsm_published_trajectories_on_gtop_planets():
    prob = gtop.messenger()
    assert prob.dimension == 18
    assert float(prob.objective(GTOP_MESSENGER_VINKO_IZZO_X)) == pytest.approx(8.703, abs=0.0005)
    value = float(prob.objective(GTOP_MESSENGER_ADDIS_X))
    assert value == pytest.approx(TUDAT_GTOP_MESSENGER_KM_S, rel=1e-6)
    assert round(value, 3) == 8.631 and value >= gtop.MESSENGER_BEST_KM_S


def test_gtop_planets_are_near_the_real_ones():
    """GTOP's analytic elements (mean ecliptic of date, epochs half a day apart from JPL's) against DE440 in
    2000: positions within 2 % of the distance from the Sun."""
    for body in ("venus", "earth", "mars", "jupiter", "saturn"):
        r_gtop, _ = gtop.gtop_state(body, np.array([0.0, 365.0]))
        r_de, _ = ephemeris.state(body, gtop.MJD2000_TDB_JD + np.array([0.0, 365.0]))
        r_de = icrf_to_ecliptic(r_de)
        assert np.all(np.linalg.norm(r_gtop - r_de, axis=-1) < 0.02 * np.linalg.norm(r_de, axis=-1)), body


def test_a_two_body_sequence_is_a_direct_transfer():
    """E-M with the arrival v-infinity counted: the same C3 and v-infinity as marsplan's porkchop cell (both from
    DE440; the MGA objective is v_inf departure + v_inf arrival)."""
    from marsplan.trajectory import TransferModel, evaluate

    jd, tof = 2_461_340.5, 300.0
    prob = MGAProblem(("earth", "mars"), (jd - 10, jd + 10), ((100.0, 400.0),))
    parts = prob.batch([jd, tof])[0]
    cell = evaluate(TransferModel("earth", "mars"), jd, tof)
    assert parts[1] ** 2 == pytest.approx(float(cell["c3_km2_s2"]), rel=1e-10)
    assert parts[2] == pytest.approx(float(cell["vinf_arrival_km_s"]), rel=1e-10)
    assert parts[0] == pytest.approx(parts[1] + parts[2], rel=1e-14)


def test_optimizer_finds_cassini1_near_its_best_in_a_small_box():
    """A small Cassini1 (the same problem, its box narrowed to +-3 % around the best known): within 0.5 % of
    4.9307 km/s with a fixed seed and budget.  The whole box is in ``make bench``."""
    full = gtop.cassini1()
    best = np.array(gtop.CASSINI1_BEST_X)
    box = [(max(lo, b - 0.03 * (hi - lo)), min(hi, b + 0.03 * (hi - lo))) for (lo, hi), b in zip(full.bounds, best,
                                                                                                   strict=True)]
    small = MGAProblem(full.sequence, box[0], tuple(box[1:]), arrival=full.arrival, planets="gtop",
                       epoch_origin_tdb_jd=gtop.MJD2000_TDB_JD)
    result = optimize_mga(small, seed=1, islands=4, population=15, generations=150, polish_evaluations=1_000)
    assert result.total_dv_km_s <= gtop.CASSINI1_BEST_KM_S * 1.005
    assert result.evaluations <= 4 * 15 * 6 * 151 + 1_001 + 1


def test_same_numbers_in_process_and_on_two_dask_workers():
    prob = MGAProblem(("earth", "venus", "mars"), (2_461_000.5, 2_461_200.5), ((80.0, 250.0), (80.0, 300.0)))
    here = optimize_mga(prob, seed=3, islands=3, population=8, generations=30, polish_evaluations=200)
    there = optimize_mga(prob, seed=3, islands=3, population=8, generations=30, polish_evaluations=200, workers=2)
    np.testing.assert_array_equal(here.x, there.x)
    assert here.total_dv_km_s == there.total_dv_km_s and here.evaluations == there.evaluations
    assert here.islands == there.islands


def test_bad_problems_are_refused():
    with pytest.raises(InputError, match="2 legs"):
        MGAProblem(("earth", "venus", "mars"), (0.0, 1.0), ((100.0, 200.0),))
    with pytest.raises(InputError, match="Sun"):
        MGAProblem(("earth", "sun", "mars"), (0.0, 1.0), ((100.0, 200.0), (100.0, 200.0)))
    with pytest.raises(InputError):
        Capture(periapsis_km=-1.0)
    with pytest.raises(InputError, match="uranus"):
        MGAProblem(("earth", "uranus"), (0.0, 1.0), ((100.0, 200.0),), planets="gtop")
    with pytest.raises(InputError):
        optimize_mga(MGAProblem(("earth", "mars"), (0.0, 1.0), ((100.0, 200.0),)), islands=0)


def test_cli_mga_json_is_strict_and_consistent():
    import json

    from click.testing import CliRunner

    from marsplan.cli import app

    result = CliRunner().invoke(app, ["mga", "--sequence", "earth,mars", "--depart", "2026-09-01:2026-12-31", "--tof",
                                      "150:400", "--islands", "2", "--population", "8", "--generations", "30",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"non-strict JSON constant {c}"))
    assert data["sequence"] == ["earth", "mars"] and data["model"] == "MGA"
    assert data["total_dv_km_s"] == pytest.approx(data["vinf_departure_km_s"] + data["vinf_arrival_km_s"])
    # the 2026 window's cheapest direct transfers cost some 5.5-6 km/s of v-infinity at both ends together
    assert 5.0 < data["total_dv_km_s"] < 6.5
    bad = CliRunner().invoke(app, ["mga", "--sequence", "earth,mars", "--tof", "100:200", "--tof", "100:200"])
    assert bad.exit_code == 2 and bad.stderr.startswith("marsplan: error: --tof")


def test_pygmo_islands_give_the_same_numbers_in_process_and_on_dask():
    pytest.importorskip("pygmo")
    prob = gtop.cassini1()
    kwargs = {"seed": 5, "islands": 2, "population": 4, "generations": 40, "polish_evaluations": 100,
              "algorithm": "sade"}
    here = optimize_mga(prob, **kwargs)
    there = optimize_mga(prob, workers=2, **kwargs)
    np.testing.assert_array_equal(here.x, there.x)
    assert here.islands == there.islands and here.evaluations == there.evaluations


def test_searches_outside_the_ephemeris_or_too_small_for_pygmo_fail_cleanly():
    from click.testing import CliRunner

    from marsplan.cli import app

    runner = CliRunner()
    early = runner.invoke(app, ["mga", "--sequence", "earth,mars", "--tof", "100:200", "--depart",
                                "1500-01-01:1501-01-01", "--islands", "1", "--generations", "2"])
    assert early.exit_code == 2 and "coverage" in early.stderr and len(early.stderr.strip().splitlines()) == 1
    pytest.importorskip("pygmo")
    tiny = runner.invoke(app, ["mga", "--sequence", "earth,mars", "--tof", "100:200", "--algorithm", "sade",
                               "--islands", "1", "--generations", "1", "--population", "2", "--format", "json"])
    assert tiny.exit_code == 0, tiny.output
    long = runner.invoke(app, ["freereturn", "--from", "2026-01-01", "--to", "2200-01-01"])
    assert long.exit_code == 2 and "years" in long.stderr


def test_basin_hopping_descends_and_gives_the_same_numbers_in_process_and_on_dask():
    pytest.importorskip("pygmo")
    prob = gtop.messenger()
    kwargs = {"seed": 3, "islands": 2, "generations": 3, "polish_evaluations": 0, "algorithm": "mbh"}
    here = optimize_mga(prob, **kwargs)
    there = optimize_mga(prob, workers=2, **kwargs)
    np.testing.assert_array_equal(here.x, there.x)
    assert here.islands == there.islands and here.evaluations == there.evaluations
    # three SLSQP descents from a random point already beat the best of 20,000 random trajectories
    rng = np.random.default_rng(0)
    lo, hi = np.array(prob.bounds).T
    sampled = prob.batch(lo + rng.random((20_000, prob.dimension)) * (hi - lo))[:, 0]
    assert here.total_dv_km_s < sampled.min()
    assert all(lo[i] <= here.x[i] <= hi[i] for i in range(prob.dimension))
