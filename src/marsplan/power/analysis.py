"""Size every family of surface power for a site and a load, and run each through a storm year.

On the lunar equator a 10 kW load must ride through nights of 354 h (3.5 MWh): batteries at 150 Wh/kg
weigh far more than regenerative fuel cells or two 6 t fission units:

>>> from marsplan.power.analysis import analyse
>>> from marsplan.power.environments import LoadProfile
>>> moon = analyse("lunar-equator", LoadProfile(10.0), runs=1)
>>> [(f["family"], round(f["mass_kg"] / 1000.0, 1), f["reactors"]) for f in moon.to_dict()["families"]]
[('solar+battery', 32.9, 0), ('solar+fuel-cell', 11.0, 0), ('fission', 12.0, 2), ('fission+solar', 12.0, 2)]
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from marsplan.power.catalog import get_power_site, power_catalog
from marsplan.power.environments import LoadProfile, environment
from marsplan.power.simulation import SimulationResult, simulate
from marsplan.power.sizing import FAMILIES, SizedSystem, size_family

__all__ = ["PlantSupply", "PowerAnalysis", "STARSHIP_PAYLOAD_KG", "analyse", "plant_supply"]


STARSHIP_PAYLOAD_KG = 100_000.0


@dataclass
class PowerAnalysis:
    """Sized systems of every family, and how each fares through a 2018-like storm year.

    ``families`` carry the firm load and the deferrable propellant plant together; ``firm_families``
    the firm load alone, so the report can show what the plant adds to each family.
    """

    site: Any
    load: LoadProfile
    reliability: float
    runs: int
    seed: int
    families: list[SizedSystem]
    storm_results: dict[str, SimulationResult]
    clear_traces: dict[str, Any]
    storm_traces: dict[str, Any]
    step_h: float
    landing_payload_kg: float = STARSHIP_PAYLOAD_KG
    firm_families: list[SizedSystem] | None = None

    def to_dict(self) -> dict[str, Any]:
        import math

        def mass(s):
            return round(s.mass_kg, 1) if s is not None and math.isfinite(s.mass_kg) else None

        firm = {s.family: s for s in (self.firm_families or [])}
        rows = []
        for s in self.families:
            storm = self.storm_results.get(s.family)
            f = firm.get(s.family)
            deferred = s.result.deferrable_kwh if s.result is not None else None
            rows.append({
                "family": s.family,
                "feasible": s.feasible,
                "mass_kg": round(s.mass_kg, 1) if math.isfinite(s.mass_kg) else None,
                "array_area_m2": round(s.array_area_m2, 1),
                "storage_kwh": round(s.storage_kwh, 1),
                "reactors": s.reactors,
                # fission is sized on its units' binomial outage probability; solar on the simulated hours
                "loss_of_load_probability": s.extra.get("outage_probability",
                                                        s.result.loss_of_load_probability if s.result else None),
                "unmet_energy_fraction": s.result.unmet_energy_fraction if s.result else None,
                "worst_storm_unmet_kwh": round(float(storm.unmet_kwh.max()), 1) if storm is not None else None,
                "starship_landings": (math.ceil(s.mass_kg / self.landing_payload_kg) if math.isfinite(s.mass_kg)
                                      else None),
                "deferrable_mwh_per_year": None if deferred is None or not self.load.isru_kw
                else round(float(deferred.mean()) / 1000, 2),
                "firm_only": None if f is None else {"feasible": f.feasible, "mass_kg": mass(f),
                                                     "array_area_m2": round(f.array_area_m2, 1),
                                                     "storage_kwh": round(f.storage_kwh, 1), "reactors": f.reactors},
                "note": s.note,
            })
        return {"site": self.site.id, "body": self.site.body, "load_kw": self.load.mean_kw,
                "firm_load_kw": self.load.base_kw, "deferrable_load_kw": self.load.isru_kw,
                "reliability_target": self.reliability, "runs": self.runs, "seed": self.seed, "families": rows,
                "storm_year": {family: {k: [round(float(x), 3) for x in v] for k, v in series.items()}
                               for family, series in self.daily(self.storm_traces).items()}}

    def daily(self, traces: dict) -> dict[str, dict[str, Any]]:
        """Per family, by day of a traced year: mean power generated and served (kW), lowest storage (kWh)
        (``storm_traces``: the 2018-like global storm year on Mars)."""

        per_day = max(1, int(round(24 / self.step_h)))
        out = {}
        for family, trace in traces.items():
            if trace is None:
                continue
            days = trace.shape[1] // per_day
            by_day = trace[:, :days * per_day].reshape(3, days, per_day)
            out[family] = {"generated_kw": by_day[0].mean(axis=1), "served_kw": by_day[1].mean(axis=1),
                           "storage_min_kwh": by_day[2].min(axis=1)}
        return out


def analyse(site, load: LoadProfile, *, reliability: float = 0.999, runs: int = 200, seed: int = 1,
            reactor_id: str = "fsp-40", reactor=None, families=FAMILIES) -> PowerAnalysis:
    """Size every family for ``load`` at ``site`` (an id or a PowerSite) and put each through a
    2018-like storm year."""
    cat = power_catalog()
    site = get_power_site(site) if isinstance(site, str) else site
    array = next(iter(cat["arrays"].values()))
    reactor = reactor or cat["reactors"][reactor_id]
    kwargs = dict(array=array, battery=cat["storage"]["li-ion"], fuel_cell=cat["storage"]["rfc"], reactor=reactor,
                  reliability=reliability)
    env = environment(site, array, load, runs, seed)
    sized = [size_family(f, env, **kwargs) for f in families]
    firm_sized = None
    if load.isru_kw > 0:
        firm_env = environment(site, array, load.firm_only, runs, seed)
        # a system that carries both loads carries the firm one: where the search found it lighter than the
        # firm-only optimum (search resolution), it is the better firm-only answer too
        firm_sized = [full if full.feasible and full.mass_kg < f.mass_kg else f
                      for full, f in zip(sized, (size_family(f, firm_env, **kwargs) for f in families), strict=True)]
    storm_env = environment(site, array, load, 1, seed, force_global=True) if site.body == "mars" else \
        environment(site, array, load, 1, seed)
    clear_env = environment(site, array, load, 1, seed, force_global=False) if site.body == "mars" else storm_env
    storm, storm_traces, clear_traces = {}, {}, {}
    for s in sized:
        if not s.feasible:
            continue
        storm[s.family] = simulate(storm_env, s.system(), trace_year=0)
        storm_traces[s.family] = storm[s.family].trace
        clear_traces[s.family] = simulate(clear_env, s.system(), trace_year=0).trace
    return PowerAnalysis(site, load, reliability, runs, seed, sized, storm, clear_traces, storm_traces, env.step_h,
                         firm_families=firm_sized)


@dataclass(frozen=True)
class PlantSupply:
    """How a fixed plant (reactor units, no arrays or storage) carries a firm load through a site's
    sampled years: loss-of-load probability over all years, over the years with a global dust storm and
    over the others, with two Monte Carlo standard errors over the years."""

    units: int
    unit_kwe: float
    availability: float
    lifetime_years: float
    load_kw: float
    years: int
    lolp: float
    lolp_uncertainty: float
    lolp_storm_years: float | None
    lolp_clear_years: float | None
    storm_years: int
    unmet_energy_fraction: float


def plant_supply(site, load_kw: float, reactor, units: int = 1, *, years: int = 200, seed: int = 1) -> PlantSupply:
    """Simulate ``units`` of ``reactor`` (a :class:`~marsplan.power.spec.ReactorSpec`) carrying ``load_kw``
    hour by hour through ``years`` sampled years of ``site`` (dust storms included on Mars): each unit is
    down (1 - availability) of every year, in one forced-outage block (:mod:`marsplan.power.simulation`).

    With no arrays or storage, whether an hour is met turns only on how many units are up against the
    ``needed = ceil(load / unit power)`` the load takes; so the simulation runs once per (site, units,
    needed, availability, years, seed) in a process, on units of 1 / needed of a unit load, and the answer
    is scaled back (a study varying the reactor's power re-simulates only when ``needed`` changes)."""
    import math

    site_id = site if isinstance(site, str) else site.id
    needed = max(1, math.ceil(load_kw / reactor.power_kwe - 1e-12))
    base = _plant_supply_cached(site_id, needed, int(units), float(reactor.availability), int(years), int(seed))
    return dataclasses.replace(base, unit_kwe=float(reactor.power_kwe), lifetime_years=float(reactor.lifetime_years),
                               load_kw=float(load_kw))


@functools.lru_cache(maxsize=64)
def _plant_supply_cached(site_id: str, needed: int, units: int, availability: float, years: int,
                         seed: int) -> PlantSupply:
    from marsplan.power.spec import ReactorSpec

    # a hair above 1 / needed, so that `needed` units up carry the unit load exactly, whatever the rounding
    unit = ReactorSpec(name="unit", power_kwe=(1.0 + 1e-9) / needed, mass_kg=1.0, availability=availability)
    return _plant_supply(site_id, 1.0, unit, units, years=years, seed=seed)


def _plant_supply(site, load_kw: float, reactor, units: int = 1, *, years: int = 200, seed: int = 1) -> PlantSupply:
    """Simulate ``units`` of ``reactor`` (a :class:`~marsplan.power.spec.ReactorSpec`) carrying ``load_kw``
    hour by hour through ``years`` sampled years of ``site`` (dust storms included on Mars): each unit is
    down (1 - availability) of every year, in one forced-outage block (:mod:`marsplan.power.simulation`)."""
    import numpy as np

    from marsplan.power.simulation import System

    cat = power_catalog()
    site = get_power_site(site) if isinstance(site, str) else site
    array = next(iter(cat["arrays"].values()))
    env = environment(site, array, LoadProfile(load_kw), years, seed)
    result = simulate(env, System(0.0, 0.0, 1.0, ((reactor.power_kwe, reactor.availability),) * units))
    per_year = result.unmet_steps / result.steps
    storm = env.has_global_storm if env.has_global_storm.size == per_year.size else np.zeros(per_year.size, bool)
    se = float(per_year.std(ddof=1) / np.sqrt(per_year.size)) if per_year.size > 1 else 0.0
    se = se if se > 1e-12 else 0.0  # identical years: no Monte Carlo spread, only rounding
    return PlantSupply(units, reactor.power_kwe, reactor.availability, reactor.lifetime_years, load_kw,
                       per_year.size, float(per_year.mean()), 2.0 * se,
                       float(per_year[storm].mean()) if storm.any() else None,
                       float(per_year[~storm].mean()) if (~storm).any() else None, int(storm.sum()),
                       result.unmet_energy_fraction)
