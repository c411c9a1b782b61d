"""Read scenario files, turning every problem into one clear line.

Errors name the file, the field's path (``missions[0].ships``), what was
given and the allowed range, e.g.::

    mine.toml: campaign.horizon_years = 200: Input should be less than or equal to 60 (allowed >= 1 and <= 60)

>>> from marsplan.scenario.loader import bundled_scenarios, load_scenario, parse_scenario
>>> bundled_scenarios()
['mars-2026']
>>> sc = load_scenario("mars-2026")
>>> sc.name, [m.name for m in sc.missions]
('mars-2026', ['Cargo 2026', 'Cargo 2028', 'Crew 2028', 'Crew 2031'])
>>> parse_scenario('''
... [campaign]
... name = "mine"
... title = "Too long a campaign"
... start = "2026-01-01"
... horizon_years = 200
... ''', "mine.toml")
Traceback (most recent call last):
...
marsplan.errors.ScenarioError: mine.toml: campaign.horizon_years = 200: ... (allowed >= 1 and <= 60)
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from marsplan.errors import ScenarioError
from marsplan.inputfiles import read_input
from marsplan.scenario.schema import Scenario
from marsplan.validation import validate_toml

__all__ = ["DEFAULT_SCENARIO", "MAX_SCENARIO_BYTES", "bundled_scenarios", "load_scenario", "parse_scenario",
           "scenario_text"]

DEFAULT_SCENARIO = "mars-2026"
MAX_SCENARIO_BYTES = 1 << 20
"""The largest scenario file read (1 MiB; the bundled one is some 20 kB)."""
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
        data = read_input(path, "scenario", max_bytes=MAX_SCENARIO_BYTES, error=ScenarioError)
        try:
            return str(path), data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(f"{path}: not UTF-8 text (byte {exc.start}): a scenario is a TOML file") from None
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


def parse_scenario(text: str, label: str = "scenario") -> Scenario:
    """Validate TOML ``text``; ``label`` names the source in error messages."""
    return validate_toml(text, Scenario, label, ScenarioError)


def load_scenario(name_or_path: str | Path | None = None) -> Scenario:
    """Load a scenario by file path or bundled name (default ``mars-2026``)."""
    label, text = _locate(name_or_path)
    return parse_scenario(text, label)
