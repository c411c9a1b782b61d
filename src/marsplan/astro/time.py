"""Time scales: UTC calendar dates in, TDB Julian dates inside, UTC back out.

marsplan keeps every epoch as a TDB Julian date (``tdb_jd``) or as seconds
past J2000 TDB (``tdb_s``, with J2000 = JD 2451545.0 TDB).  Users speak UTC;
this module converts once, at the edge, with the IAU SOFA/ERFA routines
(via ``pyerfa``): UTC -> TAI by the leap-second table built into ERFA,
TAI -> TT by the fixed 32.184 s, TT -> TDB by ``eraDtdb`` (Fairhead &
Bretagnon 1990 series, geocentric observer).

Future dates.  Nobody knows the leap seconds that will be announced after
the table ends.  marsplan assumes none: TT - UTC is held at its last known
value (69.184 s since 2017-01-01).  ERFA flags such dates as a "dubious
year"; that single, expected warning is silenced on purpose here, and every
other warning still reaches the caller.  The error this makes is at most a
few seconds over the planning horizon, far below anything a trajectory
grid resolves.

Precision: a float64 Julian date resolves about 40 microseconds in this
era, i.e. about 1 m of planetary motion.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import warnings
from typing import Any

import erfa
import numpy as np

from marsplan.astro.isodate import parse_utc
from marsplan.errors import TimeScaleError

__all__ = [
    "J2000_JD",
    "SECONDS_PER_DAY",
    "as_tdb_jd",
    "utc_to_tdb_jd",
    "utc_to_tdb_s",
    "tdb_jd_to_tdb_s",
    "tdb_s_to_tdb_jd",
    "tdb_jd_to_utc",
    "tdb_jd_to_iso",
    "tt_minus_utc_s",
]

J2000_JD = 2451545.0
SECONDS_PER_DAY = 86400.0
_TT_MINUS_TAI_S = 32.184


@contextlib.contextmanager
def _quiet():
    """Drop only ERFA's 'dubious year' warning (see the module docstring)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*dubious year", category=erfa.ErfaWarning)
        yield


def _parse_iso(text: str) -> tuple[int, int, int, int, int, float]:
    return parse_utc(text)


def _calendar_fields(utc: Any):
    """Split any accepted UTC input into arrays (y, mo, d, h, mi, s) and a shape."""
    if isinstance(utc, str | _dt.datetime | _dt.date):
        items = np.array([utc], dtype=object)
        shape: tuple[int, ...] = ()
    else:
        arr = np.asarray(utc)
        shape = arr.shape
        if np.issubdtype(arr.dtype, np.datetime64):
            # microseconds: +-290,000 years (nanoseconds wrap before 1678 and after 2261)
            us = arr.astype("datetime64[us]").ravel()
            if np.isnat(us).any():
                raise TimeScaleError("a UTC epoch is NaT (not a time)")
            days = us.astype("datetime64[D]")
            frac_us = (us - days).astype(np.int64)
            ymd = days.astype(object)
            y = np.array([v.year for v in ymd], dtype=np.int32)
            mo = np.array([v.month for v in ymd], dtype=np.int32)
            d = np.array([v.day for v in ymd], dtype=np.int32)
            h = (frac_us // 3_600_000_000).astype(np.int32)
            mi = ((frac_us // 60_000_000) % 60).astype(np.int32)
            s = (frac_us % 60_000_000) / 1e6
            return (y, mo, d, h, mi, s), shape
        items = arr.ravel().astype(object) if arr.ndim else np.array([arr.item()], dtype=object)
    rows = []
    for item in items:
        if isinstance(item, np.str_ | str):
            rows.append(_parse_iso(str(item)))
        elif isinstance(item, _dt.datetime):
            if item.tzinfo is not None:
                item = item.astimezone(_dt.UTC).replace(tzinfo=None)
            rows.append(
                (item.year, item.month, item.day, item.hour, item.minute,
                 item.second + item.microsecond * 1e-6)
            )
        elif isinstance(item, _dt.date):
            rows.append((item.year, item.month, item.day, 0, 0, 0.0))
        elif isinstance(item, np.datetime64):
            return _calendar_fields(np.asarray(items.tolist(), dtype="datetime64[us]").reshape(shape))
        else:
            raise TimeScaleError(f"cannot read {item!r} as a UTC date")
    cols: list[Any] = list(zip(*rows, strict=True)) if rows else [[]] * 6
    y, mo, d, h, mi = (np.asarray(c, dtype=np.int32) for c in cols[:5])
    s = np.asarray(cols[5], dtype=np.float64)
    return (y, mo, d, h, mi, s), shape


def _shaped(values: np.ndarray, shape: tuple[int, ...]):
    return float(values[0]) if shape == () else values.reshape(shape)


def _utc_to_tdb_pair(y, mo, d, h, mi, s):
    with _quiet():
        try:
            u1, u2 = erfa.dtf2d("UTC", y, mo, d, h, mi, s)
            a1, a2 = erfa.utctai(u1, u2)
        except erfa.ErfaError as exc:  # bad calendar fields
            raise TimeScaleError(f"invalid UTC date: {exc}") from None
    t1, t2 = erfa.taitt(a1, a2)
    # TDB-TT at the geocentre; UT1 is approximated by the TT day fraction,
    # which changes the (already tiny, ~2 ms) diurnal term negligibly.
    dtr = erfa.dtdb(t1, t2, np.mod(t2 + 0.5, 1.0), 0.0, 0.0, 0.0)
    return erfa.tttdb(t1, t2, dtr)


def utc_to_tdb_jd(utc: Any):
    """TDB Julian date of UTC calendar epochs.

    ``utc`` is an ISO 8601 string (``"2026-11-05"``, ``"2026-11-05T12:00:00Z"``),
    a ``datetime``/``date`` (naive means UTC), a ``numpy.datetime64``, or an
    array/list of these.  A scalar gives a float, an array an array of the
    same shape.

    >>> utc_to_tdb_jd("2026-11-05")  # doctest: +ELLIPSIS
    2461349.500800...
    """
    if isinstance(utc, str):
        return _tdb_of_text(utc)  # the same few dates are converted again and again
    return _utc_to_tdb_jd(utc)


@functools.lru_cache(maxsize=4096)
def _tdb_of_text(utc: str) -> Any:
    return _utc_to_tdb_jd(utc)


def _utc_to_tdb_jd(utc: Any):
    fields, shape = _calendar_fields(utc)
    tdb1, tdb2 = _utc_to_tdb_pair(*fields)
    return _shaped(np.asarray(tdb1 + tdb2, dtype=np.float64), shape)


def _finite(jd: Any) -> Any:
    if not np.all(np.isfinite(jd)):
        raise TimeScaleError("an epoch is NaN or infinite: give a TDB Julian date, a date or a time")
    return jd


def as_tdb_jd(epoch: Any) -> Any:
    """TDB Julian date(s) of an epoch given in any of the types marsplan accepts, at the edge:

    - a number or an array of numbers: already a TDB Julian date (marsplan's convention);
    - an ISO 8601 string, a ``datetime``/``date`` (naive means UTC), a ``numpy.datetime64``, or an array/list of
      these: UTC, converted once (:func:`utc_to_tdb_jd`);
    - an astropy ``Time`` (when astropy is installed): its own TDB Julian date, whatever its scale.

    Anything else is a :class:`~marsplan.errors.TimeScaleError` naming the types accepted.

    >>> import datetime, numpy as np
    >>> a = as_tdb_jd("2026-11-05T12:00:00")
    >>> b = as_tdb_jd(datetime.datetime(2026, 11, 5, 12))
    >>> c = as_tdb_jd(np.datetime64("2026-11-05T12:00:00"))
    >>> a == b == c, round(a - as_tdb_jd(a), 12)
    (True, 0.0)
    """
    if isinstance(epoch, float | int | np.floating | np.integer) and not isinstance(epoch, bool):
        return _finite(float(epoch))
    if hasattr(epoch, "tdb") and hasattr(epoch, "jd1"):  # astropy.time.Time, duck-typed (astropy is optional)
        tdb = epoch.tdb
        return _finite(np.asarray(tdb.jd1, dtype=np.float64) + np.asarray(tdb.jd2, dtype=np.float64))
    # arrays keep their NaN epochs (a vector kernel answers them with NaN states, as its neighbours' numbers stand)
    if isinstance(epoch, np.ndarray) and epoch.dtype.kind in "fiu":
        return epoch.astype(np.float64, copy=False)
    if isinstance(epoch, list | tuple) and epoch and all(
            isinstance(e, float | int | np.floating | np.integer) and not isinstance(e, bool) for e in epoch):
        return np.asarray(epoch, dtype=np.float64)
    try:
        return utc_to_tdb_jd(epoch)
    except TimeScaleError:
        raise TimeScaleError(f"cannot read {epoch!r} as an epoch: give a TDB Julian date (a number), an ISO 8601 "
                             "UTC string, a datetime or date, a numpy.datetime64, or an astropy Time") from None


def tdb_jd_to_tdb_s(tdb_jd: Any):
    """Seconds past J2000 TDB of TDB Julian dates."""
    return (np.asarray(tdb_jd, dtype=np.float64) - J2000_JD) * SECONDS_PER_DAY


def tdb_s_to_tdb_jd(tdb_s: Any):
    """TDB Julian dates of seconds past J2000 TDB."""
    return J2000_JD + np.asarray(tdb_s, dtype=np.float64) / SECONDS_PER_DAY


def utc_to_tdb_s(utc: Any):
    """Seconds past J2000 TDB of UTC calendar epochs (see :func:`utc_to_tdb_jd`)."""
    fields, shape = _calendar_fields(utc)
    tdb1, tdb2 = _utc_to_tdb_pair(*fields)
    # keep the two parts apart as long as possible to save precision
    seconds = ((tdb1 - J2000_JD) + tdb2) * SECONDS_PER_DAY
    return _shaped(np.asarray(seconds, dtype=np.float64), shape)


def _tdb_to_utc_pair(tdb_jd):
    jd = np.asarray(tdb_jd, dtype=np.float64)
    if not np.all(np.isfinite(jd)):
        raise TimeScaleError("a TDB epoch is not finite")
    tdb1 = np.floor(jd)
    tdb2 = jd - tdb1
    # TDB-TT depends on TT; evaluating it at TDB instead errs by ~1e-14 s.
    dtr = erfa.dtdb(tdb1, tdb2, np.mod(tdb2 + 0.5, 1.0), 0.0, 0.0, 0.0)
    t1, t2 = erfa.tdbtt(tdb1, tdb2, dtr)
    a1, a2 = erfa.tttai(t1, t2)
    with _quiet():
        return erfa.taiutc(a1, a2)


def tdb_jd_to_utc(tdb_jd: Any, unit: str = "ms"):
    """UTC of TDB Julian dates as ``numpy.datetime64`` (default millisecond unit).

    A time inside a leap second (23:59:60) is shown as 23:59:59.999...,
    since ``datetime64`` has no leap seconds.
    """
    jd = np.asarray(tdb_jd, dtype=np.float64)
    u1, u2 = _tdb_to_utc_pair(jd)
    with _quiet():
        iy, im, iday, ihmsf = erfa.d2dtf("UTC", 3, np.ravel(u1), np.ravel(u2))
    date = (
        (np.asarray(iy) - 1970).astype("datetime64[Y]")
        + (np.asarray(im) - 1).astype("timedelta64[M]")
    ).astype("datetime64[D]") + (np.asarray(iday) - 1).astype("timedelta64[D]")
    hmsf = np.asarray(ihmsf)
    sec = np.minimum(hmsf["s"], 59)
    ms = np.where(hmsf["s"] > 59, 999, hmsf["f"])
    stamp = (
        date.astype("datetime64[ms]")
        + hmsf["h"].astype("timedelta64[h]")
        + hmsf["m"].astype("timedelta64[m]")
        + sec.astype("timedelta64[s]")
        + ms.astype("timedelta64[ms]")
    ).astype(f"datetime64[{unit}]")
    return stamp[0] if jd.ndim == 0 else stamp.reshape(jd.shape)


def tdb_jd_to_iso(tdb_jd: Any, unit: str = "s"):
    """UTC ISO 8601 strings (``'2026-11-05T12:00:00'``) of TDB Julian dates."""
    if isinstance(tdb_jd, float | int) and not isinstance(tdb_jd, bool):
        return _iso_of_one(float(tdb_jd), unit)  # reports and claims format the same few dates again and again
    return _iso_of_many(tdb_jd, unit)


@functools.lru_cache(maxsize=4096)
def _iso_of_one(tdb_jd: float, unit: str) -> str:
    return str(_iso_of_many(tdb_jd, unit))


def _iso_of_many(tdb_jd: Any, unit: str):
    stamp = tdb_jd_to_utc(tdb_jd, unit="ms").astype(f"datetime64[{unit}]")
    text = np.datetime_as_string(stamp, unit=unit)  # type: ignore[call-overload]
    return str(text) if np.ndim(text) == 0 else text


def tt_minus_utc_s(utc: Any):
    """TT - UTC in seconds at UTC epochs: 32.184 s plus TAI - UTC then."""
    (y, mo, d, h, mi, s), shape = _calendar_fields(utc)
    with _quiet():
        try:
            tai_minus_utc = erfa.dat(y, mo, d, (h * 3600.0 + mi * 60.0 + s) / SECONDS_PER_DAY)
        except erfa.ErfaError as exc:
            raise TimeScaleError(f"invalid UTC date: {exc}") from None
    return _shaped(np.asarray(tai_minus_utc, dtype=np.float64) + _TT_MINUS_TAI_S, shape)
