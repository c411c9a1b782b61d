"""Check the scenario's public claims against the computed campaign.

Each claim names a test; each test returns a verdict ("supported", "not
supported" or "depends") and the numbers behind it.  "depends" means the
answer turns on an assumption the numbers cannot settle (a probability
between 10 % and 90 %, or a reactor that carries the load but needs a
second unit for its outages).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.astro.bodies import mu_km3_s2, radius_km
from marsplan.astro.time import tdb_jd_to_iso, utc_to_tdb_jd
from marsplan.errors import InputError
from marsplan.power.catalog import power_catalog
from marsplan.scenario.schema import Claim, Scenario
from marsplan.vehicles.catalog import get_site
from marsplan.vehicles.sites import inclination_ranges_deg

__all__ = ["Verdict", "check_claims"]

SUPPORTED, NOT_SUPPORTED, DEPENDS = "supported", "not supported", "depends"


@dataclass(frozen=True)
class Verdict:
    text: str
    verdict: str
    evidence: str
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "verdict": self.verdict, "evidence": self.evidence, "source": self.source}


def _by_probability(p: float) -> str:
    return SUPPORTED if p >= 0.9 else NOT_SUPPORTED if p < 0.1 else DEPENDS


def _departure_before(claim: Claim, sc: Scenario, trajectory, fleet_plan, refilled) -> Verdict:
    payload = next((m.payload_t_per_ship for m in sc.missions), 100.0) * 1000.0
    n_max = sc.fleet.max_tankers_per_ship
    capability = float(refilled.reachable_c3(payload, n_max))
    daily = trajectory.outbound.daily
    limit_jd = float(utc_to_tdb_jd(claim.date.isoformat()))
    best_c3 = daily.best[0].min(axis=1)
    ok = (daily.departure_tdb_jd <= limit_jd) & (best_c3 <= capability)
    if not ok.any():
        return Verdict(claim.text, NOT_SUPPORTED,
                       f"no departure on or before {claim.date} needs C3 <= {capability:.1f} km^2/s^2, the most a "
                       f"{refilled.ship.name} with {payload / 1000:g} t reaches after {n_max} tanker flights",
                       claim.source)
    first = int(np.argmax(ok))
    window = [i for i in np.nonzero(ok)[0]]
    lowest = window[int(np.argmin(best_c3[window]))]
    tankers = refilled.tankers_needed(payload, float(best_c3[lowest]))
    return Verdict(claim.text, SUPPORTED,
                   f"departures possible from {tdb_jd_to_iso(daily.departure_tdb_jd[first], unit='D')} with C3 "
                   f"{best_c3[first]:.1f}; lowest C3 {best_c3[lowest]:.2f} km^2/s^2 on "
                   f"{tdb_jd_to_iso(daily.departure_tdb_jd[lowest], unit='D')}; a {refilled.ship.name} with "
                   f"{payload / 1000:g} t needs {tankers} tanker flights (at most {n_max} reach C3 {capability:.1f})",
                   claim.source)


def _crew_lands_in(claim: Claim, sc: Scenario, trajectory, fleet_plan, settlement) -> Verdict:
    crew = [m for m in fleet_plan.missions if m.kind == "crew" and m.arrival and m.ship is not None]
    landing = [m for m in crew if m.arrival[:4] == str(claim.year)]
    years = sorted({m.arrival[:4] for m in crew})
    if not landing:
        return Verdict(claim.text, NOT_SUPPORTED,
                       f"no crewed ship of the scenario lands in {claim.year} (crew landings: "
                       f"{', '.join(years) or 'none'})", claim.source)
    q = (1 - sc.fleet.launch_failure_probability) * (1 - sc.fleet.landing_failure_probability)
    ships = sum(m.ships for m in landing)
    p = 1 - (1 - q) ** ships
    entry_ok = all(m.ship.entry_ok for m in landing)
    if not entry_ok:
        return Verdict(claim.text, NOT_SUPPORTED, "the crew transfer enters Mars's atmosphere faster than the "
                       "ship's heat shield allows", claim.source)
    m = landing[0]
    return Verdict(claim.text, _by_probability(p),
                   f"{ships} crewed ship(s) leave {m.departure[:10]} (C3 {m.ship.c3_km2_s2:.2f} km^2/s^2, "
                   f"{m.ship.tankers} tankers each) and land {m.arrival[:10]} at {m.ship.entry_speed_km_s:.2f} km/s "
                   f"entry; P(at least one lands) = {p:.3f} with launch/landing failure "
                   f"{sc.fleet.launch_failure_probability:g}/{sc.fleet.landing_failure_probability:g}", claim.source)


def _reactor_cover(power_kwe: float, availability: float, units: int, load_kw: float) -> tuple[str, int]:
    """Verdict for ``units`` reactors carrying ``load_kw``, and the units the load needs.

    Too few units: not supported.  Enough, with a spare beyond those the load needs (or units that
    are almost never down): supported.  Enough but no spare: depends, since each unit is down
    (1 - availability) of the time.
    """
    needed = math.ceil(load_kw / power_kwe - 1e-12)
    if units < needed:
        return NOT_SUPPORTED, needed
    if units > needed or availability >= 0.999:
        return SUPPORTED, needed
    return DEPENDS, needed


def _reactor_storm(claim: Claim, sc: Scenario, power) -> Verdict:
    r = sc.power.partner_reactor
    load = sc.power.base_load_kw
    if r is None:
        return Verdict(claim.text, DEPENDS, "the scenario names no partner reactor", claim.source)
    fission = next((s for s in power.families if s.family == "fission"), None) if power is not None else None
    units = f"; for 99.9 % of hours at the full {power.load.mean_kw:,.0f} kW load (with ISRU) it takes " \
            f"{fission.reactors} units ({fission.mass_kg / 1000:,.0f} t)" if fission and fission.feasible else ""
    verdict, needed = _reactor_cover(r.power_kwe, r.availability, 1, load)
    if verdict == NOT_SUPPORTED:
        return Verdict(claim.text, verdict, f"one {r.power_kwe:g} kWe unit is below the {load:g} kW base load; "
                       f"{needed} are needed{units}", claim.source)
    if verdict == SUPPORTED:
        return Verdict(claim.text, verdict, f"{r.power_kwe:g} kWe, unaffected by dust, covers the {load:g} kW "
                       f"base load through a 2018-like storm{units}", claim.source)
    return Verdict(claim.text, verdict,
                   f"{r.power_kwe:g} kWe covers the {load:g} kW base load through any dust storm (fission ignores "
                   f"the sky), but with {r.availability:.0%} availability one unit fails the load "
                   f"{(1 - r.availability) * 100:.0f} % of the time: a second unit is needed for 99.9 %{units}",
                   claim.source)


def _self_sustaining(claim: Claim, sc: Scenario, settlement) -> Verdict:
    limit = sc.campaign.start.year + claim.years
    years = settlement.self_sustaining_year
    p = float(np.mean((years >= 0) & (years <= limit)))
    ss = np.median(settlement.self_sufficiency[:, -1])
    pop = np.median(settlement.population[:, -1])
    return Verdict(claim.text, SUPPORTED if p >= 0.5 else DEPENDS if p >= 0.1 else NOT_SUPPORTED,
                   f"P(self-sustaining by {limit:.0f}) = {p:.3f} over {settlement.runs} runs; median at the horizon: "
                   f"{pop:,.0f} people, {ss:.0%} of yearly mass needs made locally (threshold "
                   f"{sc.settlement.self_sufficiency_threshold:.0%}, at least {sc.settlement.min_population} people, "
                   f"{sc.settlement.survival_test_years:g} years without resupply, habitat for everyone); "
                   f"P(settlement lost) = "
                   f"{settlement.p_lost:.3f}", claim.source)


LUNAR_NIGHT_H = 29.530589 * 24.0 / 2.0  # half a synodic month at the equator


def _lunar_reactor(claim: Claim, sc: Scenario) -> Verdict:
    cat = power_catalog()
    if claim.reactor not in cat["reactors"]:
        raise InputError(f"claim {claim.text!r}: reactor {claim.reactor!r} is not in the power catalog "
                         f"(known: {', '.join(sorted(cat['reactors']))})")
    reactor = cat["reactors"][claim.reactor]
    battery = cat["storage"]["li-ion"]
    load = claim.load_kw or 40.0
    storage_kwh = load * LUNAR_NIGHT_H / math.sqrt(battery.round_trip_efficiency) / battery.depth_of_discharge
    battery_t = storage_kwh / battery.specific_energy_wh_kg
    verdict, needed = _reactor_cover(reactor.power_kwe, reactor.availability, claim.units, load)
    fleet = f"{claim.units} x {reactor.name} ({claim.units * reactor.mass_kg / 1000:g} t)"
    carry = f"carr{'ies' if claim.units == 1 else 'y'} {load:g} kW through the {LUNAR_NIGHT_H:.0f}-hour lunar night"
    if verdict == NOT_SUPPORTED:
        cover = f"{fleet}: {claim.units * reactor.power_kwe:g} kWe, below the {load:g} kW load; {needed} units needed"
    elif claim.units > needed:
        cover = f"{fleet} {carry}, with a unit to spare for outages"
    elif verdict == SUPPORTED:
        cover = f"{fleet} {carry}"
    else:
        cover = f"{fleet} {carry}, but each unit is down {(1 - reactor.availability) * 100:.0f} % of the time: " \
                f"a spare unit is needed for 99.9 %"
    return Verdict(claim.text, verdict,
                   f"{cover}; solar would need {storage_kwh:,.0f} kWh of batteries ({battery_t:,.0f} t) for the "
                   f"night alone", claim.source)


def _sites_reach(claim: Claim, sc: Scenario) -> Verdict:
    target = float(claim.inclination_deg)
    alt_km = sc.trajectory.parking_alt_km
    v_circ = math.sqrt(mu_km3_s2("earth") / (radius_km("earth") + alt_km))
    reached, missed = [], []
    for site_id in claim.sites:
        site = get_site(site_id)
        ranges = inclination_ranges_deg(site)
        span = ", ".join(f"{lo:.1f}-{hi:.1f}" for lo, hi in ranges)
        if any(lo - 1e-9 <= target <= hi + 1e-9 for lo, hi in ranges):
            reached.append(f"{site.name} (latitude {site.latitude_deg:.1f}) reaches it directly (inclinations "
                           f"{span} deg)")
            continue
        gap = min(min(abs(target - lo), abs(target - hi)) for lo, hi in ranges)
        dv = 2.0 * v_circ * math.sin(math.radians(gap) / 2.0)
        missed.append(f"{site.name} (latitude {site.latitude_deg:.1f}) reaches only {span} deg: a {gap:.1f} deg "
                      f"plane change in a {alt_km:g} km orbit costs {dv:.2f} km/s")
    verdict = NOT_SUPPORTED if missed else SUPPORTED
    return Verdict(claim.text, verdict, f"target inclination {target:g} deg: " + "; ".join(missed + reached),
                   claim.source)


def check_claims(sc: Scenario, trajectory, fleet_plan, refilled, power, settlement) -> list[Verdict]:
    """A verdict for every claim of the scenario."""
    out = []
    for claim in sc.claims:
        if claim.test == "departure_before":
            out.append(_departure_before(claim, sc, trajectory, fleet_plan, refilled))
        elif claim.test == "crew_lands_in":
            out.append(_crew_lands_in(claim, sc, trajectory, fleet_plan, settlement))
        elif claim.test == "reactor_base_load_through_storm":
            out.append(_reactor_storm(claim, sc, power))
        elif claim.test == "self_sustaining_within":
            out.append(_self_sustaining(claim, sc, settlement))
        elif claim.test == "sites_reach_inclination":
            out.append(_sites_reach(claim, sc))
        else:
            out.append(_lunar_reactor(claim, sc))
    return out
