"""The trajectory stage of a campaign: its windows, porkchops and chosen departures.

For a scenario: the survey of outbound (origin -> destination) and return
windows over the campaign span, a porkchop grid of each window a mission
uses, and one chosen transfer per mission.  Cargo takes the transfer of
lowest C3 in its window.  Crew, by default (``crew_transfer =
"fastest-type"``), takes the lowest-C3 transfer of the shorter of the two
types when it stays under the C3 threshold, trading launch energy for time
in deep space; ``"min-c3"`` treats crew like cargo.

A cargo mission in the 2026 window takes its lowest-C3 transfer:

>>> from marsplan.trajectory.campaign import CampaignTrajectory, ChosenDeparture
>>> from marsplan.trajectory.survey import windows
>>> outbound = windows("earth", "mars", "2026-06-01", "2027-06-01", step_days=2.0)
>>> inbound = windows("mars", "earth", "2026-06-01", "2027-06-01", step_days=2.0)
>>> window = outbound.find(2026)
>>> plan = CampaignTrajectory(outbound, inbound, departures=[
...     ChosenDeparture("Cargo 2026", "cargo", 2026, window.label, window.best(), "lowest C3 of the window")])
>>> cargo = plan.to_dict()["departures"][0]
>>> cargo["departure"][:10], cargo["arrival"][:10], cargo["type"], round(cargo["c3_km2_s2"], 2)
('2026-10-31', '2027-08-19', 'II', 9.18)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xarray as xr

from marsplan.trajectory.grid import TransferPoint
from marsplan.trajectory.survey import WindowSurvey

__all__ = ["CampaignTrajectory", "ChosenDeparture"]


@dataclass(frozen=True)
class ChosenDeparture:
    mission: str
    kind: str
    requested_opportunity: int
    opportunity: str | None
    point: TransferPoint | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        p = self.point
        out: dict[str, Any] = {"mission": self.mission, "kind": self.kind,
                               "requested_opportunity": self.requested_opportunity,
                               "opportunity": self.opportunity, "note": self.note}
        if p is not None:
            out.update(departure=p.departure, arrival=p.arrival, tof_days=round(p.tof_days, 3), type=p.type,
                       **{k: (round(v, 5) if np.isfinite(v) else None) for k, v in p.values.items()})
        return out


@dataclass
class CampaignTrajectory:
    outbound: WindowSurvey
    inbound: WindowSurvey
    porkchops: dict[str, xr.Dataset] = field(default_factory=dict)
    optima: dict[str, list[tuple[str, TransferPoint | None]]] = field(default_factory=dict)
    departures: list[ChosenDeparture] = field(default_factory=list)
    # results the stages above derive from this trajectory alone, kept so that a study's many points (which share
    # one trajectory) derive them once; keyed by what else they depend on
    derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "windows": {"outbound": self.outbound.to_dict(), "return": self.inbound.to_dict()},
            "departures": [d.to_dict() for d in self.departures],
        }
