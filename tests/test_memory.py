"""Issue 28: memory is bounded by an estimate made before anything is allocated, and the largest request each
command accepts runs under an address-space cap (``resource.setrlimit``) without a MemoryError.

The suite runs the largest porkchop a user can ask for; ``MARSPLAN_STRESS=1`` (``make stress``) adds the long
ones: that porkchop as JSON (refused) and CSV, 400 days of Moon transfers, a window survey over DE440's whole
span, 200,000 settlement runs and claims at 200,000 runs."""

import os
import subprocess
import sys

import pytest

from marsplan.errors import InputError
from marsplan.memory import check_memory, format_bytes, limit_bytes

CAP_BYTES = 4 * 2**30  # the cap: 4 GB of address space for the whole process

LARGEST = [
    ["porkchop", "--depart", "2026-01-01:2036-12-13", "--tof", "101:600"],  # 2,000,000 cells, the most allowed
]
STRESS = [
    ["porkchop", "--depart", "2026-01-01:2036-12-13", "--tof", "101:600", "--format", "json"],  # refused: 4.5 GiB
    ["porkchop", "--depart", "2026-01-01:2036-12-13", "--tof", "101:600", "--format", "csv"],
    ["moon", "transfers", "--from", "2026-01-01", "--to", "2027-02-04"],  # 400 days, the most allowed
    ["windows", "--from", "1550-01-01", "--to", "2027-06-01", "--no-cache"],
    ["settle", "--runs", "200000"],
    ["claims", "--runs", "200000"],
]

_RUN = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from click.testing import CliRunner
from marsplan.cli import app
for args in {cases!r}:
    result = CliRunner().invoke(app, args)
    lines = [l for l in result.stderr.splitlines() if l.startswith("marsplan:")]
    print(result.exit_code, type(result.exception).__name__, lines[-1:] , flush=True)
"""


def test_largest_requests_run_under_a_4_gb_address_space_cap():
    cases = LARGEST + (STRESS if os.environ.get("MARSPLAN_STRESS") else [])
    env = {**os.environ, "MARSPLAN_MAX_MEMORY": "1500M", "MARSPLAN_NO_CACHE": "1", "NUMBA_NUM_THREADS": "2"}
    done = subprocess.run([sys.executable, "-c", _RUN.format(cap=CAP_BYTES, cases=cases)], capture_output=True,
                          text=True, env=env, timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = done.stdout.splitlines()
    assert len(rows) == len(cases), (rows, done.stderr[-2000:])
    for args, row in zip(cases, rows, strict=True):
        code, exception, *_ = row.split(" ", 2)
        assert code in ("0", "2") and exception in ("NoneType", "SystemExit"), (args, row)
    assert rows[0].startswith("0 ")  # the largest grid fits
    if len(rows) > 1:
        assert rows[1].startswith("2 ") and "would need about" in rows[1]  # its JSON would not: refused in one line
        assert all(row.startswith("0 ") for row in rows[2:]), rows


def test_the_limit_is_half_the_available_memory_or_the_users(monkeypatch):
    from marsplan.memory import available_bytes

    monkeypatch.delenv("MARSPLAN_MAX_MEMORY", raising=False)
    assert abs(limit_bytes() - available_bytes() // 2) < 2**28  # (the system's figure moves between two reads)
    for text, expected in (("512M", 512 * 2**20), ("8G", 8 * 2**30), ("8GiB", 8 * 2**30), ("1000", 1000)):
        monkeypatch.setenv("MARSPLAN_MAX_MEMORY", text)
        assert limit_bytes() == expected
    monkeypatch.setenv("MARSPLAN_MAX_MEMORY", "lots")
    with pytest.raises(InputError, match="MARSPLAN_MAX_MEMORY"):
        limit_bytes()
    monkeypatch.setenv("MARSPLAN_MAX_MEMORY", "1G")
    with pytest.raises(InputError, match=r"about 2\.0 GiB .* limit here is 1\.0 GiB") as caught:
        check_memory(2 * 2**30, "this", param="step_days")
    assert caught.value.param == "step_days" and format_bytes(1536) == "1.5 KiB"


def test_a_porkchop_over_the_memory_limit_is_refused_before_it_is_computed(monkeypatch):
    from click.testing import CliRunner

    import marsplan.trajectory.grid as grid
    from marsplan.cli import app

    monkeypatch.setenv("MARSPLAN_MAX_MEMORY", "20M")
    monkeypatch.setattr(grid, "_porkchop_dataset", lambda *a, **k: (_ for _ in ()).throw(AssertionError("computed")))
    result = CliRunner().invoke(app, ["porkchop", "--depart", "2026-01-01:2027-01-01", "--tof", "100:500"])
    assert result.exit_code == 2 and "would need about" in result.stderr and "--step" in result.stderr


def test_a_porkchop_whose_json_would_not_fit_is_refused_before_its_grid_is_computed(monkeypatch):
    from click.testing import CliRunner

    import marsplan.trajectory.grid as grid
    from marsplan.cli import app

    monkeypatch.setenv("MARSPLAN_MAX_MEMORY", "100M")  # the grid (88 MB) fits, its JSON (670 MB) does not
    monkeypatch.setattr(grid, "_porkchop_dataset", lambda *a, **k: (_ for _ in ()).throw(AssertionError("computed")))
    args = ["porkchop", "--depart", "2026-01-01:2028-01-01", "--tof", "100:500"]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 2 and "the JSON of a 293,131-cell porkchop" in result.stderr, result.stderr
    assert "--format csv" in result.stderr
