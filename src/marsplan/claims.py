"""Check the scenario's public claims against the computed campaign.

Each claim names a test; each test returns a verdict ("supported", "not
supported" or "depends") and the numbers behind it.  "depends" means the
answer turns on an assumption the numbers cannot settle (a probability
between 10 % and 90 %, a reactor that carries the load but needs a second
unit for its outages, or a launch plan of which only part fits the window).

Crew landings are probabilities from the settlement Monte Carlo, where
crews fly only if the uncrewed landings of the last earlier window went
well (the scenario's ``crew_gate_landed_fraction``), and only on ships that
reach the window's C3 and survive its entry speed.  A departure claim
needs both a transfer the ship can fly and the launches (ships and their
tankers) to fit between the first tanker launch, ``days_in_orbit`` before
the window opens, and the window's close, from the scenario's pads at its
pad turnaround.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.astro.bodies import mu_km3_s2, radius_km
from marsplan.astro.time import tdb_jd_to_iso, utc_to_tdb_jd
from marsplan.errors import InputError
from marsplan.power.catalog import get_power_site, power_catalog
from marsplan.scenario.schema import Claim, Scenario
from marsplan.vehicles.catalog import get_site
from marsplan.vehicles.sites import inclination_ranges_deg

__all__ = ["Verdict", "check_claims", "launch_slots"]

SUPPORTED, NOT_SUPPORTED, DEPENDS = "supported", "not supported", "depends"


@dataclass(frozen=True)
class Verdict:
    text: str
    verdict: str
    evidence: str
    source: str = ""
    margin: str = ""  # the number that decided the verdict, against what it had to reach

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "verdict": self.verdict, "margin": self.margin, "evidence": self.evidence,
                "source": self.source}


def _by_probability(p: float) -> str:
    return SUPPORTED if p >= 0.9 else NOT_SUPPORTED if p < 0.1 else DEPENDS


def launch_slots(open_days: float, days_in_orbit: float, pads: int, turnaround_days: float) -> int:
    """Launches ``pads`` pads make between the first tanker launch, ``days_in_orbit`` before a window opens,
    and its close ``open_days`` later: one at the start and one each turnaround, per pad."""
    span = max(open_days, 0.0) + days_in_orbit
    return pads * (int(math.floor(span / turnaround_days + 1e-9)) + 1)


def _departure_before(claim: Claim, sc: Scenario, trajectory, fleet_plan, refilled) -> Verdict:
    assert claim.date is not None  # required by the claim's schema
    limit_jd = float(utc_to_tdb_jd(claim.date.isoformat()))
    leaving = [m for m in fleet_plan.missions if m.ship is not None and m.departure
               and float(utc_to_tdb_jd(m.departure)) <= limit_jd]
    payload = (leaving[0].ship.payload_kg if leaving else
               next((m.payload_t_per_ship for m in sc.missions), 100.0) * 1000.0)
    n_max = sc.fleet.max_tankers_per_ship
    tof = float(np.mean([(utc_to_tdb_jd(m.arrival) - utc_to_tdb_jd(m.departure)) for m in leaving])) if leaving \
        else 0.0
    capability = float(refilled.reachable_c3(payload, n_max, tof))
    daily = trajectory.outbound.daily
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
    tankers = refilled.tankers_needed(payload, float(best_c3[lowest]), tof_days=tof)
    # the days the window stays open at this capability, on either side of its lowest C3
    step = float(np.median(np.diff(daily.departure_tdb_jd))) if daily.departure_tdb_jd.size > 1 else 1.0
    feasible = best_c3 <= capability
    a = b = lowest
    while a > 0 and feasible[a - 1]:
        a -= 1
    while b + 1 < feasible.size and feasible[b + 1] and daily.departure_tdb_jd[b + 1] <= limit_jd:
        b += 1
    open_days = float(daily.departure_tdb_jd[b] - daily.departure_tdb_jd[a]) + step
    opts = sc.fleet
    slots = launch_slots(open_days, opts.days_in_orbit, opts.pads, opts.pad_turnaround_days)
    planned_ships = sum(m.ships for m in leaving)
    needed = sum(m.launches for m in leaving) if leaving else 1 + tankers
    one_ship = 1 + tankers
    rate = (f"{needed} launches ({planned_ships} ships and their tankers) against {slots} slots: the window is "
            f"open {open_days:.0f} days at this capability, plus {opts.days_in_orbit:g} days of tanker flights "
            f"before it, from {opts.pads} pad(s) at one launch every {opts.pad_turnaround_days:g} days")
    lead = (f"departures possible from {tdb_jd_to_iso(daily.departure_tdb_jd[first], unit='D')} with C3 "
            f"{best_c3[first]:.1f}; lowest C3 {best_c3[lowest]:.2f} km^2/s^2 on "
            f"{tdb_jd_to_iso(daily.departure_tdb_jd[lowest], unit='D')}; a {refilled.ship.name} with "
            f"{payload / 1000:g} t needs {tankers} tanker flights (at most {n_max} reach C3 {capability:.1f}); ")
    margin = f"{needed} launches needed, {slots} slots"
    if needed <= slots:
        return Verdict(claim.text, SUPPORTED, lead + rate, claim.source, margin)
    if one_ship <= slots:
        return Verdict(claim.text, DEPENDS, lead + rate + f"; only {slots // one_ship} ship(s) can leave",
                       claim.source, margin)
    return Verdict(claim.text, NOT_SUPPORTED, lead + rate + "; not even one ship's launches fit", claim.source,
                   margin)


def _crew_probability(year: int, sc: Scenario, fleet_plan, settlement) -> tuple[float, str]:
    p = settlement.p_crew_lands_in(year)
    planned = [m for m in fleet_plan.missions if m.kind == "crew" and m.arrival and m.arrival[:4] == str(year)
               and m.ship is not None]
    limits = "; ".join(f"{m.mission}: {m.ships} ship(s) leave {m.departure[:10]}, C3 {m.ship.c3_km2_s2:.2f}, "
                       f"{m.ship.tankers} tankers each, entry {m.ship.entry_speed_km_s:.2f} km/s"
                       f"{'' if m.ship.entry_ok else ' (over the heat shield limit)'}" for m in planned)
    return p, limits or f"no crewed ship of the scenario is planned to land in {year}"


def _crew_rule(sc: Scenario, settlement) -> str:
    f = sc.fleet
    return (f"crews fly only if {f.crew_gate_landed_fraction:.0%} of the last earlier window's uncrewed ships landed; "
            f"launch/landing failure {f.launch_failure_probability:g}/{f.landing_failure_probability:g}; "
            f"{settlement.runs} runs")


def _crew_lands_in(claim: Claim, sc: Scenario, trajectory, fleet_plan, settlement) -> Verdict:
    assert claim.year is not None  # required by the claim's schema
    p, limits = _crew_probability(claim.year, sc, fleet_plan, settlement)
    return Verdict(claim.text, _by_probability(p),
                   f"P(a crew lands in {claim.year}) = {p:.3f} ({_crew_rule(sc, settlement)}); {limits}",
                   claim.source, f"P = {p:.2f}; supported from 0.9, not below 0.1")


def _crew_likelier_in(claim: Claim, sc: Scenario, fleet_plan, settlement) -> Verdict:
    assert claim.year is not None and claim.than_year is not None  # required by the claim's schema
    p, limits = _crew_probability(claim.year, sc, fleet_plan, settlement)
    q, _ = _crew_probability(claim.than_year, sc, fleet_plan, settlement)
    n = settlement.runs
    # two standard errors of the difference of two Monte Carlo proportions
    noise = 2.0 * math.sqrt((p * (1 - p) + q * (1 - q)) / n)
    verdict = SUPPORTED if p - q > noise else NOT_SUPPORTED if q - p > noise else DEPENDS
    return Verdict(claim.text, verdict,
                   f"P(a crew lands in {claim.year}) = {p:.3f} against {q:.3f} in {claim.than_year} "
                   f"(difference {p - q:+.3f}, Monte Carlo noise {noise:.3f}; {_crew_rule(sc, settlement)}); {limits}",
                   claim.source, f"P {p:.2f} vs {q:.2f}; the difference must exceed {noise:.2f}")


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
    units = (f"; to carry the {power.load.base_kw:g} kW firm load 99.9 % of the time and give the propellant plant "
             f"its {power.load.isru_kw:,.0f} kW average it takes {fission.reactors} units "
             f"({fission.mass_kg / 1000:,.0f} t)") if fission and fission.feasible else ""
    verdict, needed = _reactor_cover(r.power_kwe, r.availability, 1, load)
    margin = f"1 unit of {r.power_kwe:g} kWe for {load:g} kW, {r.availability:.0%} available; 99.9 % needs a spare"
    if verdict == NOT_SUPPORTED:
        return Verdict(claim.text, verdict, f"one {r.power_kwe:g} kWe unit is below the {load:g} kW base load; "
                       f"{needed} are needed{units}", claim.source, margin)
    if verdict == SUPPORTED:
        return Verdict(claim.text, verdict, f"{r.power_kwe:g} kWe, unaffected by dust, covers the {load:g} kW "
                       f"base load through a 2018-like storm{units}", claim.source, margin)
    return Verdict(claim.text, verdict,
                   f"{r.power_kwe:g} kWe covers the {load:g} kW base load through any dust storm (fission ignores "
                   f"the sky), but with {r.availability:.0%} availability one unit fails the load "
                   f"{(1 - r.availability) * 100:.0f} % of the time: a second unit is needed for 99.9 %{units}",
                   claim.source, margin)


def _self_sustaining(claim: Claim, sc: Scenario, settlement) -> Verdict:
    assert claim.years is not None  # required by the claim's schema
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
                   f"{settlement.p_lost:.3f}", claim.source,
                   f"P = {p:.2f}; supported from 0.5, not below 0.1; median {ss:.0%} made locally")


def _lunar_delivery(claim: Claim, sc: Scenario) -> Verdict:
    """Whether one unit of ``mass_t`` and its lander can be landed at the site by ``year`` with the named
    vehicles (one launch each, or a refilled Starship with its tankers).  A vehicle whose first flight is
    after the year cannot; one that has not flown by the campaign's start but is planned to before the
    year makes the verdict depend on it."""
    from marsplan.orchestrate import refilled_ship
    from marsplan.trajectory.lunar import first_week_transfer
    from marsplan.vehicles.lunar import deliver_to_moon

    assert claim.year is not None and claim.mass_t is not None and claim.vehicles and claim.site
    site = get_power_site(claim.site)
    if site.body != "moon":
        raise InputError(f"claim {claim.text!r}: site {claim.site!r} is on {site.body}, not the Moon")
    best = first_week_transfer(claim.year)
    deliveries = deliver_to_moon(claim.mass_t * 1000.0, loi_dv_km_s=best.loi_dv_km_s,
                                 tli_c3_km2_s2=best.tli_c3_km2_s2, tof_days=best.tof_days,
                                 vehicles=list(claim.vehicles), refilled=refilled_ship(sc),
                                 max_tankers=sc.fleet.max_tankers_per_ship)
    now = sc.campaign.start.year
    flown: list[Any] = []
    planned: list[Any] = []
    parts: list[str] = []
    for d in deliveries:
        if d.first_flight is not None and d.first_flight > claim.year:
            parts.append(f"{d.name}: first flight {d.first_flight}, after {claim.year}")
            continue
        when = f" (first flight planned {d.first_flight})" if d.first_flight and d.first_flight > now else ""
        if d.feasible:
            (planned if when else flown).append(d)
            what = f"{d.launches} launch{'es' if d.launches != 1 else ''}"
            parts.append(f"{d.name}{when}: {what}, {d.note}")
        else:
            parts.append(f"{d.name}{when}: cannot, {d.note}")
    verdict = SUPPORTED if flown else DEPENDS if planned else NOT_SUPPORTED
    evidence = (f"{claim.mass_t:g} t unit to {site.name}: LOI {best.loi_dv_km_s:.2f} km/s and descent; "
                + "; ".join(parts))
    capacity = max((d.tli_payload_kg or 0.0 for d in deliveries), default=0.0)
    with_lander = next((d.mass_at_tli_kg for d in deliveries if d.mass_at_tli_kg and d.vehicle != "starship"), None)
    margin = (f"unit and lander {with_lander / 1000:.1f} t; largest to the Moon {capacity / 1000:.1f} t"
              if with_lander else f"{len(flown) + len(planned)} vehicle(s) can")
    return Verdict(claim.text, verdict, evidence, claim.source, margin)


def _lunar_reactor(claim: Claim, sc: Scenario) -> Verdict:
    cat = power_catalog()
    assert claim.site is not None  # required by the claim's schema
    site = get_power_site(claim.site)
    if site.body != "moon":
        raise InputError(f"claim {claim.text!r}: site {claim.site!r} is on {site.body}, not the Moon")
    night_h = site.longest_darkness_h
    if claim.reactor not in cat["reactors"]:
        raise InputError(f"claim {claim.text!r}: reactor {claim.reactor!r} is not in the power catalog "
                         f"(known: {', '.join(sorted(cat['reactors']))})")
    reactor = cat["reactors"][claim.reactor]
    battery = cat["storage"]["li-ion"]
    load = claim.load_kw or 40.0
    storage_kwh = load * night_h / math.sqrt(battery.round_trip_efficiency) / battery.depth_of_discharge
    battery_t = storage_kwh / battery.specific_energy_wh_kg
    verdict, needed = _reactor_cover(reactor.power_kwe, reactor.availability, claim.units, load)
    fleet = f"{claim.units} x {reactor.name} ({claim.units * reactor.mass_kg / 1000:g} t)"
    carry = (f"carr{'ies' if claim.units == 1 else 'y'} {load:g} kW through the {night_h:.0f}-hour longest darkness "
             f"at {site.name}")
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
                   f"{cover}; solar would need {storage_kwh:,.0f} kWh of batteries ({battery_t:,.0f} t) for that "
                   f"darkness alone", claim.source,
                   f"{claim.units} unit(s) for {load:g} kW, {needed} needed; a spare for 99.9 %")


def _sites_reach(claim: Claim, sc: Scenario) -> Verdict:
    assert claim.inclination_deg is not None and claim.sites is not None  # required by the claim's schema
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
                   claim.source, f"{len(reached)} of {len(claim.sites)} sites reach {target:g} deg directly")


def _tug_delivers(claim: Claim, sc: Scenario) -> Verdict:
    """Whether the scenario's tug, on one trip from its activation orbit, leaves at least ``mass_t`` of cargo
    in Mars orbit within ``years`` (spirals and the heliocentric leg included)."""
    from marsplan.orchestrate import tug_trip

    assert claim.mass_t is not None and claim.years is not None  # required by the claim's schema
    d = tug_trip(sc)
    assert d is not None  # the scenario's validator requires [tug] for this claim
    limit_days = claim.years * 365.25
    name = d.design.name
    if not d.feasible:
        return Verdict(claim.text, NOT_SUPPORTED, f"{name}: no heliocentric transfer found ({d.transfer.message})",
                       claim.source, "no transfer")
    payload_t = d.payload_kg / 1e3
    trip_years = d.trip_days / 365.25
    ok = payload_t >= claim.mass_t and d.trip_days <= limit_days
    evidence = (f"{name}, {d.design.power_w / 1e3:,.0f} kWe, stack {d.stack_mass_kg / 1e3:,.0f} t at "
                f"{d.design.activation_altitude_km:,.0f} km: spiral out {d.earth_spiral.time_days:,.0f} d, to Mars "
                f"{d.transfer.tof_days:,.0f} d, spiral down {d.mars_spiral.time_days:,.0f} d; "
                f"{payload_t:,.1f} t of cargo in {trip_years:.2f} years ({d.launches} launches)")
    margin = f"{payload_t:,.1f} t in {trip_years:.2f} years against {claim.mass_t:g} t within {claim.years:g}"
    return Verdict(claim.text, SUPPORTED if ok else NOT_SUPPORTED, evidence, claim.source, margin)


EVIDENCE_SECTION = {
    "departure_before": "trajectory", "crew_lands_in": "settlement", "crew_likelier_in": "settlement",
    "reactor_base_load_through_storm": "power", "self_sustaining_within": "settlement",
    "lunar_reactor_through_night": "the-moon", "lunar_reactor_delivered_by": "the-moon",
    "sites_reach_inclination": "earth-orbit", "tug_delivers": "nuclear-electric-cargo",
}
"""Claim test -> the report section (anchor) holding its evidence."""


def check_claims(sc: Scenario, trajectory, fleet_plan, refilled, power, settlement) -> list[Verdict]:
    """A verdict for every claim of the scenario."""
    out = []
    for claim in sc.claims:
        if claim.test == "departure_before":
            out.append(_departure_before(claim, sc, trajectory, fleet_plan, refilled))
        elif claim.test == "crew_lands_in":
            out.append(_crew_lands_in(claim, sc, trajectory, fleet_plan, settlement))
        elif claim.test == "crew_likelier_in":
            out.append(_crew_likelier_in(claim, sc, fleet_plan, settlement))
        elif claim.test == "reactor_base_load_through_storm":
            out.append(_reactor_storm(claim, sc, power))
        elif claim.test == "self_sustaining_within":
            out.append(_self_sustaining(claim, sc, settlement))
        elif claim.test == "sites_reach_inclination":
            out.append(_sites_reach(claim, sc))
        elif claim.test == "lunar_reactor_delivered_by":
            out.append(_lunar_delivery(claim, sc))
        elif claim.test == "tug_delivers":
            out.append(_tug_delivers(claim, sc))
        else:
            out.append(_lunar_reactor(claim, sc))
    return out
