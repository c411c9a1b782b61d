"""The HTTP API (issue 14): the same JSON as the CLI for the same options, one-line 422/413 for bad input and
never a 500, limits refused before they run, and cheap calls answered while porkchops run."""

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from marsplan.cli import app as cli_app
from marsplan.server import ENDPOINTS, ServerLimits, create_app
from servers import running_server

runner = CliRunner()


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


# (API path, query items, CLI arguments): one call per command
PARITY = [
    ("ephemeris", [("body", "mars"), ("date", "2026-01-01"), ("date", "2031-06-01T12:00")],
     ["ephemeris", "mars", "--date", "2026-01-01", "--date", "2031-06-01T12:00"]),
    ("lambert", [("r1", "5000,10000,2100"), ("r2", "-14600,2500,7000"), ("tof-s", "3600"), ("mu", "398600")],
     ["lambert", "--r1", "5000,10000,2100", "--r2", "-14600,2500,7000", "--tof-s", "3600", "--mu", "398600"]),
    ("windows", [("from", "2026-01-01"), ("to", "2027-06-01"), ("max_c3", "25")],
     ["windows", "--from", "2026-01-01", "--to", "2027-06-01", "--max-c3", "25"]),
    ("porkchop", [("depart", "2026-09-01:2026-10-15"), ("tof", "150:400"), ("step", "5")],
     ["porkchop", "--depart", "2026-09-01:2026-10-15", "--tof", "150:400", "--step", "5"]),
    ("fleet", [("c3", "12"), ("dla", "10"), ("site", "baikonur"), ("payload-t", "50")],
     ["fleet", "--c3", "12", "--dla", "10", "--site", "baikonur", "--payload-t", "50"]),
    ("launchers", [("step", "10"), ("site", "kennedy")], ["launchers", "--step", "10", "--site", "kennedy"]),
    ("power", [("site", "jezero"), ("load-kw", "20"), ("runs", "8")],
     ["power", "--site", "jezero", "--load-kw", "20", "--runs", "8"]),
    ("power/irradiance", [("site", "jezero"), ("ls", "250"), ("tau", "2")],
     ["power", "irradiance", "--site", "jezero", "--ls", "250", "--tau", "2"]),
    ("settle", [("runs", "300"), ("seed", "4"), ("growth", "1.8")],
     ["settle", "--runs", "300", "--seed", "4", "--growth", "1.8"]),
    ("claims", [("runs", "200"), ("max-ships-per-window", "120")],
     ["claims", "--runs", "200", "--max-ships-per-window", "120"]),
    ("scenario/show", [("name", "mars-2026")], ["scenario", "show", "mars-2026"]),
    ("depot", [("site", "baikonur"), ("site", "kourou"), ("tankers", "4"), ("cooling", "active")],
     ["depot", "--site", "baikonur", "--site", "kourou", "--tankers", "4", "--cooling", "active"]),
    ("moon/transfers", [("from", "2026-03-01"), ("to", "2026-03-03"), ("leo-alt", "300")],
     ["moon", "transfers", "--from", "2026-03-01", "--to", "2026-03-03", "--leo-alt", "300"]),
    ("moon/deliver", [("payload-t", "2"), ("vehicle", "long-march-5"), ("vehicle", "starship"), ("year", "2031")],
     ["moon", "deliver", "--payload-t", "2", "--vehicle", "long-march-5", "--vehicle", "starship", "--year", "2031"]),
    ("lowthrust", [("thrust-n", "0.6"), ("mass-kg", "1500"), ("isp-s", "3000"), ("depart", "2033-02-01"),
                   ("tof", "400"), ("segments", "10"), ("starts", "1")],
     ["lowthrust", "--thrust-n", "0.6", "--mass-kg", "1500", "--isp-s", "3000", "--depart", "2033-02-01", "--tof",
      "400", "--segments", "10", "--starts", "1"]),
    ("lowthrust/trade", [("powers-kwe", "2000"), ("alphas", "10,20"), ("tofs", "450")],
     ["lowthrust", "trade", "--powers-kwe", "2000", "--alphas", "10,20", "--tofs", "450"]),
    ("doctor", [], ["doctor"]),
    ("study", [("file", "city-2046-what-it-takes")], ["study", "city-2046-what-it-takes"]),
    ("mga", [("sequence", "earth,venus,mars"), ("depart", "2026-01-01:2026-06-30"), ("tof", "80:250"),
             ("tof", "80:300"), ("islands", "2"), ("generations", "20")],
     ["mga", "--sequence", "earth,venus,mars", "--depart", "2026-01-01:2026-06-30", "--tof", "80:250", "--tof",
      "80:300", "--islands", "2", "--generations", "20"]),
    ("freereturn", [("from", "2018-01-01"), ("to", "2018-12-31"), ("family", "EME")],
     ["freereturn", "--from", "2018-01-01", "--to", "2018-12-31", "--family", "EME"]),
    ("cycler", [("from", "2026-01-01"), ("to", "2031-01-01"), ("generations", "50")],
     ["cycler", "--from", "2026-01-01", "--to", "2031-01-01", "--generations", "50"]),
    ("crew", [("scenario", "mars-2026"), ("no-aborts", "true")], ["crew", "mars-2026", "--no-aborts"]),
    ("transfer", [("leave", "2026-10-31"), ("arrive", "2027-08-19"), ("points", "20")],
     ["transfer", "--leave", "2026-10-31", "--arrive", "2027-08-19", "--points", "20"]),
]


def test_every_endpoint_has_a_parity_case():
    assert {path for path, _, _ in PARITY} == set(ENDPOINTS)


@pytest.mark.parametrize(("path", "query", "argv"), PARITY, ids=[p for p, _, _ in PARITY])
def test_cli_argv_and_http_query_parse_to_the_same_values(path, query, argv):
    # both faces hand the command layer the same typed values (the parse is where they could differ)
    from marsplan.server.app import parse_query

    words = path.split("/")
    command = " ".join(words)
    assert argv[:len(words)] == words
    node = cli_app
    for word in words:
        node = node.commands[word]
    with node.make_context(f"marsplan {command}", argv[len(words):]) as ctx:
        cli_values = {k: v for k, v in ctx.params.items() if k not in ("fmt", "out", "plot", "oem", "spk")}
    http_values, _ = parse_query(command, query)
    assert cli_values == http_values


END_TO_END = {"lambert", "fleet", "settle"}
"""Commands also run end to end through both faces (every command shares one path by construction:
the registered command; the parse above is tested for all)."""


@pytest.mark.slow
@pytest.mark.parametrize(("path", "query", "argv"), [c for c in PARITY if c[0] in END_TO_END],
                         ids=sorted(END_TO_END, key=[c[0] for c in PARITY].index))
def test_api_json_equals_cli_json(client, path, query, argv):
    response = client.get(f"/api/{path}", params=query)
    assert response.status_code == 200, response.text
    result = runner.invoke(cli_app, [*argv, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert response.json() == json.loads(result.stdout)


# bad requests: (method, path, query or body, expected status, words the message must hold)
BAD = [
    ("GET", "lambert", [("r2", "1,2,3"), ("tof-s", "10")], 422, "--r1"),  # missing
    ("GET", "power", [("site", "jezero")], 422, "--load-kw"),
    ("GET", "ephemeris", [("body", "mars")], 422, "--date"),
    ("GET", "study", [], 422, "FILE"),
    ("GET", "settle", [("runs", "abc")], 422, "--runs"),  # malformed
    ("GET", "windows", [("from", "2026-02-30")], 422, "2026-02-30"),
    ("GET", "porkchop", [("tof", "abc")], 422, "tof"),
    ("GET", "porkchop", [("depart", "2026-09-01")], 422, "2026-09-01"),
    ("GET", "lambert", [("r1", "1,2"), ("r2", "1,2,3"), ("tof-s", "10")], 422, "--r1"),
    ("GET", "settle", [("runs", "0")], 422, "--runs"),  # out of range
    ("GET", "settle", [("runs", "50000")], 422, "20,000"),
    ("GET", "porkchop", [("step", "0")], 422, "step"),
    ("GET", "porkchop", [("step", "100")], 422, "step"),
    ("GET", "settle", [("seed", "-1")], 422, "--seed"),
    ("GET", "power", [("site", "jezero"), ("load-kw", "10"), ("reliability", "1.5")], 422, "--reliability"),
    ("GET", "power/irradiance", [("site", "jezero"), ("ls", "400")], 422, "--ls"),
    ("GET", "power/irradiance", [("site", "jezero"), ("tau", "-1")], 422, "--tau"),
    ("GET", "power", [("site", "jezero"), ("load-kw", "10"), ("runs", "1000")], 422, "500"),
    ("GET", "settle", [("growth", "11")], 422, "--growth"),
    ("GET", "porkchop", [("max-cells", "5000000")], 422, "600,000"),  # oversized
    ("GET", "porkchop", [("depart", "2026-01-01:2035-01-01"), ("step", "0.5")], 422, "cells"),
    ("GET", "windows", [("max-cells", "999999999")], 422, "20,000,000"),
    ("GET", "ephemeris", [("body", "mars")] + [("date", "2026-01-01")] * 1001, 422, "1,000"),
    ("POST", "plan", "x = 1\n" * 50_000, 413, "262,144"),
    ("GET", "lambert", [("r1", "1,2,3"), ("r2", "4,5,6"), ("tof-s", "nan")], 422, "tof"),  # NaN and infinities
    ("GET", "power", [("site", "jezero"), ("load-kw", "nan")], 422, "load-kw"),
    ("GET", "fleet", [("c3", "nan")], 422, "c3"),
    ("GET", "power/irradiance", [("lat", "inf")], 422, "lat"),
    ("GET", "settle", [("growth", "nan")], 422, "--growth"),
    ("GET", "windows", [("from", "2030-01-01"), ("to", "2026-01-01")], 422, "2030"),  # reversed ranges
    ("GET", "porkchop", [("depart", "2027-01-31:2026-09-01")], 422, "2027"),
    ("GET", "porkchop", [("tof", "450:100")], 422, "450"),
    ("GET", "windows", [("origin", "pluto")], 422, "pluto"),  # unknown names
    ("GET", "ephemeris", [("body", "vulcan"), ("date", "2026-01-01")], 422, "vulcan"),
    ("GET", "power", [("site", "atlantis"), ("load-kw", "10")], 422, "atlantis"),
    ("GET", "power", [("site", "jezero"), ("load-kw", "10"), ("reactor", "zeus")], 422, "zeus"),
    ("GET", "fleet", [("c3", "10"), ("vehicle", "enterprise")], 422, "enterprise"),
    ("GET", "lowthrust", [("thrust-n", "1"), ("time-limit-s", "600")], 422, "30"),  # over the server's limits
    ("GET", "lowthrust", [("thrust-n", "1"), ("starts", "50")], 422, "starts"),
    ("GET", "lowthrust/trade", [("powers-kwe", "100:5000:20")], 422, "12"),
    ("GET", "lowthrust/trade", [("workers", "4")], 422, "workers"),
    ("GET", "lowthrust", [("power-kwe", "100"), ("thrust-n", "1")], 422, "not both"),
    ("GET", "lowthrust", [("thrust-n", "1"), ("tof", "500:200")], 422, "tof"),
    ("GET", "settle", [("bogus", "1")], 422, "bogus"),
    ("GET", "settle", [("format", "table")], 422, "format"),
    ("GET", "porkchop", [("out", "/tmp/x.nc")], 422, "out"),
    ("GET", "settle", [("scenario", "/etc/passwd")], 422, "bundled"),  # files are not read by name
    ("GET", "study", [("file", "../../etc/passwd.toml")], 422, "bundled"),
    ("GET", "study", [("file", "nope")], 422, "bundled"),
    ("GET", "lambert", [("r1", "1,2,3"), ("r1", "1,2,3"), ("r2", "4,5,6"), ("tof-s", "10")], 422, "more than once"),
    ("POST", "plan", "", 422, "empty"),  # bodies
    ("POST", "plan", "[campaign\nname = ", 422, "TOML"),
    ("POST", "plan", "[campaign]\nname = 1\n", 422, "campaign"),
    ("POST", "plan", b"\xff\xfe\x00garbage", 422, "UTF-8"),
]


@pytest.mark.parametrize(("method", "path", "payload", "status", "words"), BAD,
                         ids=[f"{i}-{b[1]}" for i, b in enumerate(BAD)])
def test_bad_requests_get_one_line_and_never_500(client, method, path, payload, status, words):
    if method == "GET":
        response = client.get(f"/api/{path}", params=payload)
    else:
        body = payload.encode() if isinstance(payload, str) else payload
        response = client.post(f"/api/{path}", content=body, headers={"content-type": "application/toml"})
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and words.lower() in detail.lower(), detail


def test_the_message_is_the_line_the_cli_prints(client):
    response = client.get("/api/settle", params={"runs": "0"})
    result = runner.invoke(cli_app, ["settle", "--runs", "0"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"marsplan: error: {response.json()['detail']}"
    response = client.get("/api/windows", params={"from": "2026-02-30"})
    result = runner.invoke(cli_app, ["windows", "--from", "2026-02-30"])
    assert result.stderr.strip() == f"marsplan: error: {response.json()['detail']}"


def test_random_query_values_never_give_a_500(client):
    # a small fuzz over cheap commands' options: every answer is 200 or a one-line 422
    import random

    rng = random.Random(14)
    values = ["", "0", "-1", "1e308", "-1e308", "nan", "inf", "1,2,3", "2026-01-01", "2026-01-01:2025-01-01", "x" * 300,
              "\u00e9", "%00", "1:2", "true", "[]", "{}", "0x10", " 5 ", "9" * 40]
    commands = {"lambert": ["r1", "r2", "tof-s", "mu", "revs", "retrograde", "high-path"],
                "power/irradiance": ["site", "lat", "ls", "tau"], "ephemeris": ["body", "date"],
                "fleet": ["c3", "dla", "payload-t", "tankers", "site", "vehicle"]}
    for _ in range(120):
        path = rng.choice(list(commands))
        keys = rng.sample(commands[path], k=rng.randint(1, len(commands[path])))
        response = client.get(f"/api/{path}", params=[(k, rng.choice(values)) for k in keys])
        assert response.status_code in (200, 422), (path, response.status_code, response.text)
        if response.status_code == 422:
            assert "\n" not in response.json()["detail"]


def test_docs_page_and_openapi_name_the_cli_options(client):
    spec = client.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/api/porkchop"]["get"]["parameters"]}
    assert {"origin", "target", "depart", "tof", "step", "max-cells", "capture"} <= names
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "/static-offline-docs/swagger-ui-bundle.js" in page
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    limits = client.get("/api").json()["limits"]
    assert limits["grid_cells"] == 600_000


def test_page_is_self_contained(client):
    page = client.get("/").text
    for src in ("/static/plotly.min.js", "/static/app.js", "/static/style.css"):
        assert src in page and client.get(src).status_code == 200
    assert "http://" not in page and "https://" not in page
    assert "https://" not in client.get("/static/app.js").text
    assert client.get("/static/..%2Fapp.py").status_code == 404


def test_a_study_over_the_limit_is_refused_before_it_runs():
    with TestClient(create_app(ServerLimits(study_point_runs=1_000))) as small:
        response = small.get("/api/study", params={"file": "city-2046-sensitivity"})
    assert response.status_code == 422 and "point-runs" in response.json()["detail"]


def test_a_slow_request_is_cut_at_the_time_limit():
    with TestClient(create_app(ServerLimits(request_s=0.05))) as slow:
        response = slow.get("/api/porkchop", params={"depart": "2026-01-01:2026-12-31", "step": "0.5",
                                                     "tof": "100:500"})
    assert response.status_code == 503 and "limit" in response.json()["detail"]


def _finished(client, job: dict, seconds: float = 300.0) -> dict:
    """Poll a job until it is done or failed (bounded)."""
    import time

    deadline = time.monotonic() + seconds
    while job["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
        response = client.get(job["url"])
        assert response.status_code == 200, response.text
        job = response.json()
    return job


@pytest.mark.slow
def test_plan_from_a_posted_scenario(client, short_scenario):
    text = Path(short_scenario).read_text(encoding="utf-8").replace("runs = 2000", "runs = 200")
    assert "runs = 200\n" in text
    response = client.post("/api/plan?quick=true", content=text.encode(),
                           headers={"content-type": "application/toml"})
    assert response.status_code == 202, response.text  # a job, at once
    job = _finished(client, response.json())
    assert job["status"] == "done", job["error"]
    assert job["progress"]["stage"] == "Writing report" and job["progress"]["stages"] > 10
    summary = job["result"]
    assert summary["scenario"] and summary["claims"]
    assert all(c["verdict"] in ("supported", "not supported", "depends", "marginal") for c in summary["claims"])


def test_a_trade_runs_as_a_job_with_the_clis_result(client):
    query = [("powers-kwe", "2000"), ("alphas", "10,20"), ("tofs", "450"), ("segments", "6")]
    response = client.get("/api/lowthrust/trade", params=query)
    assert response.status_code == 202 and response.json()["status"] in ("queued", "running", "done")
    job = _finished(client, response.json())
    assert job["status"] == "done", job["error"]
    assert job["progress"] == {"done": 1, "total": 1}
    cli = runner.invoke(cli_app, ["lowthrust", "trade", "--powers-kwe", "2000", "--alphas", "10,20", "--tofs", "450",
                                  "--segments", "6", "--format", "json"])
    assert cli.exit_code == 0, cli.output
    assert job["result"] == json.loads(cli.stdout)


def test_a_free_return_search_runs_as_a_job_with_the_clis_result(client):
    query = [("from", "2018-01-01"), ("to", "2018-12-31"), ("family", "EME")]
    response = client.get("/api/freereturn", params=query)
    assert response.status_code == 202
    job = _finished(client, response.json())
    assert job["status"] == "done", job["error"]
    cli = runner.invoke(cli_app, ["freereturn", "--from", "2018-01-01", "--to", "2018-12-31", "--family", "EME",
                                  "--format", "json"])
    assert cli.exit_code == 0, cli.output
    assert job["result"] == json.loads(cli.stdout)
    launches = [f["launch_utc"][:10] for f in job["result"]["free_returns"]]
    assert "2018-01-06" in launches  # Inspiration Mars's (tests/test_freereturn.py)
    too_big = client.get("/api/mga", params={"islands": "1000", "generations": "100000"})
    assert too_big.status_code == 422 and "evaluations" in too_big.json()["detail"]


def test_any_command_runs_as_a_job_and_bad_input_is_refused_at_once(client):
    query = [("r1", "5000,10000,2100"), ("r2", "-14600,2500,7000"), ("tof-s", "3600"), ("mu", "398600")]
    job = _finished(client, client.post("/api/jobs/lambert", params=query).json())
    assert job["status"] == "done" and job["result"] == client.get("/api/lambert", params=query).json()
    bad = client.post("/api/jobs/settle", params={"runs": "0"})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("--runs 0")
    assert client.get("/api/jobs/0123456789abcdef").status_code == 404
    unparsable = client.post("/api/plan", content=b"[campaign]\nname = 3\n",
                             headers={"content-type": "application/toml"})
    assert unparsable.status_code == 422  # a bad scenario is refused at once, not a failed job


def test_jobs_beyond_the_waiting_room_are_refused():
    import threading

    from marsplan.server.jobs import JobBoard, JobRefused

    board = JobBoard(workers=1, waiting=2, kept=4)
    gate = threading.Event()
    try:
        jobs = [board.submit("hold", lambda progress: gate.wait(30)) for _ in range(3)]  # 1 runs, 2 wait
        with pytest.raises(JobRefused) as refused:
            board.submit("hold", lambda progress: None)
        assert refused.value.status == 429
    finally:
        gate.set()
        board.close()
    assert len({j.id for j in jobs}) == 3


@pytest.mark.slow
def test_cheap_calls_get_answers_while_porkchops_run():
    # bounded: loopback only, 200 requests from 20 clients (every fifth a porkchop), stops by itself
    from marsplan.server.loadcheck import HEAVY, run_load

    with running_server() as url:
        httpx.get(url + HEAVY[0], params=HEAVY[1], timeout=120)  # compiled and warm
        result = run_load(url, requests=100, clients=10, heavy_every=5)
    # correctness under load only: how fast the cheap calls stay is measured in `make bench`, not asserted here
    assert not result.failures, result.failures[:3]
    assert len(result.cheap_s) + len(result.heavy_s) == 100 and len(result.heavy_s) == 20


def test_work_is_serialized_off_the_event_loop_and_stopped_when_abandoned(monkeypatch):
    """A request's JSON is built in its worker thread; a request out of time gets a 503 and its work stops at its
    next step (a window survey reports progress after each chunk), not running on for nobody."""
    import asyncio

    from starlette.testclient import TestClient

    import marsplan.jsonio as jsonio
    import marsplan.server.app as server_app
    from marsplan.server.app import ServerLimits, create_app

    threads, steps = [], []
    real_json = jsonio.strict_json
    assert not hasattr(server_app, "strict_json")  # app.py takes it from marsplan.jsonio inside create_app

    def recording_json(*args, **kwargs):
        try:  # a running event loop in this thread: serialized on the loop
            asyncio.get_running_loop()
            threads.append(True)
        except RuntimeError:
            threads.append(False)
        return real_json(*args, **kwargs)

    monkeypatch.setattr(jsonio, "strict_json", recording_json)
    with TestClient(create_app(), raise_server_exceptions=False) as fast:
        assert fast.get("/api/lambert", params={"r1": "1e8,0,0", "r2": "0,1.5e8,0", "tof-s": "1e7"}).status_code == 200
    assert threads and not any(threads)  # never on the loop's thread

    import marsplan.trajectory.survey as survey

    real_minima = survey.daily_minima

    def slow_chunk(*args, **kwargs):
        steps.append(1)
        import time

        time.sleep(0.2)  # a chunk of work
        return real_minima(*args, **kwargs)

    monkeypatch.setattr(survey, "daily_minima", slow_chunk)
    with TestClient(create_app(ServerLimits(request_s=0.5)), raise_server_exceptions=False) as slow:
        response = slow.get("/api/windows", params={"from": "2026-01-01", "to": "2040-01-01"})
        assert response.status_code == 503 and "limit of 0.5 s" in response.json()["detail"]
        import time

        time.sleep(1.0)
        done = len(steps)
        time.sleep(0.6)
    assert len(steps) == done < 10  # stopped after a few chunks (the survey has dozens), and stays stopped


def test_the_three_reported_500s_are_4xx(client):
    """Issue 29's reproducers: a year of Moon transfers (a MemoryError), a 300-character static name (the install
    path in the message), a scenario nested 3,000 deep (a RecursionError)."""
    moon = client.get("/api/moon/transfers", params={"from": "2026-01-01", "to": "2027-02-04"})
    assert moon.status_code == 422 and "at most 120" in moon.json()["detail"]
    static = client.get("/static/" + "a" * 300 + ".js")
    assert static.status_code == 404 and "site-packages" not in static.text and "marsplan/server" not in static.text
    deep = client.post("/api/plan", content=("x = " + "[" * 3000 + "]" * 3000).encode(),
                       headers={"content-type": "application/toml"})
    assert deep.status_code == 422 and "nested too deeply" in deep.json()["detail"]


def test_an_over_limit_porkchop_job_is_refused_at_once(client):
    """Not accepted as a job that fails later (and not told to raise a limit the server will not raise)."""
    response = client.post("/api/jobs/porkchop", params={"depart": "2026-09-01:2026-10-01", "step": "0.01"})
    assert response.status_code == 422 and "105,003,000 cells" in response.json()["detail"]
    assert "raise" not in response.json()["detail"]
