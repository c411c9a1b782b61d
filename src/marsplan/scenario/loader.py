"""Read scenario files, turning every problem into one clear line.

Errors name the file, the field's path (``missions[0].ships``), what was
given and the allowed range, e.g.::

    mine.toml: campaign.horizon_years = 200: must be between 1 and 60
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import annotated_types
import pydantic
from pydantic import BaseModel, ValidationError

from marsplan.errors import ScenarioError
from marsplan.scenario.schema import Scenario

__all__ = ["DEFAULT_SCENARIO", "bundled_scenarios", "load_scenario", "parse_scenario", "scenario_text"]

DEFAULT_SCENARIO = "mars-2026"
_BUNDLED = "marsplan.scenario.bundled"


def bundled_scenarios() -> list[str]:
    """Names of the scenarios shipped with marsplan."""
    root = importlib.resources.files(_BUNDLED)
    return sorted(p.name.removesuffix(".toml") for p in root.iterdir() if p.name.endswith(".toml"))


def _locate(name_or_path: str | Path | None) -> tuple[str, str]:
    """(label for messages, TOML text) of a bundled name or a file path."""
    if name_or_path is None:
        name_or_path = DEFAULT_SCENARIO
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        try:
            return str(path), path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError(f"{path}: scenario file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"{path}: cannot read scenario file: {exc}") from None
    name = str(name_or_path)
    if name in bundled_scenarios():
        text = importlib.resources.files(_BUNDLED).joinpath(f"{name}.toml").read_text(encoding="utf-8")
        return f"{name} (bundled)", text
    raise ScenarioError(
        f"{name}: no such scenario file or bundled scenario (bundled: {', '.join(bundled_scenarios())})"
    )


def scenario_text(name_or_path: str | Path | None = None) -> str:
    """The TOML text of a scenario file or bundled scenario."""
    return _locate(name_or_path)[1]


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part not in ("function-after", "function-before") and not str(part).startswith("function-"):
            out += f".{part}" if out else str(part)
    return out or "scenario"


def _field_info(loc: tuple[Any, ...], root: type[BaseModel] = Scenario) -> pydantic.fields.FieldInfo | None:
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


def describe_error(error: Mapping[str, Any], root: type[BaseModel] = Scenario) -> str:
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


def validate_toml(text: str, model: type[BaseModel], label: str, error: type[Exception] = ScenarioError) -> Any:
    """Parse TOML ``text`` into ``model``; any problem raises ``error`` with one line naming
    ``label``, the field, the value and the allowed range."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{label}: not valid TOML: {exc}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = describe_error(errors[0], model)
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        raise error(f"{label}: {first}{more}") from None


def parse_scenario(text: str, label: str = "scenario") -> Scenario:
    """Validate TOML ``text``; ``label`` names the source in error messages."""
    return validate_toml(text, Scenario, label)


def load_scenario(name_or_path: str | Path | None = None) -> Scenario:
    """Load a scenario by file path or bundled name (default ``mars-2026``)."""
    label, text = _locate(name_or_path)
    return parse_scenario(text, label)
