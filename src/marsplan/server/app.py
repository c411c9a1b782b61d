"""The web app: an HTTP API that mirrors the CLI, and one self-contained page over it.

``GET /api/COMMAND`` takes the CLI's option names as query parameters (``from``, ``to``, ``tof``,
``max-c3`` or ``max_c3``, ...; a command's argument by its name: ``scenario``, ``body``, ``name``,
``file``), parses each with the parameter's own type from :mod:`marsplan.commands` (the types the CLI's
options use: :func:`parse_query`), runs the command and returns its ``to_dict()``: exactly what
``marsplan COMMAND ... --format json`` prints.  Options that write files, start clusters or read the disk
cache are not offered.  Bad input is HTTP 422 with the line the CLI prints; a request over one of
the limits below is refused before it runs (422, or 413 for a body); nothing a client sends gets a
500.

Limits (:class:`ServerLimits`): porkchop grids of at most 600,000 cells (their JSON is some 80 MB; the CLI
takes 2 million), window surveys of at most 20 million cells, ``settle`` 20,000 runs,
``power`` 500 sampled years, 120 days of Moon transfers, studies of at most 200,000 point-runs, 1,000 ephemeris dates,
``lowthrust`` 20,000 evaluations and 8 starts (and a 30 s safety time limit, which fails the request rather
than cut the answer short), ``lowthrust trade`` 12 optimisations (powers x flight times) of 20,000 evaluations,
request bodies of 256 KiB, and 120 s per request (then 503: the CLI has no such limit).  Only the
bundled scenarios and studies run by name; a scenario of one's own is POSTed to ``/api/plan``.

Long work runs as jobs (:mod:`marsplan.server.jobs`): ``POST /api/plan``, ``GET /api/study`` and ``GET
/api/lowthrust/trade`` answer 202 with a job at once, ``POST /api/jobs/PATH`` runs any command as one, and
``GET /api/jobs/ID`` gives its progress and result; a job is not bound by the request limit.  Heavy commands
asked for directly run in worker threads, at most one per core at a time; the compiled kernels release
the GIL, so cheap requests are answered while porkchops run.  The ephemeris and the catalogs are
loaded once per process.

Why one module: the routes, the limits they check and the error mapping that keeps every answer a 2xx, 4xx or
503 are one contract with the page and the CLI; the work runner (:mod:`marsplan.server.work`) and the jobs
(:mod:`marsplan.server.jobs`) live apart.

A query parses to the typed values the command takes (those ``marsplan porkchop --depart ... --tof 120:400``
would parse), and bad values get the CLI's one line:

>>> from marsplan.server.app import parse_query
>>> values, given = parse_query("porkchop", [("depart", "2028-09-01:2029-01-31"), ("tof", "120:400")])
>>> values["departure"], values["tof_days"], values["step_days"], sorted(given)
(('2028-09-01', '2029-01-31'), (120.0, 400.0), 1.0, ['departure', 'tof_days'])
>>> parse_query("settle", [("runs", "0")])
Traceback (most recent call last):
...
marsplan.errors.InputError: --runs 0: allowed 1 to 200,000
"""


import contextlib
import functools
import importlib.resources
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsplan.commands import Param, registry
from marsplan.commands.params import plain_text
from marsplan.errors import MarsplanError
from marsplan.server.work import Cancelled, cancellable, run_abandonable

__all__ = ["ENDPOINTS", "JOBS", "ServerLimits", "create_app"]

ENDPOINTS = {
    "windows": "windows", "porkchop": "porkchop", "lambert": "lambert", "fleet": "fleet", "launchers": "launchers",
    "power": "power", "power/irradiance": "power irradiance", "settle": "settle", "ephemeris": "ephemeris",
    "claims": "claims", "moon/transfers": "moon transfers", "moon/deliver": "moon deliver", "depot": "depot",
    "scenario/show": "scenario show", "study": "study", "lowthrust": "lowthrust", "lowthrust/trade": "lowthrust trade",
    "doctor": "doctor", "mga": "mga", "freereturn": "freereturn", "cycler": "cycler", "crew": "crew",
    "transfer": "transfer",
}
"""URL path under ``/api/`` -> the CLI command it mirrors."""

JOBS = {"study", "lowthrust trade", "mga", "freereturn", "cycler", "crew"}
"""Commands whose ``GET`` runs as a job (202 and the job at once; ``GET /api/jobs/ID`` gives progress and the
result): long work that must not hold a request open.  Any command may be run as a job with
``POST /api/jobs/PATH?...``, and ``POST /api/plan`` always is one."""


_STATIC = "marsplan.server.static"
_STATIC_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")


@dataclass(frozen=True)
class ServerLimits:
    """What one request may ask for (see the module docstring)."""

    grid_cells: int = 600_000  # a porkchop's JSON is some 140 bytes a cell: 80 MB
    survey_cells: int = 20_000_000
    settle_runs: int = 20_000
    power_runs: int = 500
    study_point_runs: int = 200_000
    ephemeris_dates: int = 1_000
    lowthrust_evaluations: int = 20_000
    lowthrust_seconds: float = 30.0  # the safety net of one optimisation: reaching it fails the request
    lowthrust_starts: int = 8
    trade_optimisations: int = 12
    mga_evaluations: int = 2_000_000  # islands x population x dimension x generations of one gravity-assist search
    cycler_generations: int = 2_000
    moon_days: int = 120  # days of Earth-Moon transfers (the CLI takes 400: 8 s)
    body_bytes: int = 256 * 1024
    request_s: float = 120.0
    heavy_at_once: int = max(1, os.cpu_count() or 1)
    jobs_at_once: int = 2  # long jobs (plans, studies, trades) running at once; more wait their turn
    jobs_waiting: int = 16  # jobs that may wait for a thread; more are refused (429) before anything runs
    jobs_kept: int = 64  # finished jobs kept for their clients to read ...
    jobs_kept_bytes: int = 256 * 2**20  # ... and at most this much of their results' JSON together
    job_result_bytes: int = 64 * 2**20  # a job whose result is larger fails with a line saying so


class ApiError(Exception):
    """An HTTP error with one line of text."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = " ".join(message.split())


def _query_params(command: str) -> dict[str, Param]:
    """Query name (the flag without ``--``, or an argument's name) -> the parameter, for what a client may send."""
    return {p.query_name: p for p in registry()[command].params if p.http}


def parse_query(command: str, items: list[tuple[str, str]]) -> tuple[dict[str, Any], set[str]]:
    """The typed values a query string's items stand for, with the command's defaults for the rest (the
    values ``marsplan COMMAND ...`` would parse from the same options), and the names the client gave.
    Each value is parsed by the parameter's own type: the CLI's."""
    params = _query_params(command)
    cmd = registry()[command]
    values: dict[str, Any] = {p.name: p.default for p in cmd.params}
    given: set[str] = set()
    many: dict[str, list[str]] = {}
    for key, value in items:
        name = key if key in params else key.replace("_", "-")
        param = params.get(name)
        if param is None:
            allowed = ", ".join(sorted(params)) or "none"
            raise ApiError(422, f"unknown query parameter {key!r} for {command} (allowed: {allowed})")
        if param.multiple:
            many.setdefault(param.name, []).append(value)
        elif param.name in given:
            raise ApiError(422, f"{key}: given more than once")
        elif param.is_flag:
            values[param.name] = param.sets if param.convert(value) else not param.sets
        else:
            values[param.name] = param.convert(value)
        given.add(param.name)
    for name, texts in many.items():
        values[name] = cmd.param(name).convert(texts)
    missing = [p for p in cmd.params if p.required and p.name not in given]
    if missing:
        first = missing[0]
        raise ApiError(422, f"{first.label}: required (query parameter {first.query_name!r}: {first.help})")
    return values, given


def _bundled_only(kind: str, value: str | None, names: list[str]) -> None:
    if value is not None and value not in names:
        raise ApiError(422, f"{kind} {value!r}: the server runs bundled {kind}s by name only ({', '.join(names)}); "
                            "POST a scenario's TOML to /api/plan to plan your own")


def check_limits(command: str, options: dict[str, Any], given: set[str], limits: ServerLimits) -> dict[str, Any]:
    """Refuse (422) what is over the server's limits, before anything runs; fill server defaults."""
    from marsplan.scenario import bundled_scenarios

    cmd = registry()[command]
    opts = dict(options)
    if "scenario" in opts:
        _bundled_only("scenario", opts["scenario"], bundled_scenarios())
    if command == "scenario show":
        _bundled_only("scenario", opts["name"], bundled_scenarios())
    if command == "study":
        from marsplan.study import bundled_studies, load_study, sample_points

        _bundled_only("study", opts["file"], bundled_studies())
        spec = load_study(opts["file"])
        work = sample_points(spec).shape[0] * spec.study.runs_per_point
        if work > limits.study_point_runs:
            raise ApiError(422, f"study {opts['file']!r}: {work:,} point-runs, over the server's limit of "
                                f"{limits.study_point_runs:,}; run it with `marsplan study --workers N`")
    if command == "porkchop":
        if opts["max_cells"] > limits.grid_cells and "max_cells" in given:
            raise ApiError(422, f"max-cells {opts['max_cells']:,}: allowed at most {limits.grid_cells:,} grid cells "
                                "on the server")
        opts["max_cells"] = min(opts["max_cells"], limits.grid_cells)
        from marsplan.astro.time import utc_to_tdb_jd
        from marsplan.trajectory.grid import grid_cells

        (first, last), (shortest, longest) = opts["departure"], opts["tof_days"]
        span = float(utc_to_tdb_jd(last)) - float(utc_to_tdb_jd(first))
        cells = grid_cells(span, shortest, longest, opts["step_days"])
        if cells > opts["max_cells"]:  # now, not as a job that fails later
            raise ApiError(422, f"a porkchop grid of {cells:,} cells: allowed at most {opts['max_cells']:,} on the "
                                "server; use a coarser step or a shorter span")
    if command == "windows":
        if "max_cells" in given and opts["max_cells"] > limits.survey_cells:
            raise ApiError(422, f"max-cells {opts['max_cells']:,}: allowed at most {limits.survey_cells:,} "
                                "survey cells on the server")
        opts["max_cells"] = min(opts["max_cells"], limits.survey_cells)
    if command in ("settle", "claims") and opts["runs"] > limits.settle_runs:
        raise ApiError(422, f"runs {opts['runs']:,}: allowed 1 to {limits.settle_runs:,} on the server")
    if command == "power" and opts["runs"] > limits.power_runs:
        raise ApiError(422, f"runs {opts['runs']:,}: allowed 1 to {limits.power_runs:,} sampled years on the server")
    if command in ("lowthrust", "lowthrust trade") and opts["max_evaluations"] > limits.lowthrust_evaluations:
        raise ApiError(422, f"max-evaluations {opts['max_evaluations']:,}: allowed at most "
                            f"{limits.lowthrust_evaluations:,} per optimisation on the server")
    if command == "lowthrust":
        if "time_limit_s" in given and opts["time_limit_s"] > limits.lowthrust_seconds:
            raise ApiError(422, f"time-limit-s {opts['time_limit_s']:g}: the safety time limit is at most "
                                f"{limits.lowthrust_seconds:g} s on the server (bound the work with max-evaluations)")
        opts["time_limit_s"] = min(opts["time_limit_s"], limits.lowthrust_seconds)
        if opts["starts"] > limits.lowthrust_starts:
            raise ApiError(422, f"starts {opts['starts']}: allowed at most {limits.lowthrust_starts} on the server")
    if command == "lowthrust trade":
        powers, tofs = (cmd.param(n).convert(opts[n]) for n in ("powers_kwe", "tofs_days"))
        work = len(powers) * len(tofs)
        if work > limits.trade_optimisations:
            raise ApiError(422, f"{work} optimisations (powers x tofs): allowed at most "
                                f"{limits.trade_optimisations} on the server; run `marsplan lowthrust trade "
                                "--workers N` for more")
    if command == "mga":
        work = opts["islands"] * opts["population"] * 22 * (opts["generations"] + 1)
        if work > limits.mga_evaluations:
            raise ApiError(422, f"islands x population x generations: up to {work:,} evaluations, allowed at most "
                                f"{limits.mga_evaluations:,} on the server; run `marsplan mga --workers N` for more")
    if command == "cycler" and opts["generations"] > limits.cycler_generations:
        raise ApiError(422, f"generations {opts['generations']:,}: allowed at most {limits.cycler_generations:,} on "
                            "the server")
    if command == "moon transfers":
        from marsplan.astro.time import utc_to_tdb_jd

        days = round(float(utc_to_tdb_jd(opts["end_utc"][:10])) - float(utc_to_tdb_jd(opts["start_utc"][:10]))) + 1
        if days > limits.moon_days:
            raise ApiError(422, f"from/to: {days} days of transfers, allowed at most {limits.moon_days} on the server; "
                                "run `marsplan moon transfers` for up to 400")
    if command == "ephemeris" and len(opts["dates_utc"]) > limits.ephemeris_dates:
        raise ApiError(422, f"date: {len(opts['dates_utc']):,} dates, allowed at most {limits.ephemeris_dates:,}")
    return opts


def command_json(command: str, items: list[tuple[str, str]], limits: ServerLimits | None = None,
                 stop: threading.Event | None = None) -> Any:
    """The JSON-ready result of ``command`` for a query string's items: parse, check limits, run (a command that
    reports progress stops at its next step once ``stop`` is set: :mod:`marsplan.server.work`)."""
    limits = limits or ServerLimits()
    values, given = parse_query(command, items)
    values = check_limits(command, values, given, limits)
    cmd = registry()[command]
    if stop is not None and cmd.progress:
        values["progress"] = cancellable(None, stop)
    return cmd(**values).to_dict()


def _openapi_parameters(command: str) -> list[dict[str, Any]]:
    """OpenAPI query parameters from the commands' declarations (for /docs)."""
    out = []
    for name, param in _query_params(command).items():
        schema: dict[str, Any] = {"type": param.type.json_type}
        if param.multiple:
            schema = {"type": "array", "items": schema}
        default = param.default
        if default is not None and not param.is_flag and not isinstance(default, list | tuple):
            schema["default"] = default if isinstance(default, int | float | bool) else str(default)
        elif isinstance(default, tuple) and not param.multiple:
            schema["default"] = param.type.separator.join(f"{v:g}" if isinstance(v, float) else str(v)
                                                          for v in default)
        out.append({"name": name, "in": "query", "required": param.required, "description": param.help,
                    "schema": schema})
    return out


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def create_app(limits: ServerLimits | None = None) -> Any:
    """The FastAPI application (``marsplan serve`` runs it with uvicorn)."""
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import FileResponse, HTMLResponse, Response
    from fastapi_offline import FastAPIOffline
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from marsplan import __version__
    from marsplan.jsonio import strict_json
    from marsplan.server.jobs import JobBoard, JobRefused

    limits = limits or ServerLimits()
    heavy = threading.BoundedSemaphore(limits.heavy_at_once)
    board = JobBoard(limits.jobs_at_once, limits.jobs_waiting, limits.jobs_kept, limits.jobs_kept_bytes,
                     limits.job_result_bytes)
    # the docs pages load Swagger UI and ReDoc from the package, not from a CDN: /docs works offline
    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> Any:
        yield
        board.close()  # Ctrl-C does not wait for queued jobs

    app = FastAPIOffline(
        title="marsplan", version=__version__,
        description=plain_text((__doc__ or "").split("\n\n", 1)[1].replace("\n", " ")) if __doc__ else "",
        openapi_tags=[{"name": "commands", "description": "The CLI's commands; the JSON of `--format json`."}],
        lifespan=lifespan,
    )

    def json_response(data: Any, status: int = 200) -> Response:
        return Response(strict_json(data, indent=None), status_code=status, media_type="application/json")

    def error(status: int, message: str) -> Response:
        return json_response({"detail": " ".join(message.split())}, status)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return error(exc.status, exc.message)

    @app.exception_handler(JobRefused)
    async def _job_refused(_request: Request, exc: JobRefused) -> Response:
        return error(exc.status, exc.message)

    @app.exception_handler(MarsplanError)
    async def _input_error(_request: Request, exc: MarsplanError) -> Response:
        return error(422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error(422, f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> Response:
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _bug(_request: Request, exc: Exception) -> Response:
        # a bug in marsplan, not the client's input: one line, no traceback
        return error(500, f"internal error: {type(exc).__name__}: {str(exc)[:300]}")

    async def run_limited(request: Request, command: str, items: list[tuple[str, str]]) -> bytes:
        """The command's JSON text, computed and serialized in a worker thread; stopped (at its next step) when
        the client leaves or the request's time runs out."""
        def call(stop: threading.Event) -> bytes:
            if not registry()[command].heavy:
                return strict_json(command_json(command, items, limits, stop=stop), indent=None).encode()
            with heavy:
                if stop.is_set():  # abandoned while it waited for a core
                    raise Cancelled("abandoned")
                return strict_json(command_json(command, items, limits, stop=stop), indent=None).encode()

        outcome, body = await run_abandonable(call, limit_s=limits.request_s, client_gone=request.is_disconnected)
        if outcome == "timeout":
            raise ApiError(503, f"the request took longer than the server's limit of {limits.request_s:g} s; "
                                "ask for less, or run it with the CLI")
        if outcome == "gone":
            raise ApiError(499, "the client left; the work was stopped")
        return bytes(body)

    async def run_plain(func: Any, *args: Any) -> Any:
        outcome, value = await run_abandonable(lambda _stop: func(*args), limit_s=limits.request_s)
        if outcome != "done":
            raise ApiError(503, f"the request took longer than the server's limit of {limits.request_s:g} s")
        return value

    def submit(command: str, items: list[tuple[str, str]]) -> Response:
        """Check the request now (422 at once), run it as a job, answer 202 with the job."""
        cmd = registry()[command]
        values, given = parse_query(command, items)
        values = check_limits(command, values, given, limits)

        def work(progress: Any) -> Any:
            return cmd(**values, **({"progress": progress} if cmd.progress else {})).to_dict()

        job = board.submit(command, work)
        return Response(job.to_json(), status_code=202, media_type="application/json")

    def make_endpoint(command: str) -> Any:
        async def endpoint(request: Request) -> Response:
            items = list(request.query_params.multi_items())
            if command in JOBS:
                return await run_in_threadpool(submit, command, items)
            return Response(await run_limited(request, command, items), media_type="application/json")

        endpoint.__name__ = command.replace(" ", "_")
        return endpoint

    def make_job_endpoint(command: str) -> Any:
        async def endpoint(request: Request) -> Response:
            return await run_in_threadpool(submit, command, list(request.query_params.multi_items()))

        endpoint.__name__ = "job_" + command.replace(" ", "_")
        return endpoint

    for path, command in ENDPOINTS.items():
        cmd = registry()[command]
        app.add_api_route(
            f"/api/{path}", make_endpoint(command), methods=["GET"], tags=["commands"],
            summary=cmd.summary or f"marsplan {command} --format json",
            description=(f"A job (202) whose result is the JSON that `marsplan {command} ... --format json` "
                         "prints: read it at /api/jobs/ID" if command in JOBS else
                         f"The JSON that `marsplan {command} ... --format json` prints, for the same options")
                        + f" ({len(cmd.params)} parameters; query names as the CLI's long options).",
            openapi_extra={"parameters": _openapi_parameters(command)},
        )
        app.add_api_route(
            f"/api/jobs/{path}", make_job_endpoint(command), methods=["POST"], tags=["jobs"],
            summary=f"Run `marsplan {command}` as a job", status_code=202,
            description="Checks the query at once (422), then answers 202 with the job; GET /api/jobs/ID gives its "
                        "progress and, when done, the command's JSON.",
            openapi_extra={"parameters": _openapi_parameters(command)},
        )

    @app.get("/api/jobs/{job_id}", tags=["jobs"], summary="A job's status, progress and (when done) result")
    async def job_status(job_id: str) -> Response:
        return Response(board.get(job_id).to_json(), media_type="application/json")

    @app.post("/api/plan", tags=["jobs"], summary="Run the whole chain on a scenario (TOML body) as a job (202)",
              openapi_extra={"requestBody": {"content": {"application/toml": {"schema": {"type": "string"}}},
                                             "required": True}})
    async def plan(request: Request) -> Response:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limits.body_bytes):
            raise ApiError(413, f"request body over the limit of {limits.body_bytes:,} bytes")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limits.body_bytes:
                raise ApiError(413, f"request body over the limit of {limits.body_bytes:,} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(422, "body: the scenario must be UTF-8 TOML text") from None
        if not text.strip():
            raise ApiError(422, "body: empty; send a scenario's TOML (see GET /api/scenario/show)")
        quick = request.query_params.get("quick", "false").lower() in ("1", "true", "yes", "on")
        scenario = await run_in_threadpool(parse_posted, text)  # a bad scenario is 422 at once, not a failed job
        job = board.submit("plan", lambda progress: plan_summary(scenario, progress=progress, quick=quick))
        return Response(job.to_json(), status_code=202, media_type="application/json")

    report_lock = threading.Lock()

    @app.get("/api/report", tags=["commands"], summary="The HTML report of the bundled scenario",
             response_class=HTMLResponse)
    async def report() -> Response:
        page = await run_plain(bundled_report, report_lock)
        return HTMLResponse(page)

    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        return HTMLResponse(_static_text("index.html"))

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name == "plotly.min.js":
            return FileResponse(_plotly_js(), media_type="text/javascript")
        types = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
        suffix = Path(name).suffix
        # a plain file name of the static folder only: no separators, no leading dot, no NUL, no 300-character
        # name for the file system to refuse (each of those is a 404, never a 500 that shows the install path)
        if suffix not in types or not _STATIC_NAME.fullmatch(name):
            raise ApiError(404, f"no static file {name[:80]!r}")
        try:
            text = _static_text(name)
        except (OSError, ValueError):
            raise ApiError(404, f"no static file {name!r}") from None
        return Response(text, media_type=types[suffix])

    @app.get("/api/catalog", tags=["page"], summary="Names the page offers: scenarios, sites, vehicles, bodies")
    async def catalog() -> Response:
        return json_response(await run_plain(page_catalog))

    @app.get("/api", tags=["commands"], summary="What the API offers")
    async def index_api() -> Response:
        return json_response({"marsplan": __version__, "commands": {f"/api/{p}": c for p, c in ENDPOINTS.items()},
                              "post": {"/api/plan": "a scenario's TOML -> a job whose result is the plan's summary",
                                       "/api/jobs/COMMAND": "any command as a job"},
                              "jobs": {"/api/jobs/ID": "a job's status, progress and result",
                                       "run as jobs": sorted(JOBS)},
                              "limits": limits.__dict__, "docs": "/docs"})

    return app


@functools.cache
def _static_text(name: str) -> str:
    return importlib.resources.files(_STATIC).joinpath(name).read_text(encoding="utf-8")


def parse_posted(text: str) -> Any:
    """A POSTed scenario's TOML text, validated (bad input: the one-line error, as for a file)."""
    from marsplan.scenario.loader import parse_scenario

    return parse_scenario(text, "request body")


def plan_summary(scenario: Any, progress: Any = None, quick: bool = False) -> dict[str, Any]:
    """Run ``marsplan plan`` on a scenario (TOML text or a parsed one); its summary (what ``summary.json``
    holds)."""
    from marsplan.pipeline import plan

    if isinstance(scenario, str):
        scenario = parse_posted(scenario)
    with tempfile.TemporaryDirectory(prefix="marsplan-serve-") as tmp:
        summary: dict[str, Any] = dict(plan(scenario, Path(tmp) / "report", progress=progress, quick=quick))
    return summary


@functools.cache
def page_catalog() -> dict[str, Any]:
    """The choices the page's forms offer, from the catalogs."""
    from marsplan.astro.bodies import BODIES
    from marsplan.power.catalog import power_catalog, power_sites
    from marsplan.scenario import bundled_scenarios
    from marsplan.study import bundled_studies
    from marsplan.vehicles.catalog import load_sites
    from marsplan.vehicles.tugs import load_tugs

    sites = power_sites()
    return {"scenarios": bundled_scenarios(), "studies": bundled_studies(),
            "bodies": [b for b in BODIES if b not in ("sun", "moon")],
            "launch_sites": [{"id": s.id, "name": s.name} for s in load_sites().values()],
            "power_sites": [{"id": k, "name": v.name, "body": v.body} for k, v in sites.items()],
            "reactors": list(power_catalog()["reactors"]),
            "tugs": [{"id": t.id, "name": t.name, "power_kwe": t.power_kwe, "isp_s": t.isp_s,
                      "efficiency": t.efficiency, "alpha_kg_per_kwe": t.alpha_kg_per_kwe}
                     for t in load_tugs().values()]}


_REPORT: dict[str, str] = {}


def bundled_report(lock: threading.Lock) -> str:
    """The bundled scenario's HTML report, made once per process."""
    from marsplan.pipeline import plan

    with lock:
        if "page" not in _REPORT:
            with tempfile.TemporaryDirectory(prefix="marsplan-serve-") as tmp:
                plan("mars-2026", Path(tmp) / "report")
                _REPORT["page"] = (Path(tmp) / "report" / "report.html").read_text(encoding="utf-8")
        return _REPORT["page"]
