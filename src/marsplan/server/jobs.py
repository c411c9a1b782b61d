"""Long work on the server as jobs: a request returns a job id at once; ``GET /api/jobs/ID`` gives its progress
and, when it is done, its result (the same JSON as the CLI's ``--format json``).

A bounded pool of worker threads runs the jobs (:attr:`ServerLimits.jobs_at_once`); at most
:attr:`ServerLimits.jobs_waiting` wait for a thread (more are refused with 429, before anything runs).
Finished jobs keep their result as its JSON text, at most ``result_bytes`` each (a larger one fails the job
with a line saying so), and the board forgets the oldest once their results pass ``kept_bytes`` together (or
there are more than ``kept`` of them): memory stays bounded whatever clients ask.  Cheap requests never wait
behind a job: they run in the server's own threads.

>>> import json, time
>>> board = JobBoard(workers=1, waiting=4, kept=8)
>>> job = board.submit("demo", lambda progress: (progress(1, 2), progress(2, 2), {"answer": 42})[-1])
>>> while board.get(job.id).status not in ("done", "failed"):
...     time.sleep(0.01)
>>> {k: v for k, v in json.loads(board.get(job.id).to_json()).items() if k in ("status", "progress", "result")}
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
    result_json: str | None = None  # the result as strict JSON text, once done
    error: str | None = None

    def report(self, *args: Any) -> None:
        """The work's progress: ``(done, total)`` counts or ``(stage,)`` names."""
        if len(args) == 2:
            self.progress = {"done": int(args[0]), "total": int(args[1])}
        elif len(args) == 1:
            stages = int(self.progress.get("stages", 0)) + 1
            self.progress = {"stage": str(args[0]), "stages": stages}

    def to_dict(self) -> dict[str, Any]:
        """Everything but the result (see :meth:`to_json`)."""
        now = time.time()
        elapsed = None if self.started is None else round((self.finished or now) - self.started, 3)
        return {"id": self.id, "command": self.command, "status": self.status, "url": f"/api/jobs/{self.id}",
                "progress": dict(self.progress), "elapsed_s": elapsed, "error": self.error}

    def to_json(self) -> str:
        """The job as JSON, with ``result``: the command's JSON once done (else null), spliced in as kept."""
        from marsplan.jsonio import strict_json

        head = strict_json(self.to_dict(), indent=None)
        return head[:-1] + ', "result": ' + (self.result_json or "null") + "}"


class JobBoard:
    """The jobs of one server: submit, read, and a bounded pool that runs them."""

    def __init__(self, workers: int, waiting: int, kept: int, kept_bytes: int = 256 * 2**20,
                 result_bytes: int = 64 * 2**20):
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="marsplan-job")
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._running = 0
        self.workers, self.waiting, self.kept = max(1, workers), waiting, kept
        self.kept_bytes, self.result_bytes = kept_bytes, result_bytes

    def submit(self, command: str, work: Callable[[Callable[..., None]], Any]) -> Job:
        """Queue ``work(progress)``; its return value (JSON-ready) becomes the job's result."""
        with self._lock:
            # a queued job an idle thread is about to take does not wait
            queued = sum(1 for j in self._jobs.values() if j.status == "queued")
            queued = max(0, queued - (self.workers - self._running))
            if queued >= self.waiting:
                raise JobRefused(429, f"{queued} jobs are waiting already (the server's limit); try again when "
                                      "one has started")
            job = Job(uuid.uuid4().hex, command)
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Callable[[Callable[..., None]], Any]) -> None:
        from marsplan.jsonio import strict_json

        with self._lock:
            self._running += 1
        job.status, job.started = "running", time.time()
        try:
            text = strict_json(work(job.report), indent=None)
            if len(text) > self.result_bytes:
                job.error, job.status = (f"the result is {len(text) / 2**20:,.0f} MiB of JSON, over the server's "
                                         f"{self.result_bytes / 2**20:,.0f} MiB for a job: ask for less, or run "
                                         "it with the CLI"), "failed"
            else:
                job.result_json, job.status = text, "done"
        except MarsplanError as exc:
            job.error, job.status = " ".join(str(exc).split()), "failed"
        except Exception as exc:  # a bug: one line, as the CLI says it
            job.error, job.status = f"internal error: {type(exc).__name__}: {str(exc)[:300]}", "failed"
        finally:
            job.finished = time.time()
            with self._lock:
                self._running -= 1
                self._forget_old()

    def _forget_old(self) -> None:
        """Forget the oldest finished jobs beyond ``kept`` of them or ``kept_bytes`` of results (lock held)."""
        finished = [j for j in self._jobs.values() if j.status in ("done", "failed")]
        held = sum(len(j.result_json or "") for j in finished)
        for job in finished:
            if len(finished) <= self.kept and held <= self.kept_bytes:
                break
            del self._jobs[job.id]
            held -= len(job.result_json or "")
            finished = finished[1:]

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise JobRefused(404, f"no job {job_id!r} (finished jobs are kept for a while, then forgotten)")
        return job

    def close(self) -> None:
        """Stop taking jobs; queued ones are cancelled, running ones finish in the background."""
        self._pool.shutdown(wait=False, cancel_futures=True)
