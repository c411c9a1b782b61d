"""How a command's parameters are declared, parsed and checked: once, for every face.

A command is a typed Python function.  Each parameter a face may set carries its face-level spelling in
its annotation: ``Annotated[int, Opt("--runs", Int(1, 200_000), "Monte Carlo runs.")]`` (an option) or
``Annotated[str, Arg("Scenario file or bundled name.")]`` (a positional argument).  The default is the
function's own default.  :func:`command` reads these once and registers a :class:`Command`:

- the CLI builds its click options from :attr:`Command.params` (the same names, flags, help and types);
- the web server maps query names (the flag without ``--``) onto the same parameters and parses each
  value with the same type;
- a Python caller passes typed values (tuples for ranges, sequences for vectors, ISO 8601 UTC strings for
  dates), and the registered function checks them with the same types: a range is checked in one place.

The value types are click parameter types: :meth:`ValueType.parse` reads a string (what a command line or
a query gives) or an already typed value, and raises ``ValueError`` naming what is allowed; the
parameter's :meth:`Param.convert` turns that into one :class:`~marsplan.errors.InputError` line naming
the flag.  :data:`FLAGS` is the single table from parameter names to flags: errors raised below the
command layer name the Python parameter (``InputError(..., param="leo_alt_km")``) and the command layer
renames it (``--leo-alt``), so no physics module spells a CLI flag.

>>> runs = Param("runs", "--runs", Int(1, 200_000), "Monte Carlo runs.")
>>> runs.convert("2000"), runs.convert(50)
(2000, 50)
>>> runs.convert("0")
Traceback (most recent call last):
...
marsplan.errors.InputError: --runs 0: allowed 1 to 200,000
>>> Param("tof_days", "--tof", FloatRange(0.5, 30.0), "Flight time MIN:MAX (days).").convert("2:7")
(2.0, 7.0)
>>> Param("r1_km", "--r1", Vector3(), "Position X,Y,Z (km).").convert("1,2,3")
(1.0, 2.0, 3.0)
"""

from __future__ import annotations

import functools
import inspect
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import click

from marsplan.commands.types import (
    BOOL,
    Choice,
    ClickType,
    DateOrRange,
    DateRange,
    Float,
    FloatRange,
    GridValues,
    Int,
    SchedulerAddress,
    Text,
    UtcDate,
    ValueOrRange,
    ValueType,
    Vector3,
)
from marsplan.errors import InputError, MarsplanError

__all__ = ["Arg", "BOOL", "Choice", "Command", "DateRange", "DateOrRange", "FLAGS", "Flag", "Float", "FloatRange",
           "GridValues", "Int", "Opt", "Param", "SchedulerAddress", "Text", "UtcDate", "ValueOrRange", "ValueType",
           "Vector3", "command", "flag", "plain_text", "registry"]


# ---------------------------------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Opt:
    """An option's face-level spelling, in a command parameter's ``Annotated`` metadata."""

    flag: str
    type: ValueType
    help: str
    short: str | None = None
    multiple: bool = False
    http: bool = True  # offered as a query parameter (False: writes files, starts clusters, reads the disk cache)


@dataclass(frozen=True)
class Flag:
    """A switch: present on the command line, the parameter takes ``sets`` (``--no-cache`` sets
    ``cache=False``)."""

    flag: str
    help: str
    sets: bool = True
    http: bool = True


@dataclass(frozen=True)
class Arg:
    """A positional argument."""

    help: str
    type: ValueType = field(default_factory=Text)


@dataclass(frozen=True)
class Param:
    """One parameter of a command, as every face sees it."""

    name: str
    flag: str | None  # None: a positional argument
    type: ValueType
    help: str
    default: Any = None
    required: bool = False
    short: str | None = None
    multiple: bool = False
    is_flag: bool = False
    sets: bool = True  # for a flag: the value its presence gives
    http: bool = True

    @property
    def label(self) -> str:
        """How errors name it: the flag, or the argument's name in capitals."""
        return self.flag or self.name.upper()

    @property
    def query_name(self) -> str:
        """Its name in a query string: the flag without ``--``, or the argument's name."""
        return self.flag[2:] if self.flag else self.name

    def convert(self, value: Any) -> Any:
        """The typed value of ``value`` (a string or a typed value; None stays None; each item of a
        repeatable option), or one InputError line naming the flag and what is allowed."""
        if value is None:
            if self.required:
                raise InputError(f"{self.label}: required ({self.help})", param=self.name)
            return None
        if self.is_flag:
            value = _flag_value(self, value)
            return value
        if self.multiple:
            items = [value] if isinstance(value, str) else list(value)
            return tuple(self._one(v) for v in items)
        return self._one(value)

    def _one(self, value: Any) -> Any:
        try:
            return self.type.parse(value)
        except ValueError as exc:
            raise InputError(f"{self.label} {_text(value, self.type.separator)}: {exc}", param=self.name) from None

    def click_type(self) -> ClickType:
        """A click type that parses through :meth:`convert` (the CLI's option is this parameter)."""
        return _BoundType(self)


def _flag_value(param: Param, value: Any) -> bool:
    try:
        return BOOL.parse(value)
    except ValueError as exc:
        raise InputError(f"{param.label} {_text(value)}: {exc}", param=param.name) from None


def _text(value: Any, separator: str = ":") -> str:
    if isinstance(value, str):
        return repr(value) if value != value.strip() or not value or " " in value else value
    if isinstance(value, tuple | list):
        return separator.join(_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _BoundType(ClickType):
    def __init__(self, param: Param):
        self.param = param
        self.name = param.type.name

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return self.param._one(value)


# ---------------------------------------------------------------------------------------------------- commands

_ROLE = re.compile(r":[a-z]+:`(~?)([^`]+)`")


def plain_text(doc: str) -> str:
    """A docstring as a reader of ``--help`` or the API's ``/docs`` sees it: Sphinx roles become the name they
    point to (``:mod:`marsplan.crew.dose``` -> ``marsplan.crew.dose``, ``:func:`~a.b``` -> ``b``), double
    backticks single ones.

    >>> plain_text("dose (:mod:`marsplan.crew.dose`), see :func:`~marsplan.trajectory.optimum` and ``x``")
    'dose (marsplan.crew.dose), see optimum and `x`'
    """
    text = _ROLE.sub(lambda m: m.group(2).rsplit(".", 1)[-1] if m.group(1) else m.group(2), doc)
    return text.replace("``", "`")


P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Command:
    """A registered command: its words (``"power irradiance"``), its typed function and its parameters."""

    name: str
    func: Callable[..., Any]
    params: tuple[Param, ...]
    help: str
    heavy: bool = False  # the server runs it in its bounded pool of worker threads
    progress: bool = False  # takes ``progress=callable(done, total)`` (or, for plan, callable(stage))
    http: bool = True

    @property
    def summary(self) -> str:
        """The first paragraph of its help (what the CLI's ``--help`` and the API's docs show)."""
        return self.help.split("\n\n")[0].replace("\n", " ").strip()

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def __call__(self, **values: Any) -> Any:
        return self.func(**values)


_REGISTRY: dict[str, Command] = {}
FLAGS: dict[str, str] = {}
"""Parameter name -> its flag, over every command (a name means one flag everywhere): what errors raised
below the command layer are renamed with."""


def registry() -> dict[str, Command]:
    """Every command, by its words (after the modules of :mod:`marsplan.commands` are imported)."""
    return _REGISTRY


def flag(name: str) -> str:
    """The flag of parameter ``name`` (``"c3_km2_s2"`` -> ``"--c3"``); the name itself when it has none."""
    return FLAGS.get(name, name)


def _params_of(func: Callable[..., Any]) -> tuple[Param, ...]:
    hints = typing.get_type_hints(func, include_extras=True)
    out = []
    for name, sp in inspect.signature(func).parameters.items():
        meta = [m for m in getattr(hints.get(name), "__metadata__", ()) if isinstance(m, Opt | Flag | Arg)]
        if not meta:
            continue
        spec = meta[0]
        default = None if sp.default is inspect.Parameter.empty else sp.default
        required = sp.default is inspect.Parameter.empty
        if isinstance(spec, Arg):
            out.append(Param(name, None, spec.type, spec.help, default, required))
        elif isinstance(spec, Flag):
            out.append(Param(name, spec.flag, BOOL, spec.help, default, False, is_flag=True, sets=spec.sets,
                             http=spec.http))
        else:
            out.append(Param(name, spec.flag, spec.type, spec.help, default, required, spec.short, spec.multiple,
                             http=spec.http))
    return tuple(out)


def command(words: str, *, heavy: bool = False, http: bool = True) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a typed function as the command ``words``; the function returned checks every declared
    parameter with its type before it runs, and renames a parameter named by an error from below to its
    flag."""

    def register(func: Callable[P, R]) -> Callable[P, R]:
        params = _params_of(func)
        by_name = {p.name: p for p in params}
        signature = inspect.signature(func)
        for p in params:
            if p.flag is not None and FLAGS.setdefault(p.name, p.flag) != p.flag:
                raise AssertionError(f"parameter {p.name!r} is {FLAGS[p.name]} elsewhere, {p.flag} in {words}")

        @functools.wraps(func)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()  # a default given as a face would type it ("2:30:8") is parsed too
            for name, value in list(bound.arguments.items()):
                if name in by_name:
                    bound.arguments[name] = by_name[name].convert(value)
            try:
                return func(*bound.args, **bound.kwargs)
            except MarsplanError as exc:
                raise renamed(exc, by_name) from None
            except OSError as exc:
                unreachable = _unreachable(exc, params, bound.arguments)
                if unreachable is None:
                    raise
                raise unreachable from None

        _REGISTRY[words] = Command(words, checked, params, plain_text(inspect.cleandoc(func.__doc__ or "")), heavy,
                                   "progress" in signature.parameters, http)
        return checked

    return register


def _unreachable(exc: OSError, params: tuple[Param, ...], values: dict[str, Any]) -> InputError | None:
    """A failure to connect to an address the user gave (a Dask scheduler: ``--scheduler``) as the one-line
    InputError naming it; None for any other OSError."""
    for p in params:
        if isinstance(p.type, SchedulerAddress) and values.get(p.name) and "connect" in str(exc).lower():
            return InputError(f"{p.label} {values[p.name]}: cannot reach a Dask scheduler there "
                              f"({' '.join(str(exc).split())[:200]})", param=p.name)
    return None


def renamed(exc: MarsplanError, params: dict[str, Param] | None = None) -> MarsplanError:
    """``exc`` with the parameters it names (``exc.param``) written as their flags (whole words only): only
    those of ``params`` (the running command's) when given, so that no message names a flag the command lacks."""
    names = exc.param if isinstance(exc.param, tuple) else (exc.param,) if exc.param else ()
    message = str(exc)
    for name in names:
        flag_ = params[name].flag if params is not None and name in params else None if params is not None \
            else FLAGS.get(name)
        if flag_:
            message = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", flag_, message)
    if message == str(exc):
        return exc
    new = type(exc)(message)
    new.param = exc.param
    return new
