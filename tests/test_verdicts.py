"""Verdicts a user can trust: one convention with margins, one launch schedule for every claim, crew
transfers chosen under their limits, reactors that reach the end of their life, and reactor claims
decided by the simulated supply."""

import math

import numpy as np
import pytest

from marsplan.campaign.stages import (
    build_waves,
    choose_transfer,
    entry_speed_km_s,
    launch_plan,
    plan_fleet,
    refilled_ship,
    settle,
)
from marsplan.campaign.verdict import (
    DEPENDS,
    MARGINAL,
    NOT_SUPPORTED,
    SUPPORTED,
    Decision,
    by_probability,
    decide,
    wilson_half_width,
)
from marsplan.settlement.model import ShipWave, run_campaign
from marsplan.vehicles.catalog import get_vehicle
from marsplan.vehicles.schedule import LaunchRequest, launch_rate, launch_slots, schedule_launches
from variants import bundled_variant

DEPART = "Starship leaves for Mars at the end of 2026"

# ------------------------------------------------------------------ the convention --------------------------------


def test_wilson_interval_by_hand():
    # Wilson (1927): centre (p + z^2/2n) / (1 + z^2/n), half width z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)
    p, n, z = 0.86, 2000, 2.0
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    below, above = wilson_half_width(p, n)
    assert below == pytest.approx(p - (centre - half), rel=1e-12)
    assert above == pytest.approx(centre + half - p, rel=1e-12)
    # at P = 1 the interval still has a width (4 / (n + 4) below for z = 2), unlike p(1-p)/n
    assert wilson_half_width(1.0, 2000)[0] == pytest.approx(4 / 2004, rel=1e-9)


@pytest.mark.parametrize(("p", "runs", "verdict"), [
    (0.97, 2000, SUPPORTED), (0.86, 2000, DEPENDS), (0.5, 2000, DEPENDS), (0.02, 2000, NOT_SUPPORTED),
    (0.905, 2000, MARGINAL), (0.895, 2000, MARGINAL), (0.11, 2000, MARGINAL), (0.95, 20, MARGINAL),
])
def test_one_probability_convention(p, runs, verdict):
    assert by_probability(p, runs, "P")[0] == verdict


def test_a_margin_inside_its_uncertainty_is_marginal():
    # 27.2 t needed against 27.0 t available, with a 5 % payload model uncertainty: the numbers cannot tell
    close = Decision("TLI payload", 27.0, 27.2, 0.05 * 27.0, "launcher model 5 %", "t")
    assert close.margin == pytest.approx(-0.2) and decide(close) == MARGINAL
    assert decide(Decision("TLI payload", 27.0, 20.0, 1.35, "5 %", "t")) == SUPPORTED
    assert decide(Decision("TLI payload", 27.0, 30.0, 1.35, "5 %", "t")) == NOT_SUPPORTED
    # an exact quantity meeting its threshold exactly holds
    assert decide(Decision("plane change", 0.0, 0.0, 0.0, "exact", "deg", "<=")) == SUPPORTED
    assert "margin -0.2 +- 1.35 t" in close.text()


# ------------------------------------------------------------------ one launch schedule ---------------------------


def test_schedule_by_hand():
    assert launch_slots(200.0, 60.0, 1, 14.6) == math.floor(260 / 14.6) + 1 == 18
    from marsplan.vehicles.catalog import get_site

    one = launch_rate([get_site("starbase")], pads=1, turnaround_days=14.6)
    sched = schedule_launches([("2026", 200.0, [LaunchRequest("cargo", "cargo", 5, 7)]),
                               ("2028", 200.0, [LaunchRequest("more", "cargo", 1, 7)])], one, days_in_orbit=60.0)
    # 18 slots: two ships of 7 launches leave in 2026, three wait; in 2028 the 18 slots take two of the three
    # that waited, and the third and the new one are still waiting after the last window
    assert sched.windows[0].ships_leaving == [2]
    assert sched.windows[1].requests[0].waited_from == "2026" and sched.windows[1].ships_leaving == [2, 0]
    assert sched.dropped == 2
    dropped = schedule_launches([("2026", 200.0, [LaunchRequest("cargo", "cargo", 5, 7)])], one, days_in_orbit=60.0,
                                unlaunched="drop")
    assert dropped.dropped == 3
    # Florida's pads serve only from their first year (sites.toml)
    both = launch_rate([get_site("starbase"), get_site("kennedy")])
    assert both.slots(200.0, 60.0, 2026) == 18 < both.slots(200.0, 60.0, 2027)


def _pads(n):
    return bundled_variant([('launch_sites = ["starbase", "kennedy"]', f'launch_sites = ["starbase"]\npads = {n}')])


def _cargo_2026_landed_by_2027(sc, traj):
    result = settle(sc, traj, runs=400)
    return result.mass_delivered_t[:, 1]  # cumulative landed mass at the end of 2027 (t)


@pytest.mark.parametrize(("pads", "leaving", "verdict"), [(1, 2, DEPENDS), (3, 5, SUPPORTED)])
def test_pads_decide_the_departure_claim_and_the_monte_carlo_alike(default_campaign, pads, leaving, verdict):
    from marsplan.campaign.claims import check_claims

    _, traj, _ = default_campaign
    sc = _pads(pads)
    schedule, waves = launch_plan(sc, traj)
    assert schedule.ships_leaving("2026", "Cargo 2026") == leaving
    assert [w.ships for w in waves if w.label == "Cargo 2026"] == [leaving]
    (claim,) = [c for c in sc.claims if c.text == DEPART]
    (v,) = check_claims(sc.model_copy(update={"claims": [claim]}), traj, plan_fleet(sc, traj), refilled_ship(sc),
                        None, None, schedule=schedule)
    assert v.verdict == verdict and f"{leaving} of 5 ships leave" in v.margin
    # 18 slots a pad (200 days open + 60 of tankers, one launch every 14.6 days), 7 launches a ship
    assert v.decision.value == 18 * pads and v.decision.threshold == 35
    # the Monte Carlo flies the same ships: never more than `leaving` x 100 t landed from 2026
    landed = _cargo_2026_landed_by_2027(sc, traj)
    assert landed.max() == pytest.approx(leaving * 100.0)


def test_the_what_if_waits_for_the_next_window(default_campaign):
    _, traj, _ = default_campaign
    waves = build_waves(_pads(1), traj)
    waited = [w for w in waves if w.label.startswith("Cargo 2026 (waited")]
    assert waited and waited[0].window == "2028" and waited[0].ships == 2


# ------------------------------------------------------------------ crew transfers under their limits -------------


def _crew_2031(sc, traj):
    mission = next(m for m in sc.missions if m.name == "Crew 2031")
    op = next(op for op in traj.outbound if op.label == "2031")
    return choose_transfer(mission, op, sc, traj.porkchops["2031"])


def test_the_2031_crew_enters_within_its_limit_with_the_best_margin(default_campaign):
    sc, traj, _ = default_campaign
    ship = get_vehicle("starship").model_copy(update={"id": "starship-745", "max_entry_speed_km_s": 7.45})
    strict = sc.model_copy(update={
        "vehicles": [ship], "fleet": sc.fleet.model_copy(update={"ship": "starship-745"}),
        "trajectory": sc.trajectory.model_copy(update={"crew_transfer": "best-margin", "crew_entry_margin_km_s": 0.0})})
    point, note = _crew_2031(strict, traj)
    entry = entry_speed_km_s(point["vinf_arrival_km_s"])
    assert point.type == "II" and entry == pytest.approx(7.40, abs=0.01) and entry <= 7.45
    assert "margin" in note


def test_the_default_crew_rule_keeps_its_entry_margin(default_campaign):
    sc, traj, _ = default_campaign
    point, _ = _crew_2031(sc, traj)
    # the faster type, moved along the window's dates to enter at least 0.1 km/s below 7.5 km/s
    assert point.type == "I" and entry_speed_km_s(point["vinf_arrival_km_s"]) <= 7.4 + 1e-6
    assert point.arrival[:4] == "2031" and point["c3_km2_s2"] <= sc.trajectory.max_c3_km2_s2


# ------------------------------------------------------------------ reactors reach the end of their life ----------

FULL = {"habitat": 0.25, "power": 0.2, "isru": 0.15, "life_support": 0.1, "industry": 0.2, "consumables": 0.1}
NO_POWER = {**FULL, "power": 0.0, "consumables": 0.3}


def _city(later_manifest, life, rebuild=False):
    waves = [ShipWave("first", "cargo", 20, 0, 100.0, 6, FULL),
             ShipWave("crew", "crew", 10, 12, 50.0, 12, FULL)]
    waves += [ShipWave(f"later {k}", "cargo", 10, 0, 100.0, 30 + 26 * k, later_manifest) for k in range(6)]
    r = run_campaign(waves, start_year=2026, years=20, runs=200, seed=3, p_launch=0.0, p_land=0.0,
                     power_kw_per_t=40.0 / 6.0, threshold=0.9, survival_years=4.3, min_population=0,
                     power_life_years=life, rebuild_power_locally=rebuild)
    return r


def test_a_ten_year_reactor_needs_replacements():
    shipped = _city(FULL, 10.0)
    none_shipped = _city(NO_POWER, 10.0)
    lasting = _city(NO_POWER, None)
    # the first ships' reactors retire in year 10: without shipped replacements power collapses
    assert none_shipped.power_kw[:, -1].mean() < 0.5 * lasting.power_kw[:, -1].mean()
    assert none_shipped.self_sufficiency[:, -1].mean() < shipped.self_sufficiency[:, -1].mean()
    assert none_shipped.self_sufficiency[:, -1].mean() < lasting.self_sufficiency[:, -1].mean()
    # before the end of life nothing differs between the lasting and the retiring reactor
    np.testing.assert_array_equal(none_shipped.power_kw[:, :9], lasting.power_kw[:, :9])
    # a settlement that can rebuild them recovers part of the power, within its industry's range
    rebuilt = _city(NO_POWER, 10.0, rebuild=True)
    assert none_shipped.power_kw[:, -1].mean() <= rebuilt.power_kw[:, -1].mean() <= lasting.power_kw[:, -1].mean()


# ------------------------------------------------------------------ the Mars reactor from its simulated supply -----


def test_reactor_claim_reads_the_simulated_supply():
    from marsplan.campaign.claims import check_claims
    from marsplan.scenario import load_scenario

    sc = load_scenario()
    (claim,) = [c for c in sc.claims if c.test == "reactor_base_load_through_storm"]
    sc = sc.model_copy(update={"claims": [claim]})
    (v,) = check_claims(sc, None, None, None, None, None)
    r = sc.power.partner_reactor
    # one unit with one forced-outage block a year misses a load equal to its rating (1 - availability) of the hours
    assert v.decision.value == pytest.approx(1 - r.availability, abs=1e-3)
    assert v.verdict == NOT_SUPPORTED and v.decision.threshold == pytest.approx(0.001)
    assert "dust storm" in v.evidence and "2 units in turn" in v.evidence
    # a unit that never fails carries the base load through every storm year
    always = sc.model_copy(update={"power": sc.power.model_copy(update={
        "partner_reactor": r.model_copy(update={"availability": 1.0})})})
    assert check_claims(always, None, None, None, None, None)[0].verdict == SUPPORTED


# ------------------------------------------------------------------ plausible worlds ------------------------------


def test_worlds_are_a_latin_hypercube_over_the_ranges():
    from marsplan.settlement.assumptions import sample_worlds
    from marsplan.settlement.parameters import assumption_ranges

    ranges = assumption_ranges()
    assert len(ranges) >= 15 and all(r["why"] for r in ranges)
    x = sample_worlds(ranges, 32, seed=5)
    np.testing.assert_array_equal(x, sample_worlds(ranges, 32, seed=5))  # seeded
    for j, r in enumerate(ranges):
        # every one of the 32 equal strata of every range holds exactly one world
        strata = np.floor((x[:, j] - r["low"]) / (r["high"] - r["low"]) * 32).astype(int)
        assert sorted(strata) == list(range(32)), r["path"]


def test_the_deciding_assumption_is_the_one_that_moves_the_outcome():
    from marsplan.settlement.assumptions import sample_worlds, worlds_summary

    ranges = [{"path": f"a.x{k}", "low": 0.0, "high": 1.0} for k in range(4)]
    x = sample_worlds(ranges, 50, seed=1)
    out = worlds_summary(ranges, x, lambda v: (float(v[2] > 0.5), -3.0 * v[2] + 0.01 * v[0]), runs_per_world=1,
                         seed=1)
    assert out.deciders[0][0] == "a.x2" and out.deciders[0][1] == pytest.approx(-1.0, abs=0.05)
    assert out.share_working == pytest.approx(float(np.mean(x[:, 2] > 0.5)))


def test_a_range_must_hold_its_figure():
    from marsplan.data import read_text
    from marsplan.settlement.parameters import SettlementData, SettlementDataError
    from marsplan.validation import validate_toml

    text = read_text("settlement.toml").replace('path = "industry.workforce_share"\nlow = 0.3',
                                                'path = "industry.workforce_share"\nlow = 0.55')
    with pytest.raises(SettlementDataError, match="workforce_share = 0.5 lies outside"):
        validate_toml(text, SettlementData, "settlement.toml", SettlementDataError)


def test_the_city_claim_reports_its_plausible_worlds(default_campaign):
    from marsplan.campaign.stages import city_over_assumptions

    sc, traj, _ = default_campaign
    worlds = city_over_assumptions(sc, traj, worlds=8, runs_per_world=50)
    again = city_over_assumptions(sc, traj, worlds=8, runs_per_world=50)
    np.testing.assert_array_equal(worlds.self_sufficiency, again.self_sufficiency)
    assert worlds.worlds == 8 and 0.0 <= worlds.share_working <= 1.0
    # the scenario's own manifest ranges are drawn with settlement.toml's: the bundled campaign is power-starved
    # (its reactors retire and crops take 20 kWe a person), so the cargo's power share decides it most, upward
    full = city_over_assumptions(sc, traj)
    assert full.deciders[0][0] == "cargo_manifest.power" and full.deciders[0][1] > 0.5


def test_landings_are_counted_in_their_calendar_year_whatever_the_start_date(default_campaign):
    # a campaign starting in September counts months from 1 January of its start year, as the Monte Carlo's
    # calendar years do: the crew of 2028 lands in July 2029 and is reported for 2029
    sc, traj, _ = default_campaign
    late = sc.model_copy(update={"campaign": sc.campaign.model_copy(update={"start": sc.campaign.start.replace(
        month=9)})})
    waves = {w.label: w for w in build_waves(late, traj)}
    crew = next(d for d in traj.departures if d.mission == "Crew 2028")
    assert 2026 + waves["Crew 2028"].arrival_month // 12 == int(crew.point.arrival[:4]) == 2029


def test_the_plans_screening_skips_what_a_scenario_does_not_have(default_campaign):
    from marsplan.pipeline import screen_assumptions

    sc, traj, _ = default_campaign
    no_reactor = sc.model_copy(update={"power": sc.power.model_copy(update={"partner_reactor": None})})
    screening = screen_assumptions(no_reactor, traj)
    names = {p["name"] for p in screening["parameters"]}
    assert "reactor_kwe" not in names and "growth" in names
