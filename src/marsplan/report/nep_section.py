"""The report's "Nuclear-electric cargo" section: the scenario's tug on its trip to Mars orbit, its
trajectory and throttle, and the power x specific-mass trade against a refilled Starship.

The trade chart on a trade small enough to check by hand: a 1 MWe tug whose 60 t stack arrives with 50 t
keeps 50 - alpha - 0.05 x 10 t of cargo (alpha in kg/kWe), over two launches, so 19.75, 14.75 and 9.75 t
per launch at alpha = 10, 20 and 30; it meets a Starship's 9.8 t per launch at alpha = 29.9:

>>> import numpy as np
>>> from marsplan.report.nep_section import plot_tug_trade
>>> from marsplan.vehicles.tugs import TugTrade, get_tug
>>> trade = TugTrade(powers_kwe=np.array([1000.0]), alphas_kg_per_kwe=np.array([10.0, 20.0, 30.0]),
...                  tofs_days=np.array([400.0]), stack_mass_kg=60_000.0, final_mass_kg=np.array([[50_000.0]]),
...                  trip_days=np.array([[900.0]]), departure_tdb_jd=np.array([[2462000.0]]),
...                  status=np.array([["ok"]]), design=get_tug("tem-1mwe").design(), launcher_leo_kg=100_000.0,
...                  min_payload_kg=0.0, starship_tonnes_per_launch=9.8)
>>> trade.best()["tonnes_per_launch"].tolist(), trade.break_even().round(1).tolist()
([[19.75, 14.75, 9.75]], [29.9])
>>> [t.get_text() for t in plot_tug_trade(trade).get_legend().get_texts()]
['1,000 kWe', 'refilled Starship (9.8 t per launch)']
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from marsplan.astro.frames import icrf_to_ecliptic
from marsplan.constants import AU_KM
from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import clear_legend, figure_to_data_uri

__all__ = ["nep_section", "plot_low_thrust_transfer", "plot_tug_trade"]


def plot_low_thrust_transfer(transfer: Any, ax: Axes | None = None) -> Axes:
    """The heliocentric leg in the ecliptic plane (au): the path, the thrust of each segment as an arrow,
    and Earth's and Mars's orbits over the flight."""
    from marsplan.astro.ephemeris import state

    ax = ax if ax is not None else Figure(figsize=(6.0, 6.0), layout="constrained").add_subplot()
    days = np.linspace(transfer.departure_tdb_jd - 400, transfer.arrival_tdb_jd + 400, 400)
    for body, style in (("earth", "-"), ("mars", "--")):
        r = icrf_to_ecliptic(np.asarray(state(body, days).r_km)) / AU_KM
        ax.plot(r[:, 0], r[:, 1], style, lw=0.8, color="0.55", label=f"{body.capitalize()}'s orbit")
    path = icrf_to_ecliptic(transfer.path_km(points_per_segment=6)) / AU_KM
    ax.plot(path[:, 0], path[:, 1], lw=1.8, label="transfer")
    mids = path[3::6][:transfer.segments]
    thrust = icrf_to_ecliptic(transfer.throttles)
    on = np.linalg.norm(transfer.throttles, axis=1) > 0.05
    ax.quiver(mids[on, 0], mids[on, 1], thrust[on, 0], thrust[on, 1], angles="xy", scale=12, width=0.004,
              label="thrust direction (full throttle = longest)")
    ax.plot([path[0, 0]], [path[0, 1]], "o", label="escape from Earth")
    ax.plot([path[-1, 0]], [path[-1, 1]], "s", label="arrival at Mars")
    ax.plot([0], [0], "*", ms=10, color="0.3")
    ax.set_aspect("equal")
    ax.set_xlabel("x, ecliptic J2000 (au)")
    ax.set_ylabel("y (au)")
    ax.grid(alpha=0.3)
    clear_legend(ax, fontsize=7)
    ax.set_title(f"Low-thrust rendezvous, {transfer.tof_days:.0f} days ({transfer.segments} segments, DE440)",
                 fontsize=10)
    return ax


def plot_tug_trade(trade: Any, ax: Axes | None = None, marks: Sequence[tuple[str, float, float]] = ()) -> Axes:
    """Tonnes to Mars orbit per Earth launch against specific mass, one line per power; the refilled
    Starship as a horizontal line; ``marks`` are (label, alpha, tonnes per launch) points."""
    ax = ax if ax is not None else Figure(figsize=(7.5, 4.2), layout="constrained").add_subplot()
    per_launch = trade.best()["tonnes_per_launch"]
    for power, row in zip(trade.powers_kwe, per_launch, strict=True):
        ax.plot(trade.alphas_kg_per_kwe, row, marker=".", label=f"{power:,.0f} kWe")
    if trade.starship_tonnes_per_launch is not None and math.isfinite(trade.starship_tonnes_per_launch):
        ax.axhline(trade.starship_tonnes_per_launch, color="k", ls=":", lw=1.2,
                   label=f"refilled Starship ({trade.starship_tonnes_per_launch:.1f} t per launch)")
    for label, alpha, tonnes in marks:
        if math.isfinite(tonnes):
            ax.plot([alpha], [tonnes], "D", ms=7, mfc="none", mec="k")
            ax.annotate(label, (alpha, tonnes), textcoords="offset points", xytext=(6, 6), fontsize=8)
    ax.set_xlabel("specific mass of the tug, alpha (kg per kWe)")
    ax.set_ylabel("cargo to Mars orbit per Earth launch (t)")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    clear_legend(ax, fontsize=8)
    ax.set_title(f"A {trade.stack_mass_kg / 1e3:g} t stack: what power and lightness buy", fontsize=10)
    return ax


def _num(value: float, fmt: str = ",.1f") -> str:
    return "-" if value is None or not math.isfinite(value) else format(value, fmt)


def nep_section(data: Any) -> Section:
    """The section (``data``: :class:`marsplan.campaign.stages.NuclearElectric`)."""
    d, tr, tug, ship = data.delivery, data.delivery.transfer, data.tug, data.starship
    design = d.design
    assumed = sorted({f.strip() for s in tug.sources if s.assumption for f in s.field.split(",")})
    parts = [
        f"<p>{html.escape(tug.name)}: {tug.power_kwe:,.0f} kWe, {tug.dry_mass_kg / 1e3:,.1f} t "
        f"({tug.alpha_kg_per_kwe:.1f} kg/kWe), Isp {tug.isp_s:,.0f} s at {tug.efficiency:.0%} efficiency, so "
        f"{design.thrust_n:.1f} N (T = 2 eta P / (g0 Isp)). Marked as marsplan's assumptions in the catalog: "
        f"{html.escape(', '.join(assumed) or 'none')}. The stack of {d.stack_mass_kg / 1e3:g} t (tug, xenon, "
        f"cargo) spirals out from {design.activation_altitude_km:,.0f} km (integrated, thrust along the "
        "velocity), flies a heliocentric rendezvous optimised for mass (Sims-Flanagan transcription, SLSQP, "
        f"DE440, escape any day of {data.year}) and spirals down to a {d.mars_orbit_altitude_km:g} km Mars "
        "orbit. The cargo is what is left after the tug and its tanks.</p>"]
    if not d.feasible:
        parts.append(f"<p>No heliocentric transfer met the constraints: {html.escape(tr.message)}.</p>")
    else:
        rows: list[tuple[str, ...]] = [("spiral out to escape", _num(d.earth_spiral.time_days, ",.0f"),
                 _num(d.earth_spiral.delta_v_km_s, ".2f"), _num(d.earth_spiral.propellant_kg / 1e3)),
                (f"Earth to Mars ({tr.to_dict()['departure_utc'][:10]} to {tr.to_dict()['arrival_utc'][:10]})",
                 _num(tr.tof_days, ",.0f"), _num(tr.delta_v_km_s, ".2f"), _num(tr.propellant_kg / 1e3)),
                ("spiral down to Mars orbit", _num(d.mars_spiral.time_days, ",.0f"),
                 _num(d.mars_spiral.delta_v_km_s, ".2f"), _num(d.mars_spiral.propellant_kg / 1e3)),
                ("the trip", _num(d.trip_days, ",.0f"),
                 _num(d.earth_spiral.delta_v_km_s + tr.delta_v_km_s + d.mars_spiral.delta_v_km_s, ".2f"),
                 _num(d.propellant_kg / 1e3))]
        parts.append(table_html(["leg", "days", "delta-v (km/s)", "xenon (t)"], rows,
                                caption=f"One trip: {_num(d.payload_kg / 1e3)} t of cargo to Mars orbit in "
                                        f"{d.trip_days / 365.25:.1f} years, {d.launches} Earth launches (the "
                                        f"tug's own and its load), {_num(d.tonnes_per_launch)} t per launch"))
        ax = plot_low_thrust_transfer(tr)
        parts.append(figure_html(figure_to_data_uri(ax.figure),
                                 "The heliocentric leg: arrows show where and which way the engines push; coast "
                                 "arcs have none. Thrust at departure raises the orbit, thrust near Mars "
                                 "matches its speed."))
    starship = ("cannot reach that orbit" if not math.isfinite(ship["tonnes_per_launch"]) else
                f"{ship['payload_t']:.0f} t with {ship['tankers']} tankers on the {data.year} window's transfer "
                f"of least total delta-v, the one of most tonnes per launch (C3 {ship['c3_km2_s2']:.1f} km²/s², "
                f"departure burn {ship['departure_dv_km_s']:.2f} km/s, capture {ship['capture_dv_km_s']:.2f} "
                f"km/s), {ship['tonnes_per_launch']:.1f} t per launch")
    parts.append(f"<p>A refilled Starship to the same orbit: {html.escape(starship)}. The trade below keeps the "
                 f"{d.stack_mass_kg / 1e3:g} t stack and changes the power (hence thrust and trip) and the specific "
                 "mass (hence what is left for cargo).</p>")
    marks = [(f"{tug.id} ({tug.power_kwe:,.0f} kWe)", tug.alpha_kg_per_kwe, d.tonnes_per_launch)]
    ax = plot_tug_trade(data.trade, marks=marks)
    parts.append(figure_html(figure_to_data_uri(ax.figure),
                             "Where a line crosses the dotted Starship line is the break-even specific mass for "
                             "that power: a lighter tug beats the refilled Starship per launch, a heavier one "
                             "does not. At a fixed stack more power buys a faster trip (table below) with a "
                             "heavier tug, so less cargo. A missing power found no transfer within the flight "
                             "times tried."))
    trade = data.trade
    even = trade.break_even()
    per_launch = trade.best()["tonnes_per_launch"]
    reference = trade.starship_tonnes_per_launch
    rows = []
    for i, power in enumerate(trade.powers_kwe):
        line = per_launch[i]
        if math.isfinite(even[i]):
            cross = _num(even[i])
        elif reference is not None and np.any(np.isfinite(line)) and np.nanmin(line) > reference:
            cross = f"above {trade.alphas_kg_per_kwe[-1]:g}"
        elif reference is not None and np.any(np.isfinite(line)):
            cross = f"below {trade.alphas_kg_per_kwe[0]:g}"
        else:
            cross = "no transfer"
        trips = trade.trip_days[i]
        fastest = float(np.nanmin(trips)) if np.any(np.isfinite(trips)) else math.nan
        rows.append((f"{power:,.0f}", cross, _num(fastest, ",.0f")))
    parts.append(table_html(["power (kWe)", "break-even alpha (kg/kWe)", "fastest trip (days)"], rows,
                            caption="Break-even specific mass against the refilled Starship, and the fastest trip "
                                    f"of the flight times tried ({', '.join(f'{t:g}' for t in data.trade.tofs_days)} "
                                    "days heliocentric)"))
    return Section("Nuclear-electric cargo", "".join(parts))
