"""The power catalog (arrays, reactors, storage) and the surface sites, from data files.

Perseverance landed in Jezero crater at 18.44 deg N, 77.45 deg E; NASA's Fission Surface Power request
asks 40 kWe for at most 6,000 kg; a night on the lunar equator is half a synodic month, 29.53 x 24 / 2 h:

>>> from marsplan.power.catalog import get_power_site, power_catalog, site_at_latitude
>>> jezero = get_power_site("jezero")
>>> jezero.latitude_deg, jezero.longitude_deg
(18.44, 77.45)
>>> fsp = power_catalog()["reactors"]["fsp-40"]
>>> fsp.power_kwe, fsp.mass_kg
(40.0, 6000.0)
>>> round(site_at_latitude("moon", 0.0).longest_darkness_h, 1)
354.4
"""

from __future__ import annotations

import functools
import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from marsplan.power.spec import ReactorSpec
from marsplan.vehicles.catalog import CatalogError, index_by_id, read_catalog

__all__ = ["ArraySpec", "PowerSite", "ReactorSpec", "StorageSpec", "get_power_site", "power_catalog",
           "power_sites", "site_at_latitude"]


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Annotated[str, Field(min_length=1)]
    name: Annotated[str, Field(min_length=1)]
    source: Annotated[str, Field(min_length=1)]


class ArraySpec(_Item):
    efficiency: Annotated[float, Field(gt=0.0, le=1.0)]
    areal_mass_kg_m2: Annotated[float, Field(gt=0.0, le=100.0)]
    system_derate: Annotated[float, Field(gt=0.0, le=1.0)] = 0.85
    dust_loss_per_sol: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.002
    cleaning_interval_sols: Annotated[int, Field(ge=1, le=100_000)] = 30


class StorageSpec(_Item):
    specific_energy_wh_kg: Annotated[float, Field(gt=0.0, le=1e5)]
    round_trip_efficiency: Annotated[float, Field(gt=0.0, le=1.0)]
    depth_of_discharge: Annotated[float, Field(gt=0.0, le=1.0)]


class PowerSite(_Item):
    body: Literal["mars", "moon"]
    latitude_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    longitude_deg: Annotated[float, Field(ge=-180.0, le=360.0)]
    tau_aphelion: Annotated[float, Field(ge=0.0, le=20.0)] = 0.4
    tau_perihelion: Annotated[float, Field(ge=0.0, le=20.0)] = 0.9
    illuminated_fraction: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5
    longest_darkness_h: Annotated[float, Field(ge=0.0, le=1000.0)] = 354.0


class _PowerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    arrays: list[ArraySpec]
    reactors: list[ReactorSpec]
    storage: list[StorageSpec]


class _SiteFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sites: list[PowerSite]


@functools.cache
def power_catalog() -> dict[str, dict]:
    """{"arrays": {...}, "reactors": {...}, "storage": {...}} by id."""
    data = read_catalog("power.toml", _PowerFile)
    label = "marsplan/data/power.toml"
    return {"arrays": index_by_id(data.arrays, label), "reactors": index_by_id(data.reactors, label),
            "storage": index_by_id(data.storage, label)}


@functools.cache
def power_sites() -> dict[str, PowerSite]:
    return index_by_id(read_catalog("power_sites.toml", _SiteFile).sites, "marsplan/data/power_sites.toml")


def get_power_site(site_id: str) -> PowerSite:
    sites = power_sites()
    if site_id not in sites:
        raise CatalogError(f"site {site_id!r} is not in the power sites (known: {', '.join(sorted(sites))})")
    return sites[site_id]


def site_at_latitude(body: str, latitude_deg: float) -> PowerSite:
    """An ad-hoc surface site at a latitude, with figures taken from the catalog rather than invented.

    Mars: the clear-season optical depths of the catalog's Jezero entry.  Moon: within 10 degrees of a
    pole, the illumination of the catalog's south-pole ridge (the best-lit points; most polar terrain is
    darker); elsewhere the Sun rises once a synodic month, so half of it (354 h) is night.
    """
    from marsplan.errors import InputError

    if body not in ("mars", "moon"):
        raise InputError(f"body {body!r}: choose mars or moon")
    if not (math.isfinite(latitude_deg) and -90 <= latitude_deg <= 90):
        raise InputError(f"latitude {latitude_deg:g}: allowed -90 to 90 degrees")
    name = f"{body.title()} at latitude {latitude_deg:g}"
    if body == "mars":
        like = get_power_site("jezero")
        return PowerSite(id=f"mars-lat{latitude_deg:g}", name=name, body="mars", latitude_deg=latitude_deg,
                         longitude_deg=0.0, tau_aphelion=like.tau_aphelion, tau_perihelion=like.tau_perihelion,
                         source=f"user latitude; optical depth as {like.name}: {like.source}")
    if abs(latitude_deg) > 80:
        pole = get_power_site("lunar-south-pole")
        return PowerSite(id=f"moon-lat{latitude_deg:g}", name=name, body="moon", latitude_deg=latitude_deg,
                         longitude_deg=0.0, illuminated_fraction=pole.illuminated_fraction,
                         longest_darkness_h=pole.longest_darkness_h,
                         source=f"user latitude; illumination of the best-lit polar ridge: {pole.source}")
    return PowerSite(id=f"moon-lat{latitude_deg:g}", name=name, body="moon", latitude_deg=latitude_deg,
                     longitude_deg=0.0, illuminated_fraction=0.5, longest_darkness_h=29.530589 * 24.0 / 2.0,
                     source="user latitude; night is half the synodic month of 29.53 days")
