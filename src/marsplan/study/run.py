"""Run a study: sample the parameters, evaluate every point (in-process or on a Dask cluster), analyse.

Every point is an independent task with its own random stream, ``SeedSequence(study seed,
spawn_key=(block,))`` where the block is a function of the point's index, so the numbers are the same
in-process, on 1 or N workers, in any order and after retries.  With common random numbers (the default)
the points of one Saltelli block (A, AB_1..AB_D, [BA_1..BA_D,] B) or of one Morris trajectory share a
block and so a stream: the difference between two of them is the parameters' effect, not Monte Carlo
noise, and a parameter that cannot change an output gets a total index of exactly zero (common random
numbers, e.g. Glasserman, Monte Carlo Methods in Financial Engineering, 2003, sec. 4.2).  Sweep points,
and every point with ``common_random_numbers = false``, are blocks of their own.

The trajectory survey (and a tug's trip) is computed once and shared; a point only reruns the fleet's
waves, the settlement Monte Carlo and the claims.  Points travel to workers in tasks of up to
``TASK_POINTS`` consecutive ones (a Saltelli block or Morris trajectory at most), which keeps the
scheduler's cost per point small; each point is still computed, seeded and checkpointed on its own.
With an output directory each finished point is written at once (``points/point-NNNNNN.json``, through a
temporary file and one rename, as are ``study.nc`` and ``study.json``: a kill at any instant leaves the old
file or the new one whole); ``resume=True`` reads them back and computes only the missing ones.  A point file
is strict JSON that carries the hash of its study (the study file, the base scenario and the marsplan version:
:func:`study_hash`), its own index and a SHA-256 of its content; on resume a point of another study, an edited
one, one with a null where its output cannot be undefined, a non-finite number, or a file that is not such a
point is refused with one line naming the file, or recomputed with ``repair=True``.

Sampling and indices come from SALib (Herman & Usher, JOSS 2017): Saltelli/Sobol' sequences and
Sobol' first-order and total indices with bootstrap confidence intervals (Saltelli et al., Computer
Physics Communications 181, 2010), Morris screening (Campolongo et al., 2007: mu*), and a full grid
for trade sweeps with its Pareto frontier of cost against P(self-sustaining).  Indices are computed per
output (:data:`ANALYSED`, continuous outputs first) by :mod:`marsplan.study._indices`, which reports an
estimate that cannot be trusted as degenerate, with the reason and what to change, never as zeros.

A sweep of one Starship's landing-failure probability over 0, 0.5 and 1 (no launch failures, 200 runs a
point): the mean mass landed is 100 t x (1 - p), within Monte Carlo noise:

>>> from marsplan.scenario import parse_scenario
>>> from marsplan.study.run import run_study
>>> from marsplan.study.spec import StudySpec
>>> sc = parse_scenario('''
... [campaign]
... name = "one-ship"
... title = "One cargo Starship in the 2026 window"
... start = "2026-01-01"
... horizon_years = 2
... [[missions]]
... name = "Cargo 2026"
... opportunity = 2026
... kind = "cargo"
... ships = 1
... [fleet]
... launch_failure_probability = 0.0
... [settlement]
... growth_factor = 0.0
... ''')
>>> spec = StudySpec.model_validate({
...     "study": {"name": "landing-risk", "method": "sweep", "samples": 3, "runs_per_point": 200, "seed": 1},
...     "parameters": [{"name": "landing_failure", "path": "fleet.landing_failure_probability", "low": 0.0,
...                     "high": 1.0}]})
>>> result = run_study(spec, scenario=sc, cache=False)
>>> result.x[:, 0].tolist(), result.outputs["mass_landed_t"].tolist(), result.outputs["launches"].tolist()
([0.0, 0.5, 1.0], [100.0, 49.5, 0.0], [7.0, 7.0, 7.0])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from marsplan.distribute import check_cluster_options, run_tasks
from marsplan.errors import InputError
from marsplan.jsonio import strict_json
from marsplan.study.overrides import apply_overrides, check_path
from marsplan.study.points import POINT_FORMAT, atomic_write, check_same_study, read_points, study_hash, write_point
from marsplan.study.spec import StudySpec

__all__ = ["ANALYSED", "OUTPUTS", "POINT_FORMAT", "UNDEFINED_OK", "StudyResult", "block_size", "evaluate_point",
           "point_seed", "run_study", "sample_points", "study_hash"]

OUTPUTS = ("p_self_sustaining", "p_lost", "year_self_sustaining_p50", "ships", "launches", "mass_landed_t",
           "crew_launched", "crew_lost_per_launched", "self_sufficiency_horizon", "years_to_self_sustaining",
           "launch_rate_per_year", "peak_launches_per_window")
"""What every point reports: probabilities over its runs, the median year (NaN: never), the ships the
campaign sends and the launches they take with their tankers, the mean mass landed by the horizon (t),
the mean number of people launched to Mars per run, the share of them lost in landings, the mean
self-sufficiency in the horizon year (share of the year's needs made locally), and the restricted mean
years to self-sustaining (see :func:`evaluate_point`), the launches a year the point's pads allow once all
its launch sites serve, and the most launches it flies in one window (its launch schedule)."""

UNDEFINED_OK = ("year_self_sustaining_p50", "crew_lost_per_launched")
"""The outputs a point may leave undefined (NaN, ``null`` in its file): the median year of a settlement that is
never self-sustaining, the share of crew lost when none is launched.  Every other output is a finite number."""

ANALYSED = ("self_sufficiency_horizon", "years_to_self_sustaining", "mass_landed_t", "p_self_sustaining", "p_lost")
"""The outputs a Sobol' or Morris study apportions, in the order reports show them: the continuous ones first
(a probability that is 0 or 1 at almost every point has no indices worth printing, see
:mod:`marsplan.study._indices`), then the probabilities as rates over each point's runs."""


def _problem(spec: StudySpec) -> dict[str, Any]:
    return {"num_vars": len(spec.parameters), "names": [p.name for p in spec.parameters],
            "bounds": [[p.low, p.high] for p in spec.parameters]}


def sample_points(spec: StudySpec) -> np.ndarray:
    """The parameter values of every point, shape (points, parameters); integer parameters rounded."""
    problem = _problem(spec)
    method, n = spec.study.method, spec.study.samples
    if method == "sobol":
        from SALib.sample import sobol

        x = sobol.sample(problem, n, calc_second_order=spec.study.second_order, seed=spec.study.seed)
    elif method == "morris":
        from SALib.sample import morris

        x = morris.sample(problem, n, num_levels=4, seed=spec.study.seed)
    else:
        axes = [np.linspace(p.low, p.high, n) for p in spec.parameters]
        x = np.array(list(itertools.product(*axes)), dtype=float)
    for j, p in enumerate(spec.parameters):
        if p.kind == "int":
            x[:, j] = np.round(x[:, j])
    return np.ascontiguousarray(x, dtype=float)


def block_size(spec: StudySpec) -> int:
    """How many consecutive points share a random stream (see the module docstring)."""
    d, s = len(spec.parameters), spec.study
    if not s.common_random_numbers or s.method == "sweep":
        return 1
    if s.method == "sobol":
        return 2 * d + 2 if s.second_order else d + 2
    return d + 1


def point_seed(study_seed: int, index: int, block: int = 1) -> int:
    """The seed of point ``index``: the child ``index // block`` of the study's SeedSequence."""
    return int(np.random.SeedSequence(study_seed, spawn_key=(index // block,)).generate_state(1)[0])


@dataclass
class _Context:
    """What every point shares: the base scenario, its trajectory survey and the model data."""

    scenario: Any
    trajectory: Any
    model: dict[str, Any]
    paths: list[str]
    runs: int
    study_seed: int
    block: int = 1
    fixed: dict[str, float] = field(default_factory=dict)
    # work no study parameter changes, done once by the client and shipped with the context (the tug's trip)
    shared_results: dict[Any, Any] = field(default_factory=dict)


def evaluate_point(context: _Context, index: int, values: np.ndarray) -> dict[str, Any]:
    """One point: the scenario and model data with its values, its waves, its settlement Monte Carlo and
    the verdict on each of the scenario's claims (``"verdicts"``: claim text -> verdict).

    ``years_to_self_sustaining`` is a restricted mean time, so that "never" is censored rather than dropped
    or infinite: the mean over the point's runs of min(T, H + 1), where T is the number of campaign years
    to the end of the year from which the settlement is self-sustaining (1 for the campaign's first year)
    and H the horizon in years; a run that is never self-sustaining by the horizon counts as H + 1.
    ``self_sufficiency_horizon`` is the mean over the runs of the horizon year's self-sufficiency."""
    from marsplan.campaign.claims import check_claims
    from marsplan.campaign.stages import launch_plan, plan_fleet, refilled_ship, remember_tug_trips, settle

    remember_tug_trips(context.shared_results)
    sc, model = apply_overrides(context.scenario, context.model,
                                {**context.fixed, **dict(zip(context.paths, map(float, values), strict=True))})
    schedule, waves = launch_plan(sc, context.trajectory)
    result = settle(sc, context.trajectory, runs=context.runs,
                    seed=point_seed(context.study_seed, index, context.block), parameters=model, waves=waves)
    horizon = sc.campaign.start.year + sc.campaign.horizon_years - 1
    sustaining = (result.self_sustaining_year >= 0) & (result.self_sustaining_year <= horizon)
    years_to = np.where(sustaining, result.self_sustaining_year - sc.campaign.start.year + 1,
                        sc.campaign.horizon_years + 1)
    p50 = result.year_percentiles()["p50"]
    launched = float(result.crew_arrived.sum() + result.crew_lost.sum())
    # each point's verdicts at its own values: the claims' over-the-ranges worlds are the study's own business
    verdicts = {v.text: v.verdict for v in check_claims(sc, context.trajectory, plan_fleet(sc, context.trajectory),
                                                         refilled_ship(sc), None, result, schedule=schedule,
                                                         worlds=None)}
    return {
        "verdicts": verdicts,
        "p_self_sustaining": float(np.mean(sustaining)),
        "p_lost": result.p_lost,
        "year_self_sustaining_p50": math.nan if p50 is None else float(p50),
        "ships": float(sum(w.ships for w in waves if w.arrival_month < sc.campaign.horizon_years * 12)),
        "launches": float(sum(w.ships * w.launches_per_ship for w in waves
                              if w.arrival_month < sc.campaign.horizon_years * 12)),
        "mass_landed_t": float(result.mass_delivered_t[:, -1].mean()),
        "crew_launched": launched / result.runs,
        "crew_lost_per_launched": float(result.crew_lost.sum() / launched) if launched else math.nan,
        "self_sufficiency_horizon": float(np.mean(result.self_sufficiency[:, -1])),
        "years_to_self_sustaining": float(np.mean(np.minimum(years_to, sc.campaign.horizon_years + 1))),
        "launch_rate_per_year": float(schedule.rate.launches_per_year()),
        "peak_launches_per_window": float(max((w.launches_used for w in schedule.windows), default=0)),
    }


TASK_POINTS = 16
"""Points per task: at most this many consecutive missing points (a Saltelli block or a Morris trajectory
when those are smaller) go to a worker together, so the scheduler's per-task cost is paid once for them."""


def _points_task(context: _Context, items: list[tuple[int, np.ndarray]]) -> list[tuple[int, dict[str, Any]]]:
    return [(index, evaluate_point(context, index, values)) for index, values in items]


@dataclass
class StudyResult:
    """The points, their outputs, and the analysis the method calls for."""

    spec: StudySpec
    x: np.ndarray
    outputs: dict[str, np.ndarray]
    computed: int
    verdicts: list[dict[str, str]] = field(default_factory=list)
    sensitivity: dict[str, Any] = field(default_factory=dict)
    second_order: dict[str, Any] = field(default_factory=dict)
    frontier: list[dict[str, Any]] = field(default_factory=list)
    what_it_takes: dict[str, Any] | None = None

    def dataset(self) -> Any:
        """The points and outputs as an xarray Dataset (saved as ``study.nc``).

        A Sobol' or Morris study adds its indices over ``(output, parameter)`` for the outputs whose estimate
        is sound (``S1``, ``S1_conf``, ``ST``, ``ST_conf``; Morris ``mu_star``, ``mu_star_conf``, ``sigma``;
        with second order ``S2``, ``S2_conf`` over ``(output, parameter, parameter_b)``) and, for every
        analysed output, the attribute ``sensitivity_OUTPUT``: ``"indices"`` or ``"degenerate (reason)"``
        (with ``advice_OUTPUT``), never numbers for a degenerate one."""
        import xarray as xr

        names = [p.name for p in self.spec.parameters]
        claims = list(self.verdicts[0]) if self.verdicts else []
        data: dict[str, Any] = {"x": (("point", "parameter"), self.x)}
        data.update({k: (("point",), v) for k, v in self.outputs.items()})
        if claims:
            data["verdict"] = (("point", "claim"), np.array([[v[c] for c in claims] for v in self.verdicts]))
        attrs: dict[str, Any] = {"study": self.spec.name, "method": self.spec.study.method,
                                 "seed": self.spec.study.seed, "runs_per_point": self.spec.study.runs_per_point}
        sound = [k for k, v in self.sensitivity.items() if not v["degenerate"]]
        for output, entry in self.sensitivity.items():
            if entry["degenerate"]:
                attrs[f"sensitivity_{output}"] = f"degenerate ({entry['reason']})"
                attrs[f"advice_{output}"] = entry["advice"]
            else:
                attrs[f"sensitivity_{output}"] = "indices"
        coords: dict[str, Any] = {"parameter": names, "point": np.arange(self.x.shape[0]),
                                  **({"claim": claims} if claims else {})}
        if sound:
            coords["output"] = sound
            keys = list(next(iter(self.sensitivity[sound[0]]["indices"].values())))
            for key in keys:
                data[key] = (("output", "parameter"),
                             np.array([[self.sensitivity[o]["indices"][n][key] for n in names] for o in sound]))
            pairs = [o for o in sound if o in self.second_order]
            if pairs and len(pairs) == len(sound):
                coords["parameter_b"] = names
                for key in ("S2", "S2_conf"):
                    cube = np.full((len(sound), len(names), len(names)), np.nan)
                    for k, o in enumerate(sound):
                        for i, a in enumerate(names):
                            for j, b in enumerate(names):
                                if j > i:
                                    cube[k, i, j] = self.second_order[o][f"{a} x {b}"][key]
                    data[key] = (("output", "parameter", "parameter_b"), cube)
        return xr.Dataset(data, coords=coords, attrs=attrs)

    def to_dict(self) -> dict[str, Any]:
        s = self.spec.study
        return {
            "study": s.name, "scenario": s.scenario, "method": s.method, "points": int(self.x.shape[0]),
            "runs_per_point": s.runs_per_point, "seed": s.seed,
            "parameters": [{"name": p.name, "path": p.path, "low": p.low, "high": p.high, "kind": p.kind,
                            "role": p.role} for p in self.spec.parameters],
            "fixed": dict(self.spec.fixed), "common_random_numbers": s.common_random_numbers,
            "sensitivity": self.sensitivity,
            **({"second_order": self.second_order} if s.second_order else {}),
            "frontier": self.frontier, "what_it_takes": self.what_it_takes,
            "claims": self.claim_counts(),
        }

    def claim_counts(self) -> dict[str, dict[str, int]]:
        """For each claim, at how many points of the study it has each verdict: whatever verdicts the claims
        give (supported, not supported, depends, ...), each one that occurs at least once."""
        counts: dict[str, dict[str, int]] = {}
        for verdicts in self.verdicts:
            for claim, verdict in verdicts.items():
                row = counts.setdefault(claim, {})
                row[verdict] = row.get(verdict, 0) + 1
        return counts


def _analyse(result: StudyResult) -> None:
    """Indices of each analysed output (:mod:`marsplan.study._indices`: degenerate estimates are flagged,
    never given as zeros), the Pareto frontier and what it takes."""
    from marsplan.study._indices import morris_indices, sobol_indices

    spec, x = result.spec, result.x
    problem = _problem(spec)
    names = problem["names"]
    if spec.study.method in ("sobol", "morris"):
        for output in ANALYSED:
            y = result.outputs[output]
            if spec.study.method == "sobol":
                entry = sobol_indices(problem, y, second_order=spec.study.second_order, seed=spec.study.seed)
                if "second_order" in entry:
                    result.second_order[output] = entry.pop("second_order")
            else:
                entry = morris_indices(problem, x, y, num_levels=4, seed=spec.study.seed)
            result.sensitivity[output] = entry
    # the cheapest points for each probability: the Pareto frontier of launches against P(self-sustaining)
    cost, p = result.outputs["launches"], result.outputs["p_self_sustaining"]
    order = np.lexsort((-p, cost))
    best_p = -1.0
    for i in order:
        if p[i] > best_p:
            best_p = float(p[i])
            result.frontier.append({"point": int(i), "launches": float(cost[i]),
                                    "ships": float(result.outputs["ships"][i]), "p_self_sustaining": float(p[i]),
                                    "launch_rate_per_year": float(result.outputs["launch_rate_per_year"][i]),
                                    "peak_launches_per_window": float(result.outputs["peak_launches_per_window"][i]),
                                    **{n: float(x[i, j]) for j, n in enumerate(names)}})
    reaching = [f for f in result.frontier if f["p_self_sustaining"] >= spec.study.target_probability]
    if reaching:
        cheapest = reaching[0]
        result.what_it_takes = {"target_probability": spec.study.target_probability, **cheapest,
                                "assumptions": {**{par.name: cheapest[par.name] for par in spec.parameters
                                                   if par.role == "uncertainty"}, **spec.fixed}}
    else:
        result.what_it_takes = {"target_probability": spec.study.target_probability, "point": None,
                                "note": "no point of the study reaches the target"}


def run_study(spec: StudySpec, *, workers: int | None = None, scheduler: str | None = None,
              out_dir: str | Path | None = None, resume: bool = False, repair: bool = False,
              progress: Callable[[int, int], None] | None = None, cache: bool = True,
              scenario: Any = None, trajectory: Any = None, results_dir: str | Path | None = None) -> StudyResult:
    """Evaluate every point of ``spec`` and analyse; see the module docstring.  ``scenario`` and
    ``trajectory`` replace the study's base scenario and its survey (as ``marsplan plan`` passes them);
    ``repair`` (with ``resume``) recomputes the points that fail verification instead of refusing them;
    ``results_dir`` receives ``study.nc`` and ``study.json`` instead of ``out_dir`` (which keeps the points: the
    command layer swaps a whole new folder in, :func:`marsplan.report.output.atomic_update_dir`)."""
    from marsplan.campaign.stages import campaign_trajectory, remembered_tug_trips, tug_trip
    from marsplan.scenario import load_scenario
    from marsplan.settlement import settlement_parameters
    from marsplan.trajectory.campaign import CampaignTrajectory

    check_cluster_options(workers, scheduler)
    if repair and not resume:
        raise InputError("repair works with resume (it recomputes the finished points that fail verification)",
                         param=("repair", "resume"))
    base = scenario if scenario is not None else load_scenario(spec.study.scenario)
    model = settlement_parameters()
    for path in [p.path for p in spec.parameters] + list(spec.fixed):
        check_path(path, base, model)
    if spec.fixed:
        apply_overrides(base, model, dict(spec.fixed))  # a bad fixed value fails here, before any work
    x = sample_points(spec)
    full = trajectory if trajectory is not None else campaign_trajectory(base, cache=cache)
    light = CampaignTrajectory(full.outbound, full.inbound, departures=list(full.departures))  # no porkchops
    tug_trip(base)  # computed here once, not by every worker
    context = _Context(base, light, model, [p.path for p in spec.parameters], spec.study.runs_per_point,
                       spec.study.seed, block_size(spec), dict(spec.fixed), remembered_tug_trips())
    points_dir = Path(out_dir) / "points" if out_dir is not None else None
    done: dict[int, dict[str, Any]] = {}
    study = study_hash(spec, base)
    if points_dir is not None:
        check_same_study(points_dir, spec, resume)
        if resume:
            done = read_points(points_dir, x.shape[0], study, OUTPUTS, UNDEFINED_OK, repair=repair)
    missing = [i for i in range(x.shape[0]) if i not in done]

    def finished(index: int, outputs: dict[str, float]) -> None:
        done[index] = outputs
        if points_dir is not None:
            write_point(points_dir, index, outputs, study, OUTPUTS)
        if progress is not None:
            progress(len(done), x.shape[0])

    size = min(TASK_POINTS, max(block_size(spec), 1)) if block_size(spec) > 1 else TASK_POINTS
    tasks = [[(i, x[i]) for i in missing[k:k + size]] for k in range(0, len(missing), size)]

    def finished_task(pairs: list[tuple[int, dict[str, Any]]]) -> None:
        for index, outputs in pairs:
            finished(index, outputs)

    run_tasks(_points_task, context, tasks, finished_task, workers=workers, scheduler=scheduler)
    outputs = {k: np.array([done[i][k] for i in range(x.shape[0])]) for k in OUTPUTS}
    result = StudyResult(spec, x, outputs, computed=len(missing),
                         verdicts=[done[i]["verdicts"] for i in range(x.shape[0])])
    _analyse(result)
    target = results_dir if results_dir is not None else out_dir
    if target is not None:
        out = Path(target)  # each file replaced in one rename
        atomic_write(out / "study.nc", bytes(result.dataset().to_netcdf(engine="scipy")))
        atomic_write(out / "study.json", (strict_json(result.to_dict()) + "\n").encode("utf-8"))
    return result
