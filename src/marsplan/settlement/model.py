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

End of life.  Power hardware (the reactors) lands with a life (the partner reactor's
``lifetime_years``): that long after a ship lands its power hardware, what wear left of it, is retired.
Only power that later ships bring replaces it, unless the scenario says the settlement makes its own
reactors: then the retired mass is rebuilt from the industry's capacity that spares leave, within the
industry's range (the share K / (K + K_half) of the part types it can make), at the spares' energy
per kilogram.  (Rebuilt units are not retired again within the horizon.)

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

Monte Carlo: each run takes two uniforms per wave from its chunk's own
random stream; a compiled loop (numba, runs in parallel) turns them into
binomial draws of the ships that fly, launch and land (wave by wave in
landing order, by inverting the binomial CDF) and steps the run month by
month.  One seed gives the same numbers on any number of threads.

Ten 100 t cargo ships and two crew ships of six: with no failures every run lands 1,100 t and 12 people;
with 2 % launch and 5 % landing failures a ship lands with probability 0.98 x 0.95 = 0.931, so the
2,000 runs average near 1,024 t and 11.2 people:

Why one module (about 600 lines): the Monte Carlo's inputs (ship waves), its compiled month-by-month kernel
and its result (with every run kept) share the kernel's named slots; splitting them would spread one model
over three files.

>>> from marsplan.settlement.model import ShipWave, run_campaign
>>> cargo = {"habitat": 0.25, "power": 0.2, "isru": 0.15, "life_support": 0.1, "industry": 0.15,
...          "consumables": 0.15}
>>> crew = {"habitat": 0.25, "power": 0.05, "isru": 0.0, "life_support": 0.2, "industry": 0.1, "consumables": 0.4}
>>> waves = [ShipWave("Cargo 2026", "cargo", 10, 0, 100.0, arrival_month=19, manifest=cargo),
...          ShipWave("Crew 2028", "crew", 2, 6, 50.0, arrival_month=44, manifest=crew)]
>>> def run(p_launch, p_land, runs):
...     return run_campaign(waves, start_year=2026, years=6, runs=runs, seed=1, p_launch=p_launch, p_land=p_land,
...                         power_kw_per_t=40 / 6, threshold=0.9, survival_years=4.3)
>>> sure = run(0.0, 0.0, runs=10)
>>> set(sure.mass_delivered_t[:, -1].tolist()), set(sure.population[:, -1].tolist()), sure.p_crew_lands_in(2029)
({1100.0}, {12.0}, 1.0)
>>> risky = run(0.02, 0.05, runs=2000)
>>> round(float(risky.mass_delivered_t[:, -1].mean())), round(float(risky.population[:, -1].mean()), 1)
(1028, 11.2)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numba as nb
import numpy as np

from marsplan.errors import InputError
from marsplan.seeding import binomial_by_inversion, child_streams
from marsplan.settlement.parameters import settlement_parameters
from marsplan.threads import twin

__all__ = ["CampaignResult", "ShipWave", "run_campaign"]

CLASSES = ("habitat", "power", "isru", "life_support", "industry")
CONSUMABLE_SPLIT = {"food": 0.35, "water": 0.25, "oxygen": 0.15, "spares": 0.25}
DAYS_PER_MONTH = 365.25 / 12.0
HOURS_PER_MONTH = DAYS_PER_MONTH * 24.0


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

    def p_crew_lands_between(self, first_year: int, last_year: int) -> float:
        """Probability that a crew lands alive in some calendar year from ``first_year`` to ``last_year``."""
        a = max(int(first_year) - self.start_year, 0)
        b = min(int(last_year) - self.start_year, self.crew_landed.shape[1] - 1)
        if b < a:
            return 0.0
        return float(np.mean(np.any(self.crew_landed[:, a:b + 1] > 0, axis=1)))

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

    def at_horizon(self) -> dict[str, dict[str, float]]:
        """P10, P50 (median), P90 and mean over the runs of the quantities the report quotes: people and
        propellant made at the horizon, crew sent, arrived and lost in landings."""
        values = {"people": self.population[:, -1], "propellant_made_t": self.propellant_t[:, -1],
                  "crew_sent": self.crew_sent, "crew_arrived": self.crew_arrived, "crew_lost": self.crew_lost}
        return {name: {**{f"p{q}": float(np.percentile(v, q)) for q in (10, 50, 90)}, "mean": float(np.mean(v))}
                for name, v in values.items()}

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
                 parameters: dict[str, Any] | None = None, power_life_years: float | None = None,
                 rebuild_power_locally: bool = False) -> CampaignResult:
    """Simulate ``runs`` futures of the campaign, month by month.

    Runs are split into independent chunks of ``chunk_runs``, each drawing its uniforms from its
    own child of ``SeedSequence(seed)`` (so chunks could run on separate workers); for a given
    chunk size the same seed gives the same numbers, and the first chunks do not change as runs
    grow.  ``parameters`` replaces the model data of ``settlement.toml`` (same layout).

    ``power_life_years``: power hardware (the reactors) reaches the end of its life that long after it
    lands and is retired (None: it lasts, repaired from spares); with ``rebuild_power_locally`` the retired
    mass is rebuilt on Mars from the industry's spare capacity, within its range, else only the power
    later ships bring replaces it.
    """
    if runs < 1:
        raise InputError(f"runs = {runs}: must be >= 1")
    if chunk_runs < 1:
        raise InputError(f"chunk_runs = {chunk_runs}: must be >= 1")
    if years < 1:
        raise InputError(f"horizon of {years} years: must be >= 1")
    if not (0 <= p_launch <= 1 and 0 <= p_land <= 1):
        raise InputError("failure probabilities must be within 0 and 1")
    gate = crew_gate_landed_fraction
    if gate is not None and not 0 <= gate <= 1:
        raise InputError(f"crew_gate_landed_fraction = {gate}: allowed 0 to 1")
    if power_life_years is not None and not (math.isfinite(power_life_years) and power_life_years > 0):
        raise InputError(f"power_life_years = {power_life_years}: must be > 0 (or None)")
    if not propellant_kwh_per_kg > 0:
        raise InputError(f"propellant_kwh_per_kg = {propellant_kwh_per_kg}: must be > 0")
    prm = settlement_parameters() if parameters is None else parameters
    months = years * 12
    order, gate_mode, gate_members, gate_planned = _wave_plan(waves, months, gate)
    uniforms = np.empty((runs, 2, len(order)))
    for start, stream in zip(range(0, runs, chunk_runs), child_streams(seed, -(-runs // chunk_runs)), strict=True):
        stop = min(start + chunk_runs, runs)
        uniforms[start:stop] = np.random.default_rng(stream).random((stop - start, 2, len(order)))
    out_pop, out_ss, out_power, out_mass, out_prop, out_crew = (np.zeros((runs, years)) for _ in range(6))
    qualifies = np.zeros((runs, years), dtype=np.bool_)
    totals = np.zeros((runs, 8))
    lost_month = np.full(runs, -1, dtype=np.int64)
    arrival = np.array([w.arrival_month for w in order], dtype=np.int64)
    ships = np.array([w.ships for w in order], dtype=np.int64)
    flown, launched, landed = (np.zeros((runs, len(order))) for _ in range(3))
    _draw_kernel(uniforms, ships, np.array([w.can_fly for w in order], dtype=np.bool_),
                 np.array([w.can_land for w in order], dtype=np.bool_), gate_mode, gate_members, gate_planned,
                 -1.0 if gate is None else float(gate), float(p_launch), float(p_land), flown, launched, landed,
                 work=runs)
    life_months = -1 if power_life_years is None else int(round(power_life_years * 12.0))
    retire = np.where(arrival >= 0, arrival + life_months, -1) if life_months >= 0 else np.full_like(arrival, -1)
    _months_kernel(arrival, retire, bool(rebuild_power_locally),
                   np.array([w.payload_t for w in order], dtype=np.float64),
                   np.array([w.crew_per_ship for w in order], dtype=np.float64), ships.astype(np.float64),
                   flown, launched, landed, _manifest_matrix(order), months,
                   _parameter_vector(prm, power_kw_per_t, propellant_kwh_per_kg),
                   np.array([prm["wear"][c] for c in CLASSES]),
                   np.array([CONSUMABLE_SPLIT[k] for k in ("oxygen", "water", "food", "spares")]),
                   float(threshold), float(survival_years), float(min_population), out_pop, out_ss, out_power,
                   out_mass, out_prop, out_crew, qualifies, totals, lost_month, work=runs)
    # self-sustaining from the first year after which every year to the horizon qualifies
    holds = np.flip(np.logical_and.accumulate(np.flip(qualifies, axis=1), axis=1), axis=1)
    first = np.argmax(holds, axis=1)
    sustaining_year = np.where(holds.any(axis=1), start_year + first, -1)
    return CampaignResult(start_year, runs, seed, out_pop, out_ss, out_power, out_mass, out_prop, totals[:, 0],
                          totals[:, 2], totals[:, 3], totals[:, 4], totals[:, 5], totals[:, 6], totals[:, 7],
                          lost_month, sustaining_year, out_crew, qualifies)


def _wave_plan(waves: list[ShipWave], months: int, gate: float | None
               ) -> tuple[list[ShipWave], np.ndarray, np.ndarray, np.ndarray]:
    """The deterministic part of the schedule: the waves landing inside the horizon, in landing
    order, and for each crewed wave the uncrewed waves its gate looks at.

    ``gate_mode``: 0 no gate, 1 gated on ``gate_members`` (landed ships of the last uncrewed
    window, of another window, that arrived before the crew leaves; ``gate_planned`` ships
    planned there), 2 no uncrewed landing has shown the way yet, so the crew does not fly.
    """
    order = sorted((w for w in waves if 0 <= w.arrival_month < months and w.ships > 0),
                   key=lambda w: w.arrival_month)
    n = len(order)
    gate_mode = np.zeros(n, dtype=np.int64)
    gate_members = np.zeros((n, n), dtype=np.bool_)
    gate_planned = np.zeros(n)
    # uncrewed waves per departure window: window -> [last arrival month, ships planned, wave indices]
    uncrewed: dict[str, list[Any]] = {}
    for k, wave in enumerate(order):
        if wave.kind == "crew" and gate is not None:
            leave = wave.arrival_month if wave.departure_month is None else wave.departure_month
            earlier = [rec for w, rec in uncrewed.items() if w != wave.window and rec[0] < leave]
            if earlier:
                _, planned, members = max(earlier, key=lambda rec: rec[0])
                gate_mode[k], gate_planned[k] = 1, planned
                gate_members[k, members] = True
            else:
                gate_mode[k] = 2
        if wave.kind != "crew":
            rec = uncrewed.setdefault(wave.window or wave.label, [wave.arrival_month, 0, []])
            rec[0], rec[1] = max(rec[0], wave.arrival_month), rec[1] + wave.ships
            rec[2].append(k)
    return order, gate_mode, gate_members, gate_planned


def _manifest_matrix(order: list[ShipWave]) -> np.ndarray:
    return np.array([[w.manifest.get(c, 0.0) for c in (*CLASSES, "consumables")] for w in order],
                    dtype=np.float64).reshape(len(order), 6)


# the model data handed to :func:`_months_kernel` in one vector, ``prm[_PRM_...]``: its slots, in one place
_PRM_SIZE = 22
(_PRM_O2_T_PM,  # oxygen needed, t per person-month
 _PRM_WATER_T_PM,  # potable and hygiene water, t per person-month
 _PRM_FOOD_T_PM,  # dry food, t per person-month
 _PRM_CLOSURE_O2, _PRM_CLOSURE_WATER, _PRM_CLOSURE_FOOD,  # shares life support recycles or grows, at full cover
 _PRM_LS_PEOPLE_PER_T,  # people one t of life support serves
 _PRM_ISRU_T_PER_YEAR_PER_T,  # ISRU output, t/yr per t of ISRU plant
 _PRM_FOOD_T_PER_YEAR_PER_T,  # food grown, t/yr per t of life support
 _PRM_INDUSTRY_T_PER_YEAR_PER_T,  # industrial output, t/yr per t of industry
 _PRM_WORKFORCE_SHARE,  # share of the people at work in industry
 _PRM_T_PER_WORKER_YEAR,  # industrial output, t per worker-year
 _PRM_K_HALF_T,  # industry (t) able to make half the range of spares: s = K / (K + K_half)
 _PRM_WATER_KWH_PER_KG, _PRM_O2_KWH_PER_KG, _PRM_FOOD_KWH_PER_KG, _PRM_SPARES_KWH_PER_KG,
 _PRM_PROPELLANT_KWH_PER_KG,
 _PRM_POWER_KW_PER_T,  # power landed, kW per t of power hardware
 _PRM_BASE_KW_PER_PERSON,  # the base load (kW) of one person
 _PRM_SHIPPED_PER_DRY_FOOD,  # food as shipped per dry food
 _PRM_HABITAT_PEOPLE_PER_T,  # people one t of habitat houses
 ) = range(_PRM_SIZE)


def _parameter_vector(prm: dict[str, Any], power_kw_per_t: float, propellant_kwh_per_kg: float) -> np.ndarray:
    """The model data in the vector :func:`_months_kernel` reads, slot by ``_PRM_...`` slot."""
    needs, closure, prod, ind = prm["needs"], prm["closure"], prm["production"], prm["industry"]
    per_month = DAYS_PER_MONTH / 1000.0
    vector = np.full(_PRM_SIZE, np.nan, dtype=np.float64)
    vector[_PRM_O2_T_PM] = needs["oxygen_kg_per_person_day"] * per_month
    vector[_PRM_WATER_T_PM] = (needs["potable_water_kg_per_person_day"]
                               + needs["hygiene_water_kg_per_person_day"]) * per_month
    vector[_PRM_FOOD_T_PM] = needs["food_dry_kg_per_person_day"] * per_month
    vector[_PRM_CLOSURE_O2] = closure["oxygen"]
    vector[_PRM_CLOSURE_WATER] = closure["water"]
    vector[_PRM_CLOSURE_FOOD] = closure["food"]
    vector[_PRM_LS_PEOPLE_PER_T] = prod["life_support_people_per_t"]
    vector[_PRM_ISRU_T_PER_YEAR_PER_T] = prod["isru_t_per_year_per_t"]
    vector[_PRM_FOOD_T_PER_YEAR_PER_T] = prod["food_t_per_year_per_t_life_support"]
    vector[_PRM_INDUSTRY_T_PER_YEAR_PER_T] = ind["output_t_per_year_per_t"]
    vector[_PRM_WORKFORCE_SHARE] = ind["workforce_share"]
    vector[_PRM_T_PER_WORKER_YEAR] = ind["output_t_per_worker_year"]
    vector[_PRM_K_HALF_T] = ind["half_range_industry_t"]
    vector[_PRM_WATER_KWH_PER_KG] = prod["water_kwh_per_kg"]
    vector[_PRM_O2_KWH_PER_KG] = prod["oxygen_kwh_per_kg"]
    vector[_PRM_FOOD_KWH_PER_KG] = prod["food_kwe_per_person"] * 24.0 / needs["food_dry_kg_per_person_day"]
    vector[_PRM_SPARES_KWH_PER_KG] = prod["spares_kwh_per_kg"]
    vector[_PRM_PROPELLANT_KWH_PER_KG] = propellant_kwh_per_kg
    vector[_PRM_POWER_KW_PER_T] = power_kw_per_t
    vector[_PRM_BASE_KW_PER_PERSON] = prm["power"]["base_kw_per_person"]
    vector[_PRM_SHIPPED_PER_DRY_FOOD] = (needs["food_as_shipped_kg_per_person_day"]
                                         / needs["food_dry_kg_per_person_day"])
    vector[_PRM_HABITAT_PEOPLE_PER_T] = prod["habitat_people_per_t"]
    if np.isnan(vector).any():
        raise AssertionError(f"settlement parameter slots left empty: {np.flatnonzero(np.isnan(vector))}")
    return vector


MIN_PARALLEL_RUNS = 128
"""Fewest Monte Carlo runs for which a call runs the kernel's parallel build (:mod:`marsplan.threads`): below it the
serial build is faster even on an idle machine (idle 2-core machine: 0.14 ms serial, 0.12 ms parallel at 64 runs;
0.078 vs 0.086 ms at 16; ``make bench`` measures both across sizes)."""
MIN_PARALLEL_RUNS_BUSY = 7_000
"""Fewest runs for the parallel build while other programs keep the cores busy: where the serial build
takes some 10 ms, long enough to hide a parallel call's wait for a core (measured under ``make bench``'s CPU
hog)."""


@twin(min_parallel_work=MIN_PARALLEL_RUNS, min_parallel_work_busy=MIN_PARALLEL_RUNS_BUSY)
def _draw_kernel(uniforms, ships, can_fly, can_land, gate_mode, gate_members, gate_planned, gate, p_launch,
                 p_land, flown, launched, landed):
    """Which ships fly, launch and land in every run, wave by wave in landing order, from the run's
    two uniforms per wave (launch, landing); a gated crew flies only if enough of the ships its
    gate looks at landed in the same run."""
    runs, n_waves = flown.shape
    for r in nb.prange(runs):
        for k in range(n_waves):
            flies = can_fly[k]
            if gate_mode[k] == 2:
                flies = False
            elif gate_mode[k] == 1:
                before = 0.0
                for j in range(k):
                    if gate_members[k, j]:
                        before += landed[r, j]
                flies = flies and before >= gate * gate_planned[k] - 1e-9
            n_flown = ships[k] if flies else 0
            n_launched = n_flown - binomial_by_inversion(uniforms[r, 0, k], n_flown, p_launch)
            n_landed = 0
            if can_land[k]:
                n_landed = n_launched - binomial_by_inversion(uniforms[r, 1, k], n_launched, p_land)
            flown[r, k] = n_flown
            launched[r, k] = n_launched
            landed[r, k] = n_landed


RUN_BLOCK = 16
"""Runs stepped together, as SIMD lanes: one month of 16 independent runs is one straight-line loop over the
lanes (a constant trip count, every branch a select, all state in one array, the model data in locals),
which the compiler vectorizes; the last block's spare lanes step empty settlements."""

# rows of a block's state array
_CREW, _EQ, _STOCK, _DEFICIT, _PROP, _ALIVE = 0, 1, 6, 10, 14, 15
_NEED, _MADE, _POWER, _LOST_AT, _DIED = 16, 17, 18, 19, 20
_POWER_SURVIVAL, _REBUILD = 21, 22  # power hardware's wear survival since the start; retired mass to rebuild
_STATE_ROWS = 23


# no reassociation or contraction (fastmath's "reassoc" and "contract"): the serial and parallel builds would
# vectorise the month loop differently and round differently; these flags keep both builds bitwise equal
@twin(min_parallel_work=MIN_PARALLEL_RUNS, min_parallel_work_busy=MIN_PARALLEL_RUNS_BUSY, error_model="numpy",
      fastmath={"nnan", "ninf", "nsz"})
def _months_kernel(arrival, retire, rebuild_locally, payload_t, crew_per_ship, ships, flown, launched, landed,
                   manifest, months, prm, wear, split, threshold, survival_years, min_population, out_pop, out_ss,
                   out_power, out_mass, out_prop, out_crew, qualifies, totals, lost_month):
    """The month loop of every run (see the module docstring), in parallel over blocks of runs.

    ``prm``: the model data, read by the ``_PRM_...`` slots :func:`_parameter_vector` fills.
    ``manifest`` columns: habitat, power, isru, life_support, industry, consumables.
    ``retire``: the month each wave's power hardware reaches its end of life (-1: never).
    ``totals`` columns: mass sent, landed, lost; crew sent, arrived, lost, stayed, died.
    """
    runs, n_waves = flown.shape
    hours = 365.25 * 24.0 / 12.0
    # the model data in locals: loads from an array the loop also writes would keep it scalar
    o2_pm, water_pm, food_pm = prm[_PRM_O2_T_PM], prm[_PRM_WATER_T_PM], prm[_PRM_FOOD_T_PM]
    close_o2, close_water, close_food = prm[_PRM_CLOSURE_O2], prm[_PRM_CLOSURE_WATER], prm[_PRM_CLOSURE_FOOD]
    ls_people_per_t = prm[_PRM_LS_PEOPLE_PER_T]
    isru_pm, food_made_pm = prm[_PRM_ISRU_T_PER_YEAR_PER_T] / 12.0, prm[_PRM_FOOD_T_PER_YEAR_PER_T] / 12.0
    industry_pm = prm[_PRM_INDUSTRY_T_PER_YEAR_PER_T] / 12.0
    worker_pm = prm[_PRM_WORKFORCE_SHARE] * prm[_PRM_T_PER_WORKER_YEAR] / 12.0
    k_half = prm[_PRM_K_HALF_T]
    kwh_water, kwh_o2 = 1000.0 * prm[_PRM_WATER_KWH_PER_KG], 1000.0 * prm[_PRM_O2_KWH_PER_KG]
    kwh_food, kwh_spares = 1000.0 * prm[_PRM_FOOD_KWH_PER_KG], 1000.0 * prm[_PRM_SPARES_KWH_PER_KG]
    per_kwh_prop = 1.0 / (1000.0 * prm[_PRM_PROPELLANT_KWH_PER_KG])
    kw_per_t, base_kw = prm[_PRM_POWER_KW_PER_T], prm[_PRM_BASE_KW_PER_PERSON]
    shipped_per_dry, housed_per_t = prm[_PRM_SHIPPED_PER_DRY_FOOD], prm[_PRM_HABITAT_PEOPLE_PER_T]
    w0, w1, w2, w3, w4 = wear[0], wear[1], wear[2], wear[3], wear[4]
    n_blocks = (runs + RUN_BLOCK - 1) // RUN_BLOCK
    for b in nb.prange(n_blocks):
        r0 = b * RUN_BLOCK
        size = min(RUN_BLOCK, runs - r0)
        st = np.zeros((_STATE_ROWS, RUN_BLOCK))
        cohort = np.zeros((n_waves, RUN_BLOCK))  # power mass each wave landed, and the survival it landed at
        landed_at = np.ones((n_waves, RUN_BLOCK))
        for i in range(RUN_BLOCK):
            st[_ALIVE, i] = 1.0
            st[_LOST_AT, i] = -1.0
            st[_POWER_SURVIVAL, i] = 1.0
        w = 0
        for m in range(months):
            while w < n_waves and arrival[w] == m:
                for i in range(size):
                    r = r0 + i
                    got = landed[r, w] * payload_t[w]
                    totals[r, 0] += flown[r, w] * payload_t[w]
                    totals[r, 1] += got
                    totals[r, 2] += (flown[r, w] - landed[r, w]) * payload_t[w]
                    totals[r, 3] += ships[w] * crew_per_ship[w]
                    arrived = landed[r, w] * crew_per_ship[w]
                    totals[r, 4] += arrived
                    totals[r, 5] += (launched[r, w] - landed[r, w]) * crew_per_ship[w]
                    totals[r, 6] += (ships[w] - launched[r, w]) * crew_per_ship[w]
                    if st[_ALIVE, i] > 0.5:
                        st[_CREW, i] += arrived
                        out_crew[r, m // 12] += arrived
                    else:
                        totals[r, 7] += arrived
                    for c in range(5):
                        st[_EQ + c, i] += got * manifest[w, c]
                    cohort[w, i] = got * manifest[w, 1]
                    landed_at[w, i] = st[_POWER_SURVIVAL, i]
                    for k in range(4):
                        st[_STOCK + k, i] += got * manifest[w, 5] * split[k]
                w += 1
            month = float(m)
            for k in range(n_waves):
                if retire[k] == m:
                    # end of life: what is left of the wave's power hardware after its wear is retired
                    for i in range(RUN_BLOCK):
                        gone = cohort[k, i] * st[_POWER_SURVIVAL, i] / landed_at[k, i]
                        gone = min(gone, st[_EQ + 1, i])
                        st[_EQ + 1, i] -= gone
                        st[_REBUILD, i] += gone if rebuild_locally else 0.0
                        cohort[k, i] = 0.0
            for i in range(RUN_BLOCK):
                # one month of run r0 + i
                people = st[_CREW, i]
                e0, e1, e2, e3, e4 = st[_EQ, i], st[_EQ + 1, i], st[_EQ + 2, i], st[_EQ + 3, i], st[_EQ + 4, i]
                has_people = people > 0.0
                cover = min(1.0, e3 * ls_people_per_t / max(people, 1e-9))
                cover = cover if has_people else 0.0
                need0 = people * o2_pm * (1 - close_o2 * cover)
                need1 = people * water_pm * (1 - close_water * cover)
                need2 = people * food_pm * (1 - close_food * cover)
                need3 = (e0 * w0 + e1 * w1 + e2 * w2 + e3 * w3 + e4 * w4) / 12.0
                isru = e2 * isru_pm
                water_made = min(isru, need1)
                oxygen_made = min(isru - water_made, need0)
                food_made = min(e3 * food_made_pm, need2)
                capacity = min(e4 * industry_pm, people * worker_pm)
                reach = e4 / (e4 + k_half)
                spares_made = min(need3 * reach, capacity)
                # retired power hardware rebuilt from the capacity spares leave, within the industry's range
                backlog = st[_REBUILD, i]
                rebuild = min(backlog * reach, max(capacity - spares_made, 0.0))
                energy = (water_made * kwh_water + oxygen_made * kwh_o2 + food_made * kwh_food
                          + (spares_made + rebuild) * kwh_spares)
                power_kw = e1 * kw_per_t
                st[_POWER, i] = power_kw
                spare_kwh = max(power_kw - people * base_kw, 0.0) * hours
                scale = min(1.0, spare_kwh / max(energy, 1e-9))
                scale = scale if energy > 0.0 else 1.0
                left = max(spare_kwh - energy * scale, 0.0)
                prop_made = min(max(isru - water_made - oxygen_made, 0.0), left * per_kwh_prop)
                alive = st[_ALIVE, i]
                st[_PROP, i] += prop_made * alive
                made0 = oxygen_made * scale
                made1 = water_made * scale
                made2 = food_made * scale
                made3 = spares_made * scale
                d0 = need0 - made0
                d1 = need1 - made1
                d2 = (need2 - made2) * shipped_per_dry
                d3 = need3 - made3
                s0 = st[_STOCK, i] - d0
                s1 = st[_STOCK + 1, i] - d1
                s2 = st[_STOCK + 2, i] - d2
                s3 = max(st[_STOCK + 3, i] - d3, 0.0)
                st[_DEFICIT, i] += d0
                st[_DEFICIT + 1, i] += d1
                st[_DEFICIT + 2, i] += d2
                st[_DEFICIT + 3, i] += d3
                short = (s0 < -1e-12) | (s1 < -1e-12) | (s2 < -1e-12)
                st[_STOCK, i] = max(s0, 0.0)
                st[_STOCK + 1, i] = max(s1, 0.0)
                st[_STOCK + 2, i] = max(s2, 0.0)
                st[_STOCK + 3, i] = s3
                repaired = min(1.0, (s3 + made3 + 1e-12) / max(need3, 1e-12))
                repaired = repaired if need3 > 0.0 else 1.0
                unrepaired = (1.0 - repaired) / 12.0
                st[_EQ, i] = e0 * (1.0 - w0 * unrepaired)
                st[_EQ + 1, i] = e1 * (1.0 - w1 * unrepaired)
                st[_EQ + 2, i] = e2 * (1.0 - w2 * unrepaired)
                st[_EQ + 3, i] = e3 * (1.0 - w3 * unrepaired)
                st[_EQ + 4, i] = e4 * (1.0 - w4 * unrepaired)
                st[_POWER_SURVIVAL, i] *= 1.0 - w1 * unrepaired
                rebuilt = rebuild * scale * alive
                st[_EQ + 1, i] += rebuilt
                st[_REBUILD, i] = backlog - rebuilt
                dies = short & (alive > 0.5) & has_people
                st[_LOST_AT, i] = month if dies else st[_LOST_AT, i]
                st[_DIED, i] += people if dies else 0.0
                alive = 0.0 if dies else alive
                st[_ALIVE, i] = alive
                st[_NEED, i] += alive * (need0 + need1 + need2 * shipped_per_dry + need3)
                st[_MADE, i] += alive * (made0 + made1 + made2 * shipped_per_dry + made3)
                st[_CREW, i] = people * alive
            if m % 12 == 11:
                y = m // 12
                for i in range(size):
                    r = r0 + i
                    fraction = st[_MADE, i] / max(st[_NEED, i], 1e-12) if st[_NEED, i] > 0 else 0.0
                    survives = True
                    for k in range(4):
                        if st[_STOCK + k, i] < max(st[_DEFICIT + k, i], 0.0) * survival_years:
                            survives = False
                    crew = st[_CREW, i]
                    housed = st[_EQ, i] * housed_per_t >= crew
                    qualifies[r, y] = (st[_ALIVE, i] > 0.5 and crew > 0 and crew >= min_population
                                       and fraction >= threshold and survives and housed)
                    out_pop[r, y] = crew
                    out_ss[r, y] = fraction
                    out_power[r, y] = st[_POWER, i]
                    out_mass[r, y] = totals[r, 1]
                    out_prop[r, y] = st[_PROP, i]
                    st[_NEED, i] = 0.0
                    st[_MADE, i] = 0.0
                    for k in range(4):
                        st[_DEFICIT + k, i] = 0.0
        for i in range(size):
            lost_month[r0 + i] = int(st[_LOST_AT, i])
            totals[r0 + i, 7] += st[_DIED, i]
