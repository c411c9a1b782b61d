"""Build the per-step array yield and load of a Mars or Moon site for many sampled years.

On the lunar equator a year is twelve lunations of hourly steps (12 x 708.7 h), half of them lit, and an
array of 28 % cells derated to 85 % yields at most 1361 W/m^2 x 0.28 x 0.85 = 0.324 kW/m^2:

>>> from marsplan.power.catalog import get_power_site, power_catalog
>>> from marsplan.power.environments import LoadProfile, environment
>>> array = power_catalog()["arrays"]["triple-junction"]
>>> env = environment(get_power_site("lunar-equator"), array, LoadProfile(10.0), years=1, seed=1)
>>> env.steps, round(float(env.daylight.mean()), 3), round(float(env.pv_kw_m2.max()), 3)
(8505, 0.5, 0.324)
"""

from __future__ import annotations

import math

import numpy as np

from marsplan.astro.time import utc_to_tdb_jd
from marsplan.errors import InputError
from marsplan.power.catalog import ArraySpec, PowerSite
from marsplan.power.dust import DustModel, dust_years
from marsplan.power.mars import (
    MARS_SOL_S,
    SOLAR_CONSTANT_W_M2,
    cos_zenith,
    global_horizontal_into,
    heliocentric_distance_au,
    solar_longitude_deg,
    toa_normal_w_m2,
)
from marsplan.power.simulation import Environment

__all__ = ["MARS_YEAR_SOLS", "LUNATION_H", "LoadProfile", "mars_environment", "moon_environment", "environment"]

MARS_YEAR_SOLS = 668.6
LUNATION_H = 29.530589 * 24.0  # synodic month (Meeus, Astronomical Algorithms, 1998, ch. 49)
# Mars Year 37 began (Ls = 0) on 2022-12-26 (Piqueux et al., Icarus 251, 2015, calendar); DE440 gives it too
_MARS_YEAR_START_UTC = "2022-12-26T12:00:00"


MAX_LOAD_KW = 1_000_000.0


class LoadProfile:
    """Demand in two parts.

    Firm: the base load (life support, habitat; kW), scaled by ``night_factor`` while the Sun is down,
    which must be met at every step to the reliability target.  Deferrable: the propellant plant
    (``isru_kw`` on average), which can pause and catch up: it needs its yearly energy, not every hour.
    The plant can run at up to ``isru_peak_factor`` times its mean power, and its product store covers
    ``isru_buffer_fraction`` of a year's production, so a bad (storm) year may fall that far short
    (both marsplan's assumptions: a plant sized to run at 3 times its mean can run on daylight alone;
    three months of product in the tank farm).
    """

    def __init__(self, base_kw: float, isru_kw: float = 0.0, night_factor: float = 1.0, *,
                 isru_peak_factor: float = 3.0, isru_buffer_fraction: float = 0.25):
        for name, value in (("base load", base_kw), ("ISRU load", isru_kw)):
            if not (math.isfinite(value) and 0 <= value <= MAX_LOAD_KW):
                raise InputError(f"{name} {value:g} kW: allowed 0 to {MAX_LOAD_KW:,.0f} kW")
        if not (math.isfinite(night_factor) and 0 <= night_factor <= 10):
            raise InputError(f"night_factor {night_factor:g}: allowed 0 to 10")
        if not 1.0 <= isru_peak_factor <= 100.0 or not 0.0 <= isru_buffer_fraction < 1.0:
            raise InputError("isru_peak_factor must be within 1 to 100 and isru_buffer_fraction within 0 to < 1")
        self.base_kw, self.isru_kw, self.night_factor = float(base_kw), float(isru_kw), float(night_factor)
        self.isru_peak_factor, self.isru_buffer_fraction = float(isru_peak_factor), float(isru_buffer_fraction)

    def series(self, daylight: np.ndarray) -> np.ndarray:
        """The firm load at each step."""
        return np.where(daylight, self.base_kw, self.base_kw * self.night_factor)

    @property
    def mean_kw(self) -> float:
        return self.base_kw + self.isru_kw

    @property
    def firm_only(self) -> LoadProfile:
        return LoadProfile(self.base_kw, 0.0, self.night_factor)


def mars_environment(site: PowerSite, array: ArraySpec, load: LoadProfile, years: int, seed: int, *,
                     dust: DustModel | None = None, force_global: bool | None = None) -> Environment:
    """A Mars year at 24 steps per sol, starting at Ls = 0, for ``years`` sampled dust years."""
    steps = int(round(MARS_YEAR_SOLS * 24))
    step_s = MARS_SOL_S / 24.0
    start = float(utc_to_tdb_jd(_MARS_YEAR_START_UTC))
    jd = start + (np.arange(steps) + 0.5) * step_s / 86400.0
    ls = solar_longitude_deg(jd)
    toa = toa_normal_w_m2(heliocentric_distance_au(jd))
    hour = (np.arange(steps) % 24) + 0.5
    cz = cos_zenith(site.latitude_deg, ls, hour)
    sol = np.arange(steps) // 24
    ls_of_sol = ls[::24]
    tau_sol, has_global = dust_years(ls_of_sol, site.tau_aphelion, site.tau_perihelion, years, seed, dust,
                                     force_global=force_global)
    pv = np.empty((years, steps), dtype=np.float32)
    flat = np.empty(steps)
    # array yield per m^2: irradiance x efficiency x derate x dust on the panels (cleaned periodically)
    dust_factor = (1.0 - array.dust_loss_per_sol) ** (sol % array.cleaning_interval_sols)
    scale = array.efficiency * array.system_derate * dust_factor / 1000.0
    for y in range(years):
        global_horizontal_into(toa, cz, tau_sol[y][sol], flat)
        pv[y] = flat * scale
    daylight = cz > 0
    return Environment("mars", site.id, pv, load.series(daylight).astype(np.float64), step_s / 3600.0, daylight,
                       has_global, seed, load.isru_kw, load.isru_kw * load.isru_peak_factor,
                       load.isru_buffer_fraction)


def moon_illumination(site: PowerSite, steps: int) -> np.ndarray:
    """Irradiance on the site's panels (W/m^2) at each hour of 12 lunations.

    Equatorial (illuminated fraction 0.5): horizontal panels, the Sun crossing the sky once per
    synodic month (about 354 h of day and 354 h of night), G = S cos(z) cos(latitude).
    Polar: vertical panels tracking the low Sun, fully lit or dark; each lunation has one dark
    spell whose length swings with the season between the mean darkness (1 - lit fraction) x
    lunation and the site's longest darkness.
    """
    hours = np.arange(steps) + 0.5
    if site.illuminated_fraction >= 0.5 and abs(site.latitude_deg) < 80:
        phase = 2 * math.pi * hours / LUNATION_H
        cz = -np.cos(phase) * math.cos(math.radians(site.latitude_deg))
        return SOLAR_CONSTANT_W_M2 * np.clip(cz, 0.0, None)
    mean_dark = (1.0 - site.illuminated_fraction) * LUNATION_H
    if site.longest_darkness_h < mean_dark:
        raise InputError(
            f"site {site.id}: longest_darkness_h = {site.longest_darkness_h:g} is shorter than the mean darkness "
            f"per lunation implied by illuminated_fraction ({mean_dark:.0f} h)"
        )
    lunation = (hours // LUNATION_H).astype(int)
    within = hours % LUNATION_H
    dark_len = np.clip(mean_dark + (site.longest_darkness_h - mean_dark) * np.cos(2 * math.pi * lunation / 12.0),
                       0.0, LUNATION_H)
    centre = LUNATION_H / 2
    dark = np.abs(within - centre) < dark_len / 2
    return np.where(dark, 0.0, SOLAR_CONSTANT_W_M2)


def moon_environment(site: PowerSite, array: ArraySpec, load: LoadProfile, years: int, seed: int) -> Environment:
    """Twelve lunations at hourly steps; no dust storms, so every sampled year is the same sky."""
    steps = int(round(12 * LUNATION_H))
    irradiance = moon_illumination(site, steps)
    per_m2 = (irradiance * array.efficiency * array.system_derate / 1000.0).astype(np.float32)
    pv = np.tile(per_m2, (years, 1))
    daylight = irradiance > 0
    return Environment("moon", site.id, pv, load.series(daylight).astype(np.float64), 1.0, daylight,
                       np.zeros(years, dtype=bool), seed, load.isru_kw, load.isru_kw * load.isru_peak_factor,
                       load.isru_buffer_fraction)


def environment(site: PowerSite, array: ArraySpec, load: LoadProfile, years: int, seed: int, **kwargs) -> Environment:
    if site.body == "mars":
        return mars_environment(site, array, load, years, seed, **kwargs)
    return moon_environment(site, array, load, years, seed)
