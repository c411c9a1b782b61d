"""The settlement stage: the campaign Monte Carlo of the scenario on its launch schedule, and the same over
the plausible ranges of the model's and the scenario's own assumptions.

NASA's Fission Surface Power figures, 40 kWe for 6 t, give 6.67 kW per tonne of power hardware landed.
Five cargo ships in 2026 and two crews in 2028 (who fly only if the cargo landed, and only on the ships the
pads launch) land a crew in 2029 in four futures out of five, but no self-sustaining city by then:

>>> from marsplan.campaign.settlement import power_kw_per_t, settle, settle_json
>>> from marsplan.campaign.trajectory import campaign_trajectory
>>> from marsplan.scenario import parse_scenario
>>> sc = parse_scenario('''
... [campaign]
... name = "first-ships"
... title = "Five cargo ships in 2026 and two crews in 2028"
... start = "2026-01-01"
... horizon_years = 4
... [[missions]]
... name = "Cargo 2026"
... opportunity = 2026
... kind = "cargo"
... ships = 5
... [[missions]]
... name = "Crew 2028"
... opportunity = 2028
... kind = "crew"
... ships = 2
... crew_per_ship = 6
... payload_t_per_ship = 50.0
... [settlement]
... runs = 1000
... growth_factor = 0.0
... ''')
>>> round(power_kw_per_t(sc), 2)
6.67
>>> result = settle(sc, campaign_trajectory(sc, cache=False))
>>> round(result.p_crew_lands_in(2029), 3)
0.799
>>> summary = settle_json(sc, result)
>>> summary["horizon_year"], summary["p_self_sustaining"]
(2029, 0.0)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from marsplan.campaign.fleet import build_waves, refilled_ship
from marsplan.scenario import Scenario
from marsplan.settlement.assumptions import AssumptionWorlds
from marsplan.settlement.model import CampaignResult, ShipWave, run_campaign
from marsplan.trajectory.campaign import CampaignTrajectory
from marsplan.vehicles.isru import isru_balance

__all__ = ["city_over_assumptions", "power_kw_per_t", "settle", "settle_json"]



# ---- settlement: the campaign Monte Carlo of the scenario

def power_kw_per_t(sc: Scenario) -> float:
    """kW installed per tonne of power hardware landed: the partner reactor's specific power
    (or NASA FSP's, 40 kWe per 6 t)."""
    r = sc.power.partner_reactor
    return (r.power_kwe / (r.mass_kg / 1000.0)) if r is not None else 40.0 / 6.0


def settle(sc: Scenario, trajectory: CampaignTrajectory, *, runs: int | None = None, seed: int | None = None,
           parameters: dict[str, Any] | None = None, waves: list[ShipWave] | None = None) -> CampaignResult:
    """Run the scenario's campaign Monte Carlo (``parameters``: settlement model data other than the
    bundled ``settlement.toml``, as a study varies it; ``waves``: :func:`build_waves` already computed)."""
    ship = refilled_ship(sc).ship
    return run_campaign(
        build_waves(sc, trajectory) if waves is None else waves, start_year=sc.campaign.start.year,
        years=sc.campaign.horizon_years,
        runs=runs or sc.settlement.runs, seed=sc.campaign.seed if seed is None else seed,
        p_launch=sc.fleet.launch_failure_probability, p_land=sc.fleet.landing_failure_probability,
        power_kw_per_t=power_kw_per_t(sc), threshold=sc.settlement.self_sufficiency_threshold,
        survival_years=sc.settlement.survival_test_years, min_population=sc.settlement.min_population,
        propellant_kwh_per_kg=isru_balance(1000.0, ship.mixture_ratio).energy_kwh_per_kg,
        crew_gate_landed_fraction=sc.fleet.crew_gate_landed_fraction, parameters=parameters,
        power_life_years=None if sc.power.partner_reactor is None else sc.power.partner_reactor.lifetime_years,
        rebuild_power_locally=sc.settlement.settlement_makes_reactors,
    )


def city_over_assumptions(sc: Scenario, trajectory: CampaignTrajectory, *, waves: list[ShipWave] | None = None,
                          worlds: int | None = None, runs_per_world: int | None = None) -> AssumptionWorlds | None:
    """The scenario's campaign in plausible worlds (:mod:`marsplan.settlement.assumptions`): every range of
    ``settlement.toml`` drawn at once, ``worlds`` times (default: the scenario's ``assumption_worlds``; None
    when that is 0), each world run ``runs_per_world`` times from the scenario's seed."""
    import dataclasses

    from marsplan.settlement.assumptions import sample_worlds, world_parameters, worlds_summary
    from marsplan.settlement.parameters import assumption_ranges, settlement_parameters

    n = sc.settlement.assumption_worlds if worlds is None else worlds
    if n <= 0:
        return None
    runs = runs_per_world or sc.settlement.runs_per_world
    model_ranges = assumption_ranges()
    # the scenario's own manifest ranges, drawn with the model's (other classes keep their proportions)
    manifest_ranges = [{"path": f"{kind}_manifest.{name}", "low": lo, "high": hi, "kind": kind, "share": name}
                       for kind in ("cargo", "crew")
                       for name, (lo, hi) in getattr(sc.settlement, f"{kind}_manifest_ranges").items()]
    ranges = model_ranges + manifest_ranges
    values = sample_worlds(ranges, n, sc.campaign.seed)
    base = settlement_parameters()
    plan = build_waves(sc, trajectory) if waves is None else waves

    def world_waves(v: np.ndarray) -> list[ShipWave]:
        if not manifest_ranges:
            return plan
        given: dict[str, dict[str, float]] = {"cargo": {}, "crew": {}}
        for r, x in zip(manifest_ranges, v[len(model_ranges):], strict=True):
            given[r["kind"]][r["share"]] = float(x)
        out = []
        for w in plan:
            shares = given.get(w.kind) or {}
            if not shares:
                out.append(w)
                continue
            fixed = sum(shares.values())
            rest = {k: x for k, x in w.manifest.items() if k not in shares}
            total = sum(rest.values())
            scale = max(1.0 - fixed, 0.0) / total if total > 0 else 0.0
            out.append(dataclasses.replace(w, manifest={**{k: x * scale for k, x in rest.items()}, **shares}))
        return out

    def run(v: np.ndarray) -> tuple[float, float]:
        result = settle(sc, trajectory, runs=runs, parameters=world_parameters(base, model_ranges,
                                                                              v[:len(model_ranges)]),
                        waves=world_waves(v))
        return result.p_self_sustaining, float(np.mean(result.self_sufficiency[:, -1]))

    return worlds_summary(ranges, values, run, runs_per_world=runs, seed=sc.campaign.seed)


def settle_json(sc: Scenario, result: CampaignResult) -> dict[str, Any]:
    """The documented JSON form of a settlement run: :meth:`CampaignResult.to_dict` with the scenario's name."""
    return result.to_dict(sc.name)
