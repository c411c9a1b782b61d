"""Runs a scenario's stages in order: the chain behind ``marsplan plan``.

Lower layers take plain parameters; the stage modules of this package read the scenario's fields and call
them: the ephemeris at the key dates, the trajectory campaign, the fleet and its launch schedule, the surface
power with the ISRU load the return leg needs, the settlement Monte Carlo, and last the claims
(:mod:`marsplan.campaign.claims`, which reads the stages and is imported by nothing below it).

One Starship in the 2026 window, small Monte Carlo samples: it needs seven launches (itself and six
tankers) and Starbase's pad has 18 in the window, so it leaves before the end of 2026:

>>> from marsplan.campaign.run import run_chain
>>> from marsplan.scenario import parse_scenario
>>> sc = parse_scenario('''
... [campaign]
... name = "one-ship"
... title = "One cargo Starship in the 2026 window"
... start = "2026-01-01"
... horizon_years = 2
... [[missions]]
... name = "Cargo 2026"
... opportunity = 2026
... kind = "cargo"
... ships = 1
... [power]
... runs = 1
... [settlement]
... runs = 20
... assumption_worlds = 0
... [[claims]]
... text = "Starship leaves for Mars at the end of 2026"
... test = "departure_before"
... date = "2026-12-31"
... ''')
>>> stages = []
>>> chain = run_chain(sc, progress=stages.append, cache=False)
>>> stages                                                      # doctest: +NORMALIZE_WHITESPACE
['Ephemeris', 'Surveying outbound windows', 'Surveying return windows', 'Porkchop 2026', 'Fleet', 'Power',
 'Launch schedule', 'Settlement', 'Claims']
>>> chain.fleet.launches_total, [(v.verdict, v.margin) for v in chain.verdicts]
(7, [('supported', '7 launches needed, 18 slots; 1 of 1 ships leave')])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.astro import ephemeris as _ephemeris
from marsplan.campaign.claims import check_claims
from marsplan.campaign.fleet import launch_plan, payload_c3_curves, plan_fleet, refilled_ship
from marsplan.campaign.power import scenario_power
from marsplan.campaign.settlement import settle
from marsplan.campaign.trajectory import campaign_trajectory, milestone_rows
from marsplan.campaign.verdict import Verdict
from marsplan.power import PowerAnalysis
from marsplan.scenario import Scenario
from marsplan.settlement.model import CampaignResult
from marsplan.trajectory.campaign import CampaignTrajectory
from marsplan.vehicles.fleet import FleetPlan

__all__ = ["ChainResult", "run_chain"]


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
