"""The commands both faces run, by the CLI's option names.

``marsplan COMMAND ... --format json`` and ``GET /api/COMMAND?...`` parse their options the same way
(the CLI's own option definitions), then call :func:`run` with the parsed values under the CLI
function's parameter names.  :func:`run` maps them onto :mod:`marsplan.api` and returns the API
result; its ``to_dict()`` is the JSON either face prints or sends.  One code path per result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marsplan.errors import InputError

__all__ = ["COMMANDS", "run"]


def _vector(text: str, name: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 3:
        raise InputError(f"{name} {text!r}: expected three comma-separated numbers X,Y,Z (km)")
    return values


def _ephemeris(body: str, date: list[str]) -> Any:
    from marsplan.api import ephemeris_states

    return ephemeris_states(body, date)


def _lambert(r1: str, r2: str, tof_s: float, mu: float, revs: int = 0, retrograde: bool = False,
             high_path: bool = False) -> Any:
    from marsplan.api import lambert_arc

    return lambert_arc(_vector(r1, "--r1"), _vector(r2, "--r2"), tof_s, mu, revs=revs, prograde=not retrograde,
                       low_path=not high_path)


def _windows(origin: str, target: str, start: str, end: str, max_c3: float, tof: str, step: float,
             max_cells: int, progress: Any = None) -> Any:
    from marsplan.api import window_survey

    return window_survey(origin, target, start, end, max_c3_km2_s2=max_c3, tof_days=tof, step_days=step,
                         max_cells=max_cells, progress=progress)


def _porkchop(origin: str, target: str, depart: str, tof: str, step: float, max_cells: int, revs: int,
              capture: str, **_files: Any) -> Any:
    from marsplan.api import porkchop_grid

    return porkchop_grid(origin, target, depart, tof, step_days=step, max_cells=max_cells, revs=revs,
                         capture=capture)


def _fleet(scenario: str, window: int | None, c3: float | None, dla: float, vehicle: str | None,
           payload_t: float | None, tankers: int | None, site: str | None, no_cache: bool = False) -> Any:
    from marsplan.api import fleet_report

    return fleet_report(scenario, window=window, c3_km2_s2=c3, dla_deg=dla, vehicle=vehicle, payload_t=payload_t,
                        tankers=tankers, site=site, cache=not no_cache)


def _launchers(scenario: str, site: str | None, c3_max: float, step: float) -> Any:
    from marsplan.api import payload_curves

    return payload_curves(scenario, site=site, c3_max_km2_s2=c3_max, step_km2_s2=step)


def _power(site: str | None, body: str, lat: float | None, load_kw: float | None, isru_t_per_year: float,
           reliability: float, runs: int, seed: int, reactor: str) -> Any:
    from marsplan.api import power_report

    return power_report(load_kw=load_kw, site=site, body=body, latitude_deg=lat, isru_t_per_year=isru_t_per_year,
                        reliability=reliability, runs=runs, seed=seed, reactor=reactor)


def _irradiance(site: str | None, lat: float | None, ls: float, tau: float) -> Any:
    from marsplan.api import irradiance

    return irradiance(site=site, latitude_deg=lat, ls_deg=ls, tau=tau)


def _settle(scenario: str, runs: int, seed: int | None, growth: float | None = None,
            max_ships_per_window: int | None = None, no_cache: bool = False) -> Any:
    from marsplan.api import settlement_report

    return settlement_report(scenario, runs=runs, seed=seed, cache=not no_cache, growth=growth,
                             max_ships_per_window=max_ships_per_window)


def _claims(scenario: str, runs: int, seed: int | None, growth: float | None = None,
            max_ships_per_window: int | None = None, no_cache: bool = False) -> Any:
    from marsplan.api import claims_report

    return claims_report(scenario, runs=runs, seed=seed, growth=growth, max_ships_per_window=max_ships_per_window,
                         cache=not no_cache)


def _doctor() -> Any:
    from marsplan.api import doctor

    return doctor()


def _study(file: str, workers: int | None = None, scheduler: str | None = None, out: Any = None,
           resume: bool = False, no_cache: bool = False, progress: Any = None) -> Any:
    from marsplan.study import load_study, run_study

    if resume and out is None:
        raise InputError("--resume needs --out DIR (where the finished points are)")
    return run_study(load_study(file), workers=workers, scheduler=scheduler, out_dir=out, resume=resume,
                     progress=progress, cache=not no_cache)


def _moon_transfers(start: str, end: str, leo_alt: float, leo_inc: float, llo_alt: float, tof: str) -> Any:
    from marsplan.api import moon_transfer_days

    return moon_transfer_days(start, end, leo_alt_km=leo_alt, leo_inc_deg=leo_inc, llo_alt_km=llo_alt, tof_days=tof)


def _moon_deliver(payload_t: float, site: str, vehicle: list[str] | None, year: int, llo_alt: float,
                  scenario: str = "mars-2026") -> Any:
    from marsplan.api import moon_delivery

    return moon_delivery(payload_t, site=site, vehicles=vehicle or None, year=year, llo_alt_km=llo_alt,
                         scenario=scenario)


def _depot(inclination: float, alt: float, site: list[str] | None, tankers: int, cadence_days: float, cooling: str,
           start: str, raan: float, no_plane_change: bool = False) -> Any:
    from marsplan.api import depot_report

    return depot_report(inclination_deg=inclination, alt_km=alt, sites=site or ("baikonur", "kennedy"),
                        tankers=tankers, cadence_days=cadence_days, cooling=cooling, start=start, raan_deg=raan,
                        plane_change=not no_plane_change)


def _lowthrust(origin: str, target: str, depart: str, tof: str, mass_kg: float, power_kwe: float | None,
               thrust_n: float | None, isp_s: float, efficiency: float, alpha_kg_per_kwe: float | None,
               segments: int, method: str, vinf_dep: float, vinf_arr: float, flyby: bool, starts: int, seed: int,
               time_limit_s: float, max_evaluations: int = 20_000) -> Any:
    from marsplan.api import lowthrust_transfer
    from marsplan.errors import ConvergenceError
    from marsplan.trajectory.lowthrust import NoFeasibleTransfer

    report = lowthrust_transfer(origin, target, depart, tof, mass_kg=mass_kg, power_kwe=power_kwe, thrust_n=thrust_n,
                                isp_s=isp_s, efficiency=efficiency, alpha_kg_per_kwe=alpha_kg_per_kwe,
                                segments=segments, method=method, vinf_departure_km_s=vinf_dep,
                                vinf_arrival_km_s=vinf_arr, flyby=flyby, starts=starts, seed=seed,
                                max_evaluations=max_evaluations, time_limit_s=time_limit_s)
    tr = report.transfer
    if not tr.feasible:
        mis = tr.mismatch_si
        what = (f"no feasible low-thrust transfer {origin} -> {target} for --depart {depart} --tof {tof} with "
                f"{tr.spacecraft.thrust_n:.3g} N on {tr.spacecraft.mass_kg:,.0f} kg ({tr.status}: {tr.message}; "
                f"closest miss {mis['position_km']:,.0f} km, {mis['velocity_m_s']:,.1f} m/s)")
        if tr.status == "budget":
            raise ConvergenceError(f"{what}: raise --max-evaluations (now {max_evaluations:,}), or allow a longer "
                                   "--tof or more thrust")
        raise NoFeasibleTransfer(f"{what}: allow a longer --tof, more thrust or more --starts")
    return report


def _lowthrust_trade(tug: str, powers_kwe: str, alphas: str, stack_t: float, year: int, tofs: str,
                     isp_s: float | None, efficiency: float | None, mars_orbit_alt: float, min_payload_t: float,
                     segments: int, seed: int, scenario: str = "mars-2026", workers: int | None = None,
                     scheduler: str | None = None, progress: Any = None, max_evaluations: int = 20_000) -> Any:
    from marsplan.api import lowthrust_trade

    return lowthrust_trade(tug, powers_kwe=powers_kwe, alphas_kg_per_kwe=alphas, stack_t=stack_t, year=year,
                           tofs_days=tofs, isp_s=isp_s, efficiency=efficiency, mars_orbit_alt_km=mars_orbit_alt,
                           min_payload_t=min_payload_t, segments=segments, seed=seed, scenario=scenario,
                           max_evaluations=max_evaluations, workers=workers, scheduler=scheduler,
                           progress=progress)


def _scenario_show(name: str) -> Any:
    from marsplan.api import scenario_view

    return scenario_view(name)


COMMANDS: dict[str, Callable[..., Any]] = {
    "ephemeris": _ephemeris, "lambert": _lambert, "windows": _windows, "porkchop": _porkchop, "fleet": _fleet,
    "launchers": _launchers, "power": _power, "power irradiance": _irradiance, "settle": _settle, "claims": _claims,
    "doctor": _doctor, "study": _study, "scenario show": _scenario_show, "moon transfers": _moon_transfers,
    "moon deliver": _moon_deliver, "depot": _depot, "lowthrust": _lowthrust, "lowthrust trade": _lowthrust_trade,
}
"""Command (as typed after ``marsplan``) -> the function that runs it from the CLI's parsed options."""


def run(command: str, options: dict[str, Any]) -> Any:
    """Run ``command`` with its parsed options (the CLI function's parameter names; ``fmt`` is ignored);
    returns the API result, whose ``to_dict()`` is the command's JSON."""
    if command not in COMMANDS:
        raise InputError(f"unknown command {command!r} (commands: {', '.join(COMMANDS)})")
    return COMMANDS[command](**{k: v for k, v in options.items() if k != "fmt"})
