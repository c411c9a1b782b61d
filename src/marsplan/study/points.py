"""A study's files: its point files (checkpoints), its record and the atomic writes of every output.

A point file is strict JSON (RFC 8259: an undefined output is ``null``, never ``NaN``) holding the point's
outputs and verdicts, the format (:data:`POINT_FORMAT`), the point's index, the hash of its study
(:func:`study_hash`: the study file, the base scenario and the marsplan version) and a SHA-256 of all of these
(``sha256``, over their canonical JSON: sorted keys, no spaces).  :func:`read_points` trusts a file only when
all of it checks out; otherwise it names the file and says what is wrong, in one line, or (``repair``)
removes it so that the point is computed again.  Every file is written beside its final name and renamed
(:func:`atomic_write`): a kill at any instant leaves the old file or the new one whole.

>>> import tempfile
>>> from pathlib import Path
>>> from marsplan.study.points import read_points, write_point
>>> names = ("mass_landed_t", "year_self_sustaining_p50")
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_point(Path(tmp), 0, {"mass_landed_t": 100.0, "year_self_sustaining_p50": float("nan"),
...                                "verdicts": {}}, "study-hash", names)
...     text = (Path(tmp) / "point-000000.json").read_text()
...     read_points(Path(tmp), 1, "study-hash", names, ("year_self_sustaining_p50",), repair=False)
{0: {'mass_landed_t': 100.0, 'year_self_sustaining_p50': nan, 'verdicts': {}}}
>>> '"year_self_sustaining_p50":null' in text
True
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from marsplan.errors import InputError, OutputError
from marsplan.inputfiles import read_input
from marsplan.study.spec import StudySpec

__all__ = ["POINT_FORMAT", "atomic_write", "check_same_study", "read_points", "study_hash", "write_point"]

POINT_FORMAT = 2
"""The form of a point file (2: with its study's hash, its index and its checksum)."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and one rename (removed if anything fails):
    a kill at any instant leaves the old file or the new one whole, never a part."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; the user's umask decides, as for any file
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
        raise


def _study_record(spec: StudySpec) -> dict[str, Any]:
    from marsplan import __version__

    return {"marsplan": __version__, **spec.model_dump(mode="json")}


def study_hash(spec: StudySpec, scenario: Any = None) -> str:
    """The identity every point file of a study carries: a SHA-256 of the study (its file's content), of its
    base ``scenario`` (when given, as :func:`run_study` has it) and of the marsplan version."""
    identity = {"study": _study_record(spec),
                "scenario": scenario.model_dump(mode="json") if hasattr(scenario, "model_dump") else None}
    return hashlib.sha256(_canonical(identity).encode()).hexdigest()


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False, ensure_ascii=True)


def _point_body(study: str, index: int, outputs: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    values = {}
    for k in names:
        value = float(outputs[k])
        values[k] = value if math.isfinite(value) else None
    return {"format": POINT_FORMAT, "study": study, "index": index, "outputs": values,
            "verdicts": {str(c): str(v) for c, v in outputs["verdicts"].items()}}


def write_point(directory: Path, index: int, outputs: dict[str, Any], study: str, names: tuple[str, ...]) -> None:
    """Point ``index`` (its outputs ``names`` and its verdicts) as strict JSON with its study's hash and its
    checksum, through a temporary file and one rename."""
    body = _point_body(study, index, outputs, names)
    body["sha256"] = hashlib.sha256(_canonical(body).encode()).hexdigest()
    atomic_write(directory / f"point-{index:06d}.json", (_canonical(body) + "\n").encode())


_POINT_NAME = re.compile(r"point-(\d{6})\.json")
_POINT_KEYS = {"format", "study", "index", "outputs", "verdicts", "sha256"}
_MAX_POINT_BYTES = 1 << 20


def _strict_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise ValueError("a key given twice")
    return data


def _not_strict(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is out of range")
    return value


def _read_point(path: Path, study: str, names: tuple[str, ...],
                undefined_ok: tuple[str, ...]) -> tuple[int, dict[str, Any]]:
    """The index and outputs of the point file at ``path``; ``ValueError`` saying what is wrong with it."""
    match = _POINT_NAME.fullmatch(path.name)
    if match is None:
        raise ValueError("not a point file name (point-NNNNNN.json)")
    try:  # a regular file of at most a point's size: a FIFO or a link to /dev/zero is refused, not read forever
        raw = read_input(path, "point", max_bytes=_MAX_POINT_BYTES)
    except InputError as exc:
        raise ValueError(str(exc).split(": ", 1)[-1]) from None
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_not_strict, parse_float=_finite,
                          object_pairs_hook=_strict_object)
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError included
        raise ValueError(f"not strict JSON ({str(exc).splitlines()[0][:80]})") from None
    if not isinstance(data, dict) or set(data) != _POINT_KEYS or data["format"] != POINT_FORMAT:
        raise ValueError("not a point of this marsplan (no study hash and checksum, or another format)")
    checksum = data.pop("sha256")
    if not isinstance(checksum, str) or hashlib.sha256(_canonical(data).encode()).hexdigest() != checksum:
        raise ValueError("edited since it was written (its checksum does not match)")
    if data["study"] != study:
        raise ValueError("a point of another study (its study hash differs)")
    index = int(match.group(1))
    if data["index"] != index or isinstance(data["index"], bool):
        raise ValueError(f"holds point {data['index']}, not point {index}")
    outputs, verdicts = data["outputs"], data["verdicts"]
    if not isinstance(outputs, dict) or set(outputs) != set(names):
        raise ValueError("its outputs are not this study's")
    done: dict[str, Any] = {}
    for k in names:
        value = outputs[k]
        if value is None and k in undefined_ok:
            done[k] = math.nan
        elif value is None:
            raise ValueError(f"{k} is null")
        elif isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"{k} is not a finite number")
        else:
            done[k] = float(value)
    if not isinstance(verdicts, dict) or not all(isinstance(v, str) for v in verdicts.values()):
        raise ValueError("its verdicts are not text")
    done["verdicts"] = verdicts
    return index, done


def read_points(directory: Path, count: int, study: str, names: tuple[str, ...], undefined_ok: tuple[str, ...], *,
                repair: bool) -> dict[int, dict[str, Any]]:
    """The verified points of ``directory`` (outputs ``names``, of which only ``undefined_ok`` may be null): a file
    that fails verification is refused (``InputError`` naming it), or with ``repair`` removed so that its point
    is computed again."""
    done: dict[int, dict[str, Any]] = {}
    if not directory.is_dir():
        return done
    for path in sorted(directory.glob("point-*.json")):
        try:
            index, outputs = _read_point(path, study, names, undefined_ok)
            if index >= count:
                raise ValueError(f"point {index} is beyond this study's {count} points")
        except (OSError, ValueError) as exc:
            if not repair:
                why = f"cannot read it ({exc.strerror})" if isinstance(exc, OSError) else str(exc)
                raise InputError(f"resume: {path}: {why}; recompute it with repair, or run without resume to "
                                 "start again", param=("resume", "repair")) from None
            with contextlib.suppress(OSError):
                path.unlink()
            continue
        done[index] = outputs
    return done


def check_same_study(directory: Path, spec: StudySpec, resume: bool) -> None:
    """Points are only reused by the study that made them: ``points/study-spec.json`` records it (and each
    point carries its study's hash, which also catches a record that was deleted)."""
    record = directory / "study-spec.json"
    this = _study_record(spec)
    if resume and record.is_file():
        try:
            before = json.loads(read_input(record, "study record", max_bytes=_MAX_POINT_BYTES))
        except (OSError, ValueError):  # InputError is a ValueError: a device or FIFO there is no record
            before = None
        if before != this:
            raise InputError(f"resume: {directory} holds points of a different study (or marsplan version); "
                             "give a new out_dir, or run without resume to start again", param=("resume", "out_dir"))
    directory.mkdir(parents=True, exist_ok=True)
    atomic_write(record, (json.dumps(this, indent=1) + "\n").encode())
    if not resume:
        for old in directory.glob("point-*.json"):
            old.unlink()
