"""How the CLI shows the power, settlement, claims, crew, plan, study, scenario and doctor commands.

>>> VIEWS["scenario show"].formats, VIEWS["plan"].stages
(('table', 'json', 'toml'), True)
"""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table

from marsplan.cli._app import View, console, spec_table

__all__ = ["VIEWS"]


def _power(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    from marsplan.tables import POWER_FAMILIES

    data = result.to_dict()
    plant = bool(data["deferrable_load_kw"])
    split = f" firm + {data['deferrable_load_kw']:,.0f} kW deferrable (ISRU)" if plant else ""
    spec = [c for c in POWER_FAMILIES if plant or c.header != "firm only (t)"]
    console().print(spec_table(f"Power at {result.site.name}: {data['firm_load_kw']:g} kW{split}, reliability "
                               f"{values['reliability']:g} over {values['runs']} years", spec, data["families"]))


def _irradiance(sunlight: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = sunlight.to_dict()
    table = Table(title=f"{sunlight.site.name}, Ls {values['ls_deg']:g} deg, tau {values['tau']:g}",
                  title_justify="left", show_header=False)
    table.add_column("quantity")
    table.add_column("value", justify="right")
    for key, label in (("toa_normal_w_m2", "top of atmosphere, normal (W/m²)"),
                       ("surface_noon_w_m2", "surface, horizontal, noon (W/m²)"),
                       ("toa_sol_wh_m2", "top of atmosphere, horizontal, per sol (Wh/m²)"),
                       ("surface_sol_wh_m2", "surface, horizontal, per sol (Wh/m²)"),
                       ("zenith_noon_deg", "noon zenith angle (deg)")):
        table.add_row(label, f"{data[key]:,.1f}")
    console().print(table)


def _settle(report: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    from marsplan.tables import SETTLEMENT_YEARS, settlement_rows

    data = report.to_dict()
    view = console()
    pct = data["year_self_sustaining"]
    view.print(f"[bold]{report.scenario}[/bold]: {values['runs']:,} runs, seed {data['seed']}, horizon "
               f"{data['horizon_year']}")
    view.print(f"P(self-sustaining) = {data['p_self_sustaining']:.3f}   P(lost) = {data['p_lost']:.3f}   "
               f"year self-sustaining P10/P50/P90 = "
               f"{' / '.join(str(pct[k] or 'never') for k in ('p10', 'p50', 'p90'))}")
    view.print(spec_table("Medians (P10-P90)", SETTLEMENT_YEARS, settlement_rows(data["series"])))


def _claims(report: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    from marsplan.tables import CLAIMS

    data = report.to_dict()
    console().print(spec_table(f"Claims of {data['scenario']} (growth {data['growth_factor']:g}, at most "
                               f"{data['max_ships_per_window']} ships per window, {values['runs']:,} runs)", CLAIMS,
                               data["claims"]))


def _crew(report: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    from marsplan.tables import CREW_WAVES

    data = report.to_dict()
    view = console()
    view.print(spec_table(f"Crews of {data['scenario']} ({data['mission']}, {data['shielding_g_cm2']:g} g/cm², "
                          f"storm shelter {'yes' if data['storm_shelter'] else 'no'}): dose against 600 mSv (NASA) "
                          "and 1,000 (ESA, Roscosmos, CSA)", CREW_WAVES, data["waves"]))
    view.print(f"The scenario asks: dose <= {data['career_limit_msv']:,.0f} mSv with P >= "
               f"{data['dose_probability']:g}; Mars entry within the ship's limit; Earth entry <= "
               f"{data['earth_entry_limit_km_s']:g} km/s; an abort home within {data['abort_max_days']:g} days.")
    for wave in data["waves"]:
        for name, decision in wave["decisions"].items():
            if decision["verdict"] != "supported":
                view.print(f"{wave['mission']}, {name}: {decision['verdict']}: {decision['quantity']} = "
                           f"{decision['value']:.4g}, needs {decision['sense']} {decision['threshold']:g} "
                           f"{decision['unit']}".rstrip())
        for note in wave["notes"]:
            view.print(f"{wave['mission']}: {note}")


def _plan(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    from marsplan.tables import CLAIMS, DEPARTURES

    summary = result.summary
    view = console()
    view.print(spec_table(f"marsplan plan: {summary['scenario']}: chosen departures", DEPARTURES,
                          summary["trajectory"]["departures"]))
    view.print(spec_table("Claims", CLAIMS, summary.get("claims", [])))
    table = Table(title="Key dates", title_justify="left")
    table.add_column("key date")
    table.add_column("date (UTC)")
    table.add_column("Earth-Mars (au)", justify="right")
    table.add_column("light time (min)", justify="right")
    for m in summary["milestones"]:
        table.add_row(m["name"], m["date"], f"{m['distance_au']:.3f}", f"{m['light_time_min']:.1f}")
    view.print(table)
    click.echo(f"Report: {result.out_dir / 'report.html'}")
    click.echo(f"Summary: {result.out_dir / 'summary.json'}")


def _study(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    spec = result.spec
    data = result.to_dict()
    view = console()
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
        for name, row in sorted(indices.items(), key=lambda kv: -kv[1][rank]):
            table.add_row(name, *(f"{row[k]:.3f}" for k in keys))
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


def _doctor(report: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    info = report.to_dict()
    packages, eph_info = info["packages"], info["ephemeris"]
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
    console().print(table)


def _scenario_show(view_: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    if fmt == "toml":
        from marsplan.scenario.loader import scenario_text

        click.echo(scenario_text(values["name"]), nl=False)
        return
    sc = view_.scenario
    c = sc.campaign
    view = console()
    view.print(f"[bold]{c.name}[/bold]: {c.title}")
    view.print(f"{c.origin} -> {c.destination}, {c.start} to {c.end} ({c.horizon_years} years), seed {c.seed}")
    table = Table(title="Missions", title_justify="left")
    for col in ("mission", "window", "kind", "ships", "crew/ship", "payload/ship (t)"):
        table.add_column(col)
    for m in sc.missions:
        table.add_row(m.name, str(m.opportunity), m.kind, str(m.ships), str(m.crew_per_ship),
                      f"{m.payload_t_per_ship:g}")
    view.print(table)
    if sc.power.partner_reactor is not None:
        r = sc.power.partner_reactor
        view.print(f"Partner reactor: {r.name}: {r.power_kwe:g} kWe, {r.mass_kg:g} kg")
    view.print(f"Power: {sc.power.base_load_kw:g} kW base load at {sc.power.site}; alternative {sc.power.alternative}")


def _scenario_validate(check: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    sc = check.scenario
    click.echo(f"{check.file}: valid scenario {sc.name!r} ({len(sc.missions)} missions, "
               f"{sc.campaign.start} to {sc.campaign.end})")


VIEWS: dict[str, View] = {
    "power": View(_power, status=lambda v: f"Sizing power systems over {v['runs']} sampled years..."),
    "power irradiance": View(_irradiance),
    "settle": View(_settle, status=lambda v: f"Surveying windows and running {v['runs']:,} futures...",
                   stages=True),
    "claims": View(_claims, status=lambda v: "Checking the claims...", stages=True),
    "crew": View(_crew, status=lambda v: "Judging the crews...", stages=True),
    "plan": View(_plan, status=lambda v: "Planning...", stages=True),
    "study": View(_study, progress=("Study", "points")),
    "doctor": View(_doctor),
    "scenario show": View(_scenario_show, formats=("table", "json", "toml")),
    "scenario validate": View(_scenario_validate),
}
"""Command words -> how the CLI shows it."""
