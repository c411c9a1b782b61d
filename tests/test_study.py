"""Studies (issue 13, first part): parameters, determinism in-process and on Dask, resume, bad files."""

import json
import math
import os
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from marsplan.cli import app
from marsplan.errors import InputError
from marsplan.scenario import load_scenario
from marsplan.settlement import settlement_parameters
from marsplan.study import apply_overrides, load_study, run_study
from marsplan.study.spec import StudySpec

runner = CliRunner()


def _spec(method="sweep", samples=3, runs=400, params=None, seed=5, scenario=None):
    params = params or [{"name": "p_land", "path": "fleet.landing_failure_probability", "low": 0.05, "high": 0.5}]
    return StudySpec.model_validate({
        "study": {"name": "t", "scenario": str(scenario or "mars-2026"), "seed": seed, "runs_per_point": runs,
                  "method": method, "samples": samples},
        "parameters": params,
    })


def test_overrides_reach_scenario_mission_manifest_and_model_data():
    sc, prm = load_scenario(), settlement_parameters()
    new_sc, new_prm = apply_overrides(sc, prm, {
        "settlement.growth_factor": 2.0, 'missions["Cargo 2028"].ships': 7, "settlement.cargo_manifest.power": 0.4,
        "settlement.closure.water": 0.8, "settlement.industry.half_range_industry_t": 300.0})
    assert new_sc.settlement.growth_factor == 2.0
    assert next(m for m in new_sc.missions if m.name == "Cargo 2028").ships == 7
    shares = new_sc.settlement.cargo_manifest.model_dump()
    assert shares["power"] == 0.4 and math.isclose(sum(shares.values()), 1.0)
    # the other shares keep their proportions: habitat / industry was 0.25 / 0.2
    assert shares["habitat"] / shares["industry"] == pytest.approx(0.25 / 0.2)
    assert new_prm["closure"]["water"] == 0.8 and prm["closure"]["water"] == 0.93  # the input is untouched
    for bad, message in ((("trajectory.tof_days_min", 1.0), "cannot be varied"),
                         (("settlement.nonsense", 1.0), "not a numeric field"),
                         (('missions["Nope"].ships', 1.0), "no mission"),
                         (("settlement.closure.water", 1.5), r"closure.water = 1.5: .*allowed >= 0.0 and <= 1.0"),
                         (("settlement.industry.half_range_industry_t", 0.0), r"half_range_industry_t .*> 0"),
                         (("fleet.landing_failure_probability", 2.0), "landing_failure_probability")):
        with pytest.raises(InputError, match=message):
            apply_overrides(sc, prm, dict([bad]))


@pytest.mark.slow
def test_crew_lost_per_launched_follows_the_landing_failure_probability():
    # arithmetic nobody here computed: each launched crew ship is lost with probability p_land, so the share of
    # launched crew lost in landings is p_land within 4 sigma: ships of c_i people each, lost independently,
    # give a share with variance p (1 - p) sum c_i^2 / (sum c_i)^2 <= p (1 - p) max(c) / sum c_i
    spec = _spec(samples=3, runs=400)
    most = max(m.crew_per_ship for m in load_scenario().missions if m.kind == "crew")
    result = run_study(spec)
    for p_land, share, crew in zip(result.x[:, 0], result.outputs["crew_lost_per_launched"],
                                   result.outputs["crew_launched"], strict=True):
        sigma = math.sqrt(p_land * (1 - p_land) * most / (crew * spec.study.runs_per_point))
        assert abs(share - p_land) <= 4 * sigma, (p_land, share, sigma)
    # more landing failures close the crew gate more often: no more crews launched (P(lost) is no invariant: a
    # settlement whose reactors retire starves the more people it has, so fewer crews can mean fewer losses)
    assert np.all(np.diff(result.outputs["crew_launched"]) <= 0.05 * result.outputs["crew_launched"][:-1])


@pytest.mark.slow
def test_same_numbers_in_process_and_on_dask(tmp_path):
    spec = _spec(samples=4, runs=100)
    here = run_study(spec)
    one = run_study(spec, workers=1)
    two = run_study(spec, workers=2, out_dir=tmp_path / "two")
    for name, values in here.outputs.items():
        np.testing.assert_array_equal(values, one.outputs[name], err_msg=name)
        np.testing.assert_array_equal(values, two.outputs[name], err_msg=name)
    assert (tmp_path / "two" / "study.nc").is_file()
    assert len(list((tmp_path / "two" / "points").glob("point-*.json"))) == 4


def test_study_report_has_its_figures(tmp_path, short_scenario):
    path = tmp_path / "s.toml"
    path.write_text(f'[study]\nname = "s"\nscenario = "{short_scenario}"\nseed = 1\nruns_per_point = 30\n'
                    'method = "sobol"\nsamples = 4\n[[parameters]]\nname = "growth"\n'
                    'path = "settlement.growth_factor"\nlow = 1.2\nhigh = 2.5\n[[parameters]]\nname = "p_land"\n'
                    'path = "fleet.landing_failure_probability"\nlow = 0.0\nhigh = 0.5\n')
    out = tmp_path / "out"
    result = runner.invoke(app, ["study", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text()
    assert "What decides the outputs" in page and "What it takes" in page and page.count("<img") >= 2
    points = json.loads((out / "study.json").read_text())["points"]
    assert (out / "study.nc").is_file() and points == 4 * (2 + 2)  # Saltelli without second order: N (D + 2)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        assert not os.environ.get("CI"), "CI must have Chromium"
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:  # a 1,400 px window holds the page: nothing wider than it
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        view = browser.new_page(viewport={"width": 1400, "height": 900})
        view.goto((out / "report.html").as_uri())
        assert view.evaluate("document.documentElement.scrollWidth") <= 1400
        browser.close()


def test_resume_recomputes_only_missing_points(tmp_path):
    spec = _spec(samples=4, runs=60)
    full = run_study(spec, out_dir=tmp_path)
    assert full.computed == 4
    points = sorted((tmp_path / "points").glob("point-*.json"))
    points[1].unlink()
    points[3].write_text("{broken")  # a damaged point is refused, or recomputed with repair
    older = json.loads(points[2].read_text())
    del older["outputs"]["years_to_self_sustaining"]  # a point from before an output was added: the same
    points[2].write_text(json.dumps(older))
    with pytest.raises(InputError, match="point-000002.json"):
        run_study(spec, out_dir=tmp_path, resume=True)
    again = run_study(spec, out_dir=tmp_path, resume=True, repair=True)
    assert again.computed == 3
    for name, values in full.outputs.items():
        np.testing.assert_array_equal(values, again.outputs[name], err_msg=name)
    # points of another study are never reused
    with pytest.raises(InputError, match="different study"):
        run_study(_spec(samples=4, runs=61), out_dir=tmp_path, resume=True)


@pytest.mark.slow
def test_a_parameter_that_cannot_matter_has_no_total_index():
    # the power analysis's base load is not an input of the settlement Monte Carlo
    params = [{"name": "growth", "path": "settlement.growth_factor", "low": 1.3, "high": 2.5},
              {"name": "base_load", "path": "power.base_load_kw", "low": 10.0, "high": 200.0}]
    result = run_study(_spec(method="sobol", samples=8, runs=60, params=params))
    analysed = {k: v["indices"] for k, v in result.sensitivity.items() if not v["degenerate"]}
    assert "mass_landed_t" in analysed and "self_sufficiency_horizon" in analysed
    for output, st in analysed.items():
        # the points of a Saltelli block share their random stream, so moving base_load alone changes nothing
        assert abs(st["base_load"]["ST"]) <= st["base_load"]["ST_conf"], output
        assert st["base_load"]["ST"] == 0.0
    assert analysed["mass_landed_t"]["growth"]["ST"] > 0.5


def test_points_of_a_block_share_their_stream_and_blocks_do_not():
    from marsplan.study import block_size, point_seed

    sobol = _spec(method="sobol", samples=4)
    assert block_size(sobol) == 1 + 2  # one parameter: A, AB_1, B
    second = sobol.model_copy(update={"study": sobol.study.model_copy(update={"second_order": True})})
    assert block_size(second) == 2 * 1 + 2
    assert block_size(_spec(method="sweep")) == 1
    seeds = [point_seed(5, i, block_size(sobol)) for i in range(6)]
    assert seeds[0] == seeds[1] == seeds[2] != seeds[3] == seeds[4] == seeds[5]
    independent = sobol.model_copy(update={"study": sobol.study.model_copy(update={"common_random_numbers": False})})
    assert len({point_seed(5, i, block_size(independent)) for i in range(6)}) == 6


def test_second_order_sobol_has_n_2d_plus_2_points_and_pair_indices():
    params = [{"name": "growth", "path": "settlement.growth_factor", "low": 1.3, "high": 2.5},
              {"name": "p_land", "path": "fleet.landing_failure_probability", "low": 0.0, "high": 0.3}]
    spec = _spec(method="sobol", samples=4, runs=30, params=params)
    spec = spec.model_copy(update={"study": spec.study.model_copy(update={"second_order": True})})
    result = run_study(spec)
    assert result.x.shape[0] == 4 * (2 * 2 + 2)  # Saltelli with second order: N (2D + 2)
    pair = result.to_dict()["second_order"]["mass_landed_t"]["growth x p_land"]
    assert set(pair) == {"S2", "S2_conf"}
    s2 = result.dataset()["S2"]  # study.nc carries them too
    assert s2.dims == ("output", "parameter", "parameter_b")
    assert s2.sel(output="mass_landed_t", parameter="growth", parameter_b="p_land") == pair["S2"]


def test_fixed_values_apply_at_every_point():
    spec = StudySpec.model_validate({
        "study": {"name": "t", "seed": 3, "runs_per_point": 20, "method": "sweep", "samples": 2},
        "parameters": [{"name": "growth", "path": "settlement.growth_factor", "low": 1.3, "high": 1.6}],
        "fixed": {"settlement.max_ships_per_window": 0},
    })
    result = run_study(spec)
    # no ship beyond the listed missions may fly: the growth factor then changes nothing
    assert result.outputs["ships"][0] == result.outputs["ships"][1]
    assert result.to_dict()["fixed"] == {"settlement.max_ships_per_window": 0.0}
    with pytest.raises(InputError, match="closure.water"):
        run_study(spec.model_copy(update={"fixed": {"settlement.closure.water": 2.0}}))


BAD = [
    ('[study]\nname = "x"\nmethod = "sobol"\nsamples = 8\n[[parameters]]\nname = "a"\npath = "settlement.nope"\n'
     'low = 0.0\nhigh = 1.0\n', "settlement.nope"),
    ('[study]\nname = "x"\nmethod = "sobol"\nsamples = 8\n[[parameters]]\nname = "a"\n'
     'path = "settlement.growth_factor"\nlow = 2.0\nhigh = 1.0\n', "low = 2 must be below high = 1"),
    ('[study]\nname = "x"\nmethod = "sobol"\nsamples = 8\n[[parameters]]\nname = "a"\n'
     'path = "settlement.growth_factor"\nlow = "one"\nhigh = 2.0\n', "parameters[0].low"),
    ('[study]\nname = "x"\nmethod = "guess"\n[[parameters]]\nname = "a"\npath = "settlement.growth_factor"\n'
     'low = 1.0\nhigh = 2.0\n', "study.method"),
    ('[study]\nname = "x"\nmethod = "sobol"\nruns_per_point = 0\n[[parameters]]\nname = "a"\n'
     'path = "settlement.growth_factor"\nlow = 1.0\nhigh = 2.0\n', "study.runs_per_point"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_study_files_are_one_line(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    out = tmp_path / "out"
    result = runner.invoke(app, ["study", str(path), "--out", str(out)])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1 and message in lines[0], result.stderr
    assert not out.exists()  # no partial output directory


def test_bundled_studies_load_and_cli_json(tmp_path, short_scenario):
    for name in ("city-2046-sensitivity", "city-2046-what-it-takes"):
        assert load_study(name).study.name == name
    path = tmp_path / "mini.toml"
    path.write_text(f'[study]\nname = "mini"\nscenario = "{short_scenario}"\nseed = 3\nruns_per_point = 40\n'
                    'method = "sweep"\nsamples = 2\n[[parameters]]\nname = "growth"\n'
                    'path = "settlement.growth_factor"\nlow = 1.2\nhigh = 2.0\nrole = "design"\n')
    result = runner.invoke(app, ["study", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"study", "scenario", "method", "points", "runs_per_point", "seed", "parameters",
                         "sensitivity", "frontier", "what_it_takes"}
    assert data["points"] == 2 and data["parameters"][0]["path"] == "settlement.growth_factor"


@pytest.mark.slow
def test_a_worker_killed_mid_study_changes_nothing():
    import os
    import signal

    from distributed import Client, LocalCluster

    spec = _spec(samples=12, runs=300)
    undisturbed = run_study(spec)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(cluster)
    killed = []

    def kill_one_worker(done, total):
        if not killed:  # the first point is back: kill a worker process outright
            pid = next(iter(client.run(os.getpid).values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    try:
        hit = run_study(spec, scheduler=cluster.scheduler_address, progress=kill_one_worker)
    finally:
        client.close()
        cluster.close()
    assert killed
    for name, values in undisturbed.outputs.items():
        np.testing.assert_array_equal(values, hit.outputs[name], err_msg=name)


@pytest.mark.slow
def test_a_killed_study_resumes_where_it_stopped(tmp_path, short_scenario):
    import subprocess
    import sys
    import time

    path = tmp_path / "s.toml"
    path.write_text(f'[study]\nname = "s"\nscenario = "{short_scenario}"\nseed = 9\nruns_per_point = 3000\n'
                    'method = "sweep"\nsamples = 30\n[[parameters]]\nname = "p_land"\n'
                    'path = "fleet.landing_failure_probability"\nlow = 0.0\nhigh = 0.5\n')
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "marsplan", "study", str(path), "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "points").glob("point-*.json"))) < 5:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    before = len(list((out / "points").glob("point-*.json")))
    assert 5 <= before < 30
    resumed = run_study(load_study(path), out_dir=out, resume=True)
    assert resumed.computed == 30 - before
    clean = run_study(load_study(path))
    for name, values in clean.outputs.items():
        np.testing.assert_array_equal(values, resumed.outputs[name], err_msg=name)


def test_points_carry_launches_and_claim_verdicts():
    result = run_study(_spec(samples=2, runs=50))
    # every ship takes itself and at least one tanker to Mars: launches exceed ships
    assert np.all(result.outputs["launches"] > result.outputs["ships"])
    counts = result.to_dict()["claims"]
    assert len(counts) == len(load_scenario().claims)
    assert all(sum(c.values()) == 2 for c in counts.values())
    assert result.dataset()["verdict"].shape == (2, len(counts))


@pytest.mark.slow
def test_the_bundled_what_it_takes_sweep_finds_the_cheapest_campaign_that_reaches_the_target():
    spec = load_study("city-2046-what-it-takes")
    spec = spec.model_copy(update={"study": spec.study.model_copy(update={"runs_per_point": 60})})
    result = run_study(spec)
    wit = result.what_it_takes
    assert wit["point"] is not None and wit["p_self_sustaining"] >= 0.9
    # brute force over every point of the grid: none with fewer launches reaches the target
    p, launches = result.outputs["p_self_sustaining"], result.outputs["launches"]
    assert launches[wit["point"]] == min(launches[p >= 0.9])
    assert wit["assumptions"]["settlement.cargo_manifest.consumables"] == 0.25  # the fixed baseline it needs
