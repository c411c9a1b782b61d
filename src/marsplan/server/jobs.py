"""Long work on the server as jobs: a request returns a job id at once; ``GET /api/jobs/ID`` gives its progress
and, when it is done, its result (the same JSON as the CLI's ``--format json``).

A bounded pool of worker threads runs the jobs (:attr:`ServerLimits.jobs_at_once`); at most
:attr:`ServerLimits.jobs_waiting` wait for a thread (more are refused with 429, before anything runs); the
last :attr:`ServerLimits.jobs_kept` finished jobs are kept for their clients to read.  Cheap requests never
wait behind a job: they run in the server's own threads.

>>> import time
>>> board = JobBoard(workers=1, waiting=4, kept=8)
>>> job = board.submit("demo", lambda progress: (progress(1, 2), progress(2, 2), {"answer": 42})[-1])
>>> while board.get(job.id).to_dict()["status"] not in ("done", "failed"):
...     time.sleep(0.01)
>>> {k: v for k, v in board.get(job.id).to_dict().items() if k in ("status", "progress", "result")}
{'status': 'done', 'progress': {'done': 2, 'total': 2}, 'result': {'answer': 42}}
>>> board.close()
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from marsplan.errors import MarsplanError

__all__ = ["Job", "JobBoard", "JobRefused"]


class JobRefused(Exception):
    """No room for another job (too many wait), or no such job."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Job:
    """One piece of long work and what a client may know of it."""

    id: str
    command: str
    status: str = "queued"  # queued, running, done, failed
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    progress: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    error: str | None = None

    def report(self, *args: Any) -> None:
        """The work's progress: ``(done, total)`` counts or ``(stage,)`` names."""
        if len(args) == 2:
            self.progress = {"done": int(args[0]), "total": int(args[1])}
        elif len(args) == 1:
            stages = int(self.progress.get("stages", 0)) + 1
            self.progress = {"stage": str(args[0]), "stages": stages}

    def to_dict(self) -> dict[str, Any]:
        now = time.time()
        elapsed = None if self.started is None else round((self.finished or now) - self.started, 3)
        return {"id": self.id, "command": self.command, "status": self.status, "url": f"/api/jobs/{self.id}",
                "progress": dict(self.progress), "elapsed_s": elapsed, "result": self.result, "error": self.error}


class JobBoard:
    """The jobs of one server: submit, read, and a bounded pool that runs them."""

    def __init__(self, workers: int, waiting: int, kept: int):
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="marsplan-job")
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self.workers, self.waiting, self.kept = max(1, workers), waiting, kept

    def submit(self, command: str, work: Callable[[Callable[..., None]], Any]) -> Job:
        """Queue ``work(progress)``; its return value (JSON-ready) becomes the job's result."""
        with self._lock:
            queued = sum(1 for j in self._jobs.values() if j.status == "queued")
            if queued >= self.waiting:
                raise JobRefused(429, f"{queued} jobs are waiting already (the server's limit); try again when "
                                      "one has started")
            job = Job(uuid.uuid4().hex, command)
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Callable[[Callable[..., None]], Any]) -> None:
        job.status, job.started = "running", time.time()
        try:
            job.result = work(job.report)
            job.status = "done"
        except MarsplanError as exc:
            job.error, job.status = " ".join(str(exc).split()), "failed"
        except Exception as exc:  # a bug: one line, as the CLI says it
            job.error, job.status = f"internal error: {type(exc).__name__}: {str(exc)[:300]}", "failed"
        finally:
            job.finished = time.time()

    def _forget_old(self) -> None:
        finished = [j.id for j in self._jobs.values() if j.status in ("done", "failed")]
        for job_id in finished[: max(0, len(finished) - self.kept)]:
            del self._jobs[job_id]

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise JobRefused(404, f"no job {job_id!r} (finished jobs are kept for a while, then forgotten)")
        return job

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
