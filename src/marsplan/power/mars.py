"""Sunlight on Mars: season, top-of-atmosphere flux, sun angle, and surface irradiance.

Season.  The areocentric solar longitude Ls is measured in Mars's orbital
plane from Mars's northern vernal equinox, the direction p x n for Mars's
north pole p (IAU WGCCRE 2015: RA 317.68143 deg, Dec 52.88650 deg at J2000;
Archinal et al. 2018) and orbit normal n, both from DE440 states.

Flux.  Beam irradiance at the top of the atmosphere, normal incidence, is
the total solar irradiance 1361 W/m^2 at 1 au (Kopp & Lean, Geophys. Res.
Lett. 38, 2011) over the squared heliocentric distance.  Appelbaum &
Flood's own closed form, 590 (1 + e cos(Ls - 248 deg))^2 / (1 - e^2)^2 W/m^2,
is given too (:func:`toa_normal_appelbaum_w_m2`).

Sun angle.  Solar declination from sin(delta) = sin(25.19 deg) sin(Ls)
(obliquity, Allison & McEwen, Planet. Space Sci. 48, 2000); zenith angle
cos z = sin(phi) sin(delta) + cos(phi) cos(delta) cos(h) with hour angle h
through a sol of 24 Mars hours (local true solar time).

Surface.  Global irradiance on a horizontal surface,
G_h = G_ob cos z f(z, tau) / (1 - albedo), with the normalized net flux
f(z, tau) of Appelbaum & Flood, "Solar radiation on Mars", Solar Energy 45
(1990) 353-363 / NASA TM-102299, Table III (Pollack's multiple-scattering
results, albedo 0.1), interpolated bilinearly.  Beam on a horizontal
surface G_b = G_ob cos z exp(-tau / cos z) (same paper); diffuse is the
rest.  A tilted panel gets beam by its incidence angle, isotropic-sky
diffuse (1 + cos beta)/2 and ground-reflected (1 - cos beta)/2 (Appelbaum &
Flood, "Solar radiation on Mars: tilted surface", NASA TM-102379, 1990).

Beyond the table.  The table stops at tau = 6, but the 2018 planet-encircling
storm reached tau ~ 10.8 over Opportunity (Guzewich et al., Geophys. Res.
Lett. 46, 2019).  For tau > 6 each zenith column is continued as an
exponential decay with the e-folding rate of its tau = 5 -> 6 step: at high
optical depth the diffuse flux that remains falls roughly exponentially
(two-stream transmission with forward scattering), and the continuation
gives 3-8 % of clear-sky flux at tau = 10.8 (depending on the zenith
angle), the order of what Opportunity's arrays received.  Zenith angles from 85 to 90 deg taper f
linearly to the horizon.

Mars Year 37 began (Ls = 0) on 2022-12-26 (Piqueux et al., Icarus 251, 2015, calendar); Appelbaum &
Flood's flux is 590 / (1 - e)^2 = 718 W/m^2 at perihelion (Ls = 248 deg) and 590 / (1 + e)^2 = 494 W/m^2
at aphelion; and their Table III gives f = 0.81 for the sun overhead at tau = 0.5:

>>> from marsplan.astro.time import utc_to_tdb_jd
>>> from marsplan.power.mars import net_flux_factor, solar_longitude_deg, toa_normal_appelbaum_w_m2
>>> [round(float(ls), 2) for ls in solar_longitude_deg(utc_to_tdb_jd(["2022-12-26", "2022-12-27"]))]
[359.74, 0.24]
>>> [round(float(w)) for w in toa_normal_appelbaum_w_m2([248.0, 68.0])]
[718, 494]
>>> float(net_flux_factor(0.0, 0.5))
0.81
"""

from __future__ import annotations

import functools
import math

import numba as nb
import numpy as np

from marsplan.astro import ephemeris as _ephemeris
from marsplan.constants import AU_KM
from marsplan.data import read_text
from marsplan.errors import InputError

__all__ = [
    "ALBEDO",
    "MARS_OBLIQUITY_DEG",
    "MARS_SOL_S",
    "SOLAR_CONSTANT_W_M2",
    "cos_zenith",
    "global_horizontal_into",
    "heliocentric_distance_au",
    "net_flux_factor",
    "solar_declination_deg",
    "solar_longitude_deg",
    "sol_insolation_wh_m2",
    "surface_irradiance_w_m2",
    "toa_normal_appelbaum_w_m2",
    "toa_normal_w_m2",
]

SOLAR_CONSTANT_W_M2 = 1361.0
MARS_OBLIQUITY_DEG = 25.19
MARS_SOL_S = 88_775.244
ALBEDO = 0.1
_ECCENTRICITY = 0.093377
_POLE_RA_DEG, _POLE_DEC_DEG = 317.68143, 52.88650


@functools.cache
def _table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(tau, zenith_deg, f[tau, zenith]) of Appelbaum & Flood's Table III, extended."""
    text = read_text("mars_net_flux_albedo0.1.csv")
    rows = [line.split(",") for line in text.strip().splitlines()]
    zenith = np.array([float(h.strip().lstrip("z")) for h in rows[0][1:]])
    data = np.array([[float(x) for x in row] for row in rows[1:]])
    tau, f = data[:, 0], data[:, 1:]
    # continue in tau (exponential) and to the horizon (linear to zero at 90 deg)
    rate = np.log(f[-2] / f[-1]) / (tau[-1] - tau[-2])
    extra_tau = np.array([7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 15.0, 20.0])
    f = np.vstack([f, f[-1] * np.exp(-rate * (extra_tau - tau[-1])[:, None])])
    tau = np.concatenate([tau, extra_tau])
    zenith = np.append(zenith, 90.0)
    f = np.hstack([f, np.zeros((f.shape[0], 1))])
    return np.ascontiguousarray(tau), np.ascontiguousarray(zenith), np.ascontiguousarray(f)


@nb.njit(cache=True, nogil=True, inline="always")
def _interp_f(tau_grid, z_grid, f, tau, z_deg):
    """Bilinear interpolation of f(z, tau); tau clipped to the grid, z in [0, 90]."""
    if z_deg >= 90.0:
        return 0.0
    if tau <= tau_grid[0]:
        tau = tau_grid[0]
    if tau >= tau_grid[-1]:
        tau = tau_grid[-1]
    i = np.searchsorted(tau_grid, tau) - 1
    if i < 0:
        i = 0
    if i > tau_grid.shape[0] - 2:
        i = tau_grid.shape[0] - 2
    j = np.searchsorted(z_grid, z_deg) - 1
    if j < 0:
        j = 0
    if j > z_grid.shape[0] - 2:
        j = z_grid.shape[0] - 2
    u = (tau - tau_grid[i]) / (tau_grid[i + 1] - tau_grid[i])
    v = (z_deg - z_grid[j]) / (z_grid[j + 1] - z_grid[j])
    return ((1 - u) * (1 - v) * f[i, j] + u * (1 - v) * f[i + 1, j]
            + (1 - u) * v * f[i, j + 1] + u * v * f[i + 1, j + 1])


@nb.njit(cache=True, nogil=True)
def _global_kernel(toa, cosz, tau, tau_grid, z_grid, f, out):
    for k in range(out.shape[0]):
        c = cosz[k]
        if c <= 0.0:
            out[k] = 0.0
            continue
        z = math.degrees(math.acos(min(1.0, c)))
        out[k] = toa[k] * c * _interp_f(tau_grid, z_grid, f, tau[k], z) / (1.0 - 0.1)


def global_horizontal_into(toa_w_m2: np.ndarray, cos_zenith: np.ndarray, tau: np.ndarray,
                           out_w_m2: np.ndarray) -> np.ndarray:
    """Global irradiance on a horizontal surface (W/m^2), written into ``out_w_m2`` (1-D arrays of one length).

    Appelbaum & Flood: ``G_h = G_ob cos(z) f(z, tau) / (1 - albedo)``, compiled, for hot loops that reuse
    one output buffer (the power environments).
    """
    tau_grid, z_grid, f = _table()
    _global_kernel(np.ascontiguousarray(toa_w_m2, dtype=np.float64), np.ascontiguousarray(cos_zenith, dtype=np.float64),
                   np.ascontiguousarray(tau, dtype=np.float64), tau_grid, z_grid, f, out_w_m2)
    return out_w_m2


def net_flux_factor(zenith_deg, tau) -> np.ndarray:
    """Appelbaum & Flood's normalized net flux f(z, tau) (albedo 0.1), extended as documented."""
    tau_grid, z_grid, f = _table()
    z, t = np.broadcast_arrays(np.asarray(zenith_deg, float), np.asarray(tau, float))
    if np.any(t < 0):
        raise InputError("optical depth tau must be >= 0")
    out = np.array([_interp_f(tau_grid, z_grid, f, float(tt), float(zz)) for zz, tt in zip(z.ravel(), t.ravel(),
                                                                                            strict=True)])
    return out.reshape(z.shape)


def _mars_pole() -> np.ndarray:
    ra, dec = np.radians(_POLE_RA_DEG), np.radians(_POLE_DEC_DEG)
    return np.array([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)])


def solar_longitude_deg(tdb_jd, ephemeris=None) -> np.ndarray:
    """Areocentric solar longitude Ls (degrees, 0-360) at TDB Julian dates."""
    eph = ephemeris if isinstance(ephemeris, _ephemeris.Ephemeris) else _ephemeris.load(ephemeris)
    r, v = eph.state("mars", np.asarray(tdb_jd, dtype=float))
    n = np.cross(r, v)
    n = n / np.linalg.norm(n, axis=-1, keepdims=True)
    p = _mars_pole()
    e = np.cross(p, n)
    e = e / np.linalg.norm(e, axis=-1, keepdims=True)
    sun = -r / np.linalg.norm(r, axis=-1, keepdims=True)
    y = np.sum(np.cross(n, e) * sun, axis=-1)
    x = np.sum(e * sun, axis=-1)
    return np.degrees(np.arctan2(y, x)) % 360.0


def heliocentric_distance_au(tdb_jd, ephemeris=None) -> np.ndarray:
    """Mars-Sun distance (au) at TDB Julian dates."""
    eph = ephemeris if isinstance(ephemeris, _ephemeris.Ephemeris) else _ephemeris.load(ephemeris)
    r, _ = eph.state("mars", np.asarray(tdb_jd, dtype=float))
    return np.linalg.norm(r, axis=-1) / AU_KM


def toa_normal_w_m2(distance_au) -> np.ndarray:
    """Beam irradiance at the top of the atmosphere, normal incidence, at this distance."""
    return SOLAR_CONSTANT_W_M2 / np.asarray(distance_au, dtype=float) ** 2


def toa_normal_appelbaum_w_m2(ls_deg) -> np.ndarray:
    """Appelbaum & Flood (1990)'s closed form of the top-of-atmosphere beam irradiance."""
    e = _ECCENTRICITY
    return 590.0 * (1 + e * np.cos(np.radians(np.asarray(ls_deg, float) - 248.0))) ** 2 / (1 - e * e) ** 2


def solar_declination_deg(ls_deg) -> np.ndarray:
    """Solar declination on Mars (degrees) at solar longitude Ls."""
    return np.degrees(np.arcsin(np.sin(np.radians(MARS_OBLIQUITY_DEG)) * np.sin(np.radians(ls_deg))))


def cos_zenith(latitude_deg, ls_deg, hour_mars) -> np.ndarray:
    """Cosine of the solar zenith angle at a latitude, season and local Mars hour (0-24)."""
    phi = np.radians(np.asarray(latitude_deg, float))
    delta = np.radians(solar_declination_deg(ls_deg))
    h = np.radians(15.0 * (np.asarray(hour_mars, float) - 12.0))
    return np.sin(phi) * np.sin(delta) + np.cos(phi) * np.cos(delta) * np.cos(h)


def surface_irradiance_w_m2(toa_w_m2, cos_z, tau, tilt_deg: float = 0.0, incidence_cos=None) -> dict[str, np.ndarray]:
    """Global, direct and diffuse irradiance (W/m^2) on a horizontal surface, and on a panel
    tilted by ``tilt_deg`` whose cosine of incidence is ``incidence_cos`` (horizontal if None)."""
    toa, cz, t = np.broadcast_arrays(np.asarray(toa_w_m2, float), np.asarray(cos_z, float), np.asarray(tau, float))
    if np.any(t < 0):
        raise InputError("optical depth tau must be >= 0")
    tau_grid, z_grid, f = _table()
    flat = np.empty(cz.size)
    _global_kernel(np.ascontiguousarray(toa.ravel()), np.ascontiguousarray(cz.ravel()),
                   np.ascontiguousarray(t.ravel()), tau_grid, z_grid, f, flat)
    glob = flat.reshape(cz.shape)
    lit = cz > 0
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        beam = np.where(lit, toa * cz * np.exp(-t / np.where(lit, cz, 1.0)), 0.0)
    beam = np.minimum(beam, glob)
    diffuse = glob - beam
    out = {"global_w_m2": glob, "direct_w_m2": beam, "diffuse_w_m2": diffuse}
    if tilt_deg:
        beta = math.radians(tilt_deg)
        inc = np.clip(np.asarray(incidence_cos, float), 0, None) if incidence_cos is not None else cz
        beam_normal = np.where(lit, beam / np.where(lit, cz, 1.0), 0.0)
        out["tilted_w_m2"] = (beam_normal * inc + diffuse * (1 + math.cos(beta)) / 2
                              + glob * ALBEDO * (1 - math.cos(beta)) / 2)
    return out


def sol_insolation_wh_m2(latitude_deg: float, ls_deg: float, tau: float, distance_au: float | None = None,
                         steps: int = 480) -> dict[str, float]:
    """Insolation over one sol on a horizontal surface (Wh/m^2), at the top of the atmosphere and at
    the surface, and the noon values; distance from Ls by Appelbaum & Flood's closed form if None."""
    toa = float(toa_normal_w_m2(distance_au)) if distance_au is not None else float(toa_normal_appelbaum_w_m2(ls_deg))
    hours = (np.arange(steps) + 0.5) * 24.0 / steps
    cz = cos_zenith(latitude_deg, ls_deg, hours)
    surf = surface_irradiance_w_m2(toa, cz, tau)["global_w_m2"]
    mars_hour_h = MARS_SOL_S / 24.0 / 3600.0
    dt_h = 24.0 / steps * mars_hour_h
    noon_cz = float(cos_zenith(latitude_deg, ls_deg, 12.0))
    noon = surface_irradiance_w_m2(toa, noon_cz, tau)["global_w_m2"]
    return {
        "toa_normal_w_m2": toa,
        "zenith_noon_deg": math.degrees(math.acos(max(-1.0, min(1.0, noon_cz)))),
        "surface_noon_w_m2": float(noon),
        "toa_sol_wh_m2": float(np.sum(toa * np.clip(cz, 0, None)) * dt_h),
        "surface_sol_wh_m2": float(np.sum(surf) * dt_h),
    }
