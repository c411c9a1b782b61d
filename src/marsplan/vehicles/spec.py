"""A vehicle's figures: the one model the vehicle catalog and a scenario's own ``[[vehicles]]`` share.

Masses in kg, specific impulse in s, delta-v in km/s; every figure has a source
(``marsplan/data/vehicles.toml``).

A ship carries the lesser of its structural limit and its LEO payload, and a tanker cannot deliver more
propellant than it holds:

>>> from marsplan.vehicles.spec import VehicleSpec
>>> ship = VehicleSpec(id="my-ship", name="My ship", role="ship", dry_mass_kg=100_000.0,
...                    propellant_capacity_kg=1_000_000.0, isp_vac_s=380.0, max_payload_kg=150_000.0,
...                    payload_to_leo_kg=100_000.0)
>>> ship.payload_limit_kg
100000.0
>>> VehicleSpec(id="t", name="T", role="tanker", dry_mass_kg=1e3, propellant_capacity_kg=1e4, isp_vac_s=300.0,
...             payload_to_leo_kg=2e4)
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for VehicleSpec
  Value error, payload_to_leo_kg = 20000: a tanker cannot deliver more propellant than its ...
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, model_validator

from marsplan.validation import StrictModel

__all__ = ["Source", "VehicleSpec"]


class Source(StrictModel):
    """Where a catalog figure comes from."""

    field: Annotated[str, Field(min_length=1)]
    title: Annotated[str, Field(min_length=1)]
    organisation: Annotated[str, Field(min_length=1)]
    year: Annotated[int, Field(ge=1900, le=2100)]


class VehicleSpec(StrictModel):
    """A vehicle of the catalog (``marsplan/data/vehicles.toml``) or of a scenario.

    Masses in kg, specific impulse in s, delta-v in km/s.  For a tanker
    ``payload_to_leo_kg`` is the propellant it delivers per flight.  A
    launcher's ``payload_to_gto_kg`` (published payload to a standard
    geostationary transfer orbit, apogee at 35,786 km) is used instead of
    its LEO payload to calibrate the final stage when the LEO figure is set
    by structure rather than by propellant.
    """

    id: Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9.+-]*$")]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    role: Literal["ship", "tanker", "booster", "launcher"]
    dry_mass_kg: Annotated[float, Field(gt=0.0, le=1e7)]
    propellant_capacity_kg: Annotated[float, Field(gt=0.0, le=1e8)]
    isp_vac_s: Annotated[float, Field(gt=0.0, le=1000.0)]
    mixture_ratio: Annotated[float, Field(gt=0.0, le=20.0)] = 3.6
    payload_to_leo_kg: Annotated[float, Field(ge=0.0, le=1e7)] = 0.0
    payload_to_gto_kg: Annotated[float, Field(ge=0.0, le=1e7)] = 0.0
    max_payload_kg: Annotated[float | None, Field(gt=0.0, le=1e7)] = None
    propellant_at_leo_kg: Annotated[float, Field(ge=0.0, le=1e8)] = 0.0
    kick_stage: bool = False
    # an escape point that calibrates the final stage instead (a flown mission: payload to a C3)
    payload_to_c3_kg: Annotated[float, Field(ge=0.0, le=1e7)] = 0.0
    calibration_c3_km2_s2: Annotated[float | None, Field(ge=-60.0, le=200.0)] = None
    # where the published LEO payload holds: launch site id and orbit inclination
    reference_site: Annotated[str | None, Field(min_length=1, max_length=60)] = None
    reference_inclination_deg: Annotated[float | None, Field(ge=0.0, le=180.0)] = None
    mars_landing_dv_km_s: Annotated[float, Field(ge=0.0, le=10.0)] = 0.0
    mars_ascent_dv_km_s: Annotated[float, Field(ge=0.0, le=10.0)] = 0.0
    max_entry_speed_km_s: Annotated[float | None, Field(gt=0.0, le=20.0)] = None
    sources: list[Source] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> VehicleSpec:
        if self.propellant_at_leo_kg > self.propellant_capacity_kg:
            raise ValueError(
                f"propellant_at_leo_kg = {self.propellant_at_leo_kg:g} is over propellant_capacity_kg = "
                f"{self.propellant_capacity_kg:g} (allowed 0 to {self.propellant_capacity_kg:g})"
            )
        if self.role == "tanker" and self.payload_to_leo_kg > self.propellant_capacity_kg:
            raise ValueError(
                f"payload_to_leo_kg = {self.payload_to_leo_kg:g}: a tanker cannot deliver more propellant "
                f"than its propellant_capacity_kg = {self.propellant_capacity_kg:g}"
            )
        if self.role == "launcher" and self.kick_stage and (
                self.payload_to_leo_kg <= self.dry_mass_kg):
            raise ValueError(
                f"payload_to_leo_kg = {self.payload_to_leo_kg:g} must exceed the kick stage's dry mass "
                f"({self.dry_mass_kg:g} kg)"
            )
        if self.payload_to_gto_kg and (self.role != "launcher" or self.kick_stage):
            raise ValueError(
                f"payload_to_gto_kg = {self.payload_to_gto_kg:g}: only for launchers whose final stage reaches "
                "orbit (role = \"launcher\", kick_stage = false)"
            )
        if (self.payload_to_c3_kg > 0) != (self.calibration_c3_km2_s2 is not None):
            raise ValueError("payload_to_c3_kg and calibration_c3_km2_s2 go together: give both or neither")
        if self.payload_to_c3_kg and (self.role != "launcher" or self.kick_stage or self.payload_to_gto_kg):
            raise ValueError(
                f"payload_to_c3_kg = {self.payload_to_c3_kg:g}: only for launchers whose final stage reaches orbit "
                "(role = \"launcher\", kick_stage = false) and without payload_to_gto_kg"
            )
        if self.payload_to_gto_kg and self.payload_to_leo_kg and self.payload_to_gto_kg >= self.payload_to_leo_kg:
            raise ValueError(
                f"payload_to_gto_kg = {self.payload_to_gto_kg:g} must be below payload_to_leo_kg = "
                f"{self.payload_to_leo_kg:g}"
            )
        return self

    @property
    def payload_limit_kg(self) -> float:
        """The most payload the vehicle carries: its structural limit and its LEO payload."""
        limits = [x for x in (self.max_payload_kg, self.payload_to_leo_kg or None) if x]
        return min(limits) if limits else math.inf
