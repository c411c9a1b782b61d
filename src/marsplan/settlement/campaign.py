"""Join the windows, the fleet and the power plant into the settlement campaign of a scenario."""

from __future__ import annotations

from typing import Any

import numpy as np

from marsplan.astro.time import utc_to_tdb_jd
from marsplan.scenario.schema import Scenario
from marsplan.settlement.model import CampaignResult, ShipWave, run_campaign
from marsplan.vehicles.arrival import arrive
from marsplan.vehicles.fleet import refilled_ship
from marsplan.vehicles.isru import isru_balance

__all__ = ["build_waves", "power_kw_per_t", "settle"]


def power_kw_per_t(sc: Scenario) -> float:
    """kW installed per tonne of power hardware landed: the partner reactor's specific power
    (or NASA FSP's, 40 kWe per 6 t)."""
    r = sc.power.partner_reactor
    return (r.power_kwe / (r.mass_kg / 1000.0)) if r is not None else 40.0 / 6.0


def build_waves(sc: Scenario, trajectory) -> list[ShipWave]:
    """Scenario missions on their chosen arrival dates, then growth windows from the survey.

    Each wave knows its departure window and month (for the crew gate), whether the scenario's ship
    reaches the window's C3 with its payload after at most ``max_tankers_per_ship`` tankers, and whether
    its entry speed is within the heat shield's limit.
    """
    start_jd = float(utc_to_tdb_jd(sc.campaign.start.isoformat()))
    months = lambda jd: int((jd - start_jd) / (365.25 / 12.0))  # noqa: E731
    opts = sc.settlement
    refilled = refilled_ship(sc.fleet, sc)

    def limits(point, payload_t: float) -> tuple[bool, bool]:
        reach = float(refilled.max_payload_kg(point["c3_km2_s2"], sc.fleet.max_tankers_per_ship, 0.0,
                                              point.tof_days))
        entry_ok = arrive(refilled.ship, point["vinf_arrival_km_s"], payload_t * 1000.0).entry_ok
        return reach >= payload_t * 1000.0 - 1e-6, entry_ok

    waves: list[ShipWave] = []
    last_departure, last_ships, payload = -np.inf, 0, {"cargo": 100.0, "crew": 50.0}
    crew_per_ship = 12
    for mission, chosen in zip(sc.missions, trajectory.departures, strict=True):
        p = chosen.point
        if p is None:
            continue
        manifest = (opts.crew_manifest if mission.kind == "crew" else opts.cargo_manifest).model_dump()
        can_fly, can_land = limits(p, mission.payload_t_per_ship)
        waves.append(ShipWave(mission.name, mission.kind, mission.ships, mission.crew_per_ship,
                              mission.payload_t_per_ship, months(p.arrival_tdb_jd), manifest,
                              window=str(mission.opportunity), departure_month=months(p.departure_tdb_jd),
                              can_fly=can_fly, can_land=can_land))
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
        if best is None or best.departure_tdb_jd <= last_departure + 200:
            continue
        ships = min(ships * opts.growth_factor, float(opts.max_ships_per_window))
        total = int(round(ships))
        crew_ships = int(round(total * opts.crew_share_after))
        for kind, count in (("crew", crew_ships), ("cargo", total - crew_ships)):
            if count:
                manifest = (opts.crew_manifest if kind == "crew" else opts.cargo_manifest).model_dump()
                can_fly, can_land = limits(best, payload[kind])
                waves.append(ShipWave(f"Window {op.label} ({kind})", kind, count,
                                      crew_per_ship if kind == "crew" else 0, payload[kind],
                                      months(best.arrival_tdb_jd), manifest, window=str(op.label),
                                      departure_month=months(best.departure_tdb_jd), can_fly=can_fly,
                                      can_land=can_land))
    return waves


def settle(sc: Scenario, trajectory, *, runs: int | None = None, seed: int | None = None) -> CampaignResult:
    """Run the scenario's campaign Monte Carlo."""
    ship = refilled_ship(sc.fleet, sc).ship
    return run_campaign(
        build_waves(sc, trajectory), start_year=sc.campaign.start.year, years=sc.campaign.horizon_years,
        runs=runs or sc.settlement.runs, seed=sc.campaign.seed if seed is None else seed,
        p_launch=sc.fleet.launch_failure_probability, p_land=sc.fleet.landing_failure_probability,
        power_kw_per_t=power_kw_per_t(sc), threshold=sc.settlement.self_sufficiency_threshold,
        survival_years=sc.settlement.survival_test_years, min_population=sc.settlement.min_population,
        propellant_kwh_per_kg=isru_balance(1000.0, ship.mixture_ratio).energy_kwh_per_kg,
        crew_gate_landed_fraction=sc.fleet.crew_gate_landed_fraction,
    )


def settle_json(sc: Scenario, result: CampaignResult) -> dict[str, Any]:
    """The documented JSON form of a settlement run: :meth:`CampaignResult.to_dict` with the scenario's name."""
    return result.to_dict(sc.name)
