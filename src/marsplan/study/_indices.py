"""Sensitivity indices from a study's outputs, and the estimates that must not be read as numbers.

:func:`sobol_indices` and :func:`morris_indices` are pure functions of the SALib problem and the outputs
(no model runs): the study calls them once per output, and a test can call them on a function whose indices
are known (Ishigami).  Each returns ``{"degenerate": False, "indices": {parameter: {...}}}`` or, when the
estimate cannot be trusted, ``{"degenerate": True, "reason": ..., "advice": ..., "indices": {parameter:
"degenerate (reason)"}}`` - never a table of zeros.  An estimate is degenerate when the output

* is not a finite number at every point;
* is the same at every point (nothing to apportion);
* differs from its most common value at fewer than ``MIN_SPREAD`` (5 %) of the points: a probability of 0 or
  1 almost everywhere, whose indices rest on a handful of points;
* makes SALib meet identical values in its estimate or its bootstrap resamples (SALib's "Constant values
  encountered" warning: it then returns zeros);
* has indices whose bootstrap intervals are wider than the indices themselves: every total index's
  (Morris: every mu*'s) 95 % half-width exceeds the largest total index (mu*), or no index is positive.

Sobol' first-order and total indices: Saltelli et al., Computer Physics Communications 181 (2010) 259-270,
with bootstrap confidence intervals (SALib, Herman & Usher, JOSS 2017); Morris screening: Campolongo,
Cariboni & Saltelli, Environmental Modelling & Software 22 (2007) 1509-1518 (mu*).

The Ishigami function sin(x1) + 7 sin(x2)^2 + 0.1 x3^4 sin(x1) on [-pi, pi]^3 has the analytic indices
S1 = (0.314, 0.442, 0) and ST = (0.558, 0.442, 0.244) (Ishigami & Homma 1990; Saltelli et al. 2010); a
probability that is 1 at 99 points of 100 carries none:

>>> import numpy as np
>>> from SALib.sample import sobol
>>> from marsplan.study._indices import output_degeneracy, sobol_indices
>>> problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
>>> x = sobol.sample(problem, 1024, calc_second_order=False, seed=1)
>>> y = np.sin(x[:, 0]) + 7.0 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
>>> indices = sobol_indices(problem, y, seed=1)["indices"]
>>> [(round(v["S1"], 2), round(v["ST"], 2)) for v in indices.values()]
[(0.32, 0.56), (0.44, 0.44), (0.0, 0.25)]
>>> output_degeneracy(np.r_[np.ones(99), 0.0])[1]
'spread'
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

__all__ = ["MIN_SPREAD", "degenerate_entry", "morris_indices", "output_degeneracy", "sobol_indices"]

MIN_SPREAD = 0.05
"""Fewest share of the points that must differ from the output's most common value for indices to mean
anything."""

_SALIB_CONSTANT = "Constant values encountered"  # SALib.analyze.sobol.CONST_RESULT_MSG's start

_ADVICE = {
    "undefined": "analyse an output defined at every point (self-sufficiency in the horizon year, years to "
                 "self-sustaining), or narrow the ranges to where this one is defined",
    "constant": "widen the parameter ranges or move the base point ([fixed]) to where the output moves, or "
                "read a continuous output such as self-sufficiency in the horizon year",
    "spread": "move the base point ([fixed]) nearer the threshold or widen the ranges, so that more points "
              "differ; give more runs per point if a probability is 0 or 1 by chance; or read a continuous "
              "output such as self-sufficiency in the horizon year",
    "wide": "more samples (study.samples) and more runs per point, fewer parameters, or a continuous output",
}


def degenerate_entry(names: list[str], reason: str, kind: str) -> dict[str, Any]:
    """What a degenerate output reports: the flag, why, what to change, and no numbers."""
    return {"degenerate": True, "reason": reason, "advice": _ADVICE[kind],
            "indices": dict.fromkeys(names, f"degenerate ({reason})")}


def output_degeneracy(y: np.ndarray, min_spread: float = MIN_SPREAD) -> tuple[str, str] | None:
    """Why the outputs ``y`` (one per point) cannot carry indices, as ``(reason, kind)``; None if they can."""
    y = np.asarray(y, dtype=float)
    bad = int(np.count_nonzero(~np.isfinite(y)))
    if bad:
        return f"not a number at {bad} of {y.size} points", "undefined"
    values, counts = np.unique(y, return_counts=True)
    if values.size == 1:
        return f"the same ({values[0]:g}) at every point", "constant"
    mode = values[np.argmax(counts)]
    differ = y.size - int(counts.max())
    if differ < min_spread * y.size:
        return (f"differs from its most common value ({mode:g}) at {differ} of {y.size} points "
                f"({100 * differ / y.size:.1f} %, under {100 * min_spread:g} %)"), "spread"
    return None


def _analyse_catching_constant(analyse: Any) -> tuple[Any, int]:
    """Run a SALib analysis; count its "Constant values encountered" warnings (expected: they become the
    degenerate flag) and pass every other warning on unchanged."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.filterwarnings("always", message=_SALIB_CONSTANT, category=UserWarning)
        result = analyse()
    constant = 0
    for w in caught:
        if issubclass(w.category, UserWarning) and str(w.message).startswith(_SALIB_CONSTANT):
            constant += 1
        else:  # not ours to judge: shown (or raised) as if we had not looked
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
    return result, constant


def _too_wide(value: np.ndarray, half_width: np.ndarray) -> bool:
    largest = float(np.max(value))
    return bool(largest <= 0.0 or np.all(half_width > largest))


def sobol_indices(problem: dict[str, Any], y: np.ndarray, *, second_order: bool = False, seed: int | None = None,
                  num_resamples: int = 100, conf_level: float = 0.95, min_spread: float = MIN_SPREAD
                  ) -> dict[str, Any]:
    """Sobol' first-order (S1) and total (ST) indices of the outputs ``y`` of SALib's Saltelli/Sobol'
    sample of ``problem``, each with its bootstrap half-width (``S1_conf``, ``ST_conf``, at ``conf_level``),
    and with ``second_order`` the pair indices (``"second_order"``: ``"a x b" -> {S2, S2_conf}``).
    Degenerate estimates are flagged instead (see the module docstring)."""
    from SALib.analyze import sobol

    names = list(problem["names"])
    y = np.asarray(y, dtype=float)
    why = output_degeneracy(y, min_spread)
    if why is not None:
        return degenerate_entry(names, *why)
    si, constant = _analyse_catching_constant(lambda: sobol.analyze(
        problem, y, calc_second_order=second_order, num_resamples=num_resamples, conf_level=conf_level,
        seed=seed))
    if constant:
        return degenerate_entry(names, f"SALib met identical values in {constant} of its estimates (the sample "
                                "or its bootstrap resamples) and returned zeros for them", "spread")
    s1, s1c, st, stc = (np.asarray(si[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf"))
    if not all(np.all(np.isfinite(a)) for a in (s1, s1c, st, stc)):
        return degenerate_entry(names, "SALib's indices or intervals are not numbers", "wide")
    if _too_wide(st, stc):
        return degenerate_entry(names, f"intervals wider than the indices: every total index's half-width "
                                f"exceeds the largest total index ({float(np.max(st)):.3f})", "wide")
    out: dict[str, Any] = {"degenerate": False, "indices": {
        n: {"S1": float(s1[j]), "S1_conf": float(s1c[j]), "ST": float(st[j]), "ST_conf": float(stc[j])}
        for j, n in enumerate(names)}}
    if second_order:
        out["second_order"] = {f"{a} x {b}": {"S2": float(si["S2"][i, j]), "S2_conf": float(si["S2_conf"][i, j])}
                               for i, a in enumerate(names) for j, b in enumerate(names) if j > i}
    return out


def morris_indices(problem: dict[str, Any], x: np.ndarray, y: np.ndarray, *, num_levels: int = 4,
                   seed: int | None = None, num_resamples: int = 100, conf_level: float = 0.95,
                   min_spread: float = MIN_SPREAD) -> dict[str, Any]:
    """Morris screening of the outputs ``y`` at SALib's Morris sample ``x``: mu* (mean absolute elementary
    effect) with its bootstrap half-width ``mu_star_conf``, and sigma; degenerate estimates flagged."""
    from SALib.analyze import morris

    names = list(problem["names"])
    y = np.asarray(y, dtype=float)
    why = output_degeneracy(y, min_spread)
    if why is not None:
        return degenerate_entry(names, *why)
    mi, _ = _analyse_catching_constant(lambda: morris.analyze(
        problem, np.asarray(x, dtype=float), y, num_levels=num_levels, num_resamples=num_resamples,
        conf_level=conf_level, seed=seed))
    mu, conf, sigma = (np.asarray(mi[k], dtype=float) for k in ("mu_star", "mu_star_conf", "sigma"))
    if not (np.all(np.isfinite(mu)) and np.all(np.isfinite(conf))):
        return degenerate_entry(names, "SALib's indices or intervals are not numbers", "wide")
    if _too_wide(mu, conf):
        return degenerate_entry(names, f"intervals wider than the indices: every mu*'s half-width exceeds the "
                                f"largest mu* ({float(np.max(mu)):.3g})", "wide")
    return {"degenerate": False, "indices": {
        n: {"mu_star": float(mu[j]), "mu_star_conf": float(conf[j]), "sigma": float(sigma[j])}
        for j, n in enumerate(names)}}
