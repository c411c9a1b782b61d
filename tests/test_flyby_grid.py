"""Porkchops through a flyby (issue 25): each cell's flyby date against a brute-force scan on exact DE440 states."""

import numpy as np
import pytest

from marsplan.errors import InputError
from marsplan.trajectory.flyby_grid import flyby_porkchop
from marsplan.trajectory.mga import MGAProblem


@pytest.fixture(scope="module")
def evm_2026():
    return flyby_porkchop(("earth", "venus", "mars"), ("2026-03-01", "2026-05-30"), ("2027-04-01", "2027-07-30"),
                          step_days=15)


def test_each_cell_has_the_best_flyby_date(evm_2026):
    """The kernel's flyby date (a scan, a golden-section search, Hermite-interpolated Venus) against 20,001 flyby
    dates on exact DE440 states through the MGA objective: as good or better, the same date within 0.05 day."""
    ds = evm_2026
    tot = ds.total_dv_km_s.values
    rng = np.random.default_rng(2)
    cells = [np.unravel_index(np.nanargmin(tot), tot.shape)]
    finite = np.argwhere(np.isfinite(tot))
    cells += [tuple(finite[k]) for k in rng.choice(len(finite), 4, replace=False)]
    for i, j in cells:
        t0, t2 = float(ds.departure_tdb_jd[i]), float(ds.arrival_tdb_jd[j])
        prob = MGAProblem(("earth", "venus", "mars"), (t0, t0), ((1.0, 2000.0), (1.0, 2000.0)))
        t1 = np.linspace(t0 + 40.0, t2 - 40.0, 20_001)
        brute = prob.batch(np.stack([np.full_like(t1, t0), t1 - t0, t2 - t1], axis=1))[:, 0]
        k = int(np.argmin(brute))
        assert tot[i, j] <= brute[k] + 1e-6
        if brute[k] < 50.0:  # a clear minimum (very costly cells can have several near-equal dates)
            assert abs(float(ds.flyby_tdb_jd.values[i, j]) - t1[k]) < 0.05


def test_the_flyby_grid_reports_its_parts(evm_2026):
    ds = evm_2026
    ok = np.isfinite(ds.total_dv_km_s.values)
    assert ok.mean() > 0.9
    parts = np.sqrt(ds.c3_km2_s2.values) + ds.flyby_dv_km_s.values + ds.vinf_arrival_km_s.values
    np.testing.assert_allclose(ds.total_dv_km_s.values[ok], parts[ok], rtol=1e-12)
    assert np.all(ds.flyby_periapsis_km.values[ok] >= 6_051.8 + 200.0 - 1e-6)
    departure = np.broadcast_to(ds.departure_tdb_jd.values[:, None], ok.shape)
    arrival = np.broadcast_to(ds.arrival_tdb_jd.values[None, :], ok.shape)
    assert np.all(ds.flyby_tdb_jd.values[ok] >= departure[ok] + 40.0 - 1e-9)
    assert np.all(ds.flyby_tdb_jd.values[ok] <= arrival[ok] - 40.0 + 1e-9)


def test_bad_flyby_grids():
    with pytest.raises(InputError, match="three bodies"):
        flyby_porkchop(("earth", "mars"), ("2026-01-01", "2026-02-01"), ("2026-06-01", "2026-07-01"))
    with pytest.raises(InputError, match="cells"):
        flyby_porkchop(("earth", "venus", "mars"), ("2026-01-01", "2030-01-01"), ("2026-06-01", "2031-07-01"),
                       step_days=0.1)
