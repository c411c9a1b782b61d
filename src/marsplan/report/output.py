"""Atomic output: a run writes into a temporary directory, renamed at the end.

A failed run therefore never leaves a half-written report, and never
touches a report an earlier run left in the same place.

The report appears only when the block ends, and a folder of someone else's files is never replaced:

>>> import tempfile
>>> from pathlib import Path
>>> from marsplan.report.output import atomic_output_dir, check_output_dir
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = Path(tmp) / "report"
...     with atomic_output_dir(out) as work:
...         _ = (work / "summary.json").write_text("{}")
...         during = out.exists()
...     after = sorted(p.name for p in out.iterdir())
...     mine = Path(tmp) / "mine"
...     mine.mkdir()
...     _ = (mine / "notes.txt").write_text("keep me")
...     try:
...         check_output_dir(mine)
...     except Exception as exc:
...         refused = type(exc).__name__
>>> during, after, refused
(False, ['summary.json'], 'OutputError')
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from marsplan.errors import OutputError

__all__ = ["MARKER_FILE", "atomic_output_dir", "atomic_write_bytes", "check_output_dir", "check_output_file"]

MARKER_FILE = "summary.json"


def check_output_dir(out_dir: str | os.PathLike[str]) -> Path:
    """Fail early (before any work) if ``out_dir`` may not be replaced by a marsplan output."""
    out = Path(out_dir).absolute()
    if out.exists():
        if not out.is_dir():
            raise OutputError(f"out_dir {out}: exists and is not a directory", param="out_dir")
        if any(out.iterdir()) and not (out / MARKER_FILE).is_file():
            raise OutputError(
                f"out_dir {out}: directory is not empty and holds no marsplan {MARKER_FILE}; "
                "choose a new or empty directory", param="out_dir"
            )
    return out


_SPECIAL_TREES = ("/proc", "/sys", "/dev")


def check_output_file(path: str | os.PathLike[str]) -> Path:
    """Fail early (before any work) if a file cannot be written at ``path``: a directory or special file
    there, a system tree (/proc, /sys, /dev), or a folder that cannot be created or written (a test file is
    created there and removed)."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name")
    if target.exists() and not target.is_file():
        raise OutputError(f"{target}: is not a regular file; give a file name")
    parent = target.absolute().parent
    resolved = str(parent.resolve())
    if any(resolved == tree or resolved.startswith(tree + "/") for tree in _SPECIAL_TREES):
        raise OutputError(f"{target}: {resolved} is a system tree, not a place for files")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.probe-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write there: {exc.strerror}") from None
    return target


@contextlib.contextmanager
def atomic_output_dir(out_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary directory that replaces ``out_dir`` only on success.

    ``out_dir`` must be missing, empty, or an earlier marsplan output
    (it holds ``summary.json``): marsplan never replaces other folders.
    """
    out = check_output_dir(out_dir)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; the report is not
    except OSError as exc:
        raise OutputError(f"out_dir {out}: cannot create a directory there: {exc.strerror}",
                          param="out_dir") from None
    try:
        yield tmp
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rmdir(old)
            os.rename(out, old)
        try:
            os.rename(tmp, out)
        except OSError:
            if old is not None:
                os.rename(old, out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; the user's umask decides, as for any file
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
