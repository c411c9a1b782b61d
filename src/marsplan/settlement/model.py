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

Monte Carlo: the random draws (which ships fly, launch and land) come
first, wave by wave in landing order, from the chunk's own random stream;
then a compiled loop (numba, runs in parallel) steps every run month by
month.  One seed gives the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numba as nb
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
    launches_per_ship: int = 1  # the ship's own launch and its tankers'


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


def _draw_waves(waves: list[ShipWave], months: int, runs: int, rng: np.random.Generator, p_launch: float,
                p_land: float, gate: float | None) -> tuple[list[ShipWave], np.ndarray, np.ndarray, np.ndarray]:
    """The random part of a chunk: for each wave landing inside the horizon (in landing order), the ships
    that fly (after the crew gate), launch and land in every run."""
    order = sorted((w for w in waves if 0 <= w.arrival_month < months and w.ships > 0),
                   key=lambda w: w.arrival_month)
    flown = np.zeros((len(order), runs), dtype=np.int64)
    launched = np.zeros_like(flown)
    landed = np.zeros_like(flown)
    # uncrewed landings per departure window: window -> [last arrival month, ships planned, ships landed]
    uncrewed: dict[str, list[Any]] = {}
    for k, wave in enumerate(order):
        flies = np.full(runs, wave.can_fly)
        if wave.kind == "crew" and gate is not None:
            leave = wave.arrival_month if wave.departure_month is None else wave.departure_month
            earlier = [rec for w, rec in uncrewed.items() if w != wave.window and rec[0] < leave]
            if earlier:
                _, planned, landed_before = max(earlier, key=lambda rec: rec[0])
                flies &= landed_before >= gate * planned - 1e-9
            else:
                flies[:] = False  # no uncrewed landing has shown the way yet
        flown[k] = np.where(flies, wave.ships, 0)
        launched[k] = rng.binomial(flown[k], 1.0 - p_launch)
        landed[k] = rng.binomial(launched[k], 1.0 - p_land) if wave.can_land else 0
        if wave.kind != "crew":
            rec = uncrewed.setdefault(wave.window or wave.label, [wave.arrival_month, 0, np.zeros(runs)])
            rec[0], rec[1], rec[2] = max(rec[0], wave.arrival_month), rec[1] + wave.ships, rec[2] + landed[k]
    return order, flown, launched, landed


@nb.njit(cache=True, parallel=True, error_model="numpy")
def _months_kernel(arrival, payload_t, crew_per_ship, planned, manifest, flown, launched, landed, months,
                   prm, wear, split, threshold, survival_years, min_population, out_pop, out_ss, out_power,
                   out_mass, out_prop, out_crew, qualifies, totals, lost_month):
    """The deterministic month loop of every run (see the module docstring); runs in parallel.

    ``prm``: o2, water, food (t per person-month), closure o2/water/food, life-support people per t,
    ISRU t/yr per t, food t/yr per t, industry t/yr per t, workforce share, t per worker-year, K_half,
    kWh/kg water/o2/food/spares/propellant, power kW/t, base kW per person, shipped/dry food, habitat
    people per t.  ``manifest`` columns: habitat, power, isru, life_support, industry, consumables.
    ``totals`` columns: mass sent, landed, lost; crew sent, arrived, lost, stayed, died.
    """
    n_waves = arrival.shape[0]
    runs = flown.shape[1]
    hours = 365.25 * 24.0 / 12.0
    for r in nb.prange(runs):
        crew = 0.0
        eq = np.zeros(5)
        stock = np.zeros(4)  # oxygen, water, food (as shipped), spares
        deficit_year = np.zeros(4)
        need = np.zeros(4)
        made = np.zeros(4)
        propellant = 0.0
        alive = True
        year_need = 0.0
        year_made = 0.0
        w = 0
        for m in range(months):
            while w < n_waves and arrival[w] == m:
                got = landed[w, r] * payload_t[w]
                totals[r, 0] += flown[w, r] * payload_t[w]
                totals[r, 1] += got
                totals[r, 2] += (flown[w, r] - landed[w, r]) * payload_t[w]
                totals[r, 3] += planned[w] * crew_per_ship[w]
                arrived = landed[w, r] * crew_per_ship[w]
                totals[r, 4] += arrived
                totals[r, 5] += (launched[w, r] - landed[w, r]) * crew_per_ship[w]
                totals[r, 6] += (planned[w] - launched[w, r]) * crew_per_ship[w]
                if alive:
                    crew += arrived
                    out_crew[r, m // 12] += arrived
                else:
                    totals[r, 7] += arrived
                for c in range(5):
                    eq[c] += got * manifest[w, c]
                for k in range(4):
                    stock[k] += got * manifest[w, 5] * split[k]
                w += 1
            cover = 0.0
            if crew > 0:
                cover = min(1.0, eq[3] * prm[6] / max(crew, 1e-9))
            need[0] = crew * prm[0] * (1 - prm[3] * cover)
            need[1] = crew * prm[1] * (1 - prm[4] * cover)
            need[2] = crew * prm[2] * (1 - prm[5] * cover)
            worn = 0.0
            for c in range(5):
                worn += eq[c] * wear[c]
            need[3] = worn / 12.0
            isru = eq[2] * prm[7] / 12.0
            water_made = min(isru, need[1])
            oxygen_made = min(isru - water_made, need[0])
            food_made = min(eq[3] * prm[8] / 12.0, need[2])
            industry = eq[4]
            capacity = min(industry * prm[9], crew * prm[10] * prm[11]) / 12.0
            reach = industry / (industry + prm[12])
            spares_made = min(need[3] * reach, capacity)
            energy = 1000.0 * (water_made * prm[13] + oxygen_made * prm[14] + food_made * prm[15]
                               + spares_made * prm[16])
            power_kw = eq[1] * prm[18]
            spare_kw = max(power_kw - crew * prm[19], 0.0)
            scale = 1.0
            if energy > 0:
                scale = min(1.0, spare_kw * hours / max(energy, 1e-9))
            left = max(spare_kw * hours - energy * scale, 0.0)
            prop_made = min(max(isru - water_made - oxygen_made, 0.0), left / (1000.0 * prm[17]))
            if alive:
                propellant += prop_made
            made[0] = oxygen_made * scale
            made[1] = water_made * scale
            made[2] = food_made * scale
            made[3] = spares_made * scale
            short = False
            for k in range(4):
                d = need[k] - made[k]
                if k == 2:
                    d *= prm[20]
                stock[k] -= d
                deficit_year[k] += d
                if k != 3 and stock[k] < -1e-12:
                    short = True
                if stock[k] < 0.0:
                    stock[k] = 0.0
            repaired = 1.0
            if need[3] > 0:
                repaired = min(1.0, (stock[3] + made[3] + 1e-12) / max(need[3], 1e-12))
            for c in range(5):
                eq[c] *= 1.0 - wear[c] / 12.0 * (1.0 - repaired)
            if short and alive and crew > 0:
                lost_month[r] = m
                alive = False
                totals[r, 7] += crew
            if not alive:
                crew = 0.0
            else:
                year_need += need[0] + need[1] + need[2] * prm[20] + need[3]
                year_made += made[0] + made[1] + made[2] * prm[20] + made[3]
            if m % 12 == 11:
                y = m // 12
                fraction = year_made / max(year_need, 1e-12) if year_need > 0 else 0.0
                survives = True
                for k in range(4):
                    if stock[k] < max(deficit_year[k], 0.0) * survival_years:
                        survives = False
                housed = eq[0] * prm[21] >= crew
                qualifies[r, y] = (alive and crew > 0 and crew >= min_population and fraction >= threshold
                                   and survives and housed)
                out_pop[r, y] = crew
                out_ss[r, y] = fraction
                out_power[r, y] = power_kw
                out_mass[r, y] = totals[r, 1]
                out_prop[r, y] = propellant
                year_need = 0.0
                year_made = 0.0
                for k in range(4):
                    deficit_year[k] = 0.0


def _run_chunk(waves: list[ShipWave], *, start_year: int, years: int, runs: int, rng: np.random.Generator,
               p_launch: float, p_land: float, power_kw_per_t: float, threshold: float,
               survival_years: float, min_population: int, propellant_kwh_per_kg: float,
               gate: float | None, prm: dict[str, Any]) -> CampaignResult:
    """One independent chunk of runs (a pure function of its inputs and its random stream): the random
    draws in numpy, then the compiled month loop."""
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
    order, flown, launched, landed = _draw_waves(waves, months, runs, rng, p_launch, p_land, gate)
    per_month = DAYS_PER_MONTH / 1000.0
    params = np.array([
        needs["oxygen_kg_per_person_day"] * per_month,
        (needs["potable_water_kg_per_person_day"] + needs["hygiene_water_kg_per_person_day"]) * per_month,
        needs["food_dry_kg_per_person_day"] * per_month,
        closure["oxygen"], closure["water"], closure["food"],
        prod["life_support_people_per_t"], prod["isru_t_per_year_per_t"], prod["food_t_per_year_per_t_life_support"],
        ind["output_t_per_year_per_t"], ind["workforce_share"], ind["output_t_per_worker_year"],
        ind["half_range_industry_t"],
        prod["water_kwh_per_kg"], prod["oxygen_kwh_per_kg"],
        prod["food_kwe_per_person"] * 24.0 / needs["food_dry_kg_per_person_day"],
        prod["spares_kwh_per_kg"], propellant_kwh_per_kg, power_kw_per_t, prm["power"]["base_kw_per_person"],
        needs["food_as_shipped_kg_per_person_day"] / needs["food_dry_kg_per_person_day"],
        prod["habitat_people_per_t"],
    ])
    manifest = np.array([[w.manifest.get(c, 0.0) for c in (*CLASSES, "consumables")] for w in order]).reshape(
        len(order), 6)
    out_pop, out_ss, out_power, out_mass, out_prop, out_crew = (np.zeros((runs, years)) for _ in range(6))
    qualifies = np.zeros((runs, years), dtype=np.bool_)
    totals = np.zeros((runs, 8))
    lost_month = np.full(runs, -1, dtype=np.int64)
    _months_kernel(np.array([w.arrival_month for w in order], dtype=np.int64),
                   np.array([w.payload_t for w in order], dtype=np.float64),
                   np.array([w.crew_per_ship for w in order], dtype=np.float64),
                   np.array([w.ships for w in order], dtype=np.float64), manifest,
                   flown.astype(np.float64), launched.astype(np.float64), landed.astype(np.float64), months, params,
                   np.array([wear[c] for c in CLASSES]),
                   np.array([CONSUMABLE_SPLIT[k] for k in ("oxygen", "water", "food", "spares")]),
                   float(threshold), float(survival_years), float(min_population), out_pop, out_ss, out_power,
                   out_mass, out_prop, out_crew, qualifies, totals, lost_month)
    # self-sustaining from the first year after which every year to the horizon qualifies
    holds = np.flip(np.logical_and.accumulate(np.flip(qualifies, axis=1), axis=1), axis=1)
    first = np.argmax(holds, axis=1)
    sustaining_year = np.where(holds.any(axis=1), start_year + first, -1)
    return CampaignResult(start_year, runs, -1, out_pop, out_ss, out_power, out_mass, out_prop, totals[:, 0],
                          totals[:, 2], totals[:, 3], totals[:, 4], totals[:, 5], totals[:, 6], totals[:, 7],
                          lost_month, sustaining_year, out_crew, qualifies)
