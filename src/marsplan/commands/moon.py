"""The Moon commands: ``moon transfers`` (the cheapest direct Earth-Moon transfer of each day) and
``moon deliver`` (how each vehicle lands a payload at a lunar site).

Bad input names the flag a face typed, even when the check that caught it sits in the physics layer:

>>> from marsplan.commands import moon_transfers
>>> moon_transfers("2026-01-01", "2027-06-01")
Traceback (most recent call last):
...
marsplan.errors.InputError: --from 2026-01-01 --to 2027-06-01: 517 days, allowed at most 400
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from marsplan.commands.params import Float, FloatRange, Int, Opt, Text, UtcDate, command, flag
from marsplan.errors import InputError

__all__ = ["MoonDelivery", "MoonTransfers", "moon_deliver", "moon_transfers"]

LLO_ALT = Float(10.0, 10_000.0, "km")


@dataclass
class MoonTransfers:
    """The cheapest direct Earth-Moon transfer of each day of a span."""

    settings: dict[str, Any]
    days: list[Any]

    def best(self) -> Any:
        found = [d for d in self.days if d is not None]
        return min(found, key=lambda d: d.total_dv_km_s) if found else None

    def to_dict(self) -> dict[str, Any]:
        best = self.best()
        return {**self.settings, "days": [None if d is None else d.to_dict() for d in self.days],
                "best": None if best is None else best.to_dict()}


@command("moon transfers", heavy=True)
def moon_transfers(
    start_utc: Annotated[str, Opt("--from", UtcDate(), "First departure day (UTC).")] = "2026-01-01",
    end_utc: Annotated[str, Opt("--to", UtcDate(), "Last departure day (UTC), at most 400 days on.")] = "2026-01-31",
    leo_alt_km: Annotated[float, Opt("--leo-alt", Float(100.0, 40_000.0, "km"), "Circular Earth parking orbit "
                                     "altitude (km).")] = 200.0,
    leo_inc_deg: Annotated[float, Opt("--leo-inc", Float(0.0, 180.0, "degrees"), "Its inclination to the equator "
                                      "(deg).")] = 28.5,
    llo_alt_km: Annotated[float, Opt("--llo-alt", LLO_ALT, "Circular low lunar orbit altitude (km).")] = 100.0,
    tof_days: Annotated[tuple[float, float], Opt("--tof", FloatRange(0.5, 30.0, "days"), "Time of flight MIN:MAX "
                                                 "(days).")] = (2.0, 7.0),
) -> MoonTransfers:
    """Per day, the direct Earth-Moon transfer of least delta-v: TLI, C3, v-infinity at the Moon, LOI.

    From a circular Earth parking orbit to a circular low lunar orbit (:mod:`marsplan.trajectory.lunar`)."""
    from marsplan.trajectory.lunar import moon_transfers as per_day

    days = per_day(start_utc, end_utc, leo_alt_km=leo_alt_km, leo_inc_deg=leo_inc_deg, llo_alt_km=llo_alt_km,
                   tof_days=tof_days)
    settings = {"from": start_utc, "to": end_utc, "leo_alt_km": leo_alt_km, "leo_inc_deg": leo_inc_deg,
                "llo_alt_km": llo_alt_km, "tof_days": list(tof_days), "model": "patched conic, zero-radius lunar "
                "sphere of influence, coplanar departure, DE440"}
    return MoonTransfers(settings, days)


@dataclass
class MoonDelivery:
    """How each vehicle lands one payload at a lunar site."""

    settings: dict[str, Any]
    deliveries: list[Any]

    def to_dict(self) -> dict[str, Any]:
        return {**self.settings, "vehicles": [d.to_dict() for d in self.deliveries]}


@command("moon deliver", heavy=True)
def moon_deliver(
    payload_t: Annotated[float, Opt("--payload-t", Float(0.0, 200.0, "t", open_lo=True), "Payload to land (t), "
                                    "one piece.")],
    site: Annotated[str, Opt("--site", Text(), "Lunar site: lunar-south-pole or lunar-equator.")] = (
        "lunar-south-pole"),
    vehicles: Annotated[Sequence[str] | None, Opt("--vehicle", Text(), "Vehicle id (repeatable; default all: "
                                                  "long-march-5, long-march-10, sls-block-1, falcon-heavy, "
                                                  "angara-a5, starship).", multiple=True)] = None,
    year: Annotated[int, Opt("--year", Int(1990, 2200), "Year of the flight.")] = 2030,
    llo_alt_km: Annotated[float, Opt("--llo-alt", LLO_ALT, "Low lunar orbit altitude (km).")] = 100.0,
    scenario: str = "mars-2026",
) -> MoonDelivery:
    """How each vehicle lands a payload at a lunar site: launches, lander, tanker flights.

    Insertion from the cheapest transfer of the first week of ``year`` (:mod:`marsplan.vehicles.lunar`); the
    refilled Starship is the scenario's."""
    from marsplan.campaign.moon import lunar_delivery
    from marsplan.power.catalog import get_power_site
    from marsplan.scenario import load_scenario
    from marsplan.vehicles.lunar import moon_catalog

    the_site = get_power_site(site)
    if the_site.body != "moon":
        raise InputError(f"{flag('site')} {site}: not a lunar site (lunar sites: lunar-south-pole, lunar-equator)")
    sc = load_scenario(scenario)
    best, deliveries = lunar_delivery(sc, payload_t, year, vehicles=list(vehicles) if vehicles else None,
                                      llo_alt_km=llo_alt_km)
    catalog = moon_catalog()
    settings = {"payload_t": payload_t, "site": the_site.id, "year": year, "transfer": best.to_dict(),
                "descent_dv_km_s": catalog.descent.llo_to_surface_dv_km_s, "descent_source": catalog.descent.source,
                "lander": catalog.landers[0].name, "lander_source": catalog.landers[0].source}
    return MoonDelivery(settings, deliveries)
