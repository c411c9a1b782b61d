"""Surface power on Mars and the Moon: environment, sources, storage, simulation, sizing.

The chain: a site and a load give an :class:`~marsplan.power.simulation.Environment`
(array yield per m^2 for each step of many sampled years, and the demand),
:func:`~marsplan.power.simulation.simulate` runs a system through it, and
:func:`~marsplan.power.sizing.size_all` finds the lightest system of each
family for a reliability target.  :func:`analyse` does all of it.

Sunlight at Mars's mean distance, 1.5237 au, is 1361 / 1.5237^2 = 586 W/m^2:

>>> from marsplan import power
>>> round(float(power.toa_normal_w_m2(1.5237)))
586
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsplan.lazy import lazy_getattr

if TYPE_CHECKING:  # the lazy names below, typed for type checkers and IDEs (tests/test_docs.py keeps both in step)
    from marsplan.power.analysis import STARSHIP_PAYLOAD_KG, PowerAnalysis, analyse
    from marsplan.power.catalog import get_power_site, power_catalog, power_sites
    from marsplan.power.dust import STORM_2018, DustModel, baseline_tau, dust_years
    from marsplan.power.environments import LoadProfile, environment
    from marsplan.power.mars import (
        cos_zenith,
        heliocentric_distance_au,
        net_flux_factor,
        sol_insolation_wh_m2,
        solar_longitude_deg,
        surface_irradiance_w_m2,
        toa_normal_appelbaum_w_m2,
        toa_normal_w_m2,
    )
    from marsplan.power.simulation import Environment, SimulationResult, System, simulate
    from marsplan.power.sizing import FAMILIES, SizedSystem, fission_outage_probability, size_all, size_family

# names load their modules on first use (PEP 562), so the scenario schema can import
# marsplan.power.spec without the simulation kernels
_LAZY = {
    "DustModel": "marsplan.power.dust",
    "Environment": "marsplan.power.simulation",
    "FAMILIES": "marsplan.power.sizing",
    "LoadProfile": "marsplan.power.environments",
    "PowerAnalysis": "marsplan.power.analysis",
    "STARSHIP_PAYLOAD_KG": "marsplan.power.analysis",
    "STORM_2018": "marsplan.power.dust",
    "SimulationResult": "marsplan.power.simulation",
    "SizedSystem": "marsplan.power.sizing",
    "System": "marsplan.power.simulation",
    "analyse": "marsplan.power.analysis",
    "baseline_tau": "marsplan.power.dust",
    "cos_zenith": "marsplan.power.mars",
    "dust_years": "marsplan.power.dust",
    "environment": "marsplan.power.environments",
    "fission_outage_probability": "marsplan.power.sizing",
    "get_power_site": "marsplan.power.catalog",
    "heliocentric_distance_au": "marsplan.power.mars",
    "net_flux_factor": "marsplan.power.mars",
    "power_catalog": "marsplan.power.catalog",
    "power_sites": "marsplan.power.catalog",
    "simulate": "marsplan.power.simulation",
    "size_all": "marsplan.power.sizing",
    "size_family": "marsplan.power.sizing",
    "sol_insolation_wh_m2": "marsplan.power.mars",
    "solar_longitude_deg": "marsplan.power.mars",
    "surface_irradiance_w_m2": "marsplan.power.mars",
    "toa_normal_appelbaum_w_m2": "marsplan.power.mars",
    "toa_normal_w_m2": "marsplan.power.mars",
}


__getattr__ = lazy_getattr("marsplan.power", globals(), _LAZY)


__all__ = [
    "FAMILIES",
    "STARSHIP_PAYLOAD_KG",
    "STORM_2018",
    "DustModel",
    "Environment",
    "LoadProfile",
    "PowerAnalysis",
    "SimulationResult",
    "SizedSystem",
    "System",
    "analyse",
    "baseline_tau",
    "cos_zenith",
    "dust_years",
    "environment",
    "fission_outage_probability",
    "get_power_site",
    "heliocentric_distance_au",
    "net_flux_factor",
    "power_catalog",
    "power_sites",
    "simulate",
    "size_all",
    "size_family",
    "sol_insolation_wh_m2",
    "solar_longitude_deg",
    "surface_irradiance_w_m2",
    "toa_normal_appelbaum_w_m2",
    "toa_normal_w_m2",
]
