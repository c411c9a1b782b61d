"""Astrodynamics layer: time scales, bodies, ephemerides, Kepler and Lambert."""
