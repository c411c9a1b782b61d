"""The command line, through click's CliRunner: outputs, one-line errors, atomic reports."""

import json
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

import marsplan.pipeline
from marsplan.cli import app
from marsplan.errors import MarsplanError
from marsplan.scenario import load_scenario

runner = CliRunner()


class _TagBalance(HTMLParser):
    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.images, self.errors = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs)["src"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


@pytest.fixture(scope="module")
def report(bundled_report):
    return bundled_report  # the session's one run of the whole plan (tests/conftest.py)


@pytest.mark.slow
def test_plan_writes_html_and_json(report):
    page = (report / "report.html").read_text()
    parser = _TagBalance()
    parser.feed(page)
    assert parser.errors == [] and parser.stack == []
    assert parser.images and all(src.startswith("data:image/") for src in parser.images)
    assert "http://" not in page and "https://" not in page  # opens offline
    summary = json.loads((report / "summary.json").read_text())
    assert summary["scenario"] == "mars-2026"
    assert summary["ephemeris"]["name"] == "DE440"
    assert [m["name"] for m in summary["milestones"]][0] == "Cargo departs"
    # Earth-Mars distance always lies between 0.37 au and 2.68 au (closest and farthest)
    assert all(0.37 < m["distance_au"] < 2.68 for m in summary["milestones"])
    assert 'id="trajectory"' in page and 'id="scenario"' in page
    outbound = summary["trajectory"]["windows"]["outbound"]
    assert [w["opportunity"] for w in outbound][:3] == ["2026", "2028", "2031"]
    departures = {d["mission"]: d for d in summary["trajectory"]["departures"]}
    assert "2026-09" <= departures["Cargo 2026"]["departure"][:7] <= "2027-01"
    assert departures["Crew 2028"]["arrival"][:4] == "2029"  # a 2028-29 departure lands in 2029
    assert 'id="fleet"' in page
    assert summary["fleet"]["ships"] == 21 and summary["fleet"]["launches_total"] > 21
    assert summary["fleet"]["return"]["propellant_isru_t"] > 0
    # the Summary comes first, with every claim and its verdict
    assert page.index('id="summary"') < page.index('id="scenario"')
    # the Moon (reactor delivery per vehicle, the transfer pattern) and Earth orbit (a depot in the station's plane)
    moon = page[page.index('id="the-moon"'):page.index('id="earth-orbit"')]
    assert "Landing a 6 t reactor" in moon and "Long March 5" in moon and "<img" in moon
    assert "baikonur" in page[page.index('id="earth-orbit"'):]
    assert len(summary["claims"]) == len(load_scenario().claims) == 11
    # each crew window's free returns (issue 25): every family searched; a ballistic one is a real free return
    free = summary["crew_free_returns"]
    assert {r["mission"] for r in free} == {"Crew 2028", "Crew 2031"} and len(free) == 8
    for r in (r for r in free if r["ballistic"]):
        assert r["flyby_dv_km_s"] <= 0.005 and r["duration_days"] > 300 and r["entry_speed_km_s"] > 11.0
    assert "Free returns near the crews" in page
    # each crew's dose, entry speeds and abort (issue 26): the abort is one of the ballistic free returns found
    crew = {w["mission"]: w for w in summary["crew"]}
    assert set(crew) == {"Crew 2028", "Crew 2031"} and "The crews: dose of the mission" in page
    for w in crew.values():
        assert w["dose_p05_msv"] < w["dose_msv"] < w["dose_p95_msv"]
        # no abort fits the scenario's limits: the free returns near the departures need C3 about 39, the
        # flyby home from each crew's own transfer a burn of over 2 km/s
        assert w["abort"] is None and "abort" in w["decisions"]
        assert w["decisions"]["abort"]["verdict"] == "not supported"
    # the scenario names a tug: its trip, the trade and the Starship beside it
    nep = page[page.index('id="nuclear-electric-cargo"'):]
    assert "Zeus" in nep and "spiral out to escape" in nep and nep.count("<img") >= 2
    trip = summary["nuclear_electric"]["trip"]
    assert trip["feasible"] and trip["payload_kg"] > 0
    # the trip's legs add up, and the cargo is what the tug and its tanks leave
    assert trip["trip_days"] == pytest.approx(trip["earth_spiral"]["time_days"] + trip["heliocentric"]["tof_days"]
                                              + trip["mars_spiral"]["time_days"])
    assert trip["payload_kg"] == pytest.approx(trip["final_mass_kg"] - trip["tug_dry_mass_kg"]
                                               - 0.05 * trip["propellant_kg"])
    tug_claim = next(c for c in summary["claims"] if "nuclear tug" in c["text"])
    assert tug_claim["verdict"] == ("supported" if trip["payload_kg"] >= 20_000 and trip["trip_days"] <= 5 * 365.25
                                    else "not supported")
    assert all(set(c) >= {"text", "verdict", "evidence"} for c in summary["claims"])
    assert {c["verdict"] for c in summary["claims"]} <= {"supported", "not supported", "depends", "marginal"}
    assert all(c["decision"] is None or {"value", "threshold", "margin", "uncertainty"} <= set(c["decision"])
               for c in summary["claims"])
    # every claim reads the one launch schedule the summary carries
    assert summary["launch_schedule"]["windows"][0]["window"] == "2026"
    assert 'id="power"' in page and 'id="settlement"' in page
    # the screening says how small it was, and ranks parameters of the bundled sensitivity study
    assert 'id="what-decides-the-verdicts"' in page and "64 points of 200 Monte Carlo runs" in page
    screening = summary["screening"]
    assert screening["method"] == "morris" and screening["points"] == 64
    assert {p["name"] for p in screening["parameters"]} >= {"growth", "landing_failure"}
    assert summary["settlement"]["runs"] == 2000


def _snapshot(directory):
    return {p.name: p.read_bytes() for p in directory.iterdir()}


def test_broken_scenario_exits_2_with_one_line_and_keeps_report(report, tmp_path):
    before = _snapshot(report)
    bad = tmp_path / "bad.toml"
    bad.write_text('[campaign]\nname = "x"\ntitle = "t"\nstart = "2026-01-01"\nhorizon_years = 0\n')
    result = runner.invoke(app, ["plan", str(bad), "--out", str(report)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "bad.toml" in lines[0] and "campaign.horizon_years" in lines[0] and ">= 1" in lines[0]
    assert "Traceback" not in result.output
    assert _snapshot(report) == before


@pytest.mark.slow
def test_failure_mid_run_leaves_report_untouched(report, monkeypatch):
    before = _snapshot(report)

    def boom(*args, **kwargs):
        raise MarsplanError("simulated failure in the chain")

    monkeypatch.setattr(marsplan.pipeline, "run_chain", boom)  # mid-run: after the output checks, before writing
    result = runner.invoke(app, ["plan", "--out", str(report)])
    assert result.exit_code == 2
    assert "simulated failure" in result.stderr
    assert _snapshot(report) == before
    assert not [p for p in report.parent.iterdir() if ".tmp-" in p.name]


def test_refuses_to_replace_a_foreign_directory(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["plan", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_scenario_validate_and_show(tmp_path):
    ok = runner.invoke(app, ["scenario", "validate", "mars-2026"])
    assert ok.exit_code == 0 and "valid" in ok.stdout
    shown = runner.invoke(app, ["scenario", "show", "--format", "json"])
    assert json.loads(shown.stdout)["campaign"]["name"] == "mars-2026"
    toml_text = runner.invoke(app, ["scenario", "show", "--format", "toml"]).stdout
    path = tmp_path / "copy.toml"
    path.write_text(toml_text)
    assert runner.invoke(app, ["scenario", "validate", str(path)]).exit_code == 0
    path.write_text(toml_text.replace("ships = 5", "ships = -5"))
    bad = runner.invoke(app, ["scenario", "validate", str(path)])
    assert bad.exit_code == 2
    assert "missions[0].ships = -5" in bad.stderr and "allowed >= 0" in bad.stderr


def test_ephemeris_command_json():
    result = runner.invoke(app, ["ephemeris", "mars", "--date", "2026-11-05", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ephemeris"] == "DE440" and data["frame"] == "ICRF"
    assert len(data["states"][0]["r_km"]) == 3
    out_of_range = runner.invoke(app, ["ephemeris", "mars", "--date", "2700-01-01"])
    assert out_of_range.exit_code == 2 and "coverage" in out_of_range.stderr


def test_doctor_reports_versions_and_coverage():
    result = runner.invoke(app, ["doctor", "--format", "json"])
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert info["ephemeris"]["coverage_tdb"] == ["1549-12-31", "2650-01-25"]
    assert info["packages"]["numba"] != "missing"


@pytest.mark.parametrize("args, field", [
    (["settle", "--seed", "-1"], "--seed"),
    (["settle", "--runs", "0"], "--runs"),
    (["power", "--site", "jezero", "--load-kw", "10", "--runs", "many"], "--runs"),
])
def test_bad_option_values_give_one_line_and_exit_2(args, field):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("marsplan: error:") and field in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_quick_plan_says_so_in_its_report(tmp_path):
    out = tmp_path / "quick"
    result = runner.invoke(app, ["plan", "--quick", "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["quick"]["settlement_runs"] == 500 and summary["settlement"]["runs"] == 500
    assert summary["power"]["runs"] == 12  # sampled power years (the scenario's 60)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Quick plan: 500 Monte Carlo runs (scenario: 2,000)" in page
    assert all(c["verdict"] in ("supported", "not supported", "depends", "marginal") for c in summary["claims"])
