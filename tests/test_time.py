"""Time scales against published definitions and conversions."""

import datetime as dt
import warnings

import numpy as np
import pytest

from marsplan.astro.time import (
    J2000_JD,
    tdb_jd_to_iso,
    tdb_jd_to_utc,
    tt_minus_utc_s,
    utc_to_tdb_jd,
    utc_to_tdb_s,
)
from marsplan.errors import TimeScaleError


def test_j2000_epoch_definition():
    # J2000.0 = 2000-01-01 12:00:00 TT = 11:58:55.816 UTC (IERS Conventions 2010, ch. 1;
    # TT - UTC = 64.184 s then).  TDB - TT never exceeds 1.7 ms (Fairhead & Bretagnon 1990).
    tdb_s = utc_to_tdb_s("2000-01-01T11:58:55.816")
    assert abs(tdb_s) < 1.7e-3
    assert utc_to_tdb_jd("2000-01-01T11:58:55.816") == pytest.approx(J2000_JD, abs=1.7e-3 / 86400)


@pytest.mark.parametrize(
    ("utc", "expected_s"),
    [
        ("1972-01-01", 42.184),  # TAI - UTC = 10 s when leap seconds began (IERS Bulletin C)
        ("1999-06-01", 64.184),  # TAI - UTC = 32 s, 1999-01-01 to 2005-12-31
        ("2016-12-31T12:00:00", 68.184),
        ("2017-01-01", 69.184),  # TAI - UTC = 37 s since 2017-01-01 (IERS Bulletin C 52)
        ("2026-11-22", 69.184),
        ("2045-01-01", 69.184),  # future: held at the last known value, by assumption
    ],
)
def test_tt_minus_utc(utc, expected_s):
    assert tt_minus_utc_s(utc) == pytest.approx(expected_s, abs=1e-6)


def test_sofa_cookbook_example():
    # SOFA "Time Scale and Calendar Tools" (IAU SOFA Board, 2021), section 4.3:
    # UTC 2006-01-15 21:24:37.5 is TDB 2006-01-15 21:25:42.684373 (its observer
    # is topocentric; the geocentric value differs by under 3 microseconds).
    published_tdb_s = (2453750.5 - J2000_JD) * 86400.0 + (21 * 3600 + 25 * 60 + 42.684373)
    assert utc_to_tdb_s("2006-01-15T21:24:37.5") == pytest.approx(published_tdb_s, abs=5e-6)


def test_leap_second_is_one_second_long():
    before = utc_to_tdb_s("2016-12-31T23:59:59")
    inside = utc_to_tdb_s("2016-12-31T23:59:60")
    after = utc_to_tdb_s("2017-01-01T00:00:00")
    assert inside - before == pytest.approx(1.0, abs=1e-6)
    assert after - inside == pytest.approx(1.0, abs=1e-6)


def test_round_trip_arrays_keep_shape():
    rng = np.random.default_rng(7)
    base = np.datetime64("1980-01-01T00:00:00", "ms")
    utc = base + rng.integers(0, 120 * 365 * 86400_000, size=(4, 25)).astype("timedelta64[ms]")
    jd = utc_to_tdb_jd(utc)
    assert jd.shape == (4, 25)
    back = tdb_jd_to_utc(jd)
    assert back.shape == (4, 25)
    # float64 Julian dates resolve ~40 microseconds in this era
    assert np.abs((back - utc).astype(np.int64)).max() <= 1


def test_scalar_in_scalar_out_and_inputs_agree():
    jd = utc_to_tdb_jd("2026-11-05T06:00:00")
    assert isinstance(jd, float)
    assert utc_to_tdb_jd(dt.datetime(2026, 11, 5, 6)) == jd
    assert utc_to_tdb_jd(np.datetime64("2026-11-05T06:00")) == jd
    assert utc_to_tdb_jd(dt.date(2026, 11, 5)) == utc_to_tdb_jd("2026-11-05")
    assert tdb_jd_to_iso(jd) == "2026-11-05T06:00:00"
    assert utc_to_tdb_s("2026-11-05T06:00:00") == pytest.approx((jd - J2000_JD) * 86400.0, abs=1e-4)


def test_future_dates_raise_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        utc_to_tdb_jd(["2040-01-01", "2100-06-30"])
        tdb_jd_to_iso(utc_to_tdb_jd("2100-06-30"))


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "2026-02-30", "2026/01/01"])
def test_bad_dates_raise(bad):
    with pytest.raises(TimeScaleError):
        utc_to_tdb_jd(bad)
