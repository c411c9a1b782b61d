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
import errno
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from marsplan.errors import OutputError

__all__ = ["MARKER_FILE", "atomic_output_dir", "atomic_update_dir", "atomic_write_bytes", "check_output_dir",
           "check_output_file", "check_path_name", "check_writable_dir", "output_lock"]

MARKER_FILE = "summary.json"


def check_writable_dir(directory: str | os.PathLike[str], param: str = "out_dir") -> Path:
    """Fail early (before any work) unless ``directory`` is, or could be made, a folder on an ordinary file system
    (not /proc, /sys or /dev) in which a file can be written: a file is created and removed in it, or in the
    nearest folder above it that exists (nothing is left behind)."""
    check_path_name(directory, param)
    target = Path(directory).absolute()
    system = _system_filesystem(target)
    if system:
        raise OutputError(f"{param} {target}: on the system's {system} file system, not a place for files",
                          param=param)
    existing = target
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{param} {target}: {existing} exists and is not a directory", param=param)
    try:
        fd, probe = tempfile.mkstemp(prefix=".marsplan-probe-", dir=existing)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{param} {target}: cannot write there: {exc.strerror}", param=param) from None
    return target


def check_output_dir(out_dir: str | os.PathLike[str]) -> Path:
    """Fail early (before any work) if ``out_dir`` may not be replaced by a marsplan output, or its folder cannot
    be written (:func:`check_writable_dir`)."""
    check_path_name(out_dir, "out_dir")
    out = Path(out_dir).absolute()
    try:
        check_writable_dir(out.parent)
    except OutputError as exc:  # named as the user gave it, not by its folder
        raise OutputError(f"out_dir {out}: " + str(exc).split(": ", 1)[-1], param="out_dir") from None
    if out.exists():
        if not out.is_dir():
            raise OutputError(f"out_dir {out}: exists and is not a directory", param="out_dir")
        if any(out.iterdir()) and not (out / MARKER_FILE).is_file():
            raise OutputError(
                f"out_dir {out}: directory is not empty and holds no marsplan {MARKER_FILE}; "
                "choose a new or empty directory", param="out_dir"
            )
    return out


_SYSTEM_FILESYSTEMS = {"proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "debugfs", "tracefs",
                       "securityfs", "configfs", "pstore", "bpf", "mqueue", "fusectl", "binfmt_misc", "efivarfs"}
_SPECIAL_TREES = ("/proc", "/sys", "/dev")  # where /proc/self/mountinfo cannot be read


def _system_filesystem(path: Path) -> str:
    """The type of the kernel's own file system ``path`` is on (proc, sysfs, devtmpfs, ...), or "" for one where
    files belong (ext4, tmpfs such as /dev/shm, ...)."""
    resolved = str(path.resolve())
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as info:
            mounts = [(fields[4].replace("\\040", " "), fields[fields.index("-") + 1])
                      for fields in (line.split() for line in info) if "-" in fields]
    except (OSError, ValueError, IndexError):
        hit = any(resolved == tree or resolved.startswith(tree + "/") for tree in _SPECIAL_TREES)
        return resolved if hit else ""
    best = max((m for m in mounts if resolved == m[0] or resolved.startswith(m[0].rstrip("/") + "/")),
               key=lambda m: len(m[0]), default=("", ""))
    return best[1] if best[1] in _SYSTEM_FILESYSTEMS else ""


def check_path_name(path: str | os.PathLike[str], param: str | None = None) -> None:
    """Refuse a name no file system takes: a NUL byte, a component over 255 bytes, a path over 4,096 bytes."""
    text = os.fspath(path)
    if "\0" in text:
        raise OutputError(f"{text!r}: a file name cannot hold a NUL byte", param=param)
    encoded = os.fsencode(text)
    if len(encoded) > 4096 or any(len(part) > 255 for part in encoded.split(b"/")):
        raise OutputError(f"{text[:60]}...: a file name may have at most 255 bytes and a path 4,096", param=param)


def check_output_file(path: str | os.PathLike[str]) -> Path:
    """Fail early (before any work) if a file cannot be written at ``path``: a directory or special file
    there, a system file system (proc, sysfs, devtmpfs, ...), or a folder that cannot be created or written (a test
    file is created and removed in the nearest folder that exists: nothing is left behind)."""
    check_path_name(path)
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name")
    if target.exists() and not target.is_file():
        raise OutputError(f"{target}: is not a regular file; give a file name")
    try:
        check_writable_dir(target.absolute().parent, "folder")
    except OutputError as exc:
        raise OutputError(f"{target}: " + str(exc).split(": ", 1)[-1]) from None
    return target


@contextlib.contextmanager
def atomic_output_dir(out_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary directory that replaces ``out_dir`` only on success.

    ``out_dir`` must be missing, empty, or an earlier marsplan output
    (it holds ``summary.json``): marsplan never replaces other folders.
    """
    out = check_output_dir(out_dir)
    with output_lock(out):
        yield from _write_and_replace(out)


_HELD: dict[str, int] = {}  # the outputs this process holds the lock of, with how many holders
_HELD_LOCK = threading.Lock()


@contextlib.contextmanager
def output_lock(out_dir: str | os.PathLike[str], param: str | None = "out_dir") -> Iterator[None]:
    """Hold ``out_dir``'s lock (a hidden ``.NAME.lock`` beside it) for a whole run that will write it: a second
    run writing the same output at the same time fails at once, in one line, instead of both computing and the
    last one winning.  Taken again by the same process (the run's own final write) it is already held."""
    out = Path(out_dir).absolute()
    key = str(out)
    with _HELD_LOCK:
        if _HELD.get(key):
            _HELD[key] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _HELD_LOCK:
                _HELD[key] -= 1
        return
    import fcntl

    path = out.parent / f".{out.name}.lock"
    busy = OutputError(f"{param + ' ' if param else ''}{out}: another marsplan run is writing it now; wait for it or "
                       "choose another place", param=param)
    for _ in range(100):
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            lock = open(path, "a+b")  # noqa: SIM115 - held across the yield
        except OSError as exc:
            raise OutputError(f"{param + ' ' if param else ''}{out}: cannot write there: {exc.strerror}",
                              param=param) from None
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise busy from None
        try:  # the holder before us unlinks the file as it ends: ours must still be the one at the path
            same = os.path.samestat(os.fstat(lock.fileno()), os.stat(path))
        except OSError:
            same = False
        if same:
            break
        lock.close()
    else:  # pragma: no cover - a hundred holders in a row ended under us
        raise busy
    with _HELD_LOCK:
        _HELD[key] = 1
    try:
        yield
    finally:
        with _HELD_LOCK:
            _HELD.pop(key, None)
        with contextlib.suppress(OSError):
            os.unlink(path)
        lock.close()


@contextlib.contextmanager
def atomic_update_dir(out_dir: str | os.PathLike[str], carry: Sequence[str] = ()) -> Iterator[Path]:
    """Yield a temporary folder beside ``out_dir`` for a run's new files; on success the entries ``carry`` of
    ``out_dir`` (a study's finished points) are linked into it and it replaces ``out_dir`` in one step (the
    exchange of :func:`atomic_output_dir`), so a kill at any instant leaves the old folder or the new one whole,
    never a new file beside old ones.  The caller checks that ``out_dir`` may be replaced and holds its lock."""
    out = Path(out_dir).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)
    try:
        yield tmp
        for name in carry:
            if (out / name).exists():
                # hard links: the old folder keeps its files until the exchange; a copy where links cannot be made
                shutil.copytree(out / name, tmp / name, copy_function=_link_or_copy, dirs_exist_ok=True)
        _replace_directory(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if exc.errno not in _DISK_ERRORS:
            raise
        raise OutputError(f"out_dir {out}: cannot write the output: {exc.strerror}; the earlier output is "
                          "untouched", param="out_dir") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write_and_replace(out: Path) -> Iterator[Path]:
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
        try:
            yield tmp
        except OSError as exc:
            if exc.errno not in _DISK_ERRORS:
                raise
            raise OutputError(f"out_dir {out}: cannot write the output: {exc.strerror}; the earlier output is "
                              "untouched", param="out_dir") from None
        _replace_directory(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# a full disk, a quota, a read-only or failing file system: the output's fault, not marsplan's
_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG}
_RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths in one step (Linux 3.15+)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one system call (Linux's renameat2 RENAME_EXCHANGE); False where unsupported."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel or a file system without the exchange: two renames instead
    raise OSError(code, os.strerror(code), str(b))


def _replace_directory(new: Path, out: Path) -> None:
    """Put ``new`` at ``out``: a kill at any instant leaves ``out`` whole, the old output or the new one (one
    exchange of the two directories where the system has it, else a rename aside and a rename in, restored on
    failure)."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # now holds the old output
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    check_path_name(path)
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
