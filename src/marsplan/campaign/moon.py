"""The Moon and Earth-orbit stage: Earth-Moon transfers, the lunar deliveries the claims name, and a depot in
the space station's plane.

The bundled scenario's lunar claims are for 2035: a month of daily transfers from January, each claimed
unit (1.5 t and 6 t) by every vehicle, and a depot in the station's plane drifting 5 deg a day west,
which Baikonur and Florida each reach once a day:

>>> from marsplan.campaign.moon import moon_and_orbit
>>> from marsplan.scenario import load_scenario
>>> moon = moon_and_orbit(load_scenario())
>>> moon.year, len(moon.transfers), sorted(moon.deliveries)
(2035, 30, [1.5, 6.0])
>>> [(d.vehicle, d.best.name) for d in moon.deliveries[6.0]][:2]
[('long-march-5', 'two launches, lunar-orbit rendezvous'), ('long-march-10', 'one launch, cryogenic lander')]
>>> round(moon.depot_drift_deg_per_day, 1), [(s.site, s.per_day) for s in moon.depot_sites]
(-5.0, [('baikonur', 1), ('kennedy', 1)])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marsplan.campaign.fleet import refilled_ship, scenario_launch_rate
from marsplan.scenario import Scenario
from marsplan.vehicles.catalog import get_site

__all__ = ["MoonAndOrbit", "lunar_delivery", "moon_and_orbit"]



# ---- the Moon and Earth orbit: the lunar reactor's delivery, the transfer pattern, a depot in the station's plane

@dataclass
class MoonAndOrbit:
    """What the plan's Moon and Earth-orbit sections show."""

    year: int
    transfers: list[Any]
    deliveries: dict[float, list[Any]]
    depot_drift_deg_per_day: float
    depot_sites: list[Any]
    depot_campaign: Any


def lunar_delivery(sc: Scenario, payload_t: float, year: int, *, vehicles: list[str] | None = None,
                   llo_alt_km: float = 100.0) -> tuple[Any, list[Any]]:
    """How each vehicle (all by default) lands ``payload_t`` on the Moon in ``year``: the first week's cheapest
    transfer (its insertion delta-v) and one :class:`~marsplan.vehicles.lunar.MoonDelivery` per vehicle, the
    refilled Starship being the scenario's.  What the ``moon deliver`` command, the report's Moon section and
    the lunar delivery claim all read."""
    from marsplan.trajectory.lunar import first_week_transfer
    from marsplan.vehicles.lunar import deliver_to_moon

    best = first_week_transfer(year, llo_alt_km=llo_alt_km)
    deliveries = deliver_to_moon(payload_t * 1000.0, loi_dv_km_s=best.loi_dv_km_s, tli_c3_km2_s2=best.tli_c3_km2_s2,
                                 tof_days=best.tof_days, vehicles=vehicles, refilled=refilled_ship(sc),
                                 max_tankers=sc.fleet.max_tankers_per_ship)
    return best, deliveries


def moon_and_orbit(sc: Scenario) -> MoonAndOrbit:
    """The month of Earth-Moon transfers from the start of the lunar claims' year (or the campaign's), each
    lunar delivery claim's unit by every vehicle with each of its options (one launch with a storable or a
    cryogenic lander, two launches meeting in lunar orbit, a refilled Starship; every option's margin and
    its uncertainty, :func:`marsplan.vehicles.lunar.deliver_to_moon`), and a depot in the space station's
    plane (51.64 deg, 400 km) reached from Baikonur and Florida."""
    from marsplan.trajectory.lunar import moon_transfers
    from marsplan.vehicles.depot import (
        BOILOFF_PER_DAY,
        depot_campaign,
        launch_opportunities,
        nodal_regression_deg_per_day,
    )

    lunar = [c for c in sc.claims if c.test == "lunar_reactor_delivered_by"]
    year = lunar[0].year if lunar and lunar[0].year else sc.campaign.start.year
    transfers = moon_transfers(f"{year}-01-01", f"{year}-01-30", step_hours=6.0)
    refilled = refilled_ship(sc)
    # every vehicle, not only the claims' ones, so the section shows what each option needs of a launcher
    deliveries = {float(c.mass_t): lunar_delivery(sc, float(c.mass_t), year)[1] for c in lunar if c.mass_t}
    sites = [launch_opportunities(get_site(s), 51.64, 400.0, start_utc=f"{year}-01-01")
             for s in ("baikonur", "kennedy")]
    load = refilled.delivered_in_low_orbit_kg
    # one tanker per turnaround of the first launch site's pad (the scenario's figure, or the site catalog's)
    cadence = scenario_launch_rate(sc).sites[0][2]
    campaign = depot_campaign(max(1, min(sc.fleet.max_tankers_per_ship, 200)), cadence, load,
                              BOILOFF_PER_DAY["passive"])
    return MoonAndOrbit(year, transfers, deliveries, nodal_regression_deg_per_day(400.0, 51.64), sites, campaign)
