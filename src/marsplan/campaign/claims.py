"""Check the scenario's public claims against the computed campaign.

Each claim names a test; each test returns a :class:`~marsplan.campaign.verdict.Verdict` decided by one number
against one threshold, with the margin's uncertainty, under the convention of :mod:`marsplan.campaign.verdict`
(supported / marginal / depends / not supported; probability claims: supported from P = 0.9, not
supported below 0.1, marginal within two standard errors of the deciding threshold).

Crew landings are probabilities from the settlement Monte Carlo, where crews fly only if the uncrewed
landings of the last earlier window went well (the scenario's ``crew_gate_landed_fraction``), only on
ships that reach the window's C3 and survive its entry speed, and only as many as the launch schedule
lets leave; each crew wave must also keep its dose, entry speeds and abort within limits
(:mod:`marsplan.campaign.crew_claims`).  A departure claim reads the same launch schedule
(:func:`marsplan.campaign.stages.launch_plan`): the ships it lets leave by the claim's date, against the ships
planned.

A claim that reads no stage: the space station's plane (51.64 deg) is reached directly from Baikonur
(45.9 deg north) and Florida (28.6 deg), but not from Vostochny, which lies at 51.9 deg, north of it:

>>> from marsplan.campaign.claims import check_claims
>>> from marsplan.scenario import parse_scenario
>>> sc = parse_scenario('''
... [campaign]
... name = "station"
... title = "Crews to the space station"
... start = "2026-01-01"
... [[claims]]
... text = "Crews keep flying to the space station from Baikonur and from Florida"
... test = "sites_reach_inclination"
... sites = ["baikonur", "kennedy"]
... inclination_deg = 51.64
... [[claims]]
... text = "Vostochny launches straight into the station's plane"
... test = "sites_reach_inclination"
... sites = ["vostochny"]
... inclination_deg = 51.64
... ''')
>>> [(v.verdict, v.margin) for v in check_claims(sc, None, None, None, None, None)]
[('supported', '2 of 2 sites reach 51.64 deg directly'), ('not supported', '0 of 1 sites reach 51.64 deg directly')]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from marsplan.astro.bodies import mu_km3_s2, radius_km
from marsplan.astro.time import utc_to_tdb_jd
from marsplan.campaign.crew_claims import crew_follows_cargo_verdict, crew_lands_verdict, crew_likelier_verdict
from marsplan.campaign.fleet import REFILL_FIELDS
from marsplan.campaign.lunar_claims import lunar_delivery_verdict, lunar_reactor_verdict
from marsplan.campaign.verdict import (
    DEPENDS,
    MARGINAL,
    NOT_SUPPORTED,
    SUPPORTED,
    Decision,
    Verdict,
    by_probability,
    decide,
)
from marsplan.errors import InputError
from marsplan.lru import LRUCache
from marsplan.scenario.schema import Claim, Scenario
from marsplan.vehicles.catalog import get_site
from marsplan.vehicles.schedule import launch_slots
from marsplan.vehicles.sites import inclination_ranges_deg

if TYPE_CHECKING:
    from marsplan.campaign.crew import CrewWave
    from marsplan.power.analysis import PowerAnalysis
    from marsplan.settlement.assumptions import AssumptionWorlds
    from marsplan.settlement.model import CampaignResult
    from marsplan.trajectory.campaign import CampaignTrajectory
    from marsplan.vehicles.fleet import FleetPlan
    from marsplan.vehicles.refill import RefilledShip
    from marsplan.vehicles.schedule import LaunchSchedule

T = TypeVar("T")

__all__ = ["CLAIM_TESTS", "ClaimStages", "SCENARIO_ONLY_TESTS", "Verdict", "check_claims", "launch_slots",
           "scenario_only_verdicts", "verdicts"]

TANKER_MODEL_UNCERTAINTY = 0.10
"""Stated model uncertainty of the propellant one tanker flight delivers (SpaceX has quoted 100 to 150 t
per tanker; marsplan models one figure): tanker counts move by this fraction either way."""
TUG_MODEL_UNCERTAINTY = 0.01
"""Stated model uncertainty of a tug's cargo, as a fraction of its stack mass: the spread between the
trip's models (Sims-Flanagan against zero-order hold, integrated spirals against Edelbaum's formula)."""
RELIABILITY_TARGET = 0.999
"""A reliable power source meets its firm load 99.9 % of the hours (the power stage's sizing target)."""


def _departure_before(claim: Claim, sc: Scenario, trajectory: CampaignTrajectory, schedule: LaunchSchedule
                      ) -> Verdict:
    """The ships planned to leave by the claim's date against those the launch schedule lets leave.

    Supported when every planned ship's launches fit, depends when only some ships can leave, not
    supported when none can; the deciding number is the window's launch slots against the launches the
    planned ships need (ships and tankers), uncertain by the tanker model (:data:`TANKER_MODEL_UNCERTAINTY`).
    """
    assert claim.date is not None  # required by the claim's schema
    limit_jd = float(utc_to_tdb_jd(claim.date.isoformat()))
    by_name = {m.name: m for m in sc.missions}
    chosen = [d for d in trajectory.departures
              if d.point is not None and d.point.departure_tdb_jd <= limit_jd and d.opportunity is not None]
    if not chosen:
        daily = trajectory.outbound.daily
        possible = bool((daily.departure_tdb_jd <= limit_jd).any() and np.isfinite(daily.best[0]).any())
        return Verdict(claim.text, NOT_SUPPORTED,
                       f"no mission of the scenario has a transfer leaving on or before {claim.date}"
                       f"{'' if possible else ' (no window opens by then)'}", claim.source, "no departure",
                       Decision("ships leaving by the date", 0.0, 1.0, 0.0, "exact count", "ships"))
    windows = sorted({d.opportunity for d in chosen if d.opportunity is not None})
    planned = leaving = needed = slots = 0
    spread = 0.0
    parts: list[str] = []
    for label in windows:
        w = schedule.window(label)
        if w is None:
            continue
        slots += w.slots
        for r, n in zip(w.requests, w.ships_leaving, strict=True):
            if r.waited_from or r.label not in by_name:
                continue
            planned += r.ships
            leaving += n
            needed += r.ships * r.launches_per_ship if r.can_fly else 0
            tankers = r.launches_per_ship - 1
            spread += r.ships * max(math.ceil(tankers * (1 + TANKER_MODEL_UNCERTAINTY)) - tankers,
                                    tankers - math.floor(tankers * (1 - TANKER_MODEL_UNCERTAINTY)))
            what = (f"{r.label}: {n} of {r.ships} ship(s) leave, {r.launches_per_ship} launches each "
                    f"({r.launches_per_ship - 1} tankers)" if r.can_fly else
                    f"{r.label}: cannot reach the window's C3 with its payload")
            parts.append(what)
        parts.append(f"window {label}: open {w.open_days:.0f} days under the C3 limit, plus "
                     f"{schedule.days_in_orbit:g} days of tanker flights before it: {w.slots} launch slots")
    decision = Decision(f"launch slots by {claim.date}", float(slots), float(needed), spread,
                        f"tanker counts at +-{TANKER_MODEL_UNCERTAINTY:.0%} propellant per tanker flight",
                        "launches")
    year = claim.date.year
    rate = (f"launch sites {schedule.rate.describe()} ({schedule.rate.launches_per_year(year):.0f} launches a year "
            f"in {year})")
    evidence = "; ".join(parts) + f"; {rate}"
    margin = f"{needed} launches needed, {slots} slots; {leaving} of {planned} ships leave"
    if decision.within_uncertainty:
        verdict = MARGINAL
    elif leaving >= planned:
        verdict = SUPPORTED
    elif leaving > 0:
        verdict = DEPENDS
        evidence += f"; only {leaving} of {planned} ships can leave"
    else:
        verdict = NOT_SUPPORTED
        evidence += "; not even one ship's launches fit"
    return Verdict(claim.text, verdict, evidence, claim.source, margin, decision)


def _reactor_storm(claim: Claim, sc: Scenario, power: PowerAnalysis | None) -> Verdict:
    """The offered plant's simulated supply through the site's sampled years (dust storms included, fission
    is blind to them) against the firm base load, beside the solar alternative and its storm year.

    Decided by the loss-of-load probability of one offered unit against 1 - :data:`RELIABILITY_TARGET`,
    uncertain by two Monte Carlo standard errors over the simulated years; the unit's life against the
    campaign's horizon says how many units the campaign needs in turn."""
    from marsplan.power.analysis import plant_supply
    from marsplan.power.spec import ReactorSpec

    r = sc.power.partner_reactor
    load = sc.power.base_load_kw
    if r is None:
        return Verdict(claim.text, DEPENDS, "the scenario names no partner reactor", claim.source, "no reactor")
    spec = ReactorSpec(**r.model_dump()) if not isinstance(r, ReactorSpec) else r
    years = max(sc.power.runs, 60)
    one = plant_supply(sc.power.site, load, spec, 1, years=years, seed=sc.campaign.seed)
    two = plant_supply(sc.power.site, load, spec, 2, years=years, seed=sc.campaign.seed)
    target = 1.0 - RELIABILITY_TARGET
    decision = Decision(f"loss-of-load probability of one {r.power_kwe:g} kWe unit", one.lolp, target,
                        one.lolp_uncertainty, f"2 Monte Carlo standard errors over {one.years} simulated years",
                        sense="<=")
    verdict = decide(decision)
    storms = (f"in the {one.storm_years} simulated years with a global dust storm it misses the load "
              f"{(one.lolp_storm_years or 0.0):.1%} of the hours, in the others {(one.lolp_clear_years or 0.0):.1%}"
              if one.lolp_storm_years is not None else "")
    horizon = sc.campaign.horizon_years
    life = (f"; its {r.lifetime_years:g}-year life covers {min(r.lifetime_years, horizon):g} of the campaign's "
            f"{horizon} years: {math.ceil(horizon / r.lifetime_years - 1e-9)} units in turn")
    solar = ""
    if power is not None:
        fam = {s.family: s for s in power.families}
        alt = fam.get(sc.power.alternative if sc.power.alternative != "none" else "solar+battery")
        fission = fam.get("fission")
        if alt is not None and alt.feasible:
            worst = power.storm_results.get(alt.family)
            unmet = f", {float(worst.unmet_kwh.max()):,.0f} kWh unmet in a 2018-like storm year" if worst else ""
            solar = (f"; the {alt.family} alternative for the same loads weighs {alt.mass_kg / 1000:,.1f} t "
                     f"({alt.array_area_m2:,.0f} m^2, {alt.storage_kwh:,.0f} kWh){unmet}")
        if fission is not None and fission.feasible:
            solar += (f"; with the propellant plant's {power.load.isru_kw:,.0f} kW the fission family needs "
                      f"{fission.reactors} units ({fission.mass_kg / 1000:,.0f} t)")
    evidence = (f"one {r.power_kwe:g} kWe unit ({r.mass_kg / 1000:g} t, {r.availability:.0%} available) carrying the "
                f"{load:g} kW base load at {sc.power.site}: loss of load {one.lolp:.2%} of the hours ({storms}); two "
                f"units: {two.lolp:.3%} (target {target:.1%}){life}{solar}")
    return Verdict(claim.text, verdict, evidence, claim.source,
                   f"one unit misses the load {one.lolp:.2%} of hours, target {target:.1%}; two units {two.lolp:.3%}",
                   decision)


def _self_sustaining(claim: Claim, sc: Scenario, settlement: CampaignResult, worlds: AssumptionWorlds | None,
                     trajectory: CampaignTrajectory | None = None) -> Verdict:
    """P(self-sustaining by the year) at the point values of the settlement model, under the probability
    convention; ``worlds`` (:func:`marsplan.campaign.stages.city_over_assumptions`, or None) adds the same over
    the plausible ranges of marsplan's own assumptions and the assumptions that decide it."""
    assert claim.years is not None  # required by the claim's schema
    limit = sc.campaign.start.year + claim.years
    years = settlement.self_sustaining_year
    p = float(np.mean((years >= 0) & (years <= limit)))
    ss = np.median(settlement.self_sufficiency[:, -1])
    pop = np.median(settlement.population[:, -1])
    verdict, decision = by_probability(p, settlement.runs, f"P(self-sustaining by {limit:.0f})")
    evidence = (f"P(self-sustaining by {limit:.0f}) = {p:.3f} over {settlement.runs} runs; median at the horizon: "
                f"{pop:,.0f} people, {ss:.0%} of yearly mass needs made locally (threshold "
                f"{sc.settlement.self_sufficiency_threshold:.0%}, at least {sc.settlement.min_population} people, "
                f"{sc.settlement.survival_test_years:g} years without resupply, habitat for everyone); "
                f"P(settlement lost) = {settlement.p_lost:.3f}")
    windows = sum(1 for op in trajectory.outbound if op.best() is not None) if trajectory is not None else 0
    evidence += (f"; outside figures: SpaceX's 2016 architecture put a self-sustaining civilization at 20 to 50 "
                 f"Mars windows and 40 to 100 years (Musk, IAC 2016, 'Making Humans a Multi-Planetary Species'), "
                 f"this claim allows {claim.years:g} years and the survey finds {windows} windows")
    margin = f"P = {p:.2f} +- {decision.uncertainty:.2f} against {decision.threshold:g}; median {ss:.0%} made locally"
    details = None
    if worlds is not None:
        names = ", ".join(f"{path} ({rho:+.2f})" for path, rho in worlds.deciders[:3])
        evidence += (f"; over the plausible ranges of marsplan's own assumptions "
                     f"({worlds.worlds} worlds x {worlds.runs_per_world} runs): mean P = {worlds.mean_p:.2f}, "
                     f"P >= {worlds.works_from:g} in {worlds.share_working:.0%} of worlds; deciding assumptions "
                     f"(rank correlation with self-sufficiency): {names}")
        margin += f"; works in {worlds.share_working:.0%} of plausible worlds"
        details = {"over_assumption_ranges": worlds.to_dict()}
    return Verdict(claim.text, verdict, evidence, claim.source, margin, decision, details)


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
    gaps = [0.0]
    for site_id in claim.sites:
        ranges = inclination_ranges_deg(get_site(site_id))
        if not any(lo - 1e-9 <= target <= hi + 1e-9 for lo, hi in ranges):
            gaps.append(min(min(abs(target - lo), abs(target - hi)) for lo, hi in ranges))
    decision = Decision("largest plane change a site needs", max(gaps), 0.0, 0.0,
                        "exact: launch azimuth geometry (Vallado 2013, eq. 6-21)", "deg", "<=")
    return Verdict(claim.text, decide(decision), f"target inclination {target:g} deg: " + "; ".join(missed + reached),
                   claim.source, f"{len(reached)} of {len(claim.sites)} sites reach {target:g} deg directly", decision)


def _tug_delivers(claim: Claim, sc: Scenario) -> Verdict:
    """Whether the scenario's tug, on one trip from its activation orbit, leaves at least ``mass_t`` of cargo
    in Mars orbit within ``years`` (spirals and the heliocentric leg included)."""
    from marsplan.campaign.nuclear import tug_trip

    assert claim.mass_t is not None and claim.years is not None  # required by the claim's schema
    d = tug_trip(sc)
    assert d is not None  # the scenario's validator requires [tug] for this claim
    limit_days = claim.years * 365.25
    name = d.design.name
    if not d.feasible:
        return Verdict(claim.text, NOT_SUPPORTED, f"{name}: no heliocentric transfer found ({d.transfer.message})",
                       claim.source, "no transfer",
                       Decision("cargo delivered", 0.0, claim.mass_t, 0.0, "no transfer", "t"))
    payload_t = d.payload_kg / 1e3
    trip_years = d.trip_days / 365.25
    ok = payload_t >= claim.mass_t and d.trip_days <= limit_days
    evidence = (f"{name}, {d.design.power_w / 1e3:,.0f} kWe, stack {d.stack_mass_kg / 1e3:,.0f} t at "
                f"{d.design.activation_altitude_km:,.0f} km: spiral out {d.earth_spiral.time_days:,.0f} d, to Mars "
                f"{d.transfer.tof_days:,.0f} d, spiral down {d.mars_spiral.time_days:,.0f} d; "
                f"{payload_t:,.1f} t of cargo in {trip_years:.2f} years ({d.launches} launches)")
    margin = f"{payload_t:,.1f} t in {trip_years:.2f} years against {claim.mass_t:g} t within {claim.years:g}"
    # the cargo counts only if it arrives in time; a late trip delivers nothing within the claim's years
    delivered = payload_t if d.trip_days <= limit_days else 0.0
    decision = Decision(f"cargo in Mars orbit within {claim.years:g} years", delivered, claim.mass_t,
                        TUG_MODEL_UNCERTAINTY * d.stack_mass_kg / 1e3,
                        f"{TUG_MODEL_UNCERTAINTY:.0%} of the stack mass: the trip models' stated spread", "t")
    verdict = decide(decision) if ok or decision.within_uncertainty else NOT_SUPPORTED
    return Verdict(claim.text, verdict, evidence, claim.source, margin, decision)


EVIDENCE_SECTION = {
    "departure_before": "trajectory", "crew_lands_in": "settlement", "crew_likelier_in": "settlement",
    "crew_follows_cargo": "settlement",
    "reactor_base_load_through_storm": "power", "self_sustaining_within": "settlement",
    "lunar_reactor_through_night": "the-moon", "lunar_reactor_delivered_by": "the-moon",
    "sites_reach_inclination": "earth-orbit", "tug_delivers": "nuclear-electric-cargo",
}
"""Claim test -> the report section (anchor) holding its evidence."""


class ClaimStages:
    """The stages the claims' tests may read, each computed only when a claim needs it: ``sc`` and, per stage,
    a callable returning it (None: the caller has no such stage; a claim that needs it says so).  Each callable
    runs at most once.  The launch schedule defaults to :func:`~marsplan.campaign.fleet.launch_plan` on the
    trajectory, the plausible worlds to :func:`~marsplan.campaign.settlement.city_over_assumptions`."""

    def __init__(self, sc: Scenario, trajectory: Callable[[], CampaignTrajectory | None] | None = None,
                 fleet: Callable[[], FleetPlan | None] | None = None,
                 refilled: Callable[[], RefilledShip | None] | None = None,
                 power: Callable[[], PowerAnalysis | None] | None = None,
                 settlement: Callable[[], CampaignResult | None] | None = None,
                 schedule: Callable[[], LaunchSchedule | None] | None = None,
                 worlds: Callable[[], AssumptionWorlds | None] | None = None,
                 crew: Callable[[], list[CrewWave] | None] | None = None):
        from marsplan.campaign.fleet import launch_plan
        from marsplan.campaign.settlement import city_over_assumptions

        self.scenario = sc
        self.trajectory = _once(trajectory)
        self.fleet = _once(fleet)
        self.refilled = _once(refilled)
        self.power = _once(power)
        self.settlement = _once(settlement)

        def default_schedule() -> LaunchSchedule | None:
            traj = self.trajectory()
            return None if traj is None else launch_plan(sc, traj)[0]

        def default_worlds() -> AssumptionWorlds | None:
            traj = self.trajectory()
            return None if traj is None else city_over_assumptions(sc, traj)

        def default_crew() -> list[CrewWave] | None:
            # dose and entry speeds; the aborts' free-return search (seconds) is the campaign's to run
            from marsplan.campaign.crew import crew_waves

            traj = self.trajectory()
            return None if traj is None else crew_waves(sc, traj, None)

        self.schedule = _once(schedule or default_schedule)
        self.worlds = _once(worlds or default_worlds)
        self.crew = _once(crew or default_crew)


def _once(get: Callable[[], T | None] | None) -> Callable[[], T | None]:
    if get is None:
        return lambda: None
    kept: list[T | None] = []

    def stage() -> T | None:
        if not kept:
            kept.append(get())
        return kept[0]

    return stage


CLAIM_TESTS: dict[str, Callable[[Claim, ClaimStages], Verdict]] = {
    "departure_before": lambda c, s: _departure_before(c, s.scenario, _given(s.trajectory(), c),
                                                       _given(s.schedule(), c)),
    "crew_lands_in": lambda c, s: crew_lands_verdict(c, s.scenario, s.trajectory(), _given(s.settlement(), c),
                                                     s.schedule(), s.crew()),
    "crew_likelier_in": lambda c, s: crew_likelier_verdict(c, s.scenario, s.trajectory(),
                                                           _given(s.settlement(), c), s.schedule(), s.crew()),
    "crew_follows_cargo": lambda c, s: crew_follows_cargo_verdict(c, s.scenario, _given(s.trajectory(), c),
                                                                  _given(s.settlement(), c), s.crew()),
    "reactor_base_load_through_storm": lambda c, s: _reactor_storm(c, s.scenario, s.power()),
    "self_sustaining_within": lambda c, s: _self_sustaining(c, s.scenario, _given(s.settlement(), c), s.worlds(),
                                                            s.trajectory()),
    "sites_reach_inclination": lambda c, s: _sites_reach(c, s.scenario),
    "lunar_reactor_delivered_by": lambda c, s: _remembered(lunar_delivery_verdict, c, s.scenario),
    "lunar_reactor_through_night": lambda c, s: _remembered(lunar_reactor_verdict, c, s.scenario),
    "tug_delivers": lambda c, s: _tug_delivers(c, s.scenario),
}
"""Claim test (a scenario's ``[[claims]] test``) -> the check that decides it from the stages it reads."""


SCENARIO_ONLY_TESTS = frozenset({"lunar_reactor_delivered_by", "lunar_reactor_through_night", "sites_reach_inclination",
                                 "tug_delivers"})
"""Claim tests that read the scenario alone (no trajectory, fleet, power or settlement stage)."""


def scenario_only_verdicts(sc: Scenario) -> list[Verdict]:
    """The verdicts of ``sc``'s claims that read the scenario alone: what a plan can decide beside the chain
    (each is remembered per process, so the chain's own check of them finds them done)."""
    stages = ClaimStages(sc)
    return [CLAIM_TESTS[c.test](c, stages) for c in sc.claims if c.test in SCENARIO_ONLY_TESTS]


def verdicts(stages: ClaimStages) -> list[Verdict]:
    """A verdict for every claim of ``stages.scenario``, in the scenario's order."""
    return [CLAIM_TESTS[claim.test](claim, stages) for claim in stages.scenario.claims]


def check_claims(sc: Scenario, trajectory: CampaignTrajectory | None, fleet_plan: FleetPlan | None,
                 refilled: RefilledShip | None, power: PowerAnalysis | None, settlement: CampaignResult | None, *,
                 schedule: LaunchSchedule | None = None, worlds: AssumptionWorlds | None | str = "scenario"
                 ) -> list[Verdict]:
    """A verdict for every claim of the scenario, from stages already computed (None: not computed).

    ``schedule``: the launch schedule (:func:`marsplan.campaign.fleet.launch_plan`; computed when a claim needs
    it and none is given); ``worlds``: the campaign over its assumption ranges
    (:func:`marsplan.campaign.settlement.city_over_assumptions`), computed with the scenario's settings by default,
    None to skip it (a study's points).  :class:`marsplan.campaign.Campaign` computes its stages lazily instead."""
    stages = ClaimStages(sc, lambda: trajectory, lambda: fleet_plan, lambda: refilled, lambda: power,
                         lambda: settlement, None if schedule is None else (lambda: schedule),
                         None if isinstance(worlds, str) else (lambda: worlds))
    return verdicts(stages)


def _given(stage: T | None, claim: Claim) -> T:
    """A stage the claim's test reads, or a clear error when the caller did not compute it."""
    if stage is None:
        raise InputError(f"claim {claim.text!r} ({claim.test}) needs the campaign's trajectory, launch schedule "
                         f"and settlement: pass them to check_claims")
    return stage


_LUNAR_VERDICTS: LRUCache[Verdict] = LRUCache(64)


def _remembered(check: Callable[[Claim, Scenario], Verdict], claim: Claim, sc: Scenario) -> Verdict:
    """A lunar verdict, kept per process (bounded): the reactor's depends only on the claim, the delivery's
    also on what makes the refilled ship (the fleet's vehicles, site, orbit and refilling, the scenario's own
    vehicles) and the campaign's start: a study's points and a server's requests repeat them."""
    key: tuple[str, ...] = (check.__name__, claim.model_dump_json())
    if check is not lunar_reactor_verdict:
        key += (sc.fleet.model_dump_json(include=REFILL_FIELDS), str(sc.trajectory.parking_alt_km),
                "|".join(v.model_dump_json() for v in sc.vehicles), str(sc.campaign.start.year))
    return _LUNAR_VERDICTS.get_or_compute(key, lambda: check(claim, sc))
