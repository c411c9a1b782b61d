"""Issues 27-29, as a hostile reviewer found them: one --out written by one run at a time, a study never writes
over a folder of someone else's files, output places judged by their file system, cut windows flagged."""

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from click.testing import CliRunner

from marsplan.cli import app

runner = CliRunner()

_HOLD = """
import contextlib, sys, time
from marsplan.report.output import output_lock
with contextlib.ExitStack() as held:
    for path in sys.argv[1:]:
        held.enter_context(output_lock(path))
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_run_on_the_same_out_fails_at_once_before_any_work(tmp_path, monkeypatch):
    out, grid_file = tmp_path / "report", tmp_path / "grid.nc"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(out), str(grid_file)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        import marsplan.pipeline as pipeline

        monkeypatch.setattr(pipeline, "_plan", lambda *a, **k: (_ for _ in ()).throw(AssertionError("computed")))
        started = time.monotonic()
        for args in (["plan", "--quick", "--out", str(out)], ["study", "city-2046-sensitivity", "--out", str(out)],
                     ["porkchop", "--step", "10", "--out", str(grid_file)]):
            result = runner.invoke(app, args)
            assert result.exit_code == 2 and "another marsplan run is writing it" in result.stderr, result.stderr
        assert time.monotonic() - started < 30  # (not a timing claim: the plan's work would take longer)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    # the holder is gone: the lock is free again (a killed holder's lock dies with it)
    from marsplan.report.output import output_lock

    with output_lock(out):
        pass


def test_a_study_never_writes_over_a_folder_of_other_files(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.html").write_text("mine")
    result = runner.invoke(app, ["study", "city-2046-sensitivity", "--out", str(mine)])
    assert result.exit_code == 2 and "not a marsplan study" in result.stderr
    assert (mine / "report.html").read_text() == "mine"


def test_output_places_are_judged_by_their_file_system(tmp_path):
    from marsplan.errors import OutputError
    from marsplan.report.output import check_output_file, check_writable_dir

    for system in ("/proc/x.nc", "/sys/x.nc"):
        with pytest.raises(OutputError, match="system's (proc|sysfs) file system"):
            check_output_file(system)
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        check_writable_dir("/dev/shm")  # a tmpfs where files belong
    # a refused output leaves no folder behind
    result = runner.invoke(app, ["transfer", "--leave", "2026-10-31", "--arrive", "2027-08-19", "--spk",
                                 str(tmp_path / "new" / "a" / "x.spk")])
    assert result.exit_code == 2 and not (tmp_path / "new").exists()
    result = runner.invoke(app, ["plan", "--out", "/proc/x"])
    assert result.exit_code == 2 and "--out /proc/x:" in result.stderr  # the path given, not its folder


def test_a_window_cut_by_the_searched_dates_says_so():
    """2026's window opens 2026-09-21 (C3 <= 20): searching from 2026-10-15 cuts it; the table marks it."""
    result = runner.invoke(app, ["windows", "--from", "2026-10-15", "--to", "2027-06-01", "--format", "json"])
    first = json.loads(result.stdout)[0]["c3_below_threshold"]
    assert first["first_departure"] == "2026-10-15" and first["cut_by_range"] == ["start"]
    whole = json.loads(runner.invoke(app, ["windows", "--from", "2026-06-01", "--to", "2027-06-01", "--format",
                                           "json"]).stdout)[0]["c3_below_threshold"]
    assert whole["first_departure"] == "2026-09-21" and whole["cut_by_range"] == []
    table = runner.invoke(app, ["windows", "--from", "2026-10-15", "--to", "2027-06-01"]).stdout
    assert "< 2026-10-15" in table and "cut the window" in table


def test_a_nan_epoch_is_an_error_not_a_nan_state():
    """One epoch of NaN is a mistake; in an array, a NaN epoch gets a NaN state (the vector convention)."""
    import marsplan
    from marsplan.errors import MarsplanError

    for epoch in (float("nan"), float("inf"), np.float64("nan")):
        with pytest.raises(MarsplanError, match="NaN or infinite"):
            marsplan.state("mars", epoch)


def test_a_well_formed_cache_entry_with_wrong_contents_is_recomputed(tmp_path, monkeypatch, capsys):
    """A valid checksum is no proof of sense: a survey entry without its daily minima is refused and recomputed."""
    import numpy as np

    import marsplan.trajectory.cache as cache
    from marsplan.astro.ephemeris import load

    monkeypatch.setenv("MARSPLAN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("MARSPLAN_NO_CACHE", raising=False)
    written = []
    real = cache._write_entry
    monkeypatch.setattr(cache, "_write_entry", lambda path, identity, value: (written.append((path, identity)),
                                                                              real(path, identity, value)))
    cache.cached("survey", {"x": 1}, load(), lambda: {"ok": 1})
    path, identity = written[0]
    tree = {"object": "WindowSurvey", "items": [{"list": []}],
            "state": {"daily": 5, "origin": "earth", "target": "mars", "max_c3": 20.0, "venus": None}}
    meta = json.dumps({"format": cache.CACHE_FORMAT, "key": identity, "value": tree}).encode()
    np.savez(path, meta=np.frombuffer(meta, dtype=np.uint8), sha256=np.array(cache._digest(meta, {})))
    assert cache.cached("survey", {"x": 1}, load(), lambda: {"ok": 2}) == {"ok": 2}
    assert "ignored a corrupt cache entry" in capsys.readouterr().err


def _tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_study_folder_is_replaced_whole_points_and_all(tmp_path, short_scenario, monkeypatch):
    """study.nc, study.json and report.html change together: a kill before the swap leaves the old three exactly
    as they were (no new study.nc beside an old study.json), and nothing half-made beside them.  The points are
    checkpoints, written as they finish (each whole, each carrying its study's hash: a resume verifies them)."""
    import marsplan.report.study_section as study_section

    spec = tmp_path / "s.toml"
    spec.write_text(f'[study]\nname = "s"\nscenario = "{short_scenario}"\nseed = 1\nruns_per_point = 20\n'
                    'method = "sweep"\nsamples = 2\n[[parameters]]\nname = "p_land"\n'
                    'path = "fleet.landing_failure_probability"\nlow = 0.0\nhigh = 0.5\n')
    out = tmp_path / "out"
    first = runner.invoke(app, ["study", str(spec), "--out", str(out)])
    assert first.exit_code == 0, first.stderr
    before = _tree(out)
    assert {"study.nc", "study.json", "report.html"} <= set(before) and any(k.startswith("points/") for k in before)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # after the new study.nc and study.json were written, before the swap

    monkeypatch.setattr(study_section, "write_study_report", killed)
    spec.write_text(spec.read_text().replace("seed = 1", "seed = 2"))
    interrupted = runner.invoke(app, ["study", str(spec), "--out", str(out)])
    assert interrupted.exit_code == 130
    results = ("study.nc", "study.json", "report.html")
    assert {k: v for k, v in _tree(out).items() if k in results} == {k: before[k] for k in results}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "s.toml"]  # no temporary folder or lock left
    monkeypatch.undo()
    again = runner.invoke(app, ["study", str(spec), "--out", str(out), "--resume"])
    assert again.exit_code == 0, again.stderr
    after = _tree(out)
    assert after["study.json"] != before["study.json"] and any(k.startswith("points/") for k in after)
