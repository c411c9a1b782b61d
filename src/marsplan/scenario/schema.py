"""The scenario schema (pydantic v2).

Every field has a unit in its name and a documented allowed range; unknown
keys are refused, so a typo never passes silently.

A campaign's end is its start plus its horizon (29 February falls back to the 28th), and a cargo
mission carries no crew:

>>> from marsplan.scenario.schema import Campaign, Mission
>>> Campaign(name="leap", title="From a leap day", start="2024-02-29", horizon_years=1).end
datetime.date(2025, 2, 28)
>>> Mission(name="Cargo 2026", opportunity=2026, kind="cargo", ships=1, crew_per_ship=6)
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Mission
  Value error, a cargo mission carries no crew: set crew_per_ship = 0 or kind = 'crew' ...
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from marsplan.astro.bodies import BODIES
from marsplan.power.spec import ReactorSpec as Reactor
from marsplan.validation import StrictModel
from marsplan.vehicles.spec import Source, VehicleSpec

__all__ = [
    "Campaign",
    "Claim",
    "CrewOptions",
    "FleetOptions",
    "Milestone",
    "Mission",
    "PowerOptions",
    "Manifest",
    "Reactor",
    "Scenario",
    "SettlementOptions",
    "Source",
    "TrajectoryOptions",
    "TugPlan",
    "VehicleSpec",
]

Body = Literal[BODIES]  # type: ignore[valid-type]


def _iso_date(value: object) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError("expected an ISO 8601 date like 2026-11-05") from None


class Campaign(StrictModel):
    """What is planned, from where to where, and over which span."""

    name: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._-]+$")]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: str = ""
    origin: Body = "earth"
    destination: Body = "mars"
    start: _dt.date = Field(description="first day of the campaign (UTC)")
    horizon_years: Annotated[int, Field(ge=1, le=60)] = 20
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 1

    _check_start = field_validator("start", mode="before")(_iso_date)

    @model_validator(mode="after")
    def _distinct_bodies(self) -> Campaign:
        if self.origin == self.destination:
            raise ValueError("origin and destination must differ")
        return self

    @property
    def end(self) -> _dt.date:
        """Last day of the campaign: ``start`` plus ``horizon_years``."""
        try:
            return self.start.replace(year=self.start.year + self.horizon_years)
        except ValueError:  # 29 February
            return self.start.replace(year=self.start.year + self.horizon_years, day=28)


class Mission(StrictModel):
    """Ships sent in one launch opportunity (named by its departure year)."""

    name: Annotated[str, Field(min_length=1, max_length=80)]
    opportunity: Annotated[int, Field(ge=1990, le=2200, description="departure year of the window")]
    kind: Literal["cargo", "crew"]
    ships: Annotated[int, Field(ge=0, le=10_000)]
    crew_per_ship: Annotated[int, Field(ge=0, le=200)] = 0
    payload_t_per_ship: Annotated[float, Field(ge=0.0, le=1_000.0)] = 100.0
    note: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _crew_only_on_crew_missions(self) -> Mission:
        if self.kind == "cargo" and self.crew_per_ship:
            raise ValueError("a cargo mission carries no crew: set crew_per_ship = 0 or kind = 'crew'")
        if self.kind == "crew" and self.ships and not self.crew_per_ship:
            raise ValueError("a crew mission needs crew_per_ship >= 1")
        return self


class PowerOptions(StrictModel):
    """Surface power: the base load and the options compared."""

    site: Annotated[str, Field(min_length=1, max_length=80)] = "arcadia-planitia"
    base_load_kw: Annotated[float, Field(gt=0.0, le=1_000_000.0)] = 40.0
    partner_reactor: Reactor | None = None
    alternative: Literal["solar+battery", "solar+fuel-cell", "none"] = "solar+battery"
    isru_t_per_year: Annotated[float | None, Field(ge=0.0, le=1e6)] = None
    runs: Annotated[int, Field(ge=1, le=10_000)] = 60


class TrajectoryOptions(StrictModel):
    """How launch windows are searched and which transfers are chosen."""

    tof_days_min: Annotated[float, Field(gt=0.0, le=3000.0)] = 100.0
    tof_days_max: Annotated[float, Field(gt=0.0, le=3000.0)] = 450.0
    max_c3_km2_s2: Annotated[float, Field(gt=0.0, le=200.0)] = 20.0
    parking_alt_km: Annotated[float, Field(ge=100.0, le=100_000.0)] = 250.0
    capture: Literal["propulsive", "aerocapture"] = "aerocapture"
    # how a crew wave picks its transfer: of each type, the lowest-C3 transfer (over the window's dates) within
    # the C3 limit, the crew's flight-time limit and the ship's entry-speed limit less the crew's entry margin;
    # then "fastest-type" the faster of the two, "best-margin" the one entering furthest below the limit,
    # "min-c3" the lower C3
    crew_transfer: Literal["fastest-type", "best-margin", "min-c3"] = "fastest-type"
    # the longest flight a crew may take (days; None: the survey's tof_days_max)
    crew_max_tof_days: Annotated[float | None, Field(gt=0.0, le=3000.0)] = None
    # how far below the ship's entry-speed limit a crew must enter (km/s): marsplan's assumption, about the
    # entry-speed dispersion of navigation and atmosphere (plausible 0 to 0.3 km/s)
    crew_entry_margin_km_s: Annotated[float, Field(ge=0.0, le=3.0)] = 0.1

    @model_validator(mode="after")
    def _ordered(self) -> TrajectoryOptions:
        if self.tof_days_max < self.tof_days_min:
            raise ValueError(
                f"tof_days_max = {self.tof_days_max:g} is below tof_days_min = {self.tof_days_min:g}"
            )
        return self


class FleetOptions(StrictModel):
    """How ships are refilled and launched, and what comes back."""

    ship: Annotated[str, Field(min_length=1)] = "starship"
    tanker: Annotated[str, Field(min_length=1)] = "starship-tanker"
    site: Annotated[str, Field(min_length=1)] = "starbase"
    parking_orbit: Literal["leo", "high-elliptic"] = "leo"
    high_orbit_apoapsis_alt_km: Annotated[float, Field(gt=250.0, le=400_000.0)] = 35_786.0
    boiloff_fraction_per_day: Annotated[float, Field(ge=0.0, le=0.1)] = 0.001
    days_in_orbit: Annotated[float, Field(ge=0.0, le=1000.0)] = 60.0
    # a depot-style campaign: tankers fly one every N days (the ship then waits tankers x N days), and the
    # storage choice sets the boil-off (marsplan.vehicles.depot.BOILOFF_PER_DAY); None keeps the two above
    tanker_cadence_days: Annotated[float | None, Field(ge=0.0, le=365.0)] = None
    storage: Literal["passive", "active"] | None = None
    transfer_loss_fraction: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.02
    max_tankers_per_ship: Annotated[int, Field(ge=0, le=200)] = 10
    return_payload_t: Annotated[float, Field(ge=0.0, le=10_000.0)] = 50.0
    launch_failure_probability: Annotated[float, Field(ge=0.0, le=1.0)] = 0.02
    landing_failure_probability: Annotated[float, Field(ge=0.0, le=1.0)] = 0.05
    # launch rate: the sites whose pads launch the ships and tankers (None: `site` alone), and the pads per
    # site and days one pad needs between launches (None: each site's figures in marsplan/data/sites.toml;
    # set, they replace them at every launch site)
    launch_sites: list[Annotated[str, Field(min_length=1, max_length=60)]] | None = Field(default=None,
                                                                                          max_length=20)
    pads: Annotated[int | None, Field(ge=1, le=1000)] = None
    pad_turnaround_days: Annotated[float | None, Field(gt=0.0, le=365.0)] = None
    # ships whose launches do not fit their window's slots: "wait" for the next window, or "drop"
    unlaunched: Literal["wait", "drop"] = "wait"
    # crews fly in a window only if this share of the uncrewed ships of the last earlier window landed
    crew_gate_landed_fraction: Annotated[float, Field(ge=0.0, le=1.0)] = 0.8


class Manifest(StrictModel):
    """Share of a ship's payload mass by class (the shares must add up to 1)."""

    habitat: Annotated[float, Field(ge=0.0, le=1.0)] = 0.2
    power: Annotated[float, Field(ge=0.0, le=1.0)] = 0.2
    isru: Annotated[float, Field(ge=0.0, le=1.0)] = 0.15
    life_support: Annotated[float, Field(ge=0.0, le=1.0)] = 0.15
    industry: Annotated[float, Field(ge=0.0, le=1.0)] = 0.15
    consumables: Annotated[float, Field(ge=0.0, le=1.0)] = 0.15

    @model_validator(mode="after")
    def _sums_to_one(self) -> Manifest:
        total = sum(self.model_dump().values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"manifest shares add up to {total:g}; they must add up to 1")
        return self


ManifestClass = Literal["habitat", "power", "isru", "life_support", "industry", "consumables"]
Fraction01 = Annotated[float, Field(ge=0.0, le=1.0)]


class SettlementOptions(StrictModel):
    """How the settlement grows after the listed missions and what counts as self-sustaining."""

    self_sufficiency_threshold: Annotated[float, Field(gt=0.0, le=1.0)] = 0.9
    survival_test_years: Annotated[float, Field(ge=0.0, le=50.0)] = 4.3
    min_population: Annotated[int, Field(ge=0, le=1_000_000)] = 110
    growth_factor: Annotated[float, Field(ge=0.0, le=10.0)] = 1.5
    crew_share_after: Annotated[float, Field(ge=0.0, le=1.0)] = 0.3
    max_ships_per_window: Annotated[int, Field(ge=0, le=100_000)] = 200
    runs: Annotated[int, Field(ge=1, le=1_000_000)] = 2000
    # reactors reach the end of their life (the partner reactor's lifetime_years) and are retired; replacements
    # come from Earth in later cargo unless the settlement can rebuild them from locally made parts
    settlement_makes_reactors: bool = False
    # the city claim's verdict over the assumption ranges of settlement.toml: plausible worlds sampled (0: off)
    # and Monte Carlo runs in each
    assumption_worlds: Annotated[int, Field(ge=0, le=4096)] = 64
    runs_per_world: Annotated[int, Field(ge=1, le=100_000)] = 200
    cargo_manifest: Manifest = Manifest()
    crew_manifest: Manifest = Manifest(habitat=0.25, power=0.05, isru=0.0, life_support=0.2, industry=0.1,
                                       consumables=0.4)
    # plausible ranges of manifest shares that are the scenario's own choices (class -> [low, high]): the city
    # claim's plausible worlds draw them too (the other classes keep their proportions)
    cargo_manifest_ranges: dict[ManifestClass, tuple[Fraction01, Fraction01]] = Field(default_factory=dict)
    crew_manifest_ranges: dict[ManifestClass, tuple[Fraction01, Fraction01]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ranges_ordered(self) -> SettlementOptions:
        for kind in ("cargo", "crew"):
            ranges = getattr(self, f"{kind}_manifest_ranges")
            for name, (low, high) in ranges.items():
                if low > high:
                    raise ValueError(f"{kind}_manifest_ranges.{name} = [{low:g}, {high:g}]: low above high")
            if sum(low for low, _ in ranges.values()) > 1.0 + 1e-9:
                raise ValueError(f"{kind}_manifest_ranges: the lows add up to more than 1")
        return self


class CrewOptions(StrictModel):
    """How a crew wave is judged (marsplan.crew; figures cited in marsplan/data/crew.toml)."""

    # the career dose limit a crew's mission must stay under (mSv): NASA's 600 by default (NASA-STD-3001);
    # ESA, Roscosmos and CSA use 1,000
    career_limit_msv: Annotated[float, Field(gt=0.0, le=10_000.0)] = 600.0
    # the probability, over the dose's uncertainty, with which the mission must stay under the limit
    dose_probability: Annotated[float, Field(ge=0.5, le=0.999)] = 0.9
    # the crew deck's shielding (g/cm2) and whether the crew shelters from solar particle events in deep space
    shielding_g_cm2: Annotated[float, Field(ge=0.0, le=1_000.0)] = 20.0
    storm_shelter: bool = True
    # the mission whose dose counts: out, the stay until the first return window, back ("round-trip"), or out and
    # `one_way_surface_years` on Mars ("one-way": settlers)
    mission: Literal["round-trip", "one-way"] = "round-trip"
    one_way_surface_years: Annotated[float, Field(ge=0.0, le=50.0)] = 2.0
    # the fastest Earth entry allowed for a return or an abort (km/s): the record of a returned capsule,
    # Stardust's 12.9 km/s, by default
    earth_entry_limit_km_s: Annotated[float, Field(gt=0.0, le=30.0)] = 12.9
    # an abort: a ballistic free return launching within 60 days of the crew's departure, home within this long,
    # at a launch C3 the ship reaches (None: the trajectory's max_c3_km2_s2); or a flyby of the target from the
    # crew's own transfer whose burn is at most abort_max_flyby_dv_km_s (marsplan's assumption: about what a
    # Starship keeps for landing; plausible 0.3-1 km/s)
    abort_max_days: Annotated[float, Field(gt=60.0, le=3_000.0)] = 1_000.0
    abort_max_c3_km2_s2: Annotated[float | None, Field(gt=0.0, le=200.0)] = None
    abort_max_flyby_dv_km_s: Annotated[float, Field(ge=0.0, le=10.0)] = 0.5
    # Monte Carlo draws of each dose's uncertainty
    dose_samples: Annotated[int, Field(ge=100, le=200_000)] = 4_000


class Claim(StrictModel):
    """A public claim and the computable test marsplan puts it to."""

    text: Annotated[str, Field(min_length=1, max_length=500)]
    source: str = ""
    test: Literal["departure_before", "crew_lands_in", "crew_likelier_in", "reactor_base_load_through_storm",
                  "self_sustaining_within", "lunar_reactor_through_night", "sites_reach_inclination",
                  "lunar_reactor_delivered_by", "tug_delivers", "crew_follows_cargo"]
    date: _dt.date | None = None
    year: Annotated[int | None, Field(ge=1990, le=2200)] = None
    # crew_likelier_in: the year compared against
    than_year: Annotated[int | None, Field(ge=1990, le=2200)] = None
    years: Annotated[float | None, Field(gt=0.0, le=100.0)] = None
    # crew_follows_cargo: crews land this many years (from, to) after the first cargo ships leave
    years_after: tuple[Annotated[int, Field(ge=0, le=100)], Annotated[int, Field(ge=0, le=100)]] | None = None
    load_kw: Annotated[float | None, Field(gt=0.0, le=1e6)] = None
    # lunar_reactor_through_night: which reactor of the power catalog, and how many units
    reactor: Annotated[str, Field(min_length=1, max_length=60)] = "fsp-40"
    units: Annotated[int, Field(ge=1, le=1000)] = 1
    # lunar_reactor_through_night: the surface site of the power-site catalog whose darkness counts
    site: Annotated[str | None, Field(min_length=1, max_length=60)] = None
    # sites_reach_inclination: launch sites of the site catalog, and the target orbit's inclination
    sites: list[Annotated[str, Field(min_length=1, max_length=60)]] | None = None
    inclination_deg: Annotated[float | None, Field(ge=0.0, le=180.0)] = None
    # lunar_reactor_delivered_by: the unit's mass (t) and the vehicles (ids of moon.toml's launchers, "starship");
    # tug_delivers: the cargo (t) the scenario's [tug] must deliver to Mars orbit within `years` of activation
    mass_t: Annotated[float | None, Field(gt=0.0, le=200.0)] = None
    vehicles: list[Annotated[str, Field(min_length=1, max_length=60)]] | None = None

    _check_date = field_validator("date", mode="before")(lambda v: None if v is None else _iso_date(v))

    @model_validator(mode="after")
    def _has_parameters(self) -> Claim:
        needed = {"departure_before": ("date",), "crew_lands_in": ("year",), "self_sustaining_within": ("years",),
                  "sites_reach_inclination": ("sites", "inclination_deg"), "lunar_reactor_through_night": ("site",),
                  "crew_likelier_in": ("year", "than_year"),
                  "lunar_reactor_delivered_by": ("year", "mass_t", "vehicles", "site"),
                  "tug_delivers": ("mass_t", "years"), "crew_follows_cargo": ("years_after",)}
        for name in needed.get(self.test, ()):
            if getattr(self, name) in (None, []):
                raise ValueError(f"claim test {self.test!r} needs {name}")
        if self.years_after is not None and self.years_after[0] > self.years_after[1]:
            raise ValueError(f"years_after = {list(self.years_after)}: the first must not exceed the second")
        return self


class Milestone(StrictModel):
    """A key date of the campaign, marked on the report's figures."""

    name: Annotated[str, Field(min_length=1, max_length=80)]
    date: _dt.date
    note: str = ""

    _check_date = field_validator("date", mode="before")(_iso_date)


class TugPlan(StrictModel):
    """A nuclear-electric cargo tug of the tug catalog (``marsplan/data/tugs.toml``) and its trip to Mars orbit."""

    id: Annotated[str, Field(min_length=1, max_length=60)]
    # tug + propellant + cargo at the activation orbit (t)
    stack_t: Annotated[float, Field(gt=0.0, le=10_000.0)]
    # the year the tug leaves Earth's sphere of influence (the heliocentric leg's departure window)
    escape_year: Annotated[int, Field(ge=1990, le=2200)]
    tof_days: tuple[Annotated[float, Field(ge=20.0, le=3000.0)], Annotated[float, Field(ge=20.0, le=3000.0)]] = (
        200.0, 500.0)
    mars_orbit_alt_km: Annotated[float, Field(ge=100.0, le=100_000.0)] = 500.0

    @model_validator(mode="after")
    def _ordered(self) -> TugPlan:
        if self.tof_days[0] > self.tof_days[1]:
            raise ValueError(f"tof_days = {list(self.tof_days)}: the first must not exceed the second")
        return self


class Scenario(StrictModel):
    """A whole campaign scenario, as read from a TOML file."""

    campaign: Campaign
    missions: list[Mission] = Field(default_factory=list)
    trajectory: TrajectoryOptions = TrajectoryOptions()
    fleet: FleetOptions = FleetOptions()
    vehicles: list[VehicleSpec] = Field(default_factory=list)
    power: PowerOptions = PowerOptions()
    milestones: list[Milestone] = Field(default_factory=list)
    settlement: SettlementOptions = SettlementOptions()
    claims: list[Claim] = Field(default_factory=list)
    tug: TugPlan | None = None
    crew: CrewOptions = CrewOptions()

    @model_validator(mode="after")
    def _inside_horizon(self) -> Scenario:
        first, last = self.campaign.start.year, self.campaign.end.year
        for i, mission in enumerate(self.missions):
            if not first <= mission.opportunity <= last:
                raise ValueError(
                    f"missions[{i}].opportunity = {mission.opportunity} is outside the campaign "
                    f"span (allowed {first} to {last})"
                )
        for i, milestone in enumerate(self.milestones):
            if not self.campaign.start <= milestone.date <= self.campaign.end:
                raise ValueError(
                    f"milestones[{i}].date = {milestone.date} is outside the campaign span "
                    f"(allowed {self.campaign.start} to {self.campaign.end})"
                )
        if self.tug is None and any(c.test == "tug_delivers" for c in self.claims):
            raise ValueError("a tug_delivers claim needs a [tug] section naming the tug")
        return self

    @property
    def name(self) -> str:
        return self.campaign.name
