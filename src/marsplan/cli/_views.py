"""How the CLI shows the trajectory, fleet, Moon and low-thrust commands: rich tables from each result's
``to_dict()`` (the JSON both faces send), and the files of CLI-only options.

>>> VIEWS["windows"].formats, [o.name for o in VIEWS["porkchop"].extra]
(('table', 'json', 'csv'), ['out', 'plot'])
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from marsplan.cli._app import View, console, spec_table

__all__ = ["VIEWS"]


def _point_cells(point: Any) -> list[str]:
    from marsplan.tables import TRANSFER_POINT, cells

    return ["-"] * len(TRANSFER_POINT) if point is None else cells(TRANSFER_POINT, [point])[0]


def _ephemeris(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = result.to_dict()
    table = Table(title=f"{data['body'].title()} from the Sun, {data['frame']}, {data['ephemeris']}",
                  title_justify="left")
    for col in ("date (UTC)", "x (km)", "y (km)", "z (km)", "vx (km/s)", "vy (km/s)", "vz (km/s)"):
        table.add_column(col, justify="right")
    for row in data["states"]:
        table.add_row(row["date_utc"], *(f"{x:,.0f}" for x in row["r_km"]), *(f"{x:.4f}" for x in row["v_km_s"]))
    console().print(table)


def _lambert(arc: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    table = Table(title=f"Lambert arc, {values['revs']} revolution(s), tof {values['tof_s']:g} s",
                  title_justify="left")
    for col in ("", "x", "y", "z", "norm"):
        table.add_column(col, justify="right")
    for label, vec in (("v1 (km/s)", arc.v1_km_s), ("v2 (km/s)", arc.v2_km_s)):
        table.add_row(label, *(f"{c:.6f}" for c in vec), f"{math.sqrt(sum(c * c for c in vec)):.6f}")
    console().print(table)
    click.echo(f"a = {arc.a_km:.6g} km, e = {arc.ecc:.6f}, i = {arc.inc_deg:.4f} deg")


def _windows(survey: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    from marsplan.tables import limit_notes

    data = survey.to_dict()
    columns = ["opportunity", "type", "quantity", "departure", "arrival", "tof_days", "c3_km2_s2",
               "vinf_arrival_km_s", "dla_deg", "c3_window_first", "c3_window_last", "c3_window_cut_by_range"]
    if fmt == "csv":
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
                                    + [span["first_departure"] or "", span["last_departure"] or "",
                                       " ".join(span["cut_by_range"])])
        return
    table = Table(title=f"{values['origin'].title()} -> {values['target'].title()} opportunities, departures "
                        f"{values['start_utc']} to {values['end_utc']}", title_justify="left")
    held = limit_notes((f"{op['opportunity']} type {kind[5:]}", op[kind]["min_c3"])
                       for op in data for kind in ("type_I", "type_II"))
    cut = any(op["c3_below_threshold"]["cut_by_range"] for op in data)
    table.caption = "\n".join(["lowest C3 of each type; C3 in km²/s², v∞ in km/s, DLA in degrees, TOF in days",
                                *held, *(["< > the searched dates cut the window: it opens earlier (<) or closes "
                                          "later (>) than shown"] if cut else [])])
    for col in ("window", "type", "depart", "arrive", "TOF", "C3", "v∞ arr", "DLA",
                f"C3<={values['max_c3_km2_s2']:g} from", "until"):
        table.add_column(col, justify="right", no_wrap=True)
    for op in data:
        span = op["c3_below_threshold"]
        first = True
        for kind in ("type_I", "type_II"):
            p = op[kind]["min_c3"]
            opens = ("< " if "start" in span["cut_by_range"] else "") + (span["first_departure"] or "-")
            closes = (span["last_departure"] or "-") + (" >" if "end" in span["cut_by_range"] else "")
            table.add_row(op["opportunity"] if first else "", kind[5:], *_point_cells(p),
                          opens if first else "", closes if first else "")
            first = False
        alt = op.get("venus_flyby")
        if alt is not None and alt["beats_direct"]:
            fly = alt["venus_flyby"]
            table.add_row("", "via Venus", alt["departure"][:10], alt["arrival"][:10], "", f"{alt['c3_km2_s2']:.2f}",
                          f"{alt['vinf_arrival_km_s']:.2f}", "", f"Venus {fly['utc'][:10]}",
                          f"{alt['venus_total_km_s']:.2f} < {alt['direct_total_km_s']:.2f}")
        table.add_section()
    console().print(table)


def _porkchop_check(extras: dict[str, Any], values: dict[str, Any], fmt: str) -> None:
    """The output files' names and places, and the memory of a JSON answer, before any work (a grid can take
    minutes)."""
    from marsplan.errors import InputError
    from marsplan.report.output import check_output_file

    if fmt == "json":
        from marsplan.astro.time import utc_to_tdb_jd
        from marsplan.memory import check_memory
        from marsplan.trajectory.grid import JSON_BYTES_PER_CELL, grid_cells

        (first, last), (shortest, longest) = values["departure"], values["tof_days"]
        cells = grid_cells(float(utc_to_tdb_jd(last)) - float(utc_to_tdb_jd(first)), shortest, longest,
                           values["step_days"])
        check_memory(cells * JSON_BYTES_PER_CELL, f"the JSON of a {cells:,}-cell porkchop", param="step_days",
                     hint="use a coarser --step or a shorter span, or --format csv")

    for key, suffixes in (("out", (".nc",)), ("plot", (".png", ".svg"))):
        path = extras.get(key)
        if path is not None:
            check_output_file(path)
            if Path(path).suffix.lower() not in suffixes:
                raise InputError(f"{path}: the file name must end in {' or '.join(suffixes)}")


def _porkchop_files(grid: Any, values: dict[str, Any], extras: dict[str, Any]) -> None:
    from marsplan.report.output import atomic_write_bytes

    out, plot = extras.get("out"), extras.get("plot")
    if out is not None:
        atomic_write_bytes(Path(out), bytes(grid.ds.to_netcdf(engine="scipy")))
    if plot is not None:
        import io

        from marsplan.report.trajectory_plots import plot_porkchop

        ax = plot_porkchop(grid.ds, [(label, p) for label, p in grid.optima if "C3" in label])
        buf = io.BytesIO()
        ax.figure.figure.savefig(buf, format=Path(plot).suffix.lower()[1:], dpi=120)
        atomic_write_bytes(Path(plot), buf.getvalue())


def _porkchop(grid: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    from marsplan.tables import limit_notes

    ds, optima = grid.ds, grid.optima
    if fmt == "csv":  # the whole grid, a row per cell (departure, time of flight) with every variable
        frame = ds.drop_vars("departure_tdb_jd", errors="ignore").to_dataframe()
        frame.to_csv(sys.stdout, float_format="%.6g", date_format="%Y-%m-%dT%H:%M:%S", lineterminator="\n")
        return
    table = Table(title=f"{values['origin'].title()} -> {values['target'].title()} porkchop, "
                        f"{ds.sizes['departure']} x {ds.sizes['tof_days']} cells", title_justify="left")
    for col in ("optimum", "depart", "arrive", "TOF (d)", "C3 (km²/s²)", "v∞ arr (km/s)", "DLA (deg)",
                "Δv total (km/s)"):
        table.add_column(col, justify="right", no_wrap=True)
    for label, p in optima:
        cells = _point_cells(p.to_dict() if p else None)
        if "v∞" in label and cells[3].endswith(" *"):  # the limited quantity carries the mark, not C3
            cells[3], cells[4] = cells[3][:-2], cells[4] + " *"
        table.add_row(label, *cells, f"{p['dv_total_km_s']:.3f}" if p else "-")
    held = limit_notes((label, p.to_dict() if p else None) for label, p in optima)
    if held:
        table.caption = "\n".join(held)
    console().print(table)
    for key in ("out", "plot"):
        if extras.get(key) is not None:
            click.echo(f"Wrote {extras[key]}")


def _transfer_check(extras: dict[str, Any], values: dict[str, Any], fmt: str) -> None:
    from marsplan.errors import InputError
    from marsplan.report.output import check_output_file

    path = extras.get("oem")
    if path is not None:
        check_output_file(path)
        if Path(path).suffix.lower() not in (".oem", ".txt"):
            raise InputError(f"{path}: the file name must end in .oem or .txt")
    path = extras.get("spk")
    if path is not None:
        check_output_file(path)
        if Path(path).suffix.lower() != ".bsp":
            raise InputError(f"{path}: the file name must end in .bsp")


def _transfer_files(result: Any, values: dict[str, Any], extras: dict[str, Any]) -> None:
    from marsplan.report.output import atomic_write_bytes

    if extras.get("oem") is not None:
        atomic_write_bytes(Path(extras["oem"]), result.oem().encode("ascii"))
    if extras.get("spk") is not None:
        atomic_write_bytes(Path(extras["spk"]), result.spk())


def _transfer(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = result.to_dict()
    click.echo(f"{data['origin'].title()} {data['departure_utc']} -> {data['target'].title()} "
               f"{data['arrival_utc']} UTC: {data['tof_days']:.1f} days, C3 {data['c3_km2_s2']:.3f} km²/s², "
               f"arrival v∞ {data['vinf_arrival_km_s']:.3f} km/s; {len(data['states'])} states (ICRF, TDB)")
    for key in ("oem", "spk"):
        if extras.get(key) is not None:
            click.echo(f"Wrote {extras[key]}")


def _fleet(report: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    result = report.to_dict()
    ship, refilled, launch_site, fleet_plan = report.ship, report.refilled, report.site, report.plan
    view = console()
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
    view.print(one)
    if fleet_plan is None:
        return
    from marsplan.tables import FLEET_MISSIONS

    manifest = spec_table(f"Scenario {report.scenario}: fleet", FLEET_MISSIONS, result["missions"])
    manifest.add_section()
    manifest.add_row("total", "", str(fleet_plan.ships), "", "", "", str(fleet_plan.launches_total), "")
    view.print(manifest)
    ret = fleet_plan.return_dict()
    if ret:
        view.print(f"Return ({ret['departure'][:10]}, C3 {ret['c3_km2_s2']:.2f}): {ret['propellant_isru_t']:.0f} t "
                   f"of methane/oxygen made on Mars per ship, {ret['isru_energy_mwh']:,.0f} MWh "
                   f"({ret['isru_energy_kwh_per_kg']:.1f} kWh/kg)")


def _launchers(curves: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = curves.to_dict()
    table = Table(title=f"Payload (t) against C3, ship from {data['site']}", title_justify="left")
    table.add_column("vehicle")
    shown = list(range(len(data["c3_km2_s2"])))[:: max(1, len(data["c3_km2_s2"]) // 8)]
    for i in shown:
        table.add_column(f"C3 {data['c3_km2_s2'][i]:g}", justify="right")
    for name, series in data["payload_t"].items():
        table.add_row(name, *("-" if series[i] is None else f"{series[i]:.1f}" for i in shown))
    console().print(table)


def _moon_transfers(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = result.to_dict()
    table = Table(title=f"Earth ({values['leo_alt_km']:g} km, {values['leo_inc_deg']:g} deg) to low lunar orbit "
                        f"({values['llo_alt_km']:g} km): the cheapest transfer of each day", title_justify="left")
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
    console().print(table)


def _moon_deliver(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = result.to_dict()
    tr = data["transfer"]
    table = Table(title=f"{values['payload_t']:g} t to {data['site']} in {values['year']}: TLI "
                        f"{tr['tli_dv_km_s']:.2f} km/s, LOI {tr['loi_dv_km_s']:.2f} km/s, descent "
                        f"{data['descent_dv_km_s']:.2f} km/s", title_justify="left")
    for col in ("vehicle", "launches", "tankers", "to the Moon (t)", "payload + lander (t)", "note"):
        table.add_column(col, justify="left" if col in ("vehicle", "note") else "right")
    for d in data["vehicles"]:
        table.add_row(d["name"], "-" if d["launches"] is None else str(d["launches"]),
                      "-" if d["tankers"] is None else str(d["tankers"]),
                      "-" if d["tli_payload_t"] is None else f"{d['tli_payload_t']:.1f}",
                      "-" if d["mass_at_tli_t"] is None else f"{d['mass_at_tli_t']:.1f}", d["note"])
    console().print(table)


def _depot(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = result.to_dict()
    view = console()
    view.print(f"Depot at {values['alt_km']:g} km, {values['inclination_deg']:g} deg: its plane drifts "
               f"{data['nodal_regression_deg_per_day']:+.3f} deg/day (J2)")
    table = Table(title="Launches into the depot's plane", title_justify="left")
    for col in ("site", "latitude", "per day", "azimuths (deg)", "plane change (km/s)", "next (UTC)"):
        table.add_column(col, justify="left" if col in ("site", "next (UTC)") else "right")
    for s in data["sites"]:
        table.add_row(s["site"], f"{s['latitude_deg']:.2f}", str(s["per_day"]),
                      ", ".join(f"{a:.1f}" for a in s["azimuths_deg"]) or "-", f"{s['plane_change_dv_km_s']:.3f}",
                      ", ".join(s["times_utc"][:2]) or "-")
    view.print(table)
    c = data["campaign"]
    view.print(f"{c['tankers']} tankers every {c['cadence_days']:g} days deliver {c['delivered_t']:,.0f} t; "
               f"{c['held_at_departure_t']:,.1f} t is left when the last docks ({data['cooling']} storage); "
               f"boil-off adds {c['extra_tankers_for_boiloff']} tanker flight(s)")


def _lowthrust(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = result.to_dict()
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
    view = console()
    view.print(table)
    view.print(f"{data['message']}; mismatch {data['mismatch']['position_km']:.2f} km, "
               f"{data['mismatch']['velocity_m_s']:.4f} m/s")


def _trade(result: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = result.to_dict()
    view = console()
    ship = data["starship"]
    per_launch = ship["tonnes_per_launch"]
    view.print(f"{data['tug']}: stack {data['stack_mass_kg'] / 1e3:g} t, Isp {data['isp_s']:g} s, efficiency "
               f"{data['efficiency']:g}; escape in {data['escape_year']}.  Refilled Starship to a "
               f"{values['mars_orbit_alt_km']:g} km Mars orbit: "
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


def _mga(report: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = report.to_dict()
    view = console()
    title = (f"{data['problem']} ({data['model']}, {data['planets']} planets): {data['total_dv_km_s']:.4f} km/s "
             f"total, {data['evaluations']:,} evaluations, {len(data['islands'])} islands ({data['algorithm']})")
    legs = Table(title=title, title_justify="left")
    for col in ("leg", "depart (UTC)", "arrive (UTC)", "TOF (d)"):
        legs.add_column(col, justify="right", no_wrap=True)
    dsm = data["model"] == "MGA-1DSM"
    if dsm:
        legs.add_column("DSM (km/s)", justify="right")
    for leg in data["legs"]:
        row = [f"{leg['from'].title()} -> {leg['to'].title()}", leg["depart_utc"], leg["arrive_utc"],
               f"{leg['tof_days']:.1f}"]
        if dsm:
            row.append(f"{leg['dsm_km_s']:.3f}")
        legs.add_row(*row)
    view.print(legs)
    if data["flybys"]:
        fly = Table(title="Flybys", title_justify="left")
        for col in ("body", "date (UTC)", "altitude (km)", "burn (km/s)"):
            fly.add_column(col, justify="right", no_wrap=True)
        for f in data["flybys"]:
            fly.add_row(f["body"].title(), f["utc"], f"{f['altitude_km']:,.0f}", f"{f['dv_km_s']:.3f}")
        view.print(fly)
    line = (f"Departure v∞ {data['vinf_departure_km_s']:.3f} km/s (C3 {data['c3_km2_s2']:.2f} km²/s²); arrival v∞ "
            f"{data['vinf_arrival_km_s']:.3f} km/s; arrival term {data['arrival_dv_km_s']:.3f} km/s")
    if "best_known_km_s" in data:
        line += f"; best known {data['best_known_km_s']:g} km/s ({data['above_best_known_percent']:+.2f} %)"
    view.print(line)


def _freereturn(report: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = report.to_dict()
    table = Table(title=f"Free returns {data['from']} to {data['to']} (launch C3 up to {data['max_c3_km2_s2']:g} "
                        "km²/s²; flybys ballistic)", title_justify="left")
    for col in ("family", "launch (UTC)", "C3 (km²/s²)", "flybys (altitude km)", "days", "back (UTC)",
                "entry (km/s)"):
        table.add_column(col, justify="right", no_wrap=col != "flybys (altitude km)")
    for fr in data["free_returns"]:
        flybys = ", ".join(f"{f['body'].title()} {f['utc'][:10]} ({f['altitude_km']:,.0f})" for f in fr["flybys"])
        table.add_row(fr["family"], fr["launch_utc"][:10], f"{fr['c3_km2_s2']:.1f}", flybys,
                      f"{fr['duration_days']:.0f}", fr["return_utc"][:10], f"{fr['entry_speed_km_s']:.2f}")
    if not data["free_returns"]:
        table.add_row("-", "none found", *([""] * 5))
    console().print(table)


def _cycler(report: Any, values: dict[str, Any], fmt: str, extras: dict[str, Any]) -> None:
    data = report.to_dict()
    table = Table(title=f"Aldrin cycler ({data['direction']}), {data['cycles']} cycles on DE440: correction burns "
                        f"{data['total_burn_km_s']:.3f} km/s in all, {data['burn_per_cycle_km_s']:.3f} km/s a cycle",
                  title_justify="left")
    for col in ("encounter", "date (UTC)", "v∞ (km/s)", "flyby altitude (km)", "burn (km/s)"):
        table.add_column(col, justify="right", no_wrap=True)
    for e in data["encounters"]:
        table.add_row(e["body"].title(), e["utc"][:10], f"{e['vinf_km_s']:.2f}",
                      "-" if e["altitude_km"] is None else f"{e['altitude_km']:,.0f}",
                      "-" if e["burn_km_s"] is None else f"{e['burn_km_s']:.3f}")
    view = console()
    view.print(table)
    lo, hi = data["transit_days_min_max"]
    pub = data["published"]
    view.print(f"Earth-Mars transit {lo:.0f}-{hi:.0f} days; mean cycle {data['mean_period_days']:.1f} days "
               f"(Russell & Ocampo 2004, circular model: {pub['earth_to_mars_days']:.0f} days, v∞ "
               f"{pub['vinf_earth_km_s']} km/s at Earth, {pub['vinf_mars_km_s']} at Mars)")


VIEWS: dict[str, View] = {
    "ephemeris": View(_ephemeris),
    "lambert": View(_lambert),
    "windows": View(_windows, formats=("table", "json", "csv"), progress=("Surveying", "chunks")),
    "porkchop": View(_porkchop, formats=("table", "json", "csv"), check=_porkchop_check, files=_porkchop_files,
                     extra=(
        click.Option(["--out", "out"], default=None, help="Write the grid as netCDF (.nc)."),
        click.Option(["--plot", "plot"], default=None, help="Write the porkchop plot (.png or .svg)."))),
    "transfer": View(_transfer, check=_transfer_check, files=_transfer_files, extra=(
        click.Option(["--oem", "oem"], default=None, help="Write the states as a CCSDS OEM file (.oem)."),
        click.Option(["--spk", "spk"], default=None, help="Write the states as a NAIF SPK kernel, type 13 (.bsp)."),
    )),
    "fleet": View(_fleet, status=lambda v: "Planning the ship (and, for a window, surveying and planning the "
                                           "fleet)...", stages=True),
    "launchers": View(_launchers),
    "moon transfers": View(_moon_transfers, status=lambda v: "Solving Earth-Moon transfers..."),
    "moon deliver": View(_moon_deliver, status=lambda v: "Sizing landers and tanker flights..."),
    "depot": View(_depot),
    "lowthrust": View(_lowthrust, status=lambda v: f"Optimising a low-thrust transfer ({v['starts']} starts, up to "
                                                   f"{v['max_evaluations']:,} evaluations)..."),
    "lowthrust trade": View(_trade, progress=("Trade", "power levels")),
    "mga": View(_mga, progress=("Searching", "islands")),
    "freereturn": View(_freereturn, progress=("Searching", "window searches")),
    "cycler": View(_cycler, status=lambda v: "Optimising the cycler's encounters..."),
}
"""Command words -> how the CLI shows it."""
