"""A scenario's stages, each computed once on first use: the chain behind ``marsplan plan`` and every command.

Lower layers take plain parameters; the stage modules of this package read the scenario's fields and call
them: the ephemeris at the key dates, the trajectory campaign, the fleet and its launch schedule, the surface
power with the ISRU load the return leg needs, the settlement Monte Carlo, and last the claims
(:mod:`marsplan.campaign.claims`, which reads the stages and is imported by nothing below it).
A :class:`Campaign` holds one scenario's stages and computes each when it is first asked for (the
``claims`` command never draws the report's payload curves; ``fleet`` never runs the Monte Carlo);
:func:`run_chain` asks for all of them in order.

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
from functools import cached_property
from typing import Any

import numpy as np

from marsplan.astro import ephemeris as _ephemeris
from marsplan.campaign.claims import ClaimStages, verdicts
from marsplan.campaign.crew import CrewWave, crew_waves
from marsplan.campaign.fleet import launch_plan, payload_c3_curves, plan_fleet, refilled_ship
from marsplan.campaign.moon import MoonAndOrbit, moon_and_orbit
from marsplan.campaign.nuclear import NuclearElectric, nuclear_electric
from marsplan.campaign.power import scenario_power
from marsplan.campaign.settlement import city_over_assumptions, settle
from marsplan.campaign.trajectory import campaign_trajectory, crew_free_returns, milestone_rows
from marsplan.campaign.verdict import Verdict
from marsplan.power import PowerAnalysis
from marsplan.scenario import Scenario
from marsplan.settlement.assumptions import AssumptionWorlds
from marsplan.settlement.model import CampaignResult, ShipWave
from marsplan.trajectory.campaign import CampaignTrajectory
from marsplan.vehicles.fleet import FleetPlan
from marsplan.vehicles.refill import RefilledShip
from marsplan.vehicles.schedule import LaunchSchedule

__all__ = ["Campaign", "ChainResult", "run_chain"]

QUICK_SURVEY_STEP_DAYS = 2.0
"""The window survey's step in a quick campaign (1 day otherwise)."""
QUICK_TUG_POWERS_KWE = (1000.0, 4000.0)
"""The tug trade's powers in a quick campaign."""

C3_GRID_KM2_S2 = np.linspace(0.0, 60.0, 121)
"""The C3 values of the report's payload curves (0 to 60 km^2/s^2 by 0.5)."""


class Campaign:
    """One scenario's stages, each computed on first use and kept.

    ``settlement_runs`` and ``seed`` replace the scenario's Monte Carlo settings (None: the scenario's);
    ``cache=False`` recomputes the window surveys instead of reading the disk cache; ``progress`` is told
    each stage's name when it starts; ``quick``: a 2-day window survey and a smaller tug trade (two powers, the
    trip's flight time only)."""

    def __init__(self, scenario: Scenario, *, ephemeris: Any = None, cache: bool = True,
                 progress: Callable[[str], None] | None = None, settlement_runs: int | None = None,
                 seed: int | None = None, quick: bool = False):
        self.scenario = scenario
        self._ephemeris_source = ephemeris
        self.cache = cache
        self._step = progress or (lambda _msg: None)
        self.settlement_runs = settlement_runs
        self.seed = seed
        self.quick = quick

    @cached_property
    def ephemeris(self) -> _ephemeris.Ephemeris:
        eph = self._ephemeris_source
        return eph if isinstance(eph, _ephemeris.Ephemeris) else _ephemeris.load(eph)

    @cached_property
    def milestones(self) -> list[dict[str, Any]]:
        self._step("Ephemeris")
        return milestone_rows(self.scenario, self.ephemeris)

    @cached_property
    def trajectory(self) -> CampaignTrajectory:
        return campaign_trajectory(self.scenario, ephemeris=self.ephemeris, progress=self._step, cache=self.cache,
                                   survey_step_days=QUICK_SURVEY_STEP_DAYS if self.quick else 1.0)

    @cached_property
    def refilled(self) -> RefilledShip:
        return refilled_ship(self.scenario)

    @cached_property
    def fleet(self) -> FleetPlan:
        traj = self.trajectory
        self._step("Fleet")
        return plan_fleet(self.scenario, traj)

    @property
    def c3_grid(self) -> np.ndarray:
        return C3_GRID_KM2_S2

    @cached_property
    def payload_curves(self) -> dict[str, np.ndarray]:
        return payload_c3_curves(self.scenario, C3_GRID_KM2_S2)

    @cached_property
    def power(self) -> PowerAnalysis:
        fleet = self.fleet
        self._step("Power")
        return scenario_power(self.scenario, fleet)

    @cached_property
    def _launches(self) -> tuple[LaunchSchedule, list[ShipWave]]:
        traj = self.trajectory
        self._step("Launch schedule")
        return launch_plan(self.scenario, traj)

    @property
    def schedule(self) -> LaunchSchedule:
        return self._launches[0]

    @property
    def waves(self) -> list[ShipWave]:
        return self._launches[1]

    @cached_property
    def settlement(self) -> CampaignResult:
        traj, waves = self.trajectory, self.waves
        self._step("Settlement")
        return settle(self.scenario, traj, runs=self.settlement_runs, seed=self.seed, waves=waves)

    @cached_property
    def free_returns(self) -> list[dict[str, Any]] | None:
        """The crews' free returns (:func:`~marsplan.campaign.trajectory.crew_free_returns`); None in a quick
        campaign or one without crews."""
        traj = self.trajectory
        if self.quick or not any(m.kind == "crew" for m in self.scenario.missions):
            return None
        self._step("Free returns for the crews")
        return crew_free_returns(traj)

    @cached_property
    def crew(self) -> list[CrewWave]:
        """Each crew wave's dose, entry speeds and abort (:mod:`marsplan.campaign.crew`; without aborts in a quick
        campaign)."""
        traj, free_returns = self.trajectory, self.free_returns
        if not any(m.kind == "crew" for m in self.scenario.missions):
            return []
        self._step("Crew: dose, entry speeds, aborts")
        return crew_waves(self.scenario, traj, free_returns, seed=self.scenario.campaign.seed
                          if self.seed is None else self.seed)

    @cached_property
    def moon(self) -> MoonAndOrbit:
        """Earth-Moon transfers, lunar deliveries and the Earth-orbit depot of the report's Moon section."""
        self._step("The Moon and Earth orbit")
        return moon_and_orbit(self.scenario)

    @cached_property
    def nuclear(self) -> NuclearElectric | None:
        """The scenario's nuclear-electric tug, its trade and the Starship beside it (None without a tug)."""
        self._step("Nuclear-electric cargo")
        if self.quick:
            return nuclear_electric(self.scenario, powers_kwe=QUICK_TUG_POWERS_KWE, trip_tof_only=True)
        return nuclear_electric(self.scenario)

    def _worlds(self) -> AssumptionWorlds | None:
        """The city claim's plausible worlds, from this campaign's seed (the scenario's, or the one asked for)
        and its launch schedule's waves."""
        sc = self.scenario
        if self.seed is not None:
            sc = sc.model_copy(update={"campaign": sc.campaign.model_copy(update={"seed": self.seed})})
        return city_over_assumptions(sc, self.trajectory, waves=self.waves)

    @cached_property
    def verdicts(self) -> list[Verdict]:
        stages = ClaimStages(self.scenario, lambda: self.trajectory, lambda: self.fleet, lambda: self.refilled,
                             lambda: self.power, lambda: self.settlement, lambda: self.schedule, self._worlds,
                             lambda: self.crew)
        self._step("Claims")
        return verdicts(stages)


ChainResult = Campaign
"""What :func:`run_chain` returns: a :class:`Campaign` whose every stage is computed."""


def run_chain(sc: Scenario, *, ephemeris: Any = None, progress: Callable[[str], None] | None = None,
              cache: bool = True, quick: bool = False) -> Campaign:
    """Run every stage on ``sc`` in order (``progress`` is told each stage's name; ``quick``: a coarser survey
    and a smaller tug trade, for a first look)."""
    chain = Campaign(sc, ephemeris=ephemeris, progress=progress, cache=cache, quick=quick)
    for stage in ("milestones", "trajectory", "fleet", "payload_curves", "power", "schedule", "settlement",
                  "crew", "verdicts"):
        getattr(chain, stage)
    return chain
