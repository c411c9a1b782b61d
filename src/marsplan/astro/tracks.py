"""Sampled heliocentric tracks of bodies, for figures and summaries.

The Earth passes perihelion on 2026-01-03 at 17:16 UT and aphelion on
2026-07-06 at 17:31 UT (US Naval Observatory, Earth's Seasons and Apsides),
0.9833 and 1.0166 au from the Sun; the daily samples nearest show both:

>>> import numpy as np
>>> from marsplan.astro.time import utc_to_tdb_jd
>>> from marsplan.astro.tracks import orbit_tracks
>>> ds = orbit_tracks(["earth"], utc_to_tdb_jd("2026-01-01"), utc_to_tdb_jd("2027-01-01"), step_days=1.0)
>>> au = np.linalg.norm(ds.r_ecl_km.sel(body="earth"), axis=-1) / 149_597_870.7
>>> round(float(au.min()), 4), str(ds.time.values[au.argmin()])[:10]
(0.9833, '2026-01-04')
>>> round(float(au.max()), 4), str(ds.time.values[au.argmax()])[:10]
(1.0166, '2026-07-07')
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from marsplan.astro import ephemeris as _ephemeris
from marsplan.astro.frames import icrf_to_ecliptic
from marsplan.astro.time import tdb_jd_to_utc

__all__ = ["orbit_tracks"]


def orbit_tracks(bodies, start_tdb_jd: float, end_tdb_jd: float, *, step_days: float = 2.0,
                 ephemeris=None) -> xr.Dataset:
    """Heliocentric ecliptic-J2000 positions of ``bodies`` from start to end.

    Returns a Dataset with ``r_ecl_km`` of dims (body, time, axis) and
    coordinates ``time`` (UTC datetime64) and ``tdb_jd``.
    """
    if not end_tdb_jd > start_tdb_jd:
        from marsplan.errors import InputError

        raise InputError(f"track end ({end_tdb_jd}) must be after its start ({start_tdb_jd})")
    n = int(np.ceil((end_tdb_jd - start_tdb_jd) / step_days)) + 1
    jd = np.linspace(start_tdb_jd, end_tdb_jd, n)
    eph = ephemeris if isinstance(ephemeris, _ephemeris.Ephemeris) else _ephemeris.load(ephemeris)
    r = np.stack([icrf_to_ecliptic(eph.state(b, jd).r_km) for b in bodies])
    return xr.Dataset(
        {"r_ecl_km": (("body", "time", "axis"), r)},
        coords={
            "body": list(bodies),
            "time": tdb_jd_to_utc(jd),
            "tdb_jd": ("time", jd),
            "axis": ["x", "y", "z"],
        },
        attrs={"frame": "ecliptic and equinox of J2000", "center": "sun", "ephemeris": eph.name},
    )
