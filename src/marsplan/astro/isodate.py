"""ISO 8601 UTC dates and times: the one parser every entry point uses.

Pure Python (no numpy, no ERFA), so the CLI checks a date before it loads
anything heavy.  Accepted: ``YYYY-MM-DD``, optionally followed by ``T`` (or a
space) and ``HH:MM`` or ``HH:MM:SS[.fff]``, optionally ending in ``Z``,
``UTC`` or a zero offset (``+00:00``).  Digits are ASCII digits.  A second of
60 is accepted only at 23:59 on the days that ended with a leap second (IERS
Bulletin C; the last was 2016-12-31); everything else gets one message saying
what is wrong.  Date ranges are written ``START:END``; since times contain
colons too, :func:`split_utc_range` splits at the colon that starts a date.

2016 ended with a leap second (IERS Bulletin C 52), 2017-06-30 did not:

>>> from marsplan.astro.isodate import parse_utc, split_utc_range
>>> parse_utc("2016-12-31T23:59:60Z")
(2016, 12, 31, 23, 59, 60.0)
>>> parse_utc("2017-06-30T23:59:60")
Traceback (most recent call last):
...
marsplan.errors.TimeScaleError: '2017-06-30T23:59:60': second 60 is out of range (0 to 59; ...)
>>> split_utc_range("2026-09-01T12:00:2027-01-31")
('2026-09-01T12:00', '2027-01-31')
"""

from __future__ import annotations

import calendar
import re

from marsplan.errors import TimeScaleError

__all__ = ["LEAP_SECOND_DAYS", "parse_utc", "split_utc_range"]

_ISO = re.compile(
    r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?:[T ](?P<h>[0-9]{2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2}(?:\.[0-9]{1,9})?))?)?"
    r"(?P<tz>Z|UTC|[+-]00:?00)?"
)
_EXAMPLE = "expected ISO 8601 UTC like 2026-11-05 or 2026-11-05T12:30:00Z"

LEAP_SECOND_DAYS = frozenset({
    "1972-06-30", "1972-12-31", "1973-12-31", "1974-12-31", "1975-12-31", "1976-12-31", "1977-12-31",
    "1978-12-31", "1979-12-31", "1981-06-30", "1982-06-30", "1983-06-30", "1985-06-30", "1987-12-31",
    "1989-12-31", "1990-12-31", "1992-06-30", "1993-06-30", "1994-06-30", "1995-12-31", "1997-06-30",
    "1998-12-31", "2005-12-31", "2008-12-31", "2012-06-30", "2015-06-30", "2016-12-31",
})
"""UTC days whose last minute had 61 seconds (IERS Bulletin C 1 to 52)."""


def parse_utc(text: str) -> tuple[int, int, int, int, int, float]:
    """(year, month, day, hour, minute, second) of an ISO 8601 UTC date or date-time."""
    if not isinstance(text, str):
        raise TimeScaleError(f"cannot read {text!r} as a UTC date: {_EXAMPLE}")
    stripped = text.strip()
    m = _ISO.fullmatch(stripped)
    if m is None:
        if re.search(r"[+-](?!00:?00$)[0-9]{2}:?[0-9]{2}$", stripped) and (
                "T" in stripped or re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[+-]", stripped)):
            raise TimeScaleError(f"{text!r}: only UTC times are accepted (Z or +00:00), not other offsets")
        raise TimeScaleError(f"cannot read {text!r} as a UTC date: {_EXAMPLE}")
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    h, mi = int(m["h"] or 0), int(m["mi"] or 0)
    s = float(m["s"] or 0.0)
    if not 1 <= mo <= 12:
        raise TimeScaleError(f"{text!r}: month {mo} is out of range (1 to 12)")
    last_day = calendar.monthrange(y, mo)[1]
    if not 1 <= d <= last_day:
        raise TimeScaleError(f"{text!r}: day {d} is out of range (1 to {last_day} in {y}-{mo:02d})")
    if not 0 <= h <= 23:
        raise TimeScaleError(f"{text!r}: hour {h} is out of range (0 to 23)")
    if not 0 <= mi <= 59:
        raise TimeScaleError(f"{text!r}: minute {mi} is out of range (0 to 59)")
    if s >= 60.0:
        day = f"{y:04d}-{mo:02d}-{d:02d}"
        if s >= 61.0 or (h, mi) != (23, 59) or day not in LEAP_SECOND_DAYS:
            raise TimeScaleError(f"{text!r}: second {m['s']} is out of range (0 to 59; 60 only at 23:59:60 on a "
                                 f"day that ended with a leap second, the last 2016-12-31)")
    return y, mo, d, h, mi, s


def split_utc_range(text: str) -> tuple[str, str]:
    """``START:END`` of two UTC dates or date-times, split at the colon that begins the second date."""
    for i, ch in enumerate(text):
        if ch == ":" and re.match(r"\s*[0-9]{4}-", text[i + 1:]):
            start, end = text[:i].strip(), text[i + 1:].strip()
            parse_utc(start)
            parse_utc(end)
            return start, end
    raise TimeScaleError(f"{text!r}: expected a date range START:END, like 2026-09-01:2027-01-31")
