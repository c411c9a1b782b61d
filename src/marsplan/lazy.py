"""Public names that load their modules on first use (PEP 562).

A package lists ``name -> (module, attribute)`` and installs :func:`lazy_getattr`'s result as its
module-level ``__getattr__``, so importing the package stays light (no numba, scipy or matplotlib
until a name that needs them is used).

>>> from marsplan.lazy import lazy_getattr
>>> namespace = {}
>>> getattr_ = lazy_getattr("demo", namespace, {"sqrt": "math", "turn": ("math", "tau")})
>>> getattr_("sqrt")(2.0), getattr_("turn"), sorted(namespace)
(1.4142135623730951, 6.283185307179586, ['sqrt', 'turn'])
>>> getattr_("cbrt")
Traceback (most recent call last):
...
AttributeError: module 'demo' has no attribute 'cbrt'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_getattr"]


def lazy_getattr(package: str, namespace: dict[str, Any], names: Mapping[str, str | tuple[str, str]]
                 ) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports ``names[name]`` (a module, or a (module,
    attribute) pair) on first use and keeps the value in ``namespace`` (the package's globals)."""

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        target = names[name]
        module, attribute = (target, name) if isinstance(target, str) else target
        value = getattr(importlib.import_module(module), attribute)
        namespace[name] = value
        return value

    return __getattr__
