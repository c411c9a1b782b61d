"""The campaign: a scenario's stages, computed in order, and the claims put to them.

This is marsplan's application layer.  Each stage module reads the scenario's fields and calls the physics
layers with plain parameters: :mod:`~marsplan.campaign.trajectory` (windows, porkchops, each mission's
transfer), :mod:`~marsplan.campaign.fleet` (the refilled ship, tankers, launches and the one launch
schedule), :mod:`~marsplan.campaign.power`, :mod:`~marsplan.campaign.settlement` (the Monte Carlo and its
plausible worlds), :mod:`~marsplan.campaign.moon` and :mod:`~marsplan.campaign.nuclear`.  Above them
:mod:`~marsplan.campaign.claims` (with :mod:`~marsplan.campaign.lunar_claims`) decides each claim under the
convention of :mod:`~marsplan.campaign.verdict` (a registry, ``claims.CLAIM_TESTS``, from test name to check),
and :mod:`~marsplan.campaign.run` holds a scenario's stages in a lazy :class:`Campaign`: each computed once, when
first asked for, and shared by every command and the report.

Who may import whom (``tests/test_layers.py`` checks it on the import graph; an arrow points down)::

    faces             marsplan.cli    marsplan.server          (never each other)
                            |               |
    commands          marsplan.commands (typed functions; parameters parsed and checked once)
                            |
    report            marsplan.pipeline -> marsplan.report, marsplan.study
                            |
    campaign          run -> claims, lunar_claims, crew_claims -> stages (trajectory, fleet, power,
                            |                  settlement, moon, nuclear, crew) -> verdict
    scenario          marsplan.scenario
                            |
    physics           settlement, crew -> power -> vehicles -> trajectory -> astro
                            |
    foundations       errors, validation, seeding, data, jsonio, distribute, tables, ...
"""

from marsplan.campaign.run import Campaign, ChainResult, run_chain
from marsplan.campaign.verdict import Decision, Verdict

__all__ = ["Campaign", "ChainResult", "Decision", "Verdict", "run_chain"]
