"""Scenario schema: the bundled default loads; bad files name the field and range."""

import pytest

from marsplan.errors import ScenarioError
from marsplan.scenario import DEFAULT_SCENARIO, bundled_scenarios, load_scenario, parse_scenario
from marsplan.scenario.loader import scenario_text

MINIMAL = """
[campaign]
name = "t"
title = "test"
start = "2026-01-01"
"""


def test_default_scenario_describes_the_campaign():
    sc = load_scenario()
    assert sc.name == DEFAULT_SCENARIO == "mars-2026"
    assert DEFAULT_SCENARIO in bundled_scenarios()
    assert sc.campaign.horizon_years == 20
    assert sc.campaign.origin == "earth" and sc.campaign.destination == "mars"
    first_cargo = min(m.opportunity for m in sc.missions if m.kind == "cargo")
    crew_windows = {m.opportunity for m in sc.missions if m.kind == "crew"}
    assert first_cargo == 2026
    assert crew_windows <= set(range(2028, 2032)) and crew_windows
    assert sc.power.partner_reactor is not None and sc.power.alternative.startswith("solar")


def test_minimal_scenario_takes_defaults():
    sc = parse_scenario(MINIMAL)
    assert sc.campaign.end.isoformat() == "2046-01-01"
    assert sc.missions == []


def test_file_round_trip(tmp_path):
    path = tmp_path / "copy.toml"
    path.write_text(scenario_text(DEFAULT_SCENARIO))
    assert load_scenario(path) == load_scenario(DEFAULT_SCENARIO)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("horizon_years = 200", r"campaign\.horizon_years = 200: .*allowed >= 1 and <= 60"),
        ("horizon_years = 'long'", r"campaign\.horizon_years = 'long'"),
        ("colour = 'red'", r"campaign\.colour: unknown key"),
        ("destination = 'pluto'", r"campaign\.destination = 'pluto'"),
        ("destination = 'earth'", r"campaign: origin and destination must differ"),
    ],
)
def test_bad_campaign_values_name_the_field(extra, expected):
    with pytest.raises(ScenarioError, match=r"^mine\.toml: " + expected):
        parse_scenario(MINIMAL + extra + "\n", "mine.toml")


@pytest.mark.parametrize(
    ("mission", "expected"),
    [
        ("ships = -1", r"missions\[0\]\.ships = -1: .*allowed >= 0"),
        ("ships = 2\ncrew_per_ship = 3", r"a cargo mission carries no crew"),
        ("ships = 2\nopportunity = 2070", None),
    ],
)
def test_bad_missions(mission, expected):
    text = MINIMAL + '[[missions]]\nname = "m"\nkind = "cargo"\n'
    if "opportunity" not in mission:
        text += "opportunity = 2028\n"
    text += mission + "\n"
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "mine.toml")
    if expected:
        assert __import__("re").search(expected, str(info.value))
    else:
        assert "outside the campaign span (allowed 2026 to 2046)" in str(info.value)


def test_reactor_power_must_be_positive():
    text = MINIMAL + '[power.partner_reactor]\nname = "r"\npower_kwe = 0\nmass_kg = 100\n'
    with pytest.raises(ScenarioError, match=r"power\.partner_reactor\.power_kwe = 0: .*allowed > 0"):
        parse_scenario(text, "f.toml")


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(ScenarioError, match="not found"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match="no such scenario"):
        load_scenario("no-such-name")
    broken = tmp_path / "broken.toml"
    broken.write_text("[campaign\n")
    with pytest.raises(ScenarioError, match=r"broken\.toml: not valid TOML"):
        load_scenario(broken)
