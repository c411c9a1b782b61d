"""Settlement campaign: a Monte Carlo of ships, people, power and local production.

The scenario's campaign is mapped onto it by :func:`marsplan.campaign.stages.settle`.

Its needs come from NASA's baseline values (Hanford 2004): 3.909 kg of drinking water and 0.617 kg of
dry food per person and day:

>>> from marsplan.settlement import settlement_parameters
>>> needs = settlement_parameters()["needs"]
>>> needs["potable_water_kg_per_person_day"], needs["food_dry_kg_per_person_day"]
(3.909, 0.617)
"""

from marsplan.settlement.model import CampaignResult, ShipWave, run_campaign
from marsplan.settlement.parameters import SettlementData, SettlementDataError, settlement_parameters

__all__ = ["CampaignResult", "SettlementData", "SettlementDataError", "ShipWave", "run_campaign",
           "settlement_parameters"]
