"""Scenarios: the campaign a user plans, as a validated TOML file.

A scenario names the origin and destination, the span, the launch windows
used and the ships sent in each, the power options, and key dates.  The
schema lives in :mod:`marsplan.scenario.schema`; bundled scenarios (the
default is ``mars-2026``) in ``marsplan/scenario/bundled/``.
"""

from marsplan.scenario.loader import DEFAULT_SCENARIO, bundled_scenarios, load_scenario, parse_scenario
from marsplan.scenario.schema import Milestone, Mission, PowerOptions, Reactor, Scenario, TrajectoryOptions

__all__ = [
    "DEFAULT_SCENARIO",
    "Milestone",
    "Mission",
    "PowerOptions",
    "Reactor",
    "Scenario",
    "TrajectoryOptions",
    "bundled_scenarios",
    "load_scenario",
    "parse_scenario",
]
