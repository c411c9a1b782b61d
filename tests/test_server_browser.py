"""The page in a real browser (issue 14): Playwright drives Debian's Chromium against `marsplan serve`, started
by the test on a free loopback port.  Screenshots of each view go to the test's temporary directory (and, with
MARSPLAN_SCREENSHOTS=DIR, to DIR: how docs/porkchop-explorer.png is made)."""

import math
import os
import shutil
from pathlib import Path

import httpx
import pytest

from servers import running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed here (`make test` installs Debian's chromium where it can)",
                allow_module_level=True)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server():
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None, "CI must have Chromium: the Makefile installs Debian's chromium"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _shot(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    extra = os.environ.get("MARSPLAN_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(extra) / f"{name}.png"), full_page=False)


def _field(page, name: str) -> str:
    return page.locator(f'#pc-cell dd[data-field="{name}"]').get_attribute("data-value") or ""


def test_porkchop_explorer_click_matches_the_api(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    outside: list[str] = []
    page.on("request", lambda req: None if req.url.startswith(server) or req.url.startswith("blob:")
            or req.url.startswith("data:") else outside.append(req.url))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    # change the departure range, then compute
    page.fill("#pc-depart-from", "2028-09-01")
    page.fill("#pc-depart-to", "2029-01-15")
    page.fill("#pc-step", "3")
    page.click("#pc-run")
    page.wait_for_function("document.querySelector('#pc-status').textContent.startsWith('Ready')", timeout=60_000)
    box = page.locator("#pc-plot .nsewdrag").first.bounding_box()
    assert box is not None
    # a hidden cell (C3 above the page's cap, or no arc) answers neither hover nor click
    cap = float(page.input_value("#pc-c3-cap"))
    shown = httpx.get(server + "/api/porkchop", params={"depart": "2028-09-01:2029-01-15", "tof": "100:450",
                                                         "step": "3"}, timeout=60).json()
    n_dep, n_tof = len(shown["departure"]), len(shown["tof_days"])
    hidden = next((i, k) for i in range(n_dep // 4, n_dep) for k in range(n_tof // 4, n_tof - 1)
                  if all(shown["c3_km2_s2"][i + a][k + b] is None or shown["c3_km2_s2"][i + a][k + b] > cap
                         for a in (-1, 0, 1) if 0 <= i + a < n_dep for b in (-1, 0, 1)))
    where = (box["x"] + box["width"] * (hidden[0] + 0.5) / n_dep,
             box["y"] + box["height"] * (1 - (hidden[1] + 0.5) / n_tof))
    before = (_field(page, "departure"), page.locator("#pc-hint").inner_text())
    page.mouse.move(*where)
    page.wait_for_timeout(200)
    assert page.locator("#pc-plot .hoverlayer .hovertext").count() == 0
    page.mouse.click(*where)
    page.wait_for_timeout(200)
    assert (_field(page, "departure"), page.locator("#pc-hint").inner_text()) == before
    # click the middle of the heat map
    page.mouse.click(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.55)
    page.wait_for_selector("#pc-cell:not([hidden])")
    page.wait_for_function("document.querySelector('#pc-cell dd[data-field=\"tankers\"]').textContent !== '…'")
    departure, tof = _field(page, "departure"), float(_field(page, "tof_days"))
    assert departure.startswith(("2028", "2029")), departure
    _shot(page, tmp_path, "porkchop-explorer")
    # the same cell from the API, for the same options
    grid = httpx.get(server + "/api/porkchop", params={"depart": "2028-09-01:2029-01-15", "tof": "100:450",
                                                        "step": "3", "origin": "earth", "target": "mars",
                                                        "capture": "propulsive"}, timeout=60).json()
    i, k = grid["departure"].index(departure), grid["tof_days"].index(tof)
    for name in ("c3_km2_s2", "vinf_departure_km_s", "vinf_arrival_km_s", "dla_deg", "dv_total_km_s"):
        assert math.isclose(float(_field(page, name)), grid[name][i][k], rel_tol=1e-12), name
    assert _field(page, "arrival") == grid["arrival"][i][k] and _field(page, "type") == grid["type"][i][k]
    ship = httpx.get(server + "/api/fleet", params={"c3": grid["c3_km2_s2"][i][k], "dla": grid["dla_deg"][i][k]},
                     timeout=60)
    if ship.status_code == 200:
        assert _field(page, "tankers") == str(ship.json()["tankers_per_ship"])
    # keep it, switch the axes to arrival dates: the kept list and the details stay
    page.click("#pc-keep")
    assert page.locator("#pc-compared tbody tr").count() == 1
    page.select_option("#pc-axes", "arrival")
    page.wait_for_timeout(300)
    _shot(page, tmp_path, "porkchop-by-arrival")
    assert "porkchop" in page.locator("#pc-cli").inner_text()
    assert not errors, errors
    assert not outside, outside  # nothing from a CDN or anywhere else
    page.close()


def test_claims_view_matches_the_api(server, browser, tmp_path):
    """The claims view shows the API's answer to the query the page sent (read off the wire: the job the page
    posted and its result), and that query is the CLI's (`#s-cli`)."""
    from urllib.parse import parse_qs, urlsplit

    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    posted, finished = [], []
    page.on("request", lambda req: posted.append(req.url) if req.method == "POST" and "/api/jobs/claims" in req.url
            else None)

    def keep(response):
        if "/api/jobs/" in response.url and response.request.method == "GET":
            body = response.json()
            if body.get("status") == "done":
                finished.append(body)

    page.on("response", keep)
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.click("nav button[data-view='claims']")
    page.fill("#s-runs", "300")
    page.locator("#s-growth").fill("2.2")
    page.click("#s-run")
    page.wait_for_function("document.querySelector('#s-status').textContent.startsWith('Growth 2.2')",
                           timeout=120_000)
    rows = page.locator("#s-claims tbody tr")
    shown = [(rows.nth(r).locator("td").nth(0).inner_text(), rows.nth(r).get_attribute("data-verdict"))
             for r in range(rows.count())]
    query = parse_qs(urlsplit(posted[-1]).query)
    assert query["scenario"] == ["mars-2026"] and query["runs"] == ["300"] and query["growth"] == ["2.2"]
    data = finished[-1]["result"]
    assert shown == [(c["text"], c["verdict"]) for c in data["claims"]]
    assert f"{data['settlement']['p_self_sustaining']:.3f}" in page.locator("#s-summary").inner_text()
    assert "--growth 2.2" in page.locator("#s-cli").inner_text()
    _shot(page, tmp_path, "claims")
    page.close()


def test_other_views_draw(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    for view, button, done, rows in (("windows", "#w-run", "#w-status", "#w-table-out tbody tr"),
                                     ("fleet", "#f-run", "#f-status", None),
                                     ("power", "#p-run", "#p-status", "#p-table tbody tr"),
                                     ("lowthrust", "#l-run", "#l-status", "#l-table tbody tr"),
                                     ("flybys", "#g-run", "#g-status", "#g-table tbody tr")):
        page.click(f"nav button[data-view='{view}']")
        if view == "windows":
            page.fill("#w-to", "2031-01-01")
        if view == "power":
            page.fill("#p-runs", "20")
        if view == "lowthrust":  # a catalog tug fills the engine; one date and flight time keep it quick
            page.select_option("#l-tug", "tem-1mwe")
            assert page.input_value("#l-power") == "1000"
            page.fill("#l-depart", "2033-02-01")
            page.fill("#l-tof", "400")
            page.fill("#l-segments", "10")
        if view == "flybys":  # Earth-Venus-Mars in 2026, two islands: a job the page polls
            page.fill("#g-islands", "2")
        page.click(button)
        page.wait_for_function(f"!document.querySelector('{done}').textContent.startsWith('Press') && "
                               f"!document.querySelector('{done}').textContent.endsWith('…')", timeout=120_000)
        assert "error" not in (page.locator(done).get_attribute("class") or ""), page.locator(done).inner_text()
        if rows:
            assert page.locator(rows).count() >= 2
        assert page.locator(f"#view-{view} .plot .main-svg").count() >= 1
        if view == "flybys":
            assert "Venus flyby" in page.locator("#g-table").inner_text()
            assert "--tof 80:250 --tof 80:300" in page.locator("#g-cli").inner_text()
        _shot(page, tmp_path, view)
    # a bad value shows the server's one-line message, not a broken page
    page.click("nav button[data-view='power']")
    page.fill("#p-load", "-5")
    page.click("#p-run")
    page.wait_for_selector("#p-status.error")
    assert "load-kw" in page.locator("#p-status").inner_text()
    assert not errors, errors
    page.close()
