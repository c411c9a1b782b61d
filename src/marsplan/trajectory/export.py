"""Trajectories out of marsplan, in the formats other tools read: CCSDS Orbit Ephemeris Messages (OEM, KVN text;
CCSDS 502.0-B-3, 2023) for GMAT, STK, Cosmographia and the ``oem`` and ``ccsds-ndm`` readers.

A transfer is sampled along its Keplerian arc (:func:`transfer_states`: the Lambert arc between two bodies on
DE440, propagated about the Sun) and written as heliocentric ICRF states in TDB (:func:`oem_text`): epochs as
ISO calendar dates in TDB, positions in km, velocities in km/s.

The 2026 window's lowest-C3 transfer, five states of it:

>>> from marsplan.astro.time import utc_to_tdb_jd
>>> from marsplan.trajectory.export import oem_text, transfer_states
>>> t, r, v = transfer_states("earth", "mars", utc_to_tdb_jd("2026-10-31"), utc_to_tdb_jd("2027-08-19"), points=5)
>>> text = oem_text(t, r, v, object_name="Cargo 2026")
>>> text.splitlines()[0], [line for line in text.splitlines() if line.startswith("REF_FRAME")]
('CCSDS_OEM_VERS = 2.0', ['REF_FRAME = ICRF'])
>>> len([line for line in text.splitlines() if line[:4] == "2026" or line[:4] == "2027"])
5
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

from marsplan.errors import InputError

__all__ = ["MAX_POINTS", "oem_text", "transfer_states"]

MAX_POINTS = 1_000_000
"""The most states one export may hold (about 100 bytes each in the file)."""


def transfer_states(origin: str, target: str, departure_tdb_jd: float, arrival_tdb_jd: float, *, points: int = 200,
                    revs: int = 0, prograde: bool = True, low_path: bool = True) -> tuple[np.ndarray, np.ndarray,
                                                                                           np.ndarray]:
    """``points`` states (TDB JD, ICRF r km, v km/s; heliocentric) evenly spaced in time along the Lambert arc from
    ``origin`` at ``departure_tdb_jd`` to ``target`` at ``arrival_tdb_jd`` (DE440)."""
    from marsplan.astro import bodies, ephemeris
    from marsplan.astro.kepler import propagate
    from marsplan.astro.lambert import solve

    if not (isinstance(points, int) and 2 <= points <= MAX_POINTS):
        raise InputError(f"points = {points}: allowed 2 to {MAX_POINTS:,}", param="points")
    dep, arr = float(departure_tdb_jd), float(arrival_tdb_jd)
    if not arr > dep:
        raise InputError("the arrival must follow the departure", param="arrival_tdb_jd")
    r1, _ = ephemeris.state(origin, dep)
    r2, _ = ephemeris.state(target, arr)
    mu = bodies.mu_km3_s2("sun")
    v1, _ = solve(r1, r2, (arr - dep) * 86400.0, mu, revs=revs, prograde=prograde, low_path=low_path)
    epochs = np.linspace(dep, arr, points)
    r, v = propagate(np.broadcast_to(r1, (points, 3)), np.broadcast_to(np.asarray(v1), (points, 3)),
                     (epochs - dep) * 86400.0, mu)
    return epochs, np.asarray(r), np.asarray(v)


def _tdb_calendar(tdb_jd: float) -> str:
    """A TDB Julian date as an ISO calendar date in TDB (no leap seconds: TDB is a uniform scale)."""
    import erfa

    y, m, d, frac = erfa.jd2cal(2_400_000.5, float(tdb_jd) - 2_400_000.5)
    micro = int(round(float(frac) * 86_400e6))
    stamp = _dt.datetime(int(y), int(m), int(d)) + _dt.timedelta(microseconds=micro)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.%f")


def oem_text(epochs_tdb_jd: Any, r_km: Any, v_km_s: Any, *, object_name: str, object_id: str = "marsplan",
             center: str = "SUN", originator: str = "marsplan") -> str:
    """A CCSDS OEM (KVN, version 2.0) of heliocentric ICRF states in TDB; epochs must increase."""
    t = np.asarray(epochs_tdb_jd, dtype=float).reshape(-1)
    r = np.asarray(r_km, dtype=float).reshape(-1, 3)
    v = np.asarray(v_km_s, dtype=float).reshape(-1, 3)
    if not (t.size == r.shape[0] == v.shape[0] and t.size >= 2):
        raise InputError("an OEM needs at least two states, one epoch each", param="epochs_tdb_jd")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(r)) and np.all(np.isfinite(v))):
        raise InputError("an OEM's states must be finite", param="r_km")
    if np.any(np.diff(t) <= 0):
        raise InputError("an OEM's epochs must increase", param="epochs_tdb_jd")
    for name, value in (("object_name", object_name), ("object_id", object_id), ("center", center)):
        if not value or any(c in value for c in "\n\r=") or len(value) > 80:
            raise InputError(f"{name} = {value!r}: one line of at most 80 characters, without '='", param=name)
    created = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    lines = ["CCSDS_OEM_VERS = 2.0", f"CREATION_DATE = {created}", f"ORIGINATOR = {originator}", "",
             "META_START", f"OBJECT_NAME = {object_name}", f"OBJECT_ID = {object_id}", f"CENTER_NAME = {center}",
             "REF_FRAME = ICRF", "TIME_SYSTEM = TDB", f"START_TIME = {_tdb_calendar(t[0])}",
             f"STOP_TIME = {_tdb_calendar(t[-1])}", "META_STOP", ""]
    for k in range(t.size):
        lines.append(f"{_tdb_calendar(t[k])} " + " ".join(f"{x:.16e}" for x in (*r[k], *v[k])))
    return "\n".join(lines) + "\n"
