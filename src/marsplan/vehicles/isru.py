"""Mars return: ascent, trans-Earth injection, and the propellant made on Mars.

A ship refuelled on Mars lifts off to a low Mars orbit (its
``mars_ascent_dv_km_s``, which includes gravity and drag losses) and burns
at periapsis onto the return window's hyperbola (C3 from the window
survey); Earth is reached by atmospheric entry, so no propellant is kept.
The methane/oxygen it needs (split by the engine's mixture ratio) is
made on Mars; the ISRU plant's energy per kilogram follows the chemistry
in ``marsplan/data/isru.toml``: electrolysis of water at a given
efficiency on the higher heating value, Sabatier methanation recycling its
water, plus CO2 acquisition (isothermal compression work
``R T / M ln(p_out / p_in)`` over an efficiency), liquefaction and water
extraction, and a fraction for the plant's overheads.  The thermodynamic
floor is the heat of combustion of the product, 890.36 kJ per mole of
CH4 + 2 O2 (3.09 kWh/kg).  :func:`isru_energy_range_kwh_per_kg` gives the
range around the baseline: the low end of the liquefaction estimates, and
the whole-system figure that NASA's COMPASS study implies (all of six
40 kWe reactors for 300 t in 20 months, 11.7 kWh/kg).

A tonne of propellant at Starship's mixture ratio of 3.8 is 1000 / 4.8 = 208.3 kg of methane, and the
COMPASS figure is 6 x 40 kW x 20 months x 730.5 h / 300 t:

>>> from marsplan.vehicles.isru import isru_balance, isru_energy_range_kwh_per_kg
>>> plant = isru_balance(1000.0, 3.8)
>>> round(plant.methane_kg, 1), round(plant.oxygen_kg, 1)
(208.3, 791.7)
>>> round(isru_energy_range_kwh_per_kg(3.8)["high"], 2)
11.69
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from marsplan.astro.bodies import mu_km3_s2, radius_km
from marsplan.data import read_toml
from marsplan.errors import InputError
from marsplan.vehicles.rocket import exhaust_velocity_km_s
from marsplan.vehicles.spec import VehicleSpec

__all__ = ["IsruBalance", "ReturnLeg", "co2_compression_kwh_per_kg", "isru_balance", "isru_energy_range_kwh_per_kg",
           "isru_load_kw", "return_leg"]

GAS_CONSTANT_J_MOL_K = 8.314462618  # CODATA 2018
HOURS_PER_MONTH = 365.25 * 24.0 / 12.0
M_CH4_KG_MOL = 16.043e-3
M_O2_KG_MOL = 31.998e-3
M_H2O_KG_MOL = 18.015e-3
M_CO2_KG_MOL = 44.009e-3


def _parameters() -> dict:
    return read_toml("isru.toml")


@dataclass(frozen=True)
class IsruBalance:
    """Inputs and energy of making ``propellant_kg`` of methane/oxygen at a mixture ratio."""

    propellant_kg: float
    methane_kg: float
    oxygen_kg: float
    water_kg: float
    co2_kg: float
    energy_kwh: float
    minimum_energy_kwh: float

    @property
    def energy_kwh_per_kg(self) -> float:
        return self.energy_kwh / self.propellant_kg if self.propellant_kg else 0.0


def co2_compression_kwh_per_kg(inlet_kpa: float, outlet_kpa: float, temperature_k: float, efficiency: float) -> float:
    """Work to compress a kilogram of CO2: isothermal ideal-gas work over ``efficiency``."""
    if not (0 < inlet_kpa <= outlet_kpa and temperature_k > 0 and 0 < efficiency <= 1):
        raise InputError("CO2 compression needs 0 < inlet <= outlet pressure, T > 0 and 0 < efficiency <= 1")
    work_j_kg = GAS_CONSTANT_J_MOL_K * temperature_k / M_CO2_KG_MOL * math.log(outlet_kpa / inlet_kpa)
    return work_j_kg / 3.6e6 / efficiency


def isru_balance(propellant_kg: float, mixture_ratio: float, *, liquefaction_kwh_per_kg: float | None = None
                 ) -> IsruBalance:
    """Mass and energy balance of the propellant plant (see the module docstring)."""
    if propellant_kg < 0 or not mixture_ratio > 0:
        raise InputError("propellant_kg must be >= 0 and mixture_ratio > 0")
    p = _parameters()
    liquefaction = p["liquefaction_kwh_per_kg"] if liquefaction_kwh_per_kg is None else liquefaction_kwh_per_kg
    co2_kwh_per_kg = co2_compression_kwh_per_kg(p["co2_inlet_kpa"], p["co2_outlet_kpa"], p["co2_temperature_k"],
                                                p["co2_compression_efficiency"])
    methane = propellant_kg / (1.0 + mixture_ratio)
    oxygen = propellant_kg - methane
    n_ch4 = methane / M_CH4_KG_MOL
    # net CO2 + 2 H2O -> CH4 + 2 O2; extra O2 beyond 2 mol/mol by electrolysing extra water
    extra_o2_mol = max(0.0, oxygen / M_O2_KG_MOL - 2.0 * n_ch4)
    electrolysed_mol = 4.0 * n_ch4 + 2.0 * extra_o2_mol
    water_mined_mol = 2.0 * n_ch4 + 2.0 * extra_o2_mol
    water = water_mined_mol * M_H2O_KG_MOL
    co2 = n_ch4 * M_CO2_KG_MOL
    electrolysis_kwh = (electrolysed_mol * p["water_formation_enthalpy_kj_mol"] / p["electrolysis_efficiency_hhv"]
                        / 3600.0)
    process = (electrolysis_kwh + co2 * co2_kwh_per_kg + propellant_kg * liquefaction
               + water * p["water_extraction_kwh_per_kg"])
    energy = process * (1.0 + p["plant_overhead_fraction"])
    minimum = (n_ch4 * p["methane_hhv_kj_mol"] + extra_o2_mol * 2.0 * p["water_formation_enthalpy_kj_mol"]) / 3600.0
    return IsruBalance(propellant_kg, methane, oxygen, water, co2, energy, minimum)


HOURS_PER_YEAR = 8766.0  # a Julian year


def isru_load_kw(propellant_t_per_year: float, mixture_ratio: float) -> float:
    """Mean electric power (kW) of a plant making ``propellant_t_per_year`` of methane/oxygen at this mixture
    ratio: its yearly energy (:func:`isru_balance`) over the hours of a year."""
    if not (math.isfinite(propellant_t_per_year) and 0 <= propellant_t_per_year <= 1e6):
        raise InputError(f"ISRU production {propellant_t_per_year:g} t per year: allowed 0 to 1,000,000")
    if not propellant_t_per_year:
        return 0.0
    return isru_balance(propellant_t_per_year * 1000.0, mixture_ratio).energy_kwh / HOURS_PER_YEAR


def isru_energy_range_kwh_per_kg(mixture_ratio: float) -> dict[str, float]:
    """Energy per kg of propellant: ``low`` (liquefaction at the low end), ``baseline`` and ``high`` (the
    whole-system figure of NASA's COMPASS study, NTRS 20230018562)."""
    p = _parameters()
    compass = (p["compass_reactors"] * p["compass_reactor_kwe"] * p["compass_months"] * HOURS_PER_MONTH
               / (p["compass_propellant_t"] * 1000.0))
    low = isru_balance(1000.0, mixture_ratio, liquefaction_kwh_per_kg=p["liquefaction_low_kwh_per_kg"])
    return {"low": low.energy_kwh_per_kg, "baseline": isru_balance(1000.0, mixture_ratio).energy_kwh_per_kg,
            "high": compass}


@dataclass(frozen=True)
class ReturnLeg:
    c3_km2_s2: float
    ascent_dv_km_s: float
    injection_dv_km_s: float
    payload_kg: float
    propellant_kg: float
    feasible: bool
    max_payload_kg: float
    isru: IsruBalance


def return_leg(ship: VehicleSpec, c3_km2_s2: float, payload_kg: float, orbit_alt_km: float = 250.0) -> ReturnLeg:
    """Propellant (made on Mars) for ``ship`` to carry ``payload_kg`` home on a window of this C3."""
    if payload_kg < 0:
        raise InputError(f"return payload {payload_kg} kg: must be >= 0")
    mu, r = mu_km3_s2("mars"), radius_km("mars") + orbit_alt_km
    injection = math.sqrt(max(c3_km2_s2, 0.0) + 2 * mu / r) - math.sqrt(mu / r)
    dv = ship.mars_ascent_dv_km_s + injection
    growth = math.expm1(dv / float(exhaust_velocity_km_s(ship.isp_vac_s)))
    propellant = (ship.dry_mass_kg + payload_kg) * growth
    max_payload = ship.propellant_capacity_kg / growth - ship.dry_mass_kg
    return ReturnLeg(float(c3_km2_s2), ship.mars_ascent_dv_km_s, injection, payload_kg, propellant,
                     propellant <= ship.propellant_capacity_kg, max_payload,
                     isru_balance(propellant, ship.mixture_ratio))
