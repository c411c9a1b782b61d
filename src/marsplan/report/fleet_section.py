"""The report's Fleet section: payload against C3, and the launch manifest per window.

One Starship with 100 t to the 2026 window's C3 needs six tankers, seven launches; the section lists it
and draws it as a star on the payload-C3 chart:

>>> import numpy as np
>>> from marsplan.campaign.fleet import payload_c3_curves
>>> from marsplan.report.fleet_section import fleet_section
>>> from marsplan.scenario import load_scenario
>>> from marsplan.vehicles.catalog import get_site
>>> from marsplan.vehicles.fleet import FleetPlan, MissionFleet, plan_ship
>>> from marsplan.vehicles.refill import refilled_from_catalog
>>> ship = plan_ship(refilled_from_catalog(), get_site("starbase"), 9.18, dla_deg=23.7, payload_kg=100_000.0)
>>> plan = FleetPlan([MissionFleet("Cargo 2026", "cargo", "2026", 1, 0, "2026-10-31", "2027-08-19", ship)])
>>> sc, c3 = load_scenario(), np.linspace(0.0, 60.0, 13)
>>> section = fleet_section(plan, sc, payload_c3_curves(sc, c3), c3)
>>> section.title, plan.launches_total, "<td>Cargo 2026</td><td>1</td><td>100</td>" in section.body_html
('Fleet', 7, True)
>>> section.body_html.count("<img")
1
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import clear_legend, figure_to_data_uri

__all__ = ["fleet_section", "plot_payload_c3", "schedule_html"]


def plot_payload_c3(c3_km2_s2: np.ndarray, curves: dict[str, np.ndarray], ax: Axes | None = None,
                    marks: Sequence[tuple[str, float, float]] = ()) -> Axes:
    """Payload (t) against departure C3 for each vehicle; ``marks`` are (label, C3, payload t) points."""
    if ax is None:
        fig = Figure(figsize=(9.0, 5.5), layout="constrained")
        ax = fig.add_subplot()
    for name, payload in curves.items():
        style = "-" if "tanker" in name else "--"
        ax.plot(c3_km2_s2, payload, style, lw=1.6 if "tanker" in name else 1.1, label=name)
    grouped: dict[tuple[float, float], list[str]] = {}
    for label, mark_c3, mark_t in marks:
        grouped.setdefault((round(float(mark_c3), 0), round(float(mark_t), 0)), []).append(label)
    for (mark_c3, mark_t), labels in grouped.items():
        ax.plot(mark_c3, mark_t, "k*", ms=10)
        ax.annotate(", ".join(labels), (mark_c3, mark_t), xytext=(6, -10), textcoords="offset points", fontsize=7.5)
    ax.set_yscale("log")
    ax.set_ylim(0.5, 300)
    ax.set_xlabel("departure C3 (km²/s²)")
    ax.set_ylabel("payload (t)")
    ax.set_title("Payload against departure energy: refilled ship (solid) and expendable launchers (dashed)",
                 fontsize=10)
    ax.grid(alpha=0.3, which="both")
    clear_legend(ax, fontsize=7, ncol=2)
    return ax


def schedule_html(schedule) -> str:
    """The launch schedule every claim reads: per window its slots and the ships that leave."""
    rows = []
    policy = "wait for the next" if schedule.unlaunched == "wait" else "are dropped"
    for w in schedule.windows:
        waited = sum(r.ships for r in w.requests if r.waited_from)
        rows.append((w.window, f"{w.open_days:.0f}", w.slots, w.launches_wanted, w.launches_used,
                     f"{w.ships_left} of {w.ships_wanted}", waited or ""))
    return (f"<p>Launch sites: {html.escape(schedule.rate.describe())}. Sources: {html.escape(schedule.rate.source)}. "
            f"Ships whose launches do not fit their window {policy}; {schedule.dropped} never left by the "
            f"horizon. The settlement, the claims and this table read the same schedule.</p>"
            + table_html(["window", "days open", "launch slots", "launches wanted", "launches flown",
                          "ships leaving", "of which waited"], rows,
                         caption="Launch schedule: slots from the first tanker flight to the window's close"))


def fleet_section(plan, scenario, curves, c3_grid, schedule=None) -> Section:
    opts = scenario.fleet
    parts = [f"<p>Ship <b>{html.escape(opts.ship)}</b> refilled in orbit by <b>{html.escape(opts.tanker)}</b> "
             f"flights from {html.escape(opts.site)}: {opts.days_in_orbit:g} days between the first tanker and "
             f"departure, boil-off {100 * opts.boiloff_fraction_per_day:g} % per day, transfer loss "
             f"{100 * opts.transfer_loss_fraction:g} % per transfer. Impulsive burns, no gravity losses; "
             f"propellant for the Mars landing is kept back at departure.</p>"]
    rows = []
    by_window: dict[str, list] = {}
    for m in plan.missions:
        by_window.setdefault(m.window or "-", []).append(m)
    for window, missions in by_window.items():
        for m in missions:
            s = m.ship
            if s is None:
                rows.append((window, m.mission, m.ships, "-", "-", "-", "-", "-", "-", "-"))
                continue
            rows.append((window, m.mission, m.ships, f"{s.payload_kg / 1000:g}", f"{s.c3_km2_s2:.2f}",
                         f"{s.dla_deg:+.1f}"
                         + ("" if s.dla_reachable else f" (+{s.plane_change_dv_km_s * 1000:.0f} m/s)"),
                         s.tankers, m.launches, f"{m.ships * s.propellant_loaded_kg / 1000:,.0f}",
                         f"{m.ships * s.payload_landed_kg / 1000:,.0f}"
                         + ("" if s.entry_ok else " (entry too fast)")))
    rows.append(("total", "", plan.ships, "", "", "", "", plan.launches_total, "", ""))
    parts.append(table_html(["window", "mission", "ships", "payload/ship (t)", "C3 (km²/s²)", "DLA (deg)",
                             "tankers/ship", "launches", "propellant loaded (t)", "landed (t)"], rows,
                            caption="Launch manifest per window"))
    if schedule is not None:
        parts.append(schedule_html(schedule))
    ret = plan.return_dict()
    if ret:
        parts.append(table_html(
            ["return departure", "C3 (km²/s²)", "payload (t)", "ascent + injection Δv (km/s)",
             "propellant made on Mars (t)", "CH₄ / O₂ (t)", "ISRU energy (MWh)"],
            [(ret["departure"][:10], f"{ret['c3_km2_s2']:.2f}", f"{ret['payload_t']:g}",
              f"{ret['ascent_dv_km_s']:.2f} + {ret['injection_dv_km_s']:.2f}", f"{ret['propellant_isru_t']:,.0f}",
              f"{ret['methane_t']:,.0f} / {ret['oxygen_t']:,.0f}",
              f"{ret['isru_energy_mwh']:,.0f} ({ret['isru_energy_kwh_per_kg']:.1f} kWh/kg; range "
              f"{ret['isru_energy_range_kwh_per_kg']['low']:.1f} to {ret['isru_energy_range_kwh_per_kg']['high']:.1f}: "
              "low liquefaction estimate to NASA COMPASS whole-system figure)")],
            caption="Return of one ship, refuelled on Mars"))
    marks = [(m.mission, m.ship.c3_km2_s2, m.ship.payload_kg / 1000) for m in plan.missions if m.ship is not None]
    ax = plot_payload_c3(c3_grid, curves, marks=marks)
    parts.append(figure_html(figure_to_data_uri(ax.figure),
                             "Payload against C3: the refilled ship for several tanker counts, and expendable "
                             "launchers from their published LEO payload and final stage; stars are the "
                             "scenario's ships: a star below its curve is a ship that can fly with that many "
                             "tankers."))
    return Section("Fleet", "".join(parts))
