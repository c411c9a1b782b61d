"""Issue 29, caches: an entry holds data, never code; a corrupt, foreign or partial one is recomputed with one
line on stderr; a failed write leaves no temporary file."""

import errno
import json
import pickle
from pathlib import Path

import numpy as np
import pytest

import marsplan.trajectory.cache as cache


class _Payload:
    """Unpickling this creates ``marker``: what a crafted cache file would do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


class _Counter:
    def __init__(self, value):
        self.calls, self.value = 0, value

    def __call__(self):
        self.calls += 1
        return self.value


_EPH = type("Eph", (), {"path": __file__})()
_VALUE = {"c3_km2_s2": 9.18, "curve": np.linspace(0.0, 1.0, 5), "window": ("2026", None), "nan": float("nan")}


@pytest.fixture
def store(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("MARSPLAN_CACHE_DIR", str(directory))
    monkeypatch.delenv("MARSPLAN_NO_CACHE", raising=False)
    return directory


def _same(a, b):
    assert a.keys() == b.keys()
    np.testing.assert_array_equal(a["curve"], b["curve"])
    assert a["c3_km2_s2"] == b["c3_km2_s2"] and a["window"] == b["window"] and np.isnan(b["nan"])


def _entry(store):
    (path,) = store.glob("survey-*.npz")
    return path


def test_a_crafted_pickle_in_the_cache_is_never_executed(store, tmp_path, capsys):
    # the payload is live: unpickling it does create its marker
    probe = tmp_path / "probe"
    pickle.loads(pickle.dumps(_Payload(probe)))  # noqa: S301 - the test's own payload, to show it works
    assert probe.exists()

    compute = _Counter(_VALUE)
    cache.cached("survey", {"start": "2026"}, _EPH, compute)
    entry = _entry(store)
    marker = tmp_path / "executed"
    crafted = pickle.dumps(_Payload(marker))
    # at the entry's path, at the name the pickle cache used, and in every file of the cache directory
    for path in [*store.iterdir(), entry.with_suffix(".pickle")]:
        path.write_bytes(crafted)
    # an npz whose array is a pickled object: numpy refuses it unread (allow_pickle=False)
    objects = np.empty(1, dtype=object)
    objects[0] = _Payload(marker)
    other = store / "survey-crafted.npz"
    np.savez(other, meta=np.frombuffer(b"{}", np.uint8), sha256=np.array("0" * 64), a0=objects)
    capsys.readouterr()
    again = cache.cached("survey", {"start": "2026"}, _EPH, compute)
    assert not marker.exists()
    _same(_VALUE, again)
    assert compute.calls == 2  # recomputed
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ignored a corrupt cache entry" in err and entry.name in err
    entry.rename(other)  # the crafted npz under the entry's own name
    np.savez(entry, meta=np.frombuffer(b"{}", np.uint8), sha256=np.array("0" * 64), a0=objects)
    cache.cached("survey", {"start": "2026"}, _EPH, compute)
    assert not marker.exists() and compute.calls == 3


def _rewrite(path, **changes):
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays.update(changes)
    path.unlink()
    with path.open("wb") as handle:
        np.savez(handle, **arrays)


def _damage(kind, path):
    data = path.read_bytes()
    if kind == "wrong type":
        path.write_text("a survey, honest\n")
    elif kind == "truncated":
        path.write_bytes(data[:len(data) // 2])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "edited checksum":
        _rewrite(path, sha256=np.array("f" * 64))
    elif kind == "edited value":
        with np.load(path, allow_pickle=False) as archive:
            curve = archive["a0"].copy()
        curve[2] = 7.0
        _rewrite(path, a0=curve)
    elif kind == "other format":  # a whole, checksummed entry of another format: foreign
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files if name not in ("meta", "sha256")}
            meta = json.loads(archive["meta"].tobytes())
        meta["format"] = cache.CACHE_FORMAT - 1
        text = json.dumps(meta).encode()
        _rewrite(path, meta=np.frombuffer(text, np.uint8), sha256=np.array(cache._digest(text, arrays)))
    else:  # a directory where the file was
        path.unlink()
        path.mkdir()


@pytest.mark.parametrize("kind", ["wrong type", "truncated", "empty", "edited checksum", "edited value",
                                  "other format", "a directory"])
def test_a_corrupt_or_foreign_entry_is_recomputed_with_one_line(store, capsys, kind):
    compute = _Counter(_VALUE)
    cache.cached("survey", {"start": "2026"}, _EPH, compute)
    entry = _entry(store)
    _damage(kind, entry)
    capsys.readouterr()
    _same(_VALUE, cache.cached("survey", {"start": "2026"}, _EPH, compute))
    assert compute.calls == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("marsplan: ignored a corrupt cache entry") and entry.name in err
    if kind != "a directory":  # the entry is written again, and then read quietly
        _same(_VALUE, cache.cached("survey", {"start": "2026"}, _EPH, compute))
        assert compute.calls == 2 and capsys.readouterr().err == ""
    assert not list(store.glob(".tmp-*"))


def test_a_full_disk_leaves_no_temporary_file(store, monkeypatch, capsys):
    def disk_full(file, *args, **kwargs):
        file.write(b"PK\x03\x04 half an archive")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache.np, "savez", disk_full)
    compute = _Counter(_VALUE)
    _same(_VALUE, cache.cached("survey", {"start": "2026"}, _EPH, compute))
    assert list(store.iterdir()) == []  # neither an entry nor a .tmp-* file
    monkeypatch.undo()
    monkeypatch.setenv("MARSPLAN_CACHE_DIR", str(store))
    cache.cached("survey", {"start": "2026"}, _EPH, compute)
    assert compute.calls == 2 and [p.suffix for p in store.iterdir()] == [".npz"]
    assert capsys.readouterr().err == ""


def test_a_value_with_no_safe_form_is_returned_and_not_stored(store):
    compute = _Counter({"handle": object()})
    assert cache.cached("survey", {"start": "2026"}, _EPH, compute) is compute.value
    assert not store.exists() or list(store.iterdir()) == []


def test_a_real_survey_round_trips_exactly(store):
    from marsplan.astro.ephemeris import load
    from marsplan.trajectory.survey import windows

    eph = load()
    compute = _Counter(None)

    def survey():
        compute()
        found = windows("earth", "mars", "2026-06-01", "2027-03-01", step_days=4.0, tof_days=(120, 400),
                        ephemeris=eph)
        found.venus["2026"] = {"flyby": "venus", "c3_km2_s2": 12.5}
        return found

    key = {"start": "2026-06-01", "end": "2027-03-01", "step": 4.0}
    fresh = cache.cached("survey", key, eph, survey)
    read = cache.cached("survey", key, eph, survey)
    assert compute.calls == 1
    again = survey()  # computed once more, for the comparison
    assert type(read) is type(fresh) and len(read) == len(fresh) >= 1
    assert repr(list(read)) == repr(list(fresh)) == repr(list(again))  # every float, NaN included, exactly
    assert read.to_dict() == fresh.to_dict() and read.venus == fresh.venus
    assert (read.origin, read.target, read.max_c3) == (fresh.origin, fresh.target, fresh.max_c3)
    for name in ("departure_tdb_jd", "best", "best_tof_days"):
        a, b = getattr(read.daily, name), getattr(fresh.daily, name)
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    assert read[0].best().departure == fresh[0].best().departure
