"""The report a reader opens (issue 17): whole-year ticks, labels that match their statistics, the ephemeris
named as used, each verdict with what decided it, and the page checked in a real browser."""

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from marsplan.report.settlement_section import plot_settlement, settlement_section
from marsplan.settlement import CampaignResult


def _result(people_at_horizon, crew_sent, crew_arrived, crew_lost, years=6):
    runs = len(people_at_horizon)
    grid = np.zeros((runs, years))
    population = grid.copy()
    population[:, -1] = people_at_horizon
    zeros = np.zeros(runs)
    return CampaignResult(start_year=2026, runs=runs, seed=0, population=population, self_sufficiency=grid.copy(),
                          power_kw=grid.copy(), mass_delivered_t=grid.copy(), propellant_t=grid.copy(),
                          mass_sent_t=zeros, mass_lost_t=zeros, crew_sent=np.asarray(crew_sent, float),
                          crew_arrived=np.asarray(crew_arrived, float), crew_lost=np.asarray(crew_lost, float),
                          crew_not_launched=zeros, crew_died=zeros, lost_month=np.full(runs, -1),
                          self_sustaining_year=np.full(runs, -1), crew_landed=grid.copy(),
                          qualifies=np.zeros((runs, years), dtype=bool))


def test_year_ticks_are_whole_years():
    fig = plot_settlement(_result([1, 2, 3, 4, 100], [10] * 5, [9] * 5, [1] * 5, years=20))
    fig.draw_without_rendering()  # tick labels are made at draw time
    for ax in fig.axes:
        ticks = ax.get_xticks()
        assert np.allclose(ticks, np.round(ticks)), ticks
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert all("." not in label for label in labels), labels


def test_the_settlement_table_says_which_statistic_it_shows():
    # known values: people at the horizon 1, 2, 3, 4, 100 (median 3, mean 22); crew 10/8/2 on average
    result = _result([1, 2, 3, 4, 100], [10, 10, 10, 10, 10], [6, 8, 8, 9, 9], [4, 2, 2, 1, 1])
    h = result.at_horizon()
    assert h["people"]["p50"] == 3.0 and h["people"]["mean"] == 22.0
    assert h["crew_arrived"]["mean"] == 8.0 and h["crew_lost"]["mean"] == 2.0
    body = settlement_section(result, _scenario()).body_html
    assert "people at the horizon (median, P10-P90)</td><td>3 (" in body
    assert "crew sent / arrived / lost in landings (mean per run)</td><td>10.0 / 8.0 / 2.0" in body


def _scenario():
    from marsplan.scenario import load_scenario

    return load_scenario()


def test_the_trajectory_text_names_the_ephemeris_used(default_campaign):
    from marsplan.report.trajectory_section import trajectory_section

    sc, traj, _ = default_campaign
    assert "JPL DE421 ephemerides" in trajectory_section(traj, sc, "DE421").body_html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


DOCS = Path(__file__).parent.parent / "docs"


def _dhash(image, size=16):
    """A difference hash (256 bits): which neighbour is brighter, on a 17 x 16 grey thumbnail."""
    grey = np.asarray(image.convert("L").resize((size + 1, size)), dtype=float)
    return (grey[:, 1:] > grey[:, :-1]).ravel()


def _same_picture(fresh_png, committed_png):
    from PIL import Image

    with Image.open(fresh_png) as fresh, Image.open(committed_png) as committed:
        sizes = fresh.size, committed.size
        close = all(abs(a - b) <= 0.05 * b for a, b in zip(fresh.size, committed.size, strict=True))
        return close and int(np.sum(_dhash(fresh) != _dhash(committed))) <= 32, sizes


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="Chromium is not installed here")
def test_the_report_in_a_real_browser(tmp_path, bundled_report):
    """The bundled plan's report at 1,400 px: every figure loads, no table is empty, every link lands, nothing is
    wider than the window; and the README's screenshots are of this report (MARSPLAN_SCREENSHOTS=docs remakes
    them, with the Summary's text beside its picture, which must match today's report exactly)."""
    from playwright.sync_api import sync_playwright

    out = bundled_report
    summary = json.loads((out / "summary.json").read_text())
    # every verdict shows what decided it and links to its evidence
    page_text = (out / "report.html").read_text()
    assert page_text.count('class="margin"') == len(summary["claims"])
    assert all(c["margin"] for c in summary["claims"])
    assert CHROMIUM is not None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto((out / "report.html").as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1400
        shots = {"report-summary": "#summary", "nuclear-electric-cargo": "#nuclear-electric-cargo"}
        target = Path(os.environ.get("MARSPLAN_SCREENSHOTS") or tmp_path)
        target.mkdir(parents=True, exist_ok=True)
        for name, selector in shots.items():
            page.locator(selector).screenshot(path=str(target / f"{name}.png"))
        text = page.locator("#summary").inner_text()
        if os.environ.get("MARSPLAN_SCREENSHOTS"):
            (target / "report-summary.txt").write_text(text, encoding="utf-8")
        # the README's pictures are today's report: its words exactly, its picture by size and look
        assert text == (DOCS / "report-summary.txt").read_text(encoding="utf-8"), \
            "docs/report-summary.png is stale: MARSPLAN_SCREENSHOTS=docs pytest tests/test_report.py -k browser"
        for name in shots:
            same, sizes = _same_picture(target / f"{name}.png", DOCS / f"{name}.png")
            assert same, (name, sizes)
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
        assert images and all(done and width > 0 for done, width in images), images
        empty = page.eval_on_selector_all(
            "table", "els => els.filter(t => t.querySelectorAll('td').length === 0).length")
        assert empty == 0
        targets = page.eval_on_selector_all("nav a", "els => els.map(a => a.getAttribute('href').slice(1))")
        assert {"summary", "settlement", "the-moon", "earth-orbit", "nuclear-electric-cargo"} <= set(targets)
        missing = page.evaluate("ids => ids.filter(id => !document.getElementById(id))", targets)
        assert not missing, missing
        links = page.eval_on_selector_all("#summary a[href^='#']", "els => els.map(a => a.getAttribute('href'))")
        assert links and all(page.locator(href).count() == 1 for href in set(links))
        browser.close()


def test_readme_code_fences_are_balanced():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    inside, opened_with = False, []
    for line in readme.splitlines():
        if line.startswith("```"):
            if not inside:
                opened_with.append(line)
            inside = not inside
        elif line.startswith("$ marsplan lambert"):
            assert inside, "the lambert example must be inside a code block"
    assert not inside, "a code fence is left open"
    assert all(tag.strip("`") for tag in opened_with), "every opening fence names its language"
