"""Issue 12: the CLI never shows a traceback, answers bad input in one line with exit 2, and starts fast."""

import json
import random
import signal
import subprocess
import sys
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from marsplan.cli import app
from marsplan.scenario.loader import scenario_text

runner = CliRunner()
CASE_SECONDS = 60


@contextmanager
def _time_limit(seconds, what):
    def stop(signum, frame):
        raise TimeoutError(f"{what} ran past {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _check(args):
    with _time_limit(CASE_SECONDS, " ".join(args)):
        result = runner.invoke(app, args)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert "Traceback" not in result.stderr + result.stdout, args
    if result.exit_code == 0:
        return result
    assert result.exit_code == 2, (args, result.exit_code, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("marsplan: error: "), (args, result.stderr)
    return result


# every class of failure the review found (issue 12), each a regression test
ISSUE_CASES = [
    ["lambert", "--r1", "5000,10000,2100", "--r2", "-14600,2500,7000", "--tof-s", "1e300", "--mu", "398600"],
    ["lambert", "--r1", "5000,10000,2100", "--r2", "-14600,2500,7000", "--tof-s", "3600",
     "--revs", "99999999999999999999999"],
    ["windows", "--step", "inf"],
    ["porkchop", "--tof", "100:nan"],
    ["porkchop", "--tof", "100:inf"],
    ["porkchop", "--tof", "1:1e9"],
    ["porkchop", "--tof", "1e300:1e300"],
    ["fleet", "--c3", "10", "--dla", "inf"],
    ["fleet", "--c3", "-inf"],
    ["porkchop", "--depart", "2026-9-1:2026-10-1"],
    ["porkchop", "--depart", "2026-09-01+00:00"],
    ["porkchop", "--depart", "２０２６-09-01:2026-10-01"],
    ["windows", "--from", "2026-9-1", "--to", "2027-01-01"],
    ["windows", "--step", "1e-9"],
    ["porkchop", "--depart", "2026-01-01:2046-01-01", "--tof", "100:450", "--step", "0.25"],
    ["windows", "--bogus"],
    ["ephemeris"],
]


@pytest.mark.parametrize("args", ISSUE_CASES, ids=[" ".join(a)[:60] for a in ISSUE_CASES])
def test_each_reported_failure_is_one_line_and_exit_2(args):
    assert _check(args).exit_code == 2


def test_unusable_output_paths_and_corrupt_ephemeris(tmp_path, monkeypatch):
    short = ["porkchop", "--depart", "2026-09-01:2026-09-03", "--tof", "200:202"]
    assert _check([*short, "--out", str(tmp_path)]).exit_code == 2
    assert _check([*short, "--plot", str(tmp_path)]).exit_code == 2
    (tmp_path / "grid.nc").mkdir()
    assert "is a directory" in _check([*short, "--out", str(tmp_path / "grid.nc")]).stderr
    assert _check([*short, "--out", "/proc/marsplan/grid.nc"]).exit_code == 2
    assert _check([*short, "--out", str(tmp_path / "new" / "grid.nc")]).exit_code == 0  # folders are made
    from marsplan.astro.ephemeris import default_ephemeris_path

    truncated = tmp_path / "truncated.bsp"
    truncated.write_bytes(default_ephemeris_path().read_bytes()[:200_000])
    monkeypatch.setenv("MARSPLAN_EPHEMERIS", str(truncated))
    result = _check(["ephemeris", "mars", "--date", "2026-01-01"])
    assert result.exit_code == 2 and "truncated" in result.stderr


def test_leap_second_dates():
    # 2016-12-31 ended with a leap second (IERS Bulletin C 52); 2017-12-31 did not
    ok = _check(["ephemeris", "earth", "--date", "2016-12-31T23:59:60", "--format", "json"])
    assert ok.exit_code == 0
    assert _check(["ephemeris", "earth", "--date", "2017-12-31T23:59:60"]).exit_code == 2
    grid = _check(["porkchop", "--depart", "2016-12-31T23:59:60:2017-01-02", "--tof", "200:201", "--format", "json"])
    assert grid.exit_code == 0


def test_an_internal_error_is_one_line_naming_the_command(monkeypatch):
    import marsplan.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(marsplan.pipeline, "plan", broken)
    result = runner.invoke(app, ["plan", "--out", "somewhere"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "internal error in `marsplan plan`" in lines[0] and "simulated bug" in lines[0]
    with pytest.raises(RuntimeError, match="simulated bug"):
        runner.invoke(app, ["--debug", "plan", "--out", "somewhere"], catch_exceptions=False)


# ------------------------------------------------------------------ fuzz -------------------------------------

BAD_NUMBERS = ["nan", "inf", "-inf", "1e300", "-1e300", "1e309", "-1", "0", "1e-9", "abc", "",
               "99999999999999999999999", "３", "0x10"]
BAD_DATES = ["2026-13-45", "2026-02-30", "2026-9-1", "２０２６-01-01", "2017-12-31T23:59:60", "2026-01-01T24:00",
             "2026-01-01T12:00+02:00", "yesterday", "", "1000-01-01", "3000-01-01", "2026-01-01T12:61"]


def _fuzz_cases(seed=20261123):
    rnd = random.Random(seed)
    pick = rnd.choice
    cases = []
    for _ in range(30):
        cases.append(["lambert", "--r1", pick(["5000,10000,2100", "1,2", "nan,0,0", "0,0,0", "1e300,1,1", "a,b,c"]),
                      "--r2", pick(["-14600,2500,7000", "1,2,3,4", "inf,1,1"]),
                      "--tof-s", pick(BAD_NUMBERS + ["3600"]), "--mu", pick(["398600", *BAD_NUMBERS]),
                      "--revs", pick(["0", "1", "-1", "1001", "99999999999999999999999"])])
    for _ in range(25):
        cases.append(["ephemeris", pick(["mars", "earth", "pluto", "", "MARS"]),
                      "--date", pick(BAD_DATES + ["2026-11-05", "2026-11-05T12:00:00Z"])])
    for _ in range(25):
        cases.append(["windows", "--from", pick(["2026-09-01", *BAD_DATES]), "--to", pick(["2027-01-01", *BAD_DATES]),
                      "--tof", pick(["100:450", "450:100", "nan:1", "1:inf", "0:10", "a:b", "10"]),
                      "--step", pick(["1", "5", *BAD_NUMBERS]), "--max-c3", pick(["20", *BAD_NUMBERS])])
    for _ in range(25):
        cases.append(["porkchop", "--depart", pick(["2026-09-01:2026-09-10", "2026-09-10:2026-09-01",
                                                    "2026-09-01", "2026-09-01:2046-09-01", *BAD_DATES]),
                      "--tof", pick(["200:220", "220:200", "0:1", "nan:nan", "1e300:1e301"]),
                      "--step", pick(["2", *BAD_NUMBERS]), "--revs", pick(["0", "-1", "51", "1e3"]),
                      "--capture", pick(["propulsive", "aerocapture", "nope"])])
    for _ in range(25):
        cases.append(["fleet", "--c3", pick(["9", "20", "-5", *BAD_NUMBERS]), "--dla", pick(["0", "50", "-95",
                                                                                            *BAD_NUMBERS]),
                      pick(["--payload-t", "--tankers"]), pick(["10", "100", "500", "-3", *BAD_NUMBERS]),
                      "--site", pick(["starbase", "baikonur", "atlantis"])])
    for _ in range(15):
        cases.append(["power", "--site", pick(["jezero", "lunar-south-pole", "atlantis"]), "--load-kw",
                      pick(["10", *BAD_NUMBERS]), "--runs", pick(["2", "0", "99999", "x"]), "--reliability",
                      pick(["0.99", "1", "0", "nan"]), "--isru-t-per-year", pick(["0", "-1", "nan", "inf"])])
    for _ in range(15):
        cases.append(["power", "irradiance", pick(["--site", "--lat"]), pick(["jezero", "10", "95", "nan", "inf"]),
                      "--ls", pick(["250", "-1", "361", "nan"]), "--tau", pick(["0.5", "-1", "25", "inf"])])
    for _ in range(30):
        cases.append(["lambert", "--r1", "5000,10000,2100", "--r2", "-14600,2500,7000", "--tof-s",
                      pick(["3600", "36000", "-5", "0", "1e12", "1e-12"]), "--mu", pick(["398600", "1", "1e20"]),
                      "--revs", pick(["0", "1", "2", "5"]), pick(["--retrograde", "--high-path", "--format"]),
                      *([pick(["json", "table", "yaml"])] if rnd.random() < 0.5 else [])])
    cases = [c[:-1] if c[-1] == "--format" else c for c in cases]
    for _ in range(8):
        cases.append(["settle", "--runs", pick(["5", "0", "-1", "1000001", "x"]),
                      "--seed", pick(["1", "-1", "4294967296", "nan"])])
    cases += [["doctor", "--format", "json"], ["scenario", "show", "nope"], ["plan", "/nonexistent.toml"],
              ["scenario", "validate", "/etc/hostname"], ["fleet", "--window", "2027"], ["nosuchcommand"],
              ["power"], ["porkchop", "--format", "xml"], ["settle", "--bogus"], ["lambert", "--r1", "1,2,3"]]
    return cases


FUZZ = _fuzz_cases()


@pytest.mark.slow
def test_fuzzed_commands_exit_0_or_2_with_one_line():
    assert len(FUZZ) >= 200
    for args in FUZZ:
        _check(args)


def _mutations(seed=7):
    """The bundled scenario with one numeric or text value replaced by a bad one."""
    rnd = random.Random(seed)
    text = scenario_text("mars-2026")
    lines = text.splitlines()
    numeric = [i for i, line in enumerate(lines) if " = " in line and not line.lstrip().startswith("#")
               and line.split(" = ", 1)[1].strip()[:1] in "0123456789-"]
    out = []
    for _ in range(40):
        i = rnd.choice(numeric)
        key = lines[i].split(" = ", 1)[0]
        bad = rnd.choice(["nan", "inf", "-1", "1e300", '"x"', "[]", "99999999999999999999999", "-1e-300", "true"])
        out.append("\n".join(lines[:i] + [f"{key} = {bad}"] + lines[i + 1:]) + "\n")
    return out


@pytest.mark.parametrize("index", range(40))
def test_mutated_scenarios_are_refused_in_one_line(tmp_path, index):
    path = tmp_path / "mutant.toml"
    path.write_text(_mutations()[index])
    result = _check(["scenario", "validate", str(path)])
    if result.exit_code == 2:
        assert "mutant.toml" in result.stderr


# ------------------------------------------------------------------ speed and cache --------------------------


def test_help_and_a_bad_option_need_no_heavy_imports():
    # `marsplan --help` must not load numba, scipy, matplotlib or xarray (make bench times it)
    code = ("import sys, marsplan.cli; heavy = [m for m in ('numba', 'scipy', 'matplotlib', 'xarray', 'numpy') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    bad = subprocess.run([sys.executable, "-m", "marsplan", "windows", "--from", "2026-13-45"], capture_output=True,
                         text=True, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_fleet_with_a_c3_surveys_nothing(monkeypatch):
    import marsplan.campaign.stages as orchestrate

    def no_survey(*args, **kwargs):
        raise AssertionError("fleet --c3 must not survey windows")

    monkeypatch.setattr(orchestrate, "campaign_trajectory", no_survey)
    data = json.loads(_check(["fleet", "--c3", "20", "--dla", "50", "--format", "json"]).stdout)
    assert data["c3_km2_s2"] == 20.0 and not data["dla_reachable"]


def test_survey_cache_returns_the_same_survey(tmp_path, monkeypatch):
    from marsplan.campaign.stages import campaign_trajectory
    from marsplan.scenario import load_scenario

    monkeypatch.setenv("MARSPLAN_CACHE_DIR", str(tmp_path))
    full = load_scenario()
    # three years of windows, not twenty: the cache's behaviour does not depend on the span
    sc = full.model_copy(update={"campaign": full.campaign.model_copy(update={"horizon_years": 3}),
                                 "missions": full.missions[:1], "milestones": []})
    first = campaign_trajectory(sc)
    files = sorted(tmp_path.glob("survey-*.npz"))
    assert len(files) == 2
    again = campaign_trajectory(sc)
    assert again.outbound.to_dict() == first.outbound.to_dict()
    assert again.inbound.to_dict() == first.inbound.to_dict()
    files[0].write_bytes(b"not an archive")  # a damaged entry is recomputed, not trusted
    assert campaign_trajectory(sc).outbound.to_dict() == first.outbound.to_dict()
    fresh = campaign_trajectory(sc, cache=False)
    assert fresh.outbound.to_dict() == first.outbound.to_dict()


def test_a_changed_input_or_code_misses_the_survey_cache(tmp_path, monkeypatch):
    import marsplan.trajectory.cache as cache

    monkeypatch.setenv("MARSPLAN_CACHE_DIR", str(tmp_path))
    calls = []

    def compute(value):
        def run():
            calls.append(value)
            return {"value": value}
        return run

    eph = type("Eph", (), {"path": __file__})()
    code_identity = cache.code_identity
    assert cache.cached("survey", {"start": "2026"}, eph, compute(1)) == {"value": 1}
    assert cache.cached("survey", {"start": "2026"}, eph, compute(2)) == {"value": 1}  # a hit
    assert cache.cached("survey", {"start": "2028"}, eph, compute(3)) == {"value": 3}  # another scenario span
    # a change to the code that shapes a survey (or to the cache's format) misses
    monkeypatch.setattr(cache, "code_identity", lambda: "another build of the kernels")
    assert cache.cached("survey", {"start": "2026"}, eph, compute(4)) == {"value": 4}
    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT + 1)
    assert cache.cached("survey", {"start": "2026"}, eph, compute(5)) == {"value": 5}
    assert calls == [1, 3, 4, 5]
    # the code hash covers the trajectory and astro sources
    assert len(code_identity()) == 64


def test_process_caches_stay_bounded_when_many_scenarios_come(monkeypatch):
    # a server takes scenarios from its users (POST /api/plan): 1,000 different ones must not grow a cache
    # without bound; the expensive work is stubbed, the caches are the real ones
    import marsplan.campaign.claims as claims
    import marsplan.campaign.nuclear as nuclear
    import marsplan.campaign.power as power
    from marsplan.scenario import load_scenario
    from marsplan.vehicles import tugs

    sc = load_scenario()
    monkeypatch.setattr(power, "analyse", lambda *a, **k: object())
    monkeypatch.setattr(tugs, "tug_delivery", lambda *a, **k: object())
    fleet_plan = type("Plan", (), {"return_dict": lambda self: {}})()
    lunar = next(c for c in sc.claims if c.test == "lunar_reactor_delivered_by")
    for k in range(1000):
        variant = sc.model_copy(update={
            "power": sc.power.model_copy(update={"base_load_kw": 10.0 + k}),
            "tug": sc.tug.model_copy(update={"stack_t": 40.0 + k / 10}),
            "campaign": sc.campaign.model_copy(update={"seed": k})})
        power.scenario_power(variant, fleet_plan)
        nuclear.tug_trip(variant)
        claims._remembered(lambda claim, scenario: None, lunar.model_copy(update={"mass_t": 1.0 + k / 1000}),
                           variant)
    assert len(power._POWER_ANALYSES) <= power._POWER_ANALYSES.maxsize == 8
    assert len(nuclear._TUG_TRIPS) <= nuclear._TUG_TRIPS.maxsize
    assert len(claims._LUNAR_VERDICTS) <= claims._LUNAR_VERDICTS.maxsize


def _no_nan(text):
    def refuse(name):
        raise AssertionError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("args", [
    ["porkchop", "--depart", "2026-09-01:2026-09-05", "--tof", "100:130", "--format", "json"],
    ["windows", "--from", "2026-08-01", "--to", "2027-02-01", "--format", "json"],
    ["fleet", "--c3", "9", "--format", "json"],
    ["lambert", "--r1", "5000,10000,2100", "--r2", "-14600,2500,7000", "--tof-s", "3600", "--mu", "398600",
     "--format", "json"],
    ["power", "irradiance", "--site", "jezero", "--format", "json"],
    ["doctor", "--format", "json"],
])
def test_json_output_is_strict(args):
    assert _no_nan(_check(args).stdout)


def test_strict_json_helper():
    from marsplan.jsonio import strict_json

    assert _no_nan(strict_json({"a": float("nan"), "b": [1.0, float("inf")], "c": (2, -float("inf"))})) == {
        "a": None, "b": [1.0, None], "c": [2, None]}
