"""Trajectories out of marsplan, in the formats other tools read: CCSDS Orbit Ephemeris Messages (OEM, KVN text;
CCSDS 502.0-B-3, 2023) for GMAT, STK, Cosmographia and the ``oem`` and ``ccsds-ndm`` readers, and NAIF SPK
kernels (binary DAF/SPK, segment type 13) for SPICE and the tools built on it (spiceypy,
Cosmographia).

A transfer is sampled along its Keplerian arc (:func:`transfer_states`: the Lambert arc between two bodies on
DE440, propagated about the Sun) and written as heliocentric ICRF states in TDB (:func:`oem_text`): epochs as
ISO calendar dates in TDB, positions in km, velocities in km/s.

:func:`spk_bytes` writes the same states as a little-endian SPK file of one type 13 segment (Hermite
interpolation, unequal time steps; the layout of NAIF's "DAF Required Reading" and "SPK Required Reading"):
epochs as TDB seconds past J2000, frame ``J2000`` (SPICE's name for the ICRF-aligned frame of the DE
ephemerides), centre the Sun (NAIF 10) and, unless told otherwise, the target NAIF -1000001: a negative
(spacecraft) code that NAIF has not assigned; give your own with ``target_id``. SPICE interpolates between the
states with Hermite polynomials through ``window_size`` consecutive states (positions and velocities), so the
kernel holds the arc between the samples too.

The 2026 window's lowest-C3 transfer, five states of it:

>>> from marsplan.astro.time import utc_to_tdb_jd
>>> from marsplan.trajectory.export import oem_text, spk_bytes, transfer_states
>>> t, r, v = transfer_states("earth", "mars", utc_to_tdb_jd("2026-10-31"), utc_to_tdb_jd("2027-08-19"), points=5)
>>> text = oem_text(t, r, v, object_name="Cargo 2026")
>>> text.splitlines()[0], [line for line in text.splitlines() if line.startswith("REF_FRAME")]
('CCSDS_OEM_VERS = 2.0', ['REF_FRAME = ICRF'])
>>> len([line for line in text.splitlines() if line[:4] == "2026" or line[:4] == "2027"])
5

and as an SPK kernel: a file record, a summary record, a name record and one record of data (1024 bytes each):

>>> kernel = spk_bytes(t, r, v)
>>> kernel[:8], len(kernel)
(b'DAF/SPK ', 4096)
"""

from __future__ import annotations

import datetime as _dt
import struct
from typing import Any

import numpy as np

from marsplan.errors import InputError

__all__ = ["MAX_POINTS", "SPK_FRAMES", "oem_text", "spk_bytes", "transfer_states"]

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


def _checked_states(epochs_tdb_jd: Any, r_km: Any, v_km_s: Any, kind: str) -> tuple[np.ndarray, np.ndarray,
                                                                                   np.ndarray]:
    """Epochs (n,), positions and velocities (n, 3) as float arrays; ``InputError`` unless there are at least two
    states, one epoch each, all finite, at increasing epochs."""
    try:
        t = np.asarray(epochs_tdb_jd, dtype=float).reshape(-1)
        r = np.asarray(r_km, dtype=float)
        v = np.asarray(v_km_s, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"an {kind}'s epochs and states must be numbers", param="epochs_tdb_jd") from None
    if r.size % 3 or v.size % 3:
        raise InputError(f"an {kind}'s positions and velocities need 3 components each", param="r_km")
    r, v = r.reshape(-1, 3), v.reshape(-1, 3)
    if not (t.size == r.shape[0] == v.shape[0] and t.size >= 2):
        raise InputError(f"an {kind} needs at least two states, one epoch each", param="epochs_tdb_jd")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(r)) and np.all(np.isfinite(v))):
        raise InputError(f"an {kind}'s states must be finite", param="r_km")
    if np.any(np.diff(t) <= 0):
        raise InputError(f"an {kind}'s epochs must increase", param="epochs_tdb_jd")
    return t, r, v


def oem_text(epochs_tdb_jd: Any, r_km: Any, v_km_s: Any, *, object_name: str, object_id: str = "marsplan",
             center: str = "SUN", originator: str = "marsplan") -> str:
    """A CCSDS OEM (KVN, version 2.0) of heliocentric ICRF states in TDB; epochs must increase."""
    t, r, v = _checked_states(epochs_tdb_jd, r_km, v_km_s, "OEM")
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


SPK_FRAMES = {"J2000": 1, "ECLIPJ2000": 17}
"""The inertial frames :func:`spk_bytes` can name, with their SPICE frame codes (states are written as given:
``ECLIPJ2000`` only labels states the caller has rotated to the ecliptic)."""

_SPK_MAX_WINDOW = 14
"""SPICE interpolates type 13 segments with polynomials of odd degree up to 27 = 2 * 14 - 1 (toolkit N0067)."""
_DAF_RECORD = 1024  # bytes: 128 double precision words
_DAF_FTP = b"FTPSTR:\r:\n:\r\n:\r\x00:\x81:\x10\xce:ENDFTP"  # lets a reader detect a file mangled by text-mode FTP
_J2000_TDB_JD = 2_451_545.0


def _naif_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not -2**31 <= int(value) < 2**31:
        raise InputError(f"{name} = {value!r}: a NAIF integer code (32-bit)", param=name)
    return int(value)


def spk_bytes(epochs_tdb_jd: Any, r_km: Any, v_km_s: Any, *, target_id: int = -1_000_001, center_id: int = 10,
              frame: str = "J2000", window_size: int = 7, segment_name: str = "marsplan transfer") -> bytes:
    """A NAIF SPK file (little-endian DAF) of one type 13 segment holding the states: epochs TDB JD (increasing),
    ``r_km`` and ``v_km_s`` of ``target_id`` relative to ``center_id`` (NAIF codes; 10 is the Sun) in ``frame``
    (a key of :data:`SPK_FRAMES`). Readers interpolate with Hermite polynomials through ``window_size`` (2 to 14)
    consecutive states, or all of them where the segment has fewer. ``segment_name``: up to 40 printable ASCII
    characters."""
    t, r, v = _checked_states(epochs_tdb_jd, r_km, v_km_s, "SPK")
    target, center = _naif_int("target_id", target_id), _naif_int("center_id", center_id)
    if target == center:
        raise InputError(f"target_id = center_id = {target}: an ephemeris is relative to another body",
                         param="target_id")
    frame_code = SPK_FRAMES.get(frame.upper()) if isinstance(frame, str) else None
    if frame_code is None:
        raise InputError(f"frame = {frame!r}: one of {', '.join(SPK_FRAMES)}", param="frame")
    if isinstance(window_size, bool) or not isinstance(window_size, int | np.integer) or \
            not 2 <= window_size <= _SPK_MAX_WINDOW:
        raise InputError(f"window_size = {window_size!r}: an integer, 2 to {_SPK_MAX_WINDOW}", param="window_size")
    if not (isinstance(segment_name, str) and len(segment_name) <= 40 and segment_name.isascii()
            and segment_name.isprintable()):
        raise InputError(f"segment_name = {segment_name!r}: at most 40 printable ASCII characters",
                         param="segment_name")
    n = t.size
    et = (t - _J2000_TDB_JD) * 86_400.0  # TDB seconds past J2000
    if np.any(np.diff(et) <= 0):
        raise InputError("an SPK's epochs must increase by more than the rounding of TDB seconds",
                         param="epochs_tdb_jd")
    # the segment: the states, their epochs, every 100th epoch (the 100th to the ((n - 1) // 100 * 100)th), the
    # window size less one and the number of states
    data = np.concatenate([np.hstack([r, v]).reshape(-1), et, et[99:n - 1:100],
                           [float(min(int(window_size), n) - 1), float(n)]]).astype("<f8")
    first = 3 * _DAF_RECORD // 8 + 1  # word addresses count from 1; the data follow the file, summary and name records
    last = first + data.size - 1
    file_record = (b"DAF/SPK " + struct.pack("<2i", 2, 6) + b"marsplan SPK".ljust(60)
                   + struct.pack("<3i", 2, 2, last + 1) + b"LTL-IEEE").ljust(699, b"\0") + _DAF_FTP
    summary = struct.pack("<3d", 0.0, 0.0, 1.0) + struct.pack("<2d6i", et[0], et[-1], target, center, frame_code,
                                                               13, first, last)
    names = segment_name.encode("ascii")  # the name record: the segment's name, blank-padded
    body = data.tobytes()
    records = -(-len(body) // _DAF_RECORD)
    return (file_record.ljust(_DAF_RECORD, b"\0") + summary.ljust(_DAF_RECORD, b"\0")
            + names.ljust(_DAF_RECORD, b" ") + body.ljust(records * _DAF_RECORD, b"\0"))
