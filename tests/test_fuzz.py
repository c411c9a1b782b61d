"""Issue 28, item 5: a fuzz suite of our own.

Hypothesis generates argument lists for every CLI command from the commands' own parameter definitions (the click
commands :mod:`marsplan.cli` builds from :mod:`marsplan.commands`: each option's value type, its range, its choices,
its flags) with edge values (+-0, +-inf, NaN, 1e-300, 1e300, empty, unicode, device paths, FIFOs, long strings,
values just outside each range), and asserts: exit 0 or 2, at most one non-empty line on stderr, no traceback, no
"internal error".  The same generator drives the HTTP API (query names and types from the same parameters): every
response is 2xx, 4xx or 503, never a 500; ``/static/`` paths with encoded ``..`` never leave the static folder.

Each call's work is kept small by construction, not by a wall clock: a heavy command (the whole chain, studies,
trades, Monte Carlo over a scenario) always gets one value certain to fail its parse last on the line (the values
before it are still all parsed), and a cheap command that may succeed gets the values that bound its work
(``--max-cells 300``, ``--runs 2``, ``--max-evaluations 1``, ...) instead of generated ones.

The normal suite runs a few hundred calls of each face, derandomised (the same calls every run);
``MARSPLAN_FUZZ_EXAMPLES=5000`` (``make fuzz``) runs more and prints the counts of each outcome.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import importlib.resources
import math
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsplan.cli import app
from marsplan.commands import Param
from marsplan.commands import types as vt

EXAMPLES = int(os.environ.get("MARSPLAN_FUZZ_EXAMPLES", "0") or 0)
CLI_EXAMPLES = EXAMPLES or 400
HTTP_EXAMPLES = EXAMPLES or 400
CALL_SECONDS = 60  # a call still running after this is a hang: the test fails naming it
FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None, print_blob=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

STATS: collections.Counter[str] = collections.Counter()
"""Outcomes of every generated call of this session, printed at the end of the module (``pytest -s``)."""

HOSTILE = Path(tempfile.mkdtemp(prefix="marsplan-fuzz-"))
atexit.register(shutil.rmtree, HOSTILE, True)  # also when no test of this module runs
"""Files no command should choke on, made once: a FIFO, an empty file, binary junk, a directory named like a
file, a large sparse file, a link to /dev/zero, TOML nested 5,000 deep, a study of 2.8e14 points."""


def _hostile_files() -> list[str]:
    os.mkfifo(HOSTILE / "fifo.toml")
    (HOSTILE / "empty.toml").write_bytes(b"")
    (HOSTILE / "junk.toml").write_bytes(bytes(range(256)) * 4)
    (HOSTILE / "dir.toml").mkdir()
    with open(HOSTILE / "big.toml", "wb") as f:
        f.truncate(8 << 20)
    (HOSTILE / "zero.toml").symlink_to("/dev/zero")
    (HOSTILE / "deep.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    (HOSTILE / "sweep.toml").write_text(
        '[study]\nname = "s"\nmethod = "sweep"\nsamples = 65536\n' + "".join(
            f'[[parameters]]\nname = "p{i}"\npath = "{p}"\nlow = 0.1\nhigh = 0.2\n'
            for i, p in enumerate(("settlement.crew_share_after", "fleet.landing_failure_probability",
                                   "settlement.wear.habitat"))))
    (HOSTILE / "nan.toml").write_text('[campaign]\nname = "x"\nstart = nan\n')
    return [str(p) for p in sorted(HOSTILE.iterdir())]


HOSTILE_FILES = _hostile_files()


# ---------------------------------------------------------------------------------------------------- edge values

JUNK = ["", " ", "abc", "３", "0x10", "1e309", "-1e309", "1_000", "NaN", "-nan", "+inf", "Infinity", "1e", "٣", "∞",
        "1,2", "1:2", "0" * 400, "--", "-", "\x00", "1\x00"]
NAMES = ["mars-2026", "mars", "earth", "moon", "venus", "jupiter", "sun", "earth,venus,mars", "zeus", "tem-1mwe",
         "jezero", "arcadia-planitia", "starbase", "kennedy", "baikonur", "kourou", "starship", "long-march-5",
         "fsp-40", "city-2046-what-it-takes"]
"""Names the catalogs know (bodies, scenarios, sites, vehicles, tugs, reactors, studies): half the text values,
so that calls reach the commands' work."""
TEXTS = ["", " ", "\t", "x" * 5000, "ünïcødé-✓", "火星", "/dev/zero", "/dev/null", "/dev/urandom", "/dev/stdin", "/",
         "/proc/self/status", ".", "..", "-", "a\x00b", "\x1b[31m", "nonexistent.toml", "/nonexistent/dir/x.toml",
         "pluto", "MARS", "earth,,mars", "falcon-heavy", *NAMES, *HOSTILE_FILES]
DATES = ["2026-01-01", "2026-11-05T12:00Z", "2026-11-05T12:00:00.5", "2016-12-31T23:59:60", "2026-09-01+00:00",
         "2026-09-01T00:00-0000", "2033-02-01", "1550-01-01", "1549-12-31", "1677-01-01", "2262-04-12",
         "2650-01-25", "2651-01-01", "9999-12-31", "0000-01-01", "2026-13-45", "2026-02-30", "2026-9-1",
         "２０２６-01-01", "2026-01-01T12:00+02:00", "2026-01-01+05:00", "2026-01-01T24:00", "2017-12-31T23:59:60",
         "yesterday", "", " 2026-01-01 ", "2026-01-01T12:61", "2026-01-01TZ", "-2026-01-01", "+12026-01-01"]
OUTPUTS = ["out.nc", "out/sub/grid.nc", "/proc/marsplan/grid.nc", "", " ", "ü.nc", ".", "..", "out.txt", "plot.png",
           "fifo", "out.oem", "out.bsp", "x" * 250 + ".nc", "x" * 300 + ".nc", "y" * 300 + "/grid.nc", "a\x00b.nc"]
"""Output paths, relative to the test's scratch folder (never a device or an absolute writable path: a write
that replaced /dev/null would break the machine); names over the file system's 255 bytes and with a NUL byte
included (they were internal errors)."""


def _g(x: float) -> str:
    return repr(x) if math.isfinite(x) and float(f"{x:g}") != x else f"{x:g}"


def _numbers(lo: float, hi: float) -> list[str]:
    """Edge numbers of [lo, hi]: both ends, just outside them, zero of both signs, the extremes of a double."""
    values = [0.0, -0.0, 1e-300, -1e-300, 1e300, -1e300, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5]
    for end in (lo, hi):
        if math.isfinite(end):
            values += [end, math.nextafter(end, -math.inf), math.nextafter(end, math.inf), end * 10, end / 10]
    if math.isfinite(lo) and math.isfinite(hi):
        values += [(lo + hi) / 2, lo + (hi - lo) / 10]
    return sorted({_g(v) for v in values})


def _ints(lo: int, hi: int) -> list[str]:
    return sorted({str(v) for v in (lo, hi, lo - 1, hi + 1, 0, 1, -1, 2**63, -(2**63), 10**30, (lo + hi) // 2)}
                  | {"1.5", "1e3", "x", "٣", " 7 ", "0x1f", "+5", ""})


def _parses(vtype: Any, text: str) -> bool:
    try:
        vtype.parse(text)
    except ValueError:
        return False
    return True


def _either(vtype: Any, candidates: list[str]) -> st.SearchStrategy[str]:
    """Any of ``candidates``, or (as often) one the type accepts: half the values reach the command's work."""
    valid = [c for c in candidates if _parses(vtype, c)]
    return (st.sampled_from(valid) | st.sampled_from(candidates)) if valid else st.sampled_from(candidates)


def _values(vtype: Any, name: str) -> st.SearchStrategy[str]:
    """Values of one parameter type (a :class:`marsplan.commands.types.ValueType`)."""
    junk = st.sampled_from(JUNK)
    if isinstance(vtype, vt.Float):
        return _either(vtype, _numbers(vtype.lo, vtype.hi)) | junk
    if isinstance(vtype, vt.Int):
        if name == "workers":  # a valid count starts a local Dask cluster (seconds a call): out of range only
            return st.sampled_from(["0", "-1", "257", "x", "", "1e3"])
        return _either(vtype, _ints(vtype.lo, vtype.hi))
    if isinstance(vtype, vt.FloatRange | vt.ValueOrRange):
        edges = _numbers(vtype.lo, vtype.hi)
        inside = sorted((x for x in edges if _parses(vt.Float(vtype.lo, vtype.hi), x)), key=float)
        nums = st.sampled_from(edges)
        ranges = (st.tuples(nums, nums).map(":".join) | nums | st.tuples(nums, nums, nums).map(":".join)
                  | st.sampled_from([":", "1:", ":1", "1::2"]) | junk)
        if not inside:
            return ranges
        ordered = st.tuples(st.sampled_from(inside), st.sampled_from(inside)).map(
            lambda t: ":".join(sorted(t, key=float)))
        return ordered | ranges
    if isinstance(vtype, vt.GridValues):
        edges = _numbers(vtype.lo, vtype.hi)
        inside = [x for x in edges if _parses(vt.Float(vtype.lo, vtype.hi), x)]
        nums = st.sampled_from(edges)
        counts = st.sampled_from(["0", "1", "2", str(vtype.max_count), str(vtype.max_count + 1), "-1", "10" * 9, "x",
                                  "2.5"])
        grids = (st.lists(nums, min_size=1, max_size=4).map(",".join) | st.tuples(nums, nums, counts).map(":".join)
                 | junk)
        return (st.lists(st.sampled_from(inside), min_size=1, max_size=3).map(",".join) | grids) if inside else grids
    if isinstance(vtype, vt.Vector3):
        parts = st.sampled_from(["0", "-0.0", "1", "7000", "-7000", "1e-300", "1e300", "1e12", "1e13", "nan", "inf",
                                 "-inf", "x", "1.5e8", ""])
        fine = st.lists(st.sampled_from(["0", "-0.0", "7000", "-7000", "1e-300", "1.5e8", "1e12", "1"]), min_size=3,
                        max_size=3).map(",".join)
        return fine | st.lists(parts, min_size=0, max_size=4).map(",".join) | junk
    if isinstance(vtype, vt.UtcDate):
        return _either(vtype, DATES)
    if isinstance(vtype, vt.DateRange | vt.DateOrRange):
        dates = st.sampled_from(DATES)
        pairs = st.tuples(dates, dates).map(":".join)
        valid = [d for d in DATES if _parses(vt.UtcDate(), d)]
        close = st.tuples(st.sampled_from(valid), st.sampled_from(valid)).map(":".join).filter(
            lambda text: _parses(vtype, text))
        return close | pairs | dates | st.sampled_from([":", "2026-01-01:", "::"])
    if isinstance(vtype, vt.SchedulerAddress):
        # a well-formed address makes Dask try to connect (30 s): test_hostile_input covers that once
        return st.sampled_from(["x", "tcp://", "tcp://host:0", "tcp://host:65536", "inproc://x", "tls://a:1",
                                "tcp://[::1", "", "ü:1"])
    if isinstance(vtype, vt.Choice):
        return st.sampled_from(vtype.choices) | st.sampled_from(["", "bogus", *(c.upper() for c in vtype.choices[:1]),
                                                                 *(f" {c}" for c in vtype.choices[:1])])
    if isinstance(vtype, vt.Text):
        return st.sampled_from(NAMES) | st.sampled_from(TEXTS)
    raise AssertionError(f"no generator for the value type {type(vtype).__name__} of {name}: add one")


def _poison(vtype: Any) -> str | None:
    """A value that type surely refuses, or None for a flag."""
    if isinstance(vtype, vt.Text):
        return ""
    if isinstance(vtype, vt.Int):
        return "x"
    if isinstance(vtype, vt.Choice):
        return "no-such-choice"
    if isinstance(vtype, vt.UtcDate | vt.DateRange | vt.DateOrRange):
        return "2026-13-45"
    if isinstance(vtype, vt.SchedulerAddress):
        return "x"
    if isinstance(vtype, vt.ValueType) and not isinstance(vtype, type(vt.BOOL)):
        return "nan"
    return None


# ---------------------------------------------------------------------------------------------------- the CLI


def _commands(group: click.Group, words: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        path = (*words, name)
        if isinstance(cmd, click.Group):
            if cmd.callback is not None:  # `power` and `lowthrust` run themselves without a subcommand
                out.append((path, cmd))
            out += _commands(cmd, path)
        else:
            out.append((path, cmd))
    return out


COMMANDS = _commands(app)

HEAVY = {"plan", "claims", "crew", "study", "cycler", "freereturn", "lowthrust trade", "moon transfers", "serve"}
"""Commands whose success costs seconds to minutes whatever is asked (the whole chain, the scenario's Monte Carlo
and claims, a study, a tug's spirals, the cycler search): always given a value that fails their parse, last.
`serve` too: its success is a server that listens until stopped."""

CHEAP = {
    "porkchop": ["--max-cells", "300"],
    "windows": ["--max-cells", "300"],
    "transfer": ["--points", "20"],
    "settle": ["--runs", "2"],
    "power": ["--runs", "1"],
    "lowthrust": ["--max-evaluations", "1", "--starts", "1"],
    "mga": ["--islands", "1", "--population", "2", "--generations", "1", "--algorithm", "de"],
}
"""What bounds a cheap command's work when it may succeed (these options are not generated then)."""

COSTLY_FLAGS = {"windows": {"--venus"}, "porkchop": {"--plot"}}
"""Options left out when a command may succeed: a Venus-flyby optimisation per window, a matplotlib figure."""


def _is_output(p: click.Parameter) -> bool:
    return isinstance(p, click.Option) and any(o in ("--out", "--plot", "--oem", "--spk") for o in p.opts) and \
        not isinstance(getattr(p.type, "param", None), Param)


def _cli_values(p: click.Parameter) -> st.SearchStrategy[str]:
    bound = getattr(p.type, "param", None)
    if isinstance(bound, Param):
        return _values(bound.type, bound.name)
    if _is_output(p):
        return st.sampled_from(OUTPUTS)
    if isinstance(p.type, click.Choice):
        return st.sampled_from([*map(str, p.type.choices), "xml", "", "JSON"])
    if isinstance(p.type, click.IntRange):  # serve --port: only ports it refuses (a valid one would listen)
        return st.sampled_from(["0", "65536", "-1", "x", "", "1e3"])
    return st.sampled_from(NAMES) | st.sampled_from(TEXTS)


def _cli_poison(p: click.Parameter) -> str | None:
    bound = getattr(p.type, "param", None)
    if isinstance(bound, Param):
        return None if bound.is_flag else _poison(bound.type)
    if isinstance(p.type, click.Choice):
        return "xml"
    if isinstance(p.type, click.IntRange):
        return "0"
    return None


@contextlib.contextmanager
def _time_limit(seconds: int, what: str):
    def stop(signum: int, frame: Any) -> None:
        raise TimeoutError(f"{what!r} ran past {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module", autouse=True)
def _scratch():
    """A scratch working folder (relative outputs land there), no progress lines, and the counts at the end."""
    old_cwd, old_env = os.getcwd(), os.environ.get("MARSPLAN_PROGRESS_AFTER_S")
    work = Path(tempfile.mkdtemp(prefix="marsplan-fuzz-cwd-"))
    os.mkfifo(work / "fifo")
    os.chdir(work)
    os.environ["MARSPLAN_PROGRESS_AFTER_S"] = "86400"  # progress lines are not errors; keep stderr to the answer
    yield
    os.chdir(old_cwd)
    if old_env is None:
        os.environ.pop("MARSPLAN_PROGRESS_AFTER_S", None)
    else:
        os.environ["MARSPLAN_PROGRESS_AFTER_S"] = old_env
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(HOSTILE, ignore_errors=True)
    if STATS:
        print("\nfuzz counts: " + ", ".join(f"{k}: {v:,}" for k, v in sorted(STATS.items())))


runner = CliRunner()


@settings(FUZZ, max_examples=CLI_EXAMPLES)
@given(st.data())
def test_every_command_answers_generated_arguments_in_one_line(data):
    words, cmd = data.draw(st.sampled_from(COMMANDS), label="command")
    name = " ".join(words)
    poisoned = name in HEAVY or data.draw(st.integers(0, 3), label="poison") == 0
    arguments = [p for p in cmd.params if isinstance(p, click.Argument)]
    options = [p for p in cmd.params if isinstance(p, click.Option) and p.name != "help"]
    if not poisoned:
        skip = set(CHEAP.get(name, [])[::2]) | COSTLY_FLAGS.get(name, set())
        options = [p for p in options if not skip & set(p.opts)]
    args = list(words)
    for p in arguments:
        if p.required and data.draw(st.integers(0, 9), label="argument given") == 0:
            continue  # a missing argument
        args.append(data.draw(_cli_values(p), label=p.name or "argument"))
    required = [p for p in options if p.required and data.draw(st.integers(0, 9), label="required given") > 0]
    chosen = data.draw(st.lists(st.sampled_from(options), max_size=5, unique_by=id), label="options")
    for p in required + [p for p in chosen if p not in required]:
        if isinstance(p, click.Option) and p.is_flag:
            args.append(p.opts[0])
        else:
            args += [p.opts[0], data.draw(_cli_values(p), label=p.opts[0])]
    if data.draw(st.integers(0, 14), label="junk") == 0:
        junk = data.draw(st.sampled_from(["--bogus", "-Z", "ü", "--format=xml", "--=", "-"]), label="junk token")
        args.insert(data.draw(st.integers(len(words), len(args)), label="junk at"), junk)
    if poisoned:
        candidates = [p for p in cmd.params if isinstance(p, click.Option) and _cli_poison(p) is not None]
        p = data.draw(st.sampled_from(candidates), label="poisoned")
        args += [p.opts[0], str(_cli_poison(p))]
    else:
        args += CHEAP.get(name, [])
    with _time_limit(CALL_SECONDS, " ".join(args)[:300]):
        result = runner.invoke(app, args)
    STATS[f"cli exit {result.exit_code}"] += 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    shown = (args, result.exit_code, result.stderr[-2000:], repr(result.exception))
    assert result.exit_code in (0, 2), shown
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert len(lines) <= 1, shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert "internal error" not in result.stderr, shown
    if result.exit_code == 2:
        assert lines and lines[0].startswith("marsplan: error: "), shown
    if poisoned:
        assert result.exit_code == 2, shown


def test_every_command_and_value_type_has_a_generator():
    assert len(COMMANDS) >= 25
    for words, cmd in COMMANDS:
        for p in cmd.params:
            if isinstance(p, click.Option) and p.is_flag:
                continue
            _cli_values(p)  # raises for a value type it does not know
        if " ".join(words) in HEAVY:
            assert any(_cli_poison(p) for p in cmd.params), words


# ---------------------------------------------------------------------------------------------------- the HTTP API

@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient

    from marsplan.server import ServerLimits, create_app

    # small limits: what the server would refuse anyway comes back at once, and what it runs stays cheap
    limits = ServerLimits(grid_cells=300, survey_cells=300, settle_runs=2, power_runs=1, study_point_runs=1,
                          ephemeris_dates=20, lowthrust_evaluations=1, lowthrust_starts=1, trade_optimisations=1,
                          mga_evaluations=500, cycler_generations=1, jobs_at_once=1, jobs_waiting=1)
    with TestClient(create_app(limits), raise_server_exceptions=False) as c:
        yield c


def _static_texts() -> set[str]:
    root = importlib.resources.files("marsplan.server.static")
    return {p.read_text(encoding="utf-8") for p in root.iterdir() if p.name.endswith((".js", ".css", ".html"))}


STATIC = ["app.js", "style.css", "index.html", "plotly.min.js", "../app.py", "__init__.py", "etc/passwd",
          "x" * 300 + ".js", "é" * 200 + ".js", "a" * 300, "app.js%00", "%00.js", ".js", "..js", "C:%5capp.js"]
DOTS = ["", "..", "%2e%2e", "%252e%252e", ".%2e", "%2e.", "..%2f", "..%5c", "%c0%ae%c0%ae", "....//", "%2e%2e%2f",
        "%2e%2e/", "..%252f", "/", "%2f", ".", "%2e"]


def _check_response(response: Any, what: Any) -> None:
    STATS[f"http {response.status_code}"] += 1
    shown = (what, response.status_code, response.text[:500])
    assert response.status_code != 500 and (200 <= response.status_code < 300 or 400 <= response.status_code < 500
                                            or response.status_code == 503), shown
    if response.status_code >= 400 and response.headers.get("content-type", "").startswith("application/json"):
        detail = response.json().get("detail")
        assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail, shown


QUERY_JUNK_KEYS = ["bogus", "", "TOF", "tof_days", "ü", "--tof", "format", "x" * 300]


@settings(FUZZ, max_examples=HTTP_EXAMPLES)
@given(st.data())
def test_every_endpoint_answers_generated_queries_without_a_500(client, data):
    from marsplan.commands import registry
    from marsplan.server.app import ENDPOINTS, JOBS, _query_params

    kind = data.draw(st.sampled_from(["get"] * 6 + ["job"] * 2 + ["static"] * 2 + ["job id", "plan", "page"]),
                     label="kind")
    if kind in ("get", "job"):
        path = data.draw(st.sampled_from(sorted(ENDPOINTS)), label="path")
        command = ENDPOINTS[path]
        params = list(_query_params(command).values())
        heavy = command in HEAVY or command in JOBS or (kind == "job" and registry()[command].heavy)
        poisoned = heavy or data.draw(st.integers(0, 3), label="poison") == 0
        cheap = dict(zip(CHEAP.get(command, [])[::2], CHEAP.get(command, [])[1::2], strict=True))
        if not poisoned:
            params = [p for p in params if p.flag not in cheap and p.flag not in COSTLY_FLAGS.get(command, set())]
        items: list[tuple[str, str]] = []
        chosen = data.draw(st.lists(st.sampled_from(params), max_size=5, unique_by=id), label="params") if params \
            else []
        for p in chosen:
            value = (data.draw(st.sampled_from(["true", "false", "", "1", "0", "maybe", "ü"]), label=p.query_name)
                     if p.is_flag else data.draw(_values(p.type, p.name), label=p.query_name))
            key = p.query_name.replace("-", "_") if data.draw(st.booleans(), label="underscores") else p.query_name
            items.append((key, value))
            if data.draw(st.integers(0, 9), label="twice") == 0:
                items.append((key, value))  # a repeated parameter
        if data.draw(st.integers(0, 9), label="junk key") == 0:
            items.append((data.draw(st.sampled_from(QUERY_JUNK_KEYS), label="key"), "1"))
        candidates = [p for p in _query_params(command).values() if not p.is_flag and _poison(p.type) is not None]
        if poisoned and candidates:
            p = data.draw(st.sampled_from(candidates), label="poisoned")
            items.append((p.query_name, str(_poison(p.type))))
        elif poisoned:
            items.append(("no-such-parameter", "1"))
        else:
            items += [(flag[2:], value) for flag, value in cheap.items()]
        if kind == "get":
            response = client.get(f"/api/{path}", params=items)
        else:
            response = client.post(f"/api/jobs/{path}", params=items)
        _check_response(response, (kind, path, items))
        if poisoned:
            assert 400 <= response.status_code < 500, (path, items, response.status_code, response.text[:300])
    elif kind == "static":
        dots = data.draw(st.lists(st.sampled_from(DOTS), max_size=4), label="dots")
        name = "/".join([*dots, data.draw(st.sampled_from(STATIC), label="name")]) if dots else \
            data.draw(st.sampled_from(STATIC), label="name")
        response = client.get("/static/" + name.lstrip("/"))
        _check_response(response, name)
        assert response.status_code in (200, 404), (name, response.status_code)
        if response.status_code == 200:  # a file of the static folder (or the bundled plotly.js), nothing else
            assert response.text in _static_texts() or "plotly" in response.text[:2000], name
        assert "/site-packages/" not in response.text and str(Path(__file__).parents[1]) not in response.text
    elif kind == "job id":
        job = data.draw(st.sampled_from(["", "x" * 300, "..%2f..", "0" * 32, "%00", "ü", "a b", "-1"]), label="id")
        _check_response(client.get(f"/api/jobs/{job}"), job)
    elif kind == "plan":
        body = data.draw(st.sampled_from([b"", b"\xff\xfe\x00", b"a = " + b"[" * 3000 + b"]" * 3000,
                                          b'[campaign]\nname = 1\n', b"x" * (256 * 1024 + 1), b"[[[", b"\x00" * 64,
                                          b'[campaign]\nname = "x"\nstart = nan\n'])
                         | st.text(max_size=200).map(str.encode), label="body")
        quick = data.draw(st.sampled_from(["true", "false", "x", ""]), label="quick")
        response = client.post("/api/plan", content=body, params={"quick": quick},
                               headers={"content-type": "application/toml"})
        _check_response(response, body[:100])
        assert 400 <= response.status_code < 500, (body[:100], response.status_code, response.text[:300])
    else:
        page = data.draw(st.sampled_from(["/", "/api", "/api/catalog", "/openapi.json", "/api/nope", "/api/",
                                          "/api/jobs", "/nope", "/static/", "/api/porkchop/x"]), label="page")
        _check_response(client.get(page), page)


def test_static_paths_never_leave_the_static_folder(client):
    """Every encoded ``..`` variant before every name, once and twice: a static file's own text or a 404."""
    texts = _static_texts()
    for first in DOTS:
        for second in ("", "%2e%2e", "..%2f"):
            for name in STATIC:
                path = "/".join(p for p in (first, second, name) if p)
                response = client.get("/static/" + path.lstrip("/"))
                _check_response(response, path)
                assert response.status_code in (200, 404), (path, response.status_code)
                if response.status_code == 200:
                    assert response.text in texts or name == "plotly.min.js", path
                else:
                    assert str(Path(__file__).parents[1]) not in response.text, (path, response.text[:300])
