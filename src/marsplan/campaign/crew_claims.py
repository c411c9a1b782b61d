"""The crew claims: that crews land in a year, more likely in one year than another, or some years after the
first cargo, decided by the settlement Monte Carlo's landing probability (:mod:`marsplan.campaign.verdict`'s
probability convention) and, for every crew wave landing then, by its dose, entry speeds and abort
(:mod:`marsplan.campaign.crew`): the worst of them decides, and its number is the claim's margin.

A landing that is likely but whose crew takes more than its career limit is not supported, and says so:

>>> from marsplan.campaign.crew_claims import with_crew_side
>>> from marsplan.campaign.verdict import Decision, Verdict
>>> likely = Verdict("Crews land in 2031", "supported", "P(a crew lands in 2031) = 0.97", "", "P = 0.97",
...                  Decision("P(a crew lands in 2031)", 0.97, 0.9, 0.01, "Wilson"))
>>> with_crew_side(likely, [], (2031, 2031)).verdict     # no crew wave lands then: the probability decides
'supported'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from marsplan.astro.time import tdb_jd_to_iso
from marsplan.campaign.crew import CrewWave, worst
from marsplan.campaign.verdict import NOT_SUPPORTED, SUPPORTED, VERDICTS, Decision, Verdict, by_probability, decide
from marsplan.scenario.schema import Claim, Scenario

if TYPE_CHECKING:
    from marsplan.settlement.model import CampaignResult
    from marsplan.trajectory.campaign import CampaignTrajectory
    from marsplan.vehicles.schedule import LaunchSchedule

__all__ = ["crew_follows_cargo_verdict", "crew_lands_verdict", "crew_likelier_verdict", "crew_probability",
           "crew_rule", "crew_side", "with_crew_side"]


def crew_probability(year: int, sc: Scenario, trajectory: CampaignTrajectory | None, settlement: CampaignResult,
                      schedule: LaunchSchedule | None) -> tuple[float, str]:
    p = settlement.p_crew_lands_in(year)
    notes = {d.mission: d for d in (trajectory.departures if trajectory is not None else [])}
    parts = []
    for m in sc.missions:
        d = notes.get(m.name)
        if m.kind != "crew" or d is None or d.point is None or d.point.arrival[:4] != str(year):
            continue
        leave = schedule.ships_leaving(d.opportunity or "", m.name) if schedule is not None else m.ships
        parts.append(f"{m.name}: {leave} of {m.ships} ship(s) can launch {d.point.departure[:10]} (launch slots), "
                     f"C3 {d.point['c3_km2_s2']:.2f}, {d.point.tof_days:.0f} days; {d.note}")
    return p, "; ".join(parts) or f"no crewed ship of the scenario is planned to land in {year}"


def crew_rule(sc: Scenario, settlement: CampaignResult) -> str:
    f = sc.fleet
    return (f"crews fly only if {f.crew_gate_landed_fraction:.0%} of the last earlier window's uncrewed ships landed; "
            f"launch/landing failure {f.launch_failure_probability:g}/{f.landing_failure_probability:g}; "
            f"{settlement.runs} runs")


def crew_side(waves: list[CrewWave] | None, years: tuple[int, int]) -> tuple[list[str], list[tuple[str, Decision]]]:
    """The crew waves landing from ``years[0]`` to ``years[1]``: one line of evidence each, and their decisions
    (dose, entry speeds, abort; :mod:`marsplan.campaign.crew`)."""
    if waves is None:
        return ["the crew's dose, entry speeds and abort were not assessed (no trajectory stage)"], []
    lines, decisions = [], []
    for w in waves:
        year = int(str(tdb_jd_to_iso(w.arrival_tdb_jd, "D"))[:4])
        if not years[0] <= year <= years[1]:
            continue
        d = w.dose
        parts = [f"dose {d.central_msv:,.0f} mSv (5-95 % {d.percentile_msv(5):,.0f}-{d.percentile_msv(95):,.0f})",
                 f"Mars entry {w.mars_entry_km_s:.2f} km/s"]
        if w.earth_entry_km_s is not None:
            parts.append(f"Earth return entry {w.earth_entry_km_s:.2f} km/s")
        if w.abort is not None:
            parts.append(f"abort: {w.abort['kind']} launching {w.abort['launch_utc'][:10]}, "
                         f"{w.abort['duration_days']:.0f} days, entry {w.abort['entry_speed_km_s']:.2f} km/s")
        failing = [f"{name} {decide(dec)}" for name, dec in w.decisions.items() if decide(dec) != SUPPORTED]
        lines.append(f"{w.mission}: " + ", ".join(parts) + (f" ({'; '.join(failing)})" if failing else "")
                     + "".join(f"; {n}" for n in w.notes))
        decisions += [(f"{w.mission} {name}", dec) for name, dec in w.decisions.items()]
    return lines, decisions


def with_crew_side(verdict: Verdict, waves: list[CrewWave] | None, years: tuple[int, int]) -> Verdict:
    """``verdict`` (the probability that crews land) also requiring its crew waves' dose, entry speeds and abort:
    the worst of them decides, and its number becomes the claim's margin."""
    lines, decisions = crew_side(waves, years)
    if not lines:
        return verdict
    evidence = verdict.evidence + "; crews: " + "; ".join(lines)
    ranked = [(decide(d), name, d) for name, d in decisions]
    final = worst([verdict.verdict] + [v for v, _, _ in ranked])
    details = {**(verdict.details or {}), "landing": {"verdict": verdict.verdict, "margin": verdict.margin,
                                                      "decision": None if verdict.decision is None
                                                      else verdict.decision.to_dict()},
               "crews": {name: {**d.to_dict(), "verdict": v} for v, name, d in ranked}}
    if final == verdict.verdict or not ranked:
        return Verdict(verdict.text, final, evidence, verdict.source, verdict.margin, verdict.decision, details)
    _, name, deciding = max(ranked, key=lambda r: VERDICTS.index(r[0]))
    unit = f" {deciding.unit}" if deciding.unit else ""
    margin = (f"{name}: {deciding.quantity} = {deciding.value:.3g}{unit} against {deciding.sense} "
              f"{deciding.threshold:g}{unit}")
    if "; dose " in deciding.basis:  # the dose itself, beside the probability it gives
        margin += f" ({deciding.basis.split('; ', 1)[1]})"
    return Verdict(verdict.text, final, evidence, verdict.source, margin, deciding, details)


def crew_lands_verdict(claim: Claim, sc: Scenario, trajectory: CampaignTrajectory | None, settlement: CampaignResult,
                   schedule: LaunchSchedule | None, waves: list[CrewWave] | None = None) -> Verdict:
    assert claim.year is not None  # required by the claim's schema
    p, limits = crew_probability(claim.year, sc, trajectory, settlement, schedule)
    verdict, decision = by_probability(p, settlement.runs, f"P(a crew lands in {claim.year})")
    return with_crew_side(Verdict(claim.text, verdict,
                                   f"P(a crew lands in {claim.year}) = {p:.3f} ({crew_rule(sc, settlement)}); "
                                   f"{limits}", claim.source,
                                   f"P = {p:.2f} +- {decision.uncertainty:.2f} against {decision.threshold:g}",
                                   decision), waves, (claim.year, claim.year))


def crew_likelier_verdict(claim: Claim, sc: Scenario, trajectory: CampaignTrajectory | None, settlement: CampaignResult,
                      schedule: LaunchSchedule | None, waves: list[CrewWave] | None = None) -> Verdict:
    assert claim.year is not None and claim.than_year is not None  # required by the claim's schema
    p, limits = crew_probability(claim.year, sc, trajectory, settlement, schedule)
    q, _ = crew_probability(claim.than_year, sc, trajectory, settlement, schedule)
    n = settlement.runs
    # two standard errors of the difference of two Monte Carlo proportions (from the same runs: the
    # independent-samples error is the larger, so the more cautious)
    noise = 2.0 * math.sqrt((p * (1 - p) + q * (1 - q)) / n)
    if noise == 0.0:
        noise = 2.0 / n  # no variance seen in n runs: one run's worth either way
    decision = Decision(f"P({claim.year}) - P({claim.than_year})", p - q, 0.0, noise,
                        f"2 Monte Carlo standard errors of the difference, {n:,} runs")
    verdict = decide(decision)
    return with_crew_side(Verdict(
        claim.text, verdict,
        f"P(a crew lands in {claim.year}) = {p:.3f} against {q:.3f} in {claim.than_year} "
        f"(difference {p - q:+.3f}, Monte Carlo noise {noise:.3f}; {crew_rule(sc, settlement)}); {limits}",
        claim.source, f"P {p:.2f} vs {q:.2f}; the difference must exceed {noise:.3f}", decision), waves,
        (claim.year, claim.year))


def crew_follows_cargo_verdict(claim: Claim, sc: Scenario, trajectory: CampaignTrajectory, settlement: CampaignResult,
                        waves: list[CrewWave] | None) -> Verdict:
    """Crews land ``years_after`` (from, to) years after the first cargo ships leave (the seed: Starship leaves
    at the end of 2026, "men could follow three to five years later"): the probability that a crew lands in that
    span (the settlement Monte Carlo), and the dose, entry speeds and abort of every crew wave that lands in it."""
    assert claim.years_after is not None  # required by the claim's schema
    cargo = [d.point.departure_tdb_jd for d in trajectory.departures if d.kind == "cargo" and d.point is not None]
    if not cargo:
        return Verdict(claim.text, NOT_SUPPORTED, "the scenario sends no cargo, so no crew can follow it",
                       claim.source, "no cargo departure")
    first = int(str(tdb_jd_to_iso(min(cargo), "D"))[:4])
    span = (first + claim.years_after[0], first + claim.years_after[1])
    p = settlement.p_crew_lands_between(*span)
    verdict, decision = by_probability(p, settlement.runs, f"P(a crew lands in {span[0]}-{span[1]})")
    evidence = (f"the first cargo leaves in {first}; P(a crew lands in {span[0]}-{span[1]}) = {p:.3f} "
                f"({crew_rule(sc, settlement)})")
    return with_crew_side(Verdict(claim.text, verdict, evidence, claim.source,
                                   f"P = {p:.2f} +- {decision.uncertainty:.2f} against {decision.threshold:g}",
                                   decision), waves, span)
