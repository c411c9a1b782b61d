"""Delivering a payload to the lunar surface: what each launcher sends to the Moon, landers sized by the
rocket equation, a two-launch rendezvous in lunar orbit, and a refilled Starship that lands itself.

Expendable launchers put the payload and its lander on a trans-lunar trajectory (their published
trans-lunar payload, or marsplan's launcher model at C3 = -2 km^2/s^2 where none is published;
``marsplan/data/moon.toml``).  The lander then does lunar orbit insertion (LOI, from
:mod:`marsplan.trajectory.lunar`) and the descent from low lunar orbit (2.18 km/s including a 5 %
reserve, Acta Astronautica 177, 2020, Table 4; marsplan adds no margin).  A lander's dry mass grows with
the propellant it carries at the ratio a = dry / propellant of its reference design (the Apollo LM descent
stage for storable propellants: 2,034 kg dry for 8,248 kg, Isp 311 s; NASA's Altair descent module for
LOX/LH2: about 12.0 t dry for 24.9 t, Isp 448 s), so by the rocket equation, with
g = exp(dv / (g0 Isp)) - 1:

    propellant = payload g / (1 - a g),  dry = a propellant,

which has no solution when a g >= 1.  Each vehicle has these options:

- **one launch, storable lander** and **one launch, cryogenic lander**: payload and lander, sized for
  LOI + descent, in one trans-lunar payload;
- **two launches, lunar-orbit rendezvous** (the ``[rendezvous]`` lander of ``moon.toml``, storable): the
  lander flies to low lunar orbit alone, inserting itself, and waits; the unit follows on a second launch
  of the same vehicle with an insertion stage of the lander's class (``size_lander(payload, LOI)``); they
  dock and the lander takes the unit down.  The lander carries the descent propellant p_D and its own
  insertion propellant p_L with dry mass d = a (p_D + p_L): descent (P + d + p_D) / (P + d) = 1 + g_D,
  insertion (d + p_D + p_L) / (d + p_D) = 1 + g_L, so
  d = a P g_D (1 + g_L) / (1 - a ((1 + g_D)(1 + g_L) - 1)).  Each launch must send its own part.

A unit that cannot be split (a reactor) is never divided between launches; in-orbit assembly beyond
the one docking is not modelled.  A refilled Starship flies the whole way itself: its tanker flights
follow from :mod:`marsplan.vehicles.refill` with the lunar insertion and descent in place of the Mars
landing, and its capacity is the payload it lands with that many tankers.

Every option has a *margin*: the launcher's trans-lunar payload less the heaviest launch's mass (for
Starship: the payload it can land less the payload), and the margin's *uncertainty*, the launcher's
stated payload uncertainty (``[payload_uncertainty]``: 5 % of a published figure, 15 % of one from
marsplan's launcher model, 10 % for Long March 10's unflown design target).  The best option of a vehicle
is, first, among those whose margin exceeds its uncertainty (they clearly fit), then among those that fit
within it, then among the rest: the fewest launches, then the most margin; among options that do not fit,
the most margin.  A refilled Starship takes the fewest tankers that clear its uncertainty, if no more than
the fleet's limit.

A storable (Apollo LM class, a = 2034 / 8248) lander giving 5 t a delta-v of 0.85 + 2.18 km/s has
g = exp(3.03 / (g0 311 s)) - 1 = 1.7007 and carries 5000 g / (1 - a g) = 14.6 t of propellant; SLS Block 1,
sending 27 t to the Moon (NASA's SLS Reference Guide), does best with the cryogenic lander:

>>> from marsplan.vehicles.lunar import deliver_to_moon, moon_catalog, size_lander
>>> storable = moon_catalog().landers[0]
>>> round(size_lander(5000.0, 0.85 + 2.18, storable).propellant_kg / 1000.0, 1)
14.6
>>> (sls,) = deliver_to_moon(5000.0, loi_dv_km_s=0.85, vehicles=["sls-block-1"])
>>> sls.launches, round(sls.mass_at_tli_kg / 1000.0, 1), round(sls.tli_payload_kg / 1000.0, 1)
(1, 19.1, 27.0)
>>> sls.note
'best of 3 options: one launch, cryogenic lander; payload and cryogenic lander (19.1 t) in one launch of 27.0 t'
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from marsplan.constants import G0_KM_S2
from marsplan.errors import InputError
from marsplan.validation import StrictModel
from marsplan.vehicles.refill import ImpossibleRequest

__all__ = ["Delivery", "DeliveryOption", "LanderSizing", "MoonCatalog", "TwoLaunchSizing", "best_option",
           "deliver_to_moon", "launcher_tli_payload_kg", "moon_catalog", "size_lander", "size_two_launch"]


class _Strict(StrictModel):
    # catalog strings are kept as written: unlike the base, no whitespace stripping
    model_config = ConfigDict(str_strip_whitespace=False)


class Descent(_Strict):
    llo_to_surface_dv_km_s: Annotated[float, Field(gt=0.0, le=10.0)]
    source: Annotated[str, Field(min_length=1)]


class LanderSpec(_Strict):
    id: Annotated[str, Field(min_length=1)]
    name: str
    kind: Literal["storable", "cryogenic"] = "storable"
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
    # the figure's own uncertainty (fraction of it), where the defaults of [payload_uncertainty] do not fit
    tli_uncertainty_fraction: Annotated[float | None, Field(ge=0.0, le=1.0)] = None
    source: Annotated[str, Field(min_length=1)]


class Rendezvous(_Strict):
    lander: Annotated[str, Field(min_length=1)]
    source: Annotated[str, Field(min_length=1)]


class PayloadUncertainty(_Strict):
    published_fraction: Annotated[float, Field(ge=0.0, le=1.0)]
    model_fraction: Annotated[float, Field(ge=0.0, le=1.0)]
    source: Annotated[str, Field(min_length=1)]


class ReactorClaim(_Strict):
    solar_mass_fraction: Annotated[float, Field(ge=0.0, le=1.0)]
    reactor_mass_fraction: Annotated[float, Field(ge=0.0, le=1.0)]
    batch_years: Annotated[int, Field(ge=1, le=100_000)]
    max_years: Annotated[int, Field(ge=1, le=1_000_000)]
    source: Annotated[str, Field(min_length=1)]


class MoonCatalog(_Strict):
    descent: Descent
    landers: list[LanderSpec]
    rendezvous: Rendezvous
    payload_uncertainty: PayloadUncertainty
    launchers: list[MoonLauncher]
    reactor_claim: ReactorClaim

    @model_validator(mode="after")
    def _rendezvous_lander_known(self) -> MoonCatalog:
        if self.rendezvous.lander not in {x.id for x in self.landers}:
            raise ValueError(f"rendezvous lander {self.rendezvous.lander!r} is not among the landers")
        return self

    def lander(self, lander_id: str) -> LanderSpec:
        return next(x for x in self.landers if x.id == lander_id)


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


def _growth(dv_km_s: float, isp_s: float) -> float:
    return math.expm1(dv_km_s / (G0_KM_S2 * isp_s))


def _check_payload(payload_kg: float) -> None:
    if not (math.isfinite(payload_kg) and payload_kg >= 0):
        raise InputError(f"payload {payload_kg:g} kg: must be a finite number >= 0")


def size_lander(payload_kg: float, dv_km_s: float, lander: LanderSpec) -> LanderSizing:
    """The lander of ``lander``'s class that gives ``payload_kg`` a delta-v of ``dv_km_s`` (module docstring)."""
    _check_payload(payload_kg)
    growth = _growth(dv_km_s, lander.isp_s)
    a = lander.dry_per_propellant
    if a * growth >= 1.0:
        return LanderSizing(math.nan, math.nan, math.nan)
    propellant = payload_kg * growth / (1.0 - a * growth)
    dry = a * propellant
    return LanderSizing(propellant, dry, payload_kg + dry + propellant)


@dataclass(frozen=True)
class TwoLaunchSizing:
    """A lunar-orbit rendezvous: the lander's launch and the unit's (NaN masses when no lander exists)."""

    lander_launch_kg: float  # lander with its insertion and descent propellant, sent to the Moon
    unit_launch_kg: float  # the unit and its insertion stage
    lander_dry_kg: float
    lander_descent_propellant_kg: float
    lander_insertion_propellant_kg: float
    stage: LanderSizing  # the unit's insertion stage

    @property
    def feasible(self) -> bool:
        return math.isfinite(self.lander_launch_kg) and math.isfinite(self.unit_launch_kg)

    @property
    def heaviest_kg(self) -> float:
        return max(self.lander_launch_kg, self.unit_launch_kg) if self.feasible else math.nan


def size_two_launch(payload_kg: float, loi_dv_km_s: float, descent_dv_km_s: float,
                    lander: LanderSpec) -> TwoLaunchSizing:
    """The two launches of a lunar-orbit rendezvous for ``payload_kg`` (module docstring): the lander, which
    inserts itself and lands the unit, and the unit with an insertion stage of the lander's class."""
    _check_payload(payload_kg)
    a = lander.dry_per_propellant
    g_d, g_l = _growth(descent_dv_km_s, lander.isp_s), _growth(loi_dv_km_s, lander.isp_s)
    total = (1.0 + g_d) * (1.0 + g_l) - 1.0
    stage = size_lander(payload_kg, loi_dv_km_s, lander)
    if a * total >= 1.0:
        nan = math.nan
        return TwoLaunchSizing(nan, stage.mass_at_tli_kg, nan, nan, nan, stage)
    dry = a * payload_kg * g_d * (1.0 + g_l) / (1.0 - a * total)
    descent = (payload_kg + dry) * g_d
    insertion = (dry + descent) * g_l
    return TwoLaunchSizing(dry + descent + insertion, stage.mass_at_tli_kg, dry, descent, insertion, stage)


@dataclass
class DeliveryOption:
    """One way a vehicle lands the payload: its launches, what they must carry against what they can, and
    the margin with its stated uncertainty (``capacity_kg - required_kg``; NaN: no lander reaches the
    delta-v)."""

    kind: str  # "storable", "cryogenic", "two-launch" or "refilled"
    name: str
    launches: int
    tankers: int | None
    capacity_kg: float  # per launch: trans-lunar payload (Starship: the payload it lands)
    required_kg: float  # the heaviest launch's mass at TLI (Starship: the payload)
    launch_masses_kg: tuple[float, ...]
    uncertainty_kg: float
    lander_propellant_kg: float | None
    lander_dry_kg: float | None
    note: str

    @property
    def margin_kg(self) -> float:
        return self.capacity_kg - self.required_kg

    @property
    def fits(self) -> bool:
        return math.isfinite(self.margin_kg) and self.margin_kg >= 0.0

    @property
    def clear(self) -> bool:
        """It fits by more than its uncertainty."""
        return math.isfinite(self.margin_kg) and self.margin_kg > self.uncertainty_kg

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "launches": self.launches, "tankers": self.tankers,
                "capacity_t": _t(self.capacity_kg), "required_t": _t(self.required_kg),
                "launch_masses_t": [_t(m) for m in self.launch_masses_kg], "margin_t": _t(self.margin_kg),
                "uncertainty_t": _t(self.uncertainty_kg), "fits": self.fits,
                "lander_propellant_t": _t(self.lander_propellant_kg), "lander_dry_t": _t(self.lander_dry_kg),
                "note": self.note}


def _t(kg: float | None) -> float | None:
    return None if kg is None or not math.isfinite(kg) else round(kg / 1000.0, 3)


def _rank(option: DeliveryOption) -> tuple[int, int, float]:
    margin = option.margin_kg if math.isfinite(option.margin_kg) else -math.inf
    if option.clear:
        return 0, option.launches, -margin
    if option.fits:
        return 1, option.launches, -margin
    return 2, 0, -margin


def best_option(options: Sequence[DeliveryOption]) -> DeliveryOption | None:
    """The best of ``options`` (module docstring): clearly fitting, then fitting, then the rest; fewest
    launches, then most margin (the rest: most margin)."""
    return min(options, key=_rank, default=None)


@dataclass
class Delivery:
    """How one vehicle delivers the payload: its best option's launches (None: no option fits), masses and
    why, and every option it has."""

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
    options: list[DeliveryOption] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return self.launches is not None

    @property
    def best(self) -> DeliveryOption | None:
        return best_option(self.options)

    def to_dict(self) -> dict[str, Any]:
        best = self.best
        return {"vehicle": self.vehicle, "name": self.name, "feasible": self.feasible, "launches": self.launches,
                "tankers": self.tankers, "tli_payload_t": _t(self.tli_payload_kg),
                "mass_at_tli_t": _t(self.mass_at_tli_kg),
                "lander_propellant_t": _t(self.lander_propellant_kg), "lander_dry_t": _t(self.lander_dry_kg),
                "first_flight": self.first_flight, "note": self.note, "source": self.source,
                "option": None if best is None else best.kind,
                "margin_t": None if best is None else _t(best.margin_kg),
                "uncertainty_t": None if best is None else _t(best.uncertainty_kg),
                "options": [o.to_dict() for o in self.options]}


def launcher_tli_payload_kg(launcher: MoonLauncher) -> float:
    """Published trans-lunar payload, or the catalog launcher's model at C3 = -2 km^2/s^2."""
    if launcher.tli_payload_kg is not None:
        return launcher.tli_payload_kg
    from marsplan.vehicles.catalog import get_vehicle
    from marsplan.vehicles.launchers import launcher_payload_kg

    if launcher.vehicle is None:
        raise InputError(f"moon.toml: launcher {launcher.id!r} has neither tli_payload_kg nor vehicle")
    return float(launcher_payload_kg(get_vehicle(launcher.vehicle), -2.0))


def tli_uncertainty_fraction(launcher: MoonLauncher) -> float:
    """The stated uncertainty of the launcher's trans-lunar payload, as a fraction of it (moon.toml)."""
    if launcher.tli_uncertainty_fraction is not None:
        return launcher.tli_uncertainty_fraction
    u = moon_catalog().payload_uncertainty
    return u.published_fraction if launcher.tli_payload_kg is not None else u.model_fraction


def _single_launch(payload_kg: float, dv_km_s: float, lander: LanderSpec, capacity: float,
                   uncertainty: float) -> DeliveryOption:
    sized = size_lander(payload_kg, dv_km_s, lander)
    kind = lander.kind
    name = f"one launch, {kind} lander"
    if not sized.feasible:
        note = f"no {lander.name} reaches {dv_km_s:.2f} km/s (its dry mass grows faster than its propellant)"
    elif sized.mass_at_tli_kg <= capacity:
        note = (f"payload and {kind} lander ({sized.mass_at_tli_kg / 1000:.1f} t) in one launch of "
                f"{capacity / 1000:.1f} t")
    else:
        note = (f"payload and {kind} lander weigh {sized.mass_at_tli_kg / 1000:.1f} t, over the "
                f"{capacity / 1000:.1f} t it sends to the Moon; one unit cannot be split")
    return DeliveryOption(kind, name, 1, 0, capacity, sized.mass_at_tli_kg, (sized.mass_at_tli_kg,), uncertainty,
                          sized.propellant_kg, sized.dry_kg, note)


def _two_launch(payload_kg: float, loi_dv_km_s: float, descent_dv_km_s: float, lander: LanderSpec,
                capacity: float, uncertainty: float) -> DeliveryOption:
    sized = size_two_launch(payload_kg, loi_dv_km_s, descent_dv_km_s, lander)
    name = "two launches, lunar-orbit rendezvous"
    if not sized.feasible:
        note = f"no {lander.name} reaches {loi_dv_km_s + descent_dv_km_s:.2f} km/s"
        propellant = dry = math.nan
    else:
        propellant = sized.lander_descent_propellant_kg + sized.lander_insertion_propellant_kg
        dry = sized.lander_dry_kg
        parts = (f"lander {sized.lander_launch_kg / 1000:.1f} t and unit with its insertion stage "
                 f"{sized.unit_launch_kg / 1000:.1f} t, docking in low lunar orbit")
        note = (f"{parts}: each within the {capacity / 1000:.1f} t it sends to the Moon"
                if sized.heaviest_kg <= capacity else
                f"{parts}: the heavier is over the {capacity / 1000:.1f} t it sends to the Moon")
    return DeliveryOption("two-launch", name, 2, 0, capacity, sized.heaviest_kg,
                          (sized.lander_launch_kg, sized.unit_launch_kg), uncertainty, propellant, dry, note)


def deliver_to_moon(payload_kg: float, *, loi_dv_km_s: float, tli_c3_km2_s2: float = -2.0, tof_days: float = 4.5,
                    vehicles: list[str] | None = None, refilled: Any = None, max_tankers: int = 10,
                    lander_id: str | None = None) -> list[Delivery]:
    """Each vehicle's options for landing ``payload_kg`` on the Moon and its best one (module docstring).
    ``vehicles``: ids of ``moon.toml``'s launchers and ``"starship"`` (the refilled ship ``refilled``); default
    all of them.  ``lander_id``: the one lander of the one-launch options (default every lander)."""
    catalog = moon_catalog()
    landers = {x.id: x for x in catalog.landers}
    if lander_id is not None and lander_id not in landers:
        raise InputError(f"lander {lander_id!r}: not in moon.toml (landers: {', '.join(landers)})")
    single = [landers[lander_id]] if lander_id is not None else list(catalog.landers)
    rendezvous = landers[catalog.rendezvous.lander]
    launchers = {x.id: x for x in catalog.launchers}
    known = [*launchers, "starship"]
    chosen = vehicles or known
    unknown = [v for v in chosen if v not in known]
    if unknown:
        raise InputError(f"vehicle {unknown[0]!r}: cannot go to the Moon in marsplan (choose from {', '.join(known)})")
    if not (math.isfinite(payload_kg) and 0 < payload_kg <= 200_000):
        raise InputError(f"payload_kg {payload_kg:g}: allowed > 0 to 200,000 kg", param="payload_kg")
    descent = catalog.descent.llo_to_surface_dv_km_s
    dv = loi_dv_km_s + descent
    out = []
    for vid in chosen:
        if vid == "starship":
            out.append(_starship(payload_kg, dv, tli_c3_km2_s2, tof_days, refilled, max_tankers))
            continue
        spec = launchers[vid]
        capacity = launcher_tli_payload_kg(spec)
        uncertainty = tli_uncertainty_fraction(spec) * capacity
        options = [_single_launch(payload_kg, dv, lander, capacity, uncertainty) for lander in single]
        options.append(_two_launch(payload_kg, loi_dv_km_s, descent, rendezvous, capacity, uncertainty))
        out.append(_delivery(vid, spec.name, spec.first_flight, spec.source, options, capacity))
    return out


def _delivery(vid: str, name: str, first_flight: int | None, source: str, options: list[DeliveryOption],
              capacity: float | None) -> Delivery:
    best = best_option(options)
    assert best is not None
    fits = best.fits
    if len(options) > 1:
        note = (f"best of {len(options)} options: {best.name}; {best.note}" if fits else
                f"no option fits; closest: {best.name}; {best.note}")
    else:
        note = best.note
    return Delivery(vid, name, best.launches if fits else None, best.tankers if fits else None, capacity,
                    best.required_kg, best.lander_propellant_kg, best.lander_dry_kg, first_flight, note, source,
                    options)


def _starship(payload_kg: float, dv_km_s: float, c3: float, tof_days: float, refilled: Any,
              max_tankers: int) -> Delivery:
    if refilled is None:
        from marsplan.vehicles.refill import refilled_from_catalog

        refilled = refilled_from_catalog()
    lunar = dataclasses.replace(refilled, landing_dv_km_s=dv_km_s)
    fraction = moon_catalog().payload_uncertainty.model_fraction
    source = "marsplan.vehicles.refill with lunar insertion and descent in place of the Mars landing"
    name = "refilled, lands itself"
    try:
        fewest = lunar.tankers_needed(payload_kg, c3, max_tankers=max_tankers, tof_days=tof_days)
    except ImpossibleRequest as exc:
        most = max(float(lunar.max_payload_kg(c3, max_tankers, tof_days=tof_days)), 0.0)
        short = DeliveryOption("refilled", name, 1 + max_tankers, max_tankers, most, payload_kg, (payload_kg,),
                               fraction * most, None, None, str(exc))
        return Delivery("starship", refilled.ship.name, None, None, None, None, None, None, None, str(exc), source,
                        [short])

    def with_tankers(tankers: int) -> DeliveryOption:
        capacity = float(lunar.max_payload_kg(c3, tankers, tof_days=tof_days))
        return DeliveryOption("refilled", name, 1 + tankers, tankers, capacity, payload_kg, (payload_kg,),
                              fraction * capacity, None, None, "")

    # the fewest tankers that clear the margin's uncertainty; where none does, the fewest that fit
    option = next((o for o in map(with_tankers, range(fewest, max_tankers + 1)) if o.clear), None) \
        or with_tankers(fewest)
    more = (option.tankers or 0) - fewest
    extra = "" if more == 0 else \
        f" ({fewest} fit; {more} more clear{'s' if more == 1 else ''} the margin's uncertainty)"
    option.note = (f"lands itself after {option.tankers} tanker flights{extra}; it could land "
                   f"{option.capacity_kg / 1000:.1f} t")
    return Delivery("starship", refilled.ship.name, option.launches, option.tankers, None, payload_kg, None, None,
                    None, option.note, source, [option])
