"""A bounded load check of a running ``marsplan serve``: concurrent clients mixing cheap calls with porkchops.

Used by the test suite and ``make bench`` (loopback only); also a quick check of one's own deployment::

    from marsplan.server.loadcheck import run_load
    run_load("http://127.0.0.1:8000").summary()

Without a server at hand, the calls it mixes and how it sums up latencies (the median of 10, 20, 30 and
40 ms is 25 ms):

>>> from marsplan.server.loadcheck import CHEAP, HEAVY, LoadResult
>>> [path for path, _ in CHEAP], HEAVY[0]
(['/api/lambert', '/api/power/irradiance', '/api/ephemeris', '/api/scenario/show'], '/api/porkchop')
>>> summary = LoadResult(cheap_s=[0.01, 0.02, 0.03, 0.04], heavy_s=[0.12], wall_s=0.5).summary()
>>> summary["requests"], summary["failures"], round(summary["cheap_p50_s"], 3), summary["heavy_p50_s"]
(5, 0, 0.025, 0.12)
"""

import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CHEAP", "HEAVY", "LoadResult", "run_load"]

CHEAP: list[tuple[str, dict[str, str]]] = [
    ("/api/lambert", {"r1": "5000,10000,2100", "r2": "-14600,2500,7000", "tof-s": "3600", "mu": "398600"}),
    ("/api/power/irradiance", {"site": "jezero"}),
    ("/api/ephemeris", {"body": "mars", "date": "2030-01-01"}),
    ("/api/scenario/show", {"name": "mars-2026"}),
]
HEAVY: tuple[str, dict[str, str]] = ("/api/porkchop",
                                     {"depart": "2026-09-01:2027-01-31", "tof": "100:450", "step": "3"})
"""A porkchop of 51 x 117 cells: about 0.1 s of work and 0.8 MB of JSON."""


@dataclass
class LoadResult:
    """Latencies (s) of the cheap and heavy calls, and what failed."""

    cheap_s: list[float] = field(default_factory=list)
    heavy_s: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    def summary(self) -> dict[str, Any]:
        def p(values: list[float], q: int) -> float:
            return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values or [float("nan")])[0]

        return {"requests": len(self.cheap_s) + len(self.heavy_s), "failures": len(self.failures),
                "cheap_p50_s": p(self.cheap_s, 50), "cheap_p95_s": p(self.cheap_s, 95),
                "heavy_p50_s": p(self.heavy_s, 50), "heavy_p95_s": p(self.heavy_s, 95), "wall_s": self.wall_s}


def run_load(url: str, *, requests: int = 200, clients: int = 20, heavy_every: int = 5,
             timeout_s: float = 120.0) -> LoadResult:
    """``requests`` calls from ``clients`` concurrent clients; every ``heavy_every``-th call is a porkchop (0: none)."""
    import httpx

    result = LoadResult()
    lock = threading.Lock()
    per_client = requests // clients

    def client_loop(worker: int) -> None:
        with httpx.Client(base_url=url, timeout=timeout_s) as http:
            for n in range(per_client):
                heavy = heavy_every > 0 and (worker + n) % heavy_every == 0
                path, params = HEAVY if heavy else CHEAP[(worker + n) % len(CHEAP)]
                t0 = time.perf_counter()
                try:
                    response = http.get(path, params=params)
                    problem = None if response.status_code == 200 else f"{path}: HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    problem = f"{path}: {type(exc).__name__}"
                elapsed = time.perf_counter() - t0
                with lock:
                    (result.heavy_s if heavy else result.cheap_s).append(elapsed)
                    if problem:
                        result.failures.append(problem)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(w,), daemon=True) for w in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout_s * per_client)
    result.wall_s = time.perf_counter() - t0
    return result
