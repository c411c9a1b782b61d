"""Reading the files a user names (scenarios, studies, catalogs, ephemeris kernels) with a bound.

A path that is not a regular file (a device such as ``/dev/zero``, a FIFO, a socket, a directory) is refused at
once, before it is opened for reading, so nothing waits on a pipe or reads an endless device; a regular file is
read once, up to a stated size, from a descriptor opened without blocking and checked again after opening (a
file swapped for a FIFO in between is refused too).

>>> import tempfile
>>> from marsplan.inputfiles import read_input
>>> from marsplan.errors import InputError
>>> with tempfile.NamedTemporaryFile(suffix=".toml") as fh:
...     _ = fh.write(b"x = 1"); fh.flush()
...     read_input(fh.name, "scenario", max_bytes=100)
b'x = 1'
>>> try:
...     read_input("/dev/zero", "scenario", max_bytes=100)
... except InputError as exc:
...     print(exc)
/dev/zero: is a character device, not a scenario file
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from marsplan.errors import InputError, MarsplanError

__all__ = ["check_input_file", "read_input"]

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


def _refuse_special(mode: int, path: str | os.PathLike[str], what: str, error: type[MarsplanError],
                    param: str | None) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    article = "an" if what[:1].lower() in "aeiou" else "a"
    raise error(f"{path}: is {kind}, not {article} {what} file", param=param)


def check_input_file(path: str | os.PathLike[str], what: str, *, max_bytes: int | None = None,
                     error: type[MarsplanError] = InputError, param: str | None = None) -> Path:
    """``path`` if it is a regular file (of at most ``max_bytes``), else ``error`` in one line naming the path and
    what it is; nothing is opened."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(f"{path}: {what} file not found", param=param) from None
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} file: {exc.strerror}", param=param) from None
    _refuse_special(info.st_mode, path, what, error, param)
    if max_bytes is not None and info.st_size > max_bytes:
        raise error(f"{path}: {info.st_size:,} bytes; a {what} file may hold at most {max_bytes:,} bytes",
                    param=param)
    return Path(path)


def read_input(path: str | os.PathLike[str], what: str, *, max_bytes: int,
               error: type[MarsplanError] = InputError, param: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them (``error`` otherwise, in one line)."""
    check_input_file(path, what, max_bytes=max_bytes, error=error, param=param)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} file: {exc.strerror}", param=param) from None
    try:
        _refuse_special(os.fstat(fd).st_mode, path, what, error, param)  # swapped since the check?
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} file: {exc.strerror}", param=param) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise error(f"{path}: more than {max_bytes:,} bytes; a {what} file may hold at most {max_bytes:,} bytes",
                    param=param)
    return data
