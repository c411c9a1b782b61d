"""How many threads marsplan's compiled kernels use, and which of a kernel's two builds runs.

Every compiled kernel that loops over independent items (epochs, Lambert problems, grid cells, Monte Carlo
runs) is built twice from one Python function (:func:`twin`): a serial build and a ``parallel=True`` build.
The parallel build pays a fixed cost on every call (waking its threads, and far more whenever a thread must
wait for a busy core: measured at several milliseconds on a loaded 2-core machine, where a 10-epoch ephemeris
call takes 0.05 ms serially), so a :class:`Kernel` runs it only when

- the work (items in the call) reaches the kernel's ``min_parallel_work``, measured where the parallel build
  starts to win on an idle machine (``make bench`` prints both builds across sizes);
- while other programs keep the cores busy (:func:`busy`: Linux counts the threads running at the moment of
  the call; a load average would lag a minute behind a program that just started), the work reaches the
  larger ``busy_threshold``, where a call is long enough that a wait for a core cannot make it slower than
  the serial build (measured under ``make bench``'s CPU hog: the parallel build still wins on large work,
  since two threads get a larger share of a contended machine than one); and
- more than one thread is allowed: :func:`threads`.

:func:`threads` is the process-wide setting: ``MARSPLAN_THREADS`` when set (1 = always serial; any setting
also turns off the busy test), else the machine's cores, and never more than numba's pool.
Dask workers get ``MARSPLAN_THREADS=1`` (one thread each: :mod:`marsplan.distribute`).  Each item's
arithmetic is the same in both builds, so the numbers are the same bitwise whichever runs.

>>> import numpy as np
>>> @twin(min_parallel_work=1_000, cache=False)
... def double(x, out):
...     for i in nb.prange(x.shape[0]):
...         out[i] = 2.0 * x[i]
>>> x = np.arange(5.0); out = np.empty(5)
>>> double(x, out, work=5); out
array([0., 2., 4., 6., 8.])
>>> double.threads_for(5), double.threads_for(10**6) >= 1
(1, True)
"""

from __future__ import annotations

import os
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numba as nb

__all__ = ["ENV", "Kernel", "busy", "machine_cores", "others_running", "threads", "twin"]

ENV = "MARSPLAN_THREADS"


def machine_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def _own_running() -> int:
    """This process's threads running now (its compiled kernels' pool spins a few milliseconds after a call):
    they are not other programs."""
    count = 0
    try:
        for task in os.scandir("/proc/self/task"):
            try:
                with open(f"{task.path}/stat", encoding="ascii") as f:
                    count += f.read().rsplit(")", 1)[1].split()[0] == "R"
            except (OSError, IndexError):
                continue
    except OSError:
        return 1
    return max(count, 1)


def others_running() -> float:
    """Threads of other programs running now: the kernel's count of runnable threads (``/proc/loadavg``, an
    instant reading) less this process's own, or elsewhere the one-minute load average less one."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            running = f.read().split()[3].split("/")[0]
        return max(0.0, float(running) - _own_running())
    except (OSError, IndexError, ValueError):
        try:
            return max(0.0, os.getloadavg()[0] - 1.0)
        except OSError:  # pragma: no cover - no load figures on this system
            return 0.0


def threads() -> int:
    """Threads a parallel build may use: ``MARSPLAN_THREADS`` (a bad value counts as 1), else the machine's
    cores; at least 1, at most numba's thread pool."""
    pool = int(nb.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]
    text = os.environ.get(ENV, "").strip()
    if text:
        try:
            wanted = int(text)
        except ValueError:
            wanted = 1  # a bad setting never makes a call slower than the serial kernel
        return max(1, min(wanted, pool))
    return max(1, min(machine_cores(), pool))


_BUSY_READING: list[float] = [-1.0, 0.0]  # [when (monotonic s), busy]
BUSY_READING_S = 0.05
"""How long one reading of :func:`busy` serves (reading ``/proc`` costs some 50 us: as much as a small kernel
call)."""


def busy() -> bool:
    """Whether other programs keep at least one of this machine's cores busy right now (read at most every
    :data:`BUSY_READING_S`)."""
    now = time.monotonic()
    if now - _BUSY_READING[0] > BUSY_READING_S:
        cores = machine_cores()
        # two readings, the lower: a thread of this process that wakes or sleeps between the system's count and
        # this process's own can make one reading count it as another program's (a real other program is still
        # running at the second reading)
        others = min(others_running(), others_running()) if cores > 1 else 0.0
        _BUSY_READING[:] = [now, float(cores == 1 or others >= 0.5 * min(cores, 2))]
    return bool(_BUSY_READING[1])


@dataclass(frozen=True)
class Kernel:
    """A compiled kernel's serial and parallel builds; calling it (with ``work=``, the items in the call) runs
    the one that is faster for that work with :func:`threads` threads."""

    name: str
    serial: Any
    parallel: Any
    min_parallel_work: int
    min_parallel_work_busy: int | None = None

    def threads_for(self, work: int) -> int:
        """Threads a call with ``work`` items would use (1: the serial build)."""
        if work < self.min_parallel_work:
            return 1
        if ENV not in os.environ and work < self.busy_threshold and busy():
            return 1
        return threads()

    @property
    def busy_threshold(self) -> int:
        """Fewest items for the parallel build while other programs keep the cores busy (default: 100 times
        ``min_parallel_work``): there a parallel call may wait milliseconds for a core, so only work long
        enough to hide that wait runs in parallel."""
        return self.min_parallel_work_busy if self.min_parallel_work_busy is not None else 100 * self.min_parallel_work

    def __call__(self, *args: Any, work: int) -> Any:
        n = self.threads_for(work)
        if n == 1:
            return self.serial(*args)
        nb.set_num_threads(n)  # per calling thread in numba: other threads keep their own setting
        return self.parallel(*args)


def twin(min_parallel_work: int, min_parallel_work_busy: int | None = None, **options: Any
         ) -> Callable[[Callable[..., Any]], Kernel]:
    """Compile a function that loops with ``numba.prange`` twice (serial, and ``parallel=True``), with the
    njit ``options`` (``cache=True`` and ``nogil=True`` by default), as one :class:`Kernel`."""
    options = {"cache": True, "nogil": True, **options}

    def build(func: Callable[..., Any]) -> Kernel:
        # a copy under its own name, so that the two builds keep separate on-disk caches
        serial_func = types.FunctionType(func.__code__, func.__globals__, f"{func.__name__}_serial",
                                         func.__defaults__, func.__closure__)
        serial_func.__qualname__ = f"{func.__qualname__}_serial"
        serial_func.__module__ = func.__module__
        serial_func.__doc__ = func.__doc__
        return Kernel(func.__name__, nb.njit(**options)(serial_func), nb.njit(parallel=True, **options)(func),
                      min_parallel_work, min_parallel_work_busy)

    return build
