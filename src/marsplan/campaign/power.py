"""The power stage: the scenario's surface power with the propellant plant the return leg needs.

A plant making 10 t of methane/oxygen a year at 8.42 kWh/kg (:mod:`marsplan.vehicles.isru`) draws
84,227 kWh / 8,766 h = 9.6 kW on average, beside a 10 kW base load (here on the lunar equator, whose
single sampled year is quick to size; a Mars site samples dust years):

>>> from marsplan.campaign.power import scenario_power
>>> from marsplan.scenario import parse_scenario
>>> from marsplan.vehicles.fleet import FleetPlan
>>> sc = parse_scenario('''
... [campaign]
... name = "moon-base"
... title = "Power for a lunar base"
... start = "2026-01-01"
... [power]
... site = "lunar-equator"
... base_load_kw = 10.0
... isru_t_per_year = 10.0
... runs = 1
... ''')
>>> power = scenario_power(sc, FleetPlan()).to_dict()
>>> round(power["deferrable_load_kw"], 2), round(power["load_kw"], 2)
(9.61, 19.61)
>>> [(f["family"], round(f["mass_kg"] / 1000.0, 1)) for f in power["families"]]
[('solar+battery', 32.9), ('solar+fuel-cell', 11.6), ('fission', 12.0), ('fission+solar', 12.0)]
"""

from __future__ import annotations

from marsplan.campaign.fleet import refilled_ship
from marsplan.lru import LRUCache
from marsplan.power import LoadProfile, PowerAnalysis, analyse
from marsplan.scenario import Scenario
from marsplan.vehicles.fleet import FleetPlan
from marsplan.vehicles.isru import isru_load_kw

__all__ = ["scenario_power"]

SYNODIC_PERIOD_YEARS = 2.135  # Earth-Mars, 780 days


def scenario_power(sc: Scenario, fleet_plan: FleetPlan) -> PowerAnalysis:
    """The scenario's power analysis: base load plus the ISRU plant for the return propellant.

    Unless the scenario sets ``isru_t_per_year``, the plant makes one returning ship's propellant
    per synodic period (2.135 Earth years).
    """
    p = sc.power
    isru_t = p.isru_t_per_year
    ret = fleet_plan.return_dict()
    if isru_t is None:
        isru_t = (ret["propellant_isru_t"] / SYNODIC_PERIOD_YEARS) if ret else 0.0
    isru_kw = isru_load_kw(isru_t, refilled_ship(sc).ship.mixture_ratio)
    # the same inputs give the same analysis (seeded): kept for the process, as the claims and the plan of
    # one scenario (or a web server's repeated requests) ask for it again; treat the result as read-only
    key = (p.site, p.base_load_kw, isru_kw, p.runs, sc.campaign.seed,
           None if p.partner_reactor is None else p.partner_reactor.model_dump_json())
    return _POWER_ANALYSES.get_or_compute(key, lambda: analyse(p.site, LoadProfile(p.base_load_kw, isru_kw),
                                                                runs=p.runs, seed=sc.campaign.seed,
                                                                reactor=p.partner_reactor))


_POWER_ANALYSES: LRUCache[PowerAnalysis] = LRUCache(8)
