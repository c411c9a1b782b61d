"""The report's Moon and Earth-orbit sections: delivering the lunar reactor, the monthly pattern of
Earth-Moon transfers, and a propellant depot in the space station's plane.

For the bundled scenario: Long March 5 sends 8.2 t to the Moon, and a 1.5 t unit with a storable lander
takes 6.8 t of it; ten tankers of 98 t, one every 14.6 days, lose 61.5 t to boil-off by the last docking:

>>> from marsplan.campaign.moon import moon_and_orbit
>>> from marsplan.report.moon_section import delivery_rows, earth_orbit_section, moon_section
>>> from marsplan.scenario import load_scenario
>>> data = moon_and_orbit(load_scenario())
>>> delivery_rows(data.deliveries[1.5])[0]
('Long March 5', 'one launch, storable lander', 1, '-', '8.2', '6.8', '+1.4 ± 0.4', 'clearly fits')
>>> moon = moon_section(data)
>>> moon.title, moon.body_html.count("<img"), moon.body_html.count("<caption>")
('The Moon', 1, 2)
>>> "980 t; with passive storage (0.1 % a day, assumption) 918.5 t" in earth_orbit_section(data).body_html
True
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import clear_legend, figure_to_data_uri

__all__ = ["delivery_rows", "earth_orbit_section", "moon_section", "plot_transfer_pattern"]


def plot_transfer_pattern(transfers: list[Any], ax: Axes | None = None) -> Axes:
    """The cheapest transfer of each day: TLI and LOI delta-v (km/s) against the departure day."""
    ax = ax if ax is not None else Figure(figsize=(8.0, 3.8), layout="constrained").add_subplot()
    days = [t for t in transfers if t is not None]
    x = list(range(len(days)))
    ax.plot(x, [t.tli_dv_km_s for t in days], marker="o", ms=3, label="TLI from the parking orbit")
    ax.plot(x, [t.tli_dv_km_s + t.loi_dv_km_s for t in days], marker="s", ms=3, label="TLI + LOI")
    ax.set_xticks(x[::5], [t.departure_utc[:10] for t in days][::5], rotation=20, ha="right", fontsize=8)
    ax.set_xlabel("departure day (UTC)")
    ax.set_ylabel("delta-v (km/s)")
    ax.set_title("Earth to low lunar orbit: the cheapest direct transfer of each day (DE440)", fontsize=10)
    ax.grid(alpha=0.3)
    clear_legend(ax, fontsize=8)
    return ax


def _t(kg: float | None) -> str:
    return "-" if kg is None or not math.isfinite(kg) else f"{kg / 1000:,.1f}"


def delivery_rows(rows: list[Any]) -> list[tuple[object, ...]]:
    """One row per vehicle and option (``rows``: :class:`marsplan.vehicles.lunar.Delivery`), the vehicle's best
    option marked."""
    out: list[tuple[object, ...]] = []
    for d in rows:
        best = d.best
        for o in d.options or []:
            margin = "-" if not math.isfinite(o.margin_kg) else \
                f"{o.margin_kg / 1000:+,.1f} \u00b1 {o.uncertainty_kg / 1000:,.1f}"
            fit = "clearly fits" if o.clear else "fits within its uncertainty" if o.fits else "does not fit"
            needed = " + ".join(_t(m) for m in o.launch_masses_kg)
            out.append((d.name, o.name + (" (best)" if o is best else ""), o.launches,
                        o.tankers if o.kind == "refilled" else "-", _t(o.capacity_kg), needed, margin, fit))
    return out


def moon_section(data: Any) -> Section:
    """Reactor delivery per vehicle and option, and the transfer pattern (``data``: orchestrate.MoonAndOrbit)."""
    parts = [f"<p>Direct transfers from a 200 km, 28.5 deg parking orbit to a 100 km lunar orbit over January "
             f"{data.year} (patched conic on DE440, zero-radius lunar sphere of influence). The Moon's distance and "
             "declination set the monthly pattern; insertion and the descent (2.18 km/s with a 5 % reserve) are "
             "flown by a lander sized by the rocket equation. Each vehicle has three ways to land a unit: one "
             "launch with a storable lander (the Apollo descent stage's class, Isp 311 s), one launch with a "
             "cryogenic LOX/LH2 lander (NASA Altair's descent-module class, Isp 448 s, twice the dry mass per kg "
             "of propellant), or two launches meeting in low lunar orbit (the lander on one, the unit with its "
             "insertion stage on the other); a refilled Starship lands itself. Margin: what the launcher sends "
             "to the Moon less the heaviest launch (Starship: the payload it can land less the unit), \u00b1 the "
             "launcher's stated payload uncertainty (5 % of a published figure, 10 % of an unflown design "
             "target, 15 % of marsplan's launcher model). The best option: fewest launches among those that "
             "clearly fit, then the most margin.</p>"]
    ax = plot_transfer_pattern(data.transfers)
    parts.append(figure_html(figure_to_data_uri(ax.figure),
                             "TLI and TLI + LOI of each day's cheapest transfer: the low days are the cheap "
                             "departures; the month's spread is the Moon's distance."))
    for mass_t, rows in data.deliveries.items():
        parts.append(table_html(
            ["vehicle", "option", "launches", "tankers", "to the Moon per launch (t)", "each launch carries (t)",
             "margin (t)", ""],
            delivery_rows(rows),
            caption=f"Landing a {mass_t:g} t reactor at the lunar south pole"))
    if not data.deliveries:
        parts.append("<p>The scenario states no lunar delivery claim.</p>")
    return Section("The Moon", "".join(parts))


def earth_orbit_section(data: Any) -> Section:
    """A depot in the space station's plane, reached from Baikonur and Florida."""
    intro = (f"<p>A propellant depot at 400 km in the space station's 51.64 deg plane: the plane drifts "
             f"{data.depot_drift_deg_per_day:+.2f} deg a day (J2), so each site's launch times move by about 20 "
             "minutes a day.</p>")
    sites = table_html(["site", "latitude (deg)", "in-plane launches per day", "azimuths (deg)",
                        "plane change (km/s)", "first opportunities (UTC)"],
                       [(s.site, f"{s.latitude_deg:.2f}", s.per_day,
                         ", ".join(f"{a:.1f}" for a in s.azimuths_deg) or "-", f"{s.plane_change_dv_km_s:.3f}",
                         ", ".join(s.times_utc[:2]) or "-") for s in data.depot_sites],
                       caption="Launch opportunities into the depot's plane")
    c = data.depot_campaign
    campaign = (f"<p>{c.tankers} tanker flights, one every {c.cadence_days:g} days (one pad's turnaround), deliver "
                f"{c.delivered_kg / 1000:,.0f} t; with passive storage (0.1 % a day, assumption) "
                f"{c.held_at_departure_kg / 1000:,.1f} t is left when the last docks, and boil-off costs "
                f"{c.extra_tankers} more flight(s).</p>")
    return Section("Earth orbit", intro + sites + campaign)
