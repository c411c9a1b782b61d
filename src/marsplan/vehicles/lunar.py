"""Delivering a payload to the lunar surface: what each launcher sends to the Moon, a lander sized by the
rocket equation, and a refilled Starship that lands itself.

Expendable launchers put the payload and its lander on a trans-lunar trajectory (their published
trans-lunar payload, or marsplan's launcher model at C3 = -2 km^2/s^2 where none is published;
``marsplan/data/moon.toml``).  The lander then does lunar orbit insertion (from
:mod:`marsplan.trajectory.lunar`) and the descent from low lunar orbit (2.18 km/s including a 5 %
reserve, Acta Astronautica 177, 2020, Table 4; marsplan adds no margin).  Its dry mass grows with the
propellant it carries at the ratio of the reference lander (the Apollo LM descent stage: 2,034 kg dry
for 8,248 kg of propellant, Isp 311 s), so by the rocket equation, with R = exp(dv / (g0 Isp)) and
a = dry / propellant:

    propellant = payload (R - 1) / (1 - a (R - 1)),  dry = a propellant,

which has no solution when a (R - 1) >= 1.  A payload that cannot be split (a reactor) flies in one
launch or not at all; in-orbit assembly is not modelled.  A refilled Starship flies the whole way
itself: its tanker flights follow from :mod:`marsplan.vehicles.refill` with the lunar insertion and
descent in place of the Mars landing.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from marsplan.errors import InputError
from marsplan.vehicles.refill import ImpossibleRequest

__all__ = ["Delivery", "LanderSizing", "MoonCatalog", "deliver_to_moon", "moon_catalog", "size_lander"]

G0_KM_S2 = 9.80665e-3


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Descent(_Strict):
    llo_to_surface_dv_km_s: Annotated[float, Field(gt=0.0, le=10.0)]
    source: Annotated[str, Field(min_length=1)]


class LanderSpec(_Strict):
    id: Annotated[str, Field(min_length=1)]
    name: str
    dry_kg: Annotated[float, Field(gt=0.0)]
    propellant_kg: Annotated[float, Field(gt=0.0)]
    isp_s: Annotated[float, Field(gt=0.0, le=1000.0)]
    source: Annotated[str, Field(min_length=1)]

    @property
    def dry_per_propellant(self) -> float:
        return self.dry_kg / self.propellant_kg


class MoonLauncher(_Strict):
    id: Annotated[str, Field(min_length=1)]
    name: str
    tli_payload_kg: Annotated[float | None, Field(gt=0.0)] = None
    vehicle: str | None = None  # catalog launcher whose model gives the figure when none is published
    first_flight: Annotated[int | None, Field(ge=1950, le=2100)] = None
    source: Annotated[str, Field(min_length=1)]


class MoonCatalog(_Strict):
    descent: Descent
    landers: list[LanderSpec]
    launchers: list[MoonLauncher]


@functools.cache
def moon_catalog() -> MoonCatalog:
    """``marsplan/data/moon.toml``, checked."""
    from marsplan.data import read_text
    from marsplan.validation import validate_toml

    catalog: MoonCatalog = validate_toml(read_text("moon.toml"), MoonCatalog, "moon.toml")
    return catalog


@dataclass(frozen=True)
class LanderSizing:
    """A lander for one payload and delta-v (NaN masses when none exists)."""

    propellant_kg: float
    dry_kg: float
    mass_at_tli_kg: float  # payload + lander, what the launcher must send to the Moon

    @property
    def feasible(self) -> bool:
        return math.isfinite(self.mass_at_tli_kg)


def size_lander(payload_kg: float, dv_km_s: float, lander: LanderSpec) -> LanderSizing:
    """The lander of ``lander``'s class that gives ``payload_kg`` a delta-v of ``dv_km_s`` (module docstring)."""
    if not (math.isfinite(payload_kg) and payload_kg >= 0):
        raise InputError(f"payload {payload_kg:g} kg: must be a finite number >= 0")
    growth = math.expm1(dv_km_s / (G0_KM_S2 * lander.isp_s))
    a = lander.dry_per_propellant
    if a * growth >= 1.0:
        return LanderSizing(math.nan, math.nan, math.nan)
    propellant = payload_kg * growth / (1.0 - a * growth)
    dry = a * propellant
    return LanderSizing(propellant, dry, payload_kg + dry + propellant)


@dataclass
class Delivery:
    """How one vehicle delivers the payload: launches (None: it cannot), masses, and why."""

    vehicle: str
    name: str
    launches: int | None
    tankers: int | None
    tli_payload_kg: float | None
    mass_at_tli_kg: float | None
    lander_propellant_kg: float | None
    lander_dry_kg: float | None
    first_flight: int | None
    note: str
    source: str

    @property
    def feasible(self) -> bool:
        return self.launches is not None

    def to_dict(self) -> dict[str, Any]:
        def t(kg: float | None) -> float | None:
            return None if kg is None or not math.isfinite(kg) else round(kg / 1000.0, 3)

        return {"vehicle": self.vehicle, "name": self.name, "feasible": self.feasible, "launches": self.launches,
                "tankers": self.tankers, "tli_payload_t": t(self.tli_payload_kg),
                "mass_at_tli_t": t(self.mass_at_tli_kg),
                "lander_propellant_t": t(self.lander_propellant_kg), "lander_dry_t": t(self.lander_dry_kg),
                "first_flight": self.first_flight, "note": self.note, "source": self.source}


def launcher_tli_payload_kg(launcher: MoonLauncher) -> float:
    """Published trans-lunar payload, or the catalog launcher's model at C3 = -2 km^2/s^2."""
    if launcher.tli_payload_kg is not None:
        return launcher.tli_payload_kg
    from marsplan.vehicles.catalog import get_vehicle
    from marsplan.vehicles.launchers import launcher_payload_kg

    if launcher.vehicle is None:
        raise InputError(f"moon.toml: launcher {launcher.id!r} has neither tli_payload_kg nor vehicle")
    return float(launcher_payload_kg(get_vehicle(launcher.vehicle), -2.0))


def deliver_to_moon(payload_kg: float, *, loi_dv_km_s: float, tli_c3_km2_s2: float = -2.0, tof_days: float = 4.5,
                    vehicles: list[str] | None = None, refilled: Any = None, max_tankers: int = 10,
                    lander_id: str | None = None) -> list[Delivery]:
    """Each vehicle's way of landing ``payload_kg`` on the Moon (module docstring).  ``vehicles``: ids of
    ``moon.toml``'s launchers and ``"starship"`` (the refilled ship ``refilled``); default all of them."""
    catalog = moon_catalog()
    landers = {x.id: x for x in catalog.landers}
    lander = landers[lander_id] if lander_id in landers else catalog.landers[0]
    if lander_id is not None and lander_id not in landers:
        raise InputError(f"lander {lander_id!r}: not in moon.toml (landers: {', '.join(landers)})")
    launchers = {x.id: x for x in catalog.launchers}
    known = [*launchers, "starship"]
    chosen = vehicles or known
    unknown = [v for v in chosen if v not in known]
    if unknown:
        raise InputError(f"vehicle {unknown[0]!r}: cannot go to the Moon in marsplan (choose from {', '.join(known)})")
    if not (math.isfinite(payload_kg) and 0 < payload_kg <= 200_000):
        raise InputError(f"--payload-t {payload_kg / 1000:g}: allowed > 0 to 200 t")
    dv = loi_dv_km_s + catalog.descent.llo_to_surface_dv_km_s
    sized = size_lander(payload_kg, dv, lander)
    out = []
    for vid in chosen:
        if vid == "starship":
            out.append(_starship(payload_kg, dv, tli_c3_km2_s2, tof_days, refilled, max_tankers))
            continue
        spec = launchers[vid]
        capacity = launcher_tli_payload_kg(spec)
        if not sized.feasible:
            launches, note = None, (f"no {lander.name} reaches {dv:.2f} km/s (lander dry mass grows faster than "
                                    "its propellant)")
        elif sized.mass_at_tli_kg <= capacity:
            launches, note = 1, f"payload and lander ({sized.mass_at_tli_kg / 1000:.1f} t) in one launch"
        else:
            launches, note = None, (f"payload and lander weigh {sized.mass_at_tli_kg / 1000:.1f} t, over the "
                                    f"{capacity / 1000:.1f} t it sends to the Moon; one unit cannot be split")
        out.append(Delivery(vid, spec.name, launches, 0 if launches else None, capacity, sized.mass_at_tli_kg,
                            sized.propellant_kg, sized.dry_kg, spec.first_flight, note, spec.source))
    return out


def _starship(payload_kg: float, dv_km_s: float, c3: float, tof_days: float, refilled: Any,
              max_tankers: int) -> Delivery:
    if refilled is None:
        from marsplan.orchestrate import refilled_ship

        refilled = refilled_ship()
    lunar = dataclasses.replace(refilled, landing_dv_km_s=dv_km_s)
    source = "marsplan.vehicles.refill with lunar insertion and descent in place of the Mars landing"
    try:
        tankers = lunar.tankers_needed(payload_kg, c3, max_tankers=max_tankers, tof_days=tof_days)
    except ImpossibleRequest as exc:
        return Delivery("starship", refilled.ship.name, None, None, None, None, None, None, None, str(exc), source)
    return Delivery("starship", refilled.ship.name, 1 + tankers, tankers, None, payload_kg, None, None, None,
                    f"lands itself after {tankers} tanker flights", source)
