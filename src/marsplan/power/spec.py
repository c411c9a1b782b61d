"""The power layer's own small specs, shared with the scenario file format."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ReactorSpec"]


class ReactorSpec(BaseModel):
    """A fission power unit: an entry of the power catalog (``marsplan/data/power.toml``) or one a scenario
    offers or assumes (its ``[power.partner_reactor]``, where the schema calls it ``Reactor``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: Annotated[str, Field(min_length=1, max_length=60)] = "partner"
    name: Annotated[str, Field(min_length=1, max_length=120)]
    power_kwe: Annotated[float, Field(gt=0.0, le=100_000.0)]
    mass_kg: Annotated[float, Field(gt=0.0, le=1_000_000.0)]
    lifetime_years: Annotated[float, Field(gt=0.0, le=100.0)] = 10.0
    availability: Annotated[float, Field(gt=0.0, le=1.0)] = 0.95
    source: str = ""
