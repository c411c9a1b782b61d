"""Issue 28, item 3: no internal error on any input the parser accepts.  Each reported reproducer, and each class
it stands for, ends in one line on stderr and exit 2 (or, for an ISO 8601 zero offset, in the answer)."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from marsplan.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_progress_lines(monkeypatch):
    # a loaded machine may take over 2 s, and then shows progress on stderr: not an error line
    monkeypatch.setenv("MARSPLAN_PROGRESS_AFTER_S", "86400")


def _refused(args, *words):
    result = runner.invoke(app, args)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2, (args, result.exit_code, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("marsplan: error: "), (args, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout and "internal error" not in result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


# -------------------------------------------------------- physical ranges, declared with the parameters

LAMBERT = ["lambert", "--r1", "5000,10000,2100", "--r2", "-14600,2500,7000", "--tof-s", "3600"]


@pytest.mark.parametrize(("args", "words"), [
    ([*LAMBERT, "--mu", "1e-300"], ("--mu 1e-300", "1e-12 to 1e+14 km^3/s^2")),  # the reported reproducer
    ([*LAMBERT, "--mu", "1e300"], ("--mu",)),
    (["lambert", "--r1", "1e13,0,0", "--r2", "0,1e8,0", "--tof-s", "3600"], ("--r1", "1e+12 km")),
    (["lambert", "--r1", "7000,0,0", "--r2", "0,7000,0", "--tof-s", "1e-300"], ("--tof-s", "1 to 1e+11 s")),
    (["windows", "--from", "2026-06-01", "--to", "2027-06-01", "--tof", "1e-300:1"], ("--tof", "1 <= MIN")),
    (["porkchop", "--tof", "0.5:300"], ("--tof",)),
])
def test_physical_parameters_are_refused_outside_their_range(args, words):
    _refused(args, *words)


def test_lambert_kernel_returns_a_status_instead_of_raising():
    """Numpy's error model: a division by zero inside the kernel is an infinity or NaN and a status, in the serial
    and the parallel build alike (the parallel one raised SystemError: 'returned a result with an exception set')."""
    from marsplan.astro.lambert import BAD_INPUT, NOT_CONVERGED, OK, _solve_cells

    r1 = np.array([[7000.0, 0.0, 0.0]] * 3)
    r2 = np.array([[0.0, 7000.0, 0.0]] * 3)
    tof = np.array([3600.0, 3600.0, 3600.0])
    for build in (_solve_cells.serial, _solve_cells.parallel):
        for mu in (1e-300, 398600.0):
            v1, v2, status = np.empty((3, 3)), np.empty((3, 3)), np.empty(3, dtype=np.int8)
            build(r1, r2, tof, mu, 0, True, True, v1, v2, status)
            if mu == 398600.0:
                assert (status == OK).all() and np.isfinite(v1).all()
            else:
                assert set(status.tolist()) <= {NOT_CONVERGED, BAD_INPUT} and np.isnan(v1).all()
        v1, v2, status = np.empty((3, 3)), np.empty((3, 3)), np.empty(3, dtype=np.int8)
        build(r1, r2, tof, 1e-300, 2, True, True, v1, v2, status)  # N revolutions: the same
        assert (status != OK).all() and np.isnan(v1).all()


# -------------------------------------------------------- dates: ISO 8601 offsets accepted when zero, refused else

def test_a_zero_utc_offset_inside_a_range_is_accepted():
    short = ["--tof", "200:210", "--step", "10", "--format", "json"]
    plain = runner.invoke(app, ["porkchop", "--depart", "2026-09-01:2026-09-21", *short])
    assert plain.exit_code == 0, plain.stderr
    for depart in ("2026-09-01+00:00:2026-10-01", "2026-09-01+00:00:2026-09-21-00:00",  # the reported reproducer
                   "2026-09-01T00:00+0000:2026-09-21T00:00Z"):
        result = runner.invoke(app, ["porkchop", "--depart", depart, *short])
        assert result.exit_code == 0 and result.stderr == "", (depart, result.stderr)
        grid = json.loads(result.stdout)
        assert grid["departure"][:3] == ["2026-09-01T00:00:00", "2026-09-11T00:00:00", "2026-09-21T00:00:00"], depart
        assert grid["c3_km2_s2"][:3] == json.loads(plain.stdout)["c3_km2_s2"], depart


@pytest.mark.parametrize("args", [
    ["porkchop", "--depart", "2026-09-01+05:00:2026-10-01"],
    ["porkchop", "--depart", "2026-09-01T00:00-03:30:2026-10-01"],
    ["transfer", "--leave", "2026-10-31+01:00"],
    ["ephemeris", "mars", "--date", "2026-01-01T12:00+02:00"],
])
def test_another_offset_is_refused_clearly(args):
    _refused(args, "only UTC times are accepted")


def test_date_types_hand_the_layers_below_a_plain_utc_text():
    from marsplan.commands.types import DateRange, UtcDate

    assert UtcDate().parse("2026-09-01+00:00") == "2026-09-01"
    assert UtcDate().parse("2026-09-01T06:00-0000") == "2026-09-01T06:00Z"
    assert DateRange().parse("2026-09-01+00:00:2026-10-01T00:00+00:00") == ("2026-09-01", "2026-10-01T00:00Z")


# -------------------------------------------------------- Dask schedulers: an address checked before any work

@pytest.mark.parametrize("address", ["x", "tcp://", "inproc://x", "tcp://[::1", "tcp://256.1.1.1:99999", "tls://a:1",
                                     "tcp://host:0", ""])
@pytest.mark.parametrize("command", [["lowthrust", "trade", "--powers-kwe", "1000", "--tofs", "300"],
                                     ["study", "city-2046-what-it-takes"], ["mga"], ["freereturn"], ["cycler"]])
def test_a_malformed_scheduler_address_is_refused_at_once(command, address):
    _refused([*command, "--scheduler", address], "--scheduler")


def test_an_unreachable_scheduler_is_one_line_naming_it():
    pytest.importorskip("distributed")
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        _refused(["lowthrust", "trade", "--powers-kwe", "1000", "--alphas", "10", "--tofs", "300",
                  "--max-evaluations", "1", "--scheduler", "tcp://127.0.0.1:1"],
                 "--scheduler tcp://127.0.0.1:1", "cannot reach a Dask scheduler")


def test_scheduler_addresses_are_normalised():
    from marsplan.commands.types import SchedulerAddress

    assert SchedulerAddress().parse(" 10.0.0.5:8786 ") == "tcp://10.0.0.5:8786"
    assert SchedulerAddress().parse("tcp://node-1.cluster:08786") == "tcp://node-1.cluster:8786"


# -------------------------------------------------------- study files: sizes bounded by the spec

def _study(tmp_path, study, parameters):
    lines = ["[study]", *(f"{k} = {v}" for k, v in study.items())]
    for p in parameters:
        lines += ["[[parameters]]", *(f"{k} = {v}" for k, v in p.items())]
    path = tmp_path / "hostile.toml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


GROWTH = {"name": '"growth"', "path": '"settlement.growth_factor"', "low": 1.5, "high": 2.5}
SHARE = {"name": '"share"', "path": '"settlement.crew_share_after"', "low": 0.1, "high": 0.5}
LANDING = {"name": '"landing"', "path": '"fleet.landing_failure_probability"', "low": 0.0, "high": 0.1}


@pytest.mark.parametrize(("study", "parameters", "words"), [
    # a sweep of 65,536 levels over three parameters: 2.8e14 points, built in memory before the check
    ({"name": '"s"', "method": '"sweep"', "samples": 65536}, [GROWTH, SHARE, LANDING], ("points", "200,000")),
    ({"name": '"s"', "method": '"sobol"', "samples": 65536}, [GROWTH, SHARE, LANDING], ("points",)),
    ({"name": '"s"', "method": '"sweep"', "samples": 2, "runs_per_point": "nan"}, [GROWTH], ("runs_per_point",)),
    ({"name": '"s"', "method": '"sweep"', "samples": 2, "runs_per_point": "1e300"}, [GROWTH], ("runs_per_point",)),
    ({"name": '"s"', "method": '"sweep"', "samples": 2}, [{**GROWTH, "low": "nan"}], ("finite",)),
    ({"name": '"s"', "method": '"sweep"', "samples": 2}, [{**GROWTH, "high": "inf"}], ("finite",)),
    ({"name": '"s"', "method": '"sweep"', "samples": 2, "bogus": 1}, [GROWTH], ("study.bogus",)),
    ({"name": '"s"', "method": '"sweep"', "samples": '"x"'}, [GROWTH], ("study.samples",)),
    ({"name": '"s"', "method": '"sweep"', "samples": 2, "target_probability": "nan"}, [GROWTH],
     ("target_probability",)),
])
def test_hostile_study_files_are_refused_before_any_work(tmp_path, study, parameters, words):
    _refused(["study", _study(tmp_path, study, parameters)], *words)


def test_study_points_are_counted_as_the_sampler_draws_them():
    from marsplan.study import load_study, sample_points
    from marsplan.study.spec import StudySpec

    for name in ("city-2046-sensitivity", "city-2046-what-it-takes"):
        spec = load_study(name)
        assert spec.points == sample_points(spec).shape[0]
    for method, second in (("sobol", False), ("sobol", True), ("morris", False)):
        spec = StudySpec.model_validate({"study": {"name": "s", "method": method, "samples": 4,
                                                   "second_order": second},
                                         "parameters": [{"name": "g", "path": "settlement.growth_factor", "low": 1,
                                                         "high": 2},
                                                        {"name": "c", "path": "settlement.crew_share_after",
                                                         "low": 0.1, "high": 0.5}]})
        assert spec.points == sample_points(spec).shape[0], (method, second)


# -------------------------------------------------------- TOML nested past the parser's recursion

@pytest.mark.parametrize("command", [["scenario", "validate"], ["study"], ["settle"]])
@pytest.mark.parametrize("nested", ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{b = " * 3000 + "1" + "}" * 3000])
def test_deeply_nested_toml_is_one_line(tmp_path, command, nested):
    path = tmp_path / "deep.toml"
    path.write_text(nested + "\n")
    _refused([*command, str(path)], "nested too deeply")


# -------------------------------------------------------- the server's static files

@pytest.mark.parametrize("name", ["x" * 300 + ".js", "é" * 200 + ".css", "%00.js", "a%00b.js"])
def test_odd_static_names_are_404_not_500(name):
    from fastapi.testclient import TestClient

    from marsplan.server import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        response = client.get(f"/static/{name}")
    assert response.status_code == 404, response.text
    assert "/marsplan/server/static" not in response.text
