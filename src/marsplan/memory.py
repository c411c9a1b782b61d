"""How much memory a request may take, checked before anything is allocated.

A request whose memory grows without a fixed cap (a porkchop's cells, which ``max_cells`` may raise, and the JSON
of its grid) estimates its peak memory from its size and calls :func:`check_memory` first: above the limit it
is refused in one line saying how much it would need.  The others are bounded by their caps, measured: 200,000
settlement runs take 0.74 GB, 400 days of Moon transfers 0.5 GB (solved 16 days at a time), a window survey is
solved in chunks, a study's points are at most 200,000.  The limit is half the memory the system has available
when the check runs (``MemAvailable`` of ``/proc/meminfo``; elsewhere half the physical memory), or
``MARSPLAN_MAX_MEMORY`` (bytes, or with a unit: ``512M``, ``8G``).

>>> import os
>>> from unittest import mock
>>> from marsplan.memory import check_memory, limit_bytes
>>> with mock.patch.dict(os.environ, {"MARSPLAN_MAX_MEMORY": "1G"}):
...     limit_bytes()
...     try:
...         check_memory(3 * 2**30, "this porkchop", param="max_cells")
...     except ValueError as exc:
...         print(str(exc).split(" (")[0])
1073741824
this porkchop would need about 3.0 GiB of memory; the limit here is 1.0 GiB
"""

from __future__ import annotations

import os
import re

from marsplan.errors import InputError

__all__ = ["ENV_VAR", "available_bytes", "check_memory", "format_bytes", "limit_bytes"]

ENV_VAR = "MARSPLAN_MAX_MEMORY"
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def available_bytes() -> int:
    """Memory the system can give now without swapping (``MemAvailable``), else its physical memory."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - every POSIX system has these
        return 4 * 2**30


def limit_bytes() -> int:
    """The most memory one request may take: ``MARSPLAN_MAX_MEMORY``, else half of :func:`available_bytes`."""
    text = os.environ.get(ENV_VAR, "").strip().upper().removesuffix("B").removesuffix("I")
    if text:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)", text)
        if not match:
            raise InputError(f"{ENV_VAR}={os.environ[ENV_VAR]!r}: expected bytes or a size such as 512M or 8G")
        return int(float(match.group(1)) * _UNITS[match.group(2)])
    return available_bytes() // 2


def format_bytes(n: float) -> str:
    """``n`` bytes in binary units, to two significant figures (``3.0 GiB``)."""
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} bytes"


def check_memory(need_bytes: float, what: str, *, param: str | tuple[str, ...] | None = None,
                 hint: str = "") -> None:
    """Refuse (one line, :class:`~marsplan.errors.InputError` on ``param``, ending with ``hint``) a request whose
    estimated peak memory ``need_bytes`` is over :func:`limit_bytes`."""
    limit = limit_bytes()
    if need_bytes > limit:
        raise InputError(f"{what} would need about {format_bytes(need_bytes)} of memory; the limit here is "
                         f"{format_bytes(limit)} (half the available memory, or {ENV_VAR})"
                         + (f": {hint}" if hint else ""), param=param)
