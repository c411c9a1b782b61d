"""One request's work off the event loop: run in a worker thread, serialized there too, and stopped when its
client leaves or its time runs out.

The compiled kernels cannot be interrupted from outside, so a request is stopped cooperatively: commands that
report progress (window surveys, settlements, claims, plans, studies) are given a progress callback that raises
:class:`Cancelled` once the request is abandoned, and end at their next step; the others finish the step they
are in and their answer is dropped.  Building a large answer's JSON runs in the worker thread as well, so cheap
requests are answered while it is written.

>>> import threading
>>> from marsplan.server.work import Cancelled, cancellable
>>> stop = threading.Event()
>>> step = cancellable(None, stop)
>>> step(1, 10)
>>> stop.set()
>>> try:
...     step(2, 10)
... except Cancelled as exc:
...     print(exc)
the request was abandoned (its client left or its time ran out)
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Cancelled", "cancellable", "run_abandonable"]

POLL_S = 0.25
"""How often a waiting request looks whether its client is still there."""


class Cancelled(Exception):  # noqa: N818 - what happened, as the other marsplan errors are named
    """Raised inside the work of a request nobody waits for any more."""


def cancellable(progress: Callable[..., Any] | None, stop: threading.Event) -> Callable[..., None]:
    """A progress callback that passes each report on to ``progress`` and raises :class:`Cancelled` once
    ``stop`` is set."""
    def report(*args: Any, **kwargs: Any) -> None:
        if stop.is_set():
            raise Cancelled("the request was abandoned (its client left or its time ran out)")
        if progress is not None:
            progress(*args, **kwargs)

    return report


async def run_abandonable(work: Callable[[threading.Event], Any], *, limit_s: float,
                          client_gone: Callable[[], Any] | None = None) -> tuple[str, Any]:
    """Run ``work(stop)`` in a worker thread; ``("done", result)``, or ``("timeout" | "gone", None)`` after
    setting ``stop`` when ``limit_s`` passes or ``client_gone()`` (awaitable) says the client left."""
    from starlette.concurrency import run_in_threadpool

    stop = threading.Event()
    task = asyncio.ensure_future(run_in_threadpool(work, stop))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=max(0.0, min(POLL_S, deadline - loop.time())))
            if done:
                return "done", task.result()
            if loop.time() >= deadline:
                stop.set()
                return "timeout", None
            if client_gone is not None and await client_gone():
                stop.set()
                return "gone", None
    except BaseException:
        stop.set()
        raise
    finally:
        if not task.done():  # its thread ends at its next step; nobody reads the answer
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
