"""The report's Moon and Earth-orbit sections: delivering the lunar reactor, the monthly pattern of
Earth-Moon transfers, and a propellant depot in the space station's plane."""

from __future__ import annotations

import html
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from marsplan.report.html import Section, figure_html, table_html
from marsplan.report.plots import figure_to_data_uri

__all__ = ["earth_orbit_section", "moon_section", "plot_transfer_pattern"]


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
    ax.legend(fontsize=8)
    return ax


def moon_section(data: Any) -> Section:
    """Reactor delivery per vehicle and the transfer pattern (``data``: orchestrate.MoonAndOrbit)."""
    parts = [f"<p>Direct transfers from a 200 km, 28.5 deg parking orbit to a 100 km lunar orbit over January "
             f"{data.year} (patched conic on DE440, zero-radius lunar sphere of influence). The Moon's distance and "
             "declination set the monthly pattern; insertion and the descent (2.18 km/s with a 5 % reserve) are "
             "flown by a lander of the Apollo descent stage's class.</p>"]
    ax = plot_transfer_pattern(data.transfers)
    parts.append(figure_html(figure_to_data_uri(ax.figure),
                             "TLI and TLI + LOI of each day's cheapest transfer: the low days are the cheap "
                             "departures; the month's spread is the Moon's distance."))
    for mass_t, rows in data.deliveries.items():
        parts.append(table_html(
            ["vehicle", "launches", "tankers", "to the Moon (t)", "payload + lander (t)", "note"],
            [(d.name, "-" if d.launches is None else d.launches, "-" if d.tankers is None else d.tankers,
              "-" if d.tli_payload_kg is None else f"{d.tli_payload_kg / 1000:.1f}",
              "-" if d.mass_at_tli_kg is None else f"{d.mass_at_tli_kg / 1000:.1f}", html.escape(d.note))
             for d in rows],
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
