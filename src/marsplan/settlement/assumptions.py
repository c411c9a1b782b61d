"""Plausible worlds: the settlement model over the ranges of its own assumptions.

Every figure of ``settlement.toml`` that is marsplan's choice carries a plausible range (its
``[[assumptions]]`` entries, each with its reasoning).  A *world* is one draw of all of them at once;
worlds are a Latin hypercube over the ranges (McKay, Beckman & Conover, Technometrics 21, 1979), seeded,
so the same seed gives the same worlds.  The campaign is run in each world; the share of worlds in which
it works, and which assumptions move it (Spearman rank correlation of each assumption with the world's
self-sufficiency at the horizon, a continuous outcome that does not saturate at P = 0 or 1), tell how
much a verdict rests on marsplan's own choices.

Four worlds of a Latin hypercube put one draw in each quarter of every range; a stand-in campaign whose
outcome is the water closure itself ranks that assumption first, with rho = 1:

>>> from marsplan.settlement.assumptions import sample_worlds, worlds_summary
>>> ranges = [{"path": "closure.water", "low": 0.85, "high": 0.98},
...           {"path": "power.base_kw_per_person", "low": 3.0, "high": 8.0}]
>>> worlds = sample_worlds(ranges, 4, seed=1)
>>> sorted(int((w - 0.85) / 0.0325) for w in worlds[:, 0])
[0, 1, 2, 3]
>>> summary = worlds_summary(ranges, worlds, lambda w: (float(w[0] >= 0.9), float(w[0])), runs_per_world=1, seed=1)
>>> summary.deciders[0], summary.share_working
(('closure.water', 1.0), 0.5)
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.errors import InputError

__all__ = ["AssumptionWorlds", "sample_worlds", "world_parameters", "worlds_summary"]


def sample_worlds(ranges: list[dict[str, Any]], worlds: int, seed: int) -> np.ndarray:
    """``worlds`` points of a Latin hypercube over ``ranges`` (each ``low`` to ``high``), shape (worlds, ranges)."""
    from scipy.stats import qmc

    if worlds < 1 or not ranges:
        raise InputError(f"worlds = {worlds}, {len(ranges)} ranges: need at least one of each")
    unit = qmc.LatinHypercube(d=len(ranges), seed=np.random.default_rng(seed)).random(worlds)
    low = np.array([r["low"] for r in ranges], dtype=float)
    high = np.array([r["high"] for r in ranges], dtype=float)
    return low + unit * (high - low)


def world_parameters(base: dict[str, Any], ranges: list[dict[str, Any]], values: np.ndarray) -> dict[str, Any]:
    """``base`` (the layout of ``settlement.toml``) with each range's figure set to its value."""
    out = copy.deepcopy(base)
    for r, v in zip(ranges, values, strict=True):
        section, key = r["path"].split(".")
        out[section][key] = float(v)
    return out


@dataclass(frozen=True)
class AssumptionWorlds:
    """The campaign over plausible worlds: P(self-sustaining) in each, the share of worlds where it reaches
    ``works_from``, and the assumptions ranked by how strongly they move the outcome."""

    worlds: int
    runs_per_world: int
    seed: int
    p: np.ndarray  # per world
    self_sufficiency: np.ndarray  # per world: mean over its runs at the horizon
    works_from: float
    deciders: list[tuple[str, float]]  # (path, Spearman rho with self-sufficiency), strongest first

    @property
    def share_working(self) -> float:
        return float(np.mean(self.p >= self.works_from))

    @property
    def mean_p(self) -> float:
        return float(np.mean(self.p))

    def to_dict(self) -> dict[str, Any]:
        return {"worlds": self.worlds, "runs_per_world": self.runs_per_world, "seed": self.seed,
                "mean_p_self_sustaining": round(self.mean_p, 4),
                "share_of_worlds_working": round(self.share_working, 4),
                "works_from_p": self.works_from,
                "deciding_assumptions": [{"path": p, "spearman_rho": round(r, 3)} for p, r in self.deciders]}


def worlds_summary(ranges: list[dict[str, Any]], values: np.ndarray,
                   run: Callable[[np.ndarray], tuple[float, float]], *, runs_per_world: int, seed: int,
                   works_from: float = 0.9, top: int = 5) -> AssumptionWorlds:
    """Run ``run(values[k])`` -> (P(self-sustaining), mean horizon self-sufficiency) in every world and rank
    the assumptions by |Spearman rho| with the self-sufficiency (an assumption that never moves it gets 0)."""
    from scipy.stats import spearmanr

    out = np.array([run(v) for v in values], dtype=float).reshape(len(values), 2)
    p, ss = out[:, 0], out[:, 1]
    deciders = []
    for j, r in enumerate(ranges):
        x = values[:, j]
        if np.ptp(ss) == 0.0 or np.ptp(x) == 0.0:
            rho = 0.0
        else:
            rho = float(spearmanr(x, ss).statistic)
        deciders.append((r["path"], rho if np.isfinite(rho) else 0.0))
    deciders.sort(key=lambda t: -abs(t[1]))
    return AssumptionWorlds(len(values), runs_per_world, seed, p, ss, works_from, deciders[:top])
