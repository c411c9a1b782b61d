"""A disk cache for window surveys, which several commands of one scenario need and which take seconds.

A survey is stored under the user's cache directory (``$MARSPLAN_CACHE_DIR``, else
``$XDG_CACHE_HOME/marsplan``, else ``~/.cache/marsplan``) in a file named by a hash of everything it
depends on: the arguments of :func:`~marsplan.trajectory.survey.windows`, the ephemeris file (path,
size and modification time), the cache's own format (:data:`CACHE_FORMAT`) and a hash of the code that
shapes a survey (every source file of :mod:`marsplan.trajectory` and :mod:`marsplan.astro`), so a changed
kernel never serves an old survey whatever the version number says.  Files are written to a temporary name and
renamed, so a reader never sees half a file; an unreadable entry is recomputed.  Set
``MARSPLAN_NO_CACHE=1`` (or pass ``cache=False``, as the commands' ``cache`` parameter does) to bypass it.

Three calls with the same key compute once and read the stored file twice:

>>> import tempfile
>>> from unittest import mock
>>> from marsplan.astro.ephemeris import load
>>> from marsplan.trajectory.cache import cache_dir, cached
>>> calls = []
>>> def slow_survey():
...     calls.append("computed")
...     return {"c3_km2_s2": 9.18}
>>> with tempfile.TemporaryDirectory() as tmp, mock.patch.dict("os.environ", {"MARSPLAN_CACHE_DIR": tmp,
...                                                                          "MARSPLAN_NO_CACHE": ""}):
...     results = [cached("survey", {"start": "2026-01-01"}, load(), slow_survey) for _ in range(3)]
...     stored = [p.suffix for p in cache_dir().iterdir()]
>>> results[-1], calls, stored
({'c3_km2_s2': 9.18}, ['computed'], ['.pickle'])
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["CACHE_FORMAT", "cache_dir", "cached", "code_identity"]

CACHE_FORMAT = 2
"""Raised whenever the stored form of a cache entry changes."""


def cache_dir() -> Path:
    """Where marsplan keeps its caches."""
    if os.environ.get("MARSPLAN_CACHE_DIR"):
        return Path(os.environ["MARSPLAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "marsplan"


def _ephemeris_identity(ephemeris: Any) -> list[Any]:
    path = Path(getattr(ephemeris, "path", ""))
    try:
        info = path.stat()
        return [str(path.resolve()), info.st_size, info.st_mtime_ns]
    except OSError:
        return [str(path)]


@functools.cache
def code_identity() -> str:
    """A hash of the source of :mod:`marsplan.trajectory` and :mod:`marsplan.astro` (computed once a process)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted([*(root / "trajectory").rglob("*.py"), *(root / "astro").rglob("*.py")]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cached(kind: str, key: dict[str, Any], ephemeris: Any, compute: Callable[[], Any], *, enabled: bool = True) -> Any:
    """``compute()``, or its result stored earlier under the same ``key`` (JSON-serialisable)."""
    if not enabled or os.environ.get("MARSPLAN_NO_CACHE"):
        return compute()
    text = json.dumps({"kind": kind, "key": key, "ephemeris": _ephemeris_identity(ephemeris),
                       "format": CACHE_FORMAT, "code": code_identity()}, sort_keys=True, default=str)
    path = cache_dir() / f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass  # missing or unreadable: compute it again
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return value
