"""Kernels that choose their parallelism (issue 24): the same numbers from the serial and the parallel build,
MARSPLAN_THREADS honoured, and progress a person can read when the output is piped."""

from __future__ import annotations

import os
import subprocess
import sys

import numba as nb
import numpy as np
import pytest

from marsplan import threads
from marsplan.threads import Kernel, twin

pytestmark = pytest.mark.filterwarnings("ignore::numba.NumbaPerformanceWarning")


TWO_THREADS = pytest.mark.skipif(nb.config.NUMBA_NUM_THREADS < 2,
                                 reason="numba has one thread here: the parallel build would run on one")


def _forced(monkeypatch, module, attr: str, which: str) -> None:
    """Make ``module.attr`` (a Kernel) run one build: the serial one, or the parallel one on 2 threads."""
    kernel = getattr(module, attr)
    assert isinstance(kernel, Kernel)
    monkeypatch.setattr(module, attr, Kernel(kernel.name, kernel.serial, kernel.parallel,
                                             0 if which == "parallel" else 2**62, 0))
    monkeypatch.setenv(threads.ENV, "2" if which == "parallel" else "1")


def _both(monkeypatch, module, attr, call):
    out = {}
    for which in ("serial", "parallel"):
        with monkeypatch.context() as m:
            _forced(m, module, attr, which)
            out[which] = call()
    return out["serial"], out["parallel"]


def _same(a, b) -> None:
    """Bitwise the same (NaN where NaN): each item's arithmetic is the same in both builds."""
    for x, y in zip(a, b, strict=True):
        x, y = np.asarray(x), np.asarray(y)
        assert x.dtype == y.dtype and x.shape == y.shape
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f")


@TWO_THREADS
def test_ephemeris_builds_agree(monkeypatch):
    from marsplan.astro import ephemeris

    jd = np.linspace(2451545.0, 2470000.0, 4_001)
    _same(*_both(monkeypatch, ephemeris, "_accumulate_chebyshev", lambda: tuple(ephemeris.state("mars", jd))))


@TWO_THREADS
def test_lambert_and_kepler_builds_agree(monkeypatch):
    from marsplan.astro import kepler, lambert

    rng = np.random.default_rng(3)
    r1 = rng.uniform(-2e8, 2e8, (3_000, 3))
    r2 = rng.uniform(-2e8, 2e8, (3_000, 3))
    tof = rng.uniform(5e6, 4e7, 3_000)
    mu = 1.32712440018e11
    _same(*_both(monkeypatch, lambert, "_solve_cells", lambda: tuple(lambert.solve(r1, r2, tof, mu))))
    v1, _ = lambert.solve(r1, r2, tof, mu)
    _same(*_both(monkeypatch, kepler, "_propagate_cells",
                 lambda: tuple(kepler.propagate(r1, np.nan_to_num(v1), tof, mu))))


@TWO_THREADS
def test_porkchop_and_survey_builds_agree(monkeypatch):
    from marsplan.trajectory import porkchop, transfer, windows

    def grid():
        ds = porkchop("earth", "mars", ("2026-09-01", "2026-10-20"), (150, 300), step_days=2.0)
        return tuple(ds[v].values for v in ("c3_km2_s2", "vinf_arrival_km_s", "dv_total_km_s", "lambert_status"))

    _same(*_both(monkeypatch, transfer, "_grid_kernel", grid))

    def survey():
        best = windows("earth", "mars", "2026-06-01", "2027-03-01", refine_minima=False).to_dict()
        return (np.array([op["type_II"]["min_c3"]["c3_km2_s2"] for op in best]),)

    _same(*_both(monkeypatch, transfer, "_profile_kernel", survey))

    def points():
        model = transfer.TransferModel("earth", "mars")
        out = transfer.evaluate(model, 2461300.5 + np.arange(3_000) * 0.05, 200.0 + np.arange(3_000) * 0.1)
        return tuple(out[k] for k in sorted(out))

    _same(*_both(monkeypatch, transfer, "_point_kernel", points))


@TWO_THREADS
def test_power_and_settlement_builds_agree(monkeypatch):
    from marsplan.power import LoadProfile, System, environment, get_power_site, power_catalog, simulate, simulation
    from marsplan.settlement import model

    env = environment(get_power_site("jezero"), power_catalog()["arrays"]["triple-junction"], LoadProfile(40.0), 6, 2)

    def year():
        r = simulate(env, System(5000.0, 2000.0, 0.9))
        return r.served_kwh, r.unmet_kwh, r.min_soc_fraction

    _same(*_both(monkeypatch, simulation, "_dispatch", year))
    cargo = {"habitat": 0.25, "power": 0.2, "isru": 0.15, "life_support": 0.1, "industry": 0.15, "consumables": 0.15}
    waves = [model.ShipWave("Cargo 2026", "cargo", 10, 0, 100.0, arrival_month=19, manifest=cargo),
             model.ShipWave("Crew 2028", "crew", 4, 6, 50.0, arrival_month=44, manifest=cargo)]

    def campaign():
        r = model.run_campaign(waves, start_year=2026, years=8, runs=700, seed=5, p_launch=0.05, p_land=0.1,
                               power_kw_per_t=40 / 6, threshold=0.9, survival_years=4.3)
        return r.population, r.mass_delivered_t

    for attr in ("_draw_kernel", "_months_kernel"):
        _same(*_both(monkeypatch, model, attr, campaign))


@TWO_THREADS
@pytest.mark.slow
def test_settlement_builds_agree_on_the_bundled_campaign(monkeypatch):
    # the bundled scenario's waves (manifests, retirements, the crew gate): the month kernel's arithmetic, not a
    # toy's, must round the same in both builds
    from marsplan.campaign import Campaign
    from marsplan.campaign.settlement import settle
    from marsplan.scenario import load_scenario
    from marsplan.settlement import model

    sc = load_scenario()
    stages = Campaign(sc)
    traj, waves = stages.trajectory, stages.waves

    def campaign():
        r = settle(sc, traj, runs=1000, seed=3, waves=waves)
        return r.population, r.self_sufficiency, r.mass_delivered_t

    _same(*_both(monkeypatch, model, "_months_kernel", campaign))


def test_marsplan_threads_is_honoured(monkeypatch):
    @twin(min_parallel_work=1, cache=False)
    def who(out):
        for i in nb.prange(out.shape[0]):
            out[i] = nb.np.ufunc.parallel._get_thread_id()

    out = np.empty(200_000, dtype=np.int64)
    monkeypatch.setenv(threads.ENV, "1")
    assert threads.threads() == 1 and who.threads_for(10**9) == 1
    who(out, work=out.size)
    assert len(set(out.tolist())) == 1  # the serial build: one thread did every item
    monkeypatch.setenv(threads.ENV, "2")
    assert who.threads_for(10**9) == min(2, nb.config.NUMBA_NUM_THREADS)
    if nb.config.NUMBA_NUM_THREADS >= 2:
        who(out, work=out.size)
        assert len(set(out.tolist())) == 2  # the parallel build, on the two threads asked for
    assert who.threads_for(0) == 1  # too little work for the parallel build, whatever the setting
    monkeypatch.setenv(threads.ENV, "not a number")
    assert threads.threads() == 1  # a bad setting never makes a call slower than the serial kernel
    monkeypatch.delenv(threads.ENV)
    assert 1 <= threads.threads() <= threads.machine_cores()
    monkeypatch.setattr(threads, "busy", lambda: True)  # other programs keep the cores busy
    assert who.threads_for(who.busy_threshold - 1) == 1
    assert who.threads_for(who.busy_threshold) == threads.threads()


def _threads_here(_shared, _item):
    from marsplan import threads as t

    return t.threads()


@pytest.mark.slow
def test_dask_workers_run_one_thread_each():
    from marsplan.distribute import run_tasks

    seen: list[int] = []
    run_tasks(_threads_here, None, [1, 2], seen.append, workers=1)
    assert seen == [1, 1]


def test_progress_lines_appear_on_stderr_when_piped(tmp_path):
    env = {**os.environ, "MARSPLAN_PROGRESS_AFTER_S": "0"}
    proc = subprocess.run([sys.executable, "-m", "marsplan", "windows", "--from", "2026-01-01", "--to", "2029-01-01",
                           "--format", "json"], capture_output=True, text=True, env=env, check=False, timeout=300,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert any(line.startswith("marsplan windows: Surveying") and "/" in line and "chunks" in line for line in lines)
    assert lines[-1].startswith("marsplan windows: done in")
    assert "None" not in proc.stderr
    # the answer on stdout stays strict JSON, untouched by the progress
    import json

    assert json.loads(proc.stdout)[0]["opportunity"] == "2026"


@TWO_THREADS
def test_flyby_builds_agree(monkeypatch):
    from marsplan.trajectory import flyby

    rng = np.random.default_rng(5)
    vin = rng.normal(size=(3_000, 3)) * 5.0
    vout = rng.normal(size=(3_000, 3)) * 5.0
    _same(*_both(monkeypatch, flyby, "_powered_cells",
                 lambda: tuple(flyby.powered_flyby(vin, vout, 42_828.0, 3_600.0))))
    vp = rng.normal(size=(3_000, 3)) * 20.0
    beta = rng.uniform(-3.0, 3.0, 3_000)
    _same(*_both(monkeypatch, flyby, "_unpowered_cells",
                 lambda: (flyby.unpowered_flyby(vin + vp, vp, 5_000.0, beta, 42_828.0),)))


@TWO_THREADS
def test_flyby_grid_builds_agree(monkeypatch):
    from marsplan.trajectory import flyby_grid

    def grid():
        ds = flyby_grid.flyby_porkchop(("earth", "venus", "mars"), ("2026-03-01", "2026-05-30"),
                                       ("2027-04-01", "2027-07-30"), step_days=15)
        return tuple(ds[v].values for v in flyby_grid.FLYBY_VARIABLES)

    _same(*_both(monkeypatch, flyby_grid, "_grid", grid))
