"""Scenarios: the campaign a user plans, as a validated TOML file.

A scenario names the origin and destination, the span, the launch windows
used and the ships sent in each, the power options, and key dates.  The
schema lives in :mod:`marsplan.scenario.schema`; bundled scenarios (the
default is ``mars-2026``) in ``marsplan/scenario/bundled/``.

>>> from marsplan.scenario import load_scenario
>>> sc = load_scenario()
>>> sc.name, sc.campaign.origin, sc.campaign.destination, sc.campaign.start.isoformat(), sc.campaign.end.isoformat()
('mars-2026', 'earth', 'mars', '2026-01-01', '2046-01-01')
"""

from marsplan.scenario.loader import DEFAULT_SCENARIO, bundled_scenarios, load_scenario, parse_scenario
from marsplan.scenario.schema import (
    FleetOptions,
    Milestone,
    Mission,
    PowerOptions,
    Reactor,
    Scenario,
    TrajectoryOptions,
    VehicleSpec,
)

__all__ = [
    "DEFAULT_SCENARIO",
    "FleetOptions",
    "Milestone",
    "Mission",
    "PowerOptions",
    "Reactor",
    "Scenario",
    "TrajectoryOptions",
    "VehicleSpec",
    "bundled_scenarios",
    "load_scenario",
    "parse_scenario",
]
