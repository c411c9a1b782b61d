"""Strict JSON for every face of marsplan: NaN and infinities become null, never ``NaN`` or ``Infinity``.

Light on purpose (no numpy import), so the CLI can use it before loading anything heavy.

>>> import datetime
>>> from marsplan.jsonio import strict_json
>>> strict_json({"c3_km2_s2": float("nan"), "departure": datetime.date(2026, 10, 31)}, indent=None)
'{"c3_km2_s2": null, "departure": "2026-10-31"}'
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["finite", "strict_json"]


def finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by None, numpy arrays and scalars as lists and floats,
    and dates as ISO text."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    if hasattr(value, "dtype") and hasattr(value, "tolist"):  # numpy arrays and scalars
        return finite(value.tolist())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def strict_json(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as standard JSON text (RFC 8259: no NaN or Infinity)."""
    try:  # most results are plain and finite already: one pass, no copy
        return json.dumps(data, indent=indent, allow_nan=False)
    except (ValueError, TypeError):
        return json.dumps(finite(data), indent=indent, allow_nan=False)
