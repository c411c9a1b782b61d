"""The crew stage of a campaign: each crew wave's radiation dose, entry speeds and abort option, each against its
limit with a margin (:mod:`marsplan.crew.dose`; limits in ``marsplan/data/crew.toml`` and the scenario's
``[crew]``).

A crew wave flies the transfer the trajectory stage chose for it; its mission (``[crew] mission``) is either a
round trip (out, the stay until the first return window's lowest-C3 departure at least 30 days after landing,
back) or one way (out and ``one_way_surface_years`` on Mars).  Four decisions judge it:

* dose: P(mission dose <= the career limit) against ``dose_probability`` (the probability over the dose's
  seeded draws; uncertain by two standard errors of that proportion);
* Mars entry: the chosen transfer's entry speed against the ship's limit (Starship 7.5 km/s);
* Earth entry: the return's (round trip) entry speed against ``earth_entry_limit_km_s`` (Stardust's 12.9);
* abort: the ballistic free return (:func:`marsplan.campaign.trajectory.crew_free_returns`) launching nearest
  the departure, within the scenario's C3 and home within ``abort_max_days``; else the powered flyby home from the
  crew's own transfer (:func:`marsplan.trajectory.freereturn.flyby_return`) if its burn is within
  ``abort_max_flyby_dv_km_s``; its Earth entry against the same limit.  No such abort: the wave is flagged.

Entry speeds are uncertain by :data:`ENTRY_SPEED_UNCERTAINTY_KM_S` (marsplan's assumption: navigation and
atmosphere dispersion, as the scenario's crew entry margin); a margin inside it is ``marginal``.  They are
decided to the metre per second (a transfer chosen to enter exactly the dispersion below the limit is marginal,
whatever the last bits of its arithmetic).

The dose is RAD's dose equivalent, which stands in for the effective dose the career limits are written in
(the body's self-shielding makes effective dose somewhat lower; not modelled).

A crew entering Mars at 7.40 km/s, exactly the 0.1 km/s dispersion below Starship's 7.5, cannot be told from one
over the limit: marginal; the worst decision is the wave's verdict:

>>> from marsplan.campaign.crew import ENTRY_SPEED_UNCERTAINTY_KM_S, worst
>>> from marsplan.campaign.verdict import Decision, decide
>>> decide(Decision("Mars entry speed", 7.40, 7.5, ENTRY_SPEED_UNCERTAINTY_KM_S, "dispersion", "km/s", "<="))
'marginal'
>>> worst(["supported", "marginal", "not supported"])
'not supported'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsplan.astro.time import tdb_jd_to_iso
from marsplan.campaign.verdict import SUPPORTED, VERDICTS, Decision, decide, wilson_half_width
from marsplan.crew.dose import DAYS_PER_YEAR, MissionDose, Phase, mission_dose, parameters
from marsplan.scenario import Scenario
from marsplan.trajectory.campaign import CampaignTrajectory
from marsplan.vehicles.catalog import get_vehicle

__all__ = ["ENTRY_SPEED_UNCERTAINTY_KM_S", "RETURN_STAY_DAYS", "CrewWave", "crew_waves", "limits_msv", "worst"]

ENTRY_SPEED_UNCERTAINTY_KM_S = 0.1
"""Dispersion of an entry speed (km/s): marsplan's assumption (navigation and atmosphere; plausible 0-0.3)."""
RETURN_STAY_DAYS = 30.0
"""A round trip's return leaves at least this long after landing."""


def worst(verdicts: list[str]) -> str:
    """The verdict furthest from the claim holding (:data:`marsplan.campaign.verdict.VERDICTS` order)."""
    return max(verdicts, key=VERDICTS.index) if verdicts else SUPPORTED


@dataclass
class CrewWave:
    """One crew wave: its mission, dose, entry speeds and abort, and the decisions on each."""

    mission: str
    departure_tdb_jd: float
    arrival_tdb_jd: float
    return_departure_tdb_jd: float | None
    return_arrival_tdb_jd: float | None
    mars_entry_km_s: float
    earth_entry_km_s: float | None
    dose: MissionDose
    abort: dict[str, Any] | None
    abort_dose_msv: float | None
    decisions: dict[str, Decision] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def verdicts(self) -> dict[str, str]:
        return {name: decide(d) for name, d in self.decisions.items()}

    @property
    def verdict(self) -> str:
        return worst(list(self.verdicts.values()))

    def failing(self) -> list[str]:
        """The decisions that do not hold, as one line each."""
        return [f"{name}: {self.decisions[name].text()}" for name, v in self.verdicts.items() if v != SUPPORTED]

    def to_dict(self, limits_msv: dict[str, float] | None = None) -> dict[str, Any]:
        def iso(jd: float | None) -> str | None:
            return None if jd is None else str(tdb_jd_to_iso(jd, "m"))

        return {"mission": self.mission, "departure_utc": iso(self.departure_tdb_jd),
                "arrival_utc": iso(self.arrival_tdb_jd), "return_departure_utc": iso(self.return_departure_tdb_jd),
                "return_arrival_utc": iso(self.return_arrival_tdb_jd),
                "mars_entry_km_s": round(self.mars_entry_km_s, 3),
                "earth_entry_km_s": None if self.earth_entry_km_s is None else round(self.earth_entry_km_s, 3),
                **self.dose.to_dict(limits_msv),
                "abort": self.abort, "abort_dose_msv": (None if self.abort_dose_msv is None
                                                        else round(self.abort_dose_msv, 1)),
                "decisions": {name: {**d.to_dict(), "verdict": decide(d)} for name, d in self.decisions.items()},
                "verdict": self.verdict, "notes": self.notes}


def _return_leg(traj: CampaignTrajectory, landed_tdb_jd: float) -> tuple[float, float, float] | None:
    """The first return window's lowest-C3 departure at least :data:`RETURN_STAY_DAYS` after landing:
    (departure TDB JD, arrival TDB JD, arrival v-infinity km/s)."""
    options = []
    for op in traj.inbound:
        best = op.best("min_c3")
        if best is not None and best.departure_tdb_jd >= landed_tdb_jd + RETURN_STAY_DAYS:
            options.append(best)
    if not options:
        return None
    first = min(options, key=lambda p: p.departure_tdb_jd)
    return first.departure_tdb_jd, first.arrival_tdb_jd, float(first["vinf_arrival_km_s"])


def crew_waves(sc: Scenario, traj: CampaignTrajectory, free_returns: list[dict[str, Any]] | None = None, *,
               seed: int = 0) -> list[CrewWave]:
    """Each crew mission of ``sc`` with a chosen transfer in ``traj``, judged (module docstring); ``free_returns``:
    rows of :func:`marsplan.campaign.trajectory.crew_free_returns` (None: no abort is searched, and the abort
    decision is left out)."""
    key = ("crew_waves", sc.crew.model_dump_json(), sc.fleet.ship, sc.trajectory.capture, sc.campaign.origin,
           sc.campaign.destination, sc.campaign.end.isoformat(), repr(sc.vehicles), repr(free_returns), seed)
    if key not in traj.derived:
        traj.derived[key] = _crew_waves(sc, traj, free_returns, seed)
    return list(traj.derived[key])


def _crew_waves(sc: Scenario, traj: CampaignTrajectory, free_returns: list[dict[str, Any]] | None,
                seed: int) -> list[CrewWave]:
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.campaign.trajectory import entry_speed_km_s

    opts = sc.crew
    waves = []
    for d in traj.departures:
        if d.kind != "crew" or d.point is None:
            continue
        dep, arr = d.point.departure_tdb_jd, d.point.arrival_tdb_jd
        mars_entry = round(entry_speed_km_s(float(d.point["vinf_arrival_km_s"]), sc.campaign.destination), 3)
        notes: list[str] = []
        phases = [Phase("cruise", dep, d.point.tof_days)]
        back: tuple[float, float, float] | None = None
        earth_entry = None
        if opts.mission == "round-trip":
            back = _return_leg(traj, arr)
            if back is None:
                notes.append("no return window after landing inside the campaign span: the stay runs to its end")
                end = float(utc_to_tdb_jd(sc.campaign.end.isoformat()))
                phases.append(Phase("surface", arr, max(end - arr, 0.0)))
            else:
                phases += [Phase("surface", arr, back[0] - arr), Phase("cruise", back[0], back[1] - back[0])]
                earth_entry = round(entry_speed_km_s(back[2], sc.campaign.origin), 3)
        else:
            phases.append(Phase("surface", arr, opts.one_way_surface_years * DAYS_PER_YEAR))
        dose = mission_dose(phases, shielding_g_cm2=opts.shielding_g_cm2, storm_shelter=opts.storm_shelter,
                            samples=opts.dose_samples, seed=seed)
        p = dose.p_within(opts.career_limit_msv)
        low, high = wilson_half_width(p, opts.dose_samples)
        decisions = {"dose": Decision(f"P(dose <= {opts.career_limit_msv:,.0f} mSv)", p, opts.dose_probability,
                                      high if p < opts.dose_probability else low,
                                      f"{opts.dose_samples:,} draws of the dose model's uncertainty; dose "
                                      f"{dose.central_msv:,.0f} mSv (5-95 %: {dose.percentile_msv(5):,.0f}-"
                                      f"{dose.percentile_msv(95):,.0f})")}
        ship = get_vehicle(sc.fleet.ship, sc.vehicles, role="ship")
        if ship.max_entry_speed_km_s is not None and sc.trajectory.capture == "aerocapture":
            decisions["mars_entry"] = Decision("Mars entry speed", mars_entry, ship.max_entry_speed_km_s,
                                               ENTRY_SPEED_UNCERTAINTY_KM_S, "entry dispersion (assumption)",
                                               "km/s", "<=")
        if earth_entry is not None:
            decisions["earth_entry"] = Decision("Earth entry speed (return)", earth_entry,
                                                opts.earth_entry_limit_km_s, ENTRY_SPEED_UNCERTAINTY_KM_S,
                                                "entry dispersion (assumption)", "km/s", "<=")
        abort, abort_dose = None, None
        if free_returns is not None:
            abort, why_not = _abort(sc, d.mission, dep, arr, free_returns)
            if abort is not None:
                launch = float(utc_to_tdb_jd(abort["launch_utc"]))
                abort_dose = mission_dose([Phase("cruise", launch, abort["duration_days"])],
                                          shielding_g_cm2=opts.shielding_g_cm2, storm_shelter=opts.storm_shelter,
                                          samples=opts.dose_samples, seed=seed).central_msv
                decisions["abort_entry"] = Decision(f"Earth entry speed (abort: {abort['kind']})",
                                                    round(abort["entry_speed_km_s"], 3), opts.earth_entry_limit_km_s,
                                                    ENTRY_SPEED_UNCERTAINTY_KM_S, "entry dispersion (assumption)",
                                                    "km/s", "<=")
            else:
                decisions["abort"] = Decision("aborts within the scenario's limits", 0.0, 1.0, 0.0, why_not, "",
                                              ">=")
                notes.append(f"no abort: {why_not}")
        wave = CrewWave(d.mission, dep, arr, None if back is None else back[0], None if back is None else back[1],
                        mars_entry, earth_entry, dose, abort, abort_dose, decisions, notes)
        waves.append(wave)
    return waves


def _abort(sc: Scenario, mission: str, dep: float, arr: float, free_returns: list[dict[str, Any]]
           ) -> tuple[dict[str, Any] | None, str]:
    """A crew wave's abort: the ballistic free return launching nearest its departure within the limits of
    ``[crew]`` (C3 within ``abort_max_c3_km2_s2``, home within ``abort_max_days``), else the flyby return of its own
    transfer (:func:`marsplan.trajectory.freereturn.flyby_return`) when its burn is within
    ``abort_max_flyby_dv_km_s``; (the abort as a row, or None and why none)."""
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.trajectory.freereturn import flyby_return

    opts = sc.crew
    max_c3 = sc.trajectory.max_c3_km2_s2 if opts.abort_max_c3_km2_s2 is None else opts.abort_max_c3_km2_s2
    mine = [r for r in free_returns if r["mission"] == mission and r["ballistic"]]
    fit = [r for r in mine if r["duration_days"] <= opts.abort_max_days and r["c3_km2_s2"] <= max_c3]
    if fit:
        best = min(fit, key=lambda r: abs(float(utc_to_tdb_jd(r["launch_utc"])) - dep))
        return {"kind": f"{best['family']} free return", **{k: v for k, v in best.items() if k != "mission"}}, ""
    home = flyby_return(dep, arr, origin=sc.campaign.origin, target=sc.campaign.destination,
                        back_days=(60.0, opts.abort_max_days))
    if home is not None and home.flyby_dv_km_s <= opts.abort_max_flyby_dv_km_s:
        return {"kind": f"{sc.campaign.destination} flyby return", "launch_utc": str(tdb_jd_to_iso(dep, "m")),
                **home.to_dict()}, ""
    parts = [f"{len(mine)} ballistic free return(s) near the departure"
             + (f", none with C3 <= {max_c3:g} home within {opts.abort_max_days:g} days" if mine else "")]
    if home is not None:
        parts.append(f"the flyby return of the chosen transfer needs a {home.flyby_dv_km_s:.2f} km/s burn at "
                     f"{sc.campaign.destination.title()} (limit {opts.abort_max_flyby_dv_km_s:g}) and enters at "
                     f"{home.entry_speed_km_s:.1f} km/s")
    return None, "; ".join(parts)


def limits_msv(sc: Scenario) -> dict[str, float]:
    """The career limits a crew's dose is shown against: the scenario's, NASA's and ESA/Roscosmos/CSA's."""
    lim = parameters()["limits"]
    out = {"nasa_600": lim["nasa_career_msv"], "esa_roscosmos_csa_1000": lim["esa_roscosmos_csa_career_msv"]}
    if sc.crew.career_limit_msv not in out.values():
        out["scenario"] = sc.crew.career_limit_msv
    return out

