"""Test settings: hypothesis draws the same examples on every run in CI (``CI`` set), so a green suite stays
green; locally it explores new ones, and each failure it finds becomes an ``@example``."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
