"""The settlement model's data (``marsplan/data/settlement.toml``) and the schema that checks it.

The file and every study override of it pass through :class:`SettlementData`, so a value out of its
range gets the same one-line error wherever it comes from: a fraction outside 0 to 1, a rate or an
energy that is not positive.  Each section carries a ``source`` naming where its figures come from.

NASA's baseline values (Hanford 2004) give a crewmember 0.835 kg of oxygen a day; the ISS recovers about
93 % of its water; a recovery above 1 is refused:

>>> from marsplan.settlement.parameters import settlement_parameters, validated_parameters
>>> data = settlement_parameters()
>>> data["needs"]["oxygen_kg_per_person_day"], data["closure"]["water"]
(0.835, 0.93)
>>> data["closure"]["water"] = 1.5
>>> validated_parameters(data, "study.toml")
Traceback (most recent call last):
...
marsplan.settlement.parameters.SettlementDataError: study.toml: closure.water = 1.5: ... (allowed >= 0.0 and <= 1.0)
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from marsplan.data import read_text
from marsplan.errors import InputError
from marsplan.validation import validate_mapping, validate_toml

__all__ = ["Assumption", "SettlementData", "SettlementDataError", "assumption_ranges", "settlement_parameters",
           "validated_parameters"]

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Positive = Annotated[float, Field(gt=0.0, le=1e9)]
NonNegative = Annotated[float, Field(ge=0.0, le=1e9)]


class SettlementDataError(InputError):
    """Settlement model data out of range (in the file or in a study's override)."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Annotated[str, Field(min_length=1)]


class Needs(_Section):
    oxygen_kg_per_person_day: Positive
    food_dry_kg_per_person_day: Positive
    food_as_shipped_kg_per_person_day: Positive
    potable_water_kg_per_person_day: Positive
    hygiene_water_kg_per_person_day: NonNegative


class Closure(_Section):
    water: Fraction
    oxygen: Fraction
    food: Fraction


class Power(_Section):
    base_kw_per_person: NonNegative


class Production(_Section):
    water_kwh_per_kg: NonNegative
    oxygen_kwh_per_kg: NonNegative
    food_kwe_per_person: NonNegative
    spares_kwh_per_kg: NonNegative
    isru_t_per_year_per_t: NonNegative
    food_t_per_year_per_t_life_support: NonNegative
    life_support_people_per_t: NonNegative
    habitat_people_per_t: Positive


class Industry(_Section):
    output_t_per_year_per_t: NonNegative
    workforce_share: Fraction
    output_t_per_worker_year: NonNegative
    half_range_industry_t: Positive


class Wear(_Section):
    """Yearly fraction of each class of equipment that wears out."""

    life_support: Fraction
    isru: Fraction
    power: Fraction
    industry: Fraction
    habitat: Fraction


class Assumption(BaseModel):
    """A plausible range of one figure of the file that is marsplan's own choice, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: Annotated[str, Field(pattern=r"^[a-z_]+\.[a-z_]+$")]
    low: float
    high: float
    why: Annotated[str, Field(min_length=1)]


class SettlementData(BaseModel):
    """The whole of ``settlement.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    needs: Needs
    closure: Closure
    power: Power
    production: Production
    industry: Industry
    wear: Wear
    assumptions: list[Assumption] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ranges_hold_their_values(self) -> SettlementData:
        for a in self.assumptions:
            section, key = a.path.split(".")
            values = getattr(self, section, None)
            if values is None or key in ("source",) or not hasattr(values, key):
                raise ValueError(f"assumptions: {a.path!r} names no figure of the file")
            value = float(getattr(values, key))
            if not a.low <= value <= a.high:
                raise ValueError(f"assumptions: {a.path} = {value:g} lies outside its range {a.low:g} to {a.high:g}")
        return self


@functools.cache
def _bundled() -> dict[str, Any]:
    data: SettlementData = validate_toml(read_text("settlement.toml"), SettlementData, "settlement.toml",
                                         SettlementDataError)
    return data.model_dump()


def settlement_parameters() -> dict[str, Any]:
    """The parameters of ``marsplan/data/settlement.toml``, checked (a fresh copy each call)."""
    return {section: dict(values) for section, values in _bundled().items() if section != "assumptions"}


def validated_parameters(data: dict[str, Any], label: str) -> dict[str, Any]:
    """``data`` (the layout of ``settlement.toml``) checked against the same schema as the file;
    ``label`` names where it came from in the one-line error."""
    checked: SettlementData = validate_mapping(data, SettlementData, label, SettlementDataError)
    return checked.model_dump(exclude={"assumptions"})


def assumption_ranges() -> list[dict[str, Any]]:
    """The plausible ranges of ``settlement.toml``'s own choices: ``path``, ``low``, ``high``, ``why``."""
    return [dict(a) for a in _bundled().get("assumptions", [])]
