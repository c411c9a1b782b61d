"""The trajectory commands: ``ephemeris``, ``lambert``, ``windows`` and ``porkchop``.

Curtis's Example 5.2 (Orbital Mechanics for Engineering Students), a Lambert arc about the Earth; the
command reads the vectors as a face would give them, or as Python sequences:

>>> from marsplan.commands import lambert
>>> arc = lambert("5000,10000,2100", (-14600, 2500, 7000), 3600.0, 398600.0)
>>> [round(x, 4) for x in arc.v1_km_s]
[-5.9925, 1.9254, 3.2456]
>>> lambert((0, 0, 0), (1, 0, 0), 3600.0)
Traceback (most recent call last):
...
marsplan.errors.InputError: --r1 0,0,0: expected three finite comma-separated numbers X,Y,Z (km), not all zero
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from marsplan.commands.params import (
    Arg,
    Choice,
    DateRange,
    Flag,
    Float,
    FloatRange,
    Int,
    Opt,
    Text,
    UtcDate,
    Vector3,
    command,
)
from marsplan.constants import MU_SUN_KM3_S2

__all__ = ["EphemerisStates", "LambertArc", "PorkchopGrid", "ephemeris", "lambert", "porkchop", "windows"]

ORIGIN = "Departure body."
TARGET = "Arrival body."
STEP_DAYS = Float(0.01, 30.0, "days")
TOF_DAYS_RANGE = FloatRange(1.0, 5000.0, "days")  # a heliocentric transfer: a day to some 14 years
MU_KM3_S2 = Float(1e-12, 1e14, "km^3/s^2")  # a 100-m asteroid (Dimorphos: 3e-10) to some 750 Suns
TOF_S = Float(1.0, 1e11, "s")  # a second to some 3,000 years
POSITION_KM = Vector3(max_norm=1e12)  # within some 7,000 au


@dataclass
class EphemerisStates:
    """Heliocentric ICRF states of one body at several UTC dates."""

    body: str
    center: str
    frame: str
    ephemeris: str
    states: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"body": self.body, "center": self.center, "frame": self.frame, "ephemeris": self.ephemeris,
                "states": self.states}


@command("ephemeris")
def ephemeris(
    body: Annotated[str, Arg("sun, mercury, venus, earth, moon, mars, jupiter, ...")],
    dates_utc: Annotated[Sequence[str], Opt("--date", UtcDate(), "UTC date/time (ISO 8601); repeatable.", short="-d",
                                            multiple=True)],
) -> EphemerisStates:
    """Heliocentric ICRF position (km) and velocity (km/s) of a body at UTC dates."""
    import numpy as np

    from marsplan.astro.ephemeris import state
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.errors import InputError

    if not dates_utc:
        raise InputError("dates_utc: give at least one UTC date", param="dates_utc")
    jd = np.atleast_1d(utc_to_tdb_jd(list(dates_utc)))
    st = state(body, jd)
    rows = [{"date_utc": d, "tdb_jd": float(j), "r_km": r.tolist(), "v_km_s": v.tolist()}
            for d, j, r, v in zip(dates_utc, jd, st.r_km, st.v_km_s, strict=True)]
    return EphemerisStates(st.body, st.center, st.frame, st.ephemeris, rows)


@dataclass
class LambertArc:
    """A Lambert arc: both velocities and the orbit's size, shape and tilt."""

    r1_km: list[float]
    r2_km: list[float]
    tof_s: float
    mu_km3_s2: float
    revs: int
    prograde: bool
    low_path: bool
    v1_km_s: list[float]
    v2_km_s: list[float]
    a_km: float
    ecc: float
    inc_deg: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@command("lambert")
def lambert(
    r1_km: Annotated[Sequence[float] | str, Opt("--r1", POSITION_KM, "Departure position X,Y,Z (km).")],
    r2_km: Annotated[Sequence[float] | str, Opt("--r2", POSITION_KM, "Arrival position X,Y,Z (km).")],
    tof_s: Annotated[float, Opt("--tof-s", TOF_S, "Time of flight (s), 1 to 1e11.")],
    mu_km3_s2: Annotated[float, Opt("--mu", MU_KM3_S2, "Gravitational parameter (km^3/s^2), 1e-12 to 1e14; "
                                    "default the Sun's.")] = MU_SUN_KM3_S2,
    revs: Annotated[int, Opt("--revs", Int(0, 100), "Complete revolutions N.")] = 0,
    prograde: Annotated[bool, Flag("--retrograde", "Clockwise transfer seen from +z.", sets=False)] = True,
    low_path: Annotated[bool, Flag("--high-path", "For N >= 1: the larger-a solution.", sets=False)] = True,
) -> LambertArc:
    """Solve Lambert's problem (Izzo 2015): velocities at both ends of the arc."""
    from marsplan.astro.kepler import elements
    from marsplan.astro.lambert import solve

    r1, r2 = [float(x) for x in r1_km], [float(x) for x in r2_km]
    v1, v2 = solve(r1, r2, tof_s, mu_km3_s2, revs=revs, prograde=prograde, low_path=low_path)
    el = elements(r1, v1, mu_km3_s2)
    return LambertArc(r1, r2, float(tof_s), float(mu_km3_s2), int(revs), prograde, low_path, v1.tolist(),
                      v2.tolist(), float(el.a_km), float(el.ecc), math.degrees(float(el.inc_rad)))


@dataclass
class TransferStates:
    """One transfer between two bodies on given dates: its energies and its states along the arc."""

    origin: str
    target: str
    epochs_tdb_jd: Any
    r_km: Any
    v_km_s: Any
    c3_km2_s2: float
    vinf_arrival_km_s: float

    def oem(self, object_name: str = "") -> str:
        """The states as a CCSDS OEM (:func:`marsplan.trajectory.export.oem_text`)."""
        from marsplan.trajectory.export import oem_text

        name = object_name or f"marsplan {self.origin}-{self.target} transfer"
        return oem_text(self.epochs_tdb_jd, self.r_km, self.v_km_s, object_name=name)

    def spk(self) -> bytes:
        """The states as a NAIF SPK kernel, one type 13 segment (:func:`marsplan.trajectory.export.spk_bytes`:
        the spacecraft NAIF -1000001 relative to the Sun, frame J2000)."""
        from marsplan.trajectory.export import spk_bytes

        return spk_bytes(self.epochs_tdb_jd, self.r_km, self.v_km_s,
                         segment_name=f"marsplan {self.origin}-{self.target} transfer"[:40])

    def to_dict(self) -> dict[str, Any]:
        from marsplan.astro.time import tdb_jd_to_iso

        t = self.epochs_tdb_jd
        return {"origin": self.origin, "target": self.target, "departure_utc": str(tdb_jd_to_iso(t[0], "s")),
                "arrival_utc": str(tdb_jd_to_iso(t[-1], "s")), "tof_days": float(t[-1] - t[0]),
                "c3_km2_s2": self.c3_km2_s2, "vinf_arrival_km_s": self.vinf_arrival_km_s,
                "frame": "ICRF, heliocentric", "time_scale": "TDB",
                "states": [[float(t[k]), *map(float, self.r_km[k]), *map(float, self.v_km_s[k])]
                           for k in range(len(t))]}


@command("transfer")
def transfer(
    origin: Annotated[str, Opt("--origin", Text(), ORIGIN)] = "earth",
    target: Annotated[str, Opt("--target", Text(), TARGET)] = "mars",
    leave_utc: Annotated[str, Opt("--leave", UtcDate(), "Departure date/time (UTC).")] = "2026-10-31",
    arrive_utc: Annotated[str, Opt("--arrive", UtcDate(), "Arrival date/time (UTC).")] = "2027-08-19",
    points: Annotated[int, Opt("--points", Int(2, 100_000), "States along the arc, evenly spaced in time.")] = 200,
) -> TransferStates:
    """One ballistic transfer between two bodies on given dates (a Lambert arc on DE440): its C3 and arrival
    v-infinity, and its heliocentric ICRF states along the arc (``--oem FILE`` writes them as a CCSDS OEM for
    GMAT, STK or Cosmographia, ``--spk FILE`` as a NAIF SPK kernel for SPICE)."""
    import numpy as np

    from marsplan.astro import ephemeris
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.trajectory.export import transfer_states

    t, r, v = transfer_states(origin, target, float(utc_to_tdb_jd(leave_utc)), float(utc_to_tdb_jd(arrive_utc)),
                              points=points)
    _, v_origin = ephemeris.state(origin, t[0])
    r_end, v_target = ephemeris.state(target, t[-1])
    from marsplan.astro import bodies
    from marsplan.astro.lambert import solve

    _, v_arrive = solve(r[0], r_end, (t[-1] - t[0]) * 86400.0, bodies.mu_km3_s2("sun"))
    c3 = float(np.sum((v[0] - v_origin) ** 2))
    return TransferStates(origin, target, t, r, v, c3, float(np.linalg.norm(np.asarray(v_arrive) - v_target)))


@command("windows", heavy=True)
def windows(
    origin: Annotated[str, Opt("--origin", Text(), ORIGIN)] = "earth",
    target: Annotated[str, Opt("--target", Text(), TARGET)] = "mars",
    start_utc: Annotated[str, Opt("--from", UtcDate(), "First departure date (UTC).")] = "2026-01-01",
    end_utc: Annotated[str, Opt("--to", UtcDate(), "Last departure date (UTC).")] = "2046-01-01",
    max_c3_km2_s2: Annotated[float, Opt("--max-c3", Float(0.0, 1000.0, "km^2/s^2", open_lo=True),
                                        "C3 threshold for the window span (km^2/s^2).")] = 20.0,
    tof_days: Annotated[tuple[float, float], Opt("--tof", TOF_DAYS_RANGE, "Time-of-flight range in days, "
                                                 "MIN:MAX.")] = (100.0, 450.0),
    step_days: Annotated[float, Opt("--step", STEP_DAYS, "Grid step (days), 0.01 to 30.")] = 1.0,
    max_cells: Annotated[int, Opt("--max-cells", Int(1, 10**12), "Refuse a survey of more departure x "
                                  "time-of-flight cells than this (raise it for long, fine surveys).")] = 100_000_000,
    venus: Annotated[bool, Flag("--venus", "Earth to Mars: also optimise a Venus-flyby route for each window and "
                                "show it where it costs less than the direct transfer.")] = False,
    progress: Callable[[int, int], None] | None = None,
) -> Any:
    """Every launch opportunity between two bodies: type I/II minima and the C3 window.

    Returns a :class:`~marsplan.trajectory.WindowSurvey`; its ``to_dict()`` is the JSON."""
    from marsplan.astro.time import utc_to_tdb_jd
    from marsplan.errors import InputError
    from marsplan.trajectory import windows as survey
    from marsplan.trajectory.freereturn import venus_alternative

    result = survey(origin, target, start_utc, end_utc, max_c3=max_c3_km2_s2, tof_days=tof_days,
                    step_days=step_days, progress=progress, max_cells=max_cells)
    if venus:
        if (result.origin, result.target) != ("earth", "mars"):
            raise InputError("--venus: Venus-flyby routes are searched from Earth to Mars", param="venus")
        for op in result:
            best = op.best()
            if best is not None:
                result.venus[op.label] = venus_alternative(float(utc_to_tdb_jd(best.departure[:10])))
    return result


@dataclass
class PorkchopGrid:
    """A porkchop grid (an xarray Dataset) and its labelled optima."""

    ds: Any
    optima: list[tuple[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        from marsplan.trajectory.grid import porkchop_to_dict

        return porkchop_to_dict(self.ds, self.optima)


@command("porkchop", heavy=True)
def porkchop(
    origin: Annotated[str, Opt("--origin", Text(), ORIGIN)] = "earth",
    target: Annotated[str, Opt("--target", Text(), TARGET)] = "mars",
    departure: Annotated[tuple[str, str], Opt("--depart", DateRange(), "Departure dates FIRST:LAST (UTC).")] = (
        "2026-09-01", "2027-01-31"),
    tof_days: Annotated[tuple[float, float], Opt("--tof", TOF_DAYS_RANGE, "Time of flight MIN:MAX (days).")] = (
        100.0, 450.0),
    step_days: Annotated[float, Opt("--step", STEP_DAYS, "Grid step (days), 0.01 to 30.")] = 1.0,
    max_cells: Annotated[int, Opt("--max-cells", Int(1, 10**12), "Refuse a grid of more cells than this (about "
                                  "200 bytes each; raise it if you have the memory).")] = 2_000_000,
    revs: Annotated[int, Opt("--revs", Int(0, 100), "Complete revolutions.")] = 0,
    capture: Annotated[str, Opt("--capture", Choice(("propulsive", "aerocapture")), "propulsive or "
                                "aerocapture.")] = "propulsive",
) -> PorkchopGrid:
    """A porkchop grid: C3, v-infinity, DLA/RLA and delta-v for every departure and flight time, with the type
    I and II minima of C3 and of arrival v-infinity, and a crew's cruise dose (mSv, :mod:`marsplan.crew.dose`)."""
    from marsplan.crew.dose import porkchop_cruise_dose_msv
    from marsplan.trajectory import optimum
    from marsplan.trajectory import porkchop as grid

    ds = grid(origin, target, departure, tof_days, step_days=step_days, revs=revs, capture=capture,
              max_cells=max_cells)
    ds["cruise_dose_msv"] = (("departure", "tof_days"), porkchop_cruise_dose_msv(
        ds["departure_tdb_jd"].values, ds["tof_days"].values))
    ds["cruise_dose_msv"].attrs["units"] = "mSv"
    optima = [(f"type {k} min {'C3' if q == 'c3' else 'v∞ arr'}", optimum(ds, q, transfer_type=k))
              for k in ("I", "II") for q in ("c3", "vinf_arrival")]
    return PorkchopGrid(ds, optima)
