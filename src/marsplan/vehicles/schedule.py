"""The launch schedule: which ships leave in each window, given the pads that launch them and their tankers.

Pads are a resource.  A window that stays open ``open_days`` (its departures under the campaign's C3
limit) is served by launches from the first tanker flight, ``days_in_orbit`` before it opens, to its
close; each pad launches once at the start and once per turnaround (the figures per launch site are
in ``marsplan/data/sites.toml``, with their sources).  Every ship takes its own launch and its tankers'.
Requests are served in the order given (the scenario's order of missions, ships that waited first);
a ship whose launches no longer fit waits for the next window, or is dropped, as the scenario says.

Every face of marsplan that counts departures (the departure claim, the fleet, the settlement Monte
Carlo) reads one :class:`LaunchSchedule`, so none of them can fly a ship another cannot.

Starbase's one pad launching every 14.6 days makes the FAA's 25 launches a year; a window open 40 days,
with tankers flying from 60 days before it opens, has floor(100 / 14.6) + 1 = 7 launches, so of five
ships needing seven launches each (a ship and six tankers) one leaves and four wait:

>>> from marsplan.vehicles.catalog import get_site
>>> from marsplan.vehicles.schedule import LaunchRequest, launch_rate, schedule_launches
>>> rate = launch_rate([get_site("starbase")])
>>> round(rate.launches_per_year(), 1)
25.0
>>> plan = schedule_launches([("2026", 40.0, [LaunchRequest("Cargo 2026", "cargo", ships=5, launches_per_ship=7)])],
...                          rate, days_in_orbit=60.0)
>>> w = plan.window("2026")
>>> w.slots, w.ships_left, plan.dropped
(7, 1, 4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from marsplan.errors import InputError
from marsplan.vehicles.catalog import SiteSpec

__all__ = ["DEFAULT_PADS", "DEFAULT_TURNAROUND_DAYS", "LaunchRate", "LaunchRequest", "LaunchSchedule",
           "WindowSchedule", "launch_rate", "launch_slots", "schedule_launches"]

DEFAULT_PADS = 1
DEFAULT_TURNAROUND_DAYS = 14.6
"""A site with no pad figures in the catalog: one pad, one launch every 14.6 days (marsplan's assumption:
the 25 launches a year the FAA allowed Starship from Boca Chica in 2025)."""


@dataclass(frozen=True)
class LaunchRate:
    """Pads and turnaround per launch site, and where the figures come from."""

    sites: tuple[tuple[str, int, float, int | None], ...]  # (site, pads, days between launches, first year)
    source: str

    def launches_per_year(self, year: int | None = None) -> float:
        """Launches a year from the pads in service in ``year`` (None: all of them)."""
        return sum(pads * 365.25 / days for _, pads, days, first in self.sites if _serving(first, year))

    def slots(self, open_days: float, days_in_orbit: float, year: int | None = None) -> int:
        """Launches the sites in service in ``year`` make between the first tanker launch and the window's
        close."""
        return sum(launch_slots(open_days, days_in_orbit, pads, days) for _, pads, days, first in self.sites
                   if _serving(first, year))

    def describe(self) -> str:
        return ", ".join(f"{site}: {pads} pad{'s' if pads != 1 else ''} every {days:g} days"
                         f"{f' from {first}' if first else ''}" for site, pads, days, first in self.sites)


def _serving(first_year: int | None, year: int | None) -> bool:
    return first_year is None or year is None or year >= first_year


def launch_rate(sites: list[SiteSpec], pads: int | None = None, turnaround_days: float | None = None) -> LaunchRate:
    """The launch rate of ``sites``: each site's catalog figures, replaced by ``pads`` and ``turnaround_days``
    where given (a scenario's own figures), else :data:`DEFAULT_PADS` at :data:`DEFAULT_TURNAROUND_DAYS`."""
    if not sites:
        raise InputError("a launch schedule needs at least one launch site")
    rows, sources = [], []
    for site in sites:
        n = pads if pads is not None else site.pads if site.pads is not None else DEFAULT_PADS
        days = (turnaround_days if turnaround_days is not None else
                site.pad_turnaround_days if site.pad_turnaround_days is not None else DEFAULT_TURNAROUND_DAYS)
        rows.append((site.id, int(n), float(days), site.pads_from_year))
        if pads is not None or turnaround_days is not None:
            sources.append(f"{site.id}: the scenario's figures")
        elif site.pads is not None:
            sources.append(f"{site.id}: {site.pads_source}")
        else:
            sources.append(f"{site.id}: no catalog figures, marsplan's assumption of {DEFAULT_PADS} pad at "
                           f"{DEFAULT_TURNAROUND_DAYS:g} days")
    return LaunchRate(tuple(rows), "; ".join(sources))


def launch_slots(open_days: float, days_in_orbit: float, pads: int, turnaround_days: float) -> int:
    """Launches ``pads`` pads make between the first tanker launch, ``days_in_orbit`` before a window opens,
    and its close ``open_days`` later: one at the start and one each turnaround, per pad."""
    if pads < 0 or not turnaround_days > 0:
        raise InputError(f"pads = {pads}, turnaround {turnaround_days} days: need pads >= 0 and turnaround > 0")
    span = max(open_days, 0.0) + max(days_in_orbit, 0.0)
    return pads * (int(math.floor(span / turnaround_days + 1e-9)) + 1)


@dataclass(frozen=True)
class LaunchRequest:
    """Ships one mission (or wave) wants to send in a window, each taking ``launches_per_ship`` launches."""

    label: str
    kind: str
    ships: int
    launches_per_ship: int
    can_fly: bool = True  # the ship reaches the window's C3 with its payload at all
    payload_t: float = 0.0
    crew_per_ship: int = 0
    waited_from: str = ""  # the window it was first planned in, for ships that waited


@dataclass
class WindowSchedule:
    """One window's slots and what each request got."""

    window: str
    open_days: float
    slots: int
    requests: list[LaunchRequest] = field(default_factory=list)
    ships_leaving: list[int] = field(default_factory=list)  # per request

    @property
    def launches_used(self) -> int:
        return sum(n * r.launches_per_ship for n, r in zip(self.ships_leaving, self.requests, strict=True))

    @property
    def launches_wanted(self) -> int:
        return sum(r.ships * r.launches_per_ship for r in self.requests if r.can_fly)

    @property
    def ships_wanted(self) -> int:
        return sum(r.ships for r in self.requests)

    @property
    def ships_left(self) -> int:
        return sum(self.ships_leaving)

    def to_dict(self) -> dict[str, Any]:
        return {"window": self.window, "open_days": round(self.open_days, 1), "slots": self.slots,
                "launches_wanted": self.launches_wanted, "launches_used": self.launches_used,
                "requests": [{"label": r.label, "kind": r.kind, "ships": r.ships,
                              "launches_per_ship": r.launches_per_ship, "can_fly": r.can_fly,
                              "ships_leaving": n, "waited_from": r.waited_from or None}
                             for r, n in zip(self.requests, self.ships_leaving, strict=True)]}


@dataclass
class LaunchSchedule:
    """Every window's schedule, in window order, with the rate and the policy behind it."""

    rate: LaunchRate
    days_in_orbit: float
    unlaunched: str
    windows: list[WindowSchedule] = field(default_factory=list)
    dropped: int = 0  # ships that never left (dropped, or still waiting after the last window)

    def window(self, label: str) -> WindowSchedule | None:
        return next((w for w in self.windows if w.window == label), None)

    def ships_leaving(self, window: str, label: str) -> int:
        """Ships of request ``label`` that leave in ``window`` (0 if it has none there)."""
        w = self.window(window)
        if w is None:
            return 0
        return sum(n for r, n in zip(w.requests, w.ships_leaving, strict=True) if r.label == label)

    @property
    def peak_launches(self) -> int:
        """The most launches any window wanted (its ships and tankers)."""
        return max((w.launches_wanted for w in self.windows), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {"launch_sites": [{"site": s, "pads": p, "pad_turnaround_days": d, "from_year": y}
                                 for s, p, d, y in self.rate.sites],
                "launches_per_year": round(self.rate.launches_per_year(), 1), "source": self.rate.source,
                "days_in_orbit": self.days_in_orbit, "unlaunched": self.unlaunched, "ships_never_left": self.dropped,
                "windows": [w.to_dict() for w in self.windows]}


def schedule_launches(windows: list[tuple[str, float, list[LaunchRequest]]], rate: LaunchRate, *,
                      days_in_orbit: float, unlaunched: Literal["wait", "drop"] = "wait",
                      carry=None) -> LaunchSchedule:
    """Serve each window's requests from its slots, in order; ships that do not fit wait for the next
    window (``unlaunched="wait"``; ``carry(request, window)``, if given, gives the request they join there, e.g.
    with that window's tanker count, or None to drop them) or are dropped.

    ``windows``: (label, days open, requests) in time order.  A request its vehicle cannot fly at all
    (``can_fly`` false) takes no slots and leaves no ships; its ships wait or are dropped like the others.
    """
    if unlaunched not in ("wait", "drop"):
        raise InputError(f"unlaunched = {unlaunched!r}: choose 'wait' or 'drop'")
    schedule = LaunchSchedule(rate, days_in_orbit, unlaunched)
    waiting: list[LaunchRequest] = []
    for label, open_days, requests in windows:
        slots = rate.slots(open_days, days_in_orbit, int(label) if label.isdigit() else None)
        carried = [c for c in (carry(r, label) if carry else r for r in waiting) if c is not None]
        schedule.dropped += sum(r.ships for r in waiting) - sum(r.ships for r in carried)
        waiting = []
        w = WindowSchedule(label, open_days, slots)
        free = slots
        for r in carried + list(requests):
            n = min(r.ships, free // max(r.launches_per_ship, 1)) if r.can_fly else 0
            free -= n * r.launches_per_ship
            w.requests.append(r)
            w.ships_leaving.append(n)
            left_behind = r.ships - n
            if left_behind > 0:
                if unlaunched == "wait":
                    waiting.append(LaunchRequest(r.label, r.kind, left_behind, r.launches_per_ship, r.can_fly,
                                                 r.payload_t, r.crew_per_ship, r.waited_from or label))
                else:
                    schedule.dropped += left_behind
        schedule.windows.append(w)
    schedule.dropped += sum(r.ships for r in waiting)
    return schedule
