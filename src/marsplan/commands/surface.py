"""The surface-power commands: ``power`` (the lightest system of each family for a load at a site) and
``power irradiance`` (one sol's sunlight on Mars).

Appelbaum & Flood's sunlight at Jezero (18.4 deg N) at northern midsummer, Ls 90 deg, near aphelion (Mars
1.66 au from the Sun: 1361 / 1.66^2 = 494 W/m^2 at aphelion itself), where the noon Sun stands 25.2 - 18.4 = 6.8
deg from the zenith (the subsolar latitude is the obliquity, 25.2 deg):

>>> from marsplan.commands import power_irradiance
>>> sun = power_irradiance(site="jezero", ls_deg=90.0, tau=0.5).to_dict()
>>> round(sun["toa_normal_w_m2"]), round(sun["zenith_noon_deg"], 1)
(501, 6.8)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from marsplan.commands.params import Choice, Float, Int, Opt, Text, command, flag
from marsplan.errors import InputError

__all__ = ["Irradiance", "power", "power_irradiance"]

LATITUDE = Float(-90.0, 90.0, "degrees")


def _site(site: str | None, latitude_deg: float | None, body: str) -> Any:
    from marsplan.power.catalog import get_power_site, site_at_latitude

    if site is not None and latitude_deg is not None:
        raise InputError(f"give {flag('site')} or {flag('latitude_deg')}, not both")
    if site is None and latitude_deg is None:
        raise InputError(f"give {flag('site')} NAME or {flag('latitude_deg')} DEG (see "
                         "marsplan/data/power_sites.toml for sites)")
    return get_power_site(site) if site is not None else site_at_latitude(body, float(latitude_deg or 0.0))


@command("power", heavy=True)
def power(
    load_kw: Annotated[float | None, Opt("--load-kw", Float(0.0, 1e6, "kW", open_lo=True), "Base load "
                                         "(kW).")] = None,
    site: Annotated[str | None, Opt("--site", Text(), "Site id (jezero, arcadia-planitia, ...).")] = None,
    body: Annotated[str, Opt("--body", Choice(("mars", "moon")), "mars or moon, with --lat.")] = "mars",
    latitude_deg: Annotated[float | None, Opt("--lat", LATITUDE, "Latitude (deg) instead of a site.")] = None,
    isru_t_per_year: Annotated[float, Opt("--isru-t-per-year", Float(0.0, 1e6, "t"), "Methane/oxygen made per "
                                          "year (t).")] = 0.0,
    reliability: Annotated[float, Opt("--reliability", Float(0.0, 0.999999, open_lo=True), "1 - loss-of-load "
                                      "probability.")] = 0.999,
    runs: Annotated[int, Opt("--runs", Int(1, 2_000), "Sampled dust years (at most 2,000: each holds 16,000 "
                             "steps).")] = 200,
    seed: Annotated[int, Opt("--seed", Int(0, 2**32 - 1), "Random seed.")] = 1,
    reactor: Annotated[str, Opt("--reactor", Text(), "Reactor id for fission families.")] = "fsp-40",
) -> Any:
    """Size the lightest system of each family for a load at a site.

    For a firm load (and an ISRU plant) at a site or a latitude; a :class:`~marsplan.power.PowerAnalysis`."""
    from marsplan.power import LoadProfile, analyse, power_catalog
    from marsplan.vehicles.catalog import get_vehicle
    from marsplan.vehicles.isru import isru_load_kw

    if load_kw is None:
        raise InputError(f"{flag('load_kw')} is required (the base load in kW)")
    the_site = _site(site, latitude_deg, body)
    if reactor not in power_catalog()["reactors"]:
        raise InputError(f"{flag('reactor')} {reactor!r}: choose one of {', '.join(power_catalog()['reactors'])}")
    isru_kw = isru_load_kw(isru_t_per_year, get_vehicle("starship").mixture_ratio)
    return analyse(the_site, LoadProfile(load_kw, isru_kw), reliability=reliability, runs=runs, seed=seed,
                   reactor_id=reactor)


@dataclass
class Irradiance:
    """One sol's sunlight at a Mars site."""

    site: Any
    ls_deg: float
    tau: float
    values: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site.id, "latitude_deg": self.site.latitude_deg, "ls_deg": self.ls_deg,
                "tau": self.tau, **{k: round(v, 3) for k, v in self.values.items()}}


@command("power irradiance")
def power_irradiance(
    site: Annotated[str | None, Opt("--site", Text(), "Mars site id.")] = None,
    latitude_deg: Annotated[float | None, Opt("--lat", LATITUDE, "Latitude (deg) instead of a site.")] = None,
    ls_deg: Annotated[float, Opt("--ls", Float(0.0, 360.0, "degrees"), "Solar longitude Ls (deg).")] = 90.0,
    tau: Annotated[float, Opt("--tau", Float(0.0, 20.0), "Atmospheric optical depth.")] = 0.5,
) -> Irradiance:
    """One sol's sunlight on Mars (Appelbaum & Flood): top of atmosphere and on the ground."""
    from marsplan.power import sol_insolation_wh_m2

    the_site = _site(site, latitude_deg, "mars")
    if the_site.body != "mars":
        raise InputError(f"{flag('site')} {site}: irradiance is for Mars sites")
    return Irradiance(the_site, ls_deg, tau, sol_insolation_wh_m2(the_site.latitude_deg, ls_deg, tau))
