"""The power stage: the scenario's surface power with the propellant plant the return leg needs."""

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
