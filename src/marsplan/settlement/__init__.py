"""Settlement campaign: a Monte Carlo of ships, people, power and local production.

The scenario's campaign is mapped onto it by :func:`marsplan.campaign.stages.settle`.
"""

from marsplan.settlement.model import CampaignResult, ShipWave, run_campaign
from marsplan.settlement.parameters import SettlementData, SettlementDataError, settlement_parameters

__all__ = ["CampaignResult", "SettlementData", "SettlementDataError", "ShipWave", "run_campaign",
           "settlement_parameters"]
