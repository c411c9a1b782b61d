"""The power layer's own small specs, shared with the scenario file format.

A scenario's reactor needs only a name, its power and its mass; the rest has defaults:

>>> from marsplan.power.spec import ReactorSpec
>>> r = ReactorSpec(name="Offered small reactor", power_kwe=40.0, mass_kg=6000.0)
>>> r.id, r.lifetime_years, r.availability
('partner', 10.0, 0.95)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marsplan.validation import StrictModel

__all__ = ["ReactorSpec"]


class ReactorSpec(StrictModel):
    """A fission power unit: an entry of the power catalog (``marsplan/data/power.toml``) or one a scenario
    offers or assumes (its ``[power.partner_reactor]``, where the schema calls it ``Reactor``)."""

    id: Annotated[str, Field(min_length=1, max_length=60)] = "partner"
    name: Annotated[str, Field(min_length=1, max_length=120)]
    power_kwe: Annotated[float, Field(gt=0.0, le=100_000.0)]
    mass_kg: Annotated[float, Field(gt=0.0, le=1_000_000.0)]
    lifetime_years: Annotated[float, Field(gt=0.0, le=100.0)] = 10.0
    availability: Annotated[float, Field(gt=0.0, le=1.0)] = 0.95
    source: str = ""
