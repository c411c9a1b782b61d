"""Column specs for the result tables every face shows: the CLI's terminal tables, and the web pages.

A spec is a list of :class:`Column`; each reads one row of a result's ``to_dict()`` and formats one
cell, so a face renders any result with :func:`cells` and no knowledge of its own.  Missing values
show as ``-``.  Pure Python and light, so the CLI can import it before anything heavy.

>>> from marsplan.tables import FLEET_MISSIONS, cells, headers, html_rows
>>> headers(FLEET_MISSIONS)
['mission', 'window', 'ships', 'payload/ship (t)', 'C3', 'tankers/ship', 'launches', 'landed (t)']
>>> cells(FLEET_MISSIONS, [{"mission": "Cargo 2026", "window": "2026", "ships": 5, "payload_t": 100.0,
...                         "c3_km2_s2": 9.1821, "tankers_per_ship": 6, "launches": 35}])
[['Cargo 2026', '2026', '5', '100', '9.18', '6', '35', '-']]

The same rows as the HTML a notebook shows:

>>> html_rows(FLEET_MISSIONS[:2], [{"mission": "Cargo 2026", "window": "2026"}])[:44]
'<table><thead><tr><th>mission</th><th>window'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["CLAIMS", "CREW_WAVES", "DEPARTURES", "FLEET_MISSIONS", "POWER_FAMILIES", "SETTLEMENT_YEARS",
           "TRANSFER_POINT", "Column", "cells", "headers", "html_fields", "html_rows", "limit_notes",
           "settlement_rows"]


@dataclass(frozen=True)
class Column:
    """One column: its header, how to read the value from a row, and how to format it."""

    header: str
    value: Callable[[dict[str, Any]], Any]
    fmt: str = "{}"
    justify: str = "right"

    def cell(self, row: dict[str, Any]) -> str:
        try:
            value = self.value(row)
        except (KeyError, TypeError, IndexError):
            value = None
        return "-" if value is None else self.fmt.format(value)


def headers(spec: Sequence[Column]) -> list[str]:
    return [c.header for c in spec]


def cells(spec: Sequence[Column], rows: Iterable[dict[str, Any]]) -> list[list[str]]:
    """Formatted cells of every row."""
    return [[c.cell(row) for c in spec] for row in rows]


def html_rows(spec: Sequence[Column], rows: Iterable[dict[str, Any]], caption: str = "") -> str:
    """An HTML table of ``rows`` by ``spec`` (escaped): what a result shows in Jupyter (``_repr_html_``)."""
    import html

    head = "".join(f"<th>{html.escape(c.header)}</th>" for c in spec)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in row) + "</tr>" for row in cells(spec, rows))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_fields(caption: str, fields: Iterable[tuple[str, Any]]) -> str:
    """An HTML table of (name, value) pairs (escaped; floats to 4 significant digits)."""
    import html

    def text(value: Any) -> str:
        return "-" if value is None else f"{value:.4g}" if isinstance(value, float) else str(value)

    body = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(text(v))}</td></tr>" for k, v in fields)
    return f"<table><caption>{html.escape(caption)}</caption><tbody>{body}</tbody></table>"


def _key(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row.get(name)


def _kilo(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: None if row.get(name) is None else row[name] / 1000


TRANSFER_POINT = [
    Column("depart", lambda r: r["departure"][:10]),
    Column("arrive", lambda r: r["arrival"][:10]),
    Column("TOF (d)", _key("tof_days"), "{:.0f}"),
    Column("C3 (km²/s²)", lambda r: None if r.get("c3_km2_s2") is None else
           f"{r['c3_km2_s2']:.2f}" + (" *" if r.get("limited_by") else "")),
    Column("v∞ arr (km/s)", _key("vinf_arrival_km_s"), "{:.2f}"),
    Column("DLA (deg)", _key("dla_deg"), "{:+.1f}"),
]
"""A transfer (:meth:`marsplan.trajectory.grid.TransferPoint.to_dict`); a C3 marked * is held by a limit (its
``limited_by``), not a minimum."""


def limit_notes(points: Iterable[tuple[str, dict[str, Any] | None]]) -> list[str]:
    """One line per labelled transfer (:meth:`~marsplan.trajectory.grid.TransferPoint.to_dict`) held by a limit:
    what holds it and the interior minimum beside it, or that the quantity has none there."""
    notes = []
    for label, point in points:
        if not point or not point.get("limited_by"):
            continue
        inner = point.get("interior_minimum")
        beside = ("no interior minimum in the range searched" if inner is None else
                  f"interior minimum leaving {inner['departure'][:10]}, {inner['tof_days']:.0f} d, "
                  f"C3 {inner['c3_km2_s2']:.2f}, v∞ arr {inner['vinf_arrival_km_s']:.2f}")
        notes.append(f"* {label}: not a minimum, held by {'; '.join(point['limited_by'])}; {beside}")
    return notes

DEPARTURES = [
    Column("mission", _key("mission")),
    Column("window", lambda r: r.get("opportunity") or r.get("requested_opportunity")),
    Column("depart", lambda r: r["departure"][:10]),
    Column("arrive", lambda r: r["arrival"][:10]),
    Column("TOF (d)", _key("tof_days"), "{:.0f}"),
    Column("type", _key("type")),
    Column("C3 (km²/s²)", _key("c3_km2_s2"), "{:.2f}"),
    Column("v∞ arr (km/s)", _key("vinf_arrival_km_s"), "{:.2f}"),
]
"""The chosen departure of each mission (``CampaignTrajectory.to_dict()["departures"]``)."""

CLAIMS = [
    Column("claim", _key("text"), justify="left"),
    Column("verdict", _key("verdict"), justify="left"),
    Column("what decided it", _key("margin"), justify="left"),
]
"""The verdict on each public claim (:meth:`marsplan.campaign.claims.Verdict.to_dict`)."""

CREW_WAVES = [
    Column("crew", _key("mission"), justify="left"),
    Column("out - home", lambda r: f"{r['departure_utc'][:7]} - {(r['return_arrival_utc'] or '-')[:7]}"),
    Column("dose mSv (5-95 %)", lambda r: f"{r['dose_msv']:,.0f} ({r['dose_p05_msv']:,.0f}-{r['dose_p95_msv']:,.0f})"),
    Column("P ≤600", _key("p_within_nasa_600"), "{:.2f}"),
    Column("P ≤1000", _key("p_within_esa_roscosmos_csa_1000"), "{:.2f}"),
    Column("entry Mars/Earth", lambda r: f"{r['mars_entry_km_s']:.2f}/"
           + ("-" if r["earth_entry_km_s"] is None else f"{r['earth_entry_km_s']:.2f}")),
    Column("abort", lambda r: None if r["abort"] is None else
           f"{r['abort']['kind']} {r['abort']['launch_utc'][:10]}, {r['abort']['duration_days']:.0f} d, entry "
           f"{r['abort']['entry_speed_km_s']:.2f}", justify="left"),
    Column("verdict", _key("verdict"), justify="left"),
]
"""Each crew wave's dose, entry speeds and abort (:meth:`marsplan.campaign.crew.CrewWave.to_dict`)."""

FLEET_MISSIONS = [
    Column("mission", _key("mission")),
    Column("window", _key("window")),
    Column("ships", _key("ships")),
    Column("payload/ship (t)", _key("payload_t"), "{:g}"),
    Column("C3", _key("c3_km2_s2"), "{:.2f}"),
    Column("tankers/ship", _key("tankers_per_ship")),
    Column("launches", _key("launches")),
    Column("landed (t)", _key("payload_landed_total_t"), "{:g}"),
]
"""Each mission of a fleet plan (``FleetPlan.to_dict()["missions"]``)."""

POWER_FAMILIES = [
    Column("family", _key("family")),
    Column("mass (t)", _kilo("mass_kg"), "{:,.1f}"),
    Column("firm only (t)", lambda r: None if r.get("firm_only") is None else r["firm_only"]["mass_kg"] / 1000,
           "{:,.1f}"),
    Column("array (m²)", _key("array_area_m2"), "{:,.0f}"),
    Column("storage (kWh)", _key("storage_kwh"), "{:,.0f}"),
    Column("reactors", _key("reactors")),
    Column("LOLP", _key("loss_of_load_probability"), "{:.4f}"),
    Column("storm unmet (MWh)", _kilo("worst_storm_unmet_kwh"), "{:,.1f}"),
    Column("Starship landings", _key("starship_landings")),
]
"""Each family of a power analysis (``PowerAnalysis.to_dict()["families"]``)."""


def _band(name: str, fmt: str) -> Column:
    header = {"population": "people", "self_sufficiency": "self-sufficiency", "power_kw": "power (kW)",
              "mass_delivered_t": "landed (t)"}[name]
    return Column(header, lambda r: (r[name]["p50"], r[name]["p10"], r[name]["p90"]),
                  "{0[0]:" + fmt + "} ({0[1]:" + fmt + "}-{0[2]:" + fmt + "})")


SETTLEMENT_YEARS = [
    Column("year", _key("year")),
    _band("population", ",.0f"),
    _band("self_sufficiency", ".2f"),
    _band("power_kw", ",.0f"),
    _band("mass_delivered_t", ",.0f"),
]
"""Median (P10-P90) of each year of a settlement run: rows from :func:`settlement_rows`."""


def settlement_rows(series: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per year from ``CampaignResult.to_dict()["series"]``."""
    keys = [k for k in series if k != "year"]
    return [{"year": year, **{k: {q: series[k][q][i] for q in ("p10", "p50", "p90")} for k in keys}}
            for i, year in enumerate(series["year"])]
