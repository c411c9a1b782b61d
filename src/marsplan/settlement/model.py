"""The settlement campaign: a month-by-month Monte Carlo of ships, people, power and production.

Schedule.  Each scenario mission lands on its chosen transfer's arrival
date; after the last listed window, each later window (from the
trajectory survey) sends ``growth_factor`` times the ships of the one
before, up to ``max_ships_per_window``, a ``crew_share_after`` of them
crewed.  Each ship fails at launch with probability p_launch (crew stay on
Earth) and, once launched, at landing with p_land (its crew is lost);
draws are binomial per run.  A wave that its vehicle cannot fly (payload
beyond reach at the window's C3) never leaves, and one that enters faster
than its heat shield allows never lands.  With a crew gate, crews fly in a
window only if at least that share of the uncrewed ships of the last
earlier window landed before they leave (Musk, March 2025: crews in 2029
if the 2026 landings go well); otherwise they stay on Earth.  Landed
payload is split by the ship's manifest into habitat, power, ISRU,
life-support, industry and consumables (consumables: 35 % food, 25 %
water, 15 % oxygen, 25 % spares, marsplan's assumption).

Needs (``marsplan/data/settlement.toml``): oxygen, food and water per
person-day from NASA's Baseline Values and Assumptions Documents (Hanford
2004; Anderson et al. 2018); life-support hardware recycles water and
oxygen at its closure fractions for the people it covers; installed
equipment wears out at a yearly fraction (from the Mars One feasibility
study's ECLSS and ISRU component data where it has them) and is repaired
from spares.  Food is eaten as dry mass; a stock of shipped food weighs its
as-shipped mass (water content and packaging), so drawing one dry
kilogram from the stock takes 1.83 / 0.617 kg of it.

Production.  ISRU plants make water and oxygen, life-support growth
hardware food (dry mass), each at an output per tonne of equipment and an
energy per kilogram; production is cut back when power (installed kW/t
of the power hardware, less a base load per person) runs short.

Spares.  Local manufacturing is a Leontief plant: its capacity is the
lesser of what the machines make (output per tonne of industrial
equipment) and what the workers make (a workforce share of the people,
each with an output per year).  What it can make is limited further by its
range: of the spare-part mass the settlement's wear needs, only the share
``s = K / (K + K_half)`` is of part types an industrial base of K tonnes
can make at all.  Larger bases make more kinds of parts, so the share of
spares made locally grows with the campaign, not only with the manifest.

ISRU capacity and power left over make methane/oxygen propellant for ships
going home (energy per kg from :mod:`marsplan.vehicles.isru`), kept as a
stock of its own.

Self-sufficiency (the metric).  For each year, the mass of the
settlement's needs made locally over the mass of its needs (oxygen, water
and food after recycling, food counted at the as-shipped mass it saves,
plus spares for wear).  A year *qualifies* when that fraction reaches the
scenario's threshold, its stocks cover the remaining yearly deficits for
``survival_test_years`` with no ship from Earth (two synodic periods by
default), its landed habitat houses everyone (``habitat_people_per_t``;
until then crews live in the ships that brought them), **and** it has at
least ``min_population`` people: 110 by default, the minimum Salotti found
for a settlement to cover every activity survival needs ("Minimum number
of settlers for survival on another planet", Scientific Reports 10, 9700,
2020).  The settlement is *self-sustaining* from the first year after
which every year to the horizon qualifies: a settlement that qualifies
once and then falls back, or is lost, does not count.  It is *lost* the
month a stock of oxygen, water or food runs out: stocks are never allowed
to go negative silently.

Monte Carlo: all runs advance together as numpy arrays (vectorized over
runs), month by month; one seed gives the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.data import read_toml
from marsplan.errors import InputError
from marsplan.seeding import child_streams

__all__ = ["CampaignResult", "ShipWave", "run_campaign", "settlement_parameters"]

CLASSES = ("habitat", "power", "isru", "life_support", "industry")
CONSUMABLE_SPLIT = {"food": 0.35, "water": 0.25, "oxygen": 0.15, "spares": 0.25}
DAYS_PER_MONTH = 365.25 / 12.0
HOURS_PER_MONTH = DAYS_PER_MONTH * 24.0


def settlement_parameters() -> dict[str, Any]:
    """The parameters of ``marsplan/data/settlement.toml``."""
    return read_toml("settlement.toml")


@dataclass(frozen=True)
class ShipWave:
    """Ships of one kind landing in one month."""

    label: str
    kind: str
    ships: int
    crew_per_ship: int
    payload_t: float
    arrival_month: int
    manifest: dict[str, float]
    window: str = ""  # the departure window, for the crew gate
    departure_month: int | None = None
    can_fly: bool = True  # the vehicle reaches the window's C3 with this payload
    can_land: bool = True  # its entry speed is within the heat shield's limit


@dataclass
class CampaignResult:
    """Per-run, per-year arrays (runs, years) and per-run outcomes."""

    start_year: int
    runs: int
    seed: int
    population: np.ndarray
    self_sufficiency: np.ndarray
    power_kw: np.ndarray
    mass_delivered_t: np.ndarray
    propellant_t: np.ndarray  # methane/oxygen made on Mars, cumulative
    mass_sent_t: np.ndarray
    mass_lost_t: np.ndarray
    crew_sent: np.ndarray
    crew_arrived: np.ndarray
    crew_lost: np.ndarray  # in landing failures
    crew_not_launched: np.ndarray
    crew_died: np.ndarray  # after landing, when the settlement was lost
    lost_month: np.ndarray  # -1 if never lost
    self_sustaining_year: np.ndarray  # calendar year, or -1
    crew_landed: np.ndarray  # (runs, years): people landed alive in each calendar year
    qualifies: np.ndarray  # (runs, years): the year meets every self-sustaining condition

    def p_crew_lands_in(self, year: int) -> float:
        """Probability that a crew lands alive in calendar ``year``."""
        y = int(year) - self.start_year
        if not 0 <= y < self.crew_landed.shape[1]:
            return 0.0
        return float(np.mean(self.crew_landed[:, y] > 0))

    @property
    def years(self) -> np.ndarray:
        """Calendar year of each yearly column (its state at the year's end)."""
        return self.start_year + np.arange(self.population.shape[1])

    @property
    def p_lost(self) -> float:
        return float(np.mean(self.lost_month >= 0))

    @property
    def p_self_sustaining(self) -> float:
        return float(np.mean(self.self_sustaining_year >= 0))

    def year_percentiles(self) -> dict[str, int | None]:
        years = np.where(self.self_sustaining_year >= 0, self.self_sustaining_year, np.inf)
        out = {}
        for name, q in (("p10", 10), ("p50", 50), ("p90", 90)):
            value = np.percentile(years, q, method="lower")
            out[name] = int(value) if math.isfinite(value) else None
        return out

    def to_dict(self, scenario: str = "") -> dict[str, Any]:
        """The documented JSON form (``marsplan settle --format json``)."""
        return {
            "scenario": scenario,
            "runs": self.runs,
            "seed": self.seed,
            "horizon_year": int(self.years[-1]),
            "p_self_sustaining": self.p_self_sustaining,
            "p_lost": self.p_lost,
            "year_self_sustaining": self.year_percentiles(),
            "series": self.series(),
        }

    def series(self) -> dict[str, Any]:
        def pct(values):
            return {f"p{q}": np.round(np.percentile(values, q, axis=0), 4).tolist() for q in (10, 50, 90)}

        return {
            "year": [int(y) for y in self.years],
            "population": pct(self.population),
            "self_sufficiency": pct(self.self_sufficiency),
            "power_kw": pct(self.power_kw),
            "mass_delivered_t": pct(self.mass_delivered_t),
            "propellant_made_t": pct(self.propellant_t),
        }


CHUNK_RUNS = 2500
DEFAULT_PROPELLANT_KWH_PER_KG = 8.42  # marsplan.vehicles.isru's baseline at O/F 3.8


def run_campaign(waves: list[ShipWave], *, start_year: int, years: int, runs: int, seed: int,
                 p_launch: float, p_land: float, power_kw_per_t: float, threshold: float,
                 survival_years: float, min_population: int = 0, chunk_runs: int = CHUNK_RUNS,
                 propellant_kwh_per_kg: float = DEFAULT_PROPELLANT_KWH_PER_KG,
                 crew_gate_landed_fraction: float | None = None,
                 parameters: dict[str, Any] | None = None) -> CampaignResult:
    """Simulate ``runs`` futures of the campaign, month by month.

    Runs are split into independent chunks of ``chunk_runs``, each with its own child of
    ``SeedSequence(seed)`` (so chunks could run on separate workers); for a given chunk size
    the same seed gives the same numbers, and the first chunks do not change as runs grow.
    ``parameters`` replaces the model data of ``settlement.toml`` (same layout).
    """
    if runs < 1:
        raise InputError(f"runs = {runs}: must be >= 1")
    if chunk_runs < 1:
        raise InputError(f"chunk_runs = {chunk_runs}: must be >= 1")
    sizes = [min(chunk_runs, runs - k) for k in range(0, runs, chunk_runs)]
    streams = child_streams(seed, len(sizes))
    prm = settlement_parameters() if parameters is None else parameters
    parts = [_run_chunk(waves, start_year=start_year, years=years, runs=n, rng=np.random.default_rng(stream),
                        p_launch=p_launch, p_land=p_land, power_kw_per_t=power_kw_per_t, threshold=threshold,
                        survival_years=survival_years, min_population=min_population,
                        propellant_kwh_per_kg=propellant_kwh_per_kg, gate=crew_gate_landed_fraction, prm=prm)
             for n, stream in zip(sizes, streams, strict=True)]
    fields = [f for f in CampaignResult.__dataclass_fields__ if f not in ("start_year", "runs", "seed")]
    merged = {f: np.concatenate([getattr(p, f) for p in parts], axis=0) for f in fields}
    return CampaignResult(start_year=start_year, runs=runs, seed=seed, **merged)


def _run_chunk(waves: list[ShipWave], *, start_year: int, years: int, runs: int, rng: np.random.Generator,
               p_launch: float, p_land: float, power_kw_per_t: float, threshold: float,
               survival_years: float, min_population: int, propellant_kwh_per_kg: float,
               gate: float | None, prm: dict[str, Any]) -> CampaignResult:
    """One independent chunk of runs (a pure function of its inputs and its random stream)."""
    if years < 1:
        raise InputError(f"horizon of {years} years: must be >= 1")
    if not (0 <= p_launch <= 1 and 0 <= p_land <= 1):
        raise InputError("failure probabilities must be within 0 and 1")
    if gate is not None and not 0 <= gate <= 1:
        raise InputError(f"crew_gate_landed_fraction = {gate}: allowed 0 to 1")
    if not propellant_kwh_per_kg > 0:
        raise InputError(f"propellant_kwh_per_kg = {propellant_kwh_per_kg}: must be > 0")
    needs, closure, prod, wear, ind = prm["needs"], prm["closure"], prm["production"], prm["wear"], prm["industry"]
    months = years * 12
    by_month: dict[int, list[ShipWave]] = {}
    for wave in waves:
        if 0 <= wave.arrival_month < months and wave.ships > 0:
            by_month.setdefault(wave.arrival_month, []).append(wave)

    zeros = lambda: np.zeros(runs)  # noqa: E731 - a tiny factory for the state arrays
    crew = zeros()
    equipment = {c: zeros() for c in CLASSES}
    stock = {k: zeros() for k in ("oxygen", "water", "food", "spares")}  # food: as-shipped mass
    propellant = zeros()
    mass_landed, mass_sent, mass_lost = zeros(), zeros(), zeros()
    crew_sent, crew_arrived, crew_lost, crew_stayed, crew_died = zeros(), zeros(), zeros(), zeros(), zeros()
    alive = np.ones(runs, dtype=bool)
    lost_month = np.full(runs, -1)
    year_need, year_made = zeros(), zeros()
    year_deficit = {k: zeros() for k in stock}
    out_pop, out_ss, out_power, out_mass, out_prop, out_crew = (np.zeros((runs, years)) for _ in range(6))
    qualifies = np.zeros((runs, years), dtype=bool)
    # uncrewed landings per departure window: window -> [last arrival month, ships planned, ships landed]
    uncrewed: dict[str, list[Any]] = {}

    o2_pd = needs["oxygen_kg_per_person_day"] * DAYS_PER_MONTH / 1000.0
    water_pd = (needs["potable_water_kg_per_person_day"] + needs["hygiene_water_kg_per_person_day"]) \
        * DAYS_PER_MONTH / 1000.0
    food_pd = needs["food_dry_kg_per_person_day"] * DAYS_PER_MONTH / 1000.0
    shipped_per_dry = needs["food_as_shipped_kg_per_person_day"] / needs["food_dry_kg_per_person_day"]
    food_kwh_per_kg = prod["food_kwe_per_person"] * 24.0 / needs["food_dry_kg_per_person_day"]

    for m in range(months):
        for wave in by_month.get(m, ()):
            flies = np.full(runs, wave.can_fly)
            if wave.kind == "crew" and gate is not None:
                leave = wave.arrival_month if wave.departure_month is None else wave.departure_month
                earlier = [rec for w, rec in uncrewed.items() if w != wave.window and rec[0] < leave]
                if earlier:
                    _, planned, landed_before = max(earlier, key=lambda rec: rec[0])
                    flies &= landed_before >= gate * planned - 1e-9
                else:
                    flies[:] = False  # no uncrewed landing has shown the way yet
            ships = np.where(flies, wave.ships, 0)
            launched = rng.binomial(ships, 1.0 - p_launch)
            landed = rng.binomial(launched, 1.0 - p_land) if wave.can_land else np.zeros(runs, dtype=int)
            payload = landed * wave.payload_t
            mass_sent += ships * wave.payload_t
            mass_landed += payload
            mass_lost += (ships - landed) * wave.payload_t
            crew_sent += wave.ships * wave.crew_per_ship
            arrived = landed * wave.crew_per_ship
            crew_arrived += arrived
            crew_lost += (launched - landed) * wave.crew_per_ship
            crew_stayed += (wave.ships - launched) * wave.crew_per_ship
            # crews landing at a settlement already lost die with it
            crew_died += np.where(alive, 0, arrived)
            crew += np.where(alive, arrived, 0)
            out_crew[:, m // 12] += np.where(alive, arrived, 0)
            if wave.kind != "crew":
                rec = uncrewed.setdefault(wave.window or wave.label, [m, 0, np.zeros(runs)])
                rec[0], rec[1], rec[2] = max(rec[0], m), rec[1] + wave.ships, rec[2] + landed
            for c in CLASSES:
                equipment[c] += payload * wave.manifest.get(c, 0.0)
            for k, share in CONSUMABLE_SPLIT.items():
                stock[k] += payload * wave.manifest.get("consumables", 0.0) * share

        # needs this month, after recycling for the people life support covers (food as dry mass)
        cover = np.where(crew > 0, np.minimum(1.0, equipment["life_support"] * prod["life_support_people_per_t"]
                                              / np.maximum(crew, 1e-9)), 0.0)
        need = {
            "oxygen": crew * o2_pd * (1 - closure["oxygen"] * cover),
            "water": crew * water_pd * (1 - closure["water"] * cover),
            "food": crew * food_pd * (1 - closure["food"] * cover),
            "spares": sum(equipment[c] * wear[c] for c in CLASSES) / 12.0,
        }
        # what the equipment could make, then what power allows
        isru = equipment["isru"] * prod["isru_t_per_year_per_t"] / 12.0
        water_made = np.minimum(isru, need["water"])
        oxygen_made = np.minimum(isru - water_made, need["oxygen"])
        food_made = np.minimum(equipment["life_support"] * prod["food_t_per_year_per_t_life_support"] / 12.0,
                               need["food"])
        industry_t = equipment["industry"]
        capacity = np.minimum(industry_t * ind["output_t_per_year_per_t"],
                              crew * ind["workforce_share"] * ind["output_t_per_worker_year"]) / 12.0
        reach = industry_t / (industry_t + ind["half_range_industry_t"])
        spares_made = np.minimum(need["spares"] * reach, capacity)
        energy_kwh = 1000.0 * (water_made * prod["water_kwh_per_kg"] + oxygen_made * prod["oxygen_kwh_per_kg"]
                               + food_made * food_kwh_per_kg + spares_made * prod["spares_kwh_per_kg"])
        power_kw = equipment["power"] * power_kw_per_t
        spare_kw = np.maximum(power_kw - crew * prm["power"]["base_kw_per_person"], 0.0)
        scale = np.where(energy_kwh > 0, np.minimum(1.0, spare_kw * HOURS_PER_MONTH / np.maximum(energy_kwh, 1e-9)),
                         1.0)
        # what ISRU capacity and power are left make methane/oxygen propellant for ships going home
        left_kwh = np.maximum(spare_kw * HOURS_PER_MONTH - energy_kwh * scale, 0.0)
        propellant_made = np.minimum(np.maximum(isru - water_made - oxygen_made, 0.0),
                                     left_kwh / (1000.0 * propellant_kwh_per_kg))
        propellant += np.where(alive, propellant_made, 0.0)
        made = {"water": water_made * scale, "oxygen": oxygen_made * scale, "food": food_made * scale,
                "spares": spares_made * scale}
        # draw the rest from stocks (shipped food at its as-shipped mass); a stock of oxygen, water or
        # food running out loses the settlement
        short = np.zeros(runs, dtype=bool)
        for k in stock:
            deficit = (need[k] - made[k]) * (shipped_per_dry if k == "food" else 1.0)
            stock[k] -= deficit
            year_deficit[k] += deficit
            if k != "spares":
                short |= stock[k] < -1e-12
            stock[k] = np.maximum(stock[k], 0.0)
        # spares not on hand leave equipment unrepaired
        repaired = np.where(need["spares"] > 0, np.minimum(1.0, (stock["spares"] + made["spares"] + 1e-12)
                                                           / np.maximum(need["spares"], 1e-12)), 1.0)
        for c in CLASSES:
            equipment[c] *= 1.0 - wear[c] / 12.0 * (1.0 - repaired)
        newly_lost = short & alive & (crew > 0)
        lost_month = np.where(newly_lost, m, lost_month)
        alive &= ~newly_lost
        crew_died += np.where(newly_lost, crew, 0.0)
        crew = np.where(alive, crew, 0.0)
        # the metric counts food at the as-shipped mass that local food saves
        weight = {"food": shipped_per_dry}
        year_need += np.where(alive, sum(need[k] * weight.get(k, 1.0) for k in need), 0.0)
        year_made += np.where(alive, sum(made[k] * weight.get(k, 1.0) for k in made), 0.0)

        if m % 12 == 11:
            y = m // 12
            fraction = np.where(year_need > 0, year_made / np.maximum(year_need, 1e-12), 0.0)
            survives = np.ones(runs, dtype=bool)
            for k in stock:
                survives &= stock[k] >= np.maximum(year_deficit[k], 0.0) * survival_years
            housed = equipment["habitat"] * prod["habitat_people_per_t"] >= crew
            qualifies[:, y] = (alive & (crew > 0) & (crew >= min_population) & (fraction >= threshold) & survives
                               & housed)
            out_pop[:, y] = crew
            out_ss[:, y] = fraction
            out_power[:, y] = power_kw
            out_mass[:, y] = mass_landed
            out_prop[:, y] = propellant
            year_need[:] = 0.0
            year_made[:] = 0.0
            for k in year_deficit:
                year_deficit[k][:] = 0.0
    # self-sustaining from the first year after which every year to the horizon qualifies
    holds = np.flip(np.logical_and.accumulate(np.flip(qualifies, axis=1), axis=1), axis=1)
    first = np.argmax(holds, axis=1)
    sustaining_year = np.where(holds.any(axis=1), start_year + first, -1)
    return CampaignResult(start_year, runs, -1, out_pop, out_ss, out_power, out_mass, out_prop, mass_sent, mass_lost,
                          crew_sent, crew_arrived, crew_lost, crew_stayed, crew_died, lost_month, sustaining_year,
                          out_crew, qualifies)
