"""A disk cache for window surveys, which several commands of one scenario need and which take seconds.

A survey is stored under the user's cache directory (``$MARSPLAN_CACHE_DIR``, else
``$XDG_CACHE_HOME/marsplan``, else ``~/.cache/marsplan``) in a file named by a hash of everything it
depends on: the arguments of :func:`~marsplan.trajectory.survey.windows`, the ephemeris file (path,
size and modification time), the cache's own format (:data:`CACHE_FORMAT`) and a hash of the code that
shapes a survey (every source file of :mod:`marsplan.trajectory` and :mod:`marsplan.astro`), so a changed
kernel never serves an old survey whatever the version number says.

An entry holds data, never code: an ``.npz`` archive read with ``allow_pickle=False``, whose numeric arrays
sit beside one JSON document describing the value (plain JSON values, and the survey's own types,
:class:`~marsplan.trajectory.survey.WindowSurvey`, :class:`~marsplan.trajectory.survey.Opportunity`,
:class:`~marsplan.trajectory.survey.DailyMinima` and :class:`~marsplan.trajectory.grid.TransferPoint`, rebuilt
field by field from an allow-list).  The document records the format and the entry's full key, and a SHA-256
of the whole payload is checked on every read.  An entry that is corrupt, partial, of another format or
another key is ignored and recomputed, with one line on stderr saying so.  Files are written to a temporary
name (removed when the write fails, a full disk included) and renamed, so a reader never sees half a file.
Set ``MARSPLAN_NO_CACHE=1`` (or pass ``cache=False``, as the commands' ``cache`` parameter does) to bypass it.

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
({'c3_km2_s2': 9.18}, ['computed'], ['.npz'])
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CACHE_FORMAT", "cache_dir", "cached", "code_identity", "decode_value", "encode_value"]

CACHE_FORMAT = 3
"""Raised whenever the stored form of a cache entry changes (3: npz + JSON with a SHA-256, no pickle)."""

_SUFFIX = ".npz"
_NUMERIC_KINDS = "biufc"  # the array dtypes an entry may hold: bool, integers, floats, complex; never objects


class CacheEntryError(ValueError):
    """A cache entry that cannot be trusted: corrupt, partial, of another format or of another key."""


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


# ------------------------------------------------------------------ encoding: data only, from an allow-list --


def _classes() -> dict[str, type]:
    """The classes an entry may name (imported late: the survey module imports this package)."""
    from marsplan.trajectory.grid import TransferPoint
    from marsplan.trajectory.survey import DailyMinima, Opportunity, WindowSurvey

    return {"TransferPoint": TransferPoint, "Opportunity": Opportunity, "DailyMinima": DailyMinima,
            "WindowSurvey": WindowSurvey}


_SURVEY_STATE = ("daily", "origin", "target", "max_c3", "venus")


def encode_value(value: Any) -> tuple[Any, dict[str, np.ndarray]]:
    """``value`` as a JSON-able tree and the numeric arrays it refers to; ``TypeError`` for anything else."""
    arrays: dict[str, np.ndarray] = {}
    classes = {cls: name for name, cls in _classes().items()}

    def enc(v: Any) -> Any:
        if v is None or isinstance(v, bool | int | str):
            return v
        if isinstance(v, float | np.floating):
            return float(v)
        if isinstance(v, np.bool_):
            return bool(v)
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.ndarray):
            if v.dtype.kind not in _NUMERIC_KINDS:
                raise TypeError(f"a {v.dtype} array cannot be cached")
            key = f"a{len(arrays)}"
            arrays[key] = np.ascontiguousarray(v)
            return {"array": key}
        name = classes.get(type(v))
        if name == "WindowSurvey":
            if set(vars(v)) != set(_SURVEY_STATE):
                raise TypeError(f"a WindowSurvey with attributes {sorted(vars(v))} has no cache form")
            return {"object": name, "items": [enc(op) for op in v], "state": {k: enc(getattr(v, k))
                                                                            for k in _SURVEY_STATE}}
        if name is not None:
            return {"object": name, "fields": {f.name: enc(getattr(v, f.name)) for f in dataclasses.fields(v)}}
        if isinstance(v, dict):
            if not all(isinstance(k, str) for k in v):
                raise TypeError("a dict with keys other than text cannot be cached")
            return {"dict": {k: enc(x) for k, x in v.items()}}
        if isinstance(v, list):
            return {"list": [enc(x) for x in v]}
        if isinstance(v, tuple):
            return {"tuple": [enc(x) for x in v]}
        raise TypeError(f"a {type(v).__name__} cannot be cached")

    return enc(value), arrays


def decode_value(tree: Any, arrays: dict[str, np.ndarray]) -> Any:
    """The value :func:`encode_value` encoded; :class:`CacheEntryError` for a tree it cannot have written."""
    classes = _classes()

    def dec(node: Any) -> Any:
        if node is None or isinstance(node, bool | int | float | str):
            return node
        if not isinstance(node, dict) or len(node) not in (1, 2, 3):
            raise CacheEntryError("an unknown node")
        if len(node) == 1:
            ((tag, body),) = node.items()
            if tag == "array" and isinstance(body, str) and body in arrays:
                return arrays[body]
            if tag == "dict" and isinstance(body, dict):
                return {k: dec(x) for k, x in body.items()}
            if tag in ("list", "tuple") and isinstance(body, list):
                items = [dec(x) for x in body]
                return items if tag == "list" else tuple(items)
            raise CacheEntryError(f"an unknown node {tag!r}")
        cls = classes.get(node.get("object"))  # type: ignore[arg-type]
        if cls is None:
            raise CacheEntryError(f"an unknown class {node.get('object')!r}")
        if set(node) == {"object", "items", "state"} and node["object"] == "WindowSurvey":
            state = node["state"]
            if not isinstance(state, dict) or set(state) != set(_SURVEY_STATE) or not isinstance(node["items"], list):
                raise CacheEntryError("a malformed survey")
            survey = cls([dec(x) for x in node["items"]], daily=dec(state["daily"]), origin=dec(state["origin"]),
                         target=dec(state["target"]), max_c3=dec(state["max_c3"]))
            survey.venus = dec(state["venus"])
            return survey
        fields = node.get("fields")
        if set(node) != {"object", "fields"} or not dataclasses.is_dataclass(cls) or not isinstance(fields, dict) \
                or set(fields) != {f.name for f in dataclasses.fields(cls)}:
            raise CacheEntryError(f"a malformed {node['object']}")
        return cls(**{k: dec(x) for k, x in fields.items()})

    return dec(tree)


def _digest(meta: bytes, arrays: dict[str, np.ndarray]) -> str:
    digest = hashlib.sha256(meta)
    for name in sorted(arrays):
        a = arrays[name]
        digest.update(f"\0{name}\0{a.dtype.str}\0{a.shape}\0".encode())
        digest.update(np.ascontiguousarray(a).tobytes())
    return digest.hexdigest()


def _read_entry(path: Path, identity: str) -> Any:
    """The value stored at ``path`` for ``identity``; :class:`CacheEntryError` (or an OS or format error) when
    it cannot be trusted, ``FileNotFoundError`` when there is none."""
    with path.open("rb") as handle:
        if handle.read(4) != b"PK\x03\x04":
            raise CacheEntryError("not an npz archive")
        handle.seek(0)
        with np.load(handle, allow_pickle=False) as archive:
            names = set(archive.files)
            if not {"meta", "sha256"} <= names:
                raise CacheEntryError("incomplete")
            loaded = {name: archive[name] for name in names}
    meta_array, stored = loaded.pop("meta"), loaded.pop("sha256")
    if meta_array.dtype != np.uint8 or meta_array.ndim != 1 or stored.dtype.kind != "U" or stored.ndim != 0:
        raise CacheEntryError("malformed")
    if any(a.dtype.kind not in _NUMERIC_KINDS for a in loaded.values()):
        raise CacheEntryError("holds a non-numeric array")
    meta = meta_array.tobytes()
    if _digest(meta, loaded) != str(stored):
        raise CacheEntryError("checksum mismatch")
    document = json.loads(meta.decode("utf-8"))
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
        raise CacheEntryError("another cache format")
    if document.get("key") != identity:
        raise CacheEntryError("another entry's key")
    value = decode_value(document.get("value"), loaded)
    _check_shape(value)
    return value


def _check_shape(value: Any) -> None:
    """A decoded survey is whole and of the right types, field by field (a well-formed entry with other contents
    would fail later, in the command that reads it, instead of being recomputed now)."""
    from marsplan.trajectory.grid import TransferPoint
    from marsplan.trajectory.survey import DailyMinima, Opportunity, WindowSurvey

    def number(x: Any) -> bool:
        return isinstance(x, int | float) and not isinstance(x, bool)

    def point(p: Any) -> bool:
        return p is None or (isinstance(p, TransferPoint) and number(p.departure_tdb_jd) and number(p.tof_days)
                             and isinstance(p.values, dict) and all(number(v) for v in p.values.values())
                             and isinstance(p.type, str) and point(p.interior))

    if not isinstance(value, WindowSurvey):
        return
    daily = value.daily
    if not (isinstance(daily, DailyMinima) and all(isinstance(a, np.ndarray) and a.dtype.kind == "f" for a in
                                                    (daily.departure_tdb_jd, daily.best, daily.best_tof_days))
            and daily.best.ndim == 3 and daily.best.shape == daily.best_tof_days.shape
            and daily.best.shape[1] == daily.departure_tdb_jd.size):
        raise CacheEntryError("a survey without its daily minima")
    for op in value:
        if not (isinstance(op, Opportunity) and isinstance(op.label, str) and number(op.first_departure_tdb_jd)
                and number(op.last_departure_tdb_jd) and number(op.threshold_c3) and isinstance(op.minima, dict)
                and set(op.minima) == {"type_I", "type_II"}
                and all(isinstance(m, dict) and all(point(p) for p in m.values()) for m in op.minima.values())):
            raise CacheEntryError("a survey with a malformed opportunity")


def _write_entry(path: Path, identity: str, value: Any) -> None:
    """Store ``value`` at ``path`` through a temporary file and a rename; the temporary file never stays."""
    tree, arrays = encode_value(value)
    meta = json.dumps({"format": CACHE_FORMAT, "key": identity, "value": tree}).encode("utf-8")
    payload = {**arrays, "meta": np.frombuffer(meta, dtype=np.uint8),
               "sha256": np.array(_digest(meta, arrays))}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(out, allow_pickle=False, **payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cached(kind: str, key: dict[str, Any], ephemeris: Any, compute: Callable[[], Any], *, enabled: bool = True) -> Any:
    """``compute()``, or its result stored earlier under the same ``key`` (JSON-serialisable).

    The result must be data :func:`encode_value` knows (JSON values, numeric arrays, surveys); any other is
    returned but not stored."""
    if not enabled or os.environ.get("MARSPLAN_NO_CACHE"):
        return compute()
    identity = json.dumps({"kind": kind, "key": key, "ephemeris": _ephemeris_identity(ephemeris),
                           "format": CACHE_FORMAT, "code": code_identity()}, sort_keys=True, default=str)
    path = cache_dir() / f"{kind}-{hashlib.sha256(identity.encode()).hexdigest()[:32]}{_SUFFIX}"
    try:
        return _read_entry(path, identity)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with an entry, it is recomputed, never trusted
        reason = str(exc) if isinstance(exc, CacheEntryError) else "unreadable"
        print(f"marsplan: ignored a corrupt cache entry {path} ({reason}); recomputed", file=sys.stderr)
    value = compute()
    with contextlib.suppress(OSError, TypeError, ValueError):  # a cache that cannot be written only costs time
        _write_entry(path, identity, value)
    return value
