"""The command layer: one typed function per command, which both faces (``cli``, ``server``) call.

Conventions, stated once:

- A command is a Python function taking typed values: numbers in the units its parameter names carry
  (``c3_km2_s2``, ``tof_days``), tuples for ranges (``tof_days=(100.0, 450.0)``), sequences for vectors,
  and dates as ISO 8601 UTC strings (``"2026-11-05"``, ``"2026-11-05T12:00Z"``; converted to TDB where they
  are used).  It returns a result object whose ``to_dict()`` is exactly the JSON that ``marsplan COMMAND
  ... --format json`` prints and ``GET /api/COMMAND`` sends.
- Each parameter a face may set declares its flag, type and help once, in its annotation
  (:mod:`marsplan.commands.params`).  A range or vector string (``"100:450"``, ``"1,2,3"``) is parsed once,
  by that type, and every value is checked by it before the command runs, whoever calls it: the CLI, the
  server or Python.  Errors name the flag the user typed (:data:`~marsplan.commands.params.FLAGS`, the one
  table from parameter names to flags).
- The scenario's stages come from one lazy :class:`marsplan.campaign.Campaign` per call: computed once.

>>> from marsplan import commands
>>> sorted(commands.registry())[:6]
['claims', 'crew', 'cycler', 'depot', 'doctor', 'ephemeris']
>>> commands.registry()["porkchop"].param("tof_days").flag
'--tof'
>>> commands.porkchop(tof_days="100:50")
Traceback (most recent call last):
...
marsplan.errors.InputError: --tof 100:50: expected MIN:MAX with 1 <= MIN <= MAX <= 5,000 days
"""

from __future__ import annotations

from typing import Any

from marsplan.commands.campaign import (
    ClaimsReport,
    CrewReport,
    DoctorReport,
    PlanSummary,
    ScenarioCheck,
    ScenarioView,
    SettlementReport,
    claims,
    crew,
    doctor,
    plan,
    scenario_show,
    scenario_validate,
    settle,
    study,
    what_if,
)
from marsplan.commands.fleet import DepotReport, FleetReport, PayloadCurves, depot, fleet, launchers
from marsplan.commands.gravity import CyclerReport, FreeReturns, MGAReport, cycler, freereturn, mga
from marsplan.commands.lowthrust import LowThrustReport, LowThrustTrade, lowthrust, lowthrust_trade
from marsplan.commands.moon import MoonDelivery, MoonTransfers, moon_deliver, moon_transfers
from marsplan.commands.params import FLAGS, Command, Param, flag, registry
from marsplan.commands.surface import Irradiance, power, power_irradiance
from marsplan.commands.trajectory import (
    EphemerisStates,
    LambertArc,
    PorkchopGrid,
    TransferStates,
    ephemeris,
    lambert,
    porkchop,
    transfer,
    windows,
)
from marsplan.errors import InputError

__all__ = ["ClaimsReport", "Command", "CrewReport", "CyclerReport", "DepotReport", "DoctorReport", "EphemerisStates",
           "FLAGS", "FleetReport", "FreeReturns", "Irradiance", "LambertArc", "LowThrustReport", "LowThrustTrade",
           "MGAReport", "MoonDelivery", "MoonTransfers", "Param", "PayloadCurves", "PlanSummary", "PorkchopGrid",
           "ScenarioCheck", "ScenarioView", "SettlementReport", "TransferStates", "claims", "crew", "cycler", "depot",
           "doctor", "ephemeris", "flag", "fleet", "freereturn", "lambert", "launchers", "lowthrust",
           "lowthrust_trade", "mga", "moon_deliver", "moon_transfers", "plan", "porkchop", "power",
           "power_irradiance", "registry", "run", "scenario_show", "scenario_validate", "settle", "study", "transfer",
           "what_if", "windows"]


def run(command: str, values: dict[str, Any]) -> Any:
    """Run ``command`` (its words, ``"power irradiance"``) with parameter values by their Python names;
    its result, whose ``to_dict()`` is the command's JSON."""
    commands = registry()
    if command not in commands:
        raise InputError(f"unknown command {command!r} (commands: {', '.join(commands)})")
    return commands[command](**values)
