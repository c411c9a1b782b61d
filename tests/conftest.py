"""Test settings: hypothesis draws the same examples on every run in CI (``CI`` set), so a green suite stays
green; locally it explores new ones, and each failure it finds becomes an ``@example``."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_configure(config):
    # window surveys go to a cache of the test session's own, never the user's ~/.cache
    import tempfile

    if "MARSPLAN_CACHE_DIR" not in os.environ:
        os.environ["MARSPLAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="marsplan-test-cache-")


def pytest_unconfigure(config):
    import shutil

    path = os.environ.get("MARSPLAN_CACHE_DIR", "")
    if "marsplan-test-cache-" in path:
        shutil.rmtree(path, ignore_errors=True)


import pytest  # noqa: E402 - after the session set-up above


@pytest.fixture(scope="session")
def default_campaign():
    """The bundled scenario, its trajectory campaign and its fleet plan, computed once per test session."""
    from marsplan.campaign.stages import campaign_trajectory, plan_fleet
    from marsplan.scenario import load_scenario

    sc = load_scenario()
    traj = campaign_trajectory(sc)
    return sc, traj, plan_fleet(sc, traj)


@pytest.fixture(scope="session")
def short_scenario(tmp_path_factory):
    """The bundled campaign cut to 2026-2032 (its missions, fewer key dates): a file for fast CLI tests."""
    from marsplan.scenario.loader import scenario_text

    text = scenario_text("mars-2026").replace("horizon_years = 20", "horizon_years = 6")
    head, *milestones = text.split("[[milestones]]")
    kept = [m for m in milestones if not any(year in m for year in ("2034-", "2046-"))]
    text = head + "".join("[[milestones]]" + m for m in kept)
    path = tmp_path_factory.mktemp("scenarios") / "short.toml"
    path.write_text(text)
    return path


@pytest.fixture(scope="session")
def bundled_report(tmp_path_factory):
    """`marsplan plan --out DIR` on the bundled scenario, run once per test session (the whole chain is the
    suite's most expensive call): the report directory.  Tests must not change what is in it."""
    from click.testing import CliRunner

    from marsplan.cli import app

    out = tmp_path_factory.mktemp("plan") / "report"
    result = CliRunner().invoke(app, ["plan", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (out.parent / "plan-stdout.txt").write_text(result.stdout)  # what it printed (tests/test_readme.py)
    return out
