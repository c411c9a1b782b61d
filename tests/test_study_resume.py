"""Issue 29, studies: resume verifies every point file (its study's hash, its checksum, strict JSON), refuses a
foreign, edited or malformed one with one line or recomputes it with ``repair``; outputs are replaced atomically."""

import hashlib
import json
import os
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from marsplan.cli import app
from marsplan.errors import InputError
from marsplan.scenario import parse_scenario
from marsplan.study import run_study
from marsplan.study.spec import StudySpec

SCENARIO = '''
[campaign]
name = "one-ship"
title = "One cargo Starship in the 2026 window"
start = "2026-01-01"
horizon_years = 2
[[missions]]
name = "Cargo 2026"
opportunity = 2026
kind = "cargo"
ships = 1
[fleet]
launch_failure_probability = 0.0
[settlement]
growth_factor = 0.0
'''


def _spec(runs=40, scenario="mars-2026"):
    return StudySpec.model_validate({
        "study": {"name": "resume", "scenario": str(scenario), "method": "sweep", "samples": 3,
                  "runs_per_point": runs, "seed": 1},
        "parameters": [{"name": "p_land", "path": "fleet.landing_failure_probability", "low": 0.0, "high": 1.0}]})


@pytest.fixture(scope="module")
def scenario():
    return parse_scenario(SCENARIO)


@pytest.fixture(scope="module")
def fresh(scenario):
    return run_study(_spec(), scenario=scenario)


def _same(a, b):
    for name, values in a.outputs.items():
        np.testing.assert_array_equal(values, b.outputs[name], err_msg=name)
    assert a.verdicts == b.verdicts


def _run(scenario, out, runs=40, **kwargs):
    return run_study(_spec(runs), scenario=scenario, out_dir=out, **kwargs)


def _forge(path, change):
    """Edit a point and write its checksum again, as a careful forger would."""
    data = json.loads(path.read_text())
    del data["sha256"]
    change(data)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=True)
    data["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=True))


def _refused(scenario, out, name, why):
    with pytest.raises(InputError, match=rf"{name}: {why}") as caught:
        _run(scenario, out, resume=True)
    assert "\n" not in str(caught.value) and "repair" in str(caught.value)


def test_a_point_file_carries_its_study_hash_its_index_and_its_checksum(tmp_path, scenario, fresh):
    result = _run(scenario, tmp_path)
    _same(fresh, result)
    data = json.loads((tmp_path / "points" / "point-000002.json").read_text())
    assert set(data) == {"format", "study", "index", "outputs", "verdicts", "sha256"} and data["index"] == 2
    assert data["outputs"]["year_self_sustaining_p50"] is None  # never self-sustaining: null, never NaN
    assert _run(scenario, tmp_path, resume=True).computed == 0


def test_a_foreign_point_is_refused(tmp_path, scenario):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    _run(scenario, ours)
    _run(scenario, theirs, runs=41)
    shutil.copy(theirs / "points" / "point-000001.json", ours / "points")
    _refused(scenario, ours, "point-000001.json", "a point of another study")
    # with the study record deleted, every point still names its study
    (ours / "points" / "study-spec.json").unlink()
    for path in (theirs / "points").glob("point-*.json"):
        shutil.copy(path, ours / "points")
    _refused(scenario, ours, "point-000000.json", "a point of another study")
    # a point copied under another point's name
    _run(scenario, ours)
    shutil.copy(ours / "points" / "point-000000.json", ours / "points" / "point-000002.json")
    _refused(scenario, ours, "point-000002.json", "holds point 0, not point 2")


@pytest.mark.parametrize(("edit", "why"), [
    (lambda t: t.replace('"mass_landed_t":100.0', '"mass_landed_t":99.0'), "edited since it was written"),
    (lambda t: t.replace('"mass_landed_t":100.0', '"mass_landed_t":null'), "edited since it was written"),
    (lambda t: t.replace('"mass_landed_t":100.0', '"mass_landed_t":Infinity'), "not strict JSON"),
    (lambda t: t.replace('"mass_landed_t":100.0', '"mass_landed_t":NaN'), "not strict JSON"),
    (lambda t: "{broken", "not strict JSON"),
    (lambda t: "", "not strict JSON"),
    (lambda t: "[1, 2]", "not a point of this marsplan"),
    (lambda t: json.dumps({k: v for k, v in json.loads(t)["outputs"].items()}), "not a point of this marsplan"),
])
def test_an_edited_or_malformed_point_is_refused(tmp_path, scenario, edit, why):
    _run(scenario, tmp_path)
    path = tmp_path / "points" / "point-000000.json"
    text = path.read_text()
    assert edit(text) != text
    path.write_text(edit(text))
    _refused(scenario, tmp_path, "point-000000.json", why)


@pytest.mark.parametrize(("change", "why"), [
    (lambda d: d["outputs"].update(mass_landed_t=None), "mass_landed_t is null"),
    (lambda d: d["outputs"].update(mass_landed_t=float("inf")), "not strict JSON"),
    (lambda d: d["outputs"].update(mass_landed_t=1e999), "not strict JSON"),
    (lambda d: d["outputs"].update(mass_landed_t=1e308), None),  # written below as 1e999: out of range
    (lambda d: d["outputs"].update(mass_landed_t="100"), "mass_landed_t is not a finite number"),
    (lambda d: d["outputs"].pop("launches"), "its outputs are not this study's"),
    (lambda d: d["verdicts"].update(claim=1), "its verdicts are not text"),
])
def test_a_forged_point_with_a_good_checksum_but_bad_values_is_refused(tmp_path, scenario, change, why):
    _run(scenario, tmp_path)
    path = tmp_path / "points" / "point-000001.json"
    _forge(path, change)
    if why is None:
        path.write_text(path.read_text().replace("1e+308", "1e999"))
        why = r"not strict JSON \(1e999 is out of range\)"
    _refused(scenario, tmp_path, "point-000001.json", why)


def test_repair_recomputes_every_refused_point(tmp_path, scenario, fresh):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    _run(scenario, ours)
    _run(scenario, theirs, runs=41)
    points = ours / "points"
    shutil.copy(theirs / "points" / "point-000000.json", points)  # foreign
    edited = points / "point-000001.json"
    edited.write_text(edited.read_text().replace('"launches":7.0', '"launches":8.0'))
    _forge(points / "point-000002.json", lambda d: d["outputs"].update(p_lost=None))
    (points / "point-7.json").write_text("{}")  # not a point's name
    with pytest.raises(InputError, match="repair works with resume"):
        _run(scenario, ours, repair=True)
    repaired = _run(scenario, ours, resume=True, repair=True)
    assert repaired.computed == 3
    _same(fresh, repaired)
    assert sorted(p.name for p in points.glob("point-*.json")) == [f"point-00000{i}.json" for i in range(3)]
    assert _run(scenario, ours, resume=True).computed == 0


def test_the_cli_refuses_a_bad_point_in_one_line_and_repairs_it(tmp_path):
    scenario = tmp_path / "one-ship.toml"
    scenario.write_text(SCENARIO)
    study = tmp_path / "study.toml"
    study.write_text(f'[study]\nname = "resume"\nscenario = "{scenario}"\nmethod = "sweep"\nsamples = 2\n'
                     'runs_per_point = 20\nseed = 1\n[[parameters]]\nname = "p_land"\n'
                     'path = "fleet.landing_failure_probability"\nlow = 0.0\nhigh = 1.0\n')
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["study", str(study), "--out", str(out)]).exit_code == 0
    (out / "points" / "point-000001.json").write_text('{"format": 2, "outputs": {"p_lost": Infinity}}')
    result = runner.invoke(app, ["study", str(study), "--out", str(out), "--resume"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "point-000001.json: not strict JSON" in line and "--repair" in line and "--resume" in line
    result = runner.invoke(app, ["study", str(study), "--out", str(out), "--resume", "--repair"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["study", str(study), "--out", str(out), "--repair"])
    assert result.exit_code == 2 and "--repair works with --resume" in result.stderr


def test_a_kill_between_writes_leaves_the_old_outputs_whole(tmp_path, scenario, monkeypatch):
    import xarray as xr

    _run(scenario, tmp_path)
    nc, js, point = tmp_path / "study.nc", tmp_path / "study.json", tmp_path / "points" / "point-000000.json"
    before = {f: f.read_bytes() for f in (nc, js, point)}
    real_replace = os.replace

    def kill_at(name):
        def replace(src, dst):
            if str(dst).endswith(name):
                assert os.path.getsize(src) > 0  # the new file is whole beside the old one: then the kill
                raise KeyboardInterrupt
            return real_replace(src, dst)
        return replace

    monkeypatch.setattr(os, "replace", kill_at("study.nc"))
    with pytest.raises(KeyboardInterrupt):
        _run(scenario, tmp_path, runs=41)
    assert nc.read_bytes() == before[nc] and js.read_bytes() == before[js]
    with xr.open_dataset(nc, engine="scipy") as ds:
        assert ds.sizes["point"] == 3 and ds.attrs["runs_per_point"] == 40
    monkeypatch.setattr(os, "replace", kill_at("study.json"))
    with pytest.raises(KeyboardInterrupt):
        _run(scenario, tmp_path)
    assert js.read_bytes() == before[js]  # the old summary, whole, beside the new data set, whole
    with xr.open_dataset(nc, engine="scipy") as ds:
        assert ds.sizes["point"] == 3 and ds.attrs["runs_per_point"] == 40
    point.unlink()
    monkeypatch.setattr(os, "replace", kill_at("point-000000.json"))
    with pytest.raises(KeyboardInterrupt):
        _run(scenario, tmp_path, resume=True)
    assert not point.exists()  # a checkpoint is there whole or not at all
    assert not [p.name for p in tmp_path.rglob(".*")]  # and no temporary file stays
    monkeypatch.setattr(os, "replace", real_replace)
    assert _run(scenario, tmp_path, resume=True).computed == 1
    assert point.read_bytes() == before[point]


@pytest.mark.parametrize("swap", ["fifo", "dev-zero"])
def test_a_point_file_that_never_ends_is_refused_not_read(tmp_path, scenario, swap):
    """A FIFO in a point's place hung the resume; a link to /dev/zero ate memory (exit 1)."""
    out = tmp_path / "s"
    _run(scenario, out)
    point = sorted((out / "points").glob("point-*.json"))[1]
    point.unlink()
    if swap == "fifo":
        os.mkfifo(point)
    else:
        point.symlink_to("/dev/zero")
    _refused(scenario, out, point.name, "is a (FIFO|character device)")
    again = _run(scenario, out, resume=True, repair=True)
    assert again.computed == 1
