"""The power catalog (arrays, reactors, storage) and the surface sites, from data files."""

from __future__ import annotations

import functools
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from marsplan.vehicles.catalog import CatalogError, index_by_id, read_catalog

__all__ = ["ArraySpec", "PowerSite", "ReactorSpec", "StorageSpec", "get_power_site", "power_catalog",
           "power_sites"]


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


class ReactorSpec(_Item):
    power_kwe: Annotated[float, Field(gt=0.0, le=1e6)]
    mass_kg: Annotated[float, Field(gt=0.0, le=1e8)]
    lifetime_years: Annotated[float, Field(gt=0.0, le=100.0)] = 10.0
    availability: Annotated[float, Field(gt=0.0, le=1.0)] = 0.95


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
