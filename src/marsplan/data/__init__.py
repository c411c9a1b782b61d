"""Data files shipped with marsplan (catalogs, tables); every figure in them cites its source.

NASA's Kilopower reactor gives 1 kWe for 400 kg (the first reactor of ``power.toml``):

>>> from marsplan.data import read_toml
>>> kilopower = read_toml("power.toml")["reactors"][0]
>>> kilopower["name"], kilopower["power_kwe"], kilopower["mass_kg"]
('NASA Kilopower 1 kWe', 1.0, 400.0)
"""

from __future__ import annotations

import functools
import importlib.resources
import tomllib

__all__ = ["read_text", "read_toml"]


def read_text(name: str) -> str:
    """The text of a bundled data file."""
    return importlib.resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def read_toml(name: str) -> dict:
    """A bundled TOML data file, parsed (cached; treat the result as read-only)."""
    return tomllib.loads(read_text(name))
