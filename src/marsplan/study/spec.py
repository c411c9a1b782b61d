"""Study files: a base scenario, a question, a seed, Monte Carlo runs per point, a method and parameters.

```toml
[study]
name = "city-2046-sensitivity"
question = "Which assumptions decide the self-sustaining city verdict?"
scenario = "mars-2026"          # bundled name or path
seed = 7
runs_per_point = 500
method = "sobol"                # sobol | morris | sweep
samples = 64                    # Sobol base samples N (a power of 2), Morris trajectories, sweep levels
target_probability = 0.9        # for "what it takes"
second_order = false            # Sobol: also second-order indices (N (2D + 2) points instead of N (D + 2))
common_random_numbers = true    # points of one Sobol block / Morris trajectory share their random stream

[fixed]                         # set at every point (same paths as parameters), e.g. a manifest baseline
"settlement.cargo_manifest.isru" = 0.05

[[parameters]]
name = "growth"
path = "settlement.growth_factor"   # a scenario field, missions["NAME"].FIELD, or model data
low = 1.2
high = 2.5
kind = "real"                   # real | int
role = "design"                 # design | uncertainty
```

Paths are those of :mod:`marsplan.study.overrides`.  Bad files get the same one-line errors as
scenarios: the file, the field and the allowed range.

The bundled sensitivity study varies 15 numbers with N = 256 Sobol base samples: N (D + 2) = 4,352
points.  Sobol sampling needs a power of 2:

>>> from marsplan.study.spec import StudySpec, load_study
>>> study = load_study("city-2046-sensitivity")
>>> study.study.method, study.study.samples, len(study.parameters), 256 * (len(study.parameters) + 2)
('sobol', 256, 15, 4352)
>>> StudySpec.model_validate({"study": {"name": "s", "method": "sobol", "samples": 100},
...                           "parameters": [{"name": "g", "path": "settlement.growth_factor", "low": 1, "high": 2}]})
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for StudySpec
  Value error, study.samples = 100: Sobol sampling needs a power of 2 ...
"""

from __future__ import annotations

import importlib.resources
import math
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from marsplan.errors import InputError
from marsplan.inputfiles import read_input
from marsplan.validation import StrictModel, validate_toml

__all__ = ["MAX_STUDY_BYTES", "MAX_STUDY_POINTS", "Parameter", "StudyError", "StudySpec", "bundled_studies",
           "load_study"]

MAX_STUDY_BYTES = 1 << 20
"""The largest study file read (1 MiB)."""

_BUNDLED = "marsplan.study.bundled"


MAX_STUDY_POINTS = 200_000
"""The most points one study may ask for (the bundled sensitivity study has 4,352): the samples and their
outputs are held in memory, and each point is a settlement Monte Carlo."""
_POINTS = {"sobol": "N (D + 2), or N (2 D + 2) with second order", "morris": "N (D + 1)", "sweep": "N^D"}


class StudyError(InputError):
    """A study file is missing, unreadable or invalid."""


class Parameter(StrictModel):
    """One varied number: where it lives, its range, and whether it is chosen or uncertain."""

    name: Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.-]+$")]
    path: Annotated[str, Field(min_length=1, max_length=200)]
    low: float
    high: float
    kind: Literal["real", "int"] = "real"
    role: Literal["design", "uncertainty"] = "uncertainty"

    @model_validator(mode="after")
    def _range(self) -> Parameter:
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ValueError(f"parameter {self.name!r}: low and high must be finite numbers")
        if not self.low < self.high:
            raise ValueError(f"parameter {self.name!r}: low = {self.low:g} must be below high = {self.high:g}")
        return self


class Study(StrictModel):
    name: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._-]+$")]
    question: str = ""
    scenario: Annotated[str, Field(min_length=1)] = "mars-2026"
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 1
    runs_per_point: Annotated[int, Field(ge=1, le=100_000)] = 500
    method: Literal["sobol", "morris", "sweep"]
    samples: Annotated[int, Field(ge=2, le=65_536)] = 64
    target_probability: Annotated[float, Field(gt=0.0, le=1.0)] = 0.9
    second_order: bool = False
    common_random_numbers: bool = True


class StudySpec(StrictModel):
    """A whole study file."""

    study: Study
    parameters: Annotated[list[Parameter], Field(min_length=1, max_length=40)]
    fixed: dict[Annotated[str, Field(min_length=1, max_length=200)], float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> StudySpec:
        names = [p.name for p in self.parameters]
        if len(set(names)) != len(names):
            raise ValueError("parameter names must be distinct")
        paths = [p.path for p in self.parameters]
        if len(set(paths)) != len(paths):
            raise ValueError("each path may be varied by one parameter only")
        if set(paths) & set(self.fixed):
            raise ValueError(f"fixed: {sorted(set(paths) & set(self.fixed))} also varied by a parameter")
        if not all(math.isfinite(v) for v in self.fixed.values()):
            raise ValueError("fixed: every value must be a finite number")
        if self.study.second_order and self.study.method != "sobol":
            raise ValueError("study.second_order applies to method = \"sobol\" only")
        if self.study.method == "sobol" and self.study.samples & (self.study.samples - 1):
            raise ValueError(f"study.samples = {self.study.samples}: Sobol sampling needs a power of 2")
        if self.study.method == "sweep" and len(self.parameters) > 3:
            raise ValueError(f"a sweep takes one to three parameters, not {len(self.parameters)}")
        if self.points > MAX_STUDY_POINTS:
            raise ValueError(f"study.samples = {self.study.samples} with {len(self.parameters)} parameters: "
                             f"{self.points:,} points ({_POINTS[self.study.method]}), allowed at most "
                             f"{MAX_STUDY_POINTS:,}; take fewer samples or parameters")
        return self

    @property
    def points(self) -> int:
        """How many points the study evaluates (:func:`marsplan.study.run.sample_points`'s rows)."""
        n, d = self.study.samples, len(self.parameters)
        if self.study.method == "sobol":
            return n * (2 * d + 2 if self.study.second_order else d + 2)
        if self.study.method == "morris":
            return n * (d + 1)
        return int(n**d)

    @property
    def name(self) -> str:
        return self.study.name


def bundled_studies() -> list[str]:
    """Names of the studies shipped with marsplan."""
    root = importlib.resources.files(_BUNDLED)
    return sorted(p.name.removesuffix(".toml") for p in root.iterdir() if p.name.endswith(".toml"))


def load_study(name_or_path: str | Path) -> StudySpec:
    """A study by file path or bundled name; the scenario's parameter paths are checked later, against it."""
    text_path = Path(name_or_path)
    if text_path.suffix == ".toml" or text_path.exists():
        data = read_input(text_path, "study", max_bytes=MAX_STUDY_BYTES, error=StudyError)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StudyError(f"{text_path}: not UTF-8 text (byte {exc.start}): a study is a TOML file") from None
        label = str(text_path)
    else:
        name = str(name_or_path)
        if name not in bundled_studies():
            raise StudyError(f"study {name!r}: no such file or bundled study (bundled: "
                             f"{', '.join(bundled_studies())})")
        text = (importlib.resources.files(_BUNDLED) / f"{name}.toml").read_text(encoding="utf-8")
        label = f"{name}.toml"
    spec: StudySpec = validate_toml(text, StudySpec, label, StudyError)
    return spec
