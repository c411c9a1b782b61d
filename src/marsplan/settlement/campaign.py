"""Join the windows, the fleet and the power plant into the settlement campaign of a scenario."""

from __future__ import annotations

from typing import Any

import numpy as np

from marsplan.astro.time import utc_to_tdb_jd
from marsplan.scenario.schema import Scenario
from marsplan.settlement.model import CampaignResult, ShipWave, run_campaign

__all__ = ["build_waves", "power_kw_per_t", "settle"]


def power_kw_per_t(sc: Scenario) -> float:
    """kW installed per tonne of power hardware landed: the partner reactor's specific power
    (or NASA FSP's, 40 kWe per 6 t)."""
    r = sc.power.partner_reactor
    return (r.power_kwe / (r.mass_kg / 1000.0)) if r is not None else 40.0 / 6.0


def build_waves(sc: Scenario, trajectory) -> list[ShipWave]:
    """Scenario missions on their chosen arrival dates, then growth windows from the survey."""
    start_jd = float(utc_to_tdb_jd(sc.campaign.start.isoformat()))
    months = lambda jd: int((jd - start_jd) / (365.25 / 12.0))  # noqa: E731
    opts = sc.settlement
    waves: list[ShipWave] = []
    last_departure, last_ships, payload = -np.inf, 0, {"cargo": 100.0, "crew": 50.0}
    crew_per_ship = 12
    for mission, chosen in zip(sc.missions, trajectory.departures, strict=True):
        p = chosen.point
        if p is None:
            continue
        manifest = (opts.crew_manifest if mission.kind == "crew" else opts.cargo_manifest).model_dump()
        waves.append(ShipWave(mission.name, mission.kind, mission.ships, mission.crew_per_ship,
                              mission.payload_t_per_ship, months(p.arrival_tdb_jd), manifest))
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
                waves.append(ShipWave(f"Window {op.label} ({kind})", kind, count,
                                      crew_per_ship if kind == "crew" else 0, payload[kind],
                                      months(best.arrival_tdb_jd), manifest))
    return waves


def settle(sc: Scenario, trajectory, *, runs: int | None = None, seed: int | None = None) -> CampaignResult:
    """Run the scenario's campaign Monte Carlo."""
    return run_campaign(
        build_waves(sc, trajectory), start_year=sc.campaign.start.year, years=sc.campaign.horizon_years,
        runs=runs or sc.settlement.runs, seed=sc.campaign.seed if seed is None else seed,
        p_launch=sc.fleet.launch_failure_probability, p_land=sc.fleet.landing_failure_probability,
        power_kw_per_t=power_kw_per_t(sc), threshold=sc.settlement.self_sufficiency_threshold,
        survival_years=sc.settlement.survival_test_years, min_population=sc.settlement.min_population,
    )


def settle_json(sc: Scenario, result: CampaignResult) -> dict[str, Any]:
    """The documented JSON form of a settlement run."""
    return {
        "scenario": sc.name,
        "runs": result.runs,
        "seed": result.seed,
        "horizon_year": int(result.years[-1]),
        "p_self_sustaining": result.p_self_sustaining,
        "p_lost": result.p_lost,
        "year_self_sustaining": result.year_percentiles(),
        "series": result.series(),
    }
