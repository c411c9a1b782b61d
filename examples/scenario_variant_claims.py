"""A variant of the bundled campaign and what it does to the public claims.

The bundled scenario sends each window 1.5 times the ships of the one before. Here each window sends
twice as many, and cargo ships carry more power and spares; everything else (the threshold of 90 %
made locally, 4.3 years of stocks, at least 110 people) stays as it is.

Run:  python examples/scenario_variant_claims.py
"""

from marsplan.campaign.claims import check_claims
from marsplan.campaign.stages import campaign_trajectory, plan_fleet, refilled_ship, settle
from marsplan.scenario import parse_scenario
from marsplan.scenario.loader import scenario_text

text = scenario_text("mars-2026")
text = text.replace("growth_factor = 1.5", "growth_factor = 2.0")
text = text.replace(
    "[settlement.cargo_manifest]\nhabitat = 0.25\npower = 0.2\nisru = 0.15\nlife_support = 0.1\n"
    "industry = 0.2\nconsumables = 0.1",
    "[settlement.cargo_manifest]\nhabitat = 0.2\npower = 0.3\nisru = 0.05\nlife_support = 0.05\n"
    "industry = 0.15\nconsumables = 0.25",
)
variant = parse_scenario(text, "variant.toml")

trajectory = campaign_trajectory(variant)  # the window survey comes from the disk cache after the first run
fleet = plan_fleet(variant, trajectory)
futures = settle(variant, trajectory, runs=2000)
print(f"{fleet.ships} ships in the listed missions; P(self-sustaining by "
      f"{futures.years[-1]}) = {futures.p_self_sustaining:.2f}, P(lost) = {futures.p_lost:.2f}")
for verdict in check_claims(variant, trajectory, fleet, refilled_ship(variant), None, futures):
    print(f"- {verdict.text}: {verdict.verdict.upper()}\n    {verdict.evidence}")
