"""DE440 states against an independent ephemeris, physical bounds and the file itself."""

import erfa
import numpy as np
import pytest

import marsplan
from marsplan.astro import ephemeris
from marsplan.astro.bodies import BODIES, mu_km3_s2, radius_km
from marsplan.astro.time import utc_to_tdb_jd
from marsplan.errors import EphemerisError, EphemerisRangeError, InputError, MarsplanError

AU_KM = 149_597_870.7
ARCSEC = np.pi / 180 / 3600


@pytest.fixture(scope="module")
def epochs():
    return np.linspace(utc_to_tdb_jd("1950-01-01"), utc_to_tdb_jd("2050-01-01"), 3000)


def test_earth_against_erfa_epv00(epochs):
    # ERFA epv00 (Bretagnon & Francou VSOP2000-based fit) is accurate to a few km
    # in heliocentric Earth position and ~1e-6 km/s in velocity over 1900-2100.
    pv, _ = erfa.epv00(epochs, 0.0)
    r, v = ephemeris.state("earth", epochs)
    assert np.abs(r - pv["p"] * AU_KM).max() < 15.0
    assert np.abs(v - pv["v"] * AU_KM / 86400.0).max() < 1e-5


@pytest.mark.parametrize(("body", "number", "max_arcsec"), [("venus", 2, 10), ("mars", 4, 30), ("jupiter", 5, 60)])
def test_planets_against_erfa_plan94(epochs, body, number, max_arcsec):
    # ERFA plan94 (Simon et al. 1994, A&A 282, 663) errs by tens of arcsec at most
    # for these planets over 1800-2050 (its documented accuracy table).
    r, _ = ephemeris.state(body, epochs)
    rp = erfa.plan94(epochs, 0.0, number)["p"] * AU_KM
    cos = np.sum(r * rp, -1) / np.linalg.norm(r, axis=-1) / np.linalg.norm(rp, axis=-1)
    assert np.arccos(np.clip(cos, -1, 1)).max() < max_arcsec * ARCSEC
    assert np.abs(np.linalg.norm(r, axis=-1) / np.linalg.norm(rp, axis=-1) - 1).max() < 1e-4


def test_earth_sun_distance_bounds():
    # Earth's orbit: a = 1.000001 au, e = 0.0167 give perihelion 0.98329 au and
    # aphelion 1.01671 au; the Moon moves Earth by at most 4,700 km (3e-5 au).
    jd = np.arange(utc_to_tdb_jd("2000-01-01"), utc_to_tdb_jd("2050-01-01"), 0.25)
    d = np.linalg.norm(ephemeris.state("earth", jd).r_km, axis=-1) / AU_KM
    assert d.min() > 0.9832 and d.max() < 1.0168
    years = d[: (d.size // 1461) * 1461].reshape(-1, 1461)
    assert np.all(years.min(axis=1) < 0.9835) and np.all(years.max(axis=1) > 1.0165)


@pytest.mark.parametrize("body", BODIES[1:])
def test_velocity_is_derivative_of_position(body):
    jd = np.array([2451545.5, 2461349.5, 2470000.5])
    h = 1.0 / 1024.0  # exactly representable step, in days
    r_plus, _ = ephemeris.state(body, jd + h)
    r_minus, _ = ephemeris.state(body, jd - h)
    _, v = ephemeris.state(body, jd)
    numeric = (r_plus - r_minus) / (2 * h * 86400.0)
    assert np.abs(numeric - v).max() < 1e-7 * np.abs(v).max() + 1e-9


def test_matches_jplephem_reading_the_same_file():
    from jplephem.spk import SPK

    jd = np.linspace(2440000.5, 2480000.5, 101)
    with SPK.open(str(ephemeris.default_ephemeris_path())) as kernel:
        sun, sun_rate = kernel[0, 10].compute_and_differentiate(jd)
        emb, emb_rate = kernel[0, 3].compute_and_differentiate(jd)
        earth, earth_rate = kernel[3, 399].compute_and_differentiate(jd)
    r, v = ephemeris.state("earth", jd)
    assert np.abs(r - (emb + earth - sun).T).max() < 1e-6
    assert np.abs(v - (emb_rate + earth_rate - sun_rate).T / 86400.0).max() < 1e-12


def test_moon_is_the_moon_not_the_barycentre():
    jd = utc_to_tdb_jd("2026-11-05")
    r_earth, _ = ephemeris.state("earth", jd)
    r_moon, _ = ephemeris.state("moon", jd)
    distance = np.linalg.norm(r_moon - r_earth)
    assert 356_000 < distance < 407_000  # lunar perigee and apogee extremes (km)


def test_shapes_and_provenance():
    jd = np.full((2, 3), 2461349.5)
    st = marsplan.state("mars", jd)
    r, v = st
    assert r.shape == v.shape == (2, 3, 3)
    assert (st.body, st.center, st.frame, st.ephemeris) == ("mars", "sun", "ICRF", "DE440")
    scalar = marsplan.state("Mars", 2461349.5)
    assert scalar.r_km.shape == (3,)
    assert np.array_equal(scalar.r_km, r[0, 0])


def test_sun_is_at_the_origin():
    r, v = ephemeris.state("sun", [2451545.0, 2461000.0])
    assert np.all(r == 0) and np.all(v == 0)


def test_range_error_just_outside_coverage():
    eph = ephemeris.load()
    inside = [eph.start_jd + 1e-6, eph.end_jd - 1e-6]
    ephemeris.state("mars", inside)
    for outside in (eph.start_jd - 0.5, eph.end_jd + 0.5):
        with pytest.raises(EphemerisRangeError, match=r"1549-12-31 to 2650-01-25") as info:
            ephemeris.state("mars", [2461000.0, outside])
        assert isinstance(info.value, MarsplanError)


def test_nan_epochs_give_nan_states():
    r, v = ephemeris.state("mars", [np.nan, 2461000.0])
    assert np.isnan(r[0]).all() and np.isfinite(r[1]).all()


def test_unknown_body_and_missing_file(monkeypatch, tmp_path):
    with pytest.raises(InputError, match="unknown body 'pluto'"):
        ephemeris.state("pluto", 2461000.0)
    with pytest.raises(EphemerisError, match="not found"):
        ephemeris.state("mars", 2461000.0, ephemeris=tmp_path / "nope.bsp")
    bogus = tmp_path / "bogus.bsp"
    bogus.write_bytes(b"not an spk file" * 100)
    with pytest.raises(EphemerisError, match="cannot read"):
        ephemeris.load(bogus)
    monkeypatch.setenv("MARSPLAN_EPHEMERIS", str(tmp_path / "other.bsp"))
    assert ephemeris.default_ephemeris_path() == tmp_path / "other.bsp"


def test_constants_are_the_cited_values():
    # GM from DE440 (Park et al. 2021); radii from IAU WGCCRE 2015 (Archinal et al. 2018)
    assert mu_km3_s2("sun") == pytest.approx(1.32712440041279419e11, rel=1e-15)
    assert mu_km3_s2("earth") == pytest.approx(398600.435507, rel=1e-12)
    assert mu_km3_s2("mars") == pytest.approx(42828.375816, rel=1e-12)
    assert radius_km("mars") == 3396.19 and radius_km("moon") == 1737.4
    # their ratio is DE440's Earth/Moon mass ratio EMRAT = 81.3005682214972 (Park et al. 2021)
    assert mu_km3_s2("earth") / mu_km3_s2("moon") == pytest.approx(81.3005682214972, rel=1e-9)
