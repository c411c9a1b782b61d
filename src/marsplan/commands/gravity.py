"""The gravity-assist commands: ``mga`` (a flyby sequence, or one of ESA's GTOP benchmark problems) and
``freereturn`` (Mars free returns window by window).

>>> from marsplan.commands import mga
>>> mga(sequence="earth,mars", departure="2026-09-01:2026-12-31", leg_tofs_days=("150:400",), islands=2,
...     population=10, generations=40).to_dict()["sequence"]
['earth', 'mars']
>>> mga(sequence="earth,mars", departure="2026-09-01:2026-12-31", leg_tofs_days=())
Traceback (most recent call last):
...
marsplan.errors.InputError: --tof: give one MIN:MAX per leg (1 legs for earth-mars), got 0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from marsplan.commands.lowthrust import SCHEDULER, SCHEDULER_HELP, SEED, WORKERS_HELP
from marsplan.commands.params import Choice, DateRange, Float, FloatRange, Int, Opt, Text, command
from marsplan.errors import InputError

__all__ = ["CyclerReport", "FreeReturns", "MGAReport", "cycler", "freereturn", "mga"]

GTOP_PROBLEMS = ("none", "cassini1", "cassini2", "messenger")
FAMILY_NAMES = ("EME", "EME-long", "EVME", "EMVE")


@dataclass
class MGAReport:
    """The best gravity-assist trajectory found and what its search spent."""

    result: Any
    problem_name: str
    algorithm: str
    best_known_km_s: float | None

    def to_dict(self) -> dict[str, Any]:
        out = {"problem": self.problem_name, "algorithm": self.algorithm, **self.result.to_dict()}
        if self.best_known_km_s is not None:
            out["best_known_km_s"] = self.best_known_km_s
            out["above_best_known_percent"] = 100.0 * (self.result.total_dv_km_s / self.best_known_km_s - 1.0)
        return out


def _sequence(text: str) -> tuple[str, ...]:
    from marsplan.astro.bodies import check_body

    names = tuple(part.strip() for part in str(text).split(",") if part.strip())
    if len(names) < 2:
        raise InputError(f"--sequence {text}: give at least two bodies, comma-separated (earth,venus,mars)",
                         param="sequence")
    return tuple(check_body(name) for name in names)


@command("mga", heavy=True)
def mga(
    sequence: Annotated[str, Opt("--sequence", Text(), "Bodies in order, comma-separated (earth,venus,mars).")] = (
        "earth,venus,mars"),
    departure: Annotated[tuple[str, str] | str, Opt("--depart", DateRange(), "Launch window START:END (UTC).")] = (
        "2026-01-01:2026-12-31"),
    leg_tofs_days: Annotated[Sequence[tuple[float, float]] | Sequence[str], Opt(
        "--tof", FloatRange(1.0, 20_000.0, "days"), "Time of flight of a leg MIN:MAX (days); one per leg, "
        "repeatable.", multiple=True)] = ("80:250", "80:300"),
    arrival: Annotated[str, Opt("--arrival", Choice(choices=("vinf", "flyby")), "What the arrival costs: the "
                                "arrival v-infinity (vinf) or nothing (flyby).")] = "vinf",
    gtop: Annotated[str, Opt("--gtop", Choice(choices=GTOP_PROBLEMS), "Solve one of ESA's GTOP benchmark "
                             "problems on its own planet model instead (cassini1: MGA; cassini2, messenger: "
                             "MGA-1DSM).")] = (
        "none"),
    algorithm: Annotated[str, Opt("--algorithm", Choice(choices=("de", "sade", "mbh")), "Global optimiser: SciPy's "
                                  "differential evolution (de), pygmo's self-adaptive DE (sade) or basin hopping "
                                  "with SLSQP descents (mbh; --generations: descents per island).")] = "de",
    islands: Annotated[int, Opt("--islands", Int(1, 1_000), "Independent seeded searches.")] = 8,
    population: Annotated[int, Opt("--population", Int(2, 1_000), "Candidates per island, per dimension.")] = 20,
    generations: Annotated[int, Opt("--generations", Int(1, 100_000), "Generations per island (with the "
                                    "population: the evaluation budget).")] = 300,
    seed: Annotated[int, Opt("--seed", SEED, "Random seed of the islands.")] = 0,
    workers: Annotated[int | None, Opt("--workers", Int(1, 256), WORKERS_HELP, http=False)] = None,
    scheduler: Annotated[str | None, Opt("--scheduler", SCHEDULER, SCHEDULER_HELP, http=False)] = None,
    progress: Callable[[int, int], None] | None = None,
) -> MGAReport:
    """The least-delta-v gravity-assist trajectory through a sequence of bodies (patched conics on DE440: Lambert
    legs, powered flybys), or one of ESA's GTOP benchmark problems; seeded, stopped on an evaluation budget."""
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.trajectory import gtop as gtop_problems
    from marsplan.trajectory.mga import MGAProblem, optimize_mga

    best_known: float | None = None
    if gtop != "none":
        make, best_known = {
            "cassini1": (gtop_problems.cassini1, gtop_problems.CASSINI1_BEST_KM_S),
            "cassini2": (gtop_problems.cassini2, gtop_problems.CASSINI2_BEST_KM_S),
            "messenger": (gtop_problems.messenger, gtop_problems.MESSENGER_BEST_KM_S)}[gtop]
        problem: Any = make()
        name = gtop
    else:
        seq = _sequence(sequence)
        if len(leg_tofs_days) != len(seq) - 1:
            raise InputError(f"--tof: give one MIN:MAX per leg ({len(seq) - 1} legs for {'-'.join(seq)}), got "
                             f"{len(leg_tofs_days)}", param="leg_tofs_days")
        first, last = departure if isinstance(departure, tuple) else tuple(str(departure).split(":", 1))
        window = (float(utc_to_tdb_jd(first)), float(utc_to_tdb_jd(last)))
        problem = MGAProblem(seq, window, tuple(tuple(t) for t in leg_tofs_days), arrival=arrival)  # type: ignore[misc]
        name = "-".join(seq)
    result = optimize_mga(problem, seed=seed, islands=islands, population=population, generations=generations,
                          algorithm=algorithm, workers=workers, scheduler=scheduler, progress=progress)
    return MGAReport(result, name, algorithm, best_known)


@dataclass
class FreeReturns:
    """The ballistic free returns found, window by window."""

    start_utc: str
    end_utc: str
    families: tuple[str, ...]
    max_c3_km2_s2: float
    found: list[Any]

    def to_dict(self) -> dict[str, Any]:
        from marsplan.crew.dose import porkchop_cruise_dose_msv

        rows = []
        for f in self.found:
            # a crew's deep-space dose over the whole free return (the central value of marsplan.crew.dose)
            dose = float(porkchop_cruise_dose_msv([f.launch_tdb_jd], [f.duration_days])[0, 0])
            rows.append({**f.to_dict(), "cruise_dose_msv": round(dose, 1) if dose == dose else None})
        return {"from": self.start_utc, "to": self.end_utc, "families": list(self.families),
                "max_c3_km2_s2": self.max_c3_km2_s2, "free_returns": rows}


@command("freereturn", heavy=True)
def freereturn(
    start_utc: Annotated[str, Opt("--from", Text(), "First Mars window to search (UTC date).")] = "2026-01-01",
    end_utc: Annotated[str, Opt("--to", Text(), "Last Mars window to search (UTC date).")] = "2032-01-01",
    families: Annotated[Sequence[str], Opt("--family", Choice(choices=FAMILY_NAMES), "Free-return family (EME: "
                                           "about 1.4 years; EME-long: about 2.5; EVME, EMVE: with Venus); "
                                           "repeatable.", multiple=True)] = FAMILY_NAMES,
    max_c3_km2_s2: Annotated[float, Opt("--max-c3", Float(0.0, 1000.0, "km^2/s^2", open_lo=True), "Show free "
                                        "returns up to this launch C3 (km^2/s^2).")] = 60.0,
    seed: Annotated[int, Opt("--seed", SEED, "Random seed of the searches.")] = 0,
    workers: Annotated[int | None, Opt("--workers", Int(1, 256), WORKERS_HELP, http=False)] = None,
    scheduler: Annotated[str | None, Opt("--scheduler", SCHEDULER, SCHEDULER_HELP, http=False)] = None,
    progress: Callable[[int, int], None] | None = None,
) -> FreeReturns:
    """Mars free returns (the flybys ballistic, back to Earth without a burn) for each Mars window: launch date,
    C3, flyby altitudes, duration and Earth entry speed."""
    from marsplan.astro.isodate import parse_utc
    from marsplan.trajectory.freereturn import free_returns

    for flag_name, text in (("start_utc", start_utc), ("end_utc", end_utc)):
        try:
            parse_utc(text)
        except Exception:
            raise InputError(f"{text}: expected a UTC date (ISO 8601)", param=flag_name) from None
    found = free_returns(start_utc, end_utc, families=tuple(dict.fromkeys(families)), seed=seed, workers=workers,
                         scheduler=scheduler, progress=progress)
    shown = [f for f in found if f.c3_km2_s2 <= max_c3_km2_s2]
    return FreeReturns(start_utc, end_utc, tuple(dict.fromkeys(families)), max_c3_km2_s2, shown)


@dataclass
class CyclerReport:
    """An Aldrin cycler flown over a span of years on DE440."""

    cycler: Any

    def to_dict(self) -> dict[str, Any]:
        return dict(self.cycler.to_dict())


@command("cycler", heavy=True)
def cycler(
    start_utc: Annotated[str, Opt("--from", Text(), "Start (UTC date): the cycler's first Earth flyby is in the "
                                  "first Earth-Mars window after it.")] = "2026-01-01",
    end_utc: Annotated[str, Opt("--to", Text(), "End (UTC date).")] = "2050-12-31",
    direction: Annotated[str, Opt("--direction", Choice(choices=("outbound", "inbound")), "Outbound: Earth to "
                                  "Mars in about 146 days; inbound: Mars to Earth.")] = "outbound",
    generations: Annotated[int, Opt("--generations", Int(1, 100_000), "Generations per island (the evaluation "
                                    "budget).")] = 1_000,
    seed: Annotated[int, Opt("--seed", SEED, "Random seed of the search.")] = 0,
    workers: Annotated[int | None, Opt("--workers", Int(1, 256), WORKERS_HELP, http=False)] = None,
    scheduler: Annotated[str | None, Opt("--scheduler", SCHEDULER, SCHEDULER_HELP, http=False)] = None,
) -> CyclerReport:
    """The Aldrin Earth-Mars cycler on the real planets (DE440): its encounters, v-infinities, leg times and the
    correction burns that keep it going, the encounter dates chosen for the least total burn."""
    from marsplan.trajectory.cycler import aldrin_cycler

    return CyclerReport(aldrin_cycler(start_utc, end_utc, direction=direction, seed=seed, generations=generations,
                                      workers=workers, scheduler=scheduler))

