"""Read TOML into a pydantic model and describe any problem in one line: the file, the field, the value
and the allowed range.  Used by the scenario loader and every data catalog.

>>> from marsplan.scenario.schema import TrajectoryOptions
>>> from marsplan.validation import validate_toml
>>> validate_toml("max_c3_km2_s2 = 15", TrajectoryOptions, "mine.toml").max_c3_km2_s2
15.0
>>> validate_toml("max_c3_km2_s2 = 500", TrajectoryOptions, "mine.toml")
Traceback (most recent call last):
...
marsplan.errors.InputError: mine.toml: max_c3_km2_s2 = 500: ... (allowed > 0.0 and <= 200.0)
>>> validate_toml("max_c3 = 15", TrajectoryOptions, "mine.toml")
Traceback (most recent call last):
...
marsplan.errors.InputError: mine.toml: max_c3: unknown key (check the spelling; see `marsplan scenario show`)
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

import annotated_types
import pydantic
from pydantic import BaseModel, ConfigDict, ValidationError

from marsplan.errors import InputError

__all__ = ["StrictModel", "describe_error", "validate_mapping", "validate_toml"]


class StrictModel(BaseModel):
    """Base of marsplan's input models: an unknown key is an error (a typo must not pass silently), a
    validated model is immutable, and surrounding whitespace is stripped from strings."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part not in ("function-after", "function-before") and not str(part).startswith("function-"):
            out += f".{part}" if out else str(part)
    return out or "scenario"


def _field_info(loc: tuple[Any, ...], root: type[BaseModel]) -> pydantic.fields.FieldInfo | None:
    model: Any = root
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        candidates = [annotation, *args]
        model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
    return info


def _allowed_range(info: pydantic.fields.FieldInfo | None) -> str:
    if info is None:
        return ""
    low = high = None
    for meta in info.metadata:
        if isinstance(meta, annotated_types.Ge):
            low = f">= {meta.ge}"
        elif isinstance(meta, annotated_types.Gt):
            low = f"> {meta.gt}"
        elif isinstance(meta, annotated_types.Le):
            high = f"<= {meta.le}"
        elif isinstance(meta, annotated_types.Lt):
            high = f"< {meta.lt}"
    parts = [p for p in (low, high) if p]
    return f"allowed {' and '.join(parts)}" if parts else ""


def describe_error(error: Mapping[str, Any], root: type[BaseModel]) -> str:
    """One line for one pydantic error: field path, given value, message, allowed range."""
    loc = tuple(error.get("loc", ()))
    where = _loc_text(loc)
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return f"{where}: unknown key (check the spelling; see `marsplan scenario show`)"
    if kind == "missing":
        return f"{where}: required key is missing"
    msg = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    given = error.get("input")
    if kind == "value_error" and (not loc or isinstance(given, dict)):
        return f"{where}: {msg}" if loc else msg
    allowed = _allowed_range(_field_info(loc, root))
    text = f"{where} = {given!r}: {msg}"
    return f"{text} ({allowed})" if allowed else text


MAX_NESTING = 32
"""The deepest nesting of arrays and inline tables a TOML input may have (marsplan's files need 3), checked before
the parser, which recurses once per level, sees the text."""


def _nesting_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings and comments (a table header counts as one)."""
    depth = deepest = 0
    quote = ""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return deepest


def validate_toml(text: str, model: type[BaseModel], label: str, error: type[Exception] = InputError) -> Any:
    """Parse TOML ``text`` into ``model``; any problem raises ``error`` with one line naming
    ``label``, the field, the value and the allowed range."""
    if _nesting_depth(text) > MAX_NESTING:
        raise error(f"{label}: arrays or tables nested too deeply (more than {MAX_NESTING} levels)")
    try:
        data = tomllib.loads(text)
        return validate_mapping(data, model, label, error)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{label}: not valid TOML: {exc}") from None
    except RecursionError:  # arrays or inline tables nested a thousand deep: the parser recurses per level
        raise error(f"{label}: arrays or tables nested too deeply to read") from None


def validate_mapping(data: Any, model: type[BaseModel], label: str, error: type[Exception] = InputError) -> Any:
    """Validate parsed ``data`` (a TOML file's content, or one changed by overrides) into ``model``
    with the same one-line errors as :func:`validate_toml`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = describe_error(errors[0], model)
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        raise error(f"{label}: {first}{more}") from None
