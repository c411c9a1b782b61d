"""Seeded random streams for Monte Carlo work split into independent chunks.

Every Monte Carlo in marsplan draws from children of ``numpy.random.SeedSequence(seed)``:
one child per chunk (or per sampled year), so chunks can run anywhere, in any order,
and the same seed gives the same numbers.  Compiled kernels take their uniforms from those
streams and turn them into draws here (binomial by CDF inversion: Devroye, Non-Uniform Random
Variate Generation, 1986, ch. X.4), so a kernel's numbers do not depend on its thread count.

Ten fair coins: P(at most 4 heads) = 386/1024 = 0.377 and P(at most 5) = 0.623, so the uniform 0.5
inverts to 5 heads; 0.01 lies between P(0) = 0.001 and P(at most 1) = 0.011, giving 1.  The same seed
gives the same children:

>>> import numpy as np
>>> from marsplan.seeding import binomial_from_uniforms, child_streams
>>> binomial_from_uniforms(np.array([0.01, 0.5, 0.99]), 10, 0.5).tolist()
[1, 5, 9]
>>> draws = [np.random.default_rng(s).random() for s in child_streams(1, 2)]
>>> draws == [np.random.default_rng(s).random() for s in child_streams(1, 2)], draws[0] != draws[1]
(True, True)
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from marsplan.errors import InputError

__all__ = ["MAX_SEED", "binomial_by_inversion", "binomial_from_uniforms", "child_streams"]

MAX_SEED = 2**32 - 1


def child_streams(seed: int, count: int) -> list[np.random.SeedSequence]:
    """``count`` independent child seed sequences of ``seed`` (an integer in 0..2**32-1)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"seed = {seed!r}: must be an integer within 0 and {MAX_SEED}")
    return np.random.SeedSequence(int(seed)).spawn(count)


@nb.njit(cache=True, nogil=True)
def binomial_by_inversion(u, n, p):
    """A Binomial(n, p) draw from one uniform ``u`` in [0, 1) by inverting the CDF (exact to rounding);
    compiled, for use inside numba kernels that draw their uniforms from a seeded stream.

    Counts the rarer outcome, so the sum starts where the mass is; for a large mean it starts
    12 standard deviations below it (the mass skipped is below 1e-30).
    """
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if p > 0.5:
        return n - _rarer_outcome_count(1.0 - u, n, 1.0 - p)
    return _rarer_outcome_count(u, n, p)


@nb.njit(cache=True, nogil=True)
def _rarer_outcome_count(u, n, p):
    sd = math.sqrt(n * p * (1.0 - p))
    lo = max(0, int(n * p - 12.0 * sd - 10.0))
    if lo == 0:
        pmf = (1.0 - p) ** n
    else:
        pmf = math.exp(math.lgamma(n + 1.0) - math.lgamma(lo + 1.0) - math.lgamma(n - lo + 1.0)
                       + lo * math.log(p) + (n - lo) * math.log1p(-p))
    ratio = p / (1.0 - p)
    cdf = 0.0
    for k in range(lo, n):
        cdf += pmf
        if u < cdf:
            return k
        pmf *= (n - k) / (k + 1.0) * ratio
    return n


@nb.vectorize(["int64(float64, int64, float64)"], cache=True)
def binomial_from_uniforms(u, n, p):
    """:func:`binomial_by_inversion` over arrays (broadcast like numpy)."""
    return binomial_by_inversion(u, n, p)
