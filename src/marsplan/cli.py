"""The ``marsplan`` command line: parse, call the API, render.  No physics here.

Every :class:`~marsplan.errors.MarsplanError` becomes one line on stderr
and exit status 2, with no traceback.
"""

from __future__ import annotations

import enum
import functools
import math
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from marsplan.constants import MU_SUN_KM3_S2
from marsplan.errors import MarsplanError

__all__ = ["app", "command_help", "command_params", "main", "parse_options"]


_DEBUG = {"on": False}
_REPORT = ("please report it, with the command line, to the marsplan issue tracker "
           "(rerun with --debug for the traceback)")


class _Group(TyperGroup):
    """One line and exit 2 for bad input of any kind; one line and exit 1 for a bug.

    A :class:`~marsplan.errors.MarsplanError` raised by a command, a bad option value and a usage error
    (unknown option, missing argument) each print ``marsplan: error: ...`` on stderr and exit 2.  Any other
    exception is a bug in marsplan: one line naming the command and where to report it, exit 1, and the
    traceback only with ``--debug`` (or ``MARSPLAN_DEBUG=1``).
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MarsplanError as exc:
            _fail(str(exc))
        except typer.BadParameter as exc:  # an option's value out of its allowed range or type
            _fail(exc.format_message())
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except UsageError as exc:
            _fail(exc.format_message())
        except Exception as exc:
            if _DEBUG["on"] or os.environ.get("MARSPLAN_DEBUG"):
                raise
            command = " ".join(["marsplan", *ctx.command_path.split()[1:], ctx.invoked_subcommand or ""]).strip()
            typer.echo(f"marsplan: internal error in `{command}`: {type(exc).__name__}: "
                       f"{' '.join(str(exc).split())[:300]}; {_REPORT}", err=True)
            raise typer.Exit(1) from None

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        except UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # no arguments: the help text, as click shows it
                typer.echo(exc.ctx.get_help() if exc.ctx is not None else str(exc), err=True)
            else:  # unknown option, missing argument: one line, not click's usage block
                typer.echo(f"marsplan: error: {' '.join(exc.format_message().split())}", err=True)
            rv = 2
        if standalone_mode:
            sys.exit(rv if isinstance(rv, int) else 0)
        return rv


UsageError: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
"""The command-line parser's usage error (typer's own click): the public typer.BadParameter's base class, so
that marsplan imports no private module of typer."""


def _fail(message: str) -> NoReturn:
    """One line on stderr, exit status 2."""
    typer.echo(f"marsplan: error: {' '.join(message.split())}", err=True)
    raise typer.Exit(2) from None


def _utc(value: Any) -> Any:
    """Option callback: refuse a bad UTC date (or each of a list) before any heavy import."""
    from marsplan.astro.isodate import parse_utc

    for item in value if isinstance(value, list) else [value]:
        if item is not None:
            parse_utc(item)
    return value


def _utc_range(value: str) -> str:
    """Option callback: refuse a bad START:END range of UTC dates before any heavy import."""
    from marsplan.astro.isodate import split_utc_range

    split_utc_range(value)
    return value


def _typer(help_text: str, *, runs_itself: bool = False) -> typer.Typer:
    """A command group; ``runs_itself``: the group is also a command (its callback runs without a subcommand)."""
    return typer.Typer(
        cls=_Group, help=help_text, no_args_is_help=not runs_itself, invoke_without_command=runs_itself,
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
    )


app = _typer("marsplan: plan crewed and cargo campaigns to Mars and the Moon with real physics.")


@app.callback()
def _root(debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False
          ) -> None:
    _DEBUG["on"] = debug

scenario_app = _typer("Validate and show scenario files.")
app.add_typer(scenario_app, name="scenario")
power_app = _typer("Size surface power (solar + storage, fission, hybrids) for a site and a load; "
                   "`marsplan power irradiance` gives one sol's sunlight on Mars.", runs_itself=True)
app.add_typer(power_app, name="power")
moon_app = _typer("The Moon: Earth-Moon transfers.")
app.add_typer(moon_app, name="moon")
lowthrust_app = _typer("Low-thrust (electric) transfers optimised for delivered mass; `marsplan lowthrust trade` "
                       "puts a nuclear-electric tug's cargo and trip time over power and specific mass beside a "
                       "refilled Starship.", runs_itself=True)
app.add_typer(lowthrust_app, name="lowthrust")


class Format(enum.StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Recompute the window surveys instead of reading "
                                                               "them from the disk cache (see `marsplan doctor`).")]


def _console() -> Console:
    # pipes and files get a fixed, wide layout instead of rich's 80 columns
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 120)


def _print_json(data: Any) -> None:
    """Strict JSON: NaN and infinities become null, never the non-standard NaN or Infinity."""
    from marsplan.jsonio import strict_json

    typer.echo(strict_json(data))


@app.command()
def plan(
    scenario: Annotated[str, typer.Argument(help="Scenario file (.toml) or bundled name.")] = "mars-2026",
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory (replaced atomically).")] = Path(
        "marsplan-report"
    ),
    no_cache: NoCacheOption = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Run the whole chain on a scenario and write DIR/report.html and DIR/summary.json."""
    from marsplan.pipeline import plan as run_plan

    console = Console(stderr=True)
    with console.status("Planning...") as status:
        summary = run_plan(scenario, out, progress=lambda msg: status.update(f"{msg}..."), cache=not no_cache)
    if fmt is Format.json:
        _print_json({"out_dir": str(out), "report": str(out / "report.html"), **summary})
        return
    from marsplan.tables import CLAIMS, DEPARTURES

    console = _console()
    console.print(_spec_table(f"marsplan plan: {summary['scenario']}: chosen departures", DEPARTURES,
                              summary["trajectory"]["departures"]))
    console.print(_spec_table("Claims", CLAIMS, summary.get("claims", [])))
    table = Table(title="Key dates", title_justify="left")
    table.add_column("key date")
    table.add_column("date (UTC)")
    table.add_column("Earth-Mars (au)", justify="right")
    table.add_column("light time (min)", justify="right")
    for m in summary["milestones"]:
        table.add_row(m["name"], m["date"], f"{m['distance_au']:.3f}", f"{m['light_time_min']:.1f}")
    console.print(table)
    typer.echo(f"Report: {out / 'report.html'}")
    typer.echo(f"Summary: {out / 'summary.json'}")


@app.command()
def ephemeris(
    body: Annotated[str, typer.Argument(help="sun, mercury, venus, earth, moon, mars, jupiter, ...")],
    date: Annotated[list[str], typer.Option("--date", "-d", help="UTC date/time (ISO 8601); repeatable.",
                                            callback=_utc)],
    fmt: FormatOption = Format.table,
) -> None:
    """Heliocentric ICRF position (km) and velocity (km/s) of a body at UTC dates."""
    from marsplan.commands import run

    data = run("ephemeris", {"body": body, "date": date}).to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    table = Table(title=f"{data['body'].title()} from the Sun, {data['frame']}, {data['ephemeris']}",
                  title_justify="left")
    for col in ("date (UTC)", "x (km)", "y (km)", "z (km)", "vx (km/s)", "vy (km/s)", "vz (km/s)"):
        table.add_column(col, justify="right")
    for row in data["states"]:
        table.add_row(row["date_utc"], *(f"{x:,.0f}" for x in row["r_km"]), *(f"{x:.4f}" for x in row["v_km_s"]))
    _console().print(table)


@app.command()
def lambert(
    r1: Annotated[str, typer.Option("--r1", help="Departure position X,Y,Z (km).")],
    r2: Annotated[str, typer.Option("--r2", help="Arrival position X,Y,Z (km).")],
    tof_s: Annotated[float, typer.Option("--tof-s", help="Time of flight (s), > 0.")],
    mu: Annotated[float, typer.Option("--mu", help="Gravitational parameter (km^3/s^2); default the Sun's.")] = (
        MU_SUN_KM3_S2
    ),
    revs: Annotated[int, typer.Option("--revs", min=0, help="Complete revolutions N.")] = 0,
    retrograde: Annotated[bool, typer.Option("--retrograde", help="Clockwise transfer seen from +z.")] = False,
    high_path: Annotated[bool, typer.Option("--high-path", help="For N >= 1: the larger-a solution.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Solve Lambert's problem (Izzo 2015): velocities at both ends of the arc."""
    from marsplan.commands import run

    arc = run("lambert", {"r1": r1, "r2": r2, "tof_s": tof_s, "mu": mu, "revs": revs, "retrograde": retrograde,
                          "high_path": high_path})
    if fmt is Format.json:
        _print_json(arc.to_dict())
        return
    table = Table(title=f"Lambert arc, {revs} revolution(s), tof {tof_s:g} s", title_justify="left")
    for col in ("", "x", "y", "z", "norm"):
        table.add_column(col, justify="right")
    for label, vec in (("v1 (km/s)", arc.v1_km_s), ("v2 (km/s)", arc.v2_km_s)):
        table.add_row(label, *(f"{c:.6f}" for c in vec), f"{math.sqrt(sum(c * c for c in vec)):.6f}")
    _console().print(table)
    typer.echo(f"a = {arc.a_km:.6g} km, e = {arc.ecc:.6f}, i = {arc.inc_deg:.4f} deg")


class TableFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _point_cells(point: Any) -> list[str]:
    from marsplan.tables import TRANSFER_POINT, cells

    return ["-"] * len(TRANSFER_POINT) if point is None else cells(TRANSFER_POINT, [point])[0]


def _spec_table(title: str, spec: Any, rows: list[dict[str, Any]], **kwargs: Any) -> Table:
    """A rich table of ``rows`` (``to_dict()`` rows) through a shared column spec of :mod:`marsplan.tables`."""
    from marsplan.tables import cells

    table = Table(title=title, title_justify="left", **kwargs)
    for column in spec:
        table.add_column(column.header, justify=column.justify, no_wrap=column.justify == "right")
    for row in cells(spec, rows):
        table.add_row(*row)
    return table


def _progress_callback(console: Console, label: str, unit: str = "chunks"):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn(label), BarColumn(), TextColumn("{task.completed}/{task.total} " + unit),
                        TimeElapsedColumn(), console=console, transient=True)
    task = progress.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total)
        if done >= total:
            progress.stop()

    return update


@app.command()
def windows(
    origin: Annotated[str, typer.Option("--origin", help="Departure body.")] = "earth",
    target: Annotated[str, typer.Option("--target", help="Arrival body.")] = "mars",
    start: Annotated[str, typer.Option("--from", help="First departure date (UTC).", callback=_utc)] = "2026-01-01",
    end: Annotated[str, typer.Option("--to", help="Last departure date (UTC).", callback=_utc)] = "2046-01-01",
    max_c3: Annotated[float, typer.Option("--max-c3", help="C3 threshold for the window span (km^2/s^2).")] = 20.0,
    tof: Annotated[str, typer.Option("--tof", help="Time-of-flight range in days, MIN:MAX.")] = "100:450",
    step: Annotated[float, typer.Option("--step", help="Grid step (days), 0.01 to 30.")] = 1.0,
    max_cells: Annotated[int, typer.Option("--max-cells", min=1, help="Refuse a survey of more departure x "
                                           "time-of-flight cells than this (raise it for long, fine surveys).")] = (
        100_000_000),
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
) -> None:
    """Every launch opportunity between two bodies: type I/II minima and the C3 window."""
    from marsplan.commands import run

    err = Console(stderr=True)
    progress = _progress_callback(err, "Surveying") if err.is_terminal else None
    survey = run("windows", {"origin": origin, "target": target, "start": start, "end": end, "max_c3": max_c3,
                             "tof": tof, "step": step, "max_cells": max_cells, "progress": progress})
    data = survey.to_dict()
    if fmt is TableFormat.json:
        _print_json(data)
        return
    columns = ["opportunity", "type", "quantity", "departure", "arrival", "tof_days", "c3_km2_s2",
               "vinf_arrival_km_s", "dla_deg", "c3_window_first", "c3_window_last"]
    if fmt is TableFormat.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for op in data:
            span = op["c3_below_threshold"]
            for kind in ("type_I", "type_II"):
                for quantity in ("min_c3", "min_vinf_arrival"):
                    p = op[kind][quantity] or {}
                    writer.writerow([op["opportunity"], kind[5:], quantity]
                                    + [p.get(k, "") for k in columns[3:9]]
                                    + [span["first_departure"] or "", span["last_departure"] or ""])
        return
    table = Table(title=f"{origin.title()} -> {target.title()} opportunities, departures {start} to {end}",
                  title_justify="left")
    table.caption = "lowest C3 of each type; C3 in km²/s², v∞ in km/s, DLA in degrees, TOF in days"
    for col in ("window", "type", "depart", "arrive", "TOF", "C3", "v∞ arr", "DLA", f"C3<={max_c3:g} from",
                "until"):
        table.add_column(col, justify="right", no_wrap=True)
    for op in data:
        span = op["c3_below_threshold"]
        first = True
        for kind in ("type_I", "type_II"):
            p = op[kind]["min_c3"]
            table.add_row(op["opportunity"] if first else "", kind[5:], *_point_cells(p),
                          (span["first_departure"] or "-") if first else "",
                          (span["last_departure"] or "-") if first else "")
            first = False
        table.add_section()
    _console().print(table)


@app.command()
def porkchop(
    origin: Annotated[str, typer.Option("--origin", help="Departure body.")] = "earth",
    target: Annotated[str, typer.Option("--target", help="Arrival body.")] = "mars",
    depart: Annotated[str, typer.Option("--depart", help="Departure dates FIRST:LAST (UTC).", callback=_utc_range)] = (
        "2026-09-01:2027-01-31"
    ),
    tof: Annotated[str, typer.Option("--tof", help="Time of flight MIN:MAX (days).")] = "100:450",
    step: Annotated[float, typer.Option("--step", help="Grid step (days), 0.01 to 30.")] = 1.0,
    max_cells: Annotated[int, typer.Option("--max-cells", min=1, help="Refuse a grid of more cells than this "
                                           "(about 200 bytes each; raise it if you have the memory).")] = 2_000_000,
    revs: Annotated[int, typer.Option("--revs", min=0, help="Complete revolutions.")] = 0,
    capture: Annotated[str, typer.Option("--capture", help="propulsive or aerocapture.")] = "propulsive",
    out: Annotated[Path | None, typer.Option("--out", help="Write the grid as netCDF (.nc).")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write the porkchop plot (.png or .svg).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """A porkchop grid: C3, v-infinity, DLA/RLA and delta-v for every departure and flight time."""
    from marsplan.commands import run
    from marsplan.errors import InputError
    from marsplan.report.output import atomic_write_bytes

    for path, suffixes in ((out, (".nc",)), (plot, (".png", ".svg"))):
        if path is not None and path.suffix.lower() not in suffixes:
            raise InputError(f"{path}: the file name must end in {' or '.join(suffixes)}")
    grid = run("porkchop", {"origin": origin, "target": target, "depart": depart, "tof": tof, "step": step,
                            "max_cells": max_cells, "revs": revs, "capture": capture})
    ds, optima = grid.ds, grid.optima
    if out is not None:
        atomic_write_bytes(out, bytes(ds.to_netcdf(engine="scipy")))
    if plot is not None:
        import io

        from marsplan.report.trajectory_plots import plot_porkchop

        ax = plot_porkchop(ds, [(label, p) for label, p in optima if "C3" in label])
        buf = io.BytesIO()
        ax.figure.figure.savefig(buf, format=plot.suffix.lower()[1:], dpi=120)
        atomic_write_bytes(plot, buf.getvalue())
    if fmt is Format.json:
        _print_json(grid.to_dict())
        return
    table = Table(title=f"{origin.title()} -> {target.title()} porkchop, {ds.sizes['departure']} x "
                        f"{ds.sizes['tof_days']} cells", title_justify="left")
    for col in ("optimum", "depart", "arrive", "TOF (d)", "C3 (km²/s²)", "v∞ arr (km/s)", "DLA (deg)",
                "Δv total (km/s)"):
        table.add_column(col, justify="right", no_wrap=True)
    for label, p in optima:
        cells = _point_cells(p.to_dict() if p else None)
        table.add_row(label, *cells, f"{p['dv_total_km_s']:.3f}" if p else "-")
    _console().print(table)
    for path in (out, plot):
        if path is not None:
            typer.echo(f"Wrote {path}")


@app.command()
def fleet(
    scenario: Annotated[str, typer.Argument(help="Scenario file (.toml) or bundled name.")] = "mars-2026",
    window: Annotated[int | None, typer.Option("--window", min=1900, max=2200,
                                               help="Departure window year (C3, DLA from the survey).")] = None,
    c3: Annotated[float | None, typer.Option("--c3", help="Departure C3 (km^2/s^2) instead of a window.")] = None,
    dla: Annotated[float, typer.Option("--dla", help="Departure asymptote declination (deg) with --c3.")] = 0.0,
    vehicle: Annotated[str | None, typer.Option("--vehicle", help="Ship id (default: the scenario's).")] = None,
    payload_t: Annotated[float | None, typer.Option("--payload-t", help="Payload per ship (t).")] = None,
    tankers: Annotated[int | None, typer.Option("--tankers", min=0, max=200,
                                                help="Tanker flights: give the payload instead.")] = None,
    site: Annotated[str | None, typer.Option("--site", help="Launch site id (default: the scenario's).")] = None,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Tankers, launches and landed payload for one ship (from --c3 and --dla, or a window of the survey), and
    with a window the scenario's whole fleet and return."""
    from marsplan.commands import run

    with Console(stderr=True).status("Planning the ship (and, for a window, surveying and planning the fleet)..."):
        report = run("fleet", {"scenario": scenario, "window": window, "c3": c3, "dla": dla, "vehicle": vehicle,
                               "payload_t": payload_t, "tankers": tankers, "site": site, "no_cache": no_cache})
    result = report.to_dict()
    ship, refilled, launch_site, fleet_plan, sc_name = (report.ship, report.refilled, report.site, report.plan,
                                                        report.scenario)
    if fmt is Format.json:
        _print_json(result)
        return
    console = _console()
    one = Table(title=f"One ship ({refilled.ship.id}) from {launch_site.id}", title_justify="left", show_header=False)
    one.add_column("item")
    one.add_column("value", justify="right")
    rows = [("departure C3", f"{ship.c3_km2_s2:.2f} km²/s²"),
            ("asymptote declination", "-" if ship.dla_deg is None else f"{ship.dla_deg:+.1f} deg"),
            ("reachable without plane change", "yes" if ship.dla_reachable else
             f"no (+{ship.plane_change_dv_km_s * 1000:.0f} m/s)"),
            ("payload", f"{ship.payload_kg / 1000:.1f} t"), ("tanker flights", str(ship.tankers)),
            ("launches per ship", str(ship.launches)),
            ("propellant loaded", f"{ship.propellant_loaded_kg / 1000:.1f} t"),
            ("entry speed at Mars", "-" if ship.entry_speed_km_s is None else f"{ship.entry_speed_km_s:.2f} km/s"),
            ("payload landed", f"{ship.payload_landed_kg / 1000:.1f} t")]
    for row in rows:
        one.add_row(*row)
    console.print(one)
    if fleet_plan is None:
        return
    from marsplan.tables import FLEET_MISSIONS

    manifest = _spec_table(f"Scenario {sc_name}: fleet", FLEET_MISSIONS, result["missions"])
    manifest.add_section()
    manifest.add_row("total", "", str(fleet_plan.ships), "", "", "", str(fleet_plan.launches_total), "")
    console.print(manifest)
    ret = fleet_plan.return_dict()
    if ret:
        console.print(f"Return ({ret['departure'][:10]}, C3 {ret['c3_km2_s2']:.2f}): {ret['propellant_isru_t']:.0f} t "
                      f"of methane/oxygen made on Mars per ship, {ret['isru_energy_mwh']:,.0f} MWh "
                      f"({ret['isru_energy_kwh_per_kg']:.1f} kWh/kg)")


@app.command()
def launchers(
    scenario: Annotated[str, typer.Argument(help="Scenario file (.toml) or bundled name.")] = "mars-2026",
    site: Annotated[str | None, typer.Option("--site", help="Launch site of the refilled ship (default: the "
                                             "scenario's).")] = None,
    c3_max: Annotated[float, typer.Option("--c3-max", help="Largest C3 (km^2/s^2), up to 200.")] = 60.0,
    step: Annotated[float, typer.Option("--step", help="C3 step (km^2/s^2).")] = 5.0,
    fmt: FormatOption = Format.table,
) -> None:
    """Payload against departure C3: the catalog's launchers and the scenario's refilled ship."""
    from marsplan.commands import run

    curves = run("launchers", {"scenario": scenario, "site": site, "c3_max": c3_max, "step": step})
    data = curves.to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    table = Table(title=f"Payload (t) against C3, ship from {data['site']}", title_justify="left")
    table.add_column("vehicle")
    shown = [i for i, _ in enumerate(data["c3_km2_s2"])][:: max(1, len(data["c3_km2_s2"]) // 8)]
    for i in shown:
        table.add_column(f"C3 {data['c3_km2_s2'][i]:g}", justify="right")
    for name, values in data["payload_t"].items():
        table.add_row(name, *("-" if values[i] is None else f"{values[i]:.1f}" for i in shown))
    _console().print(table)


@power_app.callback()
def power(
    ctx: typer.Context,
    site: Annotated[str | None, typer.Option("--site", help="Site id (jezero, arcadia-planitia, ...).")] = None,
    body: Annotated[str, typer.Option("--body", help="mars or moon, with --lat.")] = "mars",
    lat: Annotated[float | None, typer.Option("--lat", help="Latitude (deg) instead of a site.")] = None,
    load_kw: Annotated[float | None, typer.Option("--load-kw", help="Base load (kW).")] = None,
    isru_t_per_year: Annotated[float, typer.Option("--isru-t-per-year",
                                                   help="Methane/oxygen made per year (t).")] = 0.0,
    reliability: Annotated[float, typer.Option("--reliability", help="1 - loss-of-load probability.")] = 0.999,
    runs: Annotated[int, typer.Option("--runs", min=1, max=2_000,
                                      help="Sampled dust years (at most 2,000: each holds 16,000 steps).")] = 200,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**32 - 1, help="Random seed.")] = 1,
    reactor: Annotated[str, typer.Option("--reactor", help="Reactor id for fission families.")] = "fsp-40",
    fmt: FormatOption = Format.table,
) -> None:
    """Size the lightest system of each family for a load at a site."""
    if ctx.invoked_subcommand is not None:
        return
    from marsplan.commands import run

    with Console(stderr=True).status(f"Sizing power systems over {runs} sampled years..."):
        result = run("power", {"site": site, "body": body, "lat": lat, "load_kw": load_kw,
                               "isru_t_per_year": isru_t_per_year, "reliability": reliability, "runs": runs,
                               "seed": seed, "reactor": reactor})
    the_site = result.site
    data = result.to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    plant = bool(data["deferrable_load_kw"])
    split = f" firm + {data['deferrable_load_kw']:,.0f} kW deferrable (ISRU)" if plant else ""
    from marsplan.tables import POWER_FAMILIES

    spec = [c for c in POWER_FAMILIES if plant or c.header != "firm only (t)"]
    _console().print(_spec_table(f"Power at {the_site.name}: {data['firm_load_kw']:g} kW{split}, reliability "
                                 f"{reliability:g} over {runs} years", spec, data["families"]))


@power_app.command("irradiance")
def power_irradiance(
    site: Annotated[str | None, typer.Option("--site", help="Mars site id.")] = None,
    lat: Annotated[float | None, typer.Option("--lat", help="Latitude (deg) instead of a site.")] = None,
    ls: Annotated[float, typer.Option("--ls", help="Solar longitude Ls (deg).")] = 90.0,
    tau: Annotated[float, typer.Option("--tau", help="Atmospheric optical depth.")] = 0.5,
    fmt: FormatOption = Format.table,
) -> None:
    """One sol's sunlight on Mars (Appelbaum & Flood): top of atmosphere and on the ground."""
    from marsplan.commands import run

    sunlight = run("power irradiance", {"site": site, "lat": lat, "ls": ls, "tau": tau})
    the_site, data = sunlight.site, sunlight.to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    table = Table(title=f"{the_site.name}, Ls {ls:g} deg, tau {tau:g}", title_justify="left", show_header=False)
    table.add_column("quantity")
    table.add_column("value", justify="right")
    for key, label in (("toa_normal_w_m2", "top of atmosphere, normal (W/m²)"),
                       ("surface_noon_w_m2", "surface, horizontal, noon (W/m²)"),
                       ("toa_sol_wh_m2", "top of atmosphere, horizontal, per sol (Wh/m²)"),
                       ("surface_sol_wh_m2", "surface, horizontal, per sol (Wh/m²)"),
                       ("zenith_noon_deg", "noon zenith angle (deg)")):
        table.add_row(label, f"{data[key]:,.1f}")
    _console().print(table)


GrowthOption = Annotated[float | None, typer.Option("--growth", min=0.0, max=10.0,
                                                    help="What if: each later window sends this many times "
                                                         "the ships of the one before.")]
ShipsOption = Annotated[int | None, typer.Option("--max-ships-per-window", min=0, max=100_000,
                                                 help="What if: at most this many ships per window.")]


@app.command()
def settle(
    scenario: Annotated[str, typer.Argument(help="Scenario file (.toml) or bundled name.")] = "mars-2026",
    runs: Annotated[int, typer.Option("--runs", min=1, max=200_000,
                                      help="Monte Carlo runs (at most 200,000: the result keeps every run).")] = 10_000,
    seed: Annotated[int | None, typer.Option("--seed", min=0, max=2**32 - 1,
                                             help="Random seed (default: the scenario's).")] = None,
    growth: GrowthOption = None,
    max_ships_per_window: ShipsOption = None,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = Format.table,
) -> None:
    """The settlement campaign Monte Carlo: population, self-sufficiency, power, probabilities."""
    from marsplan.commands import run

    with Console(stderr=True).status(f"Surveying windows and running {runs:,} futures..."):
        report = run("settle", {"scenario": scenario, "runs": runs, "seed": seed, "growth": growth,
                                "max_ships_per_window": max_ships_per_window, "no_cache": no_cache})
    data = report.to_dict()
    sc_name = report.scenario
    if fmt is Format.json:
        _print_json(data)
        return
    console = _console()
    pct = data["year_self_sustaining"]
    console.print(f"[bold]{sc_name}[/bold]: {runs:,} runs, seed {data['seed']}, horizon {data['horizon_year']}")
    console.print(f"P(self-sustaining) = {data['p_self_sustaining']:.3f}   P(lost) = {data['p_lost']:.3f}   "
                  f"year self-sustaining P10/P50/P90 = "
                  f"{' / '.join(str(pct[k] or 'never') for k in ('p10', 'p50', 'p90'))}")
    from marsplan.tables import SETTLEMENT_YEARS, settlement_rows

    console.print(_spec_table("Medians (P10-P90)", SETTLEMENT_YEARS, settlement_rows(data["series"])))


@app.command()
def claims(
    scenario: Annotated[str, typer.Argument(help="Scenario file (.toml) or bundled name.")] = "mars-2026",
    runs: Annotated[int, typer.Option("--runs", min=1, max=200_000, help="Settlement Monte Carlo runs.")] = 2_000,
    seed: Annotated[int | None, typer.Option("--seed", min=0, max=2**32 - 1,
                                             help="Random seed (default: the scenario's).")] = None,
    growth: GrowthOption = None,
    max_ships_per_window: ShipsOption = None,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Each claim of the scenario with its verdict and evidence (what `marsplan plan` checks)."""
    from marsplan.commands import run

    with Console(stderr=True).status("Checking the claims..."):
        report = run("claims", {"scenario": scenario, "runs": runs, "seed": seed, "growth": growth,
                                "max_ships_per_window": max_ships_per_window, "no_cache": no_cache})
    data = report.to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    from marsplan.tables import CLAIMS

    _console().print(_spec_table(f"Claims of {data['scenario']} (growth {data['growth_factor']:g}, at most "
                                 f"{data['max_ships_per_window']} ships per window, {runs:,} runs)", CLAIMS,
                                 data["claims"]))


@app.command()
def doctor(fmt: FormatOption = Format.table) -> None:
    """Print versions, the ephemeris in use and its coverage."""
    from marsplan.commands import run

    info = run("doctor", {}).to_dict()
    packages, eph_info = info["packages"], info["ephemeris"]
    if fmt is Format.json:
        _print_json(info)
        return
    table = Table(title="marsplan doctor", title_justify="left", show_header=False)
    table.add_column("item")
    table.add_column("value")
    table.add_row("marsplan", info["marsplan"])
    table.add_row("python", f"{info['python']} ({info['platform']})")
    for name, ver in packages.items():
        table.add_row(name, ver)
    if eph_info.get("name"):
        table.add_row("ephemeris", f"{eph_info['name']} ({eph_info['file']})")
        table.add_row("coverage (TDB)", " to ".join(eph_info["coverage_tdb"]))
        table.add_row("bodies", ", ".join(eph_info["bodies"]))
    else:
        table.add_row("ephemeris", f"ERROR: {eph_info['error']}")
    table.add_row("leap seconds", f"last {info['leap_seconds']['last']}, TAI-UTC = "
                  f"{info['leap_seconds']['tai_minus_utc_s']:g} s; none assumed after")
    table.add_row("bundled scenarios", ", ".join(info["bundled_scenarios"]))
    table.add_row("catalogs", ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in info["catalogs"].items()))
    table.add_row("survey cache", info["cache_dir"])
    _console().print(table)


@app.command()
def study(
    file: Annotated[str, typer.Argument(help="Study file (.toml) or bundled name (city-2046-sensitivity, ...).")],
    workers: Annotated[int | None, typer.Option("--workers", min=1, max=256,
                                                help="Run on a local Dask cluster of N worker processes.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler",
                                                  help="Run on an existing Dask cluster (tcp://HOST:PORT).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write DIR/study.nc, DIR/study.json and one "
                                             "file per finished point (DIR/points/).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Read the finished points of --out and compute "
                                         "only the missing ones.")] = False,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = Format.table,
) -> None:
    """A study: which assumptions decide a verdict (Sobol, Morris) or what a claim takes (sweep)."""
    from marsplan.commands import run

    err = Console(stderr=True)
    progress = _progress_callback(err, f"Study {file}", "points") if err.is_terminal else None
    result = run("study", {"file": file, "workers": workers, "scheduler": scheduler, "out": out, "resume": resume,
                           "no_cache": no_cache, "progress": progress})
    spec = result.spec
    data = result.to_dict()
    if out is not None:
        from marsplan.report.study_section import write_study_report

        write_study_report(data, out)
    if fmt is Format.json:
        _print_json(data)
        return
    view = _console()
    view.print(f"[bold]{spec.name}[/bold]: {spec.study.question} ({data['points']} points x "
               f"{data['runs_per_point']} runs, {spec.study.method}, seed {spec.study.seed}; "
               f"{result.computed} computed now)")
    for output, entry in data["sensitivity"].items():
        if entry["degenerate"]:  # never a table of zeros: the reason and what to change
            from rich.markup import escape

            view.print(f"Sensitivity of {output}: [bold]degenerate[/bold] ({escape(entry['reason'])}); "
                       f"{escape(entry['advice'])}")
            continue
        indices = entry["indices"]
        table = Table(title=f"Sensitivity of {output}", title_justify="left")
        keys = list(next(iter(indices.values())))
        rank = "ST" if "ST" in keys else keys[0]
        for col in ("parameter", *keys):
            table.add_column(col, justify="right")
        for name, values in sorted(indices.items(), key=lambda kv: -kv[1][rank]):
            table.add_row(name, *(f"{values[k]:.3f}" for k in keys))
        view.print(table)
    wit = data["what_it_takes"] or {}
    if wit.get("point") is None:
        view.print(f"What it takes: no point reaches P >= {wit.get('target_probability', 0):g}")
    else:
        view.print(f"What it takes (P >= {wit['target_probability']:g}): point {wit['point']}, "
                   f"{wit['launches']:.0f} launches ({wit['ships']:.0f} ships), "
                   f"P = {wit['p_self_sustaining']:.2f}, with "
                   + ", ".join(f"{p.name} = {wit[p.name]:g}" for p in spec.parameters)
                   + (f"; it needs pads for {wit['launch_rate_per_year']:,.0f} launches a year, up to "
                      f"{wit['peak_launches_per_window']:,.0f} in one window" if "launch_rate_per_year" in wit else ""))


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on (default: loopback only).")] = (
        "127.0.0.1"),
    port: Annotated[int, typer.Option("--port", min=1, max=65_535, help="TCP port.")] = 8000,
) -> None:
    """The planner in a browser, and an HTTP API that mirrors these commands (/api/COMMAND, docs at /docs)."""
    import uvicorn

    from marsplan.server import create_app

    loopback = host in ("127.0.0.1", "localhost", "::1")
    reach = "this machine only (loopback)" if loopback else f"every network that reaches {host}: no authentication"
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"marsplan serve: http://{shown}:{port}/ answers {reach}; API docs at /docs; Ctrl-C stops it")
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


@lowthrust_app.callback()
def lowthrust(
    ctx: typer.Context,
    origin: Annotated[str, typer.Option("--origin", help="Departure body.")] = "earth",
    target: Annotated[str, typer.Option("--target", help="Arrival body.")] = "mars",
    depart: Annotated[str, typer.Option("--depart", help="Departure date, or a window START:END (UTC); "
                                        "the optimiser picks the day.")] = "2033-01-01:2034-01-01",
    tof: Annotated[str, typer.Option("--tof", help="Flight time in days: N, or MIN:MAX (free within).")] = "200:500",
    mass_kg: Annotated[float, typer.Option("--mass-kg", help="Mass at departure (kg).")] = 20_000.0,
    power_kwe: Annotated[float | None, typer.Option("--power-kwe", help="Electric power to the thrusters (kWe); "
                                                    "thrust T = 2 eta P / (g0 Isp).")] = None,
    thrust_n: Annotated[float | None, typer.Option("--thrust-n", help="Thrust (N), instead of --power-kwe.")] = None,
    isp_s: Annotated[float, typer.Option("--isp-s", help="Specific impulse (s).")] = 5_000.0,
    efficiency: Annotated[float, typer.Option("--efficiency", help="Thruster efficiency (jet power / electric "
                                              "power).")] = 0.6,
    alpha_kg_per_kwe: Annotated[float | None, typer.Option("--alpha-kg-per-kwe", help="Specific mass of the power "
                                                           "and propulsion system (kg/kWe): reports the net mass."
                                                           )] = None,
    segments: Annotated[int, typer.Option("--segments", min=1, max=200, help="Segments of the transcription.")] = 30,
    method: Annotated[str, typer.Option("--method", help="sims-flanagan (impulses mid-segment) or zoh "
                                        "(constant thrust per segment).")] = "sims-flanagan",
    vinf_dep: Annotated[float, typer.Option("--vinf-dep", help="Hyperbolic excess the launcher gives (km/s, "
                                            "at most).")] = 0.0,
    vinf_arr: Annotated[float, typer.Option("--vinf-arr", help="Arrival excess allowed (km/s, at most).")] = 0.0,
    flyby: Annotated[bool, typer.Option("--flyby", help="Fly by the target (any arrival velocity).")] = False,
    starts: Annotated[int, typer.Option("--starts", min=1, max=100, help="Seeded starts of the optimiser.")] = 4,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**32 - 1, help="Random seed of the starts.")] = 0,
    max_evaluations: Annotated[int, typer.Option(
        "--max-evaluations", min=1, max=10_000_000, help="Evaluation budget of the search, all starts together "
        "(constraint values and Jacobians): where the search stops, so the answer is the same on any "
        "machine.")] = 20_000,
    time_limit_s: Annotated[float, typer.Option(
        "--time-limit-s", min=1.0, max=86_400.0, help="Safety net only (s): a search still running after this "
        "much wall-clock time stops with an error, never with a result; bound the work with "
        "--max-evaluations.")] = 600.0,
    fmt: FormatOption = Format.table,
) -> None:
    """The most mass-efficient low-thrust transfer between two bodies (Sims-Flanagan or zero-order hold, SLSQP)."""
    if ctx.invoked_subcommand is not None:
        return
    from marsplan.commands import run

    with Console(stderr=True).status(f"Optimising a low-thrust transfer ({starts} starts, up to "
                                     f"{max_evaluations:,} evaluations)..."):
        result = run("lowthrust", {"origin": origin, "target": target, "depart": depart, "tof": tof,
                                   "mass_kg": mass_kg, "power_kwe": power_kwe, "thrust_n": thrust_n, "isp_s": isp_s,
                                   "efficiency": efficiency, "alpha_kg_per_kwe": alpha_kg_per_kwe,
                                   "segments": segments, "method": method, "vinf_dep": vinf_dep,
                                   "vinf_arr": vinf_arr, "flyby": flyby, "starts": starts, "seed": seed,
                                   "max_evaluations": max_evaluations, "time_limit_s": time_limit_s})
    data = result.to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    table = Table(title=f"Low-thrust {data['origin']} -> {data['target']} ({data['method']}, {data['segments']} "
                        f"segments): {data['status']}", title_justify="left", show_header=False)
    table.add_column("quantity")
    table.add_column("value", justify="right")
    rows = [("departure (UTC)", data["departure_utc"]), ("arrival (UTC)", data["arrival_utc"]),
            ("flight time (days)", f"{data['tof_days']:.1f}"),
            ("thrust (N) / Isp (s)", f"{data['thrust_n']:.3g} / {data['isp_s']:g}"),
            ("mass at departure (kg)", f"{data['initial_mass_kg']:,.0f}"),
            ("final mass (kg)", f"{data['final_mass_kg']:,.1f}"), ("propellant (kg)", f"{data['propellant_kg']:,.1f}"),
            ("low-thrust delta-v (km/s)", f"{data['delta_v_km_s']:.3f}"),
            ("impulsive (Lambert) delta-v, same dates (km/s)",
             "-" if data["lambert_delta_v_km_s"] is None else f"{data['lambert_delta_v_km_s']:.3f}"),
            ("thrusting segments", f"{sum(t > 0.05 for t in data['throttle'])} of {data['segments']}")]
    if data["net_mass_kg"] is not None:
        rows += [("power and propulsion system (kg)", f"{data['power_system_kg']:,.0f}"),
                 ("final mass less that system (kg)", f"{data['net_mass_kg']:,.0f}")]
    for label, value in rows:
        table.add_row(label, value)
    _console().print(table)
    _console().print(f"{data['message']}; mismatch {data['mismatch']['position_km']:.2f} km, "
                     f"{data['mismatch']['velocity_m_s']:.4f} m/s")


@lowthrust_app.command("trade")
def lowthrust_trade(
    tug: Annotated[str, typer.Option("--tug", help="Catalog tug (zeus, tem-1mwe, nasa-nep-cargo): Isp, efficiency, "
                                     "activation orbit, tanks.")] = "zeus",
    powers_kwe: Annotated[str, typer.Option("--powers-kwe", help="Electric powers (kWe): A,B,C or MIN:MAX:N "
                                            "(geometric).")] = "100:5000:8",
    alphas: Annotated[str, typer.Option("--alphas", help="Specific masses (kg/kWe): A,B,C or MIN:MAX:N.")] = (
        "2:30:8"),
    stack_t: Annotated[float, typer.Option("--stack-t", help="Tug + propellant + cargo at the activation "
                                           "orbit (t).")] = 60.0,
    year: Annotated[int, typer.Option("--year", help="Year the tug leaves Earth's sphere of influence.")] = 2033,
    tofs: Annotated[str, typer.Option("--tofs", help="Heliocentric flight times (days): A,B,C or MIN:MAX:N.")] = (
        "250:550:3"),
    isp_s: Annotated[float | None, typer.Option("--isp-s", help="Override the tug's specific impulse (s).")] = None,
    efficiency: Annotated[float | None, typer.Option("--efficiency", help="Override the tug's efficiency.")] = None,
    mars_orbit_alt: Annotated[float, typer.Option("--mars-orbit-alt", help="Circular Mars orbit the cargo is "
                                                  "left in (km).")] = 500.0,
    min_payload_t: Annotated[float, typer.Option("--min-payload-t", help="Cargo the fastest trip must still "
                                                 "deliver (t).")] = 0.0,
    segments: Annotated[int, typer.Option("--segments", min=2, max=60, help="Segments per optimisation.")] = 10,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**32 - 1, help="Random seed of the starts.")] = 0,
    max_evaluations: Annotated[int, typer.Option(
        "--max-evaluations", min=1, max=10_000_000, help="Evaluation budget of each optimisation (constraint "
        "values and Jacobians, its starts together): where it stops, so every cell is the same on any "
        "machine.")] = 20_000,
    workers: Annotated[int | None, typer.Option("--workers", min=1, max=256,
                                                help="Run on a local Dask cluster of N worker processes.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler",
                                                  help="Run on an existing Dask cluster (tcp://HOST:PORT).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """A nuclear-electric tug's cargo and trip time over power x specific mass; the break-even against a
    refilled Starship to the same Mars orbit."""
    from marsplan.commands import run

    err = Console(stderr=True)
    progress = _progress_callback(err, "Trade", "power levels") if err.is_terminal else None
    result = run("lowthrust trade", {"tug": tug, "powers_kwe": powers_kwe, "alphas": alphas, "stack_t": stack_t,
                                     "year": year, "tofs": tofs, "isp_s": isp_s, "efficiency": efficiency,
                                     "mars_orbit_alt": mars_orbit_alt, "min_payload_t": min_payload_t,
                                     "segments": segments, "seed": seed, "max_evaluations": max_evaluations,
                                     "workers": workers, "scheduler": scheduler, "progress": progress})
    data = result.to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    view = _console()
    ship = data["starship"]
    per_launch = ship["tonnes_per_launch"]
    view.print(f"{data['tug']}: stack {data['stack_mass_kg'] / 1e3:g} t, Isp {data['isp_s']:g} s, efficiency "
               f"{data['efficiency']:g}; escape in {data['escape_year']}.  Refilled Starship to a "
               f"{mars_orbit_alt:g} km Mars orbit: "
               + ("cannot" if per_launch is None else
                  f"{per_launch:.1f} t per launch ({ship['payload_t']:.0f} t with {ship['tankers']} tankers)"))
    for key, title, unit in (("payload_kg", "Cargo to Mars orbit (t)", 1e3),
                             ("trip_days", "Trip of that choice (days, spirals included)", 1.0),
                             ("tonnes_per_launch", "Tonnes per Earth launch", 1.0)):
        table = Table(title=title, title_justify="left")
        table.add_column("kWe \\ kg/kWe")
        for a in data["alphas_kg_per_kwe"]:
            table.add_column(f"{a:g}", justify="right")
        for p, row in zip(data["powers_kwe"], data[key], strict=True):
            table.add_row(f"{p:,.0f}", *("-" if v is None else f"{v / unit:,.1f}" for v in row))
        view.print(table)
    even = ", ".join(f"{p:,.0f} kWe: " + ("-" if a is None else f"{a:.1f}")
                     for p, a in zip(data["powers_kwe"], data["break_even_alpha_kg_per_kwe"], strict=True))
    view.print(f"Break-even specific mass against the refilled Starship (kg/kWe; below it the tug delivers more "
               f"per launch): {even}")


@moon_app.command("transfers")
def moon_transfers(
    start: Annotated[str, typer.Option("--from", help="First departure day (UTC).", callback=_utc)] = "2026-01-01",
    end: Annotated[str, typer.Option("--to", help="Last departure day (UTC), at most 400 days on.",
                                     callback=_utc)] = "2026-01-31",
    leo_alt: Annotated[float, typer.Option("--leo-alt", help="Circular Earth parking orbit altitude (km).")] = 200.0,
    leo_inc: Annotated[float, typer.Option("--leo-inc", help="Its inclination to the equator (deg).")] = 28.5,
    llo_alt: Annotated[float, typer.Option("--llo-alt", help="Circular low lunar orbit altitude (km).")] = 100.0,
    tof: Annotated[str, typer.Option("--tof", help="Time of flight MIN:MAX (days).")] = "2:7",
    fmt: FormatOption = Format.table,
) -> None:
    """Per day, the direct Earth-Moon transfer of least delta-v: TLI, C3, v-infinity at the Moon, LOI."""
    from marsplan.commands import run

    with Console(stderr=True).status("Solving Earth-Moon transfers..."):
        result = run("moon transfers", {"start": start, "end": end, "leo_alt": leo_alt, "leo_inc": leo_inc,
                                        "llo_alt": llo_alt, "tof": tof})
    data = result.to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    table = Table(title=f"Earth ({leo_alt:g} km, {leo_inc:g} deg) to low lunar orbit ({llo_alt:g} km): the "
                        "cheapest transfer of each day", title_justify="left")
    for col in ("depart (UTC)", "arrive (UTC)", "TOF (d)", "TLI (km/s)", "C3 (km²/s²)", "v∞ Moon (km/s)",
                "LOI (km/s)", "total (km/s)"):
        table.add_column(col, justify="right", no_wrap=True)
    for day in data["days"]:
        if day is None:
            table.add_row("-", "no coplanar departure", *([""] * 6))
            continue
        table.add_row(day["departure_utc"], day["arrival_utc"], f"{day['tof_days']:.2f}",
                      f"{day['tli_dv_km_s']:.3f}", f"{day['tli_c3_km2_s2']:.3f}", f"{day['vinf_moon_km_s']:.3f}",
                      f"{day['loi_dv_km_s']:.3f}", f"{day['total_dv_km_s']:.3f}")
    _console().print(table)


@moon_app.command("deliver")
def moon_deliver(
    payload_t: Annotated[float, typer.Option("--payload-t", help="Payload to land (t), one piece.")],
    site: Annotated[str, typer.Option("--site", help="Lunar site: lunar-south-pole or lunar-equator.")] = (
        "lunar-south-pole"),
    vehicle: Annotated[list[str] | None, typer.Option("--vehicle", help="Vehicle id (repeatable; default all: "
                                                      "long-march-5, long-march-10, sls-block-1, falcon-heavy, "
                                                      "angara-a5, starship).")] = None,
    year: Annotated[int, typer.Option("--year", min=1990, max=2200, help="Year of the flight.")] = 2030,
    llo_alt: Annotated[float, typer.Option("--llo-alt", help="Low lunar orbit altitude (km).")] = 100.0,
    fmt: FormatOption = Format.table,
) -> None:
    """How each vehicle lands a payload at a lunar site: launches, lander, tanker flights."""
    from marsplan.commands import run

    with Console(stderr=True).status("Sizing landers and tanker flights..."):
        result = run("moon deliver", {"payload_t": payload_t, "site": site, "vehicle": vehicle, "year": year,
                                      "llo_alt": llo_alt})
    data = result.to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    tr = data["transfer"]
    table = Table(title=f"{payload_t:g} t to {data['site']} in {year}: TLI {tr['tli_dv_km_s']:.2f} km/s, LOI "
                        f"{tr['loi_dv_km_s']:.2f} km/s, descent {data['descent_dv_km_s']:.2f} km/s",
                  title_justify="left")
    for col in ("vehicle", "launches", "tankers", "to the Moon (t)", "payload + lander (t)", "note"):
        table.add_column(col, justify="left" if col in ("vehicle", "note") else "right")
    for d in data["vehicles"]:
        table.add_row(d["name"], "-" if d["launches"] is None else str(d["launches"]),
                      "-" if d["tankers"] is None else str(d["tankers"]),
                      "-" if d["tli_payload_t"] is None else f"{d['tli_payload_t']:.1f}",
                      "-" if d["mass_at_tli_t"] is None else f"{d['mass_at_tli_t']:.1f}", d["note"])
    _console().print(table)


@app.command()
def depot(
    inclination: Annotated[float, typer.Option("--inclination", help="Depot orbit inclination (deg).")] = 51.64,
    alt: Annotated[float, typer.Option("--alt", help="Depot orbit altitude (km), circular.")] = 400.0,
    site: Annotated[list[str] | None, typer.Option("--site", help="Launch site id (repeatable; default baikonur "
                                                   "and kennedy).")] = None,
    tankers: Annotated[int, typer.Option("--tankers", min=1, max=200, help="Tanker flights to the depot.")] = 6,
    cadence_days: Annotated[float, typer.Option("--cadence-days", help="Days between tanker flights.")] = 10.0,
    cooling: Annotated[str, typer.Option("--cooling", help="passive or active storage.")] = "passive",
    start: Annotated[str, typer.Option("--start", help="UTC date the plane's node is given at.",
                                       callback=_utc)] = "2030-01-01",
    raan: Annotated[float, typer.Option("--raan", help="The plane's node at --start (deg).")] = 0.0,
    no_plane_change: Annotated[bool, typer.Option("--no-plane-change", help="Refuse sites that cannot launch "
                                                  "into the plane directly.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """A propellant depot in Earth orbit: plane drift, launch opportunities per site, boil-off of a campaign."""
    from marsplan.commands import run

    data = run("depot", {"inclination": inclination, "alt": alt, "site": site, "tankers": tankers,
                         "cadence_days": cadence_days, "cooling": cooling, "start": start, "raan": raan,
                         "no_plane_change": no_plane_change}).to_dict()
    if fmt is Format.json:
        _print_json(data)
        return
    console = _console()
    console.print(f"Depot at {alt:g} km, {inclination:g} deg: its plane drifts "
                  f"{data['nodal_regression_deg_per_day']:+.3f} deg/day (J2)")
    table = Table(title="Launches into the depot's plane", title_justify="left")
    for col in ("site", "latitude", "per day", "azimuths (deg)", "plane change (km/s)", "next (UTC)"):
        table.add_column(col, justify="left" if col in ("site", "next (UTC)") else "right")
    for s in data["sites"]:
        table.add_row(s["site"], f"{s['latitude_deg']:.2f}", str(s["per_day"]),
                      ", ".join(f"{a:.1f}" for a in s["azimuths_deg"]) or "-", f"{s['plane_change_dv_km_s']:.3f}",
                      ", ".join(s["times_utc"][:2]) or "-")
    console.print(table)
    c = data["campaign"]
    console.print(f"{c['tankers']} tankers every {c['cadence_days']:g} days deliver {c['delivered_t']:,.0f} t; "
                  f"{c['held_at_departure_t']:,.1f} t is left when the last docks ({data['cooling']} storage); "
                  f"boil-off adds {c['extra_tankers_for_boiloff']} tanker flight(s)")


@scenario_app.command("validate")
def scenario_validate(
    file: Annotated[str, typer.Argument(help="Scenario file (.toml) or bundled name.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Check a scenario file; exit 2 with the field and allowed range if it is invalid."""
    from marsplan.scenario import load_scenario

    sc = load_scenario(file)
    if fmt is Format.json:
        _print_json({"valid": True, "scenario": sc.name, "missions": len(sc.missions)})
    else:
        typer.echo(f"{file}: valid scenario {sc.name!r} ({len(sc.missions)} missions, "
                   f"{sc.campaign.start} to {sc.campaign.end})")


@scenario_app.command("show")
def scenario_show(
    name: Annotated[str, typer.Argument(help="Scenario file (.toml) or bundled name.")] = "mars-2026",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or toml.")] = "table",
) -> None:
    """Show a scenario: a summary table, its JSON form, or its TOML text."""
    from marsplan.errors import InputError
    from marsplan.scenario import load_scenario
    from marsplan.scenario.loader import scenario_text

    if fmt not in ("table", "json", "toml"):
        raise InputError(f"--format {fmt!r}: choose table, json or toml")
    sc = load_scenario(name)
    if fmt == "toml":
        typer.echo(scenario_text(name), nl=False)
        return
    if fmt == "json":
        from marsplan.commands import run

        _print_json(run("scenario show", {"name": name}).to_dict())
        return
    c = sc.campaign
    console = _console()
    console.print(f"[bold]{c.name}[/bold]: {c.title}")
    console.print(f"{c.origin} -> {c.destination}, {c.start} to {c.end} ({c.horizon_years} years), seed {c.seed}")
    table = Table(title="Missions", title_justify="left")
    for col in ("mission", "window", "kind", "ships", "crew/ship", "payload/ship (t)"):
        table.add_column(col)
    for m in sc.missions:
        table.add_row(m.name, str(m.opportunity), m.kind, str(m.ships), str(m.crew_per_ship),
                      f"{m.payload_t_per_ship:g}")
    console.print(table)
    if sc.power.partner_reactor is not None:
        r = sc.power.partner_reactor
        console.print(f"Partner reactor: {r.name}: {r.power_kwe:g} kWe, {r.mass_kg:g} kg")
    console.print(f"Power: {sc.power.base_load_kw:g} kW base load at {sc.power.site}; "
                  f"alternative {sc.power.alternative}")


@functools.cache
def _click_root() -> Any:
    return typer.main.get_command(app)


def command_params(command: str) -> list[Any]:
    """The option and argument definitions of ``command`` ("windows", "power irradiance", ...), as click
    parameters: the web server takes the same names as query parameters."""
    from marsplan.errors import InputError

    node = _click_root()
    for word in command.split():
        sub = getattr(node, "commands", {}).get(word)
        if sub is None:
            raise InputError(f"unknown command {command!r}")
        node = sub
    return list(node.params)


def command_help(command: str) -> str:
    """The first line of ``command``'s help text."""
    node = _click_root()
    for word in command.split():
        node = node.commands[word]
    return (node.help or "").strip().splitlines()[0] if node.help else ""


def parse_options(command: str, argv: list[str]) -> dict[str, Any]:
    """Parse ``argv`` (options and arguments, no command words) with the CLI's own definition of ``command``;
    the values under the CLI function's parameter names.  Bad input raises
    :class:`~marsplan.errors.InputError` with the line the CLI prints (without ``marsplan: error:``)."""
    from marsplan.errors import InputError

    node = _click_root()
    for word in command.split():
        node = node.commands[word]
    try:
        ctx = node.make_context(f"marsplan {command}", list(argv))
    except (typer.BadParameter, UsageError) as exc:
        raise InputError(" ".join(exc.format_message().split())) from None
    with ctx:
        return dict(ctx.params)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``marsplan`` console script."""
    try:
        app(args=argv, prog_name="marsplan")
    except MarsplanError as exc:  # raised outside a command (should not happen)
        typer.echo(f"marsplan: error: {' '.join(str(exc).split())}", err=True)
        sys.exit(2)
