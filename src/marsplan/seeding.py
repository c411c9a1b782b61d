"""Seeded random streams for Monte Carlo work split into independent chunks.

Every Monte Carlo in marsplan draws from children of ``numpy.random.SeedSequence(seed)``:
one child per chunk (or per sampled year), so chunks can run anywhere, in any order,
and the same seed gives the same numbers.
"""

from __future__ import annotations

import numpy as np

from marsplan.errors import InputError

__all__ = ["MAX_SEED", "child_streams"]

MAX_SEED = 2**32 - 1


def child_streams(seed: int, count: int) -> list[np.random.SeedSequence]:
    """``count`` independent child seed sequences of ``seed`` (an integer in 0..2**32-1)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"seed = {seed!r}: must be an integer within 0 and {MAX_SEED}")
    return np.random.SeedSequence(int(seed)).spawn(count)
