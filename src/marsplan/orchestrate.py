"""Maps a scenario onto the layers and runs them in order: the chain behind ``marsplan plan``.

Lower layers take plain parameters; this module reads the scenario's fields and calls them: the
ephemeris at the key dates, the trajectory campaign, the fleet, the surface power with the ISRU load
the return leg needs, the settlement Monte Carlo and the claims.  :func:`run_chain` returns every
stage's result, for the report (:mod:`marsplan.pipeline`) or any other face.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.astro import ephemeris as _ephemeris
from marsplan.astro.time import tdb_jd_to_iso, utc_to_tdb_jd
from marsplan.astro.tracks import AU_KM
from marsplan.claims import Verdict, check_claims
from marsplan.power import LoadProfile, PowerAnalysis, analyse
from marsplan.scenario import Scenario
from marsplan.scenario.schema import FleetOptions, Mission
from marsplan.settlement.model import CampaignResult, ShipWave, run_campaign
from marsplan.trajectory.cache import cached
from marsplan.trajectory.campaign import CampaignTrajectory, ChosenDeparture
from marsplan.trajectory.grid import TransferPoint, porkchop
from marsplan.trajectory.orbits import Orbit
from marsplan.trajectory.survey import Opportunity, WindowSurvey, windows
from marsplan.vehicles.arrival import arrive
from marsplan.vehicles.catalog import get_site, get_vehicle, vehicles_for
from marsplan.vehicles.fleet import FleetPlan, MissionFleet, plan_ship
from marsplan.vehicles.isru import isru_balance, isru_energy_range_kwh_per_kg, isru_load_kw, return_leg
from marsplan.vehicles.launchers import launcher_payload_kg
from marsplan.vehicles.refill import ImpossibleRequest, RefilledShip
from marsplan.vehicles.sites import site_ascent_penalty_km_s

__all__ = ["ChainResult", "build_waves", "campaign_trajectory", "city_over_assumptions", "launch_plan",
           "milestone_rows", "payload_c3_curves", "plan_fleet", "power_kw_per_t", "refilled_ship", "run_chain",
           "scenario_launch_rate", "scenario_power", "settle", "settle_json"]

LIGHT_SPEED_KM_S = 299_792.458
PORKCHOP_MARGIN_DAYS = 20.0  # porkchops span the C3 window and this much either side
RETURN_STAY_DAYS = 30.0  # the return leg leaves at least this long after the first crew lands
SYNODIC_PERIOD_YEARS = 2.135  # Earth-Mars, 780 days


def milestone_rows(scenario: Scenario, eph: _ephemeris.Ephemeris) -> list[dict[str, Any]]:
    if not scenario.milestones:
        return []
    jd = utc_to_tdb_jd([m.date.isoformat() for m in scenario.milestones])
    origin = eph.state(scenario.campaign.origin, jd).r_km
    target = eph.state(scenario.campaign.destination, jd).r_km
    dist_km = np.linalg.norm(target - origin, axis=-1)
    rows = []
    for i, m in enumerate(scenario.milestones):
        rows.append({
            "name": m.name,
            "date": m.date.isoformat(),
            "note": m.note,
            "tdb_jd": float(jd[i]),
            "origin_r_km": origin[i].tolist(),
            "destination_r_km": target[i].tolist(),
            "distance_au": float(dist_km[i] / AU_KM),
            "light_time_min": float(dist_km[i] / LIGHT_SPEED_KM_S / 60.0),
        })
    return rows


def scenario_power(sc: Scenario, fleet_plan: FleetPlan) -> PowerAnalysis:
    """The scenario's power analysis: base load plus the ISRU plant for the return propellant.

    Unless the scenario sets ``isru_t_per_year``, the plant makes one returning ship's propellant
    per synodic period (2.135 Earth years).
    """
    p = sc.power
    isru_t = p.isru_t_per_year
    ret = fleet_plan.return_dict()
    if isru_t is None:
        isru_t = (ret["propellant_isru_t"] / SYNODIC_PERIOD_YEARS) if ret else 0.0
    isru_kw = isru_load_kw(isru_t, refilled_ship(sc).ship.mixture_ratio)
    # the same inputs give the same analysis (seeded): kept for the process, as the claims and the plan of
    # one scenario (or a web server's repeated requests) ask for it again; treat the result as read-only
    key = (p.site, p.base_load_kw, isru_kw, p.runs, sc.campaign.seed,
           None if p.partner_reactor is None else p.partner_reactor.model_dump_json())
    if key not in _POWER_ANALYSES:
        if len(_POWER_ANALYSES) >= 8:
            _POWER_ANALYSES.pop(next(iter(_POWER_ANALYSES)))
        _POWER_ANALYSES[key] = analyse(p.site, LoadProfile(p.base_load_kw, isru_kw), runs=p.runs,
                                       seed=sc.campaign.seed, reactor=p.partner_reactor)
    return _POWER_ANALYSES[key]


_POWER_ANALYSES: dict[tuple[Any, ...], PowerAnalysis] = {}




# ---- trajectory: the scenario's windows and chosen departures

def _nearest(survey: WindowSurvey, year: int) -> Opportunity | None:
    exact = survey.find(year)
    if exact is not None:
        return exact
    candidates = [op for op in survey if op.best() is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda op: abs(int(op.label) - year))


def _entry_escape2(body: str) -> float:
    from marsplan.astro.bodies import mu_km3_s2, radius_km
    from marsplan.trajectory.orbits import ENTRY_INTERFACE_ALT_KM

    return 2.0 * mu_km3_s2(body) / (radius_km(body) + ENTRY_INTERFACE_ALT_KM.get(body, 125.0))


def entry_speed_km_s(vinf_km_s: float, body: str = "mars") -> float:
    """Speed at the entry interface for an arrival v-infinity (as :func:`marsplan.vehicles.arrival.arrive`)."""
    return float(np.sqrt(vinf_km_s**2 + _entry_escape2(body)))


def _vinf_for_entry(entry_km_s: float, body: str = "mars") -> float:
    """The arrival v-infinity that meets the atmosphere at ``entry_km_s`` (inverse of :func:`entry_speed_km_s`)."""
    return float(np.sqrt(max(entry_km_s**2 - _entry_escape2(body), 0.0)))


def _choose(mission: Mission, op: Opportunity, sc: Scenario, ds=None, ephemeris=None
            ) -> tuple[TransferPoint | None, str]:
    """A mission's transfer in its window.  Cargo: the lowest C3.  Crew: per transfer type the lowest-C3
    transfer (over the window's porkchop ``ds``) within the C3 limit, the crew's flight-time limit and the
    ship's entry-speed limit less the crew's entry margin; of those, the scenario's ``crew_transfer`` rule
    picks (default: the faster type)."""
    best = op.best()
    t = sc.trajectory
    if mission.kind != "crew" or ds is None:
        return best, "lowest C3 of the window"
    from marsplan.trajectory.grid import optimum

    ship = get_vehicle(sc.fleet.ship, sc.vehicles, role="ship")
    limit = ship.max_entry_speed_km_s
    body = sc.campaign.destination
    constraints: dict[str, Any] = {"max_c3": t.max_c3_km2_s2}
    if limit is not None and body in ("mars", "earth", "venus") and t.capture == "aerocapture":
        constraints["max_vinf_arrival"] = _vinf_for_entry(limit - t.crew_entry_margin_km_s, body)
    if t.crew_max_tof_days is not None:
        constraints["max_tof_days"] = t.crew_max_tof_days
    typed = [p for p in (optimum(ds, "c3", transfer_type=k, ephemeris=ephemeris, **constraints) for k in ("I", "II"))
             if p is not None]
    if not typed:
        return best, ("crew: no transfer of the window meets the crew's limits (C3, entry speed, flight time); "
                      "lowest C3 taken")
    if t.crew_transfer == "fastest-type":
        chosen = min(typed, key=lambda p: p.tof_days)
        why = "the faster type"
    elif t.crew_transfer == "min-c3":
        chosen = min(typed, key=lambda p: p["c3_km2_s2"])
        why = "the lowest C3"
    else:
        chosen = min(typed, key=lambda p: (p["vinf_arrival_km_s"], p.tof_days))
        why = "the largest entry-speed margin"
    note = f"crew: type {chosen.type}, {why} within the crew's limits"
    if limit is not None and t.capture == "aerocapture":
        entry = entry_speed_km_s(chosen["vinf_arrival_km_s"], body)
        note += (f" (entry {entry:.2f} km/s against {limit:g}: margin {limit - entry:.2f} km/s, at least "
                 f"{t.crew_entry_margin_km_s:g} required)")
    return chosen, note


def campaign_trajectory(sc: Scenario, *, ephemeris=None, progress: Callable[[str], None] | None = None,
                        cache: bool = True) -> CampaignTrajectory:
    """Windows, porkchops and chosen departures for every mission of ``sc``.

    The two window surveys are kept in the disk cache of :mod:`marsplan.trajectory.cache` unless
    ``cache`` is false.
    """
    step = progress or (lambda _msg: None)
    c, t = sc.campaign, sc.trajectory
    tof = (t.tof_days_min, t.tof_days_max)
    parking = Orbit.circular(c.origin, t.parking_alt_km)
    capture = t.capture if c.destination in ("mars", "earth", "venus") else "propulsive"
    start, end = c.start.isoformat(), c.end.isoformat()
    eph = _ephemeris.load(ephemeris) if not isinstance(ephemeris, _ephemeris.Ephemeris) else ephemeris
    key = {"start": start, "end": end, "max_c3": t.max_c3_km2_s2, "tof": tof}
    step("Surveying outbound windows")
    outbound = cached("survey", {**key, "origin": c.origin, "target": c.destination, "parking_km": t.parking_alt_km,
                                 "capture": capture}, eph,
                      lambda: windows(c.origin, c.destination, start, end, max_c3=t.max_c3_km2_s2, tof_days=tof,
                                      departure_orbit=parking, capture=capture, ephemeris=eph), enabled=cache)
    step("Surveying return windows")
    inbound = cached("survey", {**key, "origin": c.destination, "target": c.origin}, eph,
                     lambda: windows(c.destination, c.origin, start, end, max_c3=t.max_c3_km2_s2, tof_days=tof,
                                     ephemeris=eph), enabled=cache)
    ephemeris = eph
    result = CampaignTrajectory(outbound, inbound)
    for mission in sc.missions:
        op = _nearest(outbound, mission.opportunity)
        if op is None:
            result.departures.append(ChosenDeparture(mission.name, mission.kind, mission.opportunity, None, None,
                                                     "no opportunity in the campaign span"))
            continue
        if op.label not in result.porkchops:
            step(f"Porkchop {op.label}")
            lo, hi = op.below_threshold or (op.first_departure_tdb_jd, op.last_departure_tdb_jd)
            lo = max(op.first_departure_tdb_jd, lo - PORKCHOP_MARGIN_DAYS)
            hi = min(op.last_departure_tdb_jd, hi + PORKCHOP_MARGIN_DAYS)
            ds = porkchop(c.origin, c.destination, (tdb_jd_to_iso(lo, unit="D"), tdb_jd_to_iso(hi, unit="D")),
                          tof, departure_orbit=parking, capture=capture, ephemeris=ephemeris)
            result.porkchops[op.label] = ds
            result.optima[op.label] = [(f"type {k} min C3", op.minima[f"type_{k}"]["min_c3"]) for k in ("I", "II")]
        point, note = _choose(mission, op, sc, result.porkchops.get(op.label), ephemeris)
        if op.label != str(mission.opportunity):
            note += f"; no {mission.opportunity} window, nearest is {op.label}"
        result.departures.append(ChosenDeparture(mission.name, mission.kind, mission.opportunity, op.label,
                                                 point, note))
    return result


# ---- fleet: ships, tankers, launches and the return leg

def refilled_ship(scenario: Scenario | None = None, *, ship_id: str | None = None,
                  site_id: str | None = None) -> RefilledShip:
    """The refilled ship the scenario's fleet options describe (defaults without a scenario), launched from
    their site (or ``site_id``)."""
    opts = scenario.fleet if scenario is not None else FleetOptions()
    own = scenario.vehicles if scenario is not None else ()
    ship = get_vehicle(ship_id or opts.ship, own, role="ship")
    tanker = get_vehicle(opts.tanker, own, role="tanker")
    site = get_site(site_id or opts.site)
    reference = get_site(ship.reference_site) if ship.reference_site else None
    penalty = site_ascent_penalty_km_s(site, reference, ship.reference_inclination_deg)
    if opts.parking_orbit == "leo":
        parking = Orbit.circular("earth", scenario.trajectory.parking_alt_km if scenario else 250.0)
    else:
        parking = Orbit("earth", scenario.trajectory.parking_alt_km if scenario else 250.0,
                        opts.high_orbit_apoapsis_alt_km)
    boiloff = opts.boiloff_fraction_per_day
    if opts.storage is not None:
        from marsplan.vehicles.depot import BOILOFF_PER_DAY

        boiloff = BOILOFF_PER_DAY[opts.storage]
    return RefilledShip(ship, tanker, parking, boiloff_fraction_per_day=boiloff,
                        days_in_orbit=opts.days_in_orbit, transfer_loss_fraction=opts.transfer_loss_fraction,
                        ascent_penalty_km_s=penalty, tanker_cadence_days=opts.tanker_cadence_days)


def plan_fleet(scenario: Scenario, trajectory) -> FleetPlan:
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


def payload_c3_curves(scenario: Scenario | None, c3_km2_s2: np.ndarray, tanker_counts=(2, 4, 6, 8, 10)):
    """Payload (t) against C3 for the catalog's launchers and the refilled ship with several tanker counts."""
    curves: dict[str, np.ndarray] = {}
    refilled = refilled_ship(scenario)
    for n in tanker_counts:
        curves[f"{refilled.ship.id}, {n} tankers"] = refilled.max_payload_kg(c3_km2_s2, n) / 1000
    for vehicle in vehicles_for(scenario.vehicles if scenario is not None else ()).values():
        if vehicle.role == "launcher":
            curves[vehicle.name] = launcher_payload_kg(vehicle, c3_km2_s2) / 1000  # from its reference site
    return {k: np.where(v >= 0, v, np.nan) for k, v in curves.items()}


# ---- settlement: the campaign Monte Carlo of the scenario

def power_kw_per_t(sc: Scenario) -> float:
    """kW installed per tonne of power hardware landed: the partner reactor's specific power
    (or NASA FSP's, 40 kWe per 6 t)."""
    r = sc.power.partner_reactor
    return (r.power_kwe / (r.mass_kg / 1000.0)) if r is not None else 40.0 / 6.0


def scenario_launch_rate(sc: Scenario):
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


def launch_plan(sc: Scenario, trajectory) -> tuple[Any, list[ShipWave]]:
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

    start_jd = float(utc_to_tdb_jd(sc.campaign.start.isoformat()))
    months = lambda jd: int((jd - start_jd) / (365.25 / 12.0))  # noqa: E731
    opts = sc.settlement
    refilled = refilled_ship(sc)

    def limits(point, payload_t: float) -> tuple[bool, bool, int]:
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

    def want(label: str, request, point, manifest) -> None:
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

    def carry(request, label: str):
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
            waves.append(ShipWave(label, r.kind, n, r.crew_per_ship, r.payload_t, months(point.arrival_tdb_jd),
                                  manifests[r.label], window=w.window,
                                  departure_month=months(point.departure_tdb_jd), can_fly=r.can_fly,
                                  can_land=can_land, launches_per_ship=r.launches_per_ship))
    return schedule, waves


def build_waves(sc: Scenario, trajectory) -> list[ShipWave]:
    """The waves that leave under the campaign's launch schedule (:func:`launch_plan`)."""
    return launch_plan(sc, trajectory)[1]


def settle(sc: Scenario, trajectory, *, runs: int | None = None, seed: int | None = None,
           parameters: dict[str, Any] | None = None, waves: list[ShipWave] | None = None) -> CampaignResult:
    """Run the scenario's campaign Monte Carlo (``parameters``: settlement model data other than the
    bundled ``settlement.toml``, as a study varies it; ``waves``: :func:`build_waves` already computed)."""
    ship = refilled_ship(sc).ship
    return run_campaign(
        build_waves(sc, trajectory) if waves is None else waves, start_year=sc.campaign.start.year,
        years=sc.campaign.horizon_years,
        runs=runs or sc.settlement.runs, seed=sc.campaign.seed if seed is None else seed,
        p_launch=sc.fleet.launch_failure_probability, p_land=sc.fleet.landing_failure_probability,
        power_kw_per_t=power_kw_per_t(sc), threshold=sc.settlement.self_sufficiency_threshold,
        survival_years=sc.settlement.survival_test_years, min_population=sc.settlement.min_population,
        propellant_kwh_per_kg=isru_balance(1000.0, ship.mixture_ratio).energy_kwh_per_kg,
        crew_gate_landed_fraction=sc.fleet.crew_gate_landed_fraction, parameters=parameters,
        power_life_years=None if sc.power.partner_reactor is None else sc.power.partner_reactor.lifetime_years,
        rebuild_power_locally=sc.settlement.settlement_makes_reactors,
    )


def city_over_assumptions(sc: Scenario, trajectory, *, waves: list[ShipWave] | None = None,
                          worlds: int | None = None, runs_per_world: int | None = None):
    """The scenario's campaign in plausible worlds (:mod:`marsplan.settlement.assumptions`): every range of
    ``settlement.toml`` drawn at once, ``worlds`` times (default: the scenario's ``assumption_worlds``; None
    when that is 0), each world run ``runs_per_world`` times from the scenario's seed."""
    import dataclasses

    from marsplan.settlement.assumptions import sample_worlds, world_parameters, worlds_summary
    from marsplan.settlement.parameters import assumption_ranges, settlement_parameters

    n = sc.settlement.assumption_worlds if worlds is None else worlds
    if n <= 0:
        return None
    runs = runs_per_world or sc.settlement.runs_per_world
    model_ranges = assumption_ranges()
    # the scenario's own manifest ranges, drawn with the model's (other classes keep their proportions)
    manifest_ranges = [{"path": f"{kind}_manifest.{name}", "low": lo, "high": hi, "kind": kind, "share": name}
                       for kind in ("cargo", "crew")
                       for name, (lo, hi) in getattr(sc.settlement, f"{kind}_manifest_ranges").items()]
    ranges = model_ranges + manifest_ranges
    values = sample_worlds(ranges, n, sc.campaign.seed)
    base = settlement_parameters()
    plan = build_waves(sc, trajectory) if waves is None else waves

    def world_waves(v) -> list[ShipWave]:
        if not manifest_ranges:
            return plan
        given: dict[str, dict[str, float]] = {"cargo": {}, "crew": {}}
        for r, x in zip(manifest_ranges, v[len(model_ranges):], strict=True):
            given[r["kind"]][r["share"]] = float(x)
        out = []
        for w in plan:
            shares = given.get(w.kind) or {}
            if not shares:
                out.append(w)
                continue
            fixed = sum(shares.values())
            rest = {k: x for k, x in w.manifest.items() if k not in shares}
            total = sum(rest.values())
            scale = max(1.0 - fixed, 0.0) / total if total > 0 else 0.0
            out.append(dataclasses.replace(w, manifest={**{k: x * scale for k, x in rest.items()}, **shares}))
        return out

    def run(v):
        result = settle(sc, trajectory, runs=runs, parameters=world_parameters(base, model_ranges,
                                                                              v[:len(model_ranges)]),
                        waves=world_waves(v))
        return result.p_self_sustaining, float(np.mean(result.self_sufficiency[:, -1]))

    return worlds_summary(ranges, values, run, runs_per_world=runs, seed=sc.campaign.seed)


def settle_json(sc: Scenario, result: CampaignResult) -> dict[str, Any]:
    """The documented JSON form of a settlement run: :meth:`CampaignResult.to_dict` with the scenario's name."""
    return result.to_dict(sc.name)


@dataclass
class ChainResult:
    """Every stage's result for one scenario."""

    scenario: Scenario
    ephemeris: Any
    milestones: list[dict[str, Any]]
    trajectory: CampaignTrajectory
    fleet: FleetPlan
    c3_grid: np.ndarray
    payload_curves: dict[str, np.ndarray]
    power: PowerAnalysis
    settlement: CampaignResult
    verdicts: list[Verdict]
    schedule: Any = None  # the launch schedule every claim reads (marsplan.vehicles.schedule.LaunchSchedule)


def run_chain(sc: Scenario, *, ephemeris: Any = None, progress: Callable[[str], None] | None = None,
              cache: bool = True) -> ChainResult:
    """Run every stage on ``sc`` in order (``progress`` is told each stage's name)."""
    step = progress or (lambda _msg: None)
    eph = ephemeris if isinstance(ephemeris, _ephemeris.Ephemeris) else _ephemeris.load(ephemeris)
    step("Ephemeris")
    milestones = milestone_rows(sc, eph)
    traj = campaign_trajectory(sc, ephemeris=eph, progress=step, cache=cache)
    step("Fleet")
    fleet_plan = plan_fleet(sc, traj)
    c3_grid = np.linspace(0.0, 60.0, 121)
    curves = payload_c3_curves(sc, c3_grid)
    step("Power")
    power = scenario_power(sc, fleet_plan)
    step("Launch schedule")
    schedule, waves = launch_plan(sc, traj)
    step("Settlement")
    settlement = settle(sc, traj, waves=waves)
    step("Claims")
    verdicts = check_claims(sc, traj, fleet_plan, refilled_ship(sc), power, settlement, schedule=schedule)
    return ChainResult(sc, eph, milestones, traj, fleet_plan, c3_grid, curves, power, settlement, verdicts, schedule)


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


def moon_and_orbit(sc: Scenario) -> MoonAndOrbit:
    """The month of Earth-Moon transfers from the start of the lunar claims' year (or the campaign's), each
    lunar delivery claim's unit by every vehicle with each of its options (one launch with a storable or a
    cryogenic lander, two launches meeting in lunar orbit, a refilled Starship; every option's margin and
    its uncertainty, :func:`marsplan.vehicles.lunar.deliver_to_moon`), and a depot in the space station's
    plane (51.64 deg, 400 km) reached from Baikonur and Florida."""
    from marsplan.trajectory.lunar import first_week_transfer, moon_transfers
    from marsplan.vehicles.depot import (
        BOILOFF_PER_DAY,
        depot_campaign,
        launch_opportunities,
        nodal_regression_deg_per_day,
    )
    from marsplan.vehicles.lunar import deliver_to_moon

    lunar = [c for c in sc.claims if c.test == "lunar_reactor_delivered_by"]
    year = lunar[0].year if lunar and lunar[0].year else sc.campaign.start.year
    transfers = moon_transfers(f"{year}-01-01", f"{year}-01-30", step_hours=6.0)
    best = first_week_transfer(year)
    refilled = refilled_ship(sc)
    # every vehicle, not only the claims' ones, so the section shows what each option needs of a launcher
    deliveries = {float(c.mass_t): deliver_to_moon(float(c.mass_t) * 1000.0, loi_dv_km_s=best.loi_dv_km_s,
                                                   tli_c3_km2_s2=best.tli_c3_km2_s2, tof_days=best.tof_days,
                                                   refilled=refilled, max_tankers=sc.fleet.max_tankers_per_ship)
                  for c in lunar if c.mass_t}
    sites = [launch_opportunities(get_site(s), 51.64, 400.0, start_utc=f"{year}-01-01")
             for s in ("baikonur", "kennedy")]
    load = refilled.tanker_load_in_low_orbit_kg * (1.0 - refilled.transfer_loss_fraction)
    # one tanker per turnaround of the first launch site's pad (the scenario's figure, or the site catalog's)
    cadence = scenario_launch_rate(sc).sites[0][2]
    campaign = depot_campaign(max(1, min(sc.fleet.max_tankers_per_ship, 200)), cadence, load,
                              BOILOFF_PER_DAY["passive"])
    return MoonAndOrbit(year, transfers, deliveries, nodal_regression_deg_per_day(400.0, 51.64), sites, campaign)



# ---- nuclear-electric cargo

REPORT_POWERS_KWE = (500.0, 1000.0, 2000.0, 4000.0)
REPORT_ALPHAS_KG_PER_KWE = tuple(float(a) for a in np.linspace(2.0, 60.0, 30))


def escape_window_tdb_jd(year: int) -> tuple[float, float]:
    """The heliocentric departure window of a year: 1 January to 1 January, TDB."""
    return float(utc_to_tdb_jd(f"{year}-01-01")), float(utc_to_tdb_jd(f"{year + 1}-01-01"))


def starship_to_mars_orbit(sc: Scenario | None, year: int, mars_orbit_alt_km: float) -> dict[str, Any]:
    """A refilled Starship (the scenario's fleet options) sent on the year's transfer of least total delta-v
    to a circular Mars orbit at ``mars_orbit_alt_km`` (departure burn from its parking orbit plus propulsive
    capture; :func:`marsplan.vehicles.tugs.starship_transfer`, which says why that is the transfer of the most
    tonnes per launch): tonnes to that orbit per Earth launch, its tankers, its burns and the transfer."""
    from marsplan.vehicles.tugs import starship_tonnes_per_launch, starship_transfer

    refilled = refilled_ship(sc)
    best = starship_transfer(refilled, year, mars_orbit_alt_km)
    if best is None:
        nan = float("nan")
        return {"tonnes_per_launch": nan, "tankers": nan, "payload_t": nan, "capture_dv_km_s": nan,
                "departure_dv_km_s": nan, "total_dv_km_s": nan, "c3_km2_s2": nan, "vinf_arrival_km_s": nan,
                "tof_days": nan, "type": None, "departure_utc": None, "arrival_utc": None}
    out: dict[str, Any] = starship_tonnes_per_launch(refilled, best["c3_km2_s2"], best["vinf_arrival_km_s"],
                                                     mars_orbit_alt_km)
    out.update(c3_km2_s2=float(best["c3_km2_s2"]), vinf_arrival_km_s=float(best["vinf_arrival_km_s"]),
               tof_days=float(best.tof_days), type=best.type, departure_utc=best.departure,
               arrival_utc=best.arrival)
    return out


@dataclass(frozen=True)
class NuclearElectric:
    """The plan's nuclear-electric cargo section: the scenario's tug on its trip, a small trade around it,
    and a refilled Starship to the same orbit for comparison."""

    tug: Any
    delivery: Any
    trade: Any
    starship: dict[str, Any]
    year: int


_NUCLEAR_ELECTRIC: dict[Any, NuclearElectric] = {}
_TUG_TRIPS: dict[Any, Any] = {}


def tug_trip(sc: Scenario) -> Any:
    """The scenario's tug on its trip to Mars orbit (a :class:`~marsplan.vehicles.tugs.TugDelivery`; None
    without a [tug]); computed once per tug plan and launcher in a process, whatever else a study changes."""
    if sc.tug is None:
        return None
    from marsplan.vehicles.tugs import get_tug, tug_delivery

    plan = sc.tug
    leo = get_vehicle(sc.fleet.ship, sc.vehicles).payload_to_leo_kg or 100_000.0
    key = (plan.model_dump_json(), leo)
    if key not in _TUG_TRIPS:
        _TUG_TRIPS[key] = tug_delivery(get_tug(plan.id).design(), plan.stack_t * 1e3,
                                       escape_window_tdb_jd(plan.escape_year), plan.tof_days,
                                       mars_orbit_altitude_km=plan.mars_orbit_alt_km, launcher_leo_kg=leo)
    return _TUG_TRIPS[key]


def remembered_tug_trips() -> dict[Any, Any]:
    """The tug trips this process has computed (to ship to workers that would otherwise repeat them)."""
    return dict(_TUG_TRIPS)


def remember_tug_trips(trips: dict[Any, Any]) -> None:
    """Take tug trips computed elsewhere (:func:`remembered_tug_trips` of another process)."""
    _TUG_TRIPS.update(trips)


def nuclear_electric(sc: Scenario) -> NuclearElectric | None:
    """The scenario's [tug] (None without one): its trip, a trade of power and specific mass around it, and a
    refilled Starship to the same orbit; computed once per scenario in a process."""
    if sc.tug is None:
        return None
    key = sc.model_dump_json()
    if key in _NUCLEAR_ELECTRIC:
        return _NUCLEAR_ELECTRIC[key]
    from marsplan.vehicles.tugs import get_tug, tug_trade

    plan = sc.tug
    tug = get_tug(plan.id)
    delivery = tug_trip(sc)
    starship = starship_to_mars_orbit(sc, plan.escape_year, plan.mars_orbit_alt_km)
    lo, hi = plan.tof_days
    trade = tug_trade(tug.design(), REPORT_POWERS_KWE, REPORT_ALPHAS_KG_PER_KWE, plan.stack_t * 1e3,
                      escape_window_tdb_jd(plan.escape_year),
                      sorted({lo, hi} | ({round(delivery.transfer.tof_days)} if delivery.feasible else set())),
                      mars_orbit_altitude_km=plan.mars_orbit_alt_km, launcher_leo_kg=delivery.launcher_leo_kg,
                      starship_tonnes_per_launch=starship["tonnes_per_launch"])
    result = NuclearElectric(tug, delivery, trade, starship, plan.escape_year)
    _NUCLEAR_ELECTRIC[key] = result
    return result
