"""The one exception hierarchy of marsplan.

Every error that bad input can cause is a :class:`MarsplanError`; the CLI
turns any of them into a single line on stderr and exit status 2.

Input errors are also ``ValueError`` s, so callers that know nothing of marsplan still catch them:

>>> from marsplan.astro.bodies import radius_km
>>> from marsplan.errors import InputError, MarsplanError
>>> try:
...     radius_km("pluto")
... except ValueError as exc:
...     isinstance(exc, InputError) and isinstance(exc, MarsplanError), str(exc).split(":")[0]
(True, "unknown body 'pluto'")
"""

from __future__ import annotations

__all__ = [
    "MarsplanError",
    "InputError",
    "ScenarioError",
    "EphemerisError",
    "EphemerisRangeError",
    "TimeScaleError",
    "OutputError",
    "ConvergenceError",
]


class MarsplanError(Exception):
    """Base class of every error marsplan raises on purpose.

    ``param`` names the parameter(s) at fault by their Python names (``"leo_alt_km"``), as the message
    spells them: the command layer rewrites those words as the flags of the face the user typed
    (``--leo-alt``), so no module below it names a CLI flag."""

    def __init__(self, message: str = "", *, param: str | tuple[str, ...] | None = None):
        super().__init__(message)
        self.param = param


class InputError(MarsplanError, ValueError):
    """A value given by the user is outside what the model accepts."""


class ScenarioError(InputError):
    """A scenario file is missing, unreadable or invalid."""


class TimeScaleError(InputError):
    """A date or time could not be parsed or converted."""


class EphemerisError(MarsplanError):
    """An ephemeris file is missing or does not hold the requested body."""


class EphemerisRangeError(EphemerisError, InputError):
    """An epoch lies outside the time span the ephemeris file covers."""


class ConvergenceError(InputError):
    """An optimiser could not give an answer it stands behind within the limits asked for (its evaluation
    budget, or the wall-clock safety limit that would make the answer depend on the machine): raise the
    limit the message names."""


class OutputError(MarsplanError):
    """An output file or directory could not be written."""
