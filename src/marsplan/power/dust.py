"""Martian dust: a seasonal baseline optical depth and stochastic storms, drawn with a seed.

Baseline.  Outside storms the column optical depth follows the season, low
near aphelion (Ls ~ 71 deg) and high in the perihelion (southern summer)
season (Lemmon et al., "Dust aerosol, clouds, and the atmospheric optical
depth record over 5 Mars years of the Mars Exploration Rover mission",
Icarus 251, 2015):  tau(Ls) = tau_aph + (tau_per - tau_aph) (1 - cos(Ls - 71)) / 2.

Storms (the dusty season, Ls 180-330; Zurek & Martin, J. Geophys. Res. 98,
1993; Kass et al., Geophys. Res. Lett. 43, 2016): regional storms, a
Poisson number per Mars year (mean 2), each rising in 5 sols to a peak
tau of 1.5-3 and decaying with a 10-30 sol e-folding time; and a
planet-encircling (global) storm in a third of Mars years (Zurek & Martin
1993: 1 in 3), onset Ls 180-300, rising over 10-20 sols to a peak tau of
4-10.8 (the 2018 storm reached 10.8 at Meridiani; Guzewich et al., GRL 46,
2019) and decaying with a 30-60 sol e-folding time (2018: Opportunity's
tau fell from 10.8 to ~2 in about 60 sols).  Where storms overlap, the
larger optical depth holds.  Each sampled year draws from its own child
of ``SeedSequence(seed)``: the same seed gives the same years, and year k
is the same however many years are drawn.

The baseline is tau_aph at Ls = 71 deg and tau_per half a year later; a 2018-like storm peaks at 10.8;
and about one sampled year in three has a global storm:

>>> import numpy as np
>>> from marsplan.power.dust import baseline_tau, dust_years
>>> baseline_tau([71.0, 251.0], 0.4, 0.9).round(3).tolist()
[0.4, 0.9]
>>> ls = np.linspace(0.0, 360.0, 669, endpoint=False)          # one Mars year of sols
>>> tau, _ = dust_years(ls, 0.4, 0.9, years=1, seed=1, force_global=True)
>>> round(float(tau.max()), 1)
10.8
>>> _, has_global = dust_years(ls, 0.4, 0.9, years=300, seed=1)
>>> round(float(has_global.mean()), 2)
0.37
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from marsplan.errors import InputError
from marsplan.seeding import child_streams

__all__ = ["DustModel", "STORM_2018", "baseline_tau", "dust_years"]

_PER_STORMS_MEAN = 2.0
_GLOBAL_PROBABILITY = 1.0 / 3.0


@dataclass(frozen=True)
class DustModel:
    """Parameters of the storm climatology (defaults as in the module docstring)."""

    regional_per_year: float = _PER_STORMS_MEAN
    global_probability: float = _GLOBAL_PROBABILITY
    global_peak_tau: tuple[float, float] = (4.0, 10.8)
    regional_peak_tau: tuple[float, float] = (1.5, 3.0)

    def __post_init__(self):
        if not 0 <= self.global_probability <= 1:
            raise InputError(f"global_probability = {self.global_probability}: allowed 0 to 1")
        if self.regional_per_year < 0:
            raise InputError(f"regional_per_year = {self.regional_per_year}: must be >= 0")


STORM_2018 = {"onset_ls_deg": 185.0, "peak_tau": 10.8, "rise_sols": 15.0, "decay_sols": 45.0}
"""A reference planet-encircling storm like 2018's (Guzewich et al. 2019)."""


def baseline_tau(ls_deg, tau_aphelion: float, tau_perihelion: float) -> np.ndarray:
    """Seasonal clear-sky optical depth at solar longitude Ls (degrees)."""
    return tau_aphelion + (tau_perihelion - tau_aphelion) * (1 - np.cos(np.radians(np.asarray(ls_deg) - 71.0))) / 2


def _storm_shape(sols: np.ndarray, onset: float, rise: float, decay: float, peak: float) -> np.ndarray:
    t = sols - onset
    up = np.clip(t / rise, 0.0, 1.0) * peak
    down = peak * np.exp(-np.clip(t - rise, 0.0, None) / decay)
    return np.where(t < 0, 0.0, np.where(t < rise, up, down))


def dust_years(ls_of_sol: np.ndarray, tau_aphelion: float, tau_perihelion: float, years: int, seed: int,
               model: DustModel | None = None, *, force_global: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Optical depth for each of ``years`` sampled Mars years and each sol: shape (years, sols).

    ``ls_of_sol`` gives Ls at each sol of the year.  Returns (tau, has_global_storm).
    ``force_global=True`` puts a 2018-like storm in every year, ``False`` none.
    """
    model = model or DustModel()
    if years < 1:
        raise InputError(f"runs = {years}: must be >= 1")
    # one child stream per sampled year: year k's weather never depends on how many years are drawn,
    # so years can be generated in independent chunks (e.g. on a cluster) and still match
    streams = child_streams(seed, years)
    sols = np.arange(ls_of_sol.size, dtype=float)
    base = baseline_tau(ls_of_sol, tau_aphelion, tau_perihelion)
    tau = np.tile(base, (years, 1))
    has_global = np.zeros(years, dtype=bool)

    def sol_at(ls: float) -> float:
        return float(np.argmin(np.abs(((ls_of_sol - ls + 180.0) % 360.0) - 180.0)))

    for y in range(years):
        rng = np.random.default_rng(streams[y])
        for _ in range(rng.poisson(model.regional_per_year)):
            onset = sol_at(rng.uniform(180.0, 330.0))
            storm = _storm_shape(sols, onset, 5.0, rng.uniform(10.0, 30.0), rng.uniform(*model.regional_peak_tau))
            tau[y] = np.maximum(tau[y], storm)
        global_draw = rng.random() < model.global_probability
        peak, onset_ls = rng.uniform(*model.global_peak_tau), rng.uniform(180.0, 300.0)
        rise, decay = rng.uniform(10.0, 20.0), rng.uniform(30.0, 60.0)
        if force_global is True:
            peak, onset_ls = STORM_2018["peak_tau"], STORM_2018["onset_ls_deg"]
            rise, decay = STORM_2018["rise_sols"], STORM_2018["decay_sols"]
        if force_global is True or (force_global is None and global_draw):
            storm = _storm_shape(sols, sol_at(onset_ls), rise, decay, peak)
            tau[y] = np.maximum(tau[y], storm)
            has_global[y] = True
    return tau, has_global
