"""The fleet stage: the refilled ship the scenario's options describe, ships, tankers and launches per
mission, the return leg, payload against C3, and the one launch schedule every later stage reads.

The bundled scenario launches from Starbase (the FAA's 25 a year) and, from 2027, Florida's three pads
(120 a year); at the 2026 window's C3 a Starship needs six tankers to carry 100 t, four carry 48.6 t:

>>> import numpy as np
>>> from marsplan.campaign.fleet import payload_c3_curves, refilled_ship, scenario_launch_rate
>>> from marsplan.scenario import load_scenario
>>> sc = load_scenario()
>>> rate = scenario_launch_rate(sc)
>>> round(rate.launches_per_year(2026)), round(rate.launches_per_year(2027))
(25, 145)
>>> refilled_ship(sc).tankers_needed(100_000.0, 9.18)
6
>>> curves = payload_c3_curves(sc, np.array([9.18]))
>>> round(float(curves["starship, 4 tankers"][0]), 1), round(float(curves["Falcon Heavy (expendable)"][0]), 1)
(48.6, 16.0)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from marsplan.astro.time import utc_to_tdb_jd
from marsplan.scenario import Scenario
from marsplan.scenario.schema import FleetOptions
from marsplan.settlement.model import ShipWave
from marsplan.trajectory.campaign import CampaignTrajectory
from marsplan.trajectory.grid import TransferPoint
from marsplan.trajectory.survey import Opportunity
from marsplan.vehicles.arrival import arrive
from marsplan.vehicles.catalog import get_site, vehicles_for
from marsplan.vehicles.fleet import FleetPlan, MissionFleet, plan_ship
from marsplan.vehicles.isru import isru_energy_range_kwh_per_kg, return_leg
from marsplan.vehicles.launchers import launcher_payload_kg
from marsplan.vehicles.refill import ImpossibleRequest, RefilledShip, refilled_from_catalog
from marsplan.vehicles.schedule import LaunchRate, LaunchRequest, LaunchSchedule

__all__ = ["REFILL_FIELDS", "build_waves", "launch_plan", "payload_c3_curves", "plan_fleet", "refilled_ship",
           "scenario_launch_rate"]

RETURN_STAY_DAYS = 30.0  # the return leg leaves at least this long after the first crew lands


# ---- fleet: ships, tankers, launches and the return leg

REFILL_FIELDS: set[str] = {"ship", "tanker", "site", "parking_orbit", "high_orbit_apoapsis_alt_km",
                           "boiloff_fraction_per_day", "days_in_orbit", "tanker_cadence_days", "storage",
                           "transfer_loss_fraction", "max_tankers_per_ship"}
"""The fleet options :func:`refilled_ship` reads (what a cache of its results must be keyed on)."""


def refilled_ship(scenario: Scenario | None = None, *, ship_id: str | None = None,
                  site_id: str | None = None) -> RefilledShip:
    """The refilled ship the scenario's fleet options describe (defaults without a scenario), launched from
    their site (or ``site_id``)."""
    opts = scenario.fleet if scenario is not None else FleetOptions()
    boiloff = opts.boiloff_fraction_per_day
    if opts.storage is not None:
        from marsplan.vehicles.depot import BOILOFF_PER_DAY

        boiloff = BOILOFF_PER_DAY[opts.storage]
    return refilled_from_catalog(
        ship_id or opts.ship, opts.tanker, site_id or opts.site, own=scenario.vehicles if scenario else (),
        parking_alt_km=scenario.trajectory.parking_alt_km if scenario else 250.0,
        apoapsis_alt_km=None if opts.parking_orbit == "leo" else opts.high_orbit_apoapsis_alt_km,
        boiloff_fraction_per_day=boiloff, days_in_orbit=opts.days_in_orbit,
        transfer_loss_fraction=opts.transfer_loss_fraction, tanker_cadence_days=opts.tanker_cadence_days)


def plan_fleet(scenario: Scenario, trajectory: CampaignTrajectory) -> FleetPlan:
    """Ships, tankers and launches for every mission, and the return leg (needs the
    trajectory stage's :class:`~marsplan.trajectory.campaign.CampaignTrajectory`)."""
    opts = scenario.fleet
    refilled = refilled_ship(scenario)
    site = get_site(opts.site)
    plan = FleetPlan()
    first_crew_arrival = None
    for mission, chosen in zip(scenario.missions, trajectory.departures, strict=True):
        p = chosen.point
        if p is None or mission.ships == 0:
            plan.missions.append(MissionFleet(mission.name, mission.kind, chosen.opportunity, mission.ships,
                                              mission.ships * mission.crew_per_ship, None, None, None))
            continue
        ship_plan = plan_ship(refilled, site, p["c3_km2_s2"], dla_deg=p["dla_deg"],
                              vinf_arrival_km_s=p["vinf_arrival_km_s"], payload_kg=mission.payload_t_per_ship * 1000,
                              tof_days=p.tof_days)
        plan.missions.append(MissionFleet(mission.name, mission.kind, chosen.opportunity, mission.ships,
                                          mission.ships * mission.crew_per_ship, p.departure, p.arrival, ship_plan))
        if mission.kind == "crew":
            first_crew_arrival = min(first_crew_arrival or p.arrival_tdb_jd, p.arrival_tdb_jd)
    anchor = first_crew_arrival
    if anchor is None:
        arrivals = [d.point.arrival_tdb_jd for d in trajectory.departures if d.point is not None]
        anchor = min(arrivals) if arrivals else float(utc_to_tdb_jd(scenario.campaign.start.isoformat()))
    for op in trajectory.inbound:
        best = op.best()
        if best is not None and best.departure_tdb_jd >= anchor + RETURN_STAY_DAYS:
            plan.return_leg = return_leg(refilled.ship, best["c3_km2_s2"], opts.return_payload_t * 1000)
            plan.return_departure = best.departure
            plan.isru_range = isru_energy_range_kwh_per_kg(refilled.ship.mixture_ratio)
            break
    return plan


def payload_c3_curves(scenario: Scenario | None, c3_km2_s2: np.ndarray,
                      tanker_counts: tuple[int, ...] = (2, 4, 6, 8, 10)) -> dict[str, np.ndarray]:
    """Payload (t) against C3 for the catalog's launchers and the refilled ship with several tanker counts."""
    curves: dict[str, np.ndarray] = {}
    refilled = refilled_ship(scenario)
    for n in tanker_counts:
        curves[f"{refilled.ship.id}, {n} tankers"] = refilled.max_payload_kg(c3_km2_s2, n) / 1000
    for vehicle in vehicles_for(scenario.vehicles if scenario is not None else ()).values():
        if vehicle.role == "launcher":
            curves[vehicle.name] = launcher_payload_kg(vehicle, c3_km2_s2) / 1000  # from its reference site
    return {k: np.where(v >= 0, v, np.nan) for k, v in curves.items()}


def scenario_launch_rate(sc: Scenario) -> LaunchRate:
    """The scenario's launch sites with their pads and turnaround (:func:`marsplan.vehicles.schedule.launch_rate`)."""
    from marsplan.vehicles.schedule import launch_rate

    f = sc.fleet
    return launch_rate([get_site(s) for s in (f.launch_sites or [f.site])], f.pads, f.pad_turnaround_days)


def _open_days(op: Opportunity) -> float:
    """Days a window stays open: its departures under the survey's C3 limit (one day if only its
    lowest point is)."""
    if op.below_threshold is None:
        return 1.0
    lo, hi = op.below_threshold
    return float(hi - lo) + 1.0


def launch_plan(sc: Scenario, trajectory: CampaignTrajectory) -> tuple[LaunchSchedule, list[ShipWave]]:
    """The campaign's launch schedule and the waves that actually leave.

    The waves are the scenario's missions on their chosen transfers, then growth windows from the survey
    (each sends ``growth_factor`` times the ships planned in the one before, up to
    ``max_ships_per_window``).  Every window's ships are served from its launch slots
    (:mod:`marsplan.vehicles.schedule`) in the scenario's order; ships that do not fit wait for the next
    window or are dropped (``fleet.unlaunched``).  Each wave knows its departure window and month (for the
    crew gate), whether the ship reaches the window's C3 with its payload after at most
    ``max_tankers_per_ship`` tankers, and whether its entry speed is within the heat shield's limit.
    """
    from marsplan.vehicles.schedule import LaunchRequest, schedule_launches

    # months count from 1 January of the start year, as the settlement Monte Carlo's calendar years do
    start_jd = float(utc_to_tdb_jd(f"{sc.campaign.start.year}-01-01"))

    def to_month(jd: float) -> int:
        return int((jd - start_jd) / (365.25 / 12.0))

    opts = sc.settlement
    refilled = refilled_ship(sc)

    def limits(point: TransferPoint, payload_t: float) -> tuple[bool, bool, int]:
        """Whether the ship reaches the window's C3 with this payload, whether it survives the entry, and
        the launches each ship takes (itself and its tankers)."""
        entry_ok = arrive(refilled.ship, point["vinf_arrival_km_s"], payload_t * 1000.0).entry_ok
        try:
            tankers = refilled.tankers_needed(payload_t * 1000.0, point["c3_km2_s2"],
                                              max_tankers=sc.fleet.max_tankers_per_ship, tof_days=point.tof_days)
        except ImpossibleRequest:
            return False, entry_ok, 1
        return True, entry_ok, 1 + tankers

    # the waves each window wants: (window label, open days, [(request, point, manifest)])
    wanted: dict[str, tuple[float, list[tuple[Any, TransferPoint, dict[str, float]]]]] = {}
    order: list[str] = []
    points: dict[str, TransferPoint] = {}
    last_departure, last_ships, payload = -np.inf, 0, {"cargo": 100.0, "crew": 50.0}
    crew_per_ship = 12
    by_label = {op.label: op for op in trajectory.outbound}

    def want(label: str, request: LaunchRequest, point: TransferPoint, manifest: dict[str, float]) -> None:
        if label not in wanted:
            op = by_label.get(label)
            wanted[label] = (_open_days(op) if op is not None else 1.0, [])
            order.append(label)
        wanted[label][1].append((request, point, manifest))

    for mission, chosen in zip(sc.missions, trajectory.departures, strict=True):
        p = chosen.point
        if p is None or chosen.opportunity is None:
            continue
        manifest = (opts.crew_manifest if mission.kind == "crew" else opts.cargo_manifest).model_dump()
        can_fly, _, launches = limits(p, mission.payload_t_per_ship)
        want(chosen.opportunity, LaunchRequest(mission.name, mission.kind, mission.ships, launches, can_fly,
                                               mission.payload_t_per_ship, mission.crew_per_ship), p, manifest)
        points.setdefault(chosen.opportunity, p)
        payload[mission.kind] = mission.payload_t_per_ship
        if mission.kind == "crew":
            crew_per_ship = mission.crew_per_ship
        if p.departure_tdb_jd > last_departure + 200:
            last_departure, last_ships = p.departure_tdb_jd, mission.ships
        else:
            last_ships += mission.ships
    ships = float(last_ships)
    for op in trajectory.outbound:
        best = op.best()
        if best is None:
            continue
        points.setdefault(op.label, best)
        if best.departure_tdb_jd <= last_departure + 200:
            continue
        ships = min(ships * opts.growth_factor, float(opts.max_ships_per_window))
        total = int(round(ships))
        crew_ships = int(round(total * opts.crew_share_after))
        for kind, count in (("crew", crew_ships), ("cargo", total - crew_ships)):
            if count:
                manifest = (opts.crew_manifest if kind == "crew" else opts.cargo_manifest).model_dump()
                can_fly, _, launches = limits(best, payload[kind])
                want(op.label, LaunchRequest(f"Window {op.label} ({kind})", kind, count, launches, can_fly,
                                             payload[kind], crew_per_ship if kind == "crew" else 0), best, manifest)
    order.sort(key=lambda label: points[label].departure_tdb_jd if label in points else np.inf)
    # every window's ship point, for ships that waited: the window's lowest-C3 transfer
    manifests = {r.label: m for _, items in wanted.values() for r, _, m in items}

    def carry(request: LaunchRequest, label: str) -> LaunchRequest | None:
        point = points.get(label)
        if point is None:
            return None
        can_fly, _, launches = limits(point, request.payload_t)
        return LaunchRequest(request.label, request.kind, request.ships, launches, can_fly, request.payload_t,
                             request.crew_per_ship, request.waited_from)

    windows_in = [(label, wanted.get(label, (_open_days(by_label[label]) if label in by_label else 1.0, []))[0],
                   [r for r, _, _ in wanted.get(label, (0.0, []))[1]]) for label in order]
    # windows without a planned wave still take ships that waited
    planned = set(order)
    for op in trajectory.outbound:
        if op.label not in planned and op.label in points and order and \
                points[op.label].departure_tdb_jd > points[order[0]].departure_tdb_jd:
            windows_in.append((op.label, _open_days(op), []))
    windows_in.sort(key=lambda w: points[w[0]].departure_tdb_jd)
    schedule = schedule_launches(windows_in, scenario_launch_rate(sc), days_in_orbit=sc.fleet.days_in_orbit,
                                 unlaunched=sc.fleet.unlaunched, carry=carry)
    chosen_points = {r.label: p for _, items in wanted.values() for r, p, _ in items}
    waves: list[ShipWave] = []
    for w in schedule.windows:
        for r, n in zip(w.requests, w.ships_leaving, strict=True):
            point = points[w.window] if r.waited_from else chosen_points[r.label]
            _, can_land, _ = limits(point, r.payload_t)
            label = f"{r.label} (waited from {r.waited_from})" if r.waited_from else r.label
            waves.append(ShipWave(label, r.kind, n, r.crew_per_ship, r.payload_t, to_month(point.arrival_tdb_jd),
                                  manifests[r.label], window=w.window,
                                  departure_month=to_month(point.departure_tdb_jd), can_fly=r.can_fly,
                                  can_land=can_land, launches_per_ship=r.launches_per_ship))
    return schedule, waves


def build_waves(sc: Scenario, trajectory: CampaignTrajectory) -> list[ShipWave]:
    """The waves that leave under the campaign's launch schedule (:func:`launch_plan`)."""
    return launch_plan(sc, trajectory)[1]
