"""NAIF SPK export (issue 27): a transfer written as a type 13 kernel reads back with NAIF's own SPICE toolkit
(spiceypy) to 1 m and 1 mm/s at the samples, and between them to 1 m of marsplan's own Kepler propagation; jplephem,
a second DAF reader, finds the segment's summary and data where the SPK spec puts them."""

import numpy as np
import pytest
import spiceypy
from click.testing import CliRunner
from jplephem.spk import SPK

import marsplan
from marsplan.astro.bodies import mu_km3_s2
from marsplan.astro.kepler import propagate
from marsplan.astro.time import utc_to_tdb_jd
from marsplan.cli import app
from marsplan.errors import InputError
from marsplan.trajectory.export import spk_bytes, transfer_states

TARGET, SUN, J2000_FRAME, TYPE_13 = -1_000_001, 10, 1, 13


def _cargo_2026(points=200):
    return transfer_states("earth", "mars", utc_to_tdb_jd("2026-10-31"), utc_to_tdb_jd("2027-08-19"), points=points)


def _et(tdb_jd):
    return (np.asarray(tdb_jd) - 2_451_545.0) * 86_400.0


def _spice_states(path, et):
    """States of the default target relative to the Sun in J2000, as SPICE reads them from the kernel at ``path``."""
    spiceypy.furnsh(str(path))
    try:
        return np.array([spiceypy.spkgeo(TARGET, float(e), "J2000", SUN)[0] for e in et])
    finally:
        spiceypy.kclear()


def test_spice_reads_the_states_back_and_interpolates_between_them(tmp_path):
    t, r, v = _cargo_2026()
    path = tmp_path / "cargo-2026.bsp"
    path.write_bytes(spk_bytes(t, r, v))
    et = _et(t)
    mid = 0.5 * (et[1:] + et[:-1])
    states = _spice_states(path, np.concatenate([et, mid]))
    at_samples, between = states[:t.size], states[t.size:]
    np.testing.assert_allclose(at_samples[:, :3], r, rtol=0, atol=1e-3)  # km: 1 m
    np.testing.assert_allclose(at_samples[:, 3:], v, rtol=0, atol=1e-6)  # km/s: 1 mm/s
    # between the samples (1.5 days apart): SPICE's Hermite interpolation against the two-body arc itself
    r_kepler, v_kepler = propagate(np.broadcast_to(r[0], (mid.size, 3)), np.broadcast_to(v[0], (mid.size, 3)),
                                   mid - et[0], mu_km3_s2("sun"))
    np.testing.assert_allclose(between[:, :3], r_kepler, rtol=0, atol=1e-3)
    np.testing.assert_allclose(between[:, 3:], v_kepler, rtol=0, atol=1e-6)


@pytest.mark.parametrize(("points", "window_size"), [(200, 7), (301, 8), (40, 2), (3, 7)])
def test_jplephem_finds_the_segment_where_the_spec_puts_it(tmp_path, points, window_size):
    # jplephem reads DAF files but does not interpolate type 13: it checks the container, SPICE the interpolation
    t, r, v = _cargo_2026(points)
    data = spk_bytes(t, r, v, window_size=window_size, segment_name="Cargo 2026")
    assert data[:8] == b"DAF/SPK " and data[88:96] == b"LTL-IEEE" and len(data) % 1024 == 0
    path = tmp_path / "x.bsp"
    path.write_bytes(data)
    kernel = SPK.open(str(path))
    try:
        (segment,) = kernel.segments
        assert segment.source == b"Cargo 2026"
        assert (segment.target, segment.center, segment.frame, segment.data_type) == (TARGET, SUN, J2000_FRAME,
                                                                                         TYPE_13)
        assert (segment.start_second, segment.end_second) == (_et(t[0]), _et(t[-1]))
        words = kernel.daf.read_array(segment.start_i, segment.end_i)
    finally:
        kernel.close()
    n, directory = points, (points - 1) // 100
    assert words.size == 7 * n + directory + 2
    np.testing.assert_array_equal(words[:6 * n].reshape(n, 6), np.hstack([r, v]))
    np.testing.assert_array_equal(words[6 * n:7 * n], _et(t))
    np.testing.assert_array_equal(words[7 * n:7 * n + directory], _et(t)[99:100 * directory:100])
    assert list(words[-2:]) == [min(window_size, n) - 1, n]
    states = _spice_states(path, _et(t))  # SPICE reads every window size, the even and the odd
    np.testing.assert_allclose(states[:, :3], r, rtol=0, atol=1e-3)


@pytest.mark.parametrize(("change", "param"), [
    ({"epochs_tdb_jd": [2461345.0]}, "epochs_tdb_jd"),            # fewer epochs than states
    ({"epochs_tdb_jd": "reversed"}, "epochs_tdb_jd"),             # epochs must increase
    ({"r_km": "nan"}, "r_km"),
    ({"v_km_s": [[1.0, 2.0]] * 5}, "r_km"),                       # 2 components, not 3
    ({"target_id": 10}, "target_id"),                             # the centre itself
    ({"target_id": 2**31}, "target_id"),
    ({"center_id": 10.0}, "center_id"),
    ({"frame": "ICRF"}, "frame"),
    ({"window_size": 1}, "window_size"),
    ({"window_size": 15}, "window_size"),
    ({"window_size": True}, "window_size"),
    ({"segment_name": "x" * 41}, "segment_name"),
    ({"segment_name": "Mars\u00e9"}, "segment_name"),
])
def test_bad_input_is_an_input_error(change, param):
    t, r, v = _cargo_2026(5)
    args = {"epochs_tdb_jd": t, "r_km": r, "v_km_s": v}
    if change.get("epochs_tdb_jd") == "reversed":
        change = {"epochs_tdb_jd": t[::-1]}
    if change.get("r_km") == "nan":
        change = {"r_km": np.where(np.arange(15).reshape(5, 3) == 7, np.nan, r)}
    args.update(change)
    with pytest.raises(InputError) as info:
        spk_bytes(args.pop("epochs_tdb_jd"), args.pop("r_km"), args.pop("v_km_s"), **args)
    assert info.value.param == param


def test_cli_transfer_writes_an_spk_that_spice_reads(tmp_path):
    path = tmp_path / "tmp" / "x.bsp"
    result = CliRunner().invoke(app, ["transfer", "--leave", "2026-10-31", "--arrive", "2027-08-19",
                                      "--spk", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {path}" in result.output
    t, r, v = _cargo_2026()
    states = _spice_states(path, _et(t))
    np.testing.assert_allclose(states[:, :3], r, rtol=0, atol=1e-3)
    np.testing.assert_allclose(states[:, 3:], v, rtol=0, atol=1e-6)
    assert np.linalg.norm(states[-1, :3] - marsplan.state("mars", t[-1])[0]) < 1.0  # km: the arc meets Mars

    wrong = tmp_path / "x.spk"
    result = CliRunner().invoke(app, ["transfer", "--spk", str(wrong)])
    assert result.exit_code == 2 and ".bsp" in result.output and not wrong.exists()
