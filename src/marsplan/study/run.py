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
With an output directory each finished point is written at once (``points/point-NNNNNN.json``);
``resume=True`` reads them back and computes only the missing ones.

Sampling and indices come from SALib (Herman & Usher, JOSS 2017): Saltelli/Sobol' sequences and
Sobol' first-order and total indices with bootstrap confidence intervals (Saltelli et al., Computer
Physics Communications 181, 2010), Morris screening (Campolongo et al., 2007: mu*), and a full grid
for trade sweeps with its Pareto frontier of cost against P(self-sustaining).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from marsplan.distribute import check_cluster_options, run_tasks
from marsplan.errors import InputError
from marsplan.jsonio import strict_json
from marsplan.study.overrides import apply_overrides, check_path
from marsplan.study.spec import StudySpec

__all__ = ["OUTPUTS", "StudyResult", "block_size", "evaluate_point", "point_seed", "run_study", "sample_points"]

OUTPUTS = ("p_self_sustaining", "p_lost", "year_self_sustaining_p50", "ships", "launches", "mass_landed_t",
           "crew_launched", "crew_lost_per_launched")
"""What every point reports: probabilities over its runs, the median year (NaN: never), the ships the
campaign sends and the launches they take with their tankers, the mean mass landed by the horizon (t),
the mean number of people launched to Mars per run, and the share of them lost in landings."""


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
    the verdict on each of the scenario's claims (``"verdicts"``: claim text -> verdict)."""
    from marsplan.claims import check_claims
    from marsplan.orchestrate import build_waves, plan_fleet, refilled_ship, remember_tug_trips, settle

    remember_tug_trips(context.shared_results)
    sc, model = apply_overrides(context.scenario, context.model,
                                {**context.fixed, **dict(zip(context.paths, map(float, values), strict=True))})
    waves = build_waves(sc, context.trajectory)
    result = settle(sc, context.trajectory, runs=context.runs,
                    seed=point_seed(context.study_seed, index, context.block), parameters=model, waves=waves)
    horizon = sc.campaign.start.year + sc.campaign.horizon_years - 1
    p50 = result.year_percentiles()["p50"]
    launched = float(result.crew_arrived.sum() + result.crew_lost.sum())
    verdicts = {v.text: v.verdict for v in check_claims(sc, context.trajectory, plan_fleet(sc, context.trajectory),
                                                         refilled_ship(sc), None, result)}
    return {
        "verdicts": verdicts,
        "p_self_sustaining": float(np.mean((result.self_sustaining_year >= 0)
                                           & (result.self_sustaining_year <= horizon))),
        "p_lost": result.p_lost,
        "year_self_sustaining_p50": math.nan if p50 is None else float(p50),
        "ships": float(sum(w.ships for w in waves if w.arrival_month < sc.campaign.horizon_years * 12)),
        "launches": float(sum(w.ships * w.launches_per_ship for w in waves
                              if w.arrival_month < sc.campaign.horizon_years * 12)),
        "mass_landed_t": float(result.mass_delivered_t[:, -1].mean()),
        "crew_launched": launched / result.runs,
        "crew_lost_per_launched": float(result.crew_lost.sum() / launched) if launched else math.nan,
    }


TASK_POINTS = 16
"""Points per task: at most this many consecutive missing points (a Saltelli block or a Morris trajectory
when those are smaller) go to a worker together, so the scheduler's per-task cost is paid once for them."""


def _points_task(context: _Context, items: list[tuple[int, np.ndarray]]) -> list[tuple[int, dict[str, Any]]]:
    return [(index, evaluate_point(context, index, values)) for index, values in items]


def _write_point(directory: Path, index: int, outputs: dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".point-", dir=directory)
    with os.fdopen(fd, "w") as handle:
        handle.write(strict_json(outputs, indent=None))
    os.replace(tmp, directory / f"point-{index:06d}.json")


def _read_points(directory: Path, count: int) -> dict[int, dict[str, Any]]:
    done: dict[int, dict[str, Any]] = {}
    if not directory.is_dir():
        return done
    for path in directory.glob("point-*.json"):
        index = int(path.stem.split("-")[1])
        if index < count:
            try:
                data = json.loads(path.read_text())
            except (OSError, ValueError):
                continue  # a damaged file is recomputed
            if not isinstance(data.get("verdicts"), dict) or any(k not in data for k in OUTPUTS):
                continue  # from another version of the study: recomputed
            done[index] = {k: (math.nan if data.get(k) is None else float(data[k])) for k in OUTPUTS}
            done[index]["verdicts"] = data["verdicts"]
    return done


def _check_same_study(directory: Path, spec: StudySpec, resume: bool) -> None:
    """Points are only reused by the study that made them: ``points/study-spec.json`` records it."""
    from marsplan import __version__

    record = directory / "study-spec.json"
    this = {"marsplan": __version__, **spec.model_dump(mode="json")}
    if resume and record.is_file():
        try:
            before = json.loads(record.read_text())
        except (OSError, ValueError):
            before = None
        if before != this:
            raise InputError(f"--resume: {directory} holds points of a different study (or marsplan version); "
                             "give a new --out, or run without --resume to start again")
    directory.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(this, indent=1) + "\n")
    if not resume:
        for old in directory.glob("point-*.json"):
            old.unlink()


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

    def dataset(self):
        """The points and outputs as an xarray Dataset (saved as ``study.nc``)."""
        import xarray as xr

        names = [p.name for p in self.spec.parameters]
        claims = list(self.verdicts[0]) if self.verdicts else []
        data = {"x": (("point", "parameter"), self.x)}
        data.update({k: (("point",), v) for k, v in self.outputs.items()})
        if claims:
            data["verdict"] = (("point", "claim"), np.array([[v[c] for c in claims] for v in self.verdicts]))
        return xr.Dataset(data, coords={"parameter": names, "point": np.arange(self.x.shape[0]),
                                        **({"claim": claims} if claims else {})},
                          attrs={"study": self.spec.name, "method": self.spec.study.method,
                                 "seed": self.spec.study.seed, "runs_per_point": self.spec.study.runs_per_point})

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
        """For each claim, at how many points of the study it is supported, not supported or depends."""
        counts: dict[str, dict[str, int]] = {}
        for verdicts in self.verdicts:
            for claim, verdict in verdicts.items():
                counts.setdefault(claim, {"supported": 0, "not supported": 0, "depends": 0})[verdict] += 1
        return counts


def _analyse(result: StudyResult) -> None:
    spec, x = result.spec, result.x
    problem = _problem(spec)
    names = problem["names"]
    if spec.study.method in ("sobol", "morris"):
        for output in ("p_self_sustaining", "p_lost", "mass_landed_t"):
            y = result.outputs[output]
            if not np.all(np.isfinite(y)) or np.ptp(y) == 0:
                result.sensitivity[output] = None  # constant (or undefined) over the study: nothing to apportion
                continue
            if spec.study.method == "sobol":
                from SALib.analyze import sobol

                second = spec.study.second_order
                with warnings.catch_warnings():
                    # SALib warns when some of the evaluations are equal (an output that is constant over part of
                    # the study, such as P = 0 wherever the fleet is too small): expected here, not a fault
                    warnings.filterwarnings("ignore", message="Constant values encountered", category=UserWarning)
                    si = sobol.analyze(problem, y, calc_second_order=second, seed=spec.study.seed)
                result.sensitivity[output] = {
                    n: {"S1": float(si["S1"][j]), "S1_conf": float(si["S1_conf"][j]), "ST": float(si["ST"][j]),
                        "ST_conf": float(si["ST_conf"][j])} for j, n in enumerate(names)}
                if second:
                    result.second_order[output] = {
                        f"{a} x {b}": {"S2": float(si["S2"][i, j]), "S2_conf": float(si["S2_conf"][i, j])}
                        for i, a in enumerate(names) for j, b in enumerate(names) if j > i}
            else:
                from SALib.analyze import morris

                mi = morris.analyze(problem, x, y, num_levels=4, seed=spec.study.seed)
                result.sensitivity[output] = {
                    n: {"mu_star": float(mi["mu_star"][j]), "sigma": float(mi["sigma"][j])}
                    for j, n in enumerate(names)}
    # the cheapest points for each probability: the Pareto frontier of launches against P(self-sustaining)
    cost, p = result.outputs["launches"], result.outputs["p_self_sustaining"]
    order = np.lexsort((-p, cost))
    best_p = -1.0
    for i in order:
        if p[i] > best_p:
            best_p = float(p[i])
            result.frontier.append({"point": int(i), "launches": float(cost[i]),
                                    "ships": float(result.outputs["ships"][i]), "p_self_sustaining": float(p[i]),
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
              out_dir: str | Path | None = None, resume: bool = False,
              progress: Callable[[int, int], None] | None = None, cache: bool = True,
              scenario: Any = None, trajectory: Any = None) -> StudyResult:
    """Evaluate every point of ``spec`` and analyse; see the module docstring.  ``scenario`` and
    ``trajectory`` replace the study's base scenario and its survey (as ``marsplan plan`` passes them)."""
    from marsplan.orchestrate import campaign_trajectory, remembered_tug_trips, tug_trip
    from marsplan.scenario import load_scenario
    from marsplan.settlement import settlement_parameters
    from marsplan.trajectory.campaign import CampaignTrajectory

    check_cluster_options(workers, scheduler)
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
    if points_dir is not None:
        _check_same_study(points_dir, spec, resume)
        if resume:
            done = _read_points(points_dir, x.shape[0])
    missing = [i for i in range(x.shape[0]) if i not in done]

    def finished(index: int, outputs: dict[str, float]) -> None:
        done[index] = outputs
        if points_dir is not None:
            _write_point(points_dir, index, outputs)
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
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        result.dataset().to_netcdf(out / "study.nc", engine="scipy")
        (out / "study.json").write_text(strict_json(result.to_dict()) + "\n", encoding="utf-8")
    return result
