"""Earth-Mars cyclers: a spacecraft that swings between Earth and Mars for ever, on flybys, for a city's logistics.

The Aldrin cycler (Byrnes, Longuski & Aldrin, "Cycler orbit between Earth and Mars", J. Spacecraft and Rockets
30(3), 1993; Russell & Ocampo, "Systematic method for constructing Earth-Mars cyclers using free-return
trajectories", J. Guidance, Control, and Dynamics 27(3), 2004, Table 4, cycler 1-0-1): a heliocentric orbit
(a = 1.60 au, e = 0.393 in the circular-coplanar model) that meets Earth once every synodic period (2.135 years)
and Mars about 146 days after Earth (outbound; the inbound cycler the other way round), with v-infinity 6.5 km/s
at Earth and 9.7 km/s at Mars.  Its apse line must turn 51.4 degrees a cycle; the Earth flyby turns v-infinity by
at most some 72 degrees at 200 km where 84 are needed (Russell & Ocampo's turn ratio 0.86), so it is not ballistic:
Byrnes et al. found 0.27-1.11 km/s manoeuvres on 3 of 7 cycles in 1995-2010 on the real planets.

Model here: the cycler over a span of years as one gravity-assist chain E-M-E-M-...-E on DE440
(:mod:`marsplan.trajectory.mga`): Lambert legs, powered flybys at every encounter (each body's lowest flyby
periapsis), the first departure and the last arrival free; the encounter dates are optimised to minimise the
total of the correction burns (the flybys' burns), seeded and stopped on an evaluation budget.

The mean synodic period, and the Aldrin cycler's first cycle of the 2026 window:

>>> from marsplan.trajectory.cycler import SYNODIC_DAYS, aldrin_cycler
>>> round(SYNODIC_DAYS, 2), round(SYNODIC_DAYS / 365.25, 3)
(779.94, 2.135)
>>> c = aldrin_cycler("2026-01-01", "2029-02-01", generations=200).to_dict()
>>> c["cycles"], [e["utc"][:7] for e in c["encounters"]]
(1, ['2026-11', '2027-04', '2028-12'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from marsplan.errors import InputError

__all__ = ["ALDRIN", "Cycler", "SYNODIC_DAYS", "aldrin_cycler"]

SYNODIC_DAYS = 1.0 / (1.0 / 365.256363 - 1.0 / 686.979586)
"""Mean Earth-Mars synodic period, days (from the sidereal years of Earth and Mars: 779.94 d, 2.135 years)."""
ALDRIN = {"synodic_periods": 1, "earth_to_mars_days": 146.0, "vinf_earth_km_s": 6.5, "vinf_mars_km_s": 9.7}
"""The Aldrin cycler in Russell & Ocampo's circular-coplanar model (2004, Table 4)."""
_SHORT_LEG_DAYS = (110.0, 230.0)
_LONG_LEG_DAYS = (SYNODIC_DAYS - 250.0, SYNODIC_DAYS - 90.0)
MAX_CYCLES = 15


@dataclass(frozen=True)
class Cycler:
    """An Aldrin cycler flown over a span: its encounters and what keeping it costs."""

    direction: str
    bodies: tuple[str, ...]
    epochs_tdb_jd: tuple[float, ...]
    vinf_km_s: tuple[float, ...]  # at each encounter (incoming; the first: outgoing)
    burns_km_s: tuple[float, ...]  # the correction burn at each intermediate encounter
    altitudes_km: tuple[float, ...]  # flyby altitude at each intermediate encounter
    total_burn_km_s: float
    evaluations: int

    @property
    def cycles(self) -> int:
        return (len(self.bodies) - 1) // 2

    def to_dict(self) -> dict[str, Any]:
        from marsplan.astro.time import tdb_jd_to_iso

        encounters = []
        for k, (body, jd, vinf) in enumerate(zip(self.bodies, self.epochs_tdb_jd, self.vinf_km_s, strict=True)):
            inner = 0 < k < len(self.bodies) - 1
            encounters.append({"body": body, "utc": str(tdb_jd_to_iso(jd, "m")), "vinf_km_s": vinf,
                               "burn_km_s": self.burns_km_s[k - 1] if inner else None,
                               "altitude_km": self.altitudes_km[k - 1] if inner else None})
        legs = np.diff(np.array(self.epochs_tdb_jd))
        transit = legs[0::2] if self.direction == "outbound" else legs[1::2]
        return {"cycler": "Aldrin", "direction": self.direction, "cycles": self.cycles,
                "mean_period_days": float(np.mean(legs[0::2] + legs[1::2])),
                "earth_to_mars_days": [float(d) for d in legs[0::2]],
                "transit_days_min_max": [float(np.min(transit)), float(np.max(transit))],
                "total_burn_km_s": self.total_burn_km_s, "burn_per_cycle_km_s": self.total_burn_km_s / self.cycles,
                "encounters": encounters, "evaluations": self.evaluations, "published": ALDRIN}


def aldrin_cycler(start_utc: str, end_utc: str, *, direction: str = "outbound", seed: int = 0, islands: int = 4,
                  population: int = 10, generations: int = 1_000, polish_evaluations: int = 20_000,
                  workers: int | None = None, scheduler: str | None = None) -> Cycler:
    """The Aldrin cycler from the first Earth-Mars window after ``start_utc`` to ``end_utc`` (UTC dates), with the
    encounter dates of least total correction burn; ``direction`` ``"outbound"`` (Earth to Mars in ~146 days) or
    ``"inbound"`` (Mars to Earth)."""
    from marsplan.astro.lambert import solve
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.trajectory.mga import MGAProblem, optimize_mga, planet_states
    from marsplan.trajectory.survey import windows

    if direction not in ("outbound", "inbound"):
        raise InputError(f"direction {direction!r}: choose outbound or inbound", param="direction")
    first, last = float(utc_to_tdb_jd(start_utc)), float(utc_to_tdb_jd(end_utc))
    cycles = int((last - first - 120.0) // SYNODIC_DAYS)
    if not 1 <= cycles <= MAX_CYCLES:
        raise InputError(f"{start_utc} to {end_utc}: {max(cycles, 0)} synodic periods; allowed 1 to {MAX_CYCLES} "
                         "(about 2.1 to 32 years)", param=("start_utc", "end_utc"))
    survey = windows("earth", "mars", start_utc, end_utc, refine_minima=False).to_dict()
    best = [op[k]["min_c3"] for op in survey for k in ("type_I", "type_II") if op.get(k) and op[k].get("min_c3")]
    if not best:
        raise InputError(f"no Earth-Mars window between {start_utc} and {end_utc}", param="start_utc")
    centre = float(utc_to_tdb_jd(min(best, key=lambda c: float(utc_to_tdb_jd(c["departure"][:10])))["departure"][:10]))
    if direction == "inbound":  # leave Earth a window early, to meet Mars as the next window's ships do
        centre -= SYNODIC_DAYS - ALDRIN["earth_to_mars_days"] * 2.0
    bodies = ["earth"]
    tofs: list[tuple[float, float]] = []
    for _ in range(cycles):
        bodies += ["mars", "earth"]
        tofs += [_SHORT_LEG_DAYS, _LONG_LEG_DAYS] if direction == "outbound" else [_LONG_LEG_DAYS, _SHORT_LEG_DAYS]
    prob = MGAProblem(tuple(bodies), (centre - 90.0, centre + 90.0), tuple(tofs), arrival="flyby",
                      free_vinf_departure_km_s=30.0)
    res = optimize_mga(prob, seed=seed, islands=islands, population=population, generations=generations,
                       polish_evaluations=polish_evaluations, workers=workers, scheduler=scheduler)
    epochs = res.epochs_tdb_jd
    r, v = planet_states(prob.sequence, "de440", epochs[None, :])
    r, v = r[0], v[0]
    from marsplan.astro.bodies import mu_km3_s2, radius_km

    v1, v2 = solve(r[:-1], r[1:], np.diff(epochs) * 86400.0, mu_km3_s2("sun"))
    vinf = [float(np.linalg.norm(v1[0] - v[0]))] + [float(np.linalg.norm(v2[k] - v[k + 1]))
                                                      for k in range(len(bodies) - 1)]
    n = len(bodies)
    burns = tuple(float(b) for b in res.parts[5:5 + n - 2])
    altitudes = tuple(float(res.parts[5 + (n - 2) + k]) - radius_km(bodies[k + 1]) for k in range(n - 2))
    return Cycler(direction, tuple(bodies), tuple(float(e) for e in epochs), tuple(vinf), burns, altitudes,
                  float(sum(burns)), res.evaluations)
