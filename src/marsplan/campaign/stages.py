"""The stages of a campaign, in one namespace (each lives in its own module of :mod:`marsplan.campaign`).

Arriving at Mars with v_inf = 2.72 km/s means meeting the atmosphere at sqrt(2.72^2 + 2 mu / r) =
5.63 km/s (r: 125 km up), and the scenario's refilled ship is the catalog's Starship:

>>> from marsplan.campaign import stages
>>> round(stages.entry_speed_km_s(2.72), 2), stages.refilled_ship().ship.id
(5.63, 'starship')
"""

from __future__ import annotations

from marsplan.campaign.fleet import (
    build_waves,
    launch_plan,
    payload_c3_curves,
    plan_fleet,
    refilled_ship,
    scenario_launch_rate,
)
from marsplan.campaign.moon import MoonAndOrbit, moon_and_orbit
from marsplan.campaign.nuclear import (
    NuclearElectric,
    escape_window_tdb_jd,
    nuclear_electric,
    remember_tug_trips,
    remembered_tug_trips,
    starship_to_mars_orbit,
    tug_trip,
)
from marsplan.campaign.power import scenario_power
from marsplan.campaign.run import ChainResult, run_chain
from marsplan.campaign.settlement import city_over_assumptions, power_kw_per_t, settle, settle_json
from marsplan.campaign.trajectory import (
    campaign_trajectory,
    choose_transfer,
    entry_speed_km_s,
    milestone_rows,
    vinf_for_entry,
)

__all__ = ["ChainResult", "MoonAndOrbit", "NuclearElectric", "build_waves", "campaign_trajectory",
           "choose_transfer", "city_over_assumptions", "entry_speed_km_s", "escape_window_tdb_jd", "launch_plan",
           "milestone_rows", "moon_and_orbit", "nuclear_electric", "payload_c3_curves", "plan_fleet",
           "power_kw_per_t", "refilled_ship", "remember_tug_trips", "remembered_tug_trips", "run_chain",
           "scenario_launch_rate", "scenario_power", "settle", "settle_json", "starship_to_mars_orbit", "tug_trip",
           "vinf_for_entry"]
