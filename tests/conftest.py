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
