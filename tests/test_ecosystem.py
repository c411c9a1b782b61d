"""marsplan among its users' tools (issue 27): every date type gives the same epoch, pipes and file modes behave as
Unix tools do, and Dask is an extra that says so when it is missing."""

import datetime as dt
import os
import stat
import subprocess
import sys

import numpy as np
import pytest

import marsplan
from marsplan.astro.time import as_tdb_jd, utc_to_tdb_jd
from marsplan.errors import MarsplanError


def test_every_date_type_gives_the_same_state():
    astropy_time = pytest.importorskip("astropy.time")
    jd = utc_to_tdb_jd("2026-11-05T12:00:00")
    reference = marsplan.state("mars", jd)
    epochs = ["2026-11-05T12:00:00", dt.datetime(2026, 11, 5, 12), dt.datetime(2026, 11, 5, 12, tzinfo=dt.UTC),
              np.datetime64("2026-11-05T12:00:00"), jd, astropy_time.Time("2026-11-05T12:00:00", scale="utc"),
              astropy_time.Time(jd, format="jd", scale="tdb")]
    for epoch in epochs:
        r, v = marsplan.state("mars", epoch)
        # astropy converts UTC to TDB on its own (ERFA, through TAI and TT): the same instant within 1 m
        np.testing.assert_allclose(r, reference[0], rtol=0, atol=1e-3, err_msg=repr(epoch))
        np.testing.assert_allclose(v, reference[1], rtol=0, atol=1e-9, err_msg=repr(epoch))
    # arrays of each, shaped as given
    many = np.array(["2026-11-05T12:00:00", "2027-01-01T00:00:00"], dtype="datetime64[s]")
    assert marsplan.state("mars", many)[0].shape == (2, 3)
    assert as_tdb_jd([jd, jd + 1.0]).tolist() == [jd, jd + 1.0]


@pytest.mark.parametrize("bad", [object(), {"year": 2026}, "2026-13-45", np.datetime64("NaT"), True])
def test_an_unreadable_date_is_a_marsplan_error(bad):
    with pytest.raises(MarsplanError):
        marsplan.state("mars", bad)


def test_a_closed_pipe_ends_quietly():
    """`marsplan windows --format csv | head -1`: the reader leaves after one line; marsplan exits 0, silently."""
    proc = subprocess.Popen([sys.executable, "-m", "marsplan", "windows", "--from", "2026-01-01", "--to",
                             "2040-01-01", "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0, err
    assert first.startswith(b"opportunity,") and "Traceback" not in err and "error" not in err


def test_output_files_follow_the_umask(tmp_path):
    from marsplan.report.output import atomic_write_bytes

    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "grid.nc", b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "grid.nc").stat().st_mode) == 0o644


def test_dask_is_an_extra_that_says_so(monkeypatch):
    from marsplan.distribute import run_tasks

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if `pip install marsplan` without the extra
    with pytest.raises(MarsplanError, match=r"marsplan\[dask\]"):
        run_tasks(lambda shared, item: item, None, [1, 2], lambda r: None, workers=2)
    done = []
    run_tasks(lambda shared, item: item * 2, None, [1, 2], done.append)  # in-process needs no Dask
    assert done == [2, 4]


def test_porkchop_as_csv_and_as_a_plot():
    import csv
    import io

    from click.testing import CliRunner

    from marsplan.cli import app
    from marsplan.plot import porkchop as plot_porkchop
    from marsplan.trajectory import porkchop

    result = CliRunner().invoke(app, ["porkchop", "--depart", "2026-09-01:2026-10-01", "--tof", "150:300", "--step",
                                      "10", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    ds = porkchop("earth", "mars", ("2026-09-01", "2026-10-01"), (150, 300), step_days=10)
    assert len(rows) == ds.sizes["departure"] * ds.sizes["tof_days"]
    first = rows[0]
    assert first["departure"].startswith("2026-09-01") and float(first["tof_days"]) == 150.0
    assert float(first["c3_km2_s2"]) == pytest.approx(float(ds.c3_km2_s2[0, 0]), rel=1e-5)
    assert float(first["cruise_dose_msv"]) > 0
    ax = plot_porkchop(ds)
    assert ax.get_ylabel() == "time of flight (days)"


def test_oem_export_reads_back_with_an_independent_reader(tmp_path):
    """The `oem` package (CCSDS OEM reader, not marsplan's) reads `marsplan transfer --oem` back: every state
    within 1 m and 1 mm/s of marsplan's own, at the same TDB epochs; the arc ends on Mars (DE440)."""
    from click.testing import CliRunner
    from oem import OrbitEphemerisMessage

    from marsplan.cli import app
    from marsplan.trajectory.export import transfer_states

    path = tmp_path / "cargo-2026.oem"
    result = CliRunner().invoke(app, ["transfer", "--leave", "2026-10-31", "--arrive", "2027-08-19", "--points", "50",
                                      "--oem", str(path)])
    assert result.exit_code == 0, result.output
    t, r, v = transfer_states("earth", "mars", utc_to_tdb_jd("2026-10-31"), utc_to_tdb_jd("2027-08-19"), points=50)
    (segment,) = list(OrbitEphemerisMessage.open(str(path)))
    assert segment.metadata["REF_FRAME"] == "ICRF" and segment.metadata["TIME_SYSTEM"] == "TDB"
    states = list(segment.states)
    assert len(states) == 50
    for k, s in enumerate(states):
        assert abs((s.epoch.tdb.jd1 + s.epoch.tdb.jd2) - t[k]) * 86400.0 < 1e-5
        np.testing.assert_allclose(s.position, r[k], rtol=0, atol=1e-3)
        np.testing.assert_allclose(s.velocity, v[k], rtol=0, atol=1e-6)
    mars = marsplan.state("mars", t[-1])[0]
    assert np.linalg.norm(r[-1] - mars) < 1.0  # km: the propagated arc meets Mars
