"""The main job: run the whole chain on a scenario and write the report.

``plan(scenario, out_dir)`` is what ``marsplan plan`` calls.  The chain itself is
:func:`marsplan.campaign.stages.run_chain`; this module renders its results into report sections and
writes ``report.html`` and ``summary.json`` into a temporary directory that replaces ``out_dir``
only when everything succeeded.

A whole plan takes seconds (the README's tour runs one); what it checks first takes none: it never
replaces a folder that is not an earlier marsplan output, and says so before any work:

>>> import tempfile
>>> from pathlib import Path
>>> from marsplan.pipeline import plan
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (Path(tmp) / "thesis.tex").write_text("months of work")
...     plan("mars-2026", out_dir=tmp)
Traceback (most recent call last):
...
marsplan.errors.OutputError: out_dir ...: directory is not empty and holds no marsplan summary.json; ...
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from marsplan import __version__
from marsplan.astro import ephemeris as _ephemeris
from marsplan.campaign import Campaign
from marsplan.campaign.claims import scenario_only_verdicts
from marsplan.campaign.crew import limits_msv
from marsplan.campaign.stages import run_chain, settle_json
from marsplan.jsonio import strict_json
from marsplan.report.fleet_section import fleet_section
from marsplan.report.html import render_report
from marsplan.report.moon_section import earth_orbit_section, moon_section
from marsplan.report.nep_section import nep_section
from marsplan.report.output import atomic_output_dir, check_output_dir, output_lock
from marsplan.report.plots import REPORT_DPI, report_style
from marsplan.report.power_section import power_section
from marsplan.report.scenario_section import ephemeris_section, scenario_section
from marsplan.report.settlement_section import settlement_section, summary_section
from marsplan.report.study_section import verdicts_section
from marsplan.report.trajectory_section import trajectory_section
from marsplan.scenario import Scenario, load_scenario

__all__ = ["plan", "PlanResult"]


SCREENING_TRAJECTORIES = 4
SCREENING_RUNS = 200

QUICK: dict[str, float] = {"settlement_runs": 500, "assumption_worlds": 16, "runs_per_world": 100, "power_years": 12,
         "screening_trajectories": 2, "screening_runs": 100, "survey_step_days": 2.0,
                           "figure_dpi": 72}
"""What ``plan(quick=True)`` uses at most instead of the scenario's settings: a first
look in seconds, said so in the report's header and ``summary.json``."""


def quick_scenario(sc: Scenario) -> tuple[Scenario, str]:
    """The scenario with :data:`QUICK`'s smaller samples, and the sentence the report's header shows."""
    st, pw = sc.settlement, sc.power
    settlement = st.model_copy(update={"runs": min(st.runs, int(QUICK["settlement_runs"])),
                                       "assumption_worlds": min(st.assumption_worlds, int(QUICK["assumption_worlds"])),
                                       "runs_per_world": min(st.runs_per_world, int(QUICK["runs_per_world"]))})
    power = pw.model_copy(update={"runs": min(pw.runs, int(QUICK["power_years"]))})
    note = (f"Quick plan: {settlement.runs:,} Monte Carlo runs (scenario: {st.runs:,}), "
            f"{settlement.assumption_worlds} plausible worlds of {settlement.runs_per_world} runs "
            f"({st.assumption_worlds} of {st.runs_per_world}), {power.runs} sampled power years ({pw.runs}), "
            f"a {QUICK['survey_step_days']:g}-day window survey (1 day), a smaller assumption screening and tug "
            f"trade, figures at {QUICK['figure_dpi']:g} dpi; plan without quick for the full figures")
    return sc.model_copy(update={"settlement": settlement, "power": power}), note


def screen_assumptions(sc: Scenario, trajectory, *, trajectories: int = SCREENING_TRAJECTORIES,
                       runs: int = SCREENING_RUNS) -> dict:
    """A small Morris screening of the bundled sensitivity study's parameters on this scenario as it stands
    (without the study's own [fixed] base point): which assumptions move the city verdict
    (``SCREENING_TRAJECTORIES`` trajectories of ``SCREENING_RUNS`` runs)."""
    from marsplan.errors import InputError
    from marsplan.settlement import settlement_parameters
    from marsplan.study import load_study, run_study
    from marsplan.study.overrides import check_path

    base = load_study("city-2046-sensitivity")

    def applies(path: str) -> bool:  # a scenario without a partner reactor has no reactor power to vary
        try:
            check_path(path, sc, settlement_parameters())
        except InputError:
            return False
        return True

    spec = base.model_copy(update={"study": base.study.model_copy(update={
        "method": "morris", "samples": trajectories, "runs_per_point": runs,
        "scenario": sc.name}), "fixed": {}, "parameters": [p for p in base.parameters if applies(p.path)]})
    return run_study(spec, scenario=sc, trajectory=trajectory).to_dict()


class PlanResult(dict):
    """The summary (also written as summary.json), plus ``out_dir``."""

    out_dir: Path


def plan(scenario: Scenario | str | Path | None = None, out_dir: str | Path = "marsplan-report", *,
         ephemeris: str | Path | _ephemeris.Ephemeris | None = None,
         progress: Callable[[str], None] | None = None, cache: bool = True, quick: bool = False) -> PlanResult:
    """Run the chain on ``scenario`` (object, path or bundled name) and write the report.

    Returns the summary written to ``out_dir/summary.json``.  ``cache=False`` recomputes the window
    surveys instead of reading them from the disk cache (:mod:`marsplan.trajectory.cache`); ``quick``
    uses the smaller samples of :data:`QUICK` (said so in the report's header).
    """
    step = progress or (lambda _msg: None)
    step("Loading scenario")
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    check_output_dir(out_dir)
    with output_lock(out_dir):  # a second run writing the same output fails now, not after minutes of work
        return _plan(sc, out_dir, ephemeris=ephemeris, step=step, cache=cache, quick=quick)


def _plan(sc: Scenario, out_dir: str | Path, *, ephemeris: str | Path | _ephemeris.Ephemeris | None,
          step: Callable[[str], None], cache: bool, quick: bool) -> PlanResult:
    quick_note = None
    if quick:
        sc, quick_note = quick_scenario(sc)
    # the claims that read the scenario alone (the Moon's, the tug's) and the tug's trade read nothing the chain
    # computes: they run beside it, on another thread (their compiled kernels and the chain's release the GIL);
    # the chain's check of those claims finds them remembered, and the plan waits for the trade after the claims
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="marsplan-beside") as beside:
        beside.submit(scenario_only_verdicts, sc)
        nuclear_later = beside.submit(lambda: Campaign(sc, quick=quick).nuclear)
        chain = run_chain(sc, ephemeris=ephemeris, progress=step, cache=cache, quick=quick)
        step("Nuclear-electric cargo")
        nep = nuclear_later.result()
    eph, milestones, traj, fleet_plan = chain.ephemeris, chain.milestones, chain.trajectory, chain.fleet
    power, settlement, verdicts = chain.power, chain.settlement, chain.verdicts
    moon = chain.moon
    free_returns = chain.free_returns
    crew_rows = [w.to_dict(limits_msv(sc)) for w in chain.crew]
    step("Screening the assumptions")
    screening = (screen_assumptions(sc, traj, trajectories=int(QUICK["screening_trajectories"]),
                                    runs=int(QUICK["screening_runs"])) if quick else screen_assumptions(sc, traj))
    step("Drawing figures")
    headline = {
        "ships / launches (with tankers) planned": f"{fleet_plan.ships} / {fleet_plan.launches_total}",
        **({"ships / launches flown by the launch schedule":
            f"{sum(w.ships_left for w in chain.schedule.windows)} / "
            f"{sum(w.launches_used for w in chain.schedule.windows)}"} if chain.schedule is not None else {}),
        "P(self-sustaining by the horizon)": f"{settlement.p_self_sustaining:.2f}",
        "P(settlement lost)": f"{settlement.p_lost:.2f}",
    }
    with report_style(dpi=int(QUICK["figure_dpi"]) if quick else REPORT_DPI):
        sections = [summary_section(verdicts, sc, headline), scenario_section(sc),
                    trajectory_section(traj, sc, eph.name, free_returns=free_returns, crew=crew_rows),
                    fleet_section(fleet_plan, sc, chain.payload_curves, chain.c3_grid, chain.schedule),
                    power_section(power, sc),
                    settlement_section(settlement, sc), verdicts_section(screening),
                    moon_section(moon), earth_orbit_section(moon)]
        if nep is not None:
            sections.append(nep_section(nep))
        sections.append(ephemeris_section(sc, eph, milestones))
    summary = PlanResult(
        marsplan_version=__version__,
        quick=None if quick_note is None else {"note": quick_note, **QUICK},
        scenario=sc.name,
        title=sc.campaign.title,
        span={"start": sc.campaign.start.isoformat(), "end": sc.campaign.end.isoformat()},
        ephemeris={"name": eph.name, "frame": eph.frame, "center": "sun", "file": str(eph.path)},
        missions=[m.model_dump() for m in sc.missions],
        milestones=milestones,
        trajectory=traj.to_dict(),
        fleet=fleet_plan.to_dict(),
        launch_schedule=None if chain.schedule is None else chain.schedule.to_dict(),
        power=power.to_dict(),
        settlement=settle_json(sc, settlement),
        claims=[v.to_dict() for v in verdicts],
        screening=screening,
        crew_free_returns=free_returns,
        crew=crew_rows,
        nuclear_electric=None if nep is None else {"trip": nep.delivery.to_dict(), "trade": nep.trade.to_dict(),
                                                   "starship": nep.starship},
    )
    step("Writing report")
    generated = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = render_report(
        f"marsplan: {sc.campaign.title}",
        f"Scenario {sc.name}, {sc.campaign.start} to {sc.campaign.end}" + (f". {quick_note}" if quick_note else ""),
        sections,
        footer={"marsplan": __version__, "ephemeris": eph.name, "generated": generated},
    )
    with atomic_output_dir(out_dir) as tmp:
        (tmp / "report.html").write_text(page, encoding="utf-8")
        (tmp / "summary.json").write_text(strict_json(summary) + "\n", encoding="utf-8")
    summary.out_dir = Path(out_dir)
    return summary
