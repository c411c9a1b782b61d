"""Free returns (issue 25): Inspiration Mars's 2018 trajectory found again on DE440."""

import pytest

from marsplan.astro.time import tdb_jd_to_iso, utc_to_tdb_jd
from marsplan.errors import InputError
from marsplan.trajectory.freereturn import earth_entry_speed_km_s, free_return


def test_inspiration_mars_2018():
    # Tito et al., "Feasibility analysis for a manned Mars free-return mission in 2018", IEEE Aerospace Conference
    # 2013, Tables III-IV: launch 2018-01-05 at C3 38.835 km^2/s^2, Mars flyby 2018-08-20, Earth 2019-05-21,
    # 501 days, Earth v-infinity 8.837 km/s, 14.18 km/s at perigee
    window = (float(utc_to_tdb_jd("2017-11-01")), float(utc_to_tdb_jd("2018-03-01")))
    fr = free_return("EME", window, seed=0)
    assert fr.ballistic and fr.flyby_dv_km_s < 1e-3
    launch = float(utc_to_tdb_jd("2018-01-05"))
    assert abs(fr.launch_tdb_jd - launch) < 3.0
    assert fr.duration_days == pytest.approx(501.0, abs=5.0)
    assert fr.c3_km2_s2 == pytest.approx(38.835, rel=0.02)
    body, when, altitude = fr.flybys[0]
    assert body == "mars" and str(tdb_jd_to_iso(when))[:10] in ("2018-08-19", "2018-08-20", "2018-08-21")
    assert altitude >= 200.0 - 1e-6  # marsplan's lowest Mars flyby (Tito et al. flew lower, about 100 km)
    assert fr.vinf_return_km_s == pytest.approx(8.837, abs=0.15)
    assert fr.entry_speed_km_s == pytest.approx(14.18, abs=0.15)


def test_entry_speed_is_vis_viva_at_the_entry_interface():
    # from a parabola (v_inf = 0) the escape speed at 122 km above a 6378 km Earth: sqrt(2 x 398,600 / 6,500) km/s
    assert earth_entry_speed_km_s(0.0) == pytest.approx((2 * 398_600.4 / 6_500.1) ** 0.5, rel=1e-5)
    # and v^2 = v_inf^2 + v_esc^2
    assert earth_entry_speed_km_s(8.837) ** 2 == pytest.approx(8.837**2 + earth_entry_speed_km_s(0.0) ** 2)


def test_bad_free_return_requests():
    with pytest.raises(InputError, match="family"):
        free_return("EJE", (2_460_000.5, 2_460_100.5))
    with pytest.raises(InputError, match="launch window"):
        free_return("EME", (2_460_000.5, 2_470_000.5))


def test_the_window_survey_weighs_a_venus_flyby_against_the_direct_transfer():
    """2026's window: the Earth-Venus-Mars route costs more than the direct transfer (v-infinity at both ends and
    the flyby's burn), so the table shows none; the JSON carries both totals."""
    import json

    from click.testing import CliRunner

    from marsplan.cli import app

    result = CliRunner().invoke(app, ["windows", "--from", "2026-06-01", "--to", "2027-06-01", "--venus",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    (op,) = json.loads(result.stdout)
    alt = op["venus_flyby"]
    assert alt["beats_direct"] is False and alt["venus_total_km_s"] > alt["direct_total_km_s"]
    # the direct optimum's v-infinities are the survey's (type II minimum: C3 9.18, 2.72 km/s at Mars, 5.75 km/s
    # together), less what a free arrival date saves
    assert alt["direct_total_km_s"] <= 9.18**0.5 + 2.72 + 1e-3
    bad = CliRunner().invoke(app, ["windows", "--origin", "mars", "--target", "earth", "--from", "2026-06-01",
                                   "--to", "2027-06-01", "--venus"])
    assert bad.exit_code == 2 and "--venus" in bad.stderr
