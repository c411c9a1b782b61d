"""Variants of the bundled scenario for tests: its text with a few lines replaced."""

from marsplan.scenario import parse_scenario
from marsplan.scenario.loader import scenario_text


def bundled_variant(replacements, name="mars-2026"):
    """The bundled scenario ``name`` with each (old, new) text replacement made (each old text must occur)."""
    text = scenario_text(name)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return parse_scenario(text, "variant.toml")
