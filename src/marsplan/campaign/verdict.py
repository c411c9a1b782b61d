"""Verdicts and their margins: the one convention every claim of marsplan follows.

A verdict is decided by one quantity against one threshold (:class:`Decision`): its *margin* is how far
the quantity sits on the claim's side of the threshold (positive: the claim holds), and its *uncertainty*
how far that margin could move without the inputs changing (two Monte Carlo standard errors for a
simulated probability or rate, the spread over a model's stated uncertainty for a sizing result).  The
classes are:

- ``supported``: the margin is positive (or zero for an exact quantity) and larger than its uncertainty;
- ``not supported``: the margin is negative and larger than its uncertainty;
- ``marginal``: the margin is within its uncertainty, so the numbers cannot tell; never shown as a plain
  "supported" or "not supported";
- ``depends``: the claim holds for part of what it names (some of the ships, some of the futures): a
  probability between the two thresholds below, or a plan of which only part fits.

Probability claims (every claim decided by a Monte Carlo probability P) use one convention:
**supported when P >= 0.9, not supported when P < 0.1, depends in between**; the threshold that decides
is the one nearer to P, and P within two standard errors of it (Wilson's score interval, which stays
honest at P = 0 or 1) is ``marginal``.

With no success in 100 runs Wilson's upper end (z = 2) is z^2 / (n + z^2) = 4 / 104 = 0.0385, not 0;
P = 0.95 over 2,000 runs clears 0.9 by more than its uncertainty, 0.905 does not:

>>> from marsplan.campaign.verdict import Decision, by_probability, decide, wilson_half_width
>>> [round(x, 4) for x in wilson_half_width(0.0, 100)]
[0.0, 0.0385]
>>> verdict, decision = by_probability(0.95, 2000, "P(crew lands)")
>>> verdict
'supported'
>>> print(decision.text())
P(crew lands) = 0.95, needs >= 0.9: margin +0.05 +- 0.0107 (Wilson interval, 2 standard errors, 2,000 runs)
>>> by_probability(0.905, 2000, "P(crew lands)")[0], by_probability(0.5, 2000, "P(crew lands)")[0]
('marginal', 'depends')
>>> decide(Decision("entry speed", 7.2, 7.5, 0.1, "navigation dispersion", "km/s", "<="))
'supported'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["DEPENDS", "MARGINAL", "NOT_SUPPORTED", "P_NOT_SUPPORTED_BELOW", "P_SUPPORTED_FROM", "SUPPORTED",
           "VERDICTS", "Decision", "Verdict", "by_probability", "decide", "wilson_half_width"]

SUPPORTED, NOT_SUPPORTED, DEPENDS, MARGINAL = "supported", "not supported", "depends", "marginal"
VERDICTS = (SUPPORTED, MARGINAL, DEPENDS, NOT_SUPPORTED)
"""Every verdict class, from the claim holding to it failing."""

P_SUPPORTED_FROM = 0.9
P_NOT_SUPPORTED_BELOW = 0.1
Z_UNCERTAINTY = 2.0
"""Uncertainties are two standard errors (about a 95 % interval)."""


@dataclass(frozen=True)
class Decision:
    """The number that decides a verdict: ``value`` against ``threshold``, with the margin's uncertainty.

    ``sense`` is ``">="`` when the claim needs the value at or above the threshold, ``"<="`` when at or
    below; :attr:`margin` is positive on the claim's side either way.
    """

    quantity: str
    value: float
    threshold: float
    uncertainty: float
    basis: str  # what the uncertainty is: "2 Monte Carlo standard errors over 2,000 runs", ...
    unit: str = ""
    sense: Literal[">=", "<="] = ">="

    @property
    def margin(self) -> float:
        return self.value - self.threshold if self.sense == ">=" else self.threshold - self.value

    @property
    def within_uncertainty(self) -> bool:
        """The margin is no larger than its (non-zero) uncertainty: the numbers cannot tell the claim's side.
        An exact quantity (zero uncertainty) meeting its threshold exactly is on the claim's side."""
        return self.uncertainty > 0 and abs(self.margin) <= self.uncertainty

    def text(self) -> str:
        """One line: value against threshold, margin and its uncertainty."""
        unit = f" {self.unit}" if self.unit else ""
        return (f"{self.quantity} = {_num(self.value)}{unit}, needs {self.sense} {_num(self.threshold)}{unit}: "
                f"margin {_num(self.margin, signed=True)} +- {_num(self.uncertainty)}{unit} ({self.basis})")

    def to_dict(self) -> dict[str, Any]:
        return {"quantity": self.quantity, "value": _finite(self.value), "threshold": _finite(self.threshold),
                "sense": self.sense, "unit": self.unit, "margin": _finite(self.margin),
                "uncertainty": _finite(self.uncertainty), "basis": self.basis,
                "within_uncertainty": self.within_uncertainty}


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _num(x: float, *, signed: bool = False) -> str:
    if not math.isfinite(x):
        return "n/a"
    a = abs(x)
    text = f"{x:+.3g}" if signed else f"{x:.3g}"
    if a >= 1000:
        text = f"{x:+,.0f}" if signed else f"{x:,.0f}"
    return text


@dataclass(frozen=True)
class Verdict:
    """A claim's verdict, the evidence behind it, and the decision that settled it."""

    text: str
    verdict: str
    evidence: str
    source: str = ""
    margin: str = ""  # the deciding number in a few words (the report's Summary shows it)
    decision: Decision | None = None
    details: dict[str, Any] | None = None  # further numbers a claim reports (JSON only)

    def to_dict(self) -> dict[str, Any]:
        out = {"text": self.text, "verdict": self.verdict, "margin": self.margin, "evidence": self.evidence,
               "source": self.source, "decision": None if self.decision is None else self.decision.to_dict()}
        if self.details:
            out["details"] = self.details
        return out

    def _repr_html_(self) -> str:
        from marsplan.tables import html_fields

        return html_fields(self.text, [("verdict", self.verdict), ("what decided it", self.margin),
                                       ("evidence", self.evidence)])


def decide(decision: Decision) -> str:
    """``supported`` / ``not supported`` by the margin's sign, ``marginal`` when it is within its
    uncertainty."""
    if decision.within_uncertainty or not math.isfinite(decision.margin):
        return MARGINAL
    return SUPPORTED if decision.margin >= 0 else NOT_SUPPORTED


def wilson_half_width(p: float, n: int, z: float = Z_UNCERTAINTY) -> tuple[float, float]:
    """The distance from ``p`` to the lower and upper ends of Wilson's score interval for a proportion
    ``p`` of ``n`` trials (Wilson, JASA 22, 1927): unlike p(1-p)/n it does not vanish at 0 or 1."""
    if n <= 0:
        return 1.0, 1.0
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(p - (centre - half), 0.0), max(centre + half - p, 0.0)


def by_probability(p: float, runs: int, quantity: str) -> tuple[str, Decision]:
    """The verdict of a probability claim under the one convention (module docstring), and its decision:
    P against the nearer threshold, uncertain by Wilson's interval on that side."""
    below, above = wilson_half_width(p, runs)
    if p >= 0.5:
        threshold, uncertainty = P_SUPPORTED_FROM, below if p >= P_SUPPORTED_FROM else above
    else:
        threshold, uncertainty = P_NOT_SUPPORTED_BELOW, above if p < P_NOT_SUPPORTED_BELOW else below
    decision = Decision(quantity, p, threshold, uncertainty, f"Wilson interval, 2 standard errors, {runs:,} runs")
    if decision.within_uncertainty:
        return MARGINAL, decision
    if p >= P_SUPPORTED_FROM:
        return SUPPORTED, decision
    if p < P_NOT_SUPPORTED_BELOW:
        return NOT_SUPPORTED, decision
    return DEPENDS, decision
