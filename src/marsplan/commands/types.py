"""The value types of command parameters: click parameter types whose parsing every face shares.

:meth:`ValueType.parse` reads what a command line or a query string gives (a string) or an already typed value
(a number, a tuple) and returns the typed value, or raises ``ValueError`` saying what is allowed (without the
parameter's name: :meth:`marsplan.commands.params.Param.convert` adds it and raises the one-line
:class:`~marsplan.errors.InputError`).

>>> FloatRange(0.0, 5000.0, "days").parse("100:450"), ValueOrRange(1.0, 5000.0).parse("400")
((100.0, 450.0), 400.0)
>>> GridValues(1.0, 1e6, log=True).parse("100:10000:3"), Vector3().parse((1, 2, 3))
((100.0, 1000.0, 10000.0), (1.0, 2.0, 3.0))
>>> Int(1, 200_000).parse("0")
Traceback (most recent call last):
...
ValueError: allowed 1 to 200,000
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from marsplan.errors import InputError

if TYPE_CHECKING:  # click's types are generic from click 8.2 on; at run time the plain class serves every version
    ClickType = click.ParamType[Any, Any]
else:
    ClickType = click.ParamType

__all__ = ["BOOL", "ClickType", "Choice", "DateOrRange", "DateRange", "Float", "FloatRange", "GridValues", "Int",
           "SchedulerAddress", "Text", "UtcDate", "ValueOrRange", "ValueType", "Vector3", "utc_text"]


class ValueType(ClickType):
    """A click parameter type whose parsing is shared by every face.

    :meth:`parse` takes a string or an already typed value and returns the typed value, raising
    ``ValueError`` with what is allowed (without the parameter's name: :meth:`Param.convert` adds it)."""

    name = "text"
    json_type = "string"  # the OpenAPI schema type of a query value
    separator = ":"  # how an error message writes back a typed sequence value

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return self.parse(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError("expected a number") from None


def _show(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() and 1_000 <= abs(x) < 1e10 else f"{x:g}"


@dataclass(frozen=True, eq=False)
class Float(ValueType):
    """A finite number in [lo, hi] (``open_lo``: strictly above lo); ``unit`` is named in the message."""

    lo: float = -math.inf
    hi: float = math.inf
    unit: str = ""
    open_lo: bool = False
    name = "number"
    json_type = "number"

    def parse(self, value: Any) -> float:
        x = _number(value)
        if not math.isfinite(x) or x > self.hi or x < self.lo or (self.open_lo and x == self.lo):
            raise ValueError(self.allowed())
        return x

    def allowed(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        lo = f"> {_show(self.lo)}" if self.open_lo else _show(self.lo)
        if math.isinf(self.hi) and math.isinf(self.lo):
            return "allowed any finite number" + unit
        if math.isinf(self.hi):
            return f"allowed {'' if self.open_lo else '>= '}{lo}{unit}".replace(">= > ", "> ")
        return f"allowed {lo} to {_show(self.hi)}{unit}"


@dataclass(frozen=True, eq=False)
class Int(ValueType):
    """A whole number in [lo, hi]."""

    lo: int = 0
    hi: int = 2**63 - 1
    unit: str = ""
    name = "integer"
    json_type = "integer"

    def parse(self, value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError("expected a whole number")
        if isinstance(value, int):
            n = value
        else:
            text = str(value).strip().replace("_", "")
            if not re.fullmatch(r"[+-]?[0-9]+", text):
                raise ValueError("expected a whole number")
            n = int(text)
        if not self.lo <= n <= self.hi:
            unit = f" {self.unit}" if self.unit else ""
            raise ValueError(f"allowed {_show(self.lo)} to {_show(self.hi)}{unit}")
        return n


@dataclass(frozen=True, eq=False)
class Text(ValueType):
    """A non-empty string of at most ``max_len`` characters (names and ids are checked where they are read)."""

    max_len: int = 4096
    name = "text"

    def parse(self, value: Any) -> str:
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if not isinstance(value, str) or not value.strip() or len(value) > self.max_len or "\x00" in value:
            raise ValueError(f"expected a name or path of 1 to {self.max_len:,} characters")
        return value


@dataclass(frozen=True, eq=False)
class Choice(ValueType):
    """One of a fixed set of words."""

    choices: tuple[str, ...] = ()
    name = "choice"

    def parse(self, value: Any) -> str:
        if value not in self.choices:
            raise ValueError(f"choose {' or '.join(self.choices)}" if len(self.choices) < 3
                             else f"choose one of {', '.join(self.choices)}")
        return str(value)


class _Bool(ValueType):
    name = "boolean"
    json_type = "boolean"

    def parse(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("", "1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ValueError("a flag takes true or false")


BOOL = _Bool()
"""A flag's value: true or false (``1/0``, ``yes/no``, ``on/off``)."""


@dataclass(frozen=True, eq=False)
class UtcDate(ValueType):
    """An ISO 8601 UTC date or date-time (``2026-11-05``, ``2026-11-05T12:00Z``): the one date type of the
    command layer, kept as its text (converted to TDB where it is used)."""

    name = "date"

    def parse(self, value: Any) -> str:
        from marsplan.astro.isodate import parse_utc

        if not isinstance(value, str):
            raise ValueError("expected an ISO 8601 UTC date like 2026-11-05")
        try:
            parse_utc(value)
        except InputError as exc:
            raise ValueError(_strip_value(str(exc), value)) from None
        return utc_text(value)


_ZERO_OFFSET = re.compile(r"(?:Z|UTC|[+-]00:?00)$")


def utc_text(value: str) -> str:
    """A UTC date's text as the layers below read it: a zero offset (``+00:00``, ``-0000``) written ``Z``, and
    no designator at all on a date without a time (ISO 8601 has none there).

    >>> utc_text(" 2026-09-01T12:00+00:00 "), utc_text("2026-09-01+00:00"), utc_text("2026-09-01T12:00Z")
    ('2026-09-01T12:00Z', '2026-09-01', '2026-09-01T12:00Z')
    """
    text = value.strip()
    match = _ZERO_OFFSET.search(text)
    if match is None or match.group() in ("Z", "UTC"):
        return text if "T" in text or " " in text else _ZERO_OFFSET.sub("", text)
    return text[:match.start()] + ("Z" if "T" in text or " " in text else "")


def _strip_value(message: str, value: str) -> str:
    """An isodate message without its leading quoted value (the parameter's line shows it already)."""
    for prefix in (f"{value!r}: ", f"cannot read {value!r} as a UTC date: "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _date_pair(value: Any) -> tuple[str, str]:
    from marsplan.astro.isodate import parse_utc, split_utc_range
    from marsplan.astro.time import utc_to_tdb_jd

    if isinstance(value, str):
        try:
            start, end = split_utc_range(value)
        except InputError as exc:
            if "only UTC" in str(exc):  # a date with another offset than UTC's: say so
                raise ValueError(str(exc)) from None
            raise ValueError("expected a date range START:END, like 2026-09-01:2027-01-31") from None
    elif isinstance(value, Sequence) and len(value) == 2 and all(isinstance(v, str) for v in value):
        start, end = value[0].strip(), value[1].strip()
        for text in (start, end):
            try:
                parse_utc(text)
            except InputError as exc:
                raise ValueError(str(exc)) from None
    else:
        raise ValueError("expected a date range START:END (or a (start, end) pair of UTC dates)")
    start, end = utc_text(start), utc_text(end)
    if float(utc_to_tdb_jd(end)) < float(utc_to_tdb_jd(start)):
        raise ValueError("the end is before the start")
    return start, end


@dataclass(frozen=True, eq=False)
class DateRange(ValueType):
    """``START:END`` of two UTC dates (end not before start) -> a (start, end) pair of date strings."""

    name = "date range"

    def parse(self, value: Any) -> tuple[str, str]:
        return _date_pair(value)


@dataclass(frozen=True, eq=False)
class DateOrRange(ValueType):
    """One UTC date, or ``START:END`` -> the date string or a (start, end) pair; with ``first_year`` and
    ``last_year``, every date within those years."""

    first_year: int = 1
    last_year: int = 9999
    name = "date or range"

    def parse(self, value: Any) -> str | tuple[str, str]:
        if isinstance(value, str) and re.search(r":\s*[0-9]{4}-", value) is None:
            dates: str | tuple[str, str] = UtcDate().parse(value)
        else:
            dates = _date_pair(value)
        for text in (dates,) if isinstance(dates, str) else dates:
            if not self.first_year <= int(text.strip()[:4]) <= self.last_year:
                raise ValueError(f"dates allowed from {self.first_year} to {self.last_year}")
        return dates


def _floats(value: Any, separator: str) -> list[float]:
    if isinstance(value, str):
        parts = value.split(separator)
    elif isinstance(value, Iterable):
        parts = list(value)
    else:
        parts = [value]
    return [_number(p) for p in parts]


@dataclass(frozen=True, eq=False)
class FloatRange(ValueType):
    """``MIN:MAX`` with lo <= MIN <= MAX <= hi -> a (min, max) pair of floats."""

    lo: float = -math.inf
    hi: float = math.inf
    unit: str = ""
    name = "range"

    def parse(self, value: Any) -> tuple[float, float]:
        try:
            values = _floats(value, ":")
        except ValueError:
            values = []
        if len(values) != 2 or not all(math.isfinite(v) and self.lo <= v <= self.hi for v in values) or (
                values[0] > values[1]):
            raise ValueError(f"expected MIN:MAX with {_show(self.lo)} <= MIN <= MAX <= {_show(self.hi)}"
                             + (f" {self.unit}" if self.unit else ""))
        return values[0], values[1]


@dataclass(frozen=True, eq=False)
class ValueOrRange(ValueType):
    """``N`` or ``MIN:MAX`` within [lo, hi] -> a float or a (min, max) pair."""

    lo: float = -math.inf
    hi: float = math.inf
    unit: str = ""
    name = "value or range"

    def parse(self, value: Any) -> float | tuple[float, float]:
        try:
            values = _floats(value, ":")
        except ValueError:
            values = []
        if len(values) not in (1, 2) or not all(math.isfinite(v) and self.lo <= v <= self.hi for v in values) or (
                len(values) == 2 and values[0] > values[1]):
            raise ValueError(f"expected N or MIN:MAX with {_show(self.lo)} <= MIN <= MAX <= {_show(self.hi)}"
                             + (f" {self.unit}" if self.unit else ""))
        return values[0] if len(values) == 1 else (values[0], values[1])


@dataclass(frozen=True, eq=False)
class GridValues(ValueType):
    """``A,B,C`` (a list) or ``MIN:MAX:N`` (N values, evenly or with ``log`` geometrically spaced), each in
    [lo, hi], at most ``max_count`` -> a tuple of floats."""

    lo: float = -math.inf
    hi: float = math.inf
    log: bool = False
    max_count: int = 100
    name = "values"
    separator = ","

    def parse(self, value: Any) -> tuple[float, ...]:
        import numpy as np

        values: list[float] = []
        try:
            if isinstance(value, str) and ":" in value:
                a, b, n = value.split(":")
                count = int(n)
                ends = _number(a), _number(b)
                # the ends checked before spacing: numpy warns on stderr of an infinite or NaN end, and of a
                # geometric spacing through zero
                if 1 <= count <= self.max_count and all(math.isfinite(x) and self.lo <= x <= self.hi for x in ends) \
                        and (not self.log or min(ends) > 0):
                    spaced = np.geomspace(*ends, count) if self.log else np.linspace(*ends, count)
                    values = [float(v) for v in spaced]
            else:
                values = _floats(value, ",")
        except (ValueError, ZeroDivisionError):
            values = []
        if not values or len(values) > self.max_count or not all(
                math.isfinite(v) and self.lo <= v <= self.hi for v in values):
            raise ValueError(f"expected A,B,C or MIN:MAX:N (N at most {self.max_count}), values {_show(self.lo)} "
                             f"to {_show(self.hi)}")
        return tuple(values)


@dataclass(frozen=True, eq=False)
class SchedulerAddress(ValueType):
    """A Dask scheduler's address, ``tcp://HOST:PORT`` (``tcp://`` may be left out; HOST a name, an IPv4
    address or a bracketed IPv6 one; PORT 1 to 65535): checked here, so that a malformed one is refused
    before any work, in one line.

    >>> SchedulerAddress().parse("tcp://10.0.0.5:8786"), SchedulerAddress().parse("[::1]:8786")
    ('tcp://10.0.0.5:8786', 'tcp://[::1]:8786')
    """

    name = "address"

    def parse(self, value: Any) -> str:
        text = value.strip() if isinstance(value, str) else ""
        m = re.fullmatch(r"(?:tcp://)?(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])"
                         r":(?P<port>[0-9]{1,5})", text)
        if m is None or not 1 <= int(m["port"]) <= 65535:
            raise ValueError("expected a Dask scheduler address tcp://HOST:PORT (port 1 to 65535)")
        return f"tcp://{m['host']}:{int(m['port'])}"


@dataclass(frozen=True, eq=False)
class Vector3(ValueType):
    """``X,Y,Z`` -> a tuple of three finite floats, not all zero, of length at most ``max_norm``."""

    max_norm: float = math.inf
    name = "vector"
    separator = ","

    def parse(self, value: Any) -> tuple[float, float, float]:
        try:
            values = _floats(value, ",")
        except ValueError:
            values = []
        if len(values) != 3 or not all(math.isfinite(v) for v in values) or not any(values):
            raise ValueError("expected three finite comma-separated numbers X,Y,Z (km), not all zero")
        if math.hypot(*values) > self.max_norm:
            raise ValueError(f"allowed a length of at most {self.max_norm:g} km")
        return values[0], values[1], values[2]
