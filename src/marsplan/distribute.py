"""Run independent tasks in-process or on a Dask cluster, with identical results.

Every task is a pure function of its arguments (seeds included), so the order and the place it runs
do not change its answer.  ``workers=N`` starts a ``distributed.LocalCluster`` of N one-core
processes; ``scheduler="tcp://HOST:PORT"`` uses an existing cluster; with neither, tasks run here,
one after the other.  Scheduling, retries and fault tolerance are Dask's; marsplan keeps none of its own.
The cluster marsplan starts listens on 127.0.0.1 only and runs no dashboard.  Ctrl-C stops it quietly: its
worker processes ignore the terminal's interrupt (:func:`dask_setup`), are ended by this process, and the
interrupt reaches the caller as ``KeyboardInterrupt`` with no worker tracebacks.

In-process, each ``task(shared, item)`` result reaches ``on_result`` in turn:

>>> from marsplan.distribute import run_tasks
>>> results = []
>>> run_tasks(lambda scale, x: scale * x, 10, [1, 2, 3], results.append)
>>> results
[10, 20, 30]
>>> run_tasks(abs, None, [], results.append, workers=1, scheduler="tcp://127.0.0.1:8786")
Traceback (most recent call last):
...
marsplan.errors.InputError: give workers or scheduler, not both
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from marsplan.errors import InputError

__all__ = ["check_cluster_options", "dask_setup", "run_tasks"]


def _on_one_thread(task: Callable[[Any, Any], Any], shared: Any, item: Any) -> Any:
    """Run one task on a Dask worker with the compiled kernels on one thread (:mod:`marsplan.threads`): the
    cluster's workers share the machine, also on a cluster marsplan did not start."""
    os.environ["MARSPLAN_THREADS"] = "1"
    return task(shared, item)


def dask_setup(worker: Any = None) -> None:
    """Run in each worker process of the cluster :func:`run_tasks` starts (its ``preload``): Ctrl-C in the
    terminal reaches every process of the foreground group, and a worker would answer it with tracebacks; the
    process that started the cluster stops the workers itself."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _quiet_distributed() -> Iterator[None]:
    """Dask's loggers silenced (its warnings about the tasks and workers it loses while stopping)."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _stop_workers(cluster: Any) -> None:
    """End the worker processes of ``cluster`` (which this process started) at once: stopped politely, each
    would first log the tasks it cancels."""
    for nanny in list(getattr(cluster, "workers", {}).values()):
        pid = getattr(getattr(nanny, "process", None), "pid", None)
        if isinstance(pid, int):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def check_cluster_options(workers: int | None, scheduler: str | None) -> None:
    """The one-line errors for ``workers`` and ``scheduler``."""
    if workers is not None and scheduler is not None:
        raise InputError("give workers or scheduler, not both", param=("workers", "scheduler"))
    if workers is not None and not 1 <= workers <= 256:
        raise InputError(f"workers {workers}: allowed 1 to 256", param="workers")


def run_tasks(task: Callable[..., Any], shared: Any, items: Iterable[Any], on_result: Callable[[Any], None], *,
              workers: int | None = None, scheduler: str | None = None) -> None:
    """Call ``task(shared, item)`` for every item and hand each result to ``on_result`` as it arrives.

    ``shared`` (read-only data every task needs) is sent to each worker once.
    """
    check_cluster_options(workers, scheduler)
    items = list(items)
    if workers is None and scheduler is None:
        for item in items:
            on_result(task(shared, item))
        return
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InputError("workers and scheduler run on Dask, which is an extra: pip install 'marsplan[dask]'",
                         param="workers" if workers is not None else "scheduler") from None

    # one core per worker: the compiled kernels run single-threaded there, workers share the machine; the
    # scheduler and the workers listen on the loopback interface only, and no dashboard is started
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  host="127.0.0.1", dashboard_address=None,
                                                  preload=["marsplan.distribute"],
                                                  env={"NUMBA_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                                                       "MARSPLAN_THREADS": "1"})
    client, interrupted = None, False
    try:
        client = Client(scheduler or cluster)
        scattered = client.scatter(shared, broadcast=True)
        futures = [client.submit(_on_one_thread, task, scattered, item, pure=False, retries=3) for item in items]
        for future in as_completed(futures):
            on_result(future.result())
    except KeyboardInterrupt:
        interrupted = True  # Ctrl-C: the caller says so in one line, Dask's shutdown says nothing
        raise
    finally:
        with _quiet_distributed() if interrupted else contextlib.nullcontext():
            if interrupted and cluster is not None:
                _stop_workers(cluster)
            _close(client, cluster)


def _close(client: Any, cluster: Any) -> None:
    try:
        if client is not None:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
