"""The ``marsplan`` command line: a thin face over :mod:`marsplan.commands`.

Each CLI command is built from a registered command (its parameters become click options with the same
names, flags, help and types: :func:`marsplan.cli._app.click_param`) and a view (how its result is shown:
:mod:`marsplan.cli._views`, :mod:`marsplan.cli._campaign_views`).  No physics here.  Every
:class:`~marsplan.errors.MarsplanError` becomes one line on stderr and exit status 2, with no traceback.

>>> from click.testing import CliRunner
>>> from marsplan.cli import app
>>> result = CliRunner().invoke(app, ["lambert", "--r1", "5000,10000,2100", "--r2", "-14600,2500,7000",
...                                   "--tof-s", "3600", "--mu", "398600", "--format", "json"])
>>> result.exit_code, round(__import__("json").loads(result.output)["v1_km_s"][0], 4)   # Curtis, Example 5.2
(0, -5.9925)
>>> result = CliRunner().invoke(app, ["settle", "--runs", "0"])
>>> result.exit_code, result.output.strip()
(2, 'marsplan: error: --runs 0: allowed 1 to 200,000')
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from marsplan.cli._app import DEBUG, Group, View, add_command
from marsplan.cli._campaign_views import VIEWS as CAMPAIGN_VIEWS
from marsplan.cli._views import VIEWS as TRAJECTORY_VIEWS
from marsplan.errors import MarsplanError, OutputError

__all__ = ["app", "main"]

VIEWS: dict[str, View] = {**TRAJECTORY_VIEWS, **CAMPAIGN_VIEWS}


def _group(name: str | None, help_text: str, *, runs_itself: bool = False) -> Group:
    return Group(name=name, help=help_text, no_args_is_help=not runs_itself, invoke_without_command=runs_itself)


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    DEBUG["on"] = bool(value)
    return value


app = _group("marsplan", "marsplan: plan crewed and cargo campaigns to Mars and the Moon with real physics.")
def _set_ephemeris(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--ephemeris PATH``: every command of this run reads that SPK kernel (DE421, DE430, DE442, ...) instead of
    DE440; it is opened and its coverage named now, and each date asked is checked against it."""
    if value is None:
        return None
    from marsplan.astro import ephemeris

    path = Path(value).expanduser()
    try:
        ephemeris.load(path)  # a missing file, a device or FIFO, a truncated kernel: one line naming it
    except MarsplanError as exc:
        raise click.BadParameter(str(exc), param_hint="--ephemeris") from None
    except (OSError, ValueError) as exc:  # not an SPK file
        raise click.BadParameter(f"{value}: not a readable SPK kernel ({exc})", param_hint="--ephemeris") from None
    os.environ[ephemeris.ENV_VAR] = str(path.resolve())
    return value


app.params.append(click.Option(["--ephemeris"], default=None, expose_value=False, callback=_set_ephemeris,
                               is_eager=True, metavar="PATH",
                               help="Use this SPK kernel (.bsp: DE421, DE430, DE442, ...) instead of DE440."))
app.params.append(click.Option(["--debug"], is_flag=True, expose_value=False, callback=_set_debug,
                               help="Show the traceback of an internal error."))


def _build() -> None:
    scenario_app = _group("scenario", "Validate and show scenario files.")
    power_app = _group("power", "", runs_itself=True)
    moon_app = _group("moon", "The Moon: Earth-Moon transfers and deliveries.")
    lowthrust_app = _group("lowthrust", "", runs_itself=True)
    for words in ("plan", "ephemeris", "lambert", "transfer", "windows", "porkchop", "mga", "freereturn", "cycler",
                  "fleet", "launchers", "settle", "claims", "crew", "doctor", "study", "depot"):
        add_command(app, words, VIEWS[words])
    add_command(power_app, "power", VIEWS["power"], as_group=power_app)
    add_command(power_app, "power irradiance", VIEWS["power irradiance"])
    add_command(lowthrust_app, "lowthrust", VIEWS["lowthrust"], as_group=lowthrust_app)
    add_command(lowthrust_app, "lowthrust trade", VIEWS["lowthrust trade"])
    for words in ("moon transfers", "moon deliver"):
        add_command(moon_app, words, VIEWS[words])
    for words in ("scenario validate", "scenario show"):
        add_command(scenario_app, words, VIEWS[words])
    power_app.help = (power_app.help or "") + "\n\n`marsplan power irradiance` gives one sol's sunlight on Mars."
    lowthrust_app.help = ((lowthrust_app.help or "") + "\n\n`marsplan lowthrust trade` puts a nuclear-electric tug's "
                          "cargo and trip time over power and specific mass beside a refilled Starship.")
    for group in (scenario_app, power_app, moon_app, lowthrust_app):
        app.add_command(group)
    app.add_command(serve)


def _check_port_free(host: str, port: int) -> None:
    """One line now, not uvicorn's message and exit 3 later: the port is taken, or the address is not this
    machine's."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OutputError(f"--host {host}: not an address of this machine ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise OutputError(f"--port {port}: in use on {host} (another server?); choose another port") from None
            raise OutputError(f"--host {host} --port {port}: cannot listen there ({exc.strerror})") from None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (default: loopback only).")
@click.option("--port", type=click.IntRange(1, 65_535), default=8000, show_default=True, help="TCP port.")
def serve(host: str, port: int) -> None:
    """The planner in a browser, and an HTTP API that mirrors these commands (/api/COMMAND, docs at /docs)."""
    import uvicorn

    from marsplan.server import create_app

    _check_port_free(host, port)
    loopback = host in ("127.0.0.1", "localhost", "::1")
    reach = "this machine only (loopback)" if loopback else f"every network that reaches {host}: no authentication"
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"marsplan serve: http://{shown}:{port}/ answers {reach}; API docs at /docs; Ctrl-C stops it")
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


_build()


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``marsplan`` console script."""
    try:
        return app.main(args=argv, prog_name="marsplan")
    except MarsplanError as exc:  # raised outside a command (should not happen)
        click.echo(f"marsplan: error: {' '.join(str(exc).split())}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        # the reader went away (`marsplan windows --format csv | head -1`): what it wanted it has; end quietly, as
        # Unix tools do, and keep Python from complaining again when it flushes stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
