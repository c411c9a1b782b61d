"""Settlement campaign: a Monte Carlo of ships, people, power and local production, and claims."""

from marsplan.settlement.campaign import build_waves, settle, settle_json
from marsplan.settlement.model import CampaignResult, ShipWave, run_campaign, settlement_parameters

__all__ = ["CampaignResult", "ShipWave", "build_waves", "run_campaign", "settle", "settle_json",
           "settlement_parameters"]
