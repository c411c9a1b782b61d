"""The vehicle and launch-site catalogs, read from the package's data files.

``marsplan/data/vehicles.toml`` and ``marsplan/data/sites.toml`` hold every
figure with its source.  A scenario may add vehicles of its own (same
schema, :class:`marsplan.scenario.VehicleSpec`); a scenario vehicle with a
catalog id replaces the catalog entry.

Starship carries 1,200 t of propellant (SpaceX's vehicle page), and the Kennedy Space Center's pads lie
at 28.57 deg north:

>>> from marsplan.vehicles.catalog import get_site, get_vehicle
>>> ship = get_vehicle("starship", role="ship")
>>> ship.propellant_capacity_kg, ship.isp_vac_s
(1200000.0, 375.0)
>>> get_site("kennedy").latitude_deg
28.573
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from marsplan.data import read_text
from marsplan.errors import InputError
from marsplan.validation import validate_toml
from marsplan.vehicles.spec import VehicleSpec

__all__ = ["CatalogError", "SiteSpec", "get_site", "get_vehicle", "index_by_id", "load_sites", "load_vehicles",
           "read_catalog", "vehicles_for"]


class CatalogError(InputError):
    """A catalog data file is invalid, or an id is not in it."""


class SiteSpec(BaseModel):
    """A launch site: where it is and which launch azimuths range safety allows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(min_length=1)]
    name: Annotated[str, Field(min_length=1)]
    latitude_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    longitude_deg: Annotated[float, Field(ge=-180.0, le=360.0)]
    azimuth_ranges_deg: Annotated[list[tuple[float, float]], Field(min_length=1)]
    source: Annotated[str, Field(min_length=1)]
    # launch rate for the campaign's ship and tankers: pads and the days one pad needs between launches
    # (None: the site has no pad for them in the catalog; a scenario must then set its own)
    pads: Annotated[int | None, Field(ge=1, le=1000)] = None
    pad_turnaround_days: Annotated[float | None, Field(gt=0.0, le=365.0)] = None
    pads_source: str = ""
    # the first year those pads launch them (None: in service already)
    pads_from_year: Annotated[int | None, Field(ge=1950, le=2200)] = None


class _VehicleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vehicles: list[VehicleSpec]


class _SiteFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sites: list[SiteSpec]


def read_catalog(name: str, model: type[BaseModel], label: str | None = None, text: str | None = None) -> Any:
    """A data file of the package (or ``text``) validated against ``model``; errors name the file and field."""
    return validate_toml(read_text(name) if text is None else text, model, label or f"marsplan/data/{name}",
                         CatalogError)


def parse_vehicle_file(text: str, label: str) -> dict[str, VehicleSpec]:
    """Vehicles of a TOML text with ``[[vehicles]]`` tables (for user catalogs and tests)."""
    return index_by_id(read_catalog("", _VehicleFile, label, text).vehicles, label)


def index_by_id(items, label: str) -> dict[str, Any]:
    """Catalog entries by their ``id``; a repeated id is an error naming ``label``."""
    out: dict[str, Any] = {}
    for item in items:
        if item.id in out:
            raise CatalogError(f"{label}: id {item.id!r} appears twice")
        out[item.id] = item
    return out


@functools.cache
def load_vehicles() -> dict[str, VehicleSpec]:
    """The bundled vehicle catalog, by id."""
    return index_by_id(read_catalog("vehicles.toml", _VehicleFile).vehicles, "marsplan/data/vehicles.toml")


@functools.cache
def load_sites() -> dict[str, SiteSpec]:
    """The bundled launch sites, by id."""
    return index_by_id(read_catalog("sites.toml", _SiteFile).sites, "marsplan/data/sites.toml")


def vehicles_for(own: Iterable[VehicleSpec] = ()) -> dict[str, VehicleSpec]:
    """The catalog plus (and overridden by) vehicles of one's own (a scenario's ``[[vehicles]]``)."""
    catalog = dict(load_vehicles())
    catalog.update({v.id: v for v in own})
    return catalog


def get_vehicle(vehicle_id: str, own: Iterable[VehicleSpec] = (), *, role: str | None = None) -> VehicleSpec:
    """One vehicle by id, from the catalog or ``own`` vehicles; ``role`` checks what it is."""
    catalog = vehicles_for(own)
    if vehicle_id not in catalog:
        raise CatalogError(f"vehicle {vehicle_id!r} is not in the catalog (known: {', '.join(sorted(catalog))})")
    vehicle = catalog[vehicle_id]
    if role is not None and vehicle.role != role:
        raise CatalogError(f"vehicle {vehicle_id!r} is a {vehicle.role}, not a {role}")
    return vehicle


def get_site(site_id: str) -> SiteSpec:
    """One launch site by id."""
    sites = load_sites()
    if site_id not in sites:
        raise CatalogError(f"launch site {site_id!r} is not in the catalog (known: {', '.join(sorted(sites))})")
    return sites[site_id]
