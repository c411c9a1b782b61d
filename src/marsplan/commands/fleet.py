"""The fleet commands: ``fleet`` (one ship and the scenario's fleet), ``launchers`` (payload against C3) and
``depot`` (a propellant depot in Earth orbit).

A refilled Starship with 100 t to a C3 of 9 km^2/s^2 from the scenario's site needs six tanker flights:

>>> from marsplan.commands import fleet
>>> fleet(c3_km2_s2=9.0, payload_t=100).to_dict()["tankers_per_ship"]
6
>>> fleet(window=2028, c3_km2_s2=9.0)
Traceback (most recent call last):
...
marsplan.errors.InputError: give --window or --c3, not both
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from marsplan.commands.params import Arg, Choice, Flag, Float, Int, Opt, Text, UtcDate, command, flag
from marsplan.errors import InputError

__all__ = ["DepotReport", "FleetReport", "NO_CACHE", "PayloadCurves", "SCENARIO", "depot", "fleet", "launchers"]

SCENARIO = Arg("Scenario file (.toml) or bundled name.")
NO_CACHE = Flag("--no-cache", "Recompute the window surveys instead of reading them from the disk cache (see "
                "`marsplan doctor`).", sets=False, http=False)


@dataclass
class FleetReport:
    """One ship's plan (from a C3 or a survey window) and, with a window, the scenario's whole fleet."""

    scenario: str
    refilled: Any
    site: Any
    ship: Any
    plan: Any = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = self.ship.to_dict()
        if self.plan is not None:
            out.update(ships=self.plan.ships, launches_total=self.plan.launches_total,
                       missions=[m.to_dict() for m in self.plan.missions])
            out["return"] = self.plan.return_dict()
        return out


@command("fleet", heavy=True)
def fleet(
    scenario: Annotated[str, SCENARIO] = "mars-2026",
    window: Annotated[int | None, Opt("--window", Int(1900, 2200), "Departure window year (C3, DLA from the "
                                      "survey).")] = None,
    c3_km2_s2: Annotated[float | None, Opt("--c3", Float(0.0, 200.0, "km^2/s^2"), "Departure C3 (km^2/s^2) "
                                           "instead of a window.")] = None,
    dla_deg: Annotated[float, Opt("--dla", Float(-90.0, 90.0, "degrees"), "Departure asymptote declination (deg) "
                                  "with --c3.")] = 0.0,
    vehicle: Annotated[str | None, Opt("--vehicle", Text(), "Ship id (default: the scenario's).")] = None,
    payload_t: Annotated[float | None, Opt("--payload-t", Float(0.0, 10_000.0, "t"), "Payload per ship "
                                           "(t).")] = None,
    tankers: Annotated[int | None, Opt("--tankers", Int(0, 200), "Tanker flights: give the payload "
                                       "instead.")] = None,
    site: Annotated[str | None, Opt("--site", Text(), "Launch site id (default: the scenario's).")] = None,
    cache: Annotated[bool, NO_CACHE] = True,
    progress: Callable[[str], None] | None = None,
) -> FleetReport:
    """Tankers, launches and landed payload for one ship (from --c3 and --dla, or a window of the survey), and
    with a window the scenario's whole fleet and return."""
    from marsplan.campaign import Campaign
    from marsplan.campaign.stages import refilled_ship
    from marsplan.scenario import load_scenario
    from marsplan.vehicles.catalog import get_site
    from marsplan.vehicles.fleet import plan_ship

    if window is not None and c3_km2_s2 is not None:
        raise InputError(f"give {flag('window')} or {flag('c3_km2_s2')}, not both")
    if payload_t is not None and tankers is not None:
        raise InputError(f"give {flag('payload_t')} or {flag('tankers')}, not both")
    sc = load_scenario(scenario)
    refilled = refilled_ship(sc, ship_id=vehicle, site_id=site)
    launch_site = get_site(site or sc.fleet.site)
    vinf, tof_days, fleet_plan, c3, dla = None, 0.0, None, c3_km2_s2, dla_deg
    if c3 is None:
        stages = Campaign(sc, cache=cache, progress=progress)
        traj, fleet_plan = stages.trajectory, stages.fleet
        year = window if window is not None else (sc.missions[0].opportunity if sc.missions else None)
        op = traj.outbound.find(year) if year is not None else None
        best = op.best() if op is not None else None
        if best is None:
            known = ", ".join(o.label for o in traj.outbound)
            raise InputError(f"{flag('window')} {year}: no departure window that year in the scenario's span "
                             f"(windows: {known})")
        c3, dla, vinf, tof_days = best["c3_km2_s2"], best["dla_deg"], best["vinf_arrival_km_s"], best.tof_days
    if payload_t is None and tankers is None:
        same = [m for m in sc.missions if window is None or m.opportunity == window]
        payload_t = same[0].payload_t_per_ship if same else refilled.ship.payload_limit_kg / 1000
    ship = plan_ship(refilled, launch_site, c3, dla_deg=dla, vinf_arrival_km_s=vinf,
                     payload_kg=None if payload_t is None else payload_t * 1000, tankers=tankers, tof_days=tof_days)
    return FleetReport(sc.name, refilled, launch_site, ship, fleet_plan)


@dataclass
class PayloadCurves:
    """Payload (t) against departure C3 for the catalog's launchers (from their reference sites) and the
    scenario's refilled ship (from the scenario's or the given launch site) with several tanker counts."""

    scenario: str
    site: str
    c3_km2_s2: list[float]
    curves: dict[str, list[float | None]]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "site": self.site, "c3_km2_s2": self.c3_km2_s2, "payload_t": self.curves}


@command("launchers", heavy=True)
def launchers(
    scenario: Annotated[str, SCENARIO] = "mars-2026",
    site: Annotated[str | None, Opt("--site", Text(), "Launch site of the refilled ship (default: the "
                                    "scenario's).")] = None,
    c3_max_km2_s2: Annotated[float, Opt("--c3-max", Float(0.0, 200.0, "km^2/s^2", open_lo=True), "Largest C3 "
                                        "(km^2/s^2), up to 200.")] = 60.0,
    step_km2_s2: Annotated[float, Opt("--step", Float(0.1, 200.0, "km^2/s^2"), "C3 step (km^2/s^2).")] = 5.0,
) -> PayloadCurves:
    """Payload against departure C3: the catalog's launchers and the scenario's refilled ship."""
    import numpy as np

    from marsplan.campaign.stages import payload_c3_curves
    from marsplan.scenario import load_scenario

    if step_km2_s2 > c3_max_km2_s2:
        raise InputError(f"{flag('step_km2_s2')} {step_km2_s2:g}: allowed 0.1 to {flag('c3_max_km2_s2')} "
                         f"({c3_max_km2_s2:g})")
    sc = load_scenario(scenario)
    if site is not None:
        sc = sc.model_copy(update={"fleet": sc.fleet.model_copy(update={"site": site})})
    c3 = np.arange(0.0, c3_max_km2_s2 + 1e-9, step_km2_s2)
    curves = payload_c3_curves(sc, c3)
    return PayloadCurves(sc.name, sc.fleet.site, [round(float(x), 6) for x in c3],
                         {name: [None if not np.isfinite(v) else round(float(v), 3) for v in values]
                          for name, values in curves.items()})


@dataclass
class DepotReport:
    """A depot's plane drift, each site's launch opportunities, and a tanker campaign's boil-off."""

    settings: dict[str, Any]
    sites: list[Any]
    campaign: Any

    def to_dict(self) -> dict[str, Any]:
        return {**self.settings, "sites": [s.to_dict() for s in self.sites], "campaign": self.campaign.to_dict()}


@command("depot")
def depot(
    inclination_deg: Annotated[float, Opt("--inclination", Float(0.0, 180.0, "degrees"), "Depot orbit inclination "
                                          "(deg).")] = 51.64,
    alt_km: Annotated[float, Opt("--alt", Float(100.0, 100_000.0, "km"), "Depot orbit altitude (km), "
                                 "circular.")] = 400.0,
    sites: Annotated[Sequence[str], Opt("--site", Text(), "Launch site id (repeatable; default baikonur and "
                                        "kennedy).", multiple=True)] = ("baikonur", "kennedy"),
    tankers: Annotated[int, Opt("--tankers", Int(1, 200), "Tanker flights to the depot.")] = 6,
    cadence_days: Annotated[float, Opt("--cadence-days", Float(0.0, 365.0, "days"), "Days between tanker "
                                       "flights.")] = 10.0,
    cooling: Annotated[str, Opt("--cooling", Choice(("passive", "active")), "passive or active storage.")] = (
        "passive"),
    node_epoch_utc: Annotated[str, Opt("--start", UtcDate(), "UTC date the plane's node is given at.")] = "2030-01-01",
    raan_deg: Annotated[float, Opt("--raan", Float(0.0, 360.0, "degrees"), "The plane's node at --start "
                                   "(deg).")] = 0.0,
    plane_change: Annotated[bool, Flag("--no-plane-change", "Refuse sites that cannot launch into the plane "
                                       "directly.", sets=False)] = True,
    scenario: str = "mars-2026",
) -> DepotReport:
    """A propellant depot in Earth orbit: plane drift, launch opportunities per site, boil-off of a campaign."""
    from marsplan.campaign.stages import refilled_ship
    from marsplan.scenario import load_scenario
    from marsplan.vehicles.catalog import get_site
    from marsplan.vehicles.depot import (
        BOILOFF_PER_DAY,
        depot_campaign,
        launch_opportunities,
        nodal_regression_deg_per_day,
    )

    drift = nodal_regression_deg_per_day(alt_km, inclination_deg)
    opportunities = [launch_opportunities(get_site(s), inclination_deg, alt_km, start_utc=node_epoch_utc,
                                          raan_deg=raan_deg) for s in (sites or ("baikonur", "kennedy"))]
    if not plane_change:
        for o in opportunities:
            if o.per_day == 0:
                raise InputError(f"{flag('sites')} {o.site} (latitude {o.latitude_deg:g} deg) cannot launch into the "
                                 f"{inclination_deg:g} deg plane directly, and {flag('plane_change')} forbids the "
                                 f"{o.plane_change_dv_km_s:.3f} km/s plane change it needs")
    sc = load_scenario(scenario)
    refilled = refilled_ship(sc)
    load = refilled.delivered_in_low_orbit_kg
    campaign = depot_campaign(tankers, cadence_days, load, BOILOFF_PER_DAY[cooling])
    settings = {"inclination_deg": inclination_deg, "alt_km": alt_km, "nodal_regression_deg_per_day": round(drift, 4),
                "start_utc": node_epoch_utc, "raan_deg": raan_deg, "cooling": cooling, "tanker": refilled.tanker.id}
    return DepotReport(settings, opportunities, campaign)
