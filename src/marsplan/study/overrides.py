"""Set one number of a scenario or of the settlement model data by its dotted path.

Paths use the names the scenario and data files already have:

* a scenario field: ``settlement.growth_factor``, ``fleet.landing_failure_probability``,
  ``power.partner_reactor.power_kwe``;
* a mission by name: ``missions["Cargo 2028"].ships``;
* a manifest share: ``settlement.cargo_manifest.power`` (the other shares are scaled so that they
  still add up to 1);
* settlement model data (``marsplan/data/settlement.toml``): ``settlement.closure.water``,
  ``settlement.industry.half_range_industry_t`` - any ``settlement.SECTION.KEY`` that is not a
  scenario field.

Scenario overrides go through the scenario schema and model data through the schema of
``settlement.toml`` (:class:`marsplan.settlement.SettlementData`): the same checks and the same
one-line errors as the files they override.
The trajectory (``campaign.*``, ``trajectory.*``, mission windows) is shared by every point of a
study and cannot be varied.

Raising the bundled scenario's cargo power share from 0.2 to 0.4 scales the other shares by
(1 - 0.4) / (1 - 0.2) = 0.75 (habitat 0.25 becomes 0.1875); the model data change in a copy:

>>> from marsplan.scenario import load_scenario
>>> from marsplan.settlement import settlement_parameters
>>> from marsplan.study.overrides import apply_overrides, check_path
>>> sc, model = load_scenario(), settlement_parameters()
>>> new_sc, new_model = apply_overrides(sc, model, {'missions["Cargo 2028"].ships': 3,
...                                                 "settlement.cargo_manifest.power": 0.4,
...                                                 "settlement.closure.water": 0.98})
>>> [m.ships for m in new_sc.missions], new_sc.settlement.cargo_manifest.habitat
([5, 3, 2, 4], 0.1875)
>>> new_model["closure"]["water"], model["closure"]["water"]
(0.98, 0.93)
>>> check_path("trajectory.max_c3_km2_s2", sc, model)
Traceback (most recent call last):
...
marsplan.errors.InputError: path 'trajectory.max_c3_km2_s2': the trajectory and campaign are shared by ...
"""

from __future__ import annotations

import copy
import math
import re
from typing import Any

from pydantic import ValidationError

from marsplan.errors import InputError
from marsplan.scenario.schema import Scenario
from marsplan.settlement.parameters import validated_parameters
from marsplan.validation import describe_error

__all__ = ["apply_overrides", "check_path"]

_MISSION = re.compile(r'^missions\["(?P<name>[^"]+)"\]\.(?P<field>\w+)$')
_FIXED = ("campaign.", "trajectory.", "milestones", "claims", "vehicles")


def _model_key(path: str, prm: dict[str, Any]) -> tuple[str, str] | None:
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "settlement" and parts[1] in prm and parts[2] in prm[parts[1]]:
        value = prm[parts[1]][parts[2]]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return parts[1], parts[2]
    return None


_OPTIONAL_NUMBERS = frozenset({"fleet.pads", "fleet.pad_turnaround_days", "trajectory.crew_max_tof_days",
                               "power.isru_t_per_year", "fleet.tanker_cadence_days"})
"""Numeric scenario fields whose default is None (so the path finds no number to vary) that a study may set."""


def check_path(path: str, scenario: Scenario, prm: dict[str, Any]) -> str:
    """Where ``path`` points: "scenario" or "model"; an :class:`InputError` if it points nowhere."""
    if path.startswith(_FIXED):
        raise InputError(f"path {path!r}: the trajectory and campaign are shared by every point of a study and "
                         "cannot be varied")
    m = _MISSION.match(path)
    if m:
        names = [mission.name for mission in scenario.missions]
        if m["name"] not in names:
            raise InputError(f"path {path!r}: no mission {m['name']!r} (missions: {', '.join(names)})")
        if m["field"] not in ("ships", "crew_per_ship", "payload_t_per_ship"):
            raise InputError(f"path {path!r}: a study may vary ships, crew_per_ship or payload_t_per_ship")
        return "scenario"
    if path in _OPTIONAL_NUMBERS:
        return "scenario"
    node: Any = scenario
    for part in path.split("."):
        if isinstance(node, dict) or not hasattr(node, part):
            break
        node = getattr(node, part)
    else:
        if isinstance(node, int | float) and not isinstance(node, bool):
            return "scenario"
    if _model_key(path, prm) is not None:
        return "model"
    raise InputError(f"path {path!r}: not a numeric field of the scenario or of marsplan/data/settlement.toml")


def _set(data: dict[str, Any], parts: list[str], value: float) -> None:
    for part in parts[:-1]:
        if data.get(part) is None:
            raise InputError(f"path {'.'.join(parts)!r}: the scenario has no {part!r} to set")
        data = data[part]
    data[parts[-1]] = value


def _set_shares(data: dict[str, Any], manifest: str, shares: dict[str, float]) -> None:
    """Set manifest shares and scale the shares not given so that all still add up to 1."""
    node = data
    for part in manifest.split("."):
        node = node[part]
    given = sum(shares.values())
    if any(not 0 <= v <= 1 for v in shares.values()) or given > 1 + 1e-12:
        raise InputError(f"{manifest} shares {shares}: each is allowed 0 to 1 and together at most 1")
    others = [k for k in node if k not in shares]
    rest = sum(node[k] for k in others)
    for k in others:
        node[k] = node[k] * (1 - given) / rest if rest > 0 else (1 - given) / len(others)
    node.update(shares)


def apply_overrides(scenario: Scenario, prm: dict[str, Any], values: dict[str, float]
                    ) -> tuple[Scenario, dict[str, Any]]:
    """The scenario and settlement model data with each ``path -> value`` set (neither input changes)."""
    data = scenario.model_dump()
    model = copy.deepcopy(prm)
    shares: dict[str, dict[str, float]] = {}
    for path, value in values.items():
        if not math.isfinite(value):
            raise InputError(f"path {path!r} = {value}: must be a finite number")
        where = check_path(path, scenario, prm)
        if where == "model":
            section, key = path.split(".")[1:]
            model[section][key] = float(value)
            continue
        m = _MISSION.match(path)
        if m:
            mission = next(x for x in data["missions"] if x["name"] == m["name"])
            mission[m["field"]] = value
            continue
        manifest, _, share = path.rpartition(".")
        if manifest.endswith("_manifest"):
            shares.setdefault(manifest, {})[share] = float(value)
            continue
        _set(data, path.split("."), value)
    for manifest, given in shares.items():
        _set_shares(data, manifest, given)
    if model != prm:
        changed = {p: v for p, v in values.items() if check_path(p, scenario, prm) == "model"}
        model = validated_parameters(model, f"settlement.toml as the study sets it {changed}")
    try:
        return Scenario.model_validate(data), model
    except ValidationError as exc:
        raise InputError(f"overrides {values}: {describe_error(exc.errors(include_url=False)[0], Scenario)}"
                         ) from None
