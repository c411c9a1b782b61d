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
from marsplan.astro.time import utc_to_tdb_jd
from marsplan.astro.tracks import AU_KM
from marsplan.power import LoadProfile, PowerAnalysis, analyse
from marsplan.scenario import Scenario
from marsplan.settlement import CampaignResult, settle
from marsplan.settlement.claims import Verdict, check_claims
from marsplan.trajectory.campaign import CampaignTrajectory, campaign_trajectory
from marsplan.vehicles.fleet import FleetPlan, payload_c3_curves, plan_fleet, refilled_ship
from marsplan.vehicles.isru import isru_load_kw

__all__ = ["ChainResult", "milestone_rows", "run_chain", "scenario_power"]

LIGHT_SPEED_KM_S = 299_792.458
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
    isru_kw = isru_load_kw(isru_t, refilled_ship(sc.fleet, sc).ship.mixture_ratio)
    return analyse(p.site, LoadProfile(p.base_load_kw, isru_kw), runs=p.runs, seed=sc.campaign.seed,
                   reactor=p.partner_reactor)




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
    step("Settlement")
    settlement = settle(sc, traj)
    verdicts = check_claims(sc, traj, fleet_plan, refilled_ship(sc.fleet, sc), power, settlement)
    return ChainResult(sc, eph, milestones, traj, fleet_plan, c3_grid, curves, power, settlement, verdicts)
