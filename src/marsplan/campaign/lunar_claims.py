"""The lunar claims, decided by physics with their margins (:mod:`marsplan.campaign.verdict`).

- ``lunar_reactor_delivered_by``: :func:`lunar_delivery_verdict`, the payload margin of the best way the
  named vehicles land the unit (:mod:`marsplan.vehicles.lunar`: a storable or a cryogenic lander in one
  launch, or two launches meeting in lunar orbit) against the launchers' stated payload uncertainty.
- ``lunar_reactor_through_night``: :func:`lunar_reactor_verdict`, the hourly power simulation
  (:mod:`marsplan.power`) of the claimed reactor units at the claim's site, and the lightest solar-only
  system meeting the same reliability there.

Long March 5 sent Chang'e-5's 8.2 t towards the Moon (CNSA, 2020), enough for a 1.5 t unit and its
lander by 2.6 t, beyond the 5 % (0.41 t) uncertainty of that figure; and one 40 kWe unit of availability
0.97 misses its 40 kW load 3 % of the hours (its yearly outage of 0.03 x 8505 h = 255 h):

>>> from marsplan.campaign.lunar_claims import lunar_delivery_verdict, reactor_lolp
>>> from marsplan.power.catalog import get_power_site, power_catalog
>>> from marsplan.scenario import parse_scenario
>>> from marsplan.scenario.schema import Claim
>>> sc = parse_scenario('''
... [campaign]
... name = "moon"
... title = "A reactor on the Moon"
... start = "2026-01-01"
... ''')
>>> claim = Claim(text="A 1.5 t reactor lands on the Moon by 2035", test="lunar_reactor_delivered_by",
...               year=2035, mass_t=1.5, vehicles=["long-march-5"], site="lunar-south-pole")
>>> v = lunar_delivery_verdict(claim, sc)
>>> v.verdict, v.margin
('supported', 'Long March 5, one launch, cryogenic lander: margin +2.6 +- 0.4 t')
>>> one = reactor_lolp(get_power_site("lunar-south-pole"), power_catalog()["reactors"]["fsp-40"], 1, 40.0,
...                    batch_years=20, max_years=20)
>>> round(one.lolp, 4), one.outage_h
(0.03, 255.0)
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.campaign.verdict import DEPENDS, MARGINAL, NOT_SUPPORTED, SUPPORTED, Decision, Verdict, decide
from marsplan.errors import InputError
from marsplan.power.catalog import PowerSite, ReactorSpec, get_power_site, power_catalog
from marsplan.scenario.schema import Claim, Scenario

__all__ = ["RELIABILITY", "LolpEstimate", "lunar_delivery_verdict", "lunar_reactor_verdict", "reactor_lolp",
           "reactor_output", "solar_alternatives"]

RELIABILITY = 0.999
"""The reliability a lunar settlement's power must reach: loss-of-load probability at most 0.1 %."""

_SOLAR_FAMILIES = ("solar+battery", "solar+fuel-cell")


def _lunar_site(claim: Claim) -> PowerSite:
    assert claim.site is not None  # required by the claim's schema
    site = get_power_site(claim.site)
    if site.body != "moon":
        raise InputError(f"claim {claim.text!r}: site {claim.site!r} is on {site.body}, not the Moon")
    return site


# ---------------------------------------------------------------- delivery


def _option_text(o: Any) -> str:
    if not math.isfinite(o.required_kg):
        return f"{o.name}: no lander reaches the delta-v"
    if o.kind == "refilled":
        return (f"refilled by {o.tankers} tanker flights, lands up to {o.capacity_kg / 1000:.1f} +- "
                f"{o.uncertainty_kg / 1000:.1f} t (margin {o.margin_kg / 1000:+.1f} t)")
    masses = " + ".join(f"{m / 1000:.1f}" for m in o.launch_masses_kg)
    return f"{o.name} {masses} t (margin {o.margin_kg / 1000:+.1f} t)"


def _delivery_decision(d: Any, o: Any) -> Decision:
    fraction = o.uncertainty_kg / o.capacity_kg if o.capacity_kg > 0 else 0.0
    what = "landed payload" if o.kind == "refilled" else "trans-lunar payload"
    less = "the unit" if o.kind == "refilled" else "what the heaviest launch must carry"
    return Decision(f"{d.name}, {o.name}: payload margin ({what} less {less})",
                    o.margin_kg / 1000.0, 0.0,
                    o.uncertainty_kg / 1000.0,
                    f"{fraction:.0%} of {o.capacity_kg / 1000:.1f} t, the stated uncertainty of its {what} (moon.toml)",
                    unit="t")


def lunar_delivery_verdict(claim: Claim, sc: Scenario) -> Verdict:
    """Whether one unit of ``mass_t`` can be landed at the claim's site by ``year`` with the named vehicles.

    Each vehicle's options (one launch with a storable or a cryogenic lander, two launches meeting in low
    lunar orbit, or a refilled Starship with its tankers) and its best one come from
    :func:`~marsplan.vehicles.lunar.deliver_to_moon` with the insertion of the cheapest transfer of the first
    week of ``year``.  The decision is the best option's payload margin (the launcher's trans-lunar payload
    less the heaviest launch's mass, in t) against 0, uncertain by the launcher's stated payload uncertainty
    (``moon.toml``: 5 % of a published figure, 10 % of an unflown design target, 15 % of marsplan's launcher
    model); :func:`~marsplan.campaign.verdict.decide` gives its class.  First flights: a vehicle first flying after
    ``year`` cannot; one not yet flown by the campaign's start but planned by ``year`` counts only as
    "depends".  So: supported when a flown vehicle's best option clearly fits; depends when only a vehicle not
    yet flown clearly fits; marginal when the best fit is within its uncertainty; not supported otherwise.
    """
    from marsplan.campaign.moon import lunar_delivery
    from marsplan.vehicles.lunar import best_option, moon_catalog

    assert claim.year is not None and claim.mass_t is not None and claim.vehicles  # the claim's schema
    site = _lunar_site(claim)
    best, deliveries = lunar_delivery(sc, claim.mass_t, claim.year, vehicles=list(claim.vehicles))
    now = sc.campaign.start.year
    flown: list[tuple[Any, Any]] = []
    planned: list[tuple[Any, Any]] = []
    parts: list[str] = []
    for d in deliveries:
        if d.first_flight is not None and d.first_flight > claim.year:
            parts.append(f"{d.name}: first flight {d.first_flight}, after {claim.year}")
            continue
        is_planned = d.first_flight is not None and d.first_flight > now
        when = f" (first flight planned {d.first_flight})" if is_planned else ""
        option = d.best
        if option is None:
            continue
        (planned if is_planned else flown).append((d, option))
        if option.kind == "refilled":
            head = f"{d.name}{when}"
        else:
            head = (f"{d.name}{when}: {option.capacity_kg / 1000:.1f} +- {option.uncertainty_kg / 1000:.1f} t to "
                    "the Moon")
        shown = "; ".join(_option_text(o) for o in d.options)
        verdict_word = "clearly fits" if option.clear else "fits within its uncertainty" if option.fits else \
            "does not fit"
        parts.append(f"{head}; {shown}; best: {option.name}, {verdict_word}")

    def pick(group: list[tuple[Any, Any]]) -> tuple[Any, Any] | None:
        chosen = best_option([o for _, o in group])
        return next(((d, o) for d, o in group if o is chosen), None)

    def judge(pair: tuple[Any, Any] | None) -> str:
        # no lander reaching the delta-v (no finite margin) cannot deliver: not "marginal"
        if pair is None or not math.isfinite(pair[1].margin_kg):
            return NOT_SUPPORTED
        return decide(_delivery_decision(*pair))

    best_flown, best_planned = pick(flown), pick(planned)
    v_flown, v_planned = judge(best_flown), judge(best_planned)
    deciding: tuple[Any, Any] | None
    if v_flown == SUPPORTED:
        verdict, deciding = SUPPORTED, best_flown
    elif v_planned == SUPPORTED:
        verdict, deciding = DEPENDS, best_planned
    elif MARGINAL in (v_flown, v_planned):
        verdict = MARGINAL
        deciding = best_flown if v_flown == MARGINAL else best_planned
    else:
        verdict, deciding = NOT_SUPPORTED, pick([x for x in (best_flown, best_planned) if x is not None])
    descent = moon_catalog().descent.llo_to_surface_dv_km_s
    evidence = (f"{claim.mass_t:g} t unit to {site.name} by {claim.year}: LOI {best.loi_dv_km_s:.2f} km/s and "
                f"descent {descent:.2f} km/s; " + "; ".join(parts))
    if deciding is None:
        return Verdict(claim.text, NOT_SUPPORTED, evidence, claim.source, "no named vehicle flies by then")
    d, o = deciding
    decision = _delivery_decision(d, o)
    if_flies = f" if it flies by {claim.year}" if verdict == DEPENDS else ""
    margin = (f"{d.name}{if_flies}, {o.name}: margin {decision.margin:+.1f} +- {decision.uncertainty:.1f} t"
              if math.isfinite(decision.margin) else f"{d.name}: no lander reaches the delta-v")
    return Verdict(claim.text, verdict, f"{evidence}. Decision: {decision.text()}", claim.source, margin, decision)


# ---------------------------------------------------------------- the reactor through the night


@dataclass(frozen=True)
class LolpEstimate:
    """A simulated loss-of-load probability and its two Monte Carlo standard errors over the sampled years."""

    lolp: float
    two_se: float
    years: int
    outage_h: float  # each unit's one outage a year

    @property
    def basis(self) -> str:
        return f"2 Monte Carlo standard errors over {self.years:,} simulated years"


def _environment(site: PowerSite, load_kw: float, years: int, seed: int) -> Any:
    from marsplan.power.environments import LoadProfile, environment

    array = next(iter(power_catalog()["arrays"].values()))
    return environment(site, array, LoadProfile(load_kw), years, seed)


def reactor_output(env: Any, reactors: tuple[tuple[float, float], ...]) -> np.ndarray:
    """:meth:`marsplan.power.simulation.Environment.reactor_kw`, the same array from the same random draws
    (one outage block per unit and year, starting at a seeded random step), built block by block instead of
    by a modulo over every step: the simulation of many thousand years spends its time there otherwise."""
    out = np.zeros((env.years, env.steps), dtype=np.float32)
    if not reactors:
        return out
    rng = np.random.default_rng(env.seed + 7919)
    steps = env.steps
    for power, availability in reactors:
        outage = int(round((1.0 - availability) * steps))
        starts = rng.integers(0, steps, size=env.years)
        unit = np.full((env.years, steps), power, dtype=np.float32)
        if outage > 0:
            for y, start in enumerate(starts.tolist()):
                end = start + outage
                unit[y, start:min(end, steps)] = 0.0
                if end > steps:
                    unit[y, :end - steps] = 0.0
        out += unit
    return out


@functools.lru_cache(maxsize=64)
def reactor_lolp(site: PowerSite, reactor: ReactorSpec, units: int, load_kw: float, *, threshold: float = 0.001,
                 batch_years: int | None = None, max_years: int | None = None, seed: int = 1) -> LolpEstimate:
    """The loss-of-load probability of ``units`` reactors carrying ``load_kw`` at ``site`` in the hourly
    simulation (:func:`marsplan.power.simulation.simulate`; each unit has one forced outage a year of
    (1 - availability) of the year, starting at a random hour).  Batches of sampled years run until the
    estimate is two standard errors from ``threshold``, or ``max_years`` (``moon.toml``'s ``[reactor_claim]``)."""
    from marsplan.power.simulation import System, simulate
    from marsplan.vehicles.lunar import moon_catalog

    rc = moon_catalog().reactor_claim
    batch, most = batch_years or rc.batch_years, max_years or rc.max_years
    env = _environment(site, load_kw, batch, seed)
    reactors = ((reactor.power_kwe, reactor.availability),) * units
    per_year: list[np.ndarray] = []
    years = 0
    k = 0
    while True:
        batch_env = dataclasses.replace(env, seed=seed + 1000 * k)
        result = simulate(batch_env, System(reactors=reactors), reactor_kw=reactor_output(batch_env, reactors))
        per_year.append(result.unmet_steps / result.steps)
        years += env.years
        k += 1
        x = np.concatenate(per_year)
        mean = float(x.mean())
        two_se = 2.0 * float(x.std(ddof=1)) / math.sqrt(x.size) if x.size > 1 else math.inf
        if abs(mean - threshold) > two_se or years + env.years > most:
            break
    outage = round((1.0 - reactor.availability) * env.steps) * env.step_h
    return LolpEstimate(mean, two_se, years, outage)


@functools.lru_cache(maxsize=64)
def solar_alternatives(site: PowerSite, load_kw: float, reliability: float = RELIABILITY) -> tuple[Any, ...]:
    """The lightest solar + battery and solar + fuel-cell systems carrying ``load_kw`` at ``site`` to
    ``reliability`` (:func:`marsplan.power.sizing.size_family`).  One sampled year: the Moon's sky is the
    same every year (no dust, no weather), so more years would repeat it."""
    import numba

    from marsplan.power.sizing import size_family

    cat = power_catalog()
    env = _environment(site, load_kw, 1, 1)
    kwargs = dict(array=next(iter(cat["arrays"].values())), battery=cat["storage"]["li-ion"],
                  fuel_cell=cat["storage"]["rfc"], reactor=next(iter(cat["reactors"].values())),
                  reliability=reliability)
    # one year has nothing to split between threads: the hundreds of short runs of the search go faster on
    # one (the setting is this thread's own, and restored)
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        return tuple(size_family(f, env, **kwargs) for f in _SOLAR_FAMILIES)
    finally:
        numba.set_num_threads(threads)


def _longest_dark_h(site: PowerSite, load_kw: float) -> float:
    env = _environment(site, load_kw, 1, 1)
    dark = ~np.asarray(env.daylight, dtype=bool)
    longest = run = 0
    for d in dark:
        run = run + 1 if d else 0
        longest = max(longest, run)
    return float(longest * env.step_h)


@dataclass(frozen=True)
class _Buffer:
    storage: str
    usable_kwh: float
    mass_kg: float
    lolp: float


def _bridging_buffer(site: PowerSite, reactor: ReactorSpec, units: int, load_kw: float,
                     target: float) -> _Buffer | None:
    """The lightest storage (battery or fuel cell) that brings ``units`` reactors to ``target``: the least
    usable energy found by bisection on the simulated LOLP (every sampled year starts with it full)."""
    from marsplan.power.simulation import System, simulate

    cat = power_catalog()
    env = _environment(site, load_kw, 200, 1)
    reactor_kw = reactor_output(env, ((reactor.power_kwe, reactor.availability),) * units)
    outage_h = (1.0 - reactor.availability) * env.steps * env.step_h
    best: _Buffer | None = None
    for sid in ("li-ion", "rfc"):
        spec = cat["storage"][sid]
        eta = spec.round_trip_efficiency

        def lolp(usable: float, eta: float = eta) -> float:
            return simulate(env, System(0.0, usable, eta), reactor_kw=reactor_kw).loss_of_load_probability

        hi = load_kw * outage_h * units / math.sqrt(eta) * 1.05
        if lolp(hi) > target:
            continue
        lo = 0.0
        for _ in range(40):
            mid = 0.5 * (lo + hi)
            lo, hi = (lo, mid) if lolp(mid) <= target else (mid, hi)
            if hi - lo < max(0.5, 1e-2 * hi):
                break
        mass = hi / spec.depth_of_discharge * 1000.0 / spec.specific_energy_wh_kg
        if best is None or mass < best.mass_kg:
            best = _Buffer(spec.name, hi, mass, lolp(hi))
    return best


def lunar_reactor_verdict(claim: Claim, sc: Scenario) -> Verdict:
    """Whether ``units`` of the claim's reactor power a ``load_kw`` settlement at the claim's lunar site,
    decided by the hourly power simulation (:mod:`marsplan.power`).

    Decision rule:

    1. *Reliability* (decision A): the claimed units' loss-of-load probability (LOLP) in the simulation
       (each unit down one block of (1 - availability) of the year, at a random hour; batches of sampled
       years until the estimate is two Monte Carlo standard errors from the target, see
       :func:`reactor_lolp`) against the 0.1 % target (reliability 0.999), uncertain by those two standard
       errors.  If the claimed units cannot carry the load even with every unit up (LOLP = 1), the claim is
       **not supported**.  If they carry it but their outages break the target, the reactor system that
       reaches it is the lighter of the fewest more units that do (the binomial count, checked by the
       simulation) and, where the units have power to spare to recharge it, the claimed units plus the
       least storage that bridges their outages (simulated); none found: **not supported**.
    2. *What the reactor buys over solar* (decision B): the lightest solar-only system (solar + battery or
       solar + fuel cell, :func:`solar_alternatives`) meeting the same target through the site's nights,
       less the mass of the reactor system that meets it (units x unit mass, plus any buffer), in t,
       against 0; uncertain by the stated model uncertainty of masses (``moon.toml``'s
       ``[reactor_claim]``: 25 % of storage-dominated solar and buffer masses, 10 % of reactor masses, in
       quadrature).  Solar clearly lighter: **not supported** (the reactor buys nothing at this site);
       within the uncertainty: **marginal**.
    3. Otherwise (the reactor system is clearly lighter): **supported** when the claimed units meet the
       target (A supported), **marginal** when A is within its uncertainty, and **depends** when only more
       units (or the buffer) reach it.  The verdict carries decision A, or B where B settled the class.

    The site enters through the solar system: about 150 h of longest darkness at the south-polar ridge,
    354 h at the equator (``power_sites.toml``), so the margin differs between them.
    """
    from marsplan.power.sizing import fission_outage_probability
    from marsplan.vehicles.lunar import moon_catalog

    cat = power_catalog()
    site = _lunar_site(claim)
    if claim.reactor not in cat["reactors"]:
        raise InputError(f"claim {claim.text!r}: reactor {claim.reactor!r} is not in the power catalog "
                         f"(known: {', '.join(sorted(cat['reactors']))})")
    reactor: ReactorSpec = cat["reactors"][claim.reactor]
    load = float(claim.load_kw or 40.0)
    rc = moon_catalog().reactor_claim
    target = 1.0 - RELIABILITY
    units = claim.units
    night_h = site.longest_darkness_h
    simulated_night = _longest_dark_h(site, load)
    claimed = reactor_lolp(site, reactor, units, load, threshold=target)
    dec_a = Decision(f"loss-of-load probability of {units} x {reactor.name} carrying {load:g} kW", claimed.lolp,
                     target, claimed.two_se, claimed.basis, sense="<=")
    v_a = decide(dec_a)
    fleet = f"{units} x {reactor.name} ({units * reactor.mass_kg / 1000:g} t, {units * reactor.power_kwe:g} kWe)"
    head = (f"{fleet} for {load:g} kW through the {night_h:.0f}-hour longest darkness at {site.name} (simulated: "
            f"{simulated_night:.0f} h): LOLP {claimed.lolp:.5f} +- {claimed.two_se:.5f} over {claimed.years:,} "
            f"simulated years against {target:g} (each unit down {(1 - reactor.availability):.0%} of the year, "
            f"one {claimed.outage_h:.0f}-hour outage)")
    solar = solar_alternatives(site, load)
    feasible = [s for s in solar if s.feasible]
    lightest = min(feasible, key=lambda s: s.mass_kg, default=None)
    solar_text = "; ".join(
        f"{s.family} {s.mass_kg / 1000:,.1f} t ({s.array_area_m2:,.0f} m2 of arrays, {s.storage_kwh:,.0f} kWh "
        f"of storage, LOLP {s.result.loss_of_load_probability:.5f})" if s.feasible and s.result is not None
        else f"{s.family}: none meets the target ({s.note})" for s in solar)
    solar_text = f"lightest solar-only systems meeting {RELIABILITY:g} there: {solar_text}"
    needed = max(1, math.ceil(load / reactor.power_kwe - 1e-12))

    def done(verdict: str, evidence: str, margin: str, decision: Decision, mass: Decision | None = None) -> Verdict:
        decisions = f"reliability: {dec_a.text()}" + ("" if mass is None else f"; mass: {mass.text()}")
        return Verdict(claim.text, verdict, f"{evidence}. Decisions: {decisions}", claim.source, margin, decision)

    if units < needed:
        return done(NOT_SUPPORTED, f"{head}; {units * reactor.power_kwe:g} kWe is below the {load:g} kW load even "
                    f"with every unit up: {needed} units carry it; {solar_text}",
                    f"{units} unit(s), {units * reactor.power_kwe:g} kWe for {load:g} kW: LOLP "
                    f"{claimed.lolp:.3f}", dec_a)
    # the reactor system that meets the target: the claimed units, or more units, or the units and a buffer
    system_units, buffer, remedy = units, None, ""
    if v_a == NOT_SUPPORTED:
        n = next((k for k in range(max(units + 1, needed), units + 400)
                  if fission_outage_probability(k, reactor.availability, needed) <= target), None)
        more: tuple[int, LolpEstimate] | None = None
        for k in ([] if n is None else range(n, n + 3)):
            estimate = reactor_lolp(site, reactor, k, load, threshold=target)
            if decide(Decision("", estimate.lolp, target, estimate.two_se, "", sense="<=")) != NOT_SUPPORTED:
                more = (k, estimate)
                break
        bridge = _bridging_buffer(site, reactor, units, load, target)
        spare = units * reactor.power_kwe > load
        texts = []
        if more is not None:
            k, estimate = more
            texts.append(f"{k} units ({k * reactor.mass_kg / 1000:g} t) reach it: LOLP {estimate.lolp:.5f} +- "
                         f"{estimate.two_se:.5f} over {estimate.years:,} years")
        if bridge is not None:
            where = ("" if spare else "; the units have no power to spare to recharge it, so it needs another "
                     "source and is not counted")
            texts.append(f"a {bridge.storage} buffer of {bridge.usable_kwh:,.0f} kWh usable "
                         f"({bridge.mass_kg / 1000:,.1f} t) would bridge the outages{where}")
        remedy = "; ".join(texts) if texts else "no reactor system of these units reaches it"
        with_buffer = units * reactor.mass_kg + bridge.mass_kg if bridge is not None and spare else math.inf
        with_units = more[0] * reactor.mass_kg if more is not None else math.inf
        if not (math.isfinite(with_buffer) or math.isfinite(with_units)):
            return done(NOT_SUPPORTED, f"{head}: short of the target; {remedy}; {solar_text}",
                        f"LOLP {claimed.lolp:.4f} against {target:g}; no reactor system reaches it", dec_a)
        if with_buffer < with_units:
            buffer = bridge
        else:
            assert more is not None
            system_units = more[0]
        remedy = f": short of the target; {remedy}"
    units_kg = system_units * reactor.mass_kg
    buffer_kg = buffer.mass_kg if buffer is not None else 0.0
    system_kg = units_kg + buffer_kg
    system_name = f"{system_units} unit{'s' if system_units != 1 else ''}" + (
        f" and a {buffer.usable_kwh:,.0f} kWh {buffer.storage} buffer" if buffer is not None else "")
    if lightest is None:
        # no solar system reaches the target at all: the reactor is the only way, decided by A alone
        verdict = {SUPPORTED: SUPPORTED, MARGINAL: MARGINAL}.get(v_a, DEPENDS)
        return done(verdict, f"{head}{remedy}; {solar_text}",
                    f"{system_name} ({system_kg / 1000:,.1f} t) reach {RELIABILITY:g}; no solar system does", dec_a)
    uncertainty = math.hypot(rc.solar_mass_fraction * lightest.mass_kg, rc.reactor_mass_fraction * units_kg,
                             rc.solar_mass_fraction * buffer_kg)
    dec_b = Decision(f"mass of the lightest solar-only system ({lightest.family}) less the reactor system's "
                     f"({system_name})", (lightest.mass_kg - system_kg) / 1000.0, 0.0, uncertainty / 1000.0,
                     f"stated model uncertainty of masses: {rc.solar_mass_fraction:.0%} of solar and storage, "
                     f"{rc.reactor_mass_fraction:.0%} of reactors, in quadrature (moon.toml)", unit="t")
    v_b = decide(dec_b)
    compare = (f"the reactor system ({system_name}, {system_kg / 1000:,.1f} t) against {lightest.family} "
               f"({lightest.mass_kg / 1000:,.1f} t): {dec_b.margin:+,.1f} +- {dec_b.uncertainty:,.1f} t in the "
               "reactor's favour")
    evidence = f"{head}{remedy}; {solar_text}; {compare}"
    short = f"{units} unit(s): LOLP {claimed.lolp:.4f} against {target:g}"
    if v_b == NOT_SUPPORTED:
        return done(NOT_SUPPORTED, evidence, f"{lightest.family} {lightest.mass_kg / 1000:,.1f} t is lighter than "
                    f"{system_name} ({system_kg / 1000:,.1f} t)", dec_b, dec_b)
    if v_b == MARGINAL:
        return done(MARGINAL, evidence, f"{system_name} {system_kg / 1000:,.1f} t against {lightest.family} "
                    f"{lightest.mass_kg / 1000:,.1f} t: within the mass uncertainty", dec_b, dec_b)
    buys = f"{dec_b.margin:,.1f} t lighter than {lightest.family} ({lightest.mass_kg / 1000:,.1f} t)"
    if v_a == SUPPORTED:
        return done(SUPPORTED, evidence, f"{short}; {buys}", dec_a, dec_b)
    if v_a == MARGINAL:
        return done(MARGINAL, evidence, f"{short}, within its uncertainty; {buys}", dec_a, dec_b)
    return done(DEPENDS, evidence, f"{short}; {system_name} ({system_kg / 1000:,.1f} t) reach it, {buys}", dec_a,
                dec_b)
